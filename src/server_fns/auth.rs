//! Sign-up, sign-in, refresh, sign-out and the current account, as server functions. Each
//! calls the session service once; `rpc` delivers the tokens.

use leptos::prelude::*;

use super::client::AuthClient;
use crate::model::{AppError, SignInStep, SignedIn, User};

#[server(prefix = "/rpc", endpoint = "auth/register", client = AuthClient)]
pub async fn register(
    username: String,
    email: String,
    password: String,
    /// An invitation's token, which signs up whatever the registration mode.
    #[server(default)]
    invitation: Option<String>,
) -> Result<SignedIn, AppError> {
    use crate::server::accounts::NewAccount;
    use crate::server_fns::context::*;
    let new = NewAccount {
        username,
        email,
        password,
    };
    let sessions = app_state()?.sessions;
    let signed_in = match invitation.filter(|token| !token.trim().is_empty()) {
        Some(token) => sessions.sign_up_invited(&token, new, &client()?).await?,
        None => sessions.sign_up(new, &client()?).await?,
    };
    signed_in_answer(signed_in)
}

/// `login` is a username or an email address. An account with a second factor answers with
/// a challenge and no token; [`login_second_factor`] completes it.
#[server(prefix = "/rpc", endpoint = "auth/login", client = AuthClient)]
pub async fn login(login: String, password: String) -> Result<SignInStep, AppError> {
    use crate::server_fns::context::*;
    let sessions = app_state()?.sessions;
    let step = sessions.sign_in(&login, &password, &client()?).await?;
    sign_in_step_answer(step)
}

/// The second step of a sign-in: the challenge, and the authenticator app's code or a
/// recovery code.
#[server(prefix = "/rpc", endpoint = "auth/login/second-factor", client = AuthClient)]
pub async fn login_second_factor(challenge: String, code: String) -> Result<SignedIn, AppError> {
    use crate::server_fns::context::*;
    let sessions = app_state()?.sessions;
    let signed_in = sessions
        .complete_sign_in(&challenge, &code, &client()?)
        .await?;
    signed_in_answer(signed_in)
}

/// Exchanges the refresh cookie for a new access token (in `X-Access-Token`), without
/// waiting for a request to find the old one expired. The browser app calls it on its first
/// page load when it holds no access token but a session cookie says it could.
#[server(prefix = "/rpc", endpoint = "auth/refresh", client = AuthClient)]
pub async fn refresh() -> Result<User, AppError> {
    use crate::server::http::renewal::{Renewal, renew};
    use crate::server_fns::context::*;
    let state = app_state()?;
    let delivery = delivery()?;
    let offered = delivery
        .offered(&request_headers()?)
        .ok_or(AppError::SignInRequired)?;
    // A session that ended is a 401, whose answer deletes the cookie.
    let Renewal::Renewed { tokens, delivery } =
        renew(&state.sessions, delivery, &offered, None).await?
    else {
        return Err(AppError::SignInRequired);
    };
    write_headers(|headers| delivery.deliver(&tokens, headers))?;
    Ok(state.sessions.account(&tokens.subject).await?.into())
}

/// Ends the session: its refresh token stops working and the cookie is deleted.
#[server(prefix = "/rpc", endpoint = "auth/logout", client = AuthClient)]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::http::renewal::sign_out;
    use crate::server_fns::context::*;
    let delivery = delivery()?;
    let offered = delivery.offered(&request_headers()?);
    let subject = signed_in().await.ok();
    let mut headers = axum::http::HeaderMap::new();
    let sessions = app_state()?.sessions;
    sign_out(
        &sessions,
        delivery,
        offered.as_ref(),
        subject.as_ref(),
        &mut headers,
    )
    .await?;
    write_headers(|response| response.extend(headers))
}

#[server(prefix = "/rpc", endpoint = "auth/me", client = AuthClient)]
pub async fn current_user() -> Result<User, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?.sessions.account(&subject).await?.into())
}

/// Changes the password and signs out every other session of the account.
#[server(prefix = "/rpc", endpoint = "auth/password", client = AuthClient)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .sessions
        .change_password(&subject, &current_password, new_password, &client()?)
        .await?)
}
