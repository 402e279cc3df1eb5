//! `/api/articles/{slug}/comments…`, through `content::comments`. As everywhere in the
//! API, a draft does not exist: its comments are 404 too.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{
    error::ApiError,
    input::{ApiJson, ApiQuery, Caller, ContractBody, MaybeCaller, Paging, required},
};
use crate::{
    model::{self, Profile},
    server::{
        content::{Comments, Posts, comments::COMMENTS_PER_PAGE},
        error::Resource,
    },
};

#[derive(Deserialize)]
pub struct CommentEnvelope {
    comment: NewComment,
}

impl ContractBody for CommentEnvelope {
    const FIELDS: &'static [&'static str] = &["comment", "body"];
}

#[derive(Deserialize)]
pub struct NewComment {
    body: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Comment {
    id: i64,
    created_at: String,
    updated_at: String,
    body: String,
    author: Profile,
    /// Why it waits for a moderator (seen by its writer and moderators); absent: it shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    held: Option<model::HoldReason>,
}

impl From<model::Comment> for Comment {
    fn from(comment: model::Comment) -> Self {
        Self {
            id: comment.id,
            created_at: comment.created.iso,
            updated_at: comment.updated.iso,
            body: comment.body,
            author: comment.author,
            held: comment.held,
        }
    }
}

/// Oldest first, at most 100 (`limit`, `offset` page further; not in the RealWorld spec).
pub async fn list(
    State(posts): State<Posts>,
    State(comments): State<Comments>,
    viewer: MaybeCaller,
    Path(slug): Path<String>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Value>, ApiError> {
    let page = paging.page_or(COMMENTS_PER_PAGE)?;
    posts.find_published(&slug, viewer.user).await?;
    let comments: Vec<Comment> = comments
        .list(&slug, viewer.user, page)
        .await?
        .comments
        .into_iter()
        .map(Comment::from)
        .collect();
    Ok(Json(json!({ "comments": comments })))
}

pub async fn add(
    State(posts): State<Posts>,
    State(comments): State<Comments>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(CommentEnvelope { comment }): ApiJson<CommentEnvelope>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = required("body", comment.body)?;
    posts.find_published(&slug, Some(caller.id())).await?;
    let comment = comments.add(caller.id(), &slug, &body).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "comment": Comment::from(comment) })),
    ))
}

pub async fn delete(
    State(posts): State<Posts>,
    State(comments): State<Comments>,
    caller: Caller,
    Path((slug, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    // An id that is not a number names no comment.
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::NotFound(Resource::Comment))?;
    posts.find_published(&slug, Some(caller.id())).await?;
    comments.delete(caller.id(), &slug, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
