//! What proves a copy whole: the rows of a table, in key order, digested value by value.

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::{Any, AssertSqlSafe, Row, any::AnyRow};

use super::{Column, MigrateError, column_list};

/// Rows and a SHA-256 over every value of every row, in key order: the same on both sides
/// exactly when the tables hold the same data.
pub(super) async fn checksum<'e, E>(
    executor: E,
    table: &str,
    order: &str,
    columns: &[Column],
) -> Result<(u64, String), MigrateError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let select = format!(
        "SELECT {} FROM {table} ORDER BY {order}",
        column_list(columns)
    );
    let mut hasher = Sha256::new();
    let mut rows = 0u64;
    let mut stream = sqlx::query(AssertSqlSafe(select)).fetch(executor);
    while let Some(row) = stream.try_next().await? {
        rows += 1;
        digest_row(&mut hasher, &row, columns)?;
    }
    Ok((rows, hex::encode(&hasher.finalize()[..8])))
}

fn digest_row(hasher: &mut Sha256, row: &AnyRow, columns: &[Column]) -> Result<(), MigrateError> {
    for (index, column) in columns.iter().enumerate() {
        let value = if column.number {
            row.try_get::<Option<i64>, _>(index)?.map(|n| n.to_string())
        } else {
            row.try_get::<Option<String>, _>(index)?
        };
        match value {
            Some(value) => {
                hasher.update(b"v");
                hasher.update((value.len() as u64).to_le_bytes());
                hasher.update(value.as_bytes());
            }
            None => hasher.update(b"n"),
        }
    }
    Ok(())
}
