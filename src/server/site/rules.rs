//! What a site setting may be, the same whether it comes from the settings page or the
//! settings file. Each refusal names the setting and says what would be accepted.

use super::accent::Accent;
use crate::{
    i18n::Locale,
    model::{NavLink, Role, SettingKey, SiteSettings, routes::is_local_path},
    server::error::{DomainError, DomainResult},
};

pub const MAX_TITLE_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 300;
pub const MAX_NAV_LINKS: usize = 12;
pub const MAX_NAV_LABEL_CHARS: usize = 40;
pub const MAX_ADDRESS_CHARS: usize = 500;
/// Enough for a real theme's adjustments; the stylesheet goes to every reader.
pub const MAX_CUSTOM_CSS_BYTES: usize = 32 * 1024;
pub const POSTS_PER_PAGE: std::ops::RangeInclusive<u32> = 1..=100;
/// 0: any link holds a comment.
pub const COMMENT_LINK_LIMIT: std::ops::RangeInclusive<u32> = 0..=50;
pub const MAX_HELD_WORDS: usize = 200;
pub const MAX_HELD_WORD_CHARS: usize = 50;

/// The settings, tidied (trimmed, colours lowercased), or the first setting refused.
pub fn checked(mut settings: SiteSettings) -> DomainResult<SiteSettings> {
    settings.title = settings.title.trim().to_owned();
    if settings.title.is_empty() {
        return Err(invalid(SettingKey::Title, "can't be blank"));
    }
    if settings.title.chars().count() > MAX_TITLE_CHARS {
        return Err(too_long(SettingKey::Title, MAX_TITLE_CHARS));
    }
    settings.description = settings.description.trim().to_owned();
    if settings.description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(too_long(SettingKey::Description, MAX_DESCRIPTION_CHARS));
    }
    if settings.language.parse::<Locale>().is_err() {
        let tags: Vec<&str> = <Locale as leptos_i18n::Locale>::get_all()
            .iter()
            .map(|&locale| crate::i18n::tag(locale))
            .collect();
        return Err(invalid(
            SettingKey::Language,
            format!("must be one of {}", tags.join(", ")),
        ));
    }
    settings.accent = settings.accent.trim().to_ascii_lowercase();
    if !settings.accent.is_empty() {
        Accent::parse(&settings.accent).map_err(|problem| invalid(SettingKey::Accent, problem))?;
    }
    settings.navigation = navigation(settings.navigation)?;
    settings.logo = image_address(SettingKey::Logo, &settings.logo)?;
    settings.icon = image_address(SettingKey::Icon, &settings.icon)?;
    if !matches!(settings.new_account_role, Role::Author | Role::Contributor) {
        return Err(invalid(
            SettingKey::NewAccountRole,
            "must be author or contributor: an account that signs itself up is not trusted \
             with others' posts",
        ));
    }
    if !POSTS_PER_PAGE.contains(&settings.posts_per_page) {
        return Err(invalid(
            SettingKey::PostsPerPage,
            format!(
                "must be between {} and {}",
                POSTS_PER_PAGE.start(),
                POSTS_PER_PAGE.end()
            ),
        ));
    }
    if settings.custom_css.len() > MAX_CUSTOM_CSS_BYTES {
        return Err(invalid(
            SettingKey::CustomCss,
            format!(
                "is too long (maximum is {} KiB)",
                MAX_CUSTOM_CSS_BYTES / 1024
            ),
        ));
    }
    if settings.custom_css.contains('\0') {
        return Err(invalid(
            SettingKey::CustomCss,
            "must not contain NUL characters",
        ));
    }
    if !COMMENT_LINK_LIMIT.contains(&settings.comment_link_limit) {
        return Err(invalid(
            SettingKey::CommentLinkLimit,
            format!(
                "must be between {} and {}",
                COMMENT_LINK_LIMIT.start(),
                COMMENT_LINK_LIMIT.end()
            ),
        ));
    }
    settings.comment_held_words = held_words(settings.comment_held_words)?;
    Ok(settings)
}

/// The words that hold a comment: trimmed, lowercased, each once, blanks dropped.
fn held_words(words: Vec<String>) -> DomainResult<Vec<String>> {
    if words.len() > MAX_HELD_WORDS {
        return Err(invalid(
            SettingKey::CommentHeldWords,
            format!("has too many words (maximum is {MAX_HELD_WORDS})"),
        ));
    }
    let mut kept: Vec<String> = Vec::new();
    for word in words {
        let word = word.trim().to_lowercase();
        if word.is_empty() || kept.contains(&word) {
            continue;
        }
        if word.chars().count() > MAX_HELD_WORD_CHARS {
            return Err(invalid(
                SettingKey::CommentHeldWords,
                format!("has a word over {MAX_HELD_WORD_CHARS} characters: {word}"),
            ));
        }
        kept.push(word);
    }
    Ok(kept)
}

