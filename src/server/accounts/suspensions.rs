//! Which accounts are suspended, known in memory on every server: access tokens are checked
//! without the database, so a suspension must reach each server's memory to end the sessions
//! it has already signed. A suspension is heard at once through the change relay
//! (`Change::Suspension`); every server also reads the list again every few seconds, so one
//! that missed a relayed change (delivery is at most once) catches up within that time.

use std::{
    collections::HashSet,
    sync::{Arc, RwLock},
    time::Duration,
};

use super::{UserId, member_store};
use crate::server::{
    changes::{Change, Changes},
    db::Db,
    error::DomainResult,
};

/// How often each server reads the list of suspended accounts again.
pub const SUSPENSIONS_REREAD: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, Default)]
pub struct Suspensions {
    known: Arc<RwLock<Known>>,
}

#[derive(Debug, Default)]
struct Known {
    ids: HashSet<UserId>,
    /// Counts the changes heard, so a list read from the database before a change is not
    /// taken over the change.
    changes_heard: u64,
}

impl Suspensions {
    /// A list that follows the changes announced here and relayed from other servers.
    pub fn following(changes: &Changes) -> Self {
        let suspensions = Self::default();
        let known = Arc::downgrade(&suspensions.known);
        changes.listen(move |change| {
            if let (Change::Suspension { account, suspended }, Some(known)) =
                (change, known.upgrade())
            {
                let mut known = known.write().expect("suspensions");
                known.changes_heard += 1;
                if *suspended {
                    known.ids.insert(UserId(*account));
                } else {
                    known.ids.remove(&UserId(*account));
                }
            }
        });
        suspensions
    }

    pub fn contains(&self, id: UserId) -> bool {
        self.known.read().expect("suspensions").ids.contains(&id)
    }

    /// Reads the list from the database; a change heard meanwhile wins (the next read has it).
    pub async fn reread(&self, db: &Db) -> DomainResult<()> {
        let heard_before = self.known.read().expect("suspensions").changes_heard;
        let ids: HashSet<UserId> = member_store::suspended(db).await?.into_iter().collect();
        let mut known = self.known.write().expect("suspensions");
        if known.changes_heard == heard_before {
            known.ids = ids;
        }
        Ok(())
    }
}
