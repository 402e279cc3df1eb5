//! Deleting an account, which reaches past accounts into content: its posts are handed to
//! another author or deleted, its favorites leave the counts they moved, it is suspended (its
//! sessions end on every server) first, and what is left of it is a tombstone
//! (`accounts::tombstone`).

use crate::{
    model::{Action, TheirPosts},
    server::{
        accounts::{Accounts, Requester, tombstone},
        audit::{self, AuditAction},
        auth::{second_factor, sessions::Sessions},
        changes::{Change, Changes},
        clock::Clock,
        content::{Posts, posts::Scope, store::handover},
        db::Db,
        error::{DomainError, DomainResult},
    },
};

/// Posts deleted per round when an account's posts go with it.
const DELETED_PER_ROUND: i64 = 100;

#[derive(Clone, Debug)]
pub struct People {
    db: Db,
    clock: Clock,
    accounts: Accounts,
    sessions: Sessions,
    posts: Posts,
    changes: Changes,
}

impl People {
    pub fn new(
        db: Db,
        clock: Clock,
        accounts: Accounts,
        sessions: Sessions,
        posts: Posts,
        changes: Changes,
    ) -> Self {
        Self {
            db,
            clock,
            accounts,
            sessions,
            posts,
            changes,
        }
    }

    /// Turns off the second factor of a member who lost both their app and their recovery
    /// codes: admins only, never an admin's (an admin who lost theirs is restored at the
    /// command line, `blog user second-factor-off`, so one stolen admin account cannot strip
    /// the others), recorded in the audit log. Their sessions stay; their password alone signs
    /// in again until they set up a new app.
    pub async fn remove_second_factor(&self, by: Requester, username: &str) -> DomainResult<()> {
        self.accounts
            .require_admin(by.id, "only admins remove a member's second factor")
            .await?;
        let id = self.accounts.not_an_admin(username).await?;
        let actor = self.accounts.actor(by).await?;
        let now = self.clock.now_millis();
        if second_factor::remove_on_behalf(&self.db, now, id, username, &actor).await? {
            Ok(())
        } else {
            Err(DomainError::invalid(
                "username",
                "has no two-step sign-in to remove",
            ))
        }
    }

    /// Deletes the account called `username` (admins only; never an admin's) and does with
    /// its posts as `their_posts` says. Its sessions end first, so it writes nothing more
    /// while its posts move. Returns how many posts were handed over or deleted.
    pub async fn delete(
        &self,
        by: Requester,
        username: &str,
        their_posts: &TheirPosts,
    ) -> DomainResult<u64> {
        self.accounts
            .require_admin(by.id, "only admins delete accounts")
            .await?;
        let id = self.accounts.not_an_admin(username).await?;
        let heir = match their_posts {
            TheirPosts::HandTo(heir) => {
                let heir_id = self.accounts.member_id(heir).await.map_err(|_| {
                    DomainError::invalid("hand_to", "names no account on this site")
                })?;
                if heir_id == id {
                    return Err(DomainError::invalid(
                        "hand_to",
                        "is the account being deleted: name another author",
                    ));
                }
                if !self.accounts.role(heir_id).await?.may(Action::PublishOwn) {
                    return Err(DomainError::invalid(
                        "hand_to",
                        "cannot publish posts: give them the author role first",
                    ));
                }
                Some(heir_id)
            }
            TheirPosts::Delete => None,
        };
        let actor = self.accounts.actor(by).await?;
        // Suspended first, in the database too: its tokens are refused on every server from
        // here on, and an interrupted deletion (a time-out among thousands of posts) leaves a
        // suspended account to delete again, never a live one with half its posts.
        self.sessions.suspend(by, username).await?;
        let mut deleted = 0;
        if heir.is_none() {
            // One post at a time, each through the one path that keeps the counts in step.
            loop {
                let slugs = handover::some_posts_of(&self.db, id, DELETED_PER_ROUND).await?;
                if slugs.is_empty() {
                    break;
                }
                for slug in slugs {
                    self.posts.delete(by.id, &slug, Scope::WithDrafts).await?;
                    deleted += 1;
                }
            }
        }
        let mut tx = self.db.begin().await?;
        let handed = match heir {
            Some(heir) => handover::hand_over(&mut tx, id, heir).await?,
            None => 0,
        };
        handover::withdraw_favorites(&mut tx, id).await?;
        let now = self.clock.now_millis();
        tombstone(&mut tx, id, now).await?;
        let subject = match their_posts {
            TheirPosts::HandTo(heir) => format!("{username}: {handed} posts handed to {heir}"),
            TheirPosts::Delete => format!("{username}: {deleted} posts deleted"),
        };
        audit::record(&mut *tx, now, &actor, AuditAction::AccountDeleted, &subject).await?;
        tx.commit().await?;
        // Its name, comments and favorites were on pages anywhere.
        self.changes.announce(Change::Account(id.0));
        self.changes.announce(Change::Everything);
        Ok(handed + deleted)
    }
}
