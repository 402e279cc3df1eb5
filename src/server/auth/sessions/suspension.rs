//! Suspending an account ends its sessions everywhere: its refresh tokens in the store, and
//! the access tokens already handed out on every server (`Accounts::is_suspended`, which
//! [`Sessions::verify`] consults in memory).

use super::Sessions;
use crate::server::{
    accounts::{Requester, UserId},
    error::DomainResult,
};

impl Sessions {
    /// Suspends the account called `username` (admins only) and ends every session it has;
    /// its posts stay. When this returns, no server takes its tokens.
    pub async fn suspend(&self, by: Requester, username: &str) -> DomainResult<()> {
        let id = self.accounts.suspend(by, username).await?;
        self.end_all(id).await
    }

    /// Ends every session of the account: its refresh tokens stop at once. (Its access tokens
    /// stop where [`Sessions::verify`] knows it is suspended or gone.)
    pub async fn end_all(&self, id: UserId) -> DomainResult<()> {
        self.store.revoke_all(id, self.clock.now_millis()).await?;
        Ok(())
    }

    /// Lifts a suspension: the account can sign in again.
    pub async fn reinstate(&self, by: Requester, username: &str) -> DomainResult<()> {
        self.accounts.reinstate(by, username).await
    }
}
