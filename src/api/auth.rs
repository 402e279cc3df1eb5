//! Sign-up, sign-in, refresh, sign-out and the current account, as server functions.

use leptos::prelude::*;

use super::client::AuthClient;
use crate::model::{AppError, SignedIn, User};

#[server(prefix = "/rpc", endpoint = "auth/register", client = AuthClient)]
pub async fn register(
    username: String,
    email: String,
    password: String,
) -> Result<SignedIn, AppError> {
    use crate::server::{rpc::*, users};
    respond(async move {
        let state = app_state()?;
        let new = users::NewUser {
            username,
            email,
            password,
        };
        let user = users::sign_up(&state.db, state.settings.site.registration, new).await?;
        start_session(&state, user).await
    })
    .await
}

/// `login` is a username or an email address.
#[server(prefix = "/rpc", endpoint = "auth/login", client = AuthClient)]
pub async fn login(login: String, password: String) -> Result<SignedIn, AppError> {
    use crate::server::{rpc::*, users};
    respond(async move {
        let state = app_state()?;
        let user = users::authenticate(&state.db, &login, &password).await?;
        start_session(&state, user).await
    })
    .await
}

/// Exchanges the refresh cookie for a new access token (in `X-Access-Token`), without
/// waiting for a request to find the old one expired.
#[server(prefix = "/rpc", endpoint = "auth/refresh", client = AuthClient)]
pub async fn refresh() -> Result<User, AppError> {
    use crate::server::{auth::credentials::offered_refresh_token, rpc::*, users};
    respond(async move {
        require_same_origin()?;
        let state = app_state()?;
        let presented =
            offered_refresh_token(&request_headers()?).ok_or(AppError::SignInRequired)?;
        let renewal = state.auth.sessions.refresh(&presented).await?;
        hand_out(&state, &renewal)?;
        Ok(users::find(&state.db, renewal.user_id).await?.into())
    })
    .await
}

/// Ends the session: its refresh token stops working and the cookie is deleted.
#[server(prefix = "/rpc", endpoint = "auth/logout", client = AuthClient)]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::{auth::credentials::offered_refresh_token, rpc::*};
    respond(async move {
        require_same_origin()?;
        let state = app_state()?;
        let sessions = &state.auth.sessions;
        if let Some(presented) = offered_refresh_token(&request_headers()?)
            && let Some(session) = sessions.session_of(&presented).await?
        {
            sessions.revoke(&session).await?;
        }
        if let Ok(subject) = signed_in() {
            sessions.revoke(&subject.session_id).await?;
        }
        clear_refresh_cookie()
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "auth/me", client = AuthClient)]
pub async fn current_user() -> Result<User, AppError> {
    use crate::server::{rpc::*, users};
    respond(async move {
        let subject = signed_in()?;
        let state = app_state()?;
        Ok(users::find(&state.db, subject.user_id).await?.into())
    })
    .await
}

/// Changes the password and signs out every other session of the account.
#[server(prefix = "/rpc", endpoint = "auth/password", client = AuthClient)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::server::{rpc::*, users};
    respond(async move {
        let subject = signed_in()?;
        let state = app_state()?;
        users::change_password(&state.db, subject.user_id, &current_password, new_password).await?;
        state
            .auth
            .sessions
            .revoke_others(subject.user_id, &subject.session_id)
            .await?;
        Ok(())
    })
    .await
}
