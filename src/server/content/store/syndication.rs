//! What feeds and sitemaps read: the newest published posts with their stored HTML, and the
//! public addresses with the time each last changed. Every statement is served by an index
//! in the order it reads (the list indexes of migrations/*/0005, or a primary key range), so
//! a feed costs its entries and a sitemap page its addresses, however large the blog.
//!
//! A post dated in the future (an import may bring one) is public from its date on: until
//! then no feed or sitemap shows it, and [`next_publication`] tells caches when to look again.

use crate::model::{PostKind, routes};
use crate::server::{db::Db, error::DomainResult};

/// The posts a feed follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedSource {
    All,
    /// Posts with the tag (any case).
    Tag(String),
    /// Posts by the user (any case).
    Author(String),
}

/// A published post as a feed carries it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FeedPost {
    pub slug: String,
    pub title: String,
    pub description: String,
    /// The sanitized HTML rendered when the post was saved.
    pub body_html: String,
    /// Unix milliseconds.
    pub published_at: i64,
    pub updated_at: i64,
    tag_names: String,
    pub author_username: String,
}

impl FeedPost {
    pub fn tags(&self) -> Vec<String> {
        serde_json::from_str(&self.tag_names).unwrap_or_default()
    }

    /// When the post last changed as a reader sees it (never before its publication).
    pub fn modified_at(&self) -> i64 {
        self.updated_at.max(self.published_at)
    }
}

macro_rules! select_feed_posts {
    ($($rest:expr),+) => {
        concat!(
            "SELECT p.slug, p.title, p.description, p.body_html, p.published_at, p.updated_at, ",
            "p.tag_names, u.username AS author_username",
            $($rest),+
        )
    };
}

/// The newest posts public at `$1`, at most `$2`.
pub const FEED_ALL: &str = select_feed_posts!(
    " FROM posts p JOIN users u ON u.id = p.author_id",
    " WHERE p.status = 'published' AND p.kind = 'post' AND p.published_at <= $1",
    " ORDER BY p.published_at DESC, p.id DESC LIMIT $2"
);

/// The newest posts with the tag `$3` public at `$1`, at most `$2`.
pub const FEED_TAG: &str = select_feed_posts!(
    " FROM post_tags pt JOIN posts p ON p.id = pt.post_id",
    " JOIN users u ON u.id = p.author_id",
    " WHERE pt.tag_id = (SELECT id FROM tags WHERE lower(name) = lower($3))",
    " AND pt.published_at <= $1",
    " ORDER BY pt.published_at DESC, pt.post_id DESC LIMIT $2"
);

/// The newest posts by the user `$3` public at `$1`, at most `$2`.
pub const FEED_AUTHOR: &str = select_feed_posts!(
    " FROM posts p JOIN users u ON u.id = p.author_id",
    " WHERE p.author_id = (SELECT id FROM users WHERE lower(username) = lower($3))",
    " AND p.status = 'published' AND p.kind = 'post' AND p.published_at <= $1",
    " ORDER BY p.published_at DESC, p.id DESC LIMIT $2"
);

/// The earliest publication after `$1`: when a post dated in the future becomes public.
pub const NEXT_PUBLICATION: &str = "SELECT published_at FROM posts \
     WHERE status = 'published' AND kind = 'post' AND published_at > $1 \
     ORDER BY published_at, id LIMIT 1";

/// The newest publication up to `$1`: when the home page last gained a post.
pub const LATEST_PUBLICATION: &str = "SELECT published_at FROM posts \
     WHERE status = 'published' AND kind = 'post' AND published_at <= $1 \
     ORDER BY published_at DESC, id DESC LIMIT 1";

/// Published posts with ids from `$1` to `$2`, public at `$3`. The status and date are
/// tested as one expression, which no index serves: the planner then reads the key range,
/// not every published post through `posts_published` (and sorts them).
pub const SITEMAP_POSTS: &str = "SELECT slug, published_at, updated_at, kind FROM posts \
     WHERE id >= $1 AND id <= $2 \
     AND (CASE WHEN status = 'published' THEN published_at END) <= $3 ORDER BY id";

/// Tags with ids from `$1` to `$2` on published posts, with their newest publication up to `$3`.
pub const SITEMAP_TAGS: &str = "SELECT t.name, (SELECT MAX(pt.published_at) FROM post_tags pt \
     WHERE pt.tag_id = t.id AND pt.published_at <= $3) AS last_post FROM tags t \
     WHERE t.id >= $1 AND t.id <= $2 AND t.published_posts > 0 ORDER BY t.id";

/// Authors with ids from `$1` to `$2`, with their newest publication up to `$3` and the time
/// their profile last changed.
pub const SITEMAP_AUTHORS: &str = "SELECT u.username, u.updated_at, (SELECT MAX(p.published_at) \
     FROM posts p WHERE p.author_id = u.id AND p.status = 'published' AND p.kind = 'post' \
     AND p.published_at <= $3) \
     AS last_post FROM users u \
     WHERE u.id >= $1 AND u.id <= $2 AND u.published_posts > 0 ORDER BY u.id";

