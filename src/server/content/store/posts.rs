//! The `posts` table and the counts a post's publication moves (`site_counts`, its author's
//! and tags'). Only SQL and row mapping live here; who may see or change what is decided in
//! `content::posts`.
//!
//! Reading a list costs what the page shows, not what the blog holds: every count a list
//! needs is kept on write (`site_counts`, `users.published_posts`, `tags.published_posts`,
//! `users.favorited_published`, `posts.favorites_count`), each post carries its tag names, and
//! each list shape is one statement whose index yields the rows in order (docs/benchmarks.md
//! has the plans). Writes go through [`save`] and [`delete`], which keep the counts in step.

use super::{Tx, summary::SummaryRow};
use crate::server::content::{
    search::{self, SearchDocument},
    text::{
        markdown::{MAX_MEDIA_PER_POST, RENDERER_VERSION, Rendered},
        rules::PostText,
    },
};
use crate::{
    model::{Heading, PostKind, PostStatus},
    server::{
        accounts::UserId,
        db::{Db, violated_constraint},
        error::{DomainError, DomainResult},
        media,
    },
};

/// A post with its text, as a reader or the editor gets it.
#[derive(sqlx::FromRow)]
pub struct PostRow {
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    pub body: String,
    pub body_html: String,
    /// JSON headings; `NULL` until a post saved before outlines were kept is rendered again.
    pub outline: Option<String>,
    /// The first image the body shows, as written.
    pub cover_image: Option<String>,
    /// When its comments were closed; `None`: open.
    pub comments_closed_at: Option<i64>,
    pub kind: PostKind,
}

impl PostRow {
    pub fn outline(&self) -> Vec<Heading> {
        self.outline
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default()
    }
}

/// The columns an edit or an import starts from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredPost {
    pub id: i64,
    pub author_id: UserId,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub body: String,
    pub status: PostStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    /// When a scheduled draft publishes itself.
    pub publish_at: Option<i64>,
    /// Who set that time.
    pub scheduled_by: Option<UserId>,
    pub tag_names: String,
    /// When its comments were closed; `None`: open.
    pub comments_closed_at: Option<i64>,
    pub kind: PostKind,
}

impl StoredPost {
    /// Whether its publication moves the public counts and search: a post's does, a page's
    /// never.
    pub fn counted(&self) -> bool {
        self.kind == PostKind::Post
    }

    pub fn tags(&self) -> Vec<String> {
        serde_json::from_str(&self.tag_names).unwrap_or_default()
    }

    /// Its text as it was checked when it was stored.
    pub fn text(&self) -> PostText {
        PostText {
            title: self.title.clone(),
            description: self.description.clone(),
            body: self.body.clone(),
        }
    }
}

/// `SELECT` of a [`StoredPost`] from `posts`, followed by the rest of the query.
macro_rules! select_stored {
    ($rest:literal) => {
        concat!(
            "SELECT id, author_id, slug, title, description, body, status, created_at, ",
            "updated_at, published_at, publish_at, scheduled_by, tag_names, comments_closed_at, kind ",
            "FROM posts",
            $rest
        )
    };
}

/// A post's row as it is written, first or again.
pub struct PostWrite<'a> {
    pub slug: &'a str,
    pub text: &'a PostText,
    pub rendered: &'a Rendered,
    pub search: &'a SearchDocument,
    pub status: PostStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub publish_at: Option<i64>,
    /// Who set `publish_at`.
    pub scheduled_by: Option<UserId>,
    /// Set when the post is created; a post and a page never become each other.
    pub kind: PostKind,
}

/// What [`save`] writes: a new post (`existing` `None`) or over one, with its tags when they
/// change.
pub struct Save<'a> {
    pub existing: Option<&'a StoredPost>,
    pub author: UserId,
    pub row: PostWrite<'a>,
    pub tags: Option<&'a [String]>,
}

