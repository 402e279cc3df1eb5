//! The signed-in account's second factors: an authenticator app set up, confirmed and turned
//! off, and recovery codes renewed. Changes need the current password or a recent sign-in.

use leptos::prelude::*;

use super::client::AuthClient;
use crate::model::{AppError, SecondFactorSettings, TotpSetup};

/// Whether an app is on, and how many recovery codes are left.
#[server(prefix = "/rpc", endpoint = "account/second-factor", client = AuthClient)]
pub async fn my_second_factor() -> Result<SecondFactorSettings, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let status = app_state()?.sessions.second_factor_status(&subject).await?;
    Ok(SecondFactorSettings {
        totp: status.totp,
        recovery_codes_left: status.recovery_codes_left,
    })
}

/// A new secret for an authenticator app, named after the site; it counts once
/// [`confirm_totp`] gets a code from the app.
#[server(prefix = "/rpc", endpoint = "account/second-factor/totp", client = AuthClient)]
pub async fn begin_totp(
    #[server(default)] current_password: String,
) -> Result<TotpSetup, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let state = app_state()?;
    let issuer = state.site.now().info.title.clone();
    let enrolment = state
        .sessions
        .begin_totp(&subject, given(&current_password), &client()?, &issuer)
        .await?;
    Ok(TotpSetup {
        secret: enrolment.secret,
        uri: enrolment.uri,
        qr_code: enrolment.qr_code,
    })
}

/// Turns the app on with a first code from it; the answer is the recovery codes, shown once.
#[server(prefix = "/rpc", endpoint = "account/second-factor/totp/confirm", client = AuthClient)]
pub async fn confirm_totp(code: String) -> Result<Vec<String>, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?.sessions.confirm_totp(&subject, &code).await?)
}

/// New recovery codes; the old ones stop working.
#[server(prefix = "/rpc", endpoint = "account/second-factor/recovery-codes", client = AuthClient)]
pub async fn new_recovery_codes(
    #[server(default)] current_password: String,
) -> Result<Vec<String>, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .sessions
        .new_recovery_codes(&subject, given(&current_password), &client()?)
        .await?)
}

/// Turns the second factor off: the password alone signs in again.
#[server(prefix = "/rpc", endpoint = "account/second-factor/off", client = AuthClient)]
pub async fn turn_off_second_factor(
    #[server(default)] current_password: String,
) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .sessions
        .turn_off_second_factor(&subject, given(&current_password), &client()?)
        .await?)
}

/// A password field left empty is no password.
#[cfg(feature = "ssr")]
fn given(password: &str) -> Option<&str> {
    Some(password).filter(|password| !password.is_empty())
}
