//! Where sessions and their refresh tokens are kept: the SQL database (the default) or Redis
//! (`sessions.store`). Both keep only SHA-256 digests of tokens, every retired token of a
//! session until the session is forgotten, and make rotation an atomic compare-and-swap.

mod redis;
mod sql;

pub use self::{redis::RedisSessionStore, sql::SqlSessionStore};
use super::SessionRecord;
use crate::server::{accounts::UserId, auth::SessionId, error::DomainResult};

/// A token digest and the session it belongs to.
pub struct TokenRecord {
    pub session: SessionRecord,
    /// `None` for the session's current token; when it was replaced, for a retired one.
    pub retired_at: Option<i64>,
}

#[derive(Clone, Debug)]
pub enum SessionStore {
    Sql(SqlSessionStore),
    Redis(RedisSessionStore),
}

/// Calls the same method on whichever store is configured.
macro_rules! each_store {
    ($self:ident.$method:ident($($argument:expr),*)) => {
        match $self {
            SessionStore::Sql(store) => store.$method($($argument),*).await,
            SessionStore::Redis(store) => store.$method($($argument),*).await,
        }
    };
}

impl SessionStore {
    /// Stores a new session with its first refresh token.
    pub async fn open(&self, session: &SessionRecord, token_digest: &str) -> DomainResult<()> {
        each_store!(self.open(session, token_digest))
    }

    /// The session a token digest belongs to, current or retired, whatever its state.
    pub async fn find_token(&self, token_digest: &str) -> DomainResult<Option<TokenRecord>> {
        each_store!(self.find_token(token_digest))
    }

    pub async fn find(&self, id: &SessionId) -> DomainResult<Option<SessionRecord>> {
        each_store!(self.find(id))
    }

    /// Retires `old` and makes `new` the session's token, if `old` is still current and the
    /// session still live. False when another request rotated first (or the session ended).
    pub async fn rotate(
        &self,
        id: &SessionId,
        old_digest: &str,
        new_digest: &str,
        now: i64,
        expires_at: i64,
    ) -> DomainResult<bool> {
        each_store!(self.rotate(id, old_digest, new_digest, now, expires_at))
    }

    /// Records a use of the session (a refresh that did not rotate).
    pub async fn touch(&self, id: &SessionId, now: i64) -> DomainResult<()> {
        each_store!(self.touch(id, now))
    }

    /// Ends one session; its refresh tokens stop working at once.
    pub async fn revoke(&self, id: &SessionId, now: i64) -> DomainResult<()> {
        each_store!(self.revoke(id, now))
    }

    /// Ends every session of a user but `keep`.
    pub async fn revoke_all_but(
        &self,
        user: UserId,
        keep: &SessionId,
        now: i64,
    ) -> DomainResult<u64> {
        each_store!(self.revoke_all_but(user, keep, now))
    }

    /// A user's sessions that have neither ended nor expired, most recently used first.
    pub async fn live(&self, user: UserId, now: i64) -> DomainResult<Vec<SessionRecord>> {
        each_store!(self.live(user, now))
    }

    /// Forgets sessions that ended before `before`. Redis forgets them by itself.
    pub async fn prune(&self, before: i64) -> DomainResult<u64> {
        match self {
            Self::Sql(store) => store.prune(before).await,
            Self::Redis(_) => Ok(0),
        }
    }
}
