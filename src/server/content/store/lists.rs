//! The lists of posts, one statement per shape. Each shape's `WHERE` and `ORDER BY` match an
//! index (migrations/*/0005_list_counts.sql), so the database reads the page's rows in order
//! and stops; its size comes from a count kept on write. Only a list filtered two ways at once
//! (the REST API allows `?tag=&author=`) counts its rows, and only those.
//!
//! A post's page links to the posts around it the same way: the one before and after it in
//! the site's order, each the first row of an index read from the post, and related posts
//! from the newest few of each of its tags (`AROUND_A_POST`).

use super::summary::SummaryRow;
use crate::server::content::Page;
use crate::{
    model::{PostLink, PostStatus},
    server::{accounts::UserId, db::Db, error::DomainResult},
};

/// Published posts matching each of `$1` (tag), `$2` (author), `$3` (favorited by) given.
macro_rules! combined_filter {
    () => {
        concat!(
            " FROM posts p JOIN users u ON u.id = p.author_id WHERE p.status = 'published'",
            " AND p.kind = 'post'",
            " AND ($1 IS NULL OR EXISTS (SELECT 1 FROM post_tags pt JOIN tags t",
            " ON t.id = pt.tag_id WHERE pt.post_id = p.id AND lower(t.name) = lower($1)))",
            " AND ($2 IS NULL OR lower(u.username) = lower($2))",
            " AND ($3 IS NULL OR EXISTS (SELECT 1 FROM favorites fa JOIN users fu",
            " ON fu.id = fa.user_id WHERE fa.post_id = p.id AND lower(fu.username) = lower($3)))"
        )
    };
}

/// Which posts a list holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListShape {
    /// Every published post.
    All,
    /// Published posts with the tag (any case).
    Tag(String),
    /// Published posts by the user (any case).
    Author(String),
    /// Published posts the user favorited.
    FavoritedBy(String),
    /// Published posts by the authors the user follows.
    Feed(UserId),
    /// The user's own drafts, most recently created first.
    Drafts(UserId),
    /// Everyone else's drafts, newest first: what editors review.
    OthersDrafts(UserId),
    /// Published posts matching every filter given (two or more at once).
    Combined {
        tag: Option<String>,
        author: Option<String>,
        favorited_by: Option<String>,
    },
}

/// One page of the list and the number of posts in the whole list.
pub async fn run(
    db: &Db,
    shape: &ListShape,
    viewer: Option<UserId>,
    page: Page,
) -> DomainResult<(Vec<SummaryRow>, i64)> {
    let rows = rows(db, shape, viewer, page).await?;
    let total = total(db, shape).await?;
    Ok((rows, total))
}

/// Every published post, newest first. `$1` status, `$2` limit, `$3` offset, `$4` viewer.
pub const ALL: &str = select_summaries!(
    "$4",
    " FROM posts p JOIN users u ON u.id = p.author_id",
    " WHERE p.status = $1 AND p.kind = 'post'",
    " ORDER BY p.published_at DESC, p.id DESC LIMIT $2 OFFSET $3"
);

/// Published posts with the tag `$1` (any case), newest first.
pub const TAG: &str = select_summaries!(
    "$4",
    " FROM post_tags pt JOIN posts p ON p.id = pt.post_id",
    " JOIN users u ON u.id = p.author_id",
    " WHERE pt.tag_id = (SELECT id FROM tags WHERE lower(name) = lower($1))",
    " AND pt.published_at IS NOT NULL",
    " ORDER BY pt.published_at DESC, pt.post_id DESC LIMIT $2 OFFSET $3"
);

/// Published posts by the user `$1` (any case), newest first.
pub const AUTHOR: &str = select_summaries!(
    "$4",
    " FROM posts p JOIN users u ON u.id = p.author_id",
    " WHERE p.author_id = (SELECT id FROM users WHERE lower(username) = lower($1))",
    " AND p.status = 'published' AND p.kind = 'post'",
    " ORDER BY p.published_at DESC, p.id DESC LIMIT $2 OFFSET $3"
);

/// Published posts the user `$1` (any case) favorited, newest first: the work is bounded
/// by that user's favorites.
pub const FAVORITED_BY: &str = select_summaries!(
    "$4",
    " FROM favorites fa JOIN posts p ON p.id = fa.post_id",
    " JOIN users u ON u.id = p.author_id",
    " WHERE fa.user_id = (SELECT id FROM users WHERE lower(username) = lower($1))",
    " AND p.status = 'published'",
    " ORDER BY p.published_at DESC, p.id DESC LIMIT $2 OFFSET $3"
);

/// Published posts by the authors user `$1` follows, newest first.
pub const FEED: &str = select_summaries!(
    "$4",
    " FROM posts p JOIN users u ON u.id = p.author_id",
    " WHERE p.status = 'published' AND p.kind = 'post'",
    " AND p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1)",
    " ORDER BY p.published_at DESC, p.id DESC LIMIT $2 OFFSET $3"
);

