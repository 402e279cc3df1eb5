//! The settings form's state: one signal per setting, and which stay the file's.

use leptos::prelude::*;

use crate::model::{
    CodeTheme, CommentPolicy, NavLink, Registration, Role, SettingKey, SettingSource, SiteSettings,
    SiteSettingsChange, SiteSettingsPage,
};

/// One navigation link being edited; `id` keeps rows apart while they are added and removed.
#[derive(Clone, Copy)]
pub(super) struct LinkRow {
    pub(super) id: u32,
    pub(super) label: RwSignal<String>,
    pub(super) href: RwSignal<String>,
}

/// The form's fields, one signal each, and which settings stay the file's.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub(super) title: RwSignal<String>,
    pub(super) description: RwSignal<String>,
    pub(super) language: RwSignal<String>,
    pub(super) accent: RwSignal<String>,
    pub(super) logo: RwSignal<String>,
    pub(super) icon: RwSignal<String>,
    pub(super) registration: RwSignal<String>,
    pub(super) new_account_role: RwSignal<String>,
    pub(super) posts_per_page: RwSignal<String>,
    pub(super) code_theme: RwSignal<String>,
    pub(super) custom_css: RwSignal<String>,
    pub(super) comment_policy: RwSignal<String>,
    pub(super) comment_link_limit: RwSignal<String>,
    /// One word a line.
    pub(super) comment_held_words: RwSignal<String>,
    pub(super) navigation: RwSignal<Vec<LinkRow>>,
    pub(super) next_link: StoredValue<u32>,
    /// Settings that keep (or go back to) the file's value on save.
    pub(super) from_file: RwSignal<Vec<SettingKey>>,
}

impl Fields {
    pub(super) fn new(page: &SiteSettingsPage) -> Self {
        let fields = Self {
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            language: RwSignal::new(String::new()),
            accent: RwSignal::new(String::new()),
            logo: RwSignal::new(String::new()),
            icon: RwSignal::new(String::new()),
            registration: RwSignal::new(String::new()),
            new_account_role: RwSignal::new(String::new()),
            posts_per_page: RwSignal::new(String::new()),
            code_theme: RwSignal::new(String::new()),
            custom_css: RwSignal::new(String::new()),
            comment_policy: RwSignal::new(String::new()),
            comment_link_limit: RwSignal::new(String::new()),
            comment_held_words: RwSignal::new(String::new()),
            navigation: RwSignal::new(Vec::new()),
            next_link: StoredValue::new(0),
            from_file: RwSignal::new(Vec::new()),
        };
        for key in SettingKey::ALL {
            fields.put(key, &page.current);
        }
        fields.from_file.set(
            SettingKey::ALL
                .into_iter()
                .filter(|key| page.source(*key) != SettingSource::Here)
                .collect(),
        );
        fields
    }

    /// Shows `settings`' value of `key`.
    pub(super) fn put(&self, key: SettingKey, settings: &SiteSettings) {
        match key {
            SettingKey::Title => self.title.set(settings.title.clone()),
            SettingKey::Description => self.description.set(settings.description.clone()),
            SettingKey::Language => self.language.set(settings.language.clone()),
            SettingKey::Accent => self.accent.set(settings.accent.clone()),
            SettingKey::Logo => self.logo.set(settings.logo.clone()),
            SettingKey::Icon => self.icon.set(settings.icon.clone()),
            SettingKey::Registration => self.registration.set(settings.registration.name().into()),
            SettingKey::NewAccountRole => self
                .new_account_role
                .set(settings.new_account_role.name().into()),
            SettingKey::PostsPerPage => {
                self.posts_per_page.set(settings.posts_per_page.to_string())
            }
            SettingKey::CodeTheme => self.code_theme.set(settings.code_theme.name().into()),
            SettingKey::CustomCss => self.custom_css.set(settings.custom_css.clone()),
            SettingKey::CommentPolicy => self
                .comment_policy
                .set(settings.comment_policy.name().into()),
            SettingKey::CommentLinkLimit => self
                .comment_link_limit
                .set(settings.comment_link_limit.to_string()),
            SettingKey::CommentHeldWords => self
                .comment_held_words
                .set(settings.comment_held_words.join("\n")),
            SettingKey::Navigation => {
                let rows = settings
                    .navigation
                    .iter()
                    .map(|link| self.link_row(link.clone()))
                    .collect();
                self.navigation.set(rows);
            }
        }
    }

    pub(super) fn link_row(&self, link: NavLink) -> LinkRow {
        let id = self.next_link.get_value();
        self.next_link.set_value(id + 1);
        LinkRow {
            id,
            label: RwSignal::new(link.label),
            href: RwSignal::new(link.href),
        }
    }

    /// The setting was edited: it is set here from now on.
    pub(super) fn own(&self, key: SettingKey) {
        self.from_file.update(|keys| keys.retain(|of| *of != key));
    }

    /// The setting goes back to the file's value.
    pub(super) fn give_back(&self, key: SettingKey, file: &SiteSettings) {
        self.put(key, file);
        self.from_file.update(|keys| {
            if !keys.contains(&key) {
                keys.push(key);
            }
        });
    }

    /// What is saved. Values the server would refuse (a number that is not one) go as they
    /// are closest, for it to say why.
    pub(super) fn change(&self) -> SiteSettingsChange {
        let navigation = self
            .navigation
            .get_untracked()
            .iter()
            .map(|row| NavLink {
                label: row.label.get_untracked(),
                href: row.href.get_untracked(),
            })
            .collect();
        SiteSettingsChange {
            values: SiteSettings {
                title: self.title.get_untracked(),
                description: self.description.get_untracked(),
                language: self.language.get_untracked(),
                accent: self.accent.get_untracked(),
                navigation,
                logo: self.logo.get_untracked(),
                icon: self.icon.get_untracked(),
                registration: Registration::parse(&self.registration.get_untracked())
                    .unwrap_or(Registration::Closed),
                new_account_role: Role::parse(&self.new_account_role.get_untracked())
                    .unwrap_or(Role::Contributor),
                posts_per_page: self
                    .posts_per_page
                    .get_untracked()
                    .trim()
                    .parse()
                    .unwrap_or(0),
                code_theme: CodeTheme::parse(&self.code_theme.get_untracked()).unwrap_or_default(),
                custom_css: self.custom_css.get_untracked(),
                comment_policy: CommentPolicy::parse(&self.comment_policy.get_untracked())
                    .unwrap_or(CommentPolicy::AllHeld),
                comment_link_limit: self
                    .comment_link_limit
                    .get_untracked()
                    .trim()
                    .parse()
                    .unwrap_or(u32::MAX),
                comment_held_words: self
                    .comment_held_words
                    .get_untracked()
                    .lines()
                    .map(str::to_owned)
                    .collect(),
            },
            from_file: self.from_file.get_untracked(),
        }
    }
}
