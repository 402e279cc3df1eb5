//! Verified addresses. A new account's address, and a changed one, is sent a link that marks
//! it verified (for a week); a change also tells the old address, with a link that puts it
//! back (for a week too) — the owner's way back if someone else changed it. Links and their
//! messages are written in the transaction that made the account or the change, through the
//! outbox; with no relay (or at the console) nothing is sent and the address stays unverified
//! until its owner asks for a link.

use std::{sync::Arc, time::Duration};

use sha2::{Digest, Sha256};

use super::{Account, Accounts, UserId, email_link_store as links};
use crate::{
    i18n::Locale,
    server::{
        changes::Change,
        clock::duration_millis,
        email::{self, letters},
        error::{DomainError, DomainResult},
        random::random_hex,
    },
};

/// How long a verification or undo link works.
pub const EMAIL_LINK_LIFETIME: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// Verification links one account may ask for again in an hour.
const VERIFICATIONS_PER_HOUR: i64 = 3;

const VERIFY: &str = "verify";
const UNDO: &str = "undo";

/// What links in messages need: where the site is. Set when the site has a mail relay.
#[derive(Debug, Clone)]
pub struct MailLinks {
    pub public_url: String,
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn unusable() -> DomainError {
    DomainError::invalid("token", "has been used or has expired; ask for a new link")
}

/// One account's address as the verification messages name it.
pub(super) struct Addressee<'a> {
    pub id: UserId,
    pub username: &'a str,
    pub email: &'a str,
}

impl Accounts {
    /// Sends links in messages from now on (see [`MailLinks`]).
    pub fn with_mail(mut self, links: MailLinks) -> Self {
        self.mail = Some(Arc::new(links));
        self
    }

    /// Whether the site sends email (and so verifies addresses).
    pub fn sends_email(&self) -> bool {
        self.mail.is_some()
    }

    /// Writes a verification link for `to` and its message, in the caller's transaction
    /// (the one that made the account or changed its address). Nothing without a relay.
    pub(super) async fn write_verification(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        to: &Addressee<'_>,
        language: Locale,
    ) -> DomainResult<()> {
        let Some(mail) = &self.mail else {
            return Ok(());
        };
        let token = random_hex(32);
        let link = format!(
            "{}{}",
            mail.public_url,
            crate::model::routes::verify_email_href(&token)
        );
        let site = self.site.now().settings.title.clone();
        let letter = letters::verify_address(language, &site, to.username, &link).render(language);
        self.write_link(tx, to, VERIFY, &token, "verify_email", &letter)
            .await
    }

    /// Tells the old address of a change, with a link that puts it back.
    pub(super) async fn write_change_notice(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        old: &Addressee<'_>,
        new_email: &str,
        language: Locale,
    ) -> DomainResult<()> {
        let Some(mail) = &self.mail else {
            return Ok(());
        };
        let token = random_hex(32);
        let link = format!(
            "{}{}",
            mail.public_url,
            crate::model::routes::undo_email_href(&token)
        );
        let site = self.site.now().settings.title.clone();
        let letter = letters::address_changed(language, &site, old.username, new_email, &link)
            .render(language);
        self.write_link(tx, old, UNDO, &token, "email_changed", &letter)
            .await
    }

    async fn write_link(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        to: &Addressee<'_>,
        purpose: &str,
        token: &str,
        kind: &str,
        letter: &letters::Rendered,
    ) -> DomainResult<()> {
        let now = self.clock.now_millis();
        let id = links::insert(
            &mut **tx,
            links::NewLink {
                digest: &digest(token),
                purpose,
                user: to.id,
                email: to.email,
                now,
                expires_at: now + duration_millis(EMAIL_LINK_LIFETIME),
            },
        )
        .await?;
        email::store::insert(
            &mut **tx,
            email::store::NewMessage {
                cause: &format!("email-{purpose}:{id}"),
                kind,
                recipient: to.email,
                subject: &letter.subject,
                text_body: &letter.text,
                html_body: &letter.html,
                now,
            },
        )
        .await?;
        Ok(())
    }

    /// Whether the account's address is verified.
    pub async fn email_verified(&self, id: UserId) -> DomainResult<bool> {
        Ok(links::verified_at(&self.db, id).await?.is_some())
    }

    /// Sends the account a new verification link, unless its address is verified or it had
    /// its share this hour (then it is told to wait).
    pub async fn send_verification_again(&self, id: UserId, language: Locale) -> DomainResult<()> {
        if self.mail.is_none() {
            return Err(DomainError::invalid(
                "email",
                "cannot be verified: this site sends no email",
            ));
        }
        if self.email_verified(id).await? {
            return Ok(());
        }
        let hour = duration_millis(Duration::from_secs(60 * 60));
        let now = self.clock.now_millis();
        if links::made_since(&self.db, id, VERIFY, now - hour).await? >= VERIFICATIONS_PER_HOUR {
            return Err(DomainError::Throttled {
                retry_after: Duration::from_secs(60 * 60),
            });
        }
        let account = self.find(id).await?;
        let mut tx = self.db.begin().await?;
        let to = Addressee {
            id,
            username: &account.username,
            email: &account.email,
        };
        self.write_verification(&mut tx, &to, language).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks an address verified with its link (if it is still the account's address).
    pub async fn verify_email(&self, token: &str) -> DomainResult<Account> {
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        let (id, email) = links::take(&mut *tx, &digest(token), VERIFY, now)
            .await?
            .ok_or_else(unusable)?;
        if !links::mark_verified(&mut *tx, id, &email, now).await? {
            // The account has another address since: this link verifies nothing.
            return Err(unusable());
        }
        tx.commit().await?;
        self.changes.announce(Change::Account(id.0));
        self.find(id).await
    }

    /// Puts back the address an account had before a change, with the link sent to it; the
    /// caller ends every session of the account (whoever changed it is signed out).
    pub async fn undo_email_change(&self, token: &str) -> DomainResult<Account> {
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        let (id, old_email) = links::take(&mut *tx, &digest(token), UNDO, now)
            .await?
            .ok_or_else(unusable)?;
        if super::store::email_taken_by_other(&mut *tx, &old_email, id).await? {
            return Err(DomainError::Taken { field: "email" });
        }
        links::restore_email(&mut *tx, id, &old_email, now).await?;
        tx.commit().await?;
        self.changes.announce(Change::Account(id.0));
        self.find(id).await
    }

    /// Forgets verification and undo links that ended long ago.
    pub async fn prune_email_links(&self) -> DomainResult<u64> {
        let before = self.clock.now_millis() - duration_millis(Duration::from_secs(24 * 60 * 60));
        links::prune(&self.db, before).await
    }
}
