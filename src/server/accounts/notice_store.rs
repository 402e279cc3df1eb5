//! Who is told of comments by email, and whether they want to be. Only SQL lives here.

use super::UserId;
use crate::server::{db::Db, error::DomainResult};

/// Someone a notice goes to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub id: UserId,
    pub username: String,
    pub email: String,
}

/// `(comment emails off since, held-comment emails off since)`.
pub async fn preferences(db: &Db, id: UserId) -> DomainResult<(Option<i64>, Option<i64>)> {
    Ok(
        sqlx::query_as("SELECT comment_emails_off_at, held_emails_off_at FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?
            .unwrap_or((None, None)),
    )
}

/// Turns each kind on (`None`) or off (since a time), keeping the time of one already off.
pub async fn set_preferences(
    db: &Db,
    id: UserId,
    comments_off: Option<i64>,
    held_off: Option<i64>,
) -> DomainResult<()> {
    sqlx::query(
        "UPDATE users SET \
         comment_emails_off_at = CASE WHEN $2 IS NULL THEN NULL \
                                      ELSE COALESCE(comment_emails_off_at, $2) END, \
         held_emails_off_at = CASE WHEN $3 IS NULL THEN NULL \
                                   ELSE COALESCE(held_emails_off_at, $3) END \
         WHERE id = $1",
    )
    .bind(id)
    .bind(comments_off)
    .bind(held_off)
    .execute(db)
    .await?;
    Ok(())
}

/// The post's author, if they want to hear of comments.
pub async fn comment_recipient<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    author: UserId,
) -> DomainResult<Option<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT id, username, email FROM users \
         WHERE id = $1 AND comment_emails_off_at IS NULL AND suspended_at IS NULL",
    )
    .bind(author)
    .fetch_optional(executor)
    .await?)
}

/// The editors and admins who want to hear of held comments, at most `limit` (through the
/// role index: a few rows, whatever the number of readers).
pub const MODERATORS: &str = "SELECT id, username, email FROM users \
     WHERE role IN ('admin', 'editor') AND held_emails_off_at IS NULL AND suspended_at IS NULL \
     ORDER BY id LIMIT $1";

pub async fn held_recipients<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    limit: i64,
) -> DomainResult<Vec<Recipient>> {
    Ok(sqlx::query_as(MODERATORS)
        .bind(limit)
        .fetch_all(executor)
        .await?)
}

/// The post's author for a held comment, if they want to hear of held ones.
pub async fn held_author<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    author: UserId,
) -> DomainResult<Option<Recipient>> {
    Ok(sqlx::query_as(
        "SELECT id, username, email FROM users \
         WHERE id = $1 AND held_emails_off_at IS NULL AND suspended_at IS NULL",
    )
    .bind(author)
    .fetch_optional(executor)
    .await?)
}

pub async fn post_title<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    post_id: i64,
) -> DomainResult<String> {
    Ok(sqlx::query_scalar("SELECT title FROM posts WHERE id = $1")
        .bind(post_id)
        .fetch_one(executor)
        .await?)
}
