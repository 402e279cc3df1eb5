//! Changes made outside the servers: the command line (`blog import`) writes to the database
//! while servers run, and their cached pages would not know. The command moves a counter in
//! the database; every server reads it once a second and forgets every page when it moved.

use std::time::Duration;

use crate::server::{
    changes::{Change, Changes},
    db::Db,
};

/// How often a server looks at the counter: the longest a page can lag an import.
const EVERY: Duration = Duration::from_secs(1);

/// Tells every running server that the database changed behind their backs.
pub async fn mark(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outside_changes SET version = version + 1 WHERE id = 1")
        .execute(db)
        .await
        .map(drop)
}

async fn version(db: &Db) -> Option<i64> {
    sqlx::query_scalar("SELECT version FROM outside_changes WHERE id = 1")
        .fetch_one(db)
        .await
        .ok()
}

/// Watches the counter for as long as the process runs.
pub fn watch(db: Db, changes: Changes) {
    tokio::spawn(async move {
        let mut seen = version(&db).await;
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            let now = version(&db).await;
            if now.is_some() && now != seen {
                if seen.is_some() {
                    tracing::info!("the database changed outside the server; forgetting pages");
                    changes.announce_relayed(Change::Everything);
                }
                seen = now;
            }
        }
    });
}
