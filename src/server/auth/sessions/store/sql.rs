//! Sessions and their refresh tokens in the SQL database. Rotation is a compare-and-swap on
//! the current token's `retired_at`, so of two refreshes racing with one token exactly one
//! rotates, on SQLite and PostgreSQL alike.

use async_trait::async_trait;

use super::{SessionRecord, SessionStore, TokenRecord};
use crate::server::{accounts::UserId, auth::SessionId, db::Db, error::DomainResult};

#[derive(sqlx::FromRow)]
struct TokenRow {
    #[sqlx(flatten)]
    session: SessionRecord,
    retired_at: Option<i64>,
}

/// `SELECT` of a session's columns (table alias `s`) followed by the rest of the query.
macro_rules! select_session {
    ($($rest:literal),+) => {
        concat!(
            "SELECT s.id, s.user_id, s.created_at, s.last_used_at, s.expires_at, ",
            "s.absolute_expires_at, s.revoked_at, s.user_agent, s.sign_in_method",
            $($rest),+
        )
    };
}

#[derive(Clone, Debug)]
pub struct SqlSessionStore {
    db: Db,
}

impl SqlSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl SessionStore for SqlSessionStore {
    /// Stores a new session with its first refresh token.
    async fn open(&self, session: &SessionRecord, token_digest: &str) -> DomainResult<()> {
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, \
             absolute_expires_at, user_agent, sign_in_method) \
             VALUES ($1, $2, $3, $3, $4, $5, $6, $7)",
        )
        .bind(&session.id)
        .bind(session.user_id)
        .bind(session.created_at)
        .bind(session.expires_at)
        .bind(session.absolute_expires_at)
        .bind(&session.user_agent)
        .bind(&session.sign_in_method)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, $3)",
        )
        .bind(token_digest)
        .bind(&session.id)
        .bind(session.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session a token digest belongs to, current or retired, whatever its state.
    async fn find_token(&self, token_digest: &str) -> DomainResult<Option<TokenRecord>> {
        let row: Option<TokenRow> = sqlx::query_as(select_session!(
            ", t.retired_at FROM refresh_tokens t ",
            "JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = $1"
        ))
        .bind(token_digest)
        .fetch_optional(&self.db)
        .await?;
        Ok(row.map(|row| TokenRecord {
            session: row.session,
            retired_at: row.retired_at,
        }))
    }

    async fn find(&self, id: &SessionId) -> DomainResult<Option<SessionRecord>> {
        Ok(
            sqlx::query_as(select_session!(" FROM sessions s WHERE s.id = $1"))
                .bind(id)
                .fetch_optional(&self.db)
                .await?,
        )
    }

    /// Retires `old` and makes `new` the session's token, if `old` is still current and the
    /// session still live. False when another request rotated first (or the session ended).
    async fn rotate(
        &self,
        id: &SessionId,
        old_digest: &str,
        new_digest: &str,
        now: i64,
        expires_at: i64,
    ) -> DomainResult<bool> {
        let mut tx = self.db.begin().await?;
        let retired = sqlx::query(
            "UPDATE refresh_tokens SET retired_at = $1 \
             WHERE token_hash = $2 AND session_id = $3 AND retired_at IS NULL \
             AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = $3 AND s.revoked_at IS NULL)",
        )
        .bind(now)
        .bind(old_digest)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if retired.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, $3)",
        )
        .bind(new_digest)
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE sessions SET expires_at = $1, last_used_at = $2 WHERE id = $3")
            .bind(expires_at)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Records a use of the session (a refresh that did not rotate).
    async fn touch(&self, id: &SessionId, now: i64) -> DomainResult<()> {
        sqlx::query("UPDATE sessions SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Ends one session; its refresh tokens stop working at once.
    async fn revoke(&self, id: &SessionId, now: i64) -> DomainResult<()> {
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Ends every session of a user but `keep`.
    async fn revoke_all_but(&self, user: UserId, keep: &SessionId, now: i64) -> DomainResult<u64> {
        let result = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 \
             WHERE user_id = $2 AND id <> $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(user)
        .bind(keep)
        .execute(&self.db)
        .await?;
        Ok(result.rows_affected())
    }

    /// A user's sessions that have neither ended nor expired, most recently used first.
    async fn live(&self, user: UserId, now: i64) -> DomainResult<Vec<SessionRecord>> {
        Ok(sqlx::query_as(select_session!(
            " FROM sessions s WHERE s.user_id = $1 AND s.revoked_at IS NULL ",
            "AND s.expires_at > $2 ORDER BY s.last_used_at DESC, s.id LIMIT 100"
        ))
        .bind(user)
        .bind(now)
        .fetch_all(&self.db)
        .await?)
    }

    /// Deletes sessions that ended before `before` (with their tokens): a refresh token of an
    /// ended session fails the same way whether its row is still there or not.
    async fn prune(&self, before: i64) -> DomainResult<u64> {
        let result = sqlx::query("DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1")
            .bind(before)
            .execute(&self.db)
            .await?;
        Ok(result.rows_affected())
    }
}
