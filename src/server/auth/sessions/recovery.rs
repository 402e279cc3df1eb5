//! A lost account: a forgotten password (a link by email, then a new password that signs in and
//! ends every other session), and an address changed by someone else (put back by the link
//! sent to the old address, which ends every session).

use super::{ClientInfo, Sessions, SignInStep};
use crate::server::{
    accounts::{ResetMail, rules},
    error::DomainResult,
};

impl Sessions {
    /// Asks for a reset link to be emailed to `email`. Counted against the address's budget
    /// (past it, refused with how long to wait); otherwise the answer is the same whether the
    /// address has an account or not, and so is its time: the link is written after the
    /// answer, off the request.
    pub async fn request_password_reset(
        &self,
        email: &str,
        client: &ClientInfo,
        mail: ResetMail,
    ) -> DomainResult<()> {
        let email = rules::email(email)?;
        self.throttle.reset_request(client.address).await?;
        let accounts = self.accounts.clone();
        tokio::spawn(async move {
            if let Err(error) = accounts.write_reset_link(&email, &mail).await {
                tracing::warn!(%error, "cannot write a password-reset email");
            }
        });
        Ok(())
    }

    /// Counts a request that makes the site email an address someone typed (a newsletter
    /// subscription), with the "forgot password" requests: refused when the client must wait.
    pub async fn count_email_request(&self, client: &ClientInfo) -> DomainResult<()> {
        self.throttle.reset_request(client.address).await
    }

    /// Sets a new password with a reset link and signs in with it; every other session of
    /// the account ends. Counted like a sign-up, so nobody tries links at will (they are 256
    /// bits besides). An account with a second factor is never signed into by its mailbox
    /// alone: the new password is set, and the sign-in waits for a code.
    pub async fn reset_password(
        &self,
        token: &str,
        new_password: String,
        client: &ClientInfo,
    ) -> DomainResult<SignInStep> {
        self.throttle.sign_up(client.address).await?;
        let account = self.accounts.reset_with_link(token, new_password).await?;
        self.store
            .revoke_all(account.id, self.clock.now_millis())
            .await?;
        self.password_step_done(account, client).await
    }

    /// Puts back the address an account had before a change, with the link sent to it, and
    /// ends every session of the account: whoever changed it is signed out.
    pub async fn undo_email_change(&self, token: &str, client: &ClientInfo) -> DomainResult<()> {
        self.throttle.sign_up(client.address).await?;
        let account = self.accounts.undo_email_change(token).await?;
        self.store
            .revoke_all(account.id, self.clock.now_millis())
            .await?;
        Ok(())
    }
}
