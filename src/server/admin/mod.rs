//! What only admins do to the site as a whole: its settings (the settings page saves them
//! here, checked by the same rules as the file's, and every server takes them up), and
//! deleting people (`people`).

mod people;

pub use people::People;

use crate::{
    model::{Action, SettingKey, SiteSettings, SiteSettingsChange, SiteSettingsPage},
    server::{
        accounts::{Accounts, Requester, UserId},
        audit::{self, AuditAction},
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
        requester: Requester,
        change: SiteSettingsChange,
    ) -> DomainResult<SiteSettingsPage> {
        let subject = requester.id;
        self.require_admin(subject).await?;
        let values = rules::checked(change.values)?;
        // Against what is stored now, which another server may have changed a moment ago.
        self.live.reload(&self.db).await?;
        let changed = self.changed_keys(&values, &change.from_file);
        if changed.is_empty() {
            return Ok(self.page());
        }
        let actor = self.accounts.actor(requester).await?;
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
        let keys: Vec<&str> = changed.iter().map(|key| key.name()).collect();
        let subject_text = keys.join(", ");
        audit::record(
            &mut *tx,
            now,
            &actor,
            AuditAction::SettingsChanged,
            &subject_text,
        )
        .await?;
        tx.commit().await?;
        if self.live.reload(&self.db).await? {
            tracing::info!(by = subject.0, "the site's settings changed");
            self.changes.announce(Change::Site);
        }
        Ok(self.page())
    }

    /// The settings a save changes: set here or given back, or given another value.
    fn changed_keys(&self, values: &SiteSettings, from_file: &[SettingKey]) -> Vec<SettingKey> {
        let now = self.live.now();
        SettingKey::ALL
            .into_iter()
            .filter(|key| {
                let was_set = now.set_here.contains(key);
                let is_set = !from_file.contains(key);
                was_set != is_set
                    || (is_set && value_of(&now.settings, *key) != value_of(values, *key))
            })
            .collect()
    }

    /// A page of the audit log, newest first, before the entry `before`; and whether older
    /// entries follow.
    pub async fn audit_log(
        &self,
        subject: UserId,
        before: Option<i64>,
    ) -> DomainResult<(Vec<audit::store::EntryRow>, bool)> {
        self.require_admin(subject).await?;
        let mut rows = audit::page(&self.db, before).await?;
        let more = rows.len() as i64 > audit::ENTRIES_PER_PAGE;
        rows.truncate(audit::ENTRIES_PER_PAGE as usize);
        Ok((rows, more))
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