/// Writes a post and its tags, keeping every count in step (a published post's counts are
/// withdrawn before the write and added back after, so whatever changed, they stay right),
/// its search entry, and the stored images it shows.
pub async fn save(tx: &mut Tx<'_>, save: Save<'_>) -> DomainResult<i64> {
    let counted = save.row.kind == PostKind::Post;
    let id = match save.existing {
        Some(stored) => {
            if lock_status(tx, stored.id).await? == PostStatus::Published && counted {
                count_published(tx, stored.id, None).await?;
            }
            update(tx, stored.id, &save.row).await?;
            stored.id
        }
        None => insert(tx, save.author, &save.row).await?,
    };
    if let Some(tags) = save.tags {
        super::tags::replace(tx, id, tags).await?;
    }
    let images = media::names::images_in(&save.row.rendered.media_links, MAX_MEDIA_PER_POST);
    link_images(tx, id, &images).await?;
    if save.row.status == PostStatus::Published && counted {
        count_published(tx, id, save.row.published_at).await?;
        search::store::store(tx, id, save.row.search).await?;
    } else {
        search::store::forget(tx, id).await?;
    }
    Ok(id)
}

/// The columns a write sets, `$1` to `$15` in this order; the statements add their own after.
macro_rules! written_columns {
    () => {
        "slug, title, description, body, body_html, word_count, status, created_at, \
         updated_at, published_at, outline, publish_at, scheduled_by, cover_image, rendered_by"
    };
}

async fn insert(tx: &mut Tx<'_>, author: UserId, row: &PostWrite<'_>) -> DomainResult<i64> {
    const INSERT: &str = concat!(
        "INSERT INTO posts (",
        written_columns!(),
        ", author_id, kind) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
         RETURNING id"
    );
    bind_written(sqlx::query_scalar::<_, i64>(INSERT), row)
        .bind(author)
        .bind(row.kind)
        .fetch_one(&mut **tx)
        .await
        .map_err(slug_taken_or_internal)
}

async fn update(tx: &mut Tx<'_>, id: i64, row: &PostWrite<'_>) -> DomainResult<()> {
    const UPDATE: &str = concat!(
        "UPDATE posts SET (",
        written_columns!(),
        ") = ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         WHERE id = $16 RETURNING id"
    );
    bind_written(sqlx::query_scalar::<_, i64>(UPDATE), row)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(slug_taken_or_internal)?;
    Ok(())
}

/// Binds a post's written columns, in `written_columns!`' order.
fn bind_written<'q>(
    query: sqlx::query::QueryScalar<'q, sqlx::Any, i64, sqlx::any::AnyArguments>,
    row: &'q PostWrite<'_>,
) -> sqlx::query::QueryScalar<'q, sqlx::Any, i64, sqlx::any::AnyArguments> {
    query
        .bind(row.slug)
        .bind(&row.text.title)
        .bind(&row.text.description)
        .bind(&row.text.body)
        .bind(&row.rendered.html)
        .bind(row.rendered.word_count)
        .bind(row.status)
        .bind(row.created_at)
        .bind(row.updated_at)
        .bind(row.published_at)
        .bind(row.rendered.outline_json())
        .bind(row.publish_at)
        .bind(row.scheduled_by)
        .bind(&row.rendered.cover_image)
        .bind(RENDERER_VERSION)
}

/// The post's status as it is now, with the post held for this transaction: what was read
/// before it began may be out of date (the publisher may have published the post since), and
/// the counts must be withdrawn by what is stored, not by what was read.
async fn lock_status(tx: &mut Tx<'_>, id: i64) -> DomainResult<PostStatus> {
    sqlx::query_scalar("UPDATE posts SET updated_at = updated_at WHERE id = $1 RETURNING status")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(DomainError::NotFound(
            crate::server::error::Resource::Article,
        ))
}

/// Another post took the slug between the check and the write.
fn slug_taken_or_internal(error: sqlx::Error) -> DomainError {
    match violated_constraint(&error).as_deref() {
        Some("posts_slug_key" | "posts.slug") => DomainError::Taken { field: "slug" },
        _ => error.into(),
    }
}

