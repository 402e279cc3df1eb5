//! The moderation page's calls, and the waiting comments under a post as their writer and
//! moderators see them. The domain decides who moderates what.

use leptos::{prelude::*, server_fn::codec::Json};

use super::client::AuthClient;
use crate::model::{AppError, BannedAccount, Comment, ModerationQueue, QueueKind, Verdict};

/// A page of the comments waiting (or marked spam) that the caller moderates, oldest first.
#[server(prefix = "/rpc", endpoint = "moderation/queue", client = AuthClient, input = Json)]
pub async fn comment_queue(kind: QueueKind, page: i64) -> Result<ModerationQueue, AppError> {
    use crate::server::content::{Page, comments::COMMENTS_PER_PAGE};
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let page = Page::numbered(page, COMMENTS_PER_PAGE);
    Ok(app_state()?
        .comments
        .queue(subject.user_id, kind, page)
        .await?)
}

/// How many comments wait for the caller: the header's badge.
#[server(prefix = "/rpc", endpoint = "moderation/waiting", client = AuthClient, input = Json)]
pub async fn waiting_comments() -> Result<i64, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?.comments.waiting_count(subject.user_id).await?)
}

/// Approves, rejects or marks spam a comment; or marks it spam and bans its writer.
#[server(prefix = "/rpc", endpoint = "moderation/decide", client = AuthClient, input = Json)]
pub async fn decide_comment(id: i64, verdict: Verdict) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let requester = requester().await?;
    Ok(app_state()?.comments.decide(requester, id, verdict).await?)
}

/// The banned accounts, the latest first: editors and admins.
#[server(prefix = "/rpc", endpoint = "moderation/banned", client = AuthClient, input = Json)]
pub async fn banned_accounts() -> Result<Vec<BannedAccount>, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?.comments.banned(subject.user_id).await?)
}

/// Lets a banned account write again: editors and admins.
#[server(prefix = "/rpc", endpoint = "moderation/lift-ban", client = AuthClient, input = Json)]
pub async fn lift_ban(username: String) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let requester = requester().await?;
    Ok(app_state()?.comments.lift_ban(requester, &username).await?)
}

/// The waiting comments under a post that the caller wrote or moderates.
#[server(prefix = "/rpc", endpoint = "comments/held", client = AuthClient, input = Json)]
pub async fn held_comments(slug: String) -> Result<Vec<Comment>, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?.comments.held(&slug, subject.user_id).await?)
}

/// Closes a post's comments, or opens them again: its author and moderators.
#[server(prefix = "/rpc", endpoint = "comments/closed", client = AuthClient, input = Json)]
pub async fn close_comments(slug: String, closed: bool) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .comments
        .set_closed(subject.user_id, &slug, closed)
        .await?)
}
