//! The `comments` table. Only SQL and row mapping; who may comment, whose comment waits and
//! who decides are in `content::comments` and `content::moderation`.

use super::Tx;
use crate::{
    model::{Comment, HoldReason, PostLink, Profile, QueueKind, QueuedComment},
    server::{
        accounts::UserId,
        content::{moment, text::markdown::comment_html},
        db::Db,
        error::DomainResult,
    },
};

/// A comment's state column: shown to all, held for a moderator, or marked spam.
pub const SHOWN: &str = "shown";
pub const HELD: &str = "held";
pub const SPAM: &str = "spam";

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    body: String,
    body_html: Option<String>,
    created_at: i64,
    updated_at: i64,
    state: String,
    held_because: Option<String>,
    author_username: String,
    author_bio: Option<String>,
    author_image: Option<String>,
    author_followed: i64,
}

impl From<CommentRow> for Comment {
    fn from(row: CommentRow) -> Self {
        // A comment marked spam reads, to the moderator who sees it, as held by a signal.
        let held = (row.state != SHOWN).then(|| {
            row.held_because
                .as_deref()
                .and_then(HoldReason::parse)
                .unwrap_or(HoldReason::Policy)
        });
        Self {
            id: row.id,
            body_html: row.body_html.unwrap_or_else(|| comment_html(&row.body)),
            body: row.body,
            created: moment(row.created_at),
            updated: moment(row.updated_at),
            author: Profile {
                username: row.author_username,
                bio: row.author_bio,
                image: row.author_image,
                following: row.author_followed > 0,
            },
            held,
        }
    }
}

/// `SELECT` of comments with their authors; `$2` is the viewer, for `following`.
macro_rules! select_comments {
    ($extra:literal, $($where:literal),+) => {
        concat!(
            "SELECT c.id, c.body, c.body_html, c.created_at, c.updated_at, c.state, c.held_because, ",
            "u.username AS author_username, u.bio AS author_bio, u.image AS author_image, ",
            "(SELECT COUNT(*) FROM follows fo WHERE fo.followee_id = c.author_id ",
            "AND fo.follower_id = $2) AS author_followed",
            $extra,
            " FROM comments c JOIN users u ON u.id = c.author_id ",
            $($where),+
        )
    };
}

/// Up to `limit` comments of a post after skipping `offset`, oldest first: those shown to
/// all, and the held ones the viewer wrote (or, with `sees_held`, moderates).
pub async fn page(
    db: &Db,
    post_id: i64,
    viewer: Option<UserId>,
    sees_held: bool,
    limit: i64,
    offset: i64,
) -> DomainResult<Vec<Comment>> {
    let rows: Vec<CommentRow> = sqlx::query_as(select_comments!(
        "",
        "WHERE c.post_id = $1 AND (c.state = 'shown' OR (c.state = 'held' \
         AND (c.author_id = $2 OR $5 = 1))) \
         ORDER BY c.created_at, c.id LIMIT $3 OFFSET $4"
    ))
    .bind(post_id)
    .bind(viewer)
    .bind(limit)
    .bind(offset)
    .bind(i64::from(sees_held))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Comment::from).collect())
}

/// The held comments under a post the viewer wrote (or, with `sees_held`, all of them),
/// oldest first, at most `limit`.
pub async fn held_on_post(
    db: &Db,
    post_id: i64,
    viewer: UserId,
    sees_held: bool,
    limit: i64,
) -> DomainResult<Vec<Comment>> {
    let rows: Vec<CommentRow> = sqlx::query_as(select_comments!(
        "",
        "WHERE c.post_id = $1 AND c.state = 'held' AND (c.author_id = $2 OR $4 = 1) \
         ORDER BY c.created_at, c.id LIMIT $3"
    ))
    .bind(post_id)
    .bind(viewer)
    .bind(limit)
    .bind(i64::from(sees_held))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Comment::from).collect())
}

/// Writes a comment (held when `held` says why) and reads it back as its author sees it.
pub async fn insert(
    db: &mut sqlx::AnyConnection,
    post_id: i64,
    author: UserId,
    body: &str,
    now: i64,
    held: Option<HoldReason>,
) -> DomainResult<Comment> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (post_id, author_id, body, body_html, created_at, updated_at, \
         state, held_because) VALUES ($1, $2, $3, $7, $4, $4, $5, $6) RETURNING id",
    )
    .bind(post_id)
    .bind(author)
    .bind(body)
    .bind(now)
    .bind(if held.is_some() { HELD } else { SHOWN })
    .bind(held.map(HoldReason::name))
    .bind(comment_html(body))
    .fetch_one(&mut *db)
    .await?;
    let row: CommentRow = sqlx::query_as(select_comments!("", "WHERE c.id = $1"))
        .bind(id)
        .bind(author)
        .fetch_one(&mut *db)
        .await?;
    Ok(row.into())
}

/// Whether any comment of `author`'s shows: the first-comment policy lets them through.
pub async fn has_shown(db: &Db, author: UserId) -> DomainResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM comments WHERE author_id = $1 AND state = 'shown' LIMIT 1",
    )
    .bind(author)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Who wrote comment `id` on the post, if it is there.
