//! The devices signed into an account (OWASP ASVS 7.5.2): listed, ended one by one or all
//! but the caller's own, and forgotten a day after they end.

use std::time::Duration;

use super::{DeviceSession, Sessions};
use crate::server::{
    auth::{SessionId, tokens::TokenSubject},
    clock::duration_millis,
    error::{DomainError, DomainResult, Resource},
};

impl Sessions {
    /// The user's signed-in devices, the caller's own marked.
    pub async fn devices(&self, subject: &TokenSubject) -> DomainResult<Vec<DeviceSession>> {
        let now = self.clock.now_millis();
        let sessions = self.store.live(subject.user_id, now).await?;
        Ok(sessions
            .into_iter()
            .map(|session| DeviceSession {
                current: session.id == subject.session_id,
                id: session.id,
                user_agent: session.user_agent,
                signed_in_at: session.created_at,
                last_used_at: session.last_used_at,
            })
            .collect())
    }

    /// Ends one of the user's own sessions.
    pub async fn end(&self, subject: &TokenSubject, id: &SessionId) -> DomainResult<()> {
        let owned = self
            .store
            .find(id)
            .await?
            .is_some_and(|session| session.user_id == subject.user_id);
        if !owned {
            return Err(DomainError::NotFound(Resource::Session));
        }
        self.store.revoke(id, self.clock.now_millis()).await
    }

    /// Ends every session of the user but the caller's own.
    pub async fn end_others(&self, subject: &TokenSubject) -> DomainResult<u64> {
        self.store
            .revoke_all_but(
                subject.user_id,
                &subject.session_id,
                self.clock.now_millis(),
            )
            .await
    }

    /// Forgets sessions that ended more than a day ago; run now and then by the server.
    pub async fn prune(&self) -> DomainResult<u64> {
        let day = duration_millis(Duration::from_secs(24 * 60 * 60));
        self.store.prune(self.clock.now_millis() - day).await
    }
}
