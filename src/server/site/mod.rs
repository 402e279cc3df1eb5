//! The publication's settings, shaped by its owner from the browser: title, navigation,
//! colours, who may join. The settings file gives each its value for a new site; a value set
//! on the settings page is stored in the database and wins. Every server keeps the settings
//! in effect in memory (`LiveSite`), reads them without a query on every page, and takes
//! them up again when any server announces `Change::Site` through the change relay.

pub mod accent;
pub mod rules;
mod store;

use std::sync::{Arc, RwLock};

use crate::{
    i18n::Locale,
    model::{
        Action, SettingKey, SettingSource, SiteInfo, SiteSettings, SiteSettingsChange,
        SiteSettingsPage,
    },
    server::{
        accounts::{Accounts, UserId},
        changes::{Change, Changes},
        clock::Clock,
        db::Db,
        error::{DomainError, DomainResult, Resource},
    },
};

/// The settings in effect, and what pages need of them, worked out once per change.
#[derive(Debug, PartialEq, Eq)]
pub struct SiteNow {
    pub settings: SiteSettings,
    /// The settings set on the settings page (the rest are the file's).
    pub set_here: Vec<SettingKey>,
    pub info: SiteInfo,
    /// The default language of pages.
    pub language: Locale,
    /// The owner's stylesheet (`/site.css`): its text and version; `None` when empty.
    pub stylesheet: Option<(String, String)>,
}

impl SiteNow {
    fn new(settings: SiteSettings, set_here: Vec<SettingKey>) -> Self {
        let accent = accent::Accent::parse(&settings.accent).ok();
        let css = accent::stylesheet(accent, &settings.custom_css);
        let stylesheet = (!css.is_empty()).then(|| {
            let version = accent::version(&css);
            (css, version)
        });
        let info = SiteInfo {
            title: settings.title.clone(),
            description: settings.description.clone(),
            navigation: settings.navigation.clone(),
            logo: settings.logo.clone(),
            icon: settings.icon.clone(),
            code_theme: settings.code_theme,
            stylesheet: stylesheet
                .as_ref()
                .map(|(_, version)| format!("{STYLESHEET_PATH}?v={version}")),
        };
        Self {
            language: settings.language.parse().unwrap_or_default(),
            settings,
            set_here,
            info,
            stylesheet,
        }
    }
}

/// Where the owner's stylesheet is served.
pub const STYLESHEET_PATH: &str = "/site.css";

/// The settings in effect on this server; cheap to clone and to read.
#[derive(Clone, Debug)]
pub struct LiveSite {
    /// The settings file's values: what a setting not set on the page takes.
    file: Arc<SiteSettings>,
    now: Arc<RwLock<Arc<SiteNow>>>,
}

impl LiveSite {
    /// The file's settings alone, until [`LiveSite::reload`] reads the database.
    pub fn new(file: SiteSettings) -> Self {
        let now = SiteNow::new(file.clone(), Vec::new());
        Self {
            file: Arc::new(file),
            now: Arc::new(RwLock::new(Arc::new(now))),
        }
    }

    pub fn now(&self) -> Arc<SiteNow> {
        self.now.read().expect("site settings").clone()
    }

    /// Reads the settings set on the page again; whether anything changed.
    pub async fn reload(&self, db: &Db) -> DomainResult<bool> {
        let mut settings = (*self.file).clone();
        let mut set_here = Vec::new();
        for (key, json) in store::all(db).await? {
            match apply(&mut settings, key, &json) {
                Ok(()) => set_here.push(key),
                Err(error) => {
                    tracing::warn!(key = key.name(), %error, "an unreadable stored setting; using the file's")
                }
            }
        }
        let next = SiteNow::new(settings, set_here);
        let mut now = self.now.write().expect("site settings");
        if **now == next {
            return Ok(false);
        }
        *now = Arc::new(next);
        Ok(true)
    }
}