pub async fn author_of(db: &Db, post_id: i64, id: i64) -> DomainResult<Option<UserId>> {
    Ok(
        sqlx::query_scalar("SELECT author_id FROM comments WHERE id = $1 AND post_id = $2")
            .bind(id)
            .bind(post_id)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn delete(db: &Db, id: i64) -> DomainResult<()> {
    sqlx::query("DELETE FROM comments WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// A comment as a moderator decides on it.
#[derive(sqlx::FromRow)]
pub struct Decidable {
    pub author_id: UserId,
    pub state: String,
    pub post_author_id: UserId,
    pub post_slug: String,
}

pub async fn decidable(db: &Db, id: i64) -> DomainResult<Option<Decidable>> {
    Ok(sqlx::query_as(
        "SELECT c.author_id, c.state, p.author_id AS post_author_id, p.slug AS post_slug \
         FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// Moves a comment to `state` (`SHOWN` or `SPAM`), keeping why it was held.
pub async fn set_state(db: &Db, id: i64, state: &str) -> DomainResult<()> {
    sqlx::query("UPDATE comments SET state = $2 WHERE id = $1")
        .bind(id)
        .bind(state)
        .execute(db)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct QueuedRow {
    #[sqlx(flatten)]
    comment: CommentRow,
    post_slug: String,
    post_title: String,
}

/// The moderation queue of one kind, oldest first: every waiting comment, or with `$1` not 0
/// only those under that author's posts; `$2` is the moderator, `$3` and `$4` the page. A
/// slice of `comments_held` or `comments_spam` in order (the state is written out, so the
/// partial index is known to apply when the statement is prepared).
macro_rules! select_queue {
    ($state:literal) => {
        select_comments!(
            ", p.slug AS post_slug, p.title AS post_title",
            "JOIN posts p ON p.id = c.post_id WHERE c.state = '",
            $state,
            "' AND ($1 = 0 OR p.author_id = $1) ORDER BY c.created_at, c.id LIMIT $3 OFFSET $4"
        )
    };
}

pub const QUEUE_HELD: &str = select_queue!("held");
pub const QUEUE_SPAM: &str = select_queue!("spam");

/// How many comments wait (`$1` not 0: under that author's posts), counted up to `$2`.
pub const WAITING: &str = "SELECT COUNT(*) FROM (SELECT 1 FROM comments c \
     JOIN posts p ON p.id = c.post_id WHERE c.state = 'held' AND ($1 = 0 OR p.author_id = $1) \
     LIMIT $2) AS waiting";

/// Banned accounts, the latest first, at most `$1`: a slice of `users_banned`.
pub const BANNED: &str = "SELECT username, banned_at FROM users WHERE banned_at IS NOT NULL \
     ORDER BY banned_at DESC, id DESC LIMIT $1";

/// A page of the queue: see [`QUEUE_HELD`].
pub async fn queue(
    db: &Db,
    kind: QueueKind,
    moderator: UserId,
    on_posts_of: Option<UserId>,
    limit: i64,
    offset: i64,
) -> DomainResult<Vec<QueuedComment>> {
    let statement = match kind {
        QueueKind::Held => QUEUE_HELD,
        QueueKind::Spam => QUEUE_SPAM,
    };
    let rows: Vec<QueuedRow> = sqlx::query_as(statement)
        .bind(on_posts_of.map_or(0, |author| author.0))
        .bind(moderator)
        .bind(limit)
        .bind(offset)
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| QueuedComment {
            comment: row.comment.into(),
            post: PostLink {
                slug: row.post_slug,
                title: row.post_title,
            },
        })
        .collect())
}

/// How many comments wait (all, or under one author's posts), counted up to `cap`.
pub async fn waiting(db: &Db, on_posts_of: Option<UserId>, cap: i64) -> DomainResult<i64> {
    Ok(sqlx::query_scalar(WAITING)
        .bind(on_posts_of.map_or(0, |author| author.0))
        .bind(cap)
        .fetch_one(db)
        .await?)
}

/// Bans an account from writing, and marks its waiting comments spam; whether it was not
/// banned before.
pub async fn ban(tx: &mut Tx<'_>, user: UserId, now: i64) -> DomainResult<bool> {
    let banned = sqlx::query("UPDATE users SET banned_at = $2 WHERE id = $1 AND banned_at IS NULL")
        .bind(user)
        .bind(now)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    sqlx::query("UPDATE comments SET state = 'spam' WHERE author_id = $1 AND state = 'held'")
        .bind(user)
        .execute(&mut **tx)
        .await?;
    Ok(banned > 0)
}

/// Lifts a ban; whether there was one.
pub async fn unban(tx: &mut Tx<'_>, user: UserId) -> DomainResult<bool> {
    Ok(
        sqlx::query("UPDATE users SET banned_at = NULL WHERE id = $1 AND banned_at IS NOT NULL")
            .bind(user)
            .execute(&mut **tx)
            .await?
            .rows_affected()
            > 0,
    )
}

/// Banned accounts, the latest first, at most `limit`: see [`BANNED`].
pub async fn banned(db: &Db, limit: i64) -> DomainResult<Vec<(String, i64)>> {
    Ok(sqlx::query_as(BANNED).bind(limit).fetch_all(db).await?)
}

/// Closes a post's comments at `closed_at`, or with `None` opens them.
pub async fn set_closed(db: &Db, post_id: i64, closed_at: Option<i64>) -> DomainResult<()> {
    sqlx::query("UPDATE posts SET comments_closed_at = $2 WHERE id = $1")
        .bind(post_id)
        .bind(closed_at)
        .execute(db)
        .await?;
    Ok(())
}
