//! What only admins do to the site as a whole. For now its settings: the settings page saves
//! them here, checked by the same rules as the file's, and every server takes them up.

use crate::{
    model::{Action, SettingKey, SiteSettingsChange, SiteSettingsPage},
    server::{
        accounts::{Accounts, UserId},
        changes::{Change, Changes},
        clock::Clock,
        db::Db,
        error::{DomainError, DomainResult, Resource},
        site::{LiveSite, rules, store, value_of},
    },
};

/// Changing the site's settings: admins only.
#[derive(Clone, Debug)]
pub struct SiteAdmin {
    live: LiveSite,
    db: Db,
    clock: Clock,
    accounts: Accounts,
    changes: Changes,
}

impl SiteAdmin {
    pub fn new(live: LiveSite, db: Db, clock: Clock, accounts: Accounts, changes: Changes) -> Self {
        Self {
            live,
            db,
            clock,
            accounts,
            changes,
        }
    }

    pub fn live(&self) -> &LiveSite {
        &self.live
    }

    /// The settings page: the values in effect and where each comes from.
    pub async fn settings_page(&self, subject: UserId) -> DomainResult<SiteSettingsPage> {
        self.require_admin(subject).await?;
        Ok(self.page())
    }

    /// Stores the settings set here and puts the others back to the file's, in one
    /// transaction; every server shows them within moments.
    pub async fn save(
        &self,
        subject: UserId,
        change: SiteSettingsChange,
    ) -> DomainResult<SiteSettingsPage> {
        self.require_admin(subject).await?;
        let values = rules::checked(change.values)?;
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        for key in SettingKey::ALL {
            if change.from_file.contains(&key) {
                store::remove(&mut *tx, key).await?;
            } else {
                store::put(
                    &mut *tx,
                    key,
                    &value_of(&values, key).to_string(),
                    now,
                    subject.0,
                )
                .await?;
            }
        }
        tx.commit().await?;
        if self.live.reload(&self.db).await? {
            tracing::info!(by = subject.0, "the site's settings changed");
            self.changes.announce(Change::Site);
        }
        Ok(self.page())
    }

    fn page(&self) -> SiteSettingsPage {
        SiteSettingsPage {
            current: self.live.now().settings.clone(),
            from_file: self.live.file().clone(),
            sources: self.live.sources(),
        }
    }

    async fn require_admin(&self, subject: UserId) -> DomainResult<()> {
        if self.accounts.role(subject).await?.may(Action::ManageSite) {
            Ok(())
        } else {
            Err(DomainError::NotPermitted {
                resource: Resource::Site,
                reason: "only admins change the site's settings",
            })
        }
    }
}