/// User `$1`'s drafts, most recently created first.
pub const DRAFTS: &str = select_summaries!(
    "$4",
    " FROM posts p JOIN users u ON u.id = p.author_id",
    " WHERE p.author_id = $1 AND p.status = 'draft'",
    " ORDER BY p.created_at DESC, p.id DESC LIMIT $2 OFFSET $3"
);

/// Drafts by anyone but user `$1`, newest first: the drafts' own index, read in order.
pub const OTHERS_DRAFTS: &str = select_summaries!(
    "$4",
    " FROM posts p JOIN users u ON u.id = p.author_id",
    " WHERE p.status = 'draft' AND p.author_id <> $1",
    " ORDER BY p.created_at DESC, p.id DESC LIMIT $2 OFFSET $3"
);

/// Published posts matching each filter given: `$1` tag, `$2` author, `$3` favorited by;
/// `$4` limit, `$5` offset, `$6` viewer.
pub const COMBINED: &str = select_summaries!(
    "$6",
    combined_filter!(),
    " ORDER BY p.published_at DESC, p.id DESC LIMIT $4 OFFSET $5"
);

/// Every list statement by name, for docs/benchmarks.md's query plans and the test that
/// checks an index serves each.
pub const STATEMENTS: [(&str, &str); 8] = [
    ("all", ALL),
    ("tag", TAG),
    ("author", AUTHOR),
    ("favorited by", FAVORITED_BY),
    ("feed", FEED),
    ("drafts", DRAFTS),
    ("others' drafts", OTHERS_DRAFTS),
    ("combined", COMBINED),
];

async fn rows(
    db: &Db,
    shape: &ListShape,
    viewer: Option<UserId>,
    page: Page,
) -> DomainResult<Vec<SummaryRow>> {
    macro_rules! page_of {
        ($sql:expr, $key:expr) => {
            sqlx::query_as::<_, SummaryRow>($sql)
                .bind($key)
                .bind(page.limit)
                .bind(page.offset)
                .bind(viewer)
                .fetch_all(db)
                .await?
        };
    }
    Ok(match shape {
        ListShape::All => page_of!(ALL, PostStatus::Published),
        ListShape::Tag(tag) => page_of!(TAG, tag),
        ListShape::Author(author) => page_of!(AUTHOR, author),
        ListShape::FavoritedBy(reader) => page_of!(FAVORITED_BY, reader),
        ListShape::Feed(follower) => page_of!(FEED, follower),
        ListShape::Drafts(author) => page_of!(DRAFTS, author),
        ListShape::OthersDrafts(reviewer) => page_of!(OTHERS_DRAFTS, reviewer),
        ListShape::Combined {
            tag,
            author,
            favorited_by,
        } => {
            sqlx::query_as::<_, SummaryRow>(COMBINED)
                .bind(tag)
                .bind(author)
                .bind(favorited_by)
                .bind(page.limit)
                .bind(page.offset)
                .bind(viewer)
                .fetch_all(db)
                .await?
        }
    })
}

/// The number of posts in the whole list, from the counts kept on write.
async fn total(db: &Db, shape: &ListShape) -> DomainResult<i64> {
    let count: Option<i64> = match shape {
        ListShape::All => {
            sqlx::query_scalar("SELECT published_posts FROM site_counts WHERE id = 1")
                .fetch_optional(db)
                .await?
        }
        ListShape::Tag(tag) => {
            sqlx::query_scalar("SELECT published_posts FROM tags WHERE lower(name) = lower($1)")
                .bind(tag)
                .fetch_optional(db)
                .await?
        }
        ListShape::Author(author) => {
            sqlx::query_scalar(
                "SELECT published_posts FROM users WHERE lower(username) = lower($1)",
            )
            .bind(author)
            .fetch_optional(db)
            .await?
        }
        ListShape::FavoritedBy(reader) => {
            sqlx::query_scalar(
                "SELECT favorited_published FROM users WHERE lower(username) = lower($1)",
            )
            .bind(reader)
            .fetch_optional(db)
            .await?
        }
        // The sum over the authors one follows: bounded by whom one follows.
        ListShape::Feed(follower) => {
            sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(u.published_posts), 0) AS BIGINT) FROM follows fo \
                 JOIN users u ON u.id = fo.followee_id WHERE fo.follower_id = $1",
            )
            .bind(follower)
            .fetch_optional(db)
            .await?
        }
        // One author's drafts: bounded by what that author is writing.
        ListShape::Drafts(author) => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM posts WHERE author_id = $1 AND status = 'draft'",
            )
            .bind(author)
            .fetch_optional(db)
            .await?
        }
        // Counted in the drafts' index: bounded by the drafts in progress on the site.
        ListShape::OthersDrafts(reviewer) => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM posts WHERE status = 'draft' AND author_id <> $1",
            )
            .bind(reviewer)
            .fetch_optional(db)
            .await?
        }
        ListShape::Combined {
            tag,
            author,
            favorited_by,
        } => {
            sqlx::query_scalar(concat!("SELECT COUNT(*)", combined_filter!()))
                .bind(tag)
                .bind(author)
                .bind(favorited_by)
                .fetch_optional(db)
                .await?
        }
    };
    Ok(count.unwrap_or(0))
}