/// Records which stored images (`media`) the post shows, replacing what it showed before;
/// names of no stored image are left out.
async fn link_images(tx: &mut Tx<'_>, post: i64, names: &[String]) -> DomainResult<()> {
    sqlx::query("DELETE FROM post_media WHERE post_id = $1")
        .bind(post)
        .execute(&mut **tx)
        .await?;
    for name in names {
        sqlx::query(
            "INSERT INTO post_media (post_id, media_id) \
             SELECT $1, id FROM media WHERE name = $2 ON CONFLICT DO NOTHING",
        )
        .bind(post)
        .bind(name)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Adds a published post to every count that includes it (`Some(published_at)`), or
/// withdraws it (`None`): the site's, its author's, its tags' and its readers' favorites.
async fn count_published(tx: &mut Tx<'_>, id: i64, published_at: Option<i64>) -> DomainResult<()> {
    let step: i64 = if published_at.is_some() { 1 } else { -1 };
    sqlx::query("UPDATE site_counts SET published_posts = published_posts + $1 WHERE id = 1")
        .bind(step)
        .execute(&mut **tx)
        .await?;
    for statement in [
        "UPDATE users SET published_posts = published_posts + $1 \
         WHERE id = (SELECT author_id FROM posts WHERE id = $2)",
        "UPDATE tags SET published_posts = published_posts + $1 \
         WHERE id IN (SELECT tag_id FROM post_tags WHERE post_id = $2)",
        "UPDATE users SET favorited_published = favorited_published + $1 \
         WHERE id IN (SELECT user_id FROM favorites WHERE post_id = $2)",
    ] {
        sqlx::query(statement)
            .bind(step)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("UPDATE post_tags SET published_at = $1 WHERE post_id = $2")
        .bind(published_at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes a post, withdrawing it from the counts first.
pub async fn delete(db: &Db, stored: &StoredPost) -> DomainResult<()> {
    let mut tx = db.begin().await?;
    if lock_status(&mut tx, stored.id).await? == PostStatus::Published && stored.counted() {
        count_published(&mut tx, stored.id, None).await?;
    }
    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(stored.id)
        .execute(&mut *tx)
        .await?;
    search::store::forget(&mut tx, stored.id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn find(db: &Db, slug: &str, viewer: Option<UserId>) -> DomainResult<Option<PostRow>> {
    Ok(sqlx::query_as::<_, PostRow>(select_summaries!(
        "$2",
        ", p.body, p.body_html, p.outline, p.cover_image, p.comments_closed_at, p.kind \
         FROM posts p JOIN users u ON u.id = p.author_id \
         WHERE p.slug = $1"
    ))
    .bind(slug)
    .bind(viewer)
    .fetch_optional(db)
    .await?)
}

pub async fn stored<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    slug: &str,
) -> DomainResult<Option<StoredPost>> {
    Ok(
        sqlx::query_as::<_, StoredPost>(select_stored!(" WHERE slug = $1"))
            .bind(slug)
            .fetch_optional(executor)
            .await?,
    )
}

pub async fn stored_by_id(db: &Db, id: i64) -> DomainResult<Option<StoredPost>> {
    Ok(
        sqlx::query_as::<_, StoredPost>(select_stored!(" WHERE id = $1"))
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

/// Scheduled drafts whose time has come by `$1`, soonest first, at most `$2`: a slice of the
/// `posts_scheduled` index.
pub const DUE: &str = "SELECT id FROM posts WHERE publish_at IS NOT NULL AND publish_at <= $1 \
     ORDER BY publish_at, id LIMIT $2";

pub async fn due(db: &Db, now: i64, limit: i64) -> DomainResult<Vec<i64>> {
    Ok(sqlx::query_scalar(DUE)
        .bind(now)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// Takes the scheduled post for this transaction to publish: whichever server clears its
/// time publishes it; any other finds it cleared (on PostgreSQL, once the first commits).
/// A post saved since it was read (`updated_at` moved) is not taken: the publisher reads it
/// again on its next pass rather than publish an older text.
pub async fn claim_scheduled(
    tx: &mut Tx<'_>,
    id: i64,
    publish_at: i64,
    updated_at: i64,
) -> DomainResult<bool> {
    let claimed = sqlx::query(
        "UPDATE posts SET publish_at = NULL \
         WHERE id = $1 AND publish_at = $2 AND status = 'draft' AND updated_at = $3",
    )
    .bind(id)
    .bind(publish_at)
    .bind(updated_at)
    .execute(&mut **tx)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Every post, drafts too, oldest first: for exporting the whole blog.
pub async fn all(db: &Db) -> DomainResult<Vec<StoredPost>> {
    Ok(sqlx::query_as::<_, StoredPost>(select_stored!(
        " ORDER BY COALESCE(published_at, created_at), id"
    ))
    .fetch_all(db)
    .await?)
}

pub async fn slug_taken(db: &Db, slug: &str, except: Option<i64>) -> DomainResult<bool> {
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM posts WHERE slug = $1 AND id <> $2")
            .bind(slug)
            .bind(except.unwrap_or(0))
            .fetch_optional(db)
            .await?;
    Ok(taken.is_some())
}
