//! Sign-up, sign-in, refresh, sign-out and the current account, as server functions. Each
//! calls the session service once; `rpc` delivers the tokens.

use leptos::prelude::*;

use super::client::AuthClient;
use crate::model::{AppError, SignedIn, User};

#[server(prefix = "/rpc", endpoint = "auth/register", client = AuthClient)]
pub async fn register(
    username: String,
    email: String,
    password: String,
) -> Result<SignedIn, AppError> {
    use crate::server::accounts::NewAccount;
    use crate::server_fns::context::*;
    respond(async move {
        let new = NewAccount {
            username,
            email,
            password,
        };
        let signed_in = app_state()?.sessions.sign_up(new, &client()?).await?;
        signed_in_answer(signed_in)
    })
    .await
}

/// `login` is a username or an email address.
#[server(prefix = "/rpc", endpoint = "auth/login", client = AuthClient)]
pub async fn login(login: String, password: String) -> Result<SignedIn, AppError> {
    use crate::server_fns::context::*;
    respond(async move {
        let sessions = app_state()?.sessions;
        let signed_in = sessions.sign_in(&login, &password, &client()?).await?;
        signed_in_answer(signed_in)
    })
    .await
}

/// Exchanges the refresh cookie for a new access token (in `X-Access-Token`), without
/// waiting for a request to find the old one expired. The browser app calls it on its first
/// page load when it holds no access token but a session cookie says it could.
#[server(prefix = "/rpc", endpoint = "auth/refresh", client = AuthClient)]
pub async fn refresh() -> Result<User, AppError> {
    use crate::server_fns::context::*;
    respond(async move {
        let state = app_state()?;
        let delivery = delivery()?;
        let offered = delivery
            .offered(&request_headers()?)
            .ok_or(AppError::SignInRequired)?;
        let tokens = state.sessions.refresh(&offered.token, None).await?;
        deliver_by(delivery.for_renewal(&offered), &tokens)?;
        Ok(state.sessions.account(&tokens.subject).await?.into())
    })
    .await
}

/// Ends the session: its refresh token stops working and the cookie is deleted.
#[server(prefix = "/rpc", endpoint = "auth/logout", client = AuthClient)]
pub async fn logout() -> Result<(), AppError> {
    use crate::server_fns::context::*;
    respond(async move {
        let presented = delivery()?.offered_refresh_token(&request_headers()?);
        let subject = signed_in().await.ok();
        app_state()?
            .sessions
            .sign_out(presented.as_ref(), subject.as_ref())
            .await?;
        forget_refresh_cookie()
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "auth/me", client = AuthClient)]
pub async fn current_user() -> Result<User, AppError> {
    use crate::server_fns::context::*;
    respond(async move {
        let subject = signed_in().await?;
        Ok(app_state()?.sessions.account(&subject).await?.into())
    })
    .await
}

/// Changes the password and signs out every other session of the account.
#[server(prefix = "/rpc", endpoint = "auth/password", client = AuthClient)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    respond(async move {
        let subject = signed_in().await?;
        Ok(app_state()?
            .sessions
            .change_password(&subject, &current_password, new_password)
            .await?)
    })
    .await
}
