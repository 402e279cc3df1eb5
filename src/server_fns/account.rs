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
