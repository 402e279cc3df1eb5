//! The `site_settings` table. Only SQL lives here.

use crate::{
    model::SettingKey,
    server::{db::Db, error::DomainResult},
};

/// Every setting set from the browser, as `(key, JSON value)`; keys this version does not
/// know (a newer server's) are left out.
pub async fn all(db: &Db) -> DomainResult<Vec<(SettingKey, String)>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM site_settings")
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(key, value)| Some((SettingKey::parse(&key)?, value)))
        .collect())
}

pub async fn put<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    key: SettingKey,
    value: &str,
    now: i64,
    by: i64,
) -> DomainResult<()> {
    sqlx::query(
        "INSERT INTO site_settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(key.name())
    .bind(value)
    .bind(now)
    .bind(by)
    .execute(executor)
    .await?;
    Ok(())
}

/// The setting goes back to the settings file's value.
pub async fn remove<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    key: SettingKey,
) -> DomainResult<()> {
    sqlx::query("DELETE FROM site_settings WHERE key = $1")
        .bind(key.name())
        .execute(executor)
        .await?;
    Ok(())
}
