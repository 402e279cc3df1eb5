//! The setup page's calls: whether a setup link still works, and claiming the site with it
//! (`accounts::owner` says why a site is claimed this way).

use leptos::prelude::*;

use super::client::AuthClient;
use crate::model::{AppError, SignedIn};

/// `Ok` when the setup link `token` would make the site's owner now; why not otherwise.
#[server(prefix = "/rpc", endpoint = "setup/check", client = AuthClient)]
pub async fn check_setup_link(token: String) -> Result<(), AppError> {
    use crate::server::error::DomainError;
    use crate::server_fns::context::*;
    app_state()?
        .accounts
        .setup_link_works(&token)
        .await?
        .map_err(|refusal| DomainError::SetupLink(refusal).into())
}

/// Creates the site's owner (an admin) with the setup link `token`, signed in at once.
#[server(prefix = "/rpc", endpoint = "setup/claim", client = AuthClient)]
pub async fn claim_site(
    token: String,
    username: String,
    email: String,
    password: String,
) -> Result<SignedIn, AppError> {
    use crate::server::accounts::NewAccount;
    use crate::server_fns::context::*;
    let new = NewAccount {
        username,
        email,
        password,
    };
    let signed_in = app_state()?
        .sessions
        .claim_site(&token, new, &client()?)
        .await?;
    signed_in_answer(signed_in)
}
