//! The `audit_log` table. Only SQL lives here.

use crate::server::{db::Db, error::DomainResult};

/// One entry as stored: `(id, at, actor, action, subject, address)`.
pub type EntryRow = (i64, i64, String, String, String, Option<String>);

pub struct NewEntry<'a> {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub address: Option<String>,
}

pub async fn insert<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    entry: NewEntry<'_>,
) -> DomainResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, action, subject, address) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(entry.at)
    .bind(entry.actor_id)
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.subject)
    .bind(entry.address)
    .execute(executor)
    .await?;
    Ok(())
}

/// The newest entries, before `before` (an id) when given: the primary key read backwards.
pub const PAGE: &str = "SELECT id, at, actor, action, subject, address FROM audit_log \
     WHERE id < $1 ORDER BY id DESC LIMIT $2";

pub async fn page(db: &Db, before: i64, limit: i64) -> DomainResult<Vec<EntryRow>> {
    Ok(sqlx::query_as(PAGE)
        .bind(before)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// Forgets all but the newest `keep` entries; how many went.
pub async fn prune(db: &Db, keep: i64) -> DomainResult<u64> {
    let done =
        sqlx::query("DELETE FROM audit_log WHERE id <= (SELECT MAX(id) FROM audit_log) - $1")
            .bind(keep)
            .execute(db)
            .await?;
    Ok(done.rows_affected())
}
