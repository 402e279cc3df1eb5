//! The signed-in user's own profile settings.

use leptos::prelude::*;

use super::client::AuthClient;
use crate::model::{AppError, User};

/// Saves email, bio and profile picture; an empty bio or image clears it.
#[server(prefix = "/rpc", endpoint = "account/update", client = AuthClient)]
pub async fn update_account(email: String, bio: String, image: String) -> Result<User, AppError> {
    use crate::server::{rpc::*, users};
    respond(async move {
        let subject = signed_in()?;
        let state = app_state()?;
        let changes = users::AccountChanges {
            email: Some(email),
            bio: Some(Some(bio)),
            image: Some(Some(image)),
            ..Default::default()
        };
        Ok(users::update_account(&state.db, subject.user_id, changes)
            .await?
            .into())
    })
    .await
}
