//! The signed-in user's own profile settings.

use leptos::prelude::*;

use super::client::AuthClient;
use crate::model::{AppError, User};

/// Saves email, bio and profile picture; an empty bio or image clears it. A new email needs
/// the current password (or a recent sign-in).
#[server(prefix = "/rpc", endpoint = "account/update", client = AuthClient)]
pub async fn update_account(
    email: String,
    bio: String,
    image: String,
    current_password: String,
) -> Result<User, AppError> {
    use crate::server::{accounts::AccountChanges, rpc::*};
    respond(async move {
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
            .update_account(&subject, changes, password)
            .await?
            .into())
    })
    .await
}
