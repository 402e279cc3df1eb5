//! `blog migrate --to postgres://…`: moves a grown SQLite blog into an empty PostgreSQL
//! database, whole: every table, row for row, with its ids, in one transaction that is
//! committed only once every table's row count and checksum match the source's. The source
//! is opened read-only and never changed.
//!
//! The tables are named here, parents first; a SQLite table this list does not know stops the
//! move before anything is written, so a later feature cannot be left behind unnoticed.

mod checksum;
mod target;

use std::fmt;

use futures_util::TryStreamExt;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};

use super::progress;
use crate::server::{
    db::{self, Backend, Db, DbError},
    settings::DatabaseSettings,
};
use checksum::checksum;
use target::{TargetAtStart, remove_schema, target_at_start};

/// Every table of the blog, parents before children, with the columns that order its rows.
const TABLES: [(&str, &str); 27] = [
    ("users", "id"),
    ("posts", "id"),
    ("tags", "id"),
    ("post_tags", "post_id, tag_id"),
    ("comments", "id"),
    ("favorites", "user_id, post_id"),
    ("follows", "follower_id, followee_id"),
    ("post_revisions", "id"),
    ("media", "id"),
    ("uploads", "user_id, media_id"),
    ("post_media", "post_id, media_id"),
    ("sessions", "id"),
    ("refresh_tokens", "token_hash"),
    ("site_counts", "id"),
    ("outside_changes", "id"),
    ("setup_links", "token_hash"),
    ("site_settings", "key"),
    ("invitations", "id"),
    ("audit_log", "id"),
    ("subscriptions", "id"),
    ("newsletters", "id"),
    ("outbox", "id"),
    ("password_resets", "id"),
    ("email_links", "id"),
    ("totp_secrets", "user_id"),
    ("recovery_codes", "code_hash"),
    ("sign_in_challenges", "token_hash"),
];

/// Tables whose one row the migrations write: replaced by the source's.
const SEEDED: [&str; 2] = ["site_counts", "outside_changes"];

/// SQLite's own tables and sqlx's record of migrations, which the target has of its own.
const NOT_COPIED: [&str; 2] = ["_sqlx_migrations", "sqlite_sequence"];

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("the blog to move must be on SQLite; database.url is {0}")]
    SourceNotSqlite(String),
    #[error("--to must be a postgres:// URL")]
    TargetNotPostgres,
    #[error(transparent)]
    Open(#[from] DbError),
    #[error("the target database is not empty ({table} has rows); move into a new database")]
    TargetNotEmpty { table: &'static str },
    #[error(
        "the target database holds tables that are not a blog's ({0}); move into a new database"
    )]
    TargetHoldsOtherTables(String),
    #[error(
        "the SQLite blog has a table `{0}` this version does not know how to move; nothing was \
         written"
    )]
    UnknownTable(String),
    #[error("column {table}.{column} has a type ({kind}) this version does not move")]
    UnknownType {
        table: &'static str,
        column: String,
        kind: String,
    },
    #[error(
        "{table}: the copy does not match the source ({source_rows} rows, checksum {source_sum} \
         vs {copied_rows} rows, checksum {copied_sum}); nothing was committed"
    )]
    Mismatch {
        table: &'static str,
        source_rows: u64,
        source_sum: String,
        copied_rows: u64,
        copied_sum: String,
    },
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
}

/// What was moved, table by table.
pub struct Summary {
    pub tables: Vec<(&'static str, u64, String)>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "moved and verified:")?;
        for (table, rows, checksum) in &self.tables {
            writeln!(f, "  {table:<15} {rows:>9} rows  sha256 {checksum}")?;
        }
        Ok(())
    }
}

/// A column as the target defines it: its name and whether it holds a number or text.
struct Column {
    name: String,
    number: bool,
}

/// Moves the SQLite blog at `source` into the PostgreSQL database at `to`. Refused or failed,
/// it leaves the target as it found it: everything about the source is checked before the
/// target is touched, the rows go in one transaction, and the schema the move made in an
/// empty database is removed again.
pub async fn run(source: &DatabaseSettings, to: &str) -> Result<Summary, MigrateError> {
    if Backend::of_url(&source.url) != Backend::Sqlite {
        return Err(MigrateError::SourceNotSqlite(source.url.clone()));
    }
    if !(to.starts_with("postgres://") || to.starts_with("postgresql://")) {
        return Err(MigrateError::TargetNotPostgres);
    }
    let source = db::connect_read_only(&source.url).await?;
    check_tables_known(&source).await?;
    let found = target_at_start(to).await?;
    let target = db::connect(&DatabaseSettings {
        url: to.to_owned(),
        max_connections: 2,
    })
    .await?;
    let moved = move_rows(&source, &target).await;
    if moved.is_err()
        && found == TargetAtStart::Empty
        && let Err(error) = remove_schema(&target).await
    {
        tracing::error!(%error, "the move failed and the schema it made could not be removed");
    }
    moved
}

