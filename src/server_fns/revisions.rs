//! A post's history for the editor: its revisions, the difference between two, restoring one,
//! and keeping unsaved typing as an autosave. The domain (`content::revisions`) decides who may.

use leptos::{prelude::*, server_fn::codec::Json};

use super::client::AuthClient;
use crate::model::{AppError, Post, PostDraft, RevisionDiff, RevisionPage, RevisionSummary};

/// A page (from 1) of the post's revisions, newest first.
#[server(prefix = "/rpc", endpoint = "revisions/list", client = AuthClient, input = Json)]
pub async fn post_revisions(slug: String, page: i64) -> Result<RevisionPage, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .revisions
        .history(subject.user_id, &slug, page)
        .await?)
}

/// How two revisions of the post differ, the older first.
#[server(prefix = "/rpc", endpoint = "revisions/diff", client = AuthClient, input = Json)]
pub async fn compare_revisions(slug: String, from: i64, to: i64) -> Result<RevisionDiff, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .revisions
        .diff(subject.user_id, &slug, from, to)
        .await?)
}

/// Makes a revision the post's text again, as a new revision.
#[server(prefix = "/rpc", endpoint = "revisions/restore", client = AuthClient, input = Json)]
pub async fn restore_revision(slug: String, id: i64) -> Result<Post, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .revisions
        .restore(subject.user_id, &slug, id)
        .await?)
}

/// Keeps the editor's unsaved typing as an autosave revision; the post does not change.
#[server(prefix = "/rpc", endpoint = "revisions/autosave", client = AuthClient, input = Json)]
pub async fn autosave_post(
    slug: String,
    draft: PostDraft,
) -> Result<Option<RevisionSummary>, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .revisions
        .autosave(subject.user_id, &slug, draft)
        .await?)
}
