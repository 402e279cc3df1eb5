//! The signed-in user's own profile settings.

use leptos::prelude::*;

use super::client::AuthClient;
use crate::model::{AppError, Device, User};

/// Saves email, bio and profile picture; an empty bio or image clears it. A new email needs
/// the current password (or a recent sign-in).
#[server(prefix = "/rpc", endpoint = "account/update", client = AuthClient)]
pub async fn update_account(
    email: String,
    bio: String,
    image: String,
    current_password: String,
) -> Result<User, AppError> {
    use crate::server::accounts::AccountChanges;
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let changes = AccountChanges {
        email: Some(email),
        bio: Some(Some(bio)),
        image: Some(Some(image)),
        ..Default::default()
    };
    let password = Some(current_password.as_str()).filter(|given| !given.is_empty());
    Ok(app_state()?
        .sessions
        .update_account(&subject, changes, password, &client()?)
        .await?
        .into())
}

/// The devices signed into the account, most recently used first.
#[server(prefix = "/rpc", endpoint = "account/devices", client = AuthClient)]
pub async fn my_devices() -> Result<Vec<Device>, AppError> {
    use crate::server::content::moment;
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let devices = app_state()?.sessions.devices(&subject).await?;
    Ok(devices
        .into_iter()
        .map(|device| {
            let (browser, system) = crate::server::auth::sessions::device_names(&device.user_agent);
            Device {
                id: device.id.0,
                browser,
                system,
                user_agent: device.user_agent,
                signed_in: moment(device.signed_in_at),
                last_used: moment(device.last_used_at),
                current: device.current,
                sign_in_method: device.sign_in_method,
            }
        })
        .collect())
}

/// Signs one device out (`id`), or every device but this one (`id` empty).
#[server(prefix = "/rpc", endpoint = "account/devices/end", client = AuthClient)]
pub async fn end_device_sessions(id: String) -> Result<(), AppError> {
    use crate::server::auth::SessionId;
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let sessions = app_state()?.sessions;
    if id.is_empty() {
        sessions.end_others(&subject).await?;
    } else {
        sessions.end(&subject, &SessionId(id)).await?;
    }
    Ok(())
}

/// Whether the signed-in account's address is verified, and whether the site sends email.
#[server(prefix = "/rpc", endpoint = "account/email", client = AuthClient)]
pub async fn email_status() -> Result<crate::model::EmailStatus, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let accounts = app_state()?.accounts;
    Ok(crate::model::EmailStatus {
        verified: accounts.email_verified(subject.user_id).await?,
        sending: accounts.sends_email(),
    })
}

/// Sends the signed-in account a new verification link.
#[server(prefix = "/rpc", endpoint = "account/email/verify", client = AuthClient)]
pub async fn send_verification() -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .accounts
        .send_verification_again(subject.user_id, caller_language())
        .await?)
}

/// Marks an address verified with the link emailed to it (signed in or not).
#[server(prefix = "/rpc", endpoint = "email/verify", client = AuthClient)]
pub async fn verify_email(token: String) -> Result<String, AppError> {
    use crate::server_fns::context::*;
    let account = app_state()?.accounts.verify_email(&token).await?;
    Ok(account.email)
}

/// Puts back the address an account had before a change, with the link emailed to it; every
/// session of the account ends.
#[server(prefix = "/rpc", endpoint = "email/undo", client = AuthClient)]
pub async fn undo_email_change(token: String) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    Ok(app_state()?
        .sessions
        .undo_email_change(&token, &client()?)
        .await?)
}

/// Which email notices the signed-in account gets.
#[server(prefix = "/rpc", endpoint = "account/notices", client = AuthClient)]
pub async fn my_notices() -> Result<crate::model::Notices, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let wanted = app_state()?
        .accounts
        .notice_preferences(subject.user_id)
        .await?;
    Ok(crate::model::Notices {
        comments: wanted.comments,
        held: wanted.held,
    })
}

/// Turns the signed-in account's email notices on or off.
#[server(prefix = "/rpc", endpoint = "account/notices/save", client = AuthClient)]
pub async fn save_notices(comments: bool, held: bool) -> Result<(), AppError> {
    use crate::server::accounts::NoticePreferences;
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .accounts
        .set_notice_preferences(subject.user_id, NoticePreferences { comments, held })
        .await?)
}
