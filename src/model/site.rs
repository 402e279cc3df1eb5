//! The publication's own settings, as the owner shapes them from the browser: what every page
//! shows about the site (`SiteInfo`) and the settings page's form (`SiteSettings`).

use serde::{Deserialize, Serialize};

use super::Role;

/// The logo as the header shows it, [`Logo::HEIGHT`] pixels high: the smallest copy of the
/// upload sharp at twice that (for dense screens), and the width it takes, so the header is
/// laid out before the image arrives. Size 0: unknown (an address that is no upload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logo {
    pub src: String,
    pub width: u32,
    pub height: u32,
}

impl Logo {
    /// The height the header shows the logo at, in CSS pixels.
    pub const HEIGHT: u32 = 32;
}

/// What every page shows about the site itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub title: String,
    /// The home page's description (and the feeds').
    pub description: String,
    /// Links in the header, in order.
    pub navigation: Vec<NavLink>,
    /// An uploaded image shown beside the title; `None`: none.
    pub logo: Option<Logo>,
    /// The browser tab's icon; empty: the built-in one.
    pub icon: String,
    /// Who may sign up: the header and the sign-up page say so.
    pub registration: Registration,
    pub code_theme: CodeTheme,
    /// Whether readers may comment, and whose comments wait for a moderator.
    pub comments: CommentPolicy,
    /// The owner's stylesheet (accent colour, custom CSS) with its version, so a change is
    /// fetched at once and an unchanged one never again; `None` when there is nothing in it.
    pub stylesheet: Option<String>,
    /// Whether readers may subscribe to new posts by email (the site has a mail relay).
    pub newsletters: bool,
}

impl Default for SiteInfo {
    fn default() -> Self {
        Self {
            title: String::new(),
            description: String::new(),
            navigation: Vec::new(),
            logo: None,
            icon: String::new(),
            registration: Registration::Open,
            code_theme: CodeTheme::default(),
            comments: CommentPolicy::Open,
            stylesheet: None,
            newsletters: false,
        }
    }
}

/// One link of the site's navigation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavLink {
    pub label: String,
    /// A path of this site (`/about`, `/tag/rust`) or an `https://` address.
    pub href: String,
}

/// Who may create an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Registration {
    /// Anyone, through the sign-up form and the API.
    Open,
    /// Only with an invitation an admin made.
    Invitation,
    /// No one (but with an invitation): accounts come from `blog user create`.
    Closed,
}

impl Registration {
    pub const ALL: [Registration; 3] = [
        Registration::Open,
        Registration::Invitation,
        Registration::Closed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Invitation => "invitation",
            Self::Closed => "closed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|mode| mode.name() == name)
    }
}

/// The colours of highlighted code: each a palette for the light and the dark scheme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeTheme {
    /// GitHub's colours.
    #[default]
    Github,
    /// Ethan Schoonover's Solarized.
    Solarized,
    /// No colours: weight and slant only.
    Monochrome,
}

impl CodeTheme {
    pub const ALL: [CodeTheme; 3] = [Self::Github, Self::Solarized, Self::Monochrome];

    pub fn name(self) -> &'static str {
        match self {
            Self::Github => "github",
            Self::Solarized => "solarized",
            Self::Monochrome => "monochrome",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|theme| theme.name() == name)
    }
}

/// Whose comments show at once, and whose wait in the moderation queue. Whatever the
/// policy, a post's author and the site's moderators are never held, and a comment with
/// more links than the limit or a word from the owner's list waits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentPolicy {
    /// Comments show at once.
    #[default]
    Open,
    /// An account's comments wait until one of them has been approved.
    FirstHeld,
    /// Every comment waits for a moderator.
    AllHeld,
    /// No new comments; those there stay.
    Closed,
}

impl CommentPolicy {
    pub const ALL: [CommentPolicy; 4] = [Self::Open, Self::FirstHeld, Self::AllHeld, Self::Closed];

    pub fn name(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::FirstHeld => "first_held",
            Self::AllHeld => "all_held",
            Self::Closed => "closed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|policy| policy.name() == name)
    }
}

/// Every setting an admin changes from the browser, with its value in effect.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    pub title: String,
    pub description: String,
    /// The pages' language when a reader's browser asks for none the site has: `en`, `zh`.
    pub language: String,
    /// `#rrggbb`, the colour of links and buttons; empty: the theme's.
    pub accent: String,
    pub navigation: Vec<NavLink>,
    pub logo: String,
    pub icon: String,
    pub registration: Registration,
    /// The role of an account that signs itself up: author or contributor.
    pub new_account_role: Role,
    pub posts_per_page: u32,
    pub code_theme: CodeTheme,
    /// Applied after the theme's stylesheet.
    pub custom_css: String,
    pub comment_policy: CommentPolicy,
    /// A comment with more links than this waits for a moderator.
    pub comment_link_limit: u32,
    /// A comment with any of these words (any case) waits for a moderator.
    pub comment_held_words: Vec<String>,
}

/// One setting, as the database, the form and the errors name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKey {
    Title,
    Description,
    Language,
    Accent,
    Navigation,
    Logo,
    Icon,
    Registration,
    NewAccountRole,
    PostsPerPage,
    CodeTheme,
    CustomCss,
    CommentPolicy,
    CommentLinkLimit,
    CommentHeldWords,
}

impl SettingKey {
    pub const ALL: [SettingKey; 15] = [
        Self::Title,
        Self::Description,
        Self::Language,
        Self::Accent,
        Self::Navigation,
        Self::Logo,
        Self::Icon,
        Self::Registration,
        Self::NewAccountRole,
        Self::PostsPerPage,
        Self::CodeTheme,
        Self::CustomCss,
        Self::CommentPolicy,
        Self::CommentLinkLimit,
        Self::CommentHeldWords,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Description => "description",
            Self::Language => "language",
            Self::Accent => "accent",
            Self::Navigation => "navigation",
            Self::Logo => "logo",
            Self::Icon => "icon",
            Self::Registration => "registration",
            Self::NewAccountRole => "new_account_role",
            Self::PostsPerPage => "posts_per_page",
            Self::CodeTheme => "code_theme",
            Self::CustomCss => "custom_css",
            Self::CommentPolicy => "comment_policy",
            Self::CommentLinkLimit => "comment_link_limit",
            Self::CommentHeldWords => "comment_held_words",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|key| key.name() == name)
    }
}

/// Where a setting's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingSource {
    /// Set on the settings page; stored in the database.
    Here,
    /// The settings file (or a `BLOG_SITE__*` environment variable).
    File,
    /// Nobody set it: the built-in default.
    Default,
}

/// The settings page's content: the values in effect, where each comes from, and what the
/// file says (what "use the file's value" gives back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteSettingsPage {
    pub current: SiteSettings,
    pub from_file: SiteSettings,
    pub sources: Vec<(SettingKey, SettingSource)>,
}

impl SiteSettingsPage {
    pub fn source(&self, key: SettingKey) -> SettingSource {
        self.sources
            .iter()
            .find(|(of, _)| *of == key)
            .map_or(SettingSource::Default, |(_, source)| *source)
    }
}

/// A save from the settings page: the values, and which of them go back to the file's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteSettingsChange {
    pub values: SiteSettings,
    pub from_file: Vec<SettingKey>,
}
