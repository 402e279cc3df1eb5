//! The lists of posts, one statement per shape. Each shape's `WHERE` and `ORDER BY` match an
//! index (migrations/*/0005_list_counts.sql), so the database reads the page's rows in order
//! and stops; its size comes from a count kept on write. Only a list filtered two ways at once
//! (the REST API allows `?tag=&author=`) counts its rows, and only those.

use super::{Page, post_store::SummaryRow};
use crate::{
    model::PostStatus,
    server::{accounts::UserId, db::Db, error::DomainResult},
};

/// Published posts matching each of `$1` (tag), `$2` (author), `$3` (favorited by) given.
macro_rules! combined_filter {
    () => {
        concat!(
            " FROM posts p JOIN users u ON u.id = p.author_id WHERE p.status = 'published'",
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
    " WHERE p.status = $1",
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
    " AND p.status = 'published'",
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
    " WHERE p.status = 'published'",
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

/// Published posts matching each filter given: `$1` tag, `$2` author, `$3` favorited by;
/// `$4` limit, `$5` offset, `$6` viewer.
pub const COMBINED: &str = select_summaries!(
    "$6",
    combined_filter!(),
    " ORDER BY p.published_at DESC, p.id DESC LIMIT $4 OFFSET $5"
);

/// Every list statement by name, for docs/benchmarks.md's query plans and the test that
/// checks an index serves each.
pub const STATEMENTS: [(&str, &str); 7] = [
    ("all", ALL),
    ("tag", TAG),
    ("author", AUTHOR),
    ("favorited by", FAVORITED_BY),
    ("feed", FEED),
    ("drafts", DRAFTS),
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
