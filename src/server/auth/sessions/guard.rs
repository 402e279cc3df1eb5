//! The changes that could hand an account to someone else (a new password or email): they
//! need a session still live in the store and a recent sign-in, or the current password.
//! A new password ends every other session.

use super::{ClientInfo, Sessions};
use crate::server::{
    accounts::{Account, AccountChanges},
    auth::tokens::TokenSubject,
    clock::duration_millis,
    error::{DomainError, DomainResult},
};

impl Sessions {
    /// The signed-in user's account.
    pub async fn account(&self, subject: &TokenSubject) -> DomainResult<Account> {
        self.accounts.find(subject.user_id).await
    }

    /// Changes one's account. A new password or email needs the current password, or a
    /// session that is still live and was signed into recently; a new password ends every
    /// other session of the account.
    pub async fn update_account(
        &self,
        subject: &TokenSubject,
        mut changes: AccountChanges,
        current_password: Option<&str>,
        client: &ClientInfo,
    ) -> DomainResult<Account> {
        let current = self.accounts.find(subject.user_id).await?;
        // Clients send the whole account back; an email as it was is no change.
        if changes
            .email
            .as_deref()
            .is_some_and(|email| email.trim().eq_ignore_ascii_case(&current.email))
        {
            changes.email = None;
        }
        let password_changes = changes.password.is_some();
        if changes.is_sensitive() {
            self.authorize_sensitive_change(subject, current_password, client)
                .await?;
        }
        let account = self
            .accounts
            .update(subject.user_id, changes, client.language)
            .await?;
        if password_changes {
            self.end_others(subject).await?;
        }
        Ok(account)
    }

    /// Replaces the password after checking the current one, and ends every other session.
    pub async fn change_password(
        &self,
        subject: &TokenSubject,
        current: &str,
        new: String,
        client: &ClientInfo,
    ) -> DomainResult<()> {
        self.authorize_sensitive_change(subject, Some(current), client)
            .await?;
        self.accounts.set_password(subject.user_id, new).await?;
        self.end_others(subject).await?;
        Ok(())
    }

    /// A sensitive change is allowed by the current password, or by a recent sign-in into a
    /// session still live. The password is checked through the sign-in throttle: guessing it
    /// with a stolen access token is as slow as guessing it at the sign-in form.
    pub(super) async fn authorize_sensitive_change(
        &self,
        subject: &TokenSubject,
        current_password: Option<&str>,
        client: &ClientInfo,
    ) -> DomainResult<()> {
        let now = self.clock.now_millis();
        let session = self
            .store
            .find(&subject.session_id)
            .await?
            .filter(|session| session.is_live(now) && session.user_id == subject.user_id)
            .ok_or(DomainError::ReauthenticationRequired)?;
        match current_password {
            Some(password) => {
                let account_key = self.accounts.account_key(subject.user_id);
                self.throttle.attempt(&account_key, client.address).await?;
                if self
                    .accounts
                    .check_password(subject.user_id, password)
                    .await?
                {
                    self.throttle.passed(&account_key, client.address).await
                } else {
                    Err(DomainError::invalid(
                        "current_password",
                        "is not your current password",
                    ))
                }
            }
            None if now - session.created_at <= duration_millis(self.recent_sign_in) => Ok(()),
            None => Err(DomainError::ReauthenticationRequired),
        }
    }
}
