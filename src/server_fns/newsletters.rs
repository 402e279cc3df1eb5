//! Newsletters: subscribing with an address (confirmed by an emailed link) or from one's
//! account, confirming, unsubscribing by a message's link, and a post's figures for its
//! author (`server::newsletters`).

use leptos::prelude::*;

use super::client::AuthClient;
use crate::model::{AppError, NewsletterReport};

/// The author a form names; empty: the whole site.
#[cfg(feature = "ssr")]
fn author_named(author: String) -> Option<String> {
    Some(author).filter(|author| !author.trim().is_empty())
}

/// Subscribes `email` to the posts of `author` (empty: the whole site) once the address
/// confirms it by the link sent to it. The answer is the same whether it was subscribed.
#[server(prefix = "/rpc", endpoint = "newsletter/subscribe", client = AuthClient)]
pub async fn subscribe_by_email(email: String, author: String) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let state = app_state()?;
    let client = client()?;
    if state.newsletters.enabled() {
        state.sessions.count_email_request(&client).await?;
    }
    Ok(state
        .newsletters
        .subscribe_address(&email, author_named(author).as_deref(), client.language)
        .await?)
}

/// Whether the signed-in account is subscribed to `author`'s posts (empty: the site's).
#[server(prefix = "/rpc", endpoint = "newsletter/mine", client = AuthClient)]
pub async fn my_subscription(author: String) -> Result<bool, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .newsletters
        .account_subscribed(subject.user_id, author_named(author).as_deref())
        .await?)
}

/// Subscribes the signed-in account (at its verified address) to `author`'s posts (empty:
/// the site's), or unsubscribes it; whether it is subscribed now.
#[server(prefix = "/rpc", endpoint = "newsletter/mine/save", client = AuthClient)]
pub async fn save_my_subscription(author: String, subscribed: bool) -> Result<bool, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let newsletters = app_state()?.newsletters;
    let author = author_named(author);
    if subscribed {
        newsletters
            .subscribe_account(subject.user_id, author.as_deref(), client()?.language)
            .await?;
    } else {
        newsletters
            .unsubscribe_account(subject.user_id, author.as_deref())
            .await?;
    }
    Ok(subscribed)
}

/// Confirms the subscription a link's `token` was sent for; the list's name.
#[server(prefix = "/rpc", endpoint = "newsletter/confirm", client = AuthClient)]
pub async fn confirm_subscription(token: String) -> Result<String, AppError> {
    use crate::server_fns::context::*;
    Ok(app_state()?
        .newsletters
        .confirm(&token, caller_language())
        .await?
        .0)
}

/// The list an unsubscribe link's `token` leaves; `None` when it is on none any more.
#[server(prefix = "/rpc", endpoint = "newsletter/unsubscribe/check", client = AuthClient)]
pub async fn subscription_of_link(token: String) -> Result<Option<String>, AppError> {
    use crate::server_fns::context::*;
    Ok(app_state()?
        .newsletters
        .list_of_link(&token, caller_language())
        .await?
        .map(|list| list.0))
}

/// What the newsletter of the post at `slug` did, for whoever may change the post.
#[server(prefix = "/rpc", endpoint = "newsletter/report", client = AuthClient)]
pub async fn post_newsletter(slug: String) -> Result<Option<NewsletterReport>, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .newsletters
        .report(subject.user_id, &slug)
        .await?)
}
