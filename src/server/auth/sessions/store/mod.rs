//! Where sessions and their refresh tokens are kept: the SQL database (the default) or Redis
//! (`sessions.store`). Both keep only SHA-256 digests of tokens, every retired token of a
//! session until the session is forgotten, and make rotation an atomic compare-and-swap.

mod redis;
mod sql;

pub use self::{redis::RedisSessionStore, sql::SqlSessionStore};
use std::sync::Arc;

use async_trait::async_trait;

use super::SessionRecord;
use crate::server::{
    accounts::UserId,
    auth::SessionId,
    db::Db,
    error::DomainResult,
    settings::{SessionStoreKind, Settings},
    shared::Redis,
};

/// A token digest and the session it belongs to.
pub struct TokenRecord {
    pub session: SessionRecord,
    /// `None` for the session's current token; when it was replaced, for a retired one.
    pub retired_at: Option<i64>,
}

/// What a session store does; `Sessions` holds one behind this trait and never asks which.
#[async_trait]
pub trait SessionStore: Send + Sync + std::fmt::Debug {
    /// Stores a new session with its first refresh token.
    async fn open(&self, session: &SessionRecord, token_digest: &str) -> DomainResult<()>;

    /// The session a token digest belongs to, current or retired, whatever its state.
    async fn find_token(&self, token_digest: &str) -> DomainResult<Option<TokenRecord>>;

    async fn find(&self, id: &SessionId) -> DomainResult<Option<SessionRecord>>;

    /// Retires `old` and makes `new` the session's token, if `old` is still current and the
    /// session still live. False when another request rotated first (or the session ended).
    async fn rotate(
        &self,
        id: &SessionId,
        old_digest: &str,
        new_digest: &str,
        now: i64,
        expires_at: i64,
    ) -> DomainResult<bool>;

    /// Records a use of the session (a refresh that did not rotate).
    async fn touch(&self, id: &SessionId, now: i64) -> DomainResult<()>;

    /// Ends one session; its refresh tokens stop working at once.
    async fn revoke(&self, id: &SessionId, now: i64) -> DomainResult<()>;

    /// Ends every session of a user but `keep`.
    async fn revoke_all_but(&self, user: UserId, keep: &SessionId, now: i64) -> DomainResult<u64>;

    /// Ends every session of a user.
    async fn revoke_all(&self, user: UserId, now: i64) -> DomainResult<u64> {
        // No session has an empty id: every one of the account's ends.
        self.revoke_all_but(user, &SessionId(String::new()), now)
            .await
    }

    /// A user's sessions that have neither ended nor expired, most recently used first.
    async fn live(&self, user: UserId, now: i64) -> DomainResult<Vec<SessionRecord>>;

    /// Forgets sessions that ended before `before`; a store that forgets them by itself
    /// (Redis) has nothing to do.
    async fn prune(&self, _before: i64) -> DomainResult<u64> {
        Ok(0)
    }
}

/// Where refresh sessions are kept, as `sessions.store` says: the database, or Redis when
/// there is one.
pub fn configured(settings: &Settings, db: &Db, redis: Option<&Redis>) -> Arc<dyn SessionStore> {
    match (redis, settings.sessions.store) {
        (Some(redis), SessionStoreKind::Redis) => Arc::new(RedisSessionStore::new(redis.clone())),
        _ => Arc::new(SqlSessionStore::new(db.clone())),
    }
}