/// Changing the settings: admins only.
#[derive(Clone, Debug)]
pub struct Site {
    live: LiveSite,
    db: Db,
    clock: Clock,
    accounts: Accounts,
    changes: Changes,
}

impl Site {
    /// Takes up the settings again whenever a server says they changed (or, after losing
    /// the relay, that anything may have).
    pub fn new(live: LiveSite, db: Db, clock: Clock, accounts: Accounts, changes: Changes) -> Self {
        let site = Self {
            live,
            db,
            clock,
            accounts,
            changes,
        };
        site.listen();
        site
    }

    fn listen(&self) {
        let (live, db, changes) = (self.live.clone(), self.db.clone(), self.changes.clone());
        self.changes.listen(move |change| {
            if !matches!(change, Change::Site | Change::Everything) {
                return;
            }
            let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                return;
            };
            let (live, db, changes) = (live.clone(), db.clone(), changes.clone());
            runtime.spawn(async move {
                match live.reload(&db).await {
                    // Pages rendered meanwhile showed the old settings: forget them.
                    Ok(true) => changes.announce_relayed(Change::Site),
                    Ok(false) => {}
                    Err(error) => tracing::warn!(%error, "cannot read the site's settings"),
                }
            });
        });
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
        let now = self.live.now();
        let builtin = crate::server::settings::Settings::default().site;
        let sources = SettingKey::ALL
            .into_iter()
            .map(|key| {
                let source = if now.set_here.contains(&key) {
                    SettingSource::Here
                } else if value_of(&self.live.file, key) == value_of(&builtin, key) {
                    SettingSource::Default
                } else {
                    SettingSource::File
                };
                (key, source)
            })
            .collect();
        SiteSettingsPage {
            current: now.settings.clone(),
            from_file: (*self.live.file).clone(),
            sources,
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

/// One setting's value, as stored.
fn value_of(settings: &SiteSettings, key: SettingKey) -> serde_json::Value {
    let value = match key {
        SettingKey::Title => serde_json::to_value(&settings.title),
        SettingKey::Description => serde_json::to_value(&settings.description),
        SettingKey::Language => serde_json::to_value(&settings.language),
        SettingKey::Accent => serde_json::to_value(&settings.accent),
        SettingKey::Navigation => serde_json::to_value(&settings.navigation),
        SettingKey::Logo => serde_json::to_value(&settings.logo),
        SettingKey::Icon => serde_json::to_value(&settings.icon),
        SettingKey::Registration => serde_json::to_value(settings.registration),
        SettingKey::NewAccountRole => serde_json::to_value(settings.new_account_role),
        SettingKey::PostsPerPage => serde_json::to_value(settings.posts_per_page),
        SettingKey::CodeTheme => serde_json::to_value(settings.code_theme),
        SettingKey::CustomCss => serde_json::to_value(&settings.custom_css),
    };
    value.unwrap_or_default()
}

/// Sets one setting from its stored value.
fn apply(settings: &mut SiteSettings, key: SettingKey, json: &str) -> serde_json::Result<()> {
    match key {
        SettingKey::Title => settings.title = serde_json::from_str(json)?,
        SettingKey::Description => settings.description = serde_json::from_str(json)?,
        SettingKey::Language => settings.language = serde_json::from_str(json)?,
        SettingKey::Accent => settings.accent = serde_json::from_str(json)?,
        SettingKey::Navigation => settings.navigation = serde_json::from_str(json)?,
        SettingKey::Logo => settings.logo = serde_json::from_str(json)?,
        SettingKey::Icon => settings.icon = serde_json::from_str(json)?,
        SettingKey::Registration => settings.registration = serde_json::from_str(json)?,
        SettingKey::NewAccountRole => settings.new_account_role = serde_json::from_str(json)?,
        SettingKey::PostsPerPage => settings.posts_per_page = serde_json::from_str(json)?,
        SettingKey::CodeTheme => settings.code_theme = serde_json::from_str(json)?,
        SettingKey::CustomCss => settings.custom_css = serde_json::from_str(json)?,
    }
    Ok(())
}
