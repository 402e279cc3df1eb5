//! The publication's settings in effect: title, navigation, colours, who may join. The
//! settings file gives each its value for a new site; a value set on the settings page
//! (`server::admin`) is stored in the database and wins. Every server keeps the settings in
//! memory (`LiveSite`), reads them without a query on every page, and takes them up again
//! when any server announces `Change::Site` through the change relay.

pub mod accent;
pub mod rules;
pub mod store;

use std::sync::{Arc, RwLock};

use crate::{
    i18n::Locale,
    model::{
        CodeTheme, CommentPolicy, Logo, Registration, Role, SettingKey, SettingSource, SiteInfo,
        SiteSettings,
    },
    server::{
        changes::{Change, Changes},
        db::Db,
        error::DomainResult,
        media::names::{MediaName, URL_PREFIX},
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

/// The logo at `address` as the header shows it: the smallest copy at least twice as high as
/// the header shows it, with the width it takes there.
fn header_logo(address: &str) -> Option<Logo> {
    if address.is_empty() {
        return None;
    }
    let Some(name) = address.strip_prefix(URL_PREFIX).and_then(MediaName::parse) else {
        return Some(Logo {
            src: address.to_owned(),
            width: 0,
            height: 0,
        });
    };
    let original = name.original();
    let sharp_height = 2 * Logo::HEIGHT;
    let shown = original
        .copy_widths()
        .into_iter()
        .filter(|width| original.copy_height(*width) >= sharp_height)
        .min()
        .map_or_else(|| original.clone(), |width| original.copy(width));
    Some(Logo {
        src: shown.url(),
        width: copy_width_at(original.width, original.height, Logo::HEIGHT),
        height: Logo::HEIGHT,
    })
}

/// The width of a `width` × `height` image shown `at_height` high.
fn copy_width_at(width: u32, height: u32, at_height: u32) -> u32 {
    let scaled = u64::from(width) * u64::from(at_height) / u64::from(height.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
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
            logo: header_logo(&settings.logo),
            icon: settings.icon.clone(),
            registration: settings.registration,
            code_theme: settings.code_theme,
            comments: settings.comment_policy,
            stylesheet: stylesheet
                .as_ref()
                .map(|(_, version)| format!("{STYLESHEET_PATH}?v={version}")),
            // Not a setting of the page's: the router says, from the mail relay.
            newsletters: false,
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

    /// Takes the settings up again whenever a server says they changed (or, after losing
    /// the relay, that anything may have).
    pub fn follow(&self, db: &Db, changes: &Changes) {
        // Weak: the listener belongs to `changes`, and must not keep them (or the pool) alive.
        let (live, db, announcer) = (self.clone(), db.clone(), changes.downgrade());
        changes.listen(move |change| {
            if !matches!(change, Change::Site | Change::Everything) {
                return;
            }
            let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                return;
            };
            let Some(changes) = announcer.upgrade() else {
                return;
            };
            let (live, db) = (live.clone(), db.clone());
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

    /// The settings file's values.
    pub fn file(&self) -> &SiteSettings {
        &self.file
    }

    /// Where each setting's value comes from now.
    pub fn sources(&self) -> Vec<(SettingKey, SettingSource)> {
        let now = self.now();
        let builtin = builtin();
        SettingKey::ALL
            .into_iter()
            .map(|key| {
                let source = if now.set_here.contains(&key) {
                    SettingSource::Here
                } else if value_of(&self.file, key) == value_of(&builtin, key) {
                    SettingSource::Default
                } else {
                    SettingSource::File
                };
                (key, source)
            })
            .collect()
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

/// What a site has when neither the file nor the settings page says otherwise.
pub fn builtin() -> SiteSettings {
    SiteSettings {
        title: "A Rust blog".into(),
        description: String::new(),
        language: "en".into(),
        accent: String::new(),
        navigation: Vec::new(),
        logo: String::new(),
        icon: String::new(),
        registration: Registration::Open,
        new_account_role: Role::Author,
        posts_per_page: 10,
        code_theme: CodeTheme::Github,
        custom_css: String::new(),
        comment_policy: CommentPolicy::Open,
        comment_link_limit: 2,
        comment_held_words: Vec::new(),
    }
}

/// One setting's value, as stored.
pub fn value_of(settings: &SiteSettings, key: SettingKey) -> serde_json::Value {
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
        SettingKey::CommentPolicy => serde_json::to_value(settings.comment_policy),
        SettingKey::CommentLinkLimit => serde_json::to_value(settings.comment_link_limit),
        SettingKey::CommentHeldWords => serde_json::to_value(&settings.comment_held_words),
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
        SettingKey::CommentPolicy => settings.comment_policy = serde_json::from_str(json)?,
        SettingKey::CommentLinkLimit => settings.comment_link_limit = serde_json::from_str(json)?,
        SettingKey::CommentHeldWords => settings.comment_held_words = serde_json::from_str(json)?,
    }
    Ok(())
}
