//! Changes made outside the servers: the command line (`blog import`) writes to the database
//! while servers run, and their cached pages would not know. The command moves a counter in
//! the database; every server reads it once a second (`server::workers`) and forgets every
//! page when it moved.

use std::sync::{Arc, Mutex};

use crate::server::{
    changes::{Change, Changes},
    db::Db,
};

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

/// One server's view of the counter.
#[derive(Clone)]
pub struct OutsideChanges {
    db: Db,
    changes: Changes,
    seen: Arc<Mutex<Option<i64>>>,
}

impl OutsideChanges {
    pub fn new(db: Db, changes: Changes) -> Self {
        Self {
            db,
            changes,
            seen: Arc::default(),
        }
    }

    /// Reads the counter; when it moved since the last look (not on the first), forgets
    /// every page. Returns 1 when it did.
    pub async fn check(&self) -> u64 {
        let now = version(&self.db).await;
        let before = {
            let mut seen = self.seen.lock().expect("the outside counter");
            if now.is_none() || *seen == now {
                return 0;
            }
            seen.replace(now.unwrap_or_default())
        };
        if before.is_none() {
            return 0;
        }
        tracing::info!("the database changed outside the server; forgetting pages");
        self.changes.announce_relayed(Change::Everything);
        1
    }
}
