//! Login sessions and their refresh tokens, kept in the database.
//!
//! A refresh token is 256 random bits handed to the client once; the database keeps only its
//! SHA-256, so a leaked database cannot be replayed. Under `rotate`, each refresh replaces the
//! token and remembers the previous hash: presenting that previous token again after the grace
//! window means it was copied, and the whole session is revoked (reuse detection). Within the
//! window it is a second tab that refreshed at the same moment, and it is served.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{SessionId, UserId, now_millis, random_token};
use crate::server::{
    db::Db,
    settings::{AuthSettings, RefreshPolicy},
};

/// The plain refresh token, as handed to the client. Never stored, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct RefreshToken(pub String);

impl std::fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RefreshToken(..)")
    }
}

impl RefreshToken {
    fn generate() -> Self {
        Self(random_token(32))
    }

    fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

/// A session just opened or renewed.
#[derive(Debug, Clone)]
pub struct Renewal {
    pub user_id: UserId,
    pub session_id: SessionId,
    /// A new refresh token for the client, when the policy renews it; `None` means keep
    /// the one you have.
    pub refresh_token: Option<RefreshToken>,
    /// How long the client's refresh token (old or new) stays valid.
    pub refresh_expires_in: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// Unknown, expired or revoked: the user must sign in again.
    #[error("the session has ended; sign in again")]
    Ended,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Which of a session's two token hashes a lookup matches.
#[derive(Debug, Clone, Copy)]
enum TokenSlot {
    Current,
    Previous,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: String,
    user_id: i64,
    expires_at: i64,
    absolute_expires_at: i64,
    revoked_at: Option<i64>,
    token_hash: String,
    rotated_at: Option<i64>,
}

/// The refresh rules of `Leptos.toml`, applied to the sessions table.
#[derive(Debug, Clone)]
pub struct Sessions {
    db: Db,
    policy: RefreshPolicy,
    refresh_lifetime: Duration,
    max_session_lifetime: Duration,
    reuse_grace: Duration,
}

impl Sessions {
    pub fn new(db: Db, auth: &AuthSettings) -> Self {
        Self {
            db,
            policy: auth.refresh_policy,
            refresh_lifetime: auth.refresh_token_lifetime,
            max_session_lifetime: auth.session_max_lifetime,
            reuse_grace: auth.refresh_reuse_grace,
        }
    }

    /// Opens a session for a user who just proved who they are.
    pub async fn open(&self, user_id: UserId) -> Result<Renewal, SessionError> {
        let now = now_millis();
        let session_id = SessionId(random_token(16));
        let token = RefreshToken::generate();
        let expires_at = now + millis(self.refresh_lifetime);
        let absolute_expires_at = match self.policy {
            RefreshPolicy::Fixed => expires_at,
            RefreshPolicy::Rotate => now + millis(self.max_session_lifetime),
        };
        sqlx::query(
            "INSERT INTO sessions (id, user_id, created_at, expires_at, absolute_expires_at, \
             token_hash) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&session_id.0)
        .bind(user_id.0)
        .bind(now)
        .bind(expires_at)
        .bind(absolute_expires_at)
        .bind(token.digest())
        .execute(&self.db)
        .await?;
        Ok(Renewal {
            user_id,
            session_id,
            refresh_token: Some(token),
            refresh_expires_in: self.refresh_lifetime,
        })
    }

    /// Exchanges a refresh token for the right to a new access token, by the configured policy.
    pub async fn refresh(&self, token: &RefreshToken) -> Result<Renewal, SessionError> {
        self.refresh_matching(token, None).await
    }

    /// As `refresh`, but only for the given session: a refresh token of another session
    /// (another user's, say) must not renew this one, and is left untouched.
    pub async fn refresh_session(
        &self,
        token: &RefreshToken,
        session_id: &SessionId,
    ) -> Result<Renewal, SessionError> {
        self.refresh_matching(token, Some(session_id)).await
    }

    async fn refresh_matching(
        &self,
        token: &RefreshToken,
        expected: Option<&SessionId>,
    ) -> Result<Renewal, SessionError> {
        let digest = token.digest();
        let now = now_millis();
        let unexpected = |session: &SessionRow| expected.is_some_and(|id| id.0 != session.id);
        if let Some(session) = self.find(TokenSlot::Current, &digest).await? {
            if unexpected(&session) || session.revoked_at.is_some() || session.expires_at <= now {
                return Err(SessionError::Ended);
            }
            return match self.policy {
                RefreshPolicy::Fixed => Ok(self.kept(&session, now)),
                RefreshPolicy::Rotate => self.rotate(&session, now).await,
            };
        }
        if let Some(session) = self.find(TokenSlot::Previous, &digest).await? {
            if unexpected(&session) {
                return Err(SessionError::Ended);
            }
            let replaced_at = session.rotated_at.unwrap_or(0);
            let within_grace = now - replaced_at <= millis(self.reuse_grace);
            if session.revoked_at.is_none() && session.expires_at > now && within_grace {
                // Another tab rotated a moment ago; the browser already holds the new token.
                return Ok(self.kept(&session, now));
            }
            tracing::warn!(
                session = %session.id,
                user = session.user_id,
                "a replaced refresh token was presented again; revoking the session"
            );
            self.revoke(&SessionId(session.id)).await?;
        }
        Err(SessionError::Ended)
    }

    /// Ends one session; its refresh token stops working at once.
    pub async fn revoke(&self, session_id: &SessionId) -> Result<(), SessionError> {
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now_millis())
            .bind(&session_id.0)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Ends every session of a user but `keep` (after a password change).
    pub async fn revoke_others(
        &self,
        user_id: UserId,
        keep: &SessionId,
    ) -> Result<u64, SessionError> {
        let result = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 \
             WHERE user_id = $2 AND id <> $3 AND revoked_at IS NULL",
        )
        .bind(now_millis())
        .bind(user_id.0)
        .bind(&keep.0)
        .execute(&self.db)
        .await?;
        Ok(result.rows_affected())
    }

