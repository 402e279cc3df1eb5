//! The site's first start. Until its owner claims it, a site has no admin and sign-ups make
//! ordinary accounts, so a server reachable before its owner signs up cannot be taken by the
//! first stranger. The owner claims it through a setup link: a one-time address the server
//! prints when it starts (and `blog setup-link` prints anew), whose token only the people who
//! can read the server's log or run its commands ever see. Only a digest of it is stored.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{Account, Accounts, NewAccount, store};
use crate::{
    i18n::Locale,
    model::Role,
    server::{
        error::{DomainError, DomainResult, SetupLinkRefusal},
        random::random_hex,
    },
};

/// How long a setup link works: long enough to open it the next morning, short enough that
/// an old log is no key to the site.
pub const SETUP_LINK_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// A setup link's secret part, as it goes into the address `/setup/<token>`.
#[derive(Clone, PartialEq, Eq)]
pub struct SetupLink(pub String);

impl std::fmt::Debug for SetupLink {
    /// Never in a log by accident: the whole point is who sees it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetupLink(…)")
    }
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Accounts {
    /// Whether the site still awaits its owner: no account is an admin.
    pub async fn awaiting_owner(&self) -> DomainResult<bool> {
        Ok(!store::admin_exists(&self.db).await?)
    }

    /// A new setup link, working for [`SETUP_LINK_LIFETIME`] alongside any earlier one;
    /// `None` once the site has its owner.
    pub async fn new_setup_link(&self) -> DomainResult<Option<SetupLink>> {
        if !self.awaiting_owner().await? {
            return Ok(None);
        }
        let token = random_hex(32);
        let now = self.clock.now_millis();
        let expires_at = now + SETUP_LINK_LIFETIME.as_millis() as i64;
        store::add_setup_link(&self.db, &digest(&token), now, expires_at).await?;
        Ok(Some(SetupLink(token)))
    }

    /// Whether `token` is a setup link that would make an owner now (the setup page asks
    /// before showing its form).
    pub async fn setup_link_works(
        &self,
        token: &str,
    ) -> DomainResult<Result<(), SetupLinkRefusal>> {
        if !self.awaiting_owner().await? {
            return Ok(Err(SetupLinkRefusal::SiteHasOwner));
        }
        let now = self.clock.now_millis();
        Ok(
            if store::setup_link_valid(&self.db, &digest(token), now).await? {
                Ok(())
            } else {
                Err(SetupLinkRefusal::UsedOrExpired)
            },
        )
    }

    /// Makes `new` the site's owner, an admin, with a setup link's token. The link is used
    /// up with the account's creation, in one transaction, and every other link with it; a
    /// refused account (a name taken, a weak password) leaves the link working.
    pub async fn claim_site(
        &self,
        token: &str,
        new: NewAccount,
        language: Locale,
    ) -> DomainResult<Account> {
        self.setup_link_works(token)
            .await?
            .map_err(DomainError::SetupLink)?;
        let checked = self.checked(new).await?;
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        if !store::take_setup_link(&mut tx, &digest(token), now).await? {
            return Err(DomainError::SetupLink(SetupLinkRefusal::UsedOrExpired));
        }
        if store::admin_exists(&mut *tx).await? {
            return Err(DomainError::SetupLink(SetupLinkRefusal::SiteHasOwner));
        }
        let id = store::insert(&mut *tx, checked.row(Role::Admin, now)).await?;
        store::clear_setup_links(&mut *tx).await?;
        self.write_verification(&mut tx, &checked.addressee(id), language)
            .await?;
        tx.commit().await?;
        tracing::info!(owner = %checked.username, "the site has its owner");
        self.find(id).await
    }
}
