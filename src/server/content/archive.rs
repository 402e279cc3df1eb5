//! Posts as whole records, for moving a blog in and out (`blog import`, `blog export`).
//!
//! Unlike the editor's path in `posts`, an archived post arrives with its own slug and dates,
//! and importing the same folder again must change nothing: a post is matched by its slug and
//! rewritten only when something in it differs. The editor's rules still hold: the same limits,
//! tag cleaning, rendering once on write.

use std::collections::HashMap;

use super::{ContentError, markdown, posts, slugs};
use crate::{
    model::PostStatus,
    server::{
        auth::{UserId, now_millis},
        db::Db,
    },
};

/// A post with everything that makes it up, as it is exported and imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedPost {
    pub slug: String,
    pub title: String,
    pub description: String,
    /// Markdown.
    pub body: String,
    pub tags: Vec<String>,
    pub status: PostStatus,
    /// When it was published (a draft: written), Unix milliseconds. `None` on import: now
    /// for a new post, unchanged for an existing one.
    pub date: Option<i64>,
    /// When it was last changed, Unix milliseconds. `None` on import: `date` for a new post,
    /// now for a changed one.
    pub updated: Option<i64>,
}

/// What an import did with one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

#[derive(Debug, sqlx::FromRow)]
struct StoredPost {
    id: i64,
    slug: String,
    title: String,
    description: String,
    body: String,
    status: String,
    created_at: i64,
    updated_at: i64,
    published_at: Option<i64>,
}

/// Writes `post` under its slug: creates it (by `author`) when the slug is free, otherwise
/// updates that post in place, keeping its author, if anything differs.
pub async fn upsert(db: &Db, author: UserId, post: ArchivedPost) -> Result<Outcome, ContentError> {
    let mut post = checked(post)?;
    let tags = posts::clean_tags(std::mem::take(&mut post.tags))?;
    let published = post.status == PostStatus::Published;
    let now = now_millis();
    // Rendered before the transaction opens: a SQLite write transaction must not wait on the
    // blocking pool while the server writes too.
    let rendered = markdown::render_off_runtime(post.body.clone()).await;
    let mut tx = db.begin().await?;
    let stored = sqlx::query_as::<_, StoredPost>(
        "SELECT id, slug, title, description, body, status, created_at, updated_at, published_at \
         FROM posts WHERE slug = $1",
    )
    .bind(&post.slug)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(stored) = stored else {
        let created_at = post.date.unwrap_or(now);
        let fields = posts::Fields {
            title: post.title,
            description: post.description,
            body: post.body,
        };
        let row = posts::NewRow {
            author,
            slug: &post.slug,
            fields: &fields,
            rendered: &rendered,
            status: post.status,
            created_at,
            updated_at: post.updated.unwrap_or(created_at),
            published_at: published.then_some(created_at),
        };
        let id = posts::insert(&mut tx, row).await?;
        posts::replace_tags(&mut tx, id, &tags).await?;
        tx.commit().await?;
        return Ok(Outcome::Created);
    };
    // A draft that was once published keeps that date, and with it its fixed slug.
    let published_at = if published {
        Some(post.date.or(stored.published_at).unwrap_or(now))
    } else {
        stored.published_at
    };
    // A published post was written no later than it was published.
    let created_at = match (published, published_at, post.date) {
        (true, Some(published_at), _) => stored.created_at.min(published_at),
        (_, _, Some(date)) => date,
        (_, _, None) => stored.created_at,
    };
    let stored_tags = tags_of(&mut tx, stored.id).await?;
    let unchanged = stored.title == post.title
        && stored.description == post.description
        && stored.body == post.body
        && stored.status == posts::status_name(post.status)
        && stored.created_at == created_at
        && stored.published_at == published_at
        && post
            .updated
            .is_none_or(|updated| updated == stored.updated_at)
        && lowercase(&stored_tags) == lowercase(&tags);
    if unchanged {
        return Ok(Outcome::Unchanged);
    }
    sqlx::query(
        "UPDATE posts SET title = $1, description = $2, body = $3, body_html = $4, \
                word_count = $5, status = $6, created_at = $7, updated_at = $8, \
                published_at = $9 \
         WHERE id = $10",
    )
    .bind(&post.title)
    .bind(&post.description)
    .bind(&post.body)
    .bind(&rendered.html)
    .bind(rendered.word_count)
    .bind(posts::status_name(post.status))
    .bind(created_at)
    .bind(post.updated.unwrap_or(now))
    .bind(published_at)
    .bind(stored.id)
    .execute(&mut *tx)
    .await?;
    posts::replace_tags(&mut tx, stored.id, &tags).await?;
    tx.commit().await?;
    Ok(Outcome::Updated)
}

/// Every post, drafts too, oldest first, with its dates filled in.
pub async fn all(db: &Db) -> Result<Vec<ArchivedPost>, ContentError> {
    let rows = sqlx::query_as::<_, StoredPost>(
        "SELECT id, slug, title, description, body, status, created_at, updated_at, published_at \
         FROM posts ORDER BY COALESCE(published_at, created_at), id",
    )
    .fetch_all(db)
    .await?;
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    let tag_rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT pt.post_id, t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id \
         ORDER BY pt.post_id, pt.position",
    )
    .fetch_all(db)
    .await?;
    for (post_id, name) in tag_rows {
        tags.entry(post_id).or_default().push(name);
    }
    Ok(rows
        .into_iter()
        .map(|row| ArchivedPost {
            tags: tags.remove(&row.id).unwrap_or_default(),
            status: posts::status_from_column(&row.status),
            // Published: when it was published. A draft: when it was written.
            date: Some(match posts::status_from_column(&row.status) {
                PostStatus::Published => row.published_at.unwrap_or(row.created_at),
                PostStatus::Draft => row.created_at,
            }),
            updated: Some(row.updated_at),
            slug: row.slug,
            title: row.title,
            description: row.description,
            body: row.body,
        })
        .collect())
}

/// The account called `username` (in any case), who imported posts will belong to.
pub async fn author_named(db: &Db, username: &str) -> Result<Option<UserId>, ContentError> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE lower(username) = lower($1)")
            .bind(username.trim())
            .fetch_optional(db)
            .await?;
    Ok(id.map(UserId))
}

/// The oldest admin account: who imported posts belong to when nobody is named.
pub async fn first_admin(db: &Db) -> Result<Option<UserId>, ContentError> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1")
            .fetch_optional(db)
            .await?;
    Ok(id.map(UserId))
}

/// The editor's rules, applied to an archived post, and its slug checked.
fn checked(mut post: ArchivedPost) -> Result<ArchivedPost, ContentError> {
    if post.slug.is_empty() || slugs::base(&post.slug) != post.slug {
        return Err(ContentError::invalid(
            "slug",
            format!(
                "{:?} is not a slug: lowercase letters, digits and hyphens",
                post.slug
            ),
        ));
    }
    let fields = posts::Fields::validate(post.title, post.description, post.body, post.status)?;
    post.title = fields.title;
    post.description = fields.description;
    post.body = fields.body;
    Ok(post)
}

fn lowercase(tags: &[String]) -> Vec<String> {
    tags.iter().map(|tag| tag.to_lowercase()).collect()
}

async fn tags_of(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    post_id: i64,
) -> Result<Vec<String>, ContentError> {
    Ok(sqlx::query_scalar(
        "SELECT t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id \
         WHERE pt.post_id = $1 ORDER BY pt.position",
    )
    .bind(post_id)
    .fetch_all(&mut **tx)
    .await?)
}
