//! `/api/articles…` and `/api/tags`, through `content::posts`. The API knows no drafts:
//! what it creates is published, and drafts made in the editor do not exist here. One
//! extension to the contract: `publishAt` (RFC 3339) on a new article schedules it instead;
//! it appears here, in lists, feeds and pages, at that time.

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
    model::{Post, PostDraft, PostPage, PostSummary, Profile, Publication},
    server::content::{
        Posts,
        posts::{ListFilter, MAX_TAGS_LISTED, PostChanges, Scope},
    },
};

/// `{"article": …}`; anything beside it is ignored.
#[derive(Deserialize)]
pub struct ArticleEnvelope<T> {
    article: T,
}

impl ContractBody for ArticleEnvelope<NewArticle> {
    const FIELDS: &'static [&'static str] = &[
        "article",
        "title",
        "description",
        "body",
        "tagList",
        "publishAt",
    ];
}

impl ContractBody for ArticleEnvelope<UpdateArticle> {
    const FIELDS: &'static [&'static str] = &["article", "title", "description", "body", "tagList"];
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewArticle {
    title: Option<String>,
    description: Option<String>,
    body: Option<String>,
    tag_list: Option<Vec<String>>,
    publish_at: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateArticle {
    title: Option<String>,
    description: Option<String>,
    body: Option<String>,
    tag_list: Option<Vec<String>>,
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
pub(super) struct Article {
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
    /// When a scheduled article will appear; absent for published ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    publish_at: Option<String>,
}

impl Article {
    pub(super) fn from_summary(summary: PostSummary, body: Option<String>) -> Self {
        // Alphabetical, as the RealWorld reference implementations answer.
        let mut tag_list = summary.tags;
        tag_list.sort_by_key(|tag| (tag.to_lowercase(), tag.clone()));
        Self {
            slug: summary.slug,
            title: summary.title,
            description: summary.description,
            body,
            tag_list,
            created_at: summary.created.iso,
            updated_at: summary.updated.iso,
            favorited: summary.favorited,
            favorites_count: summary.favorites_count,
            author: summary.author,
            publish_at: summary.scheduled.map(|moment| moment.iso),
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
    State(posts): State<Posts>,
    viewer: MaybeCaller,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let page = query.paging.page()?;
    let filter = ListFilter {
        tag: blank_to_none(query.tag),
        author: blank_to_none(query.author),
        favorited_by: blank_to_none(query.favorited),
    };
    Ok(many(posts.list(&filter, viewer.user, page).await?))
}

pub async fn feed(
    State(posts): State<Posts>,
    caller: Caller,
    ApiQuery(paging): ApiQuery<Paging>,
) -> Result<Json<Value>, ApiError> {
    let page = paging.page()?;
    Ok(many(posts.feed(caller.id(), page).await?))
}

pub async fn get(
    State(posts): State<Posts>,
    viewer: MaybeCaller,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(single(posts.find_published(&slug, viewer.user).await?))
}

pub async fn create(
    State(posts): State<Posts>,
    caller: Caller,
    ApiJson(ArticleEnvelope { article }): ApiJson<ArticleEnvelope<NewArticle>>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let publication = match article.publish_at {
        None => Publication::Published,
        Some(at) => Publication::Scheduled {
            at: parse_publish_at(&at)?,
        },
    };
    let draft = PostDraft {
        title: article.title.unwrap_or_default(),
        // The contract requires a description; the editor lets it be empty.
        description: required("description", article.description)?,
        body: article.body.unwrap_or_default(),
        tags: article.tag_list.unwrap_or_default(),
    };
    let post = posts.create(caller.id(), draft, publication).await?;
    Ok((StatusCode::CREATED, single(post)))
}

/// `publishAt`: an RFC 3339 time with its offset.
fn parse_publish_at(at: &str) -> Result<i64, ApiError> {
    let at: jiff::Timestamp = at.trim().parse().map_err(|_| {
        ApiError::invalid(
            "publishAt",
            "must be a time like \"2026-12-24T09:00:00Z\" (RFC 3339, with its offset)",
        )
    })?;
    Ok(at.as_millisecond())
}

pub async fn update(
    State(posts): State<Posts>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(ArticleEnvelope { article }): ApiJson<ArticleEnvelope<UpdateArticle>>,
) -> Result<Json<Value>, ApiError> {
    let changes = PostChanges {
        title: article.title,
        description: article.description,
        body: article.body,
        tags: article.tag_list,
        publication: None,
    };
    // Drafts do not exist in the API, not even for their author.
    let post = posts
        .update(caller.id(), &slug, Scope::PublishedOnly, changes)
        .await?;
    Ok(single(post))
}

pub async fn delete(
    State(posts): State<Posts>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    posts
        .delete(caller.id(), &slug, Scope::PublishedOnly)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn favorite(
    State(posts): State<Posts>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(single(posts.set_favorite(caller.id(), &slug, true).await?))
}

pub async fn unfavorite(
    State(posts): State<Posts>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(single(posts.set_favorite(caller.id(), &slug, false).await?))
}

pub async fn tags(State(posts): State<Posts>) -> Result<Json<Value>, ApiError> {
    let tags: Vec<String> = posts
        .tags(MAX_TAGS_LISTED)
        .await?
        .into_iter()
        .map(|tag| tag.name)
        .collect();
    Ok(Json(json!({ "tags": tags })))
}
