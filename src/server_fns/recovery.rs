//! A forgotten password: the "forgot password" form's request for a link, and the reset
//! page's check of the link and its new password (`auth::sessions::recovery`).

use leptos::prelude::*;

use super::client::AuthClient;
use crate::model::{AppError, SignInStep};

/// Emails a reset link to `email` if an account has it. The answer is the same either way;
/// a site that sends no email says so instead.
#[server(prefix = "/rpc", endpoint = "auth/forgot", client = AuthClient)]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::server::{accounts::ResetMail, error::DomainError};
    use crate::server_fns::context::*;
    let state = app_state()?;
    if !state.outbox.enabled() {
        return Err(DomainError::invalid(
            "email",
            "cannot be sent a link: this site sends no email; ask its owner to reset your password",
        )
        .into());
    }
    let mail = ResetMail {
        public_url: state.settings.server.public_url(),
        locale: caller_language(),
        per_account: state.settings.throttle.reset_emails_per_account,
    };
    Ok(state
        .sessions
        .request_password_reset(&email, &client()?, mail)
        .await?)
}

/// `Ok` when the reset link `token` would set a password now.
#[server(prefix = "/rpc", endpoint = "auth/reset/check", client = AuthClient)]
pub async fn check_reset_link(token: String) -> Result<bool, AppError> {
    use crate::server_fns::context::*;
    Ok(app_state()?.accounts.reset_link_works(&token).await?)
}

/// Sets a new password with the reset link `token` and signs in; every other session of the
/// account ends. An account with a second factor answers with a challenge for its code.
#[server(prefix = "/rpc", endpoint = "auth/reset", client = AuthClient)]
pub async fn reset_password(token: String, new_password: String) -> Result<SignInStep, AppError> {
    use crate::server_fns::context::*;
    let step = app_state()?
        .sessions
        .reset_password(&token, new_password, &client()?)
        .await?;
    sign_in_step_answer(step)
}
