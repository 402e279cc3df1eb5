//! The `password_resets` table. Only SQL lives here.

use super::UserId;
use crate::server::{db::Db, error::DomainResult};

pub async fn insert<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    digest: &str,
    user: UserId,
    now: i64,
    expires_at: i64,
) -> DomainResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(digest)
    .bind(user)
    .bind(now)
    .bind(expires_at)
    .fetch_one(executor)
    .await?)
}

/// Holds the account's row until the transaction ends, so two requests at once count the
/// account's links one after the other (a write lock on SQLite, a row lock on PostgreSQL).
pub async fn hold_account<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: UserId,
) -> DomainResult<()> {
    sqlx::query("UPDATE users SET updated_at = updated_at WHERE id = $1")
        .bind(user)
        .execute(executor)
        .await?;
    Ok(())
}

/// Links made for the account since `since` (through `password_resets_by_account`).
pub async fn made_since<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: UserId,
    since: i64,
) -> DomainResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND created_at > $2",
    )
    .bind(user)
    .bind(since)
    .fetch_one(executor)
    .await?)
}

/// The account a usable link is for.
pub async fn usable(db: &Db, digest: &str, now: i64) -> DomainResult<Option<UserId>> {
    Ok(sqlx::query_scalar(
        "SELECT user_id FROM password_resets \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(digest)
    .bind(now)
    .fetch_optional(db)
    .await?)
}

/// Uses up a usable link, in the transaction that sets the password: its account.
pub async fn take<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    digest: &str,
    now: i64,
) -> DomainResult<Option<UserId>> {
    Ok(sqlx::query_scalar(
        "UPDATE password_resets SET used_at = $2 \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
    )
    .bind(digest)
    .bind(now)
    .fetch_optional(executor)
    .await?)
}

/// Voids the account's other unused links: one new password ends them all.
pub async fn void_others<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: UserId,
    now: i64,
) -> DomainResult<()> {
    sqlx::query("UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
        .bind(user)
        .bind(now)
        .execute(executor)
        .await?;
    Ok(())
}

/// Forgets links that expired before `before`; returns how many.
pub async fn prune(db: &Db, before: i64) -> DomainResult<u64> {
    Ok(
        sqlx::query("DELETE FROM password_resets WHERE expires_at < $1")
            .bind(before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}
