//! The `invitations` table. Only SQL lives here.

use super::UserId;
use crate::{
    model::Role,
    server::{db::Db, error::DomainResult},
};

pub struct NewInvitationRow<'a> {
    pub digest: &'a str,
    pub role: Role,
    pub created_by: UserId,
    pub now: i64,
    pub expires_at: i64,
}

/// An invitation still usable: `(id, role, inviter's name, created_at, expires_at)`.
pub type PendingRow = (i64, Role, Option<String>, i64, i64);

pub async fn insert<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    row: NewInvitationRow<'_>,
) -> DomainResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO invitations (token_hash, role, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(row.digest)
    .bind(row.role)
    .bind(row.created_by)
    .bind(row.now)
    .bind(row.expires_at)
    .fetch_one(executor)
    .await?)
}

pub async fn pending_one(db: &Db, id: i64) -> DomainResult<Option<PendingRow>> {
    Ok(sqlx::query_as(
        "SELECT i.id, i.role, u.username, i.created_at, i.expires_at \
         FROM invitations i LEFT JOIN users u ON u.id = i.created_by WHERE i.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// The usable invitations, the longest-lived first: the partial index holds only unused,
/// unrevoked ones, in expiry order.
pub const PENDING: &str = "SELECT i.id, i.role, u.username, i.created_at, i.expires_at \
     FROM invitations i LEFT JOIN users u ON u.id = i.created_by \
     WHERE i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $1 \
     ORDER BY i.expires_at DESC LIMIT $2";

pub async fn pending(db: &Db, now: i64, limit: i64) -> DomainResult<Vec<PendingRow>> {
    Ok(sqlx::query_as(PENDING)
        .bind(now)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// Revokes an unused invitation; whether there was one.
pub async fn revoke<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    id: i64,
    now: i64,
) -> DomainResult<bool> {
    let done = sqlx::query(
        "UPDATE invitations SET revoked_at = $2 \
         WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Uses up a usable invitation, in the transaction that makes its account: its role.
pub async fn take<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    digest: &str,
    now: i64,
) -> DomainResult<Option<Role>> {
    Ok(sqlx::query_scalar(
        "UPDATE invitations SET used_at = $2 \
         WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2 \
         RETURNING role",
    )
    .bind(digest)
    .bind(now)
    .fetch_optional(executor)
    .await?)
}

/// Says who used the invitation, once their account exists.
pub async fn used_by<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    digest: &str,
    user: UserId,
) -> DomainResult<()> {
    sqlx::query("UPDATE invitations SET used_by = $2 WHERE token_hash = $1")
        .bind(digest)
        .bind(user)
        .execute(executor)
        .await?;
    Ok(())
}
