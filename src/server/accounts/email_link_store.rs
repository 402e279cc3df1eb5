//! The `email_links` table and the account's verified mark. Only SQL lives here.

use super::UserId;
use crate::server::{db::Db, error::DomainResult};

pub struct NewLink<'a> {
    pub digest: &'a str,
    pub purpose: &'a str,
    pub user: UserId,
    pub email: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    link: NewLink<'_>,
) -> DomainResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO email_links (token_hash, purpose, user_id, email, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(link.digest)
    .bind(link.purpose)
    .bind(link.user)
    .bind(link.email)
    .bind(link.now)
    .bind(link.expires_at)
    .fetch_one(executor)
    .await?)
}

/// Links of `purpose` made for the account since `since` (through `email_links_by_account`).
pub async fn made_since(db: &Db, user: UserId, purpose: &str, since: i64) -> DomainResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM email_links WHERE user_id = $1 AND created_at > $2 AND purpose = $3",
    )
    .bind(user)
    .bind(since)
    .bind(purpose)
    .fetch_one(db)
    .await?)
}

/// Uses up a usable link of `purpose`: its account and address.
pub async fn take<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    digest: &str,
    purpose: &str,
    now: i64,
) -> DomainResult<Option<(UserId, String)>> {
    Ok(sqlx::query_as(
        "UPDATE email_links SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3 RETURNING user_id, email",
    )
    .bind(digest)
    .bind(purpose)
    .bind(now)
    .fetch_optional(executor)
    .await?)
}

/// Marks the account's address verified, if it is still `email`; whether it was.
pub async fn mark_verified<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: UserId,
    email: &str,
    now: i64,
) -> DomainResult<bool> {
    let done = sqlx::query(
        "UPDATE users SET email_verified_at = $3 WHERE id = $1 AND lower(email) = lower($2)",
    )
    .bind(user)
    .bind(email)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Puts an address back (the one the account had, so verified as it was).
pub async fn restore_email<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: UserId,
    email: &str,
    now: i64,
) -> DomainResult<()> {
    sqlx::query(
        "UPDATE users SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1",
    )
    .bind(user)
    .bind(email)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

/// A changed address is not verified.
pub async fn mark_unverified<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: UserId,
) -> DomainResult<()> {
    sqlx::query("UPDATE users SET email_verified_at = NULL WHERE id = $1")
        .bind(user)
        .execute(executor)
        .await?;
    Ok(())
}

pub async fn verified_at(db: &Db, user: UserId) -> DomainResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT email_verified_at FROM users WHERE id = $1")
            .bind(user)
            .fetch_optional(db)
            .await?
            .flatten(),
    )
}

/// Forgets links that ended before `before`; returns how many.
pub async fn prune(db: &Db, before: i64) -> DomainResult<u64> {
    Ok(sqlx::query("DELETE FROM email_links WHERE expires_at < $1")
        .bind(before)
        .execute(db)
        .await?
        .rows_affected())
}
