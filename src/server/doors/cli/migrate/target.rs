//! The target as the move finds it, and as a failed move leaves it: a database with no table
//! gets the schema, and loses it again if the move fails; a blog's schema must hold no rows;
//! anything else is refused untouched.

use sqlx::AssertSqlSafe;

use super::MigrateError;
use crate::server::db::Db;

/// What the target held before the move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TargetAtStart {
    /// No table at all: the move makes the schema (and removes it if it fails).
    Empty,
    /// A blog's schema, which must hold no rows.
    Blog,
}

/// Looks at the target without changing it: no migration has run yet.
pub(super) async fn target_at_start(to: &str) -> Result<TargetAtStart, MigrateError> {
    sqlx::any::install_default_drivers();
    let look = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(to)
        .await?;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() ORDER BY table_name",
    )
    .fetch_all(&look)
    .await?;
    look.close().await;
    if tables.is_empty() {
        Ok(TargetAtStart::Empty)
    } else if tables.iter().any(|table| table == "_sqlx_migrations") {
        Ok(TargetAtStart::Blog)
    } else {
        Err(MigrateError::TargetHoldsOtherTables(tables.join(", ")))
    }
}

/// Drops every table of the target's schema: only ever called on a database that had none
/// before the move made them.
pub(super) async fn remove_schema(target: &Db) -> Result<(), sqlx::Error> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema()",
    )
    .fetch_all(target)
    .await?;
    for table in tables {
        let quoted = table.replace('"', "\"\"");
        sqlx::query(AssertSqlSafe(format!(
            "DROP TABLE IF EXISTS \"{quoted}\" CASCADE"
        )))
        .execute(target)
        .await?;
    }
    Ok(())
}
