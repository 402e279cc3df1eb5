//! `/api/articles…` and `/api/tags`, through `content::posts`. The API knows no drafts:
//! what it creates is published, and drafts made in the editor do not exist here.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{
    error::ApiError,
    extract::{ApiJson, ApiQuery, AuthUser, MaybeUser, Paging, present, required},
};
use crate::{
    model::{Post, PostDraft, PostPage, PostStatus, PostSummary, Profile},
    server::{
        content::posts::{self, ListFilter, PostChanges},
        state::AppState,
    },
};

#[derive(Deserialize)]
pub struct ArticleEnvelope<T> {
    article: T,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewArticle {
    title: Option<String>,
    description: Option<String>,
    body: Option<String>,
    tag_list: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateArticle {
    title: Option<String>,
    description: Option<String>,
    body: Option<String>,
    #[serde(default, deserialize_with = "present")]
    tag_list: Option<Option<Vec<String>>>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    tag: Option<String>,
    author: Option<String>,
    favorited: Option<String>,
    #[serde(flatten)]
    paging: Paging,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Article {
    slug: String,
    title: String,
    description: String,
    /// Absent in lists, as the spec has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    tag_list: Vec<String>,
    created_at: String,
    updated_at: String,
    favorited: bool,
    favorites_count: i64,
    author: Profile,
}

impl Article {
    fn from_summary(summary: PostSummary, body: Option<String>) -> Self {
        Self {
            slug: summary.slug,
            title: summary.title,
            description: summary.description,
            body,
            tag_list: summary.tags,
            created_at: summary.created.iso,
            updated_at: summary.updated.iso,
            favorited: summary.favorited,
            favorites_count: summary.favorites_count,
            author: summary.author,
        }
    }
}

fn single(post: Post) -> Json<Value> {
    Json(json!({ "article": Article::from_summary(post.summary, Some(post.body)) }))
}

fn many(page: PostPage) -> Json<Value> {
    let articles: Vec<Article> = page
        .posts
        .into_iter()
        .map(|summary| Article::from_summary(summary, None))
        .collect();
    Json(json!({ "articles": articles, "articlesCount": page.total }))
}

fn blank_to_none(value: Option<String>) -> Option<String> {
    value.filter(|value| !value.trim().is_empty())
}

pub async fn list(
    State(state): State<AppState>,
    MaybeUser(viewer): MaybeUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let page = query.paging.page()?;
    let filter = ListFilter {
        tag: blank_to_none(query.tag),
        author: blank_to_none(query.author),
        favorited_by: blank_to_none(query.favorited),
    };
    Ok(many(posts::list(&state.db, &filter, viewer, page).await?))
}

pub async fn feed(
    State(state): State<AppState>,
    caller: AuthUser,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Value>, ApiError> {
    let page = paging.page()?;
    Ok(many(posts::feed(&state.db, caller.id(), page).await?))
}

pub async fn get(
    State(state): State<AppState>,
    MaybeUser(viewer): MaybeUser,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(single(
        posts::find_published(&state.db, &slug, viewer).await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    caller: AuthUser,
    ApiJson(ArticleEnvelope { article }): ApiJson<ArticleEnvelope<NewArticle>>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let draft = PostDraft {
        title: required("title", article.title)?,
        description: required("description", article.description)?,
        body: required("body", article.body)?,
        tags: article.tag_list.unwrap_or_default(),
    };
    let post = posts::create(&state.db, caller.id(), draft, PostStatus::Published).await?;
    Ok((StatusCode::CREATED, single(post)))
}

pub async fn update(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(slug): Path<String>,
    ApiJson(ArticleEnvelope { article }): ApiJson<ArticleEnvelope<UpdateArticle>>,
) -> Result<Json<Value>, ApiError> {
    let tags = match article.tag_list {
        Some(None) => {
            return Err(ApiError::invalid(
                "tagList",
                "must be a list of tags; send [] to remove them all",
            ));
        }
        Some(Some(tags)) => Some(tags),
        None => None,
    };
    posts::find_published(&state.db, &slug, Some(caller.id())).await?;
    let changes = PostChanges {
        title: article.title,
        description: article.description,
        body: article.body,
        tags,
        status: None,
    };
    Ok(single(
        posts::update(&state.db, caller.id(), &slug, changes).await?,
    ))
}

pub async fn delete(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    posts::find_published(&state.db, &slug, Some(caller.id())).await?;
    posts::delete(&state.db, caller.id(), &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn favorite(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(single(
        posts::set_favorite(&state.db, caller.id(), &slug, true).await?,
    ))
}

pub async fn unfavorite(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(single(
        posts::set_favorite(&state.db, caller.id(), &slug, false).await?,
    ))
}

pub async fn tags(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let tags: Vec<String> = posts::tags(&state.db)
        .await?
        .into_iter()
        .map(|tag| tag.name)
        .collect();
    Ok(Json(json!({ "tags": tags })))
}