/// Copies every table into the (migrated) target in one transaction, committed only when each
/// table's copy matches its source.
async fn move_rows(source: &Db, target: &Db) -> Result<Summary, MigrateError> {
    for (table, _) in TABLES {
        if !SEEDED.contains(&table) && count(target, table).await? > 0 {
            return Err(MigrateError::TargetNotEmpty { table });
        }
    }
    let mut total = 0;
    for (table, _) in TABLES {
        total += count(source, table).await?;
    }
    let bar = progress::bar(usize::try_from(total).unwrap_or(usize::MAX), "moving");
    let mut tx = target.begin().await?;
    for table in SEEDED {
        sqlx::query(AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&mut *tx)
            .await?;
    }
    let mut summary = Summary { tables: Vec::new() };
    for (table, order) in TABLES {
        let columns = columns(&mut tx, table).await?;
        copy(source, &mut tx, table, &columns, &bar).await?;
        reset_identity(&mut tx, table).await?;
        let (source_rows, source_sum) = checksum(source, table, order, &columns).await?;
        let (copied_rows, copied_sum) = checksum(&mut *tx, table, order, &columns).await?;
        if (source_rows, &source_sum) != (copied_rows, &copied_sum) {
            return Err(MigrateError::Mismatch {
                table,
                source_rows,
                source_sum,
                copied_rows,
                copied_sum,
            });
        }
        summary.tables.push((table, copied_rows, copied_sum));
    }
    // The index is not copied: the first server to start on the target makes it from the
    // posts, even if one already started there (and marked an empty index current).
    sqlx::query("UPDATE search_index_state SET terms_version = 0")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    bar.finish_and_clear();
    Ok(summary)
}

/// The search index (an FTS5 table and the tables SQLite keeps it in): not copied, the
/// target's is made from the posts when a server first starts on it (its version is unset).
fn is_search_index(table: &str) -> bool {
    table == "search_index_state" || table == "post_search" || table.starts_with("post_search_")
}

async fn check_tables_known(source: &Db) -> Result<(), MigrateError> {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(source)
            .await?;
    for name in names {
        let known = TABLES.iter().any(|(table, _)| *table == name)
            || NOT_COPIED.contains(&name.as_str())
            || is_search_index(&name);
        if !known {
            return Err(MigrateError::UnknownTable(name));
        }
    }
    Ok(())
}

async fn count(source: &Db, table: &str) -> Result<i64, MigrateError> {
    Ok(
        sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(source)
            .await?,
    )
}

/// The target's columns of `table`, in their order.
async fn columns(
    tx: &mut Transaction<'_, Any>,
    table: &'static str,
) -> Result<Vec<Column>, MigrateError> {
    let rows = sqlx::query(
        "SELECT column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| {
            let name: String = row.get(0);
            let kind: String = row.get(1);
            match kind.as_str() {
                "bigint" | "integer" | "smallint" => Ok(Column { name, number: true }),
                "text" | "character varying" => Ok(Column {
                    name,
                    number: false,
                }),
                _ => Err(MigrateError::UnknownType {
                    table,
                    column: name,
                    kind,
                }),
            }
        })
        .collect()
}

fn column_list(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|column| column.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn copy(
    source: &Db,
    tx: &mut Transaction<'_, Any>,
    table: &str,
    columns: &[Column],
    bar: &indicatif::ProgressBar,
) -> Result<(), MigrateError> {
    let list = column_list(columns);
    let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
    // Ids are copied as they are, so every reference stays right.
    let insert = format!(
        "INSERT INTO {table} ({list}) OVERRIDING SYSTEM VALUE VALUES ({})",
        placeholders.join(", ")
    );
    let select = format!("SELECT {list} FROM {table}");
    let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(source);
    while let Some(row) = rows.try_next().await? {
        let mut query = sqlx::query(AssertSqlSafe(insert.as_str()));
        for (index, column) in columns.iter().enumerate() {
            query = if column.number {
                query.bind(row.try_get::<Option<i64>, _>(index)?)
            } else {
                query.bind(row.try_get::<Option<String>, _>(index)?)
            };
        }
        query.execute(&mut **tx).await?;
        bar.inc(1);
    }
    Ok(())
}

/// New rows after the move get ids after the copied ones.
async fn reset_identity(tx: &mut Transaction<'_, Any>, table: &str) -> Result<(), MigrateError> {
    let identity: Option<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = \
         current_schema() AND table_name = $1 AND is_identity = 'YES'",
    )
    .bind(table)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(column) = identity {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
             COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
        )))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