/// Where a published post stands in the site's order (newest first, by publication time and
/// then id), for the posts around it.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Position {
    pub id: i64,
    pub published_at: i64,
}

/// The post published just after the one at `$1` (published at) `$2` (id), up to `$3` (now):
/// the index read upwards from the post, stopping at the first.
pub const NEWER: &str = concat!(
    "SELECT p.slug, p.title FROM posts p WHERE p.status = 'published' AND p.kind = 'post'",
    " AND p.published_at >= $1 AND p.published_at <= $3",
    " AND (p.published_at > $1 OR p.id > $2)",
    " ORDER BY p.published_at, p.id LIMIT 1"
);

/// The post published just before the one at `$1` (published at) `$2` (id), up to `$3`
/// (now): the index read downwards from the post, stopping at the first.
pub const OLDER: &str = concat!(
    "SELECT p.slug, p.title FROM posts p WHERE p.status = 'published' AND p.kind = 'post'",
    " AND p.published_at <= $1 AND p.published_at <= $3",
    " AND (p.published_at < $1 OR p.id < $2)",
    " ORDER BY p.published_at DESC, p.id DESC LIMIT 1"
);

/// The newest `$4` published posts (up to `$3`, now) with tag `$1`, other than post `$2`: the
/// candidates for related posts, from the tag's index in order. Cut at `$4` per tag, the
/// work is bounded by the post's tags, whatever the tag holds.
pub const RELATED_BY_TAG: &str = concat!(
    "SELECT p.id, p.slug, p.title, pt.published_at",
    " FROM post_tags pt JOIN posts p ON p.id = pt.post_id",
    " WHERE pt.tag_id = $1 AND pt.published_at <= $3 AND pt.post_id <> $2",
    " ORDER BY pt.published_at DESC, pt.post_id DESC LIMIT $4"
);

/// The statements a post page's links run, by name, for the query-plan test.
pub const AROUND_A_POST: [(&str, &str); 3] = [
    ("newer", NEWER),
    ("older", OLDER),
    ("related by tag", RELATED_BY_TAG),
];

/// Candidates read per tag of the post when looking for related posts.
const RELATED_CANDIDATES_PER_TAG: i64 = 20;

/// The published post behind `slug`, if it is published by `now`.
pub async fn published_position(db: &Db, slug: &str, now: i64) -> DomainResult<Option<Position>> {
    Ok(sqlx::query_as(
        "SELECT id, published_at FROM posts \
         WHERE slug = $1 AND status = 'published' AND kind = 'post' AND published_at <= $2",
    )
    .bind(slug)
    .bind(now)
    .fetch_optional(db)
    .await?)
}

pub async fn newer(db: &Db, post: &Position, now: i64) -> DomainResult<Option<PostLink>> {
    neighbour(db, NEWER, post, now).await
}

pub async fn older(db: &Db, post: &Position, now: i64) -> DomainResult<Option<PostLink>> {
    neighbour(db, OLDER, post, now).await
}

async fn neighbour(
    db: &Db,
    statement: &'static str,
    post: &Position,
    now: i64,
) -> DomainResult<Option<PostLink>> {
    let row: Option<(String, String)> = sqlx::query_as(statement)
        .bind(post.published_at)
        .bind(post.id)
        .bind(now)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(slug, title)| PostLink { slug, title }))
}

/// Up to `limit` published posts sharing the most tags with the post, then the newest:
/// one statement per tag of the post (ten at most), each reading a bounded slice of its
/// tag's index.
pub async fn related(
    db: &Db,
    post: &Position,
    now: i64,
    limit: usize,
) -> DomainResult<Vec<PostLink>> {
    struct Candidate {
        link: PostLink,
        shared: usize,
        published_at: i64,
    }
    let tags: Vec<i64> = sqlx::query_scalar("SELECT tag_id FROM post_tags WHERE post_id = $1")
        .bind(post.id)
        .fetch_all(db)
        .await?;
    let mut candidates: std::collections::HashMap<i64, Candidate> = Default::default();
    for tag in tags {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(RELATED_BY_TAG)
            .bind(tag)
            .bind(post.id)
            .bind(now)
            .bind(RELATED_CANDIDATES_PER_TAG)
            .fetch_all(db)
            .await?;
        for (id, slug, title, published_at) in rows {
            candidates
                .entry(id)
                .or_insert_with(|| Candidate {
                    link: PostLink { slug, title },
                    shared: 0,
                    published_at,
                })
                .shared += 1;
        }
    }
    let mut ranked: Vec<(i64, Candidate)> = candidates.into_iter().collect();
    ranked.sort_by(|(a_id, a), (b_id, b)| {
        (b.shared, b.published_at, b_id).cmp(&(a.shared, a.published_at, a_id))
    });
    Ok(ranked
        .into_iter()
        .take(limit)
        .map(|(_, candidate)| candidate.link)
        .collect())
}