/// Every statement by name, for the test that checks an index serves each.
pub const STATEMENTS: [(&str, &str); 8] = [
    ("feed: all", FEED_ALL),
    ("feed: tag", FEED_TAG),
    ("feed: author", FEED_AUTHOR),
    ("next publication", NEXT_PUBLICATION),
    ("latest publication", LATEST_PUBLICATION),
    ("sitemap: posts", SITEMAP_POSTS),
    ("sitemap: tags", SITEMAP_TAGS),
    ("sitemap: authors", SITEMAP_AUTHORS),
];

/// The `limit` newest posts of `source` public at `now`, newest first.
pub async fn feed_posts(
    db: &Db,
    source: &FeedSource,
    now: i64,
    limit: i64,
) -> DomainResult<Vec<FeedPost>> {
    let (statement, key) = match source {
        FeedSource::All => (FEED_ALL, None),
        FeedSource::Tag(tag) => (FEED_TAG, Some(tag)),
        FeedSource::Author(author) => (FEED_AUTHOR, Some(author)),
    };
    let query = sqlx::query_as::<_, FeedPost>(statement)
        .bind(now)
        .bind(limit);
    let query = match key {
        Some(key) => query.bind(key),
        None => query,
    };
    Ok(query.fetch_all(db).await?)
}

/// A tag's name as it was first written, if a published post carries it.
pub async fn tag_in_use(db: &Db, tag: &str) -> DomainResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM tags WHERE lower(name) = lower($1) AND published_posts > 0",
    )
    .bind(tag)
    .fetch_optional(db)
    .await?)
}

/// A username as it was chosen, if there is such a user.
pub async fn username(db: &Db, username: &str) -> DomainResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT username FROM users WHERE lower(username) = lower($1)")
            .bind(username)
            .fetch_optional(db)
            .await?,
    )
}

/// When the next post dated after `now` becomes public, if one is waiting.
pub async fn next_publication(db: &Db, now: i64) -> DomainResult<Option<i64>> {
    Ok(sqlx::query_scalar(NEXT_PUBLICATION)
        .bind(now)
        .fetch_optional(db)
        .await?)
}

/// When the newest post public at `now` was published, if any is.
pub async fn latest_publication(db: &Db, now: i64) -> DomainResult<Option<i64>> {
    Ok(sqlx::query_scalar(LATEST_PUBLICATION)
        .bind(now)
        .fetch_optional(db)
        .await?)
}

/// The highest ids of posts, tags and users: how far the sitemap's pages reach.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdRanges {
    pub posts: i64,
    pub tags: i64,
    pub users: i64,
}

pub async fn id_ranges(db: &Db) -> DomainResult<IdRanges> {
    let (posts, tags, users): (i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE((SELECT MAX(id) FROM posts), 0) AS BIGINT), \
                CAST(COALESCE((SELECT MAX(id) FROM tags), 0) AS BIGINT), \
                CAST(COALESCE((SELECT MAX(id) FROM users), 0) AS BIGINT)",
    )
    .fetch_one(db)
    .await?;
    Ok(IdRanges { posts, tags, users })
}

/// A public address's key (slug, tag or username) and when what it shows last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub key: String,
    /// Unix milliseconds.
    pub modified_at: i64,
}

/// Published posts and standalone pages with ids in `ids`, public at `now`, by id: each
/// keyed by its address (`/post/<slug>` or `/<slug>`).
pub async fn sitemap_posts(db: &Db, ids: IdSpan, now: i64) -> DomainResult<Vec<Address>> {
    let rows: Vec<(String, i64, i64, PostKind)> = in_span(db, SITEMAP_POSTS, ids, now).await?;
    Ok(rows
        .into_iter()
        .map(|(slug, published_at, updated_at, kind)| Address {
            key: match kind {
                PostKind::Post => routes::post_href(&slug),
                PostKind::Page => routes::page_href(&slug),
            },
            modified_at: updated_at.max(published_at),
        })
        .collect())
}

/// Tags with ids in `ids` on posts public at `now`, by id.
pub async fn sitemap_tags(db: &Db, ids: IdSpan, now: i64) -> DomainResult<Vec<Address>> {
    let rows: Vec<(String, Option<i64>)> = in_span(db, SITEMAP_TAGS, ids, now).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(key, last_post)| {
            Some(Address {
                key,
                modified_at: last_post?,
            })
        })
        .collect())
}

/// Authors with ids in `ids` with a post public at `now`, by id.
pub async fn sitemap_authors(db: &Db, ids: IdSpan, now: i64) -> DomainResult<Vec<Address>> {
    let rows: Vec<(String, i64, Option<i64>)> = in_span(db, SITEMAP_AUTHORS, ids, now).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(key, updated_at, last_post)| {
            Some(Address {
                key,
                modified_at: last_post?.max(updated_at),
            })
        })
        .collect())
}

/// The ids one sitemap page covers.
pub type IdSpan = std::ops::RangeInclusive<i64>;

/// The rows a sitemap statement gives for `ids` (`$1` to `$2`) at `now` (`$3`).
async fn in_span<T>(db: &Db, statement: &'static str, ids: IdSpan, now: i64) -> DomainResult<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    Ok(sqlx::query_as(statement)
        .bind(*ids.start())
        .bind(*ids.end())
        .bind(now)
        .fetch_all(db)
        .await?)
}