    /// The session a refresh token belongs to, whether or not it is still usable.
    pub async fn session_of(
        &self,
        token: &RefreshToken,
    ) -> Result<Option<SessionId>, SessionError> {
        let digest = token.digest();
        let found = match self.find(TokenSlot::Current, &digest).await? {
            Some(session) => Some(session),
            None => self.find(TokenSlot::Previous, &digest).await?,
        };
        Ok(found.map(|session| SessionId(session.id)))
    }

    async fn find(
        &self,
        slot: TokenSlot,
        digest: &str,
    ) -> Result<Option<SessionRow>, SessionError> {
        let query = match slot {
            TokenSlot::Current => {
                "SELECT id, user_id, expires_at, absolute_expires_at, revoked_at, token_hash, \
                 rotated_at FROM sessions WHERE token_hash = $1"
            }
            TokenSlot::Previous => {
                "SELECT id, user_id, expires_at, absolute_expires_at, revoked_at, token_hash, \
                 rotated_at FROM sessions WHERE previous_token_hash = $1"
            }
        };
        Ok(sqlx::query_as::<_, SessionRow>(query)
            .bind(digest)
            .fetch_optional(&self.db)
            .await?)
    }

    fn kept(&self, session: &SessionRow, now: i64) -> Renewal {
        Renewal {
            user_id: UserId(session.user_id),
            session_id: SessionId(session.id.clone()),
            refresh_token: None,
            refresh_expires_in: Duration::from_millis((session.expires_at - now).max(0) as u64),
        }
    }

    async fn rotate(&self, session: &SessionRow, now: i64) -> Result<Renewal, SessionError> {
        let token = RefreshToken::generate();
        let expires_at = (now + millis(self.refresh_lifetime)).min(session.absolute_expires_at);
        // Compare-and-swap on the current hash: of two refreshes racing with the same token,
        // exactly one rotates; the other finds it as the previous token, within the grace window.
        let rotated = sqlx::query(
            "UPDATE sessions SET previous_token_hash = token_hash, token_hash = $1, \
             rotated_at = $2, expires_at = $3 \
             WHERE id = $4 AND token_hash = $5 AND revoked_at IS NULL",
        )
        .bind(token.digest())
        .bind(now)
        .bind(expires_at)
        .bind(&session.id)
        .bind(&session.token_hash)
        .execute(&self.db)
        .await?;
        if rotated.rows_affected() == 0 {
            return self.refresh_after_race(&session.token_hash).await;
        }
        Ok(Renewal {
            user_id: UserId(session.user_id),
            session_id: SessionId(session.id.clone()),
            refresh_token: Some(token),
            refresh_expires_in: Duration::from_millis((expires_at - now).max(0) as u64),
        })
    }

    /// Another request rotated the same token between our read and our write: treat ours as
    /// the concurrent second tab.
    async fn refresh_after_race(&self, previous_digest: &str) -> Result<Renewal, SessionError> {
        let now = now_millis();
        match self.find(TokenSlot::Previous, previous_digest).await? {
            Some(session) if session.revoked_at.is_none() && session.expires_at > now => {
                Ok(self.kept(&session, now))
            }
            _ => Err(SessionError::Ended),
        }
    }
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX / 2)
}
