//! "Forgot password": a link sent to the account's address sets a new password, once, within
//! [`RESET_LINK_LIFETIME`]. The link and the message carrying it are written in one
//! transaction (the message goes through the outbox); only a digest of the token is kept.
//! An address with no account gets nothing, and an account gets at most
//! `throttle.reset_emails_per_account` links an hour, silently: the caller answers the same
//! either way.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{Account, Accounts, UserId, member_store, reset_store, rules, store};
use crate::{
    i18n::Locale,
    server::{
        clock::duration_millis,
        email::{self, letters},
        error::{DomainError, DomainResult},
        random::random_hex,
    },
};

/// How long a reset link works.
pub const RESET_LINK_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// How long used and expired links are kept (they bound how many one account is sent).
const RESETS_KEPT: Duration = Duration::from_secs(24 * 60 * 60);

/// What a reset email needs besides the account: where the site is, in which language the
/// reader asked, and how many links an account may be sent an hour.
#[derive(Debug, Clone)]
pub struct ResetMail {
    pub public_url: String,
    pub locale: Locale,
    pub per_account: u32,
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Why a link sets no password.
fn unusable() -> DomainError {
    DomainError::invalid("token", "has been used or has expired; ask for a new link")
}

impl Accounts {
    /// Writes a reset link for the account at `email` and the message that carries it;
    /// whether one was written (not for an unknown address, a suspended account, or one sent
    /// its share this hour).
    pub async fn write_reset_link(&self, email: &str, mail: &ResetMail) -> DomainResult<bool> {
        let Some(id) = store::id_by_email(&self.db, email).await? else {
            return Ok(false);
        };
        if member_store::is_suspended(&self.db, id).await? {
            return Ok(false);
        }
        let now = self.clock.now_millis();
        let lifetime = duration_millis(RESET_LINK_LIFETIME);
        let account = self.find(id).await?;
        let token = random_hex(32);
        let link = format!(
            "{}{}",
            mail.public_url,
            crate::model::routes::reset_password_href(&token)
        );
        let site = self.site.now().settings.title.clone();
        let letter = letters::password_reset(
            mail.locale,
            &site,
            &account.username,
            &link,
            RESET_LINK_LIFETIME.as_secs() / 60,
        )
        .render(mail.locale);
        let mut tx = self.db.begin().await?;
        reset_store::hold_account(&mut *tx, id).await?;
        if reset_store::made_since(&mut *tx, id, now - lifetime).await?
            >= i64::from(mail.per_account)
        {
            tracing::info!(
                account = id.0,
                "no reset link sent: the account had its share this hour"
            );
            return Ok(false);
        }
        let reset = reset_store::insert(&mut *tx, &digest(&token), id, now, now + lifetime).await?;
        email::store::insert(
            &mut *tx,
            email::store::NewMessage {
                cause: &format!("password-reset:{reset}"),
                kind: "password_reset",
                recipient: &account.email,
                subject: &letter.subject,
                text_body: &letter.text,
                html_body: &letter.html,
                now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Whether a reset link would set a password now (the page says so before the form).
    pub async fn reset_link_works(&self, token: &str) -> DomainResult<bool> {
        let now = self.clock.now_millis();
        Ok(reset_store::usable(&self.db, &digest(token), now)
            .await?
            .is_some())
    }

    /// Sets a new password with a reset link, using the link up and voiding the account's
    /// others. The caller ends the account's sessions.
    pub async fn reset_with_link(&self, token: &str, new: String) -> DomainResult<Account> {
        let digest = digest(token);
        let now = self.clock.now_millis();
        let id: UserId = reset_store::usable(&self.db, &digest, now)
            .await?
            .ok_or_else(unusable)?;
        if member_store::is_suspended(&self.db, id).await? {
            return Err(DomainError::AccountSuspended);
        }
        rules::password("new_password", &new)?;
        let account = self.find(id).await?;
        rules::password_not_personal("new_password", &new, &account.username, &account.email)?;
        let hash = self.hasher.hash(new).await?;
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        // Taken in the transaction: of two uses at once, one sets the password.
        if reset_store::take(&mut *tx, &digest, now).await? != Some(id) {
            return Err(unusable());
        }
        store::set_password_hash(&mut *tx, id, &hash, now).await?;
        reset_store::void_others(&mut *tx, id, now).await?;
        tx.commit().await?;
        self.find(id).await
    }

    /// Forgets links that ended long enough ago.
    pub async fn prune_reset_links(&self) -> DomainResult<u64> {
        let before = self.clock.now_millis() - duration_millis(RESETS_KEPT);
        reset_store::prune(&self.db, before).await
    }
}