fn navigation(links: Vec<NavLink>) -> DomainResult<Vec<NavLink>> {
    if links.len() > MAX_NAV_LINKS {
        return Err(invalid(
            SettingKey::Navigation,
            format!("has too many links (maximum is {MAX_NAV_LINKS})"),
        ));
    }
    links
        .into_iter()
        .map(|link| {
            let label = link.label.trim().to_owned();
            let href = link.href.trim().to_owned();
            if label.is_empty() {
                return Err(invalid(
                    SettingKey::Navigation,
                    "needs a label for every link",
                ));
            }
            if label.chars().count() > MAX_NAV_LABEL_CHARS {
                return Err(invalid(
                    SettingKey::Navigation,
                    format!("has a label over {MAX_NAV_LABEL_CHARS} characters: {label}"),
                ));
            }
            if !is_link_address(&href) {
                return Err(invalid(
                    SettingKey::Navigation,
                    format!(
                        "link \"{label}\" must go to a path of this site (/about) or an \
                         https:// address"
                    ),
                ));
            }
            Ok(NavLink { label, href })
        })
        .collect()
}

/// A path of this site, or an address elsewhere over HTTP(S): never `javascript:` and the like.
fn is_link_address(href: &str) -> bool {
    if href.is_empty() || href.len() > MAX_ADDRESS_CHARS {
        return false;
    }
    if is_local_path(href) {
        return true;
    }
    (href.starts_with("https://") || href.starts_with("http://"))
        && href
            .parse::<http::Uri>()
            .is_ok_and(|uri| uri.host().is_some())
        && !href.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An image of this site's (an upload, `/media/…`, or a public file); empty for none.
fn image_address(key: SettingKey, address: &str) -> DomainResult<String> {
    let address = address.trim();
    if address.is_empty() {
        return Ok(String::new());
    }
    if address.len() > MAX_ADDRESS_CHARS || !is_local_path(address) || address.contains("..") {
        return Err(invalid(
            key,
            "must be the address of an image on this site, like /media/… from the media library",
        ));
    }
    Ok(address.to_owned())
}

fn invalid(key: SettingKey, message: impl Into<String>) -> DomainError {
    DomainError::invalid(key.name(), message)
}

fn too_long(key: SettingKey, max_chars: usize) -> DomainError {
    DomainError::too_long(key.name(), max_chars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CodeTheme, CommentPolicy, Registration};

    fn valid() -> SiteSettings {
        SiteSettings {
            title: "Notes".into(),
            description: String::new(),
            language: "en".into(),
            accent: String::new(),
            navigation: vec![],
            logo: String::new(),
            icon: String::new(),
            registration: Registration::Open,
            new_account_role: Role::Author,
            posts_per_page: 10,
            code_theme: CodeTheme::Github,
            custom_css: String::new(),
            comment_policy: CommentPolicy::Open,
            comment_link_limit: 2,
            comment_held_words: vec![],
        }
    }

    fn refused_field(settings: SiteSettings) -> &'static str {
        match checked(settings) {
            Err(DomainError::Invalid { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn navigation_never_links_to_script() {
        for href in [
            "javascript:alert(1)",
            "//evil.example",
            "/\\evil.example",
            "data:text/html,x",
            "https://",
            "",
        ] {
            let mut settings = valid();
            settings.navigation = vec![NavLink {
                label: "x".into(),
                href: href.into(),
            }];
            assert_eq!(refused_field(settings), "navigation", "{href:?}");
        }
        let mut settings = valid();
        settings.navigation = vec![
            NavLink {
                label: " About ".into(),
                href: "/about".into(),
            },
            NavLink {
                label: "Code".into(),
                href: "https://codeberg.org/me".into(),
            },
        ];
        let kept = checked(settings).unwrap();
        assert_eq!(kept.navigation[0].label, "About");
    }

    #[test]
    fn sizes_and_choices_are_bounded() {
        let mut settings = valid();
        settings.title = "  ".into();
        assert_eq!(refused_field(settings), "title");
        let mut settings = valid();
        settings.posts_per_page = 0;
        assert_eq!(refused_field(settings), "posts_per_page");
        let mut settings = valid();
        settings.new_account_role = Role::Admin;
        assert_eq!(refused_field(settings), "new_account_role");
        let mut settings = valid();
        settings.language = "fr".into();
        assert_eq!(refused_field(settings), "language");
        let mut settings = valid();
        settings.custom_css = "a{}".repeat(MAX_CUSTOM_CSS_BYTES);
        assert_eq!(refused_field(settings), "custom_css");
        let mut settings = valid();
        settings.logo = "https://elsewhere.example/logo.png".into();
        assert_eq!(refused_field(settings), "logo");
        let mut settings = valid();
        settings.comment_link_limit = 51;
        assert_eq!(refused_field(settings), "comment_link_limit");
        let mut settings = valid();
        settings.comment_held_words = vec!["w".into(); MAX_HELD_WORDS + 1];
        assert_eq!(refused_field(settings), "comment_held_words");
        let mut settings = valid();
        settings.comment_held_words = vec!["x".repeat(MAX_HELD_WORD_CHARS + 1)];
        assert_eq!(refused_field(settings), "comment_held_words");
    }

    #[test]
    fn held_words_are_tidied() {
        let mut settings = valid();
        settings.comment_held_words = vec![" Casino ".into(), "casino".into(), "".into()];
        assert_eq!(checked(settings).unwrap().comment_held_words, ["casino"]);
    }
}
