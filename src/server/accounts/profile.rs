//! One's own account: changing its name, email, bio, picture or password. Who may make the
//! sensitive changes (email, password) is the session service's question. And the operator's
//! way back into an account whose password is lost: a new one set from the command line.

use super::{
    Account, AccountChanges, Accounts, UserId, email_link_store, rules, store,
    verification::Addressee,
};
use crate::i18n::Locale;
use crate::server::{
    audit::{self, Actor, AuditAction},
    changes::Change,
    error::{DomainError, DomainResult, Resource},
};

impl Accounts {
    /// Applies the changes. Who may make sensitive ones is decided by the session service.
    /// A new address is sent a verification link and the old one told, in `language`.
    pub async fn update(
        &self,
        id: UserId,
        changes: AccountChanges,
        language: Locale,
    ) -> DomainResult<Account> {
        let current = self.find(id).await?;
        let username = match &changes.username {
            Some(raw) => rules::username(raw)?,
            None => current.username.clone(),
        };
        let email = match &changes.email {
            Some(raw) => rules::email(raw)?,
            None => current.email.clone(),
        };
        let bio = match changes.bio {
            Some(raw) => rules::bio(raw)?,
            None => current.bio.clone(),
        };
        let image = match changes.image {
            Some(raw) => rules::image(raw)?,
            None => current.image.clone(),
        };
        if let Some(password) = &changes.password {
            rules::password("password", password)?;
            rules::password_not_personal("password", password, &username, &email)?;
        }
        if username.to_lowercase() != current.username.to_lowercase()
            && store::username_taken(&self.db, &username).await?
        {
            return Err(DomainError::Taken { field: "username" });
        }
        if email.to_lowercase() != current.email.to_lowercase()
            && store::email_taken(&self.db, &email).await?
        {
            return Err(DomainError::Taken { field: "email" });
        }
        let password_hash = match changes.password {
            Some(password) => Some(self.hasher.hash(password).await?),
            None => None,
        };
        let row = store::ProfileRow {
            username: &username,
            email: &email,
            bio: bio.as_deref(),
            image: image.as_deref(),
            password_hash: password_hash.as_deref(),
            now: self.clock.now_millis(),
        };
        let mut tx = self.db.begin().await?;
        store::update(&mut *tx, id, row).await?;
        if email.to_lowercase() != current.email.to_lowercase() {
            email_link_store::mark_unverified(&mut *tx, id).await?;
            let new = Addressee {
                id,
                username: &username,
                email: &email,
            };
            self.write_verification(&mut tx, &new, language).await?;
            let old = Addressee {
                id,
                username: &current.username,
                email: &current.email,
            };
            self.write_change_notice(&mut tx, &old, &email, language)
                .await?;
        }
        tx.commit().await?;
        // Every server forgets its copy (this one at once, before reading it again).
        self.changes.announce(Change::Account(id.0));
        let updated = self.find(id).await?;
        let shown = |account: &Account| {
            (
                account.username.clone(),
                account.bio.clone(),
                account.image.clone(),
            )
        };
        if shown(&updated) != shown(&current) {
            // A name or picture may appear on any page: rare enough to start afresh.
            self.changes.announce(Change::Everything);
        }
        Ok(updated)
    }

    /// Replaces the password (already authorized by the caller), reported as `new_password`.
    pub async fn set_password(&self, id: UserId, new: String) -> DomainResult<()> {
        rules::password("new_password", &new)?;
        let account = self.find(id).await?;
        rules::password_not_personal("new_password", &new, &account.username, &account.email)?;
        let hash = self.hasher.hash(new).await?;
        store::set_password_hash(&self.db, id, &hash, self.clock.now_millis()).await
    }

    /// Sets a new password for the account called `username` on the operator's word (the
    /// command line), recorded in the audit log. The caller ends the account's sessions.
    pub async fn reset_password(&self, username: &str, new: String) -> DomainResult<UserId> {
        let id = store::id_by_username(&self.db, username)
            .await?
            .ok_or(DomainError::NotFound(Resource::Profile))?;
        rules::password("password", &new)?;
        let account = self.find(id).await?;
        rules::password_not_personal("password", &new, &account.username, &account.email)?;
        let hash = self.hasher.hash(new).await?;
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        store::set_password_hash(&mut *tx, id, &hash, now).await?;
        audit::record(
            &mut *tx,
            now,
            &Actor::CommandLine,
            AuditAction::PasswordReset,
            &account.username,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }
}
