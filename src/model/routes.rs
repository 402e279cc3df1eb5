//! The reader pages, written once: their addresses and the query parameters they read. The
//! router (`app`), the pages' links, the feeds and sitemaps and the page cache all use this
//! table, so the cache's keys are made of exactly what a page reads, and a link can never
//! drift from the route it points at. Tags and usernames may hold spaces, slashes and any
//! script; every segment is escaped on the way out and decoded on the way in.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// The fixed segments of reader addresses.
pub mod segment {
    pub const TAG: &str = "tag";
    pub const PROFILE: &str = "profile";
    pub const FAVORITES: &str = "favorites";
    pub const POST: &str = "post";
}

/// The first segments of every address the site answers itself, and a few it will: a
/// standalone page's slug is never one of them, so no page can hide a route or a door
/// (checked against the router's own routes in `server::router`'s tests).
pub const RESERVED_NAMES: &[&str] = &[
    // Reader and signed-in pages.
    "post",
    "tag",
    "profile",
    "search",
    "editor",
    "drafts",
    "media",
    "following",
    "signin",
    "signup",
    "forgot-password",
    "reset-password",
    "verify-email",
    "undo-email",
    "subscribe",
    "unsubscribe",
    "settings",
    "account",
    "admin",
    "moderation",
    "setup",
    "pages",
    // Machine doors, feeds and files.
    "api",
    "rpc",
    "pkg",
    "auth",
    "protected",
    "healthz",
    "language",
    "feed",
    "feeds",
    "atom",
    "rss",
    "sitemap",
    "sitemaps",
    "robots",
    "favicon",
    "site",
    "static",
    "assets",
    "uploads",
    // What sign-in, email, federation and operations use or will.
    "login",
    "logout",
    "register",
    "signout",
    "reset",
    "verify",
    "invite",
    "invitations",
    "subscribe",
    "unsubscribe",
    "newsletter",
    "inbox",
    "outbox",
    "users",
    "user",
    "nodeinfo",
    "webfinger",
    "metrics",
    "status",
    "new",
    "edit",
    "index",
    "home",
];

/// Whether `slug` may be a standalone page's address: a slug as titles give them (ASCII
/// lowercase letters, digits and hyphens, not first) that no route or door uses.
pub fn is_page_slug(slug: &str) -> bool {
    // Titles give at most 80 characters, and a suffix keeps a slug unique.
    (1..=100).contains(&slug.len())
        && slug
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        && !slug.starts_with('-')
        && !RESERVED_NAMES.contains(&slug)
}

/// The names of the routes' parameters.
pub mod param {
    pub const TAG: &str = "tag";
    pub const USERNAME: &str = "username";
    pub const SLUG: &str = "slug";
}

/// The query parameters reader pages read.
pub mod query {
    /// A list's page number, from 1.
    pub const PAGE: &str = "page";
    /// A post's page of comments, from 1.
    pub const COMMENTS: &str = "comments";
    /// The sign-up page's invitation token.
    pub const INVITATION: &str = "invitation";
    /// The editor's kind of new post: `page` starts a standalone page.
    pub const KIND: &str = "kind";
}

/// A page every reader sees the same: what the page cache may keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReaderPage {
    Home,
    Tag(String),
    Profile(String),
    ProfileFavorites(String),
    Post(String),
    /// A standalone page, at `/<slug>`.
    Page(String),
}

impl ReaderPage {
    /// The reader page at `path` (its segments decoded), or `None` for any other address.
    pub fn at(path: &str) -> Option<Self> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let decoded = |raw: &str| (!raw.is_empty()).then(|| decode(raw)).flatten();
        match segments.as_slice() {
            [""] => Some(Self::Home),
            [segment::TAG, tag] => decoded(tag).map(Self::Tag),
            [segment::PROFILE, name] => decoded(name).map(Self::Profile),
            [segment::PROFILE, name, segment::FAVORITES] => {
                decoded(name).map(Self::ProfileFavorites)
            }
            [segment::POST, slug] => decoded(slug).map(Self::Post),
            [slug] if is_page_slug(slug) => Some(Self::Page((*slug).to_owned())),
            _ => None,
        }
    }

    /// The query parameters the page reads: nothing else in a query changes what it shows.
    pub fn reads(&self) -> &'static [&'static str] {
        match self {
            Self::Post(_) => &[query::COMMENTS],
            Self::Page(_) => &[],
            Self::Home | Self::Tag(_) | Self::Profile(_) | Self::ProfileFavorites(_) => {
                &[query::PAGE]
            }
        }
    }

    /// The page's address.
    pub fn href(&self) -> String {
        match self {
            Self::Home => "/".to_owned(),
            Self::Tag(tag) => tag_href(tag),
            Self::Profile(name) => profile_href(name),
            Self::ProfileFavorites(name) => {
                format!("{}/{}", profile_href(name), segment::FAVORITES)
            }
            Self::Post(slug) => post_href(slug),
            Self::Page(slug) => page_href(slug),
        }
    }
}

/// Whether `back` is a path of this site, never an address elsewhere: browsers read `//host`
/// and `/\host` as another host, and drop tabs and line breaks first (`/<TAB>/host`).
pub fn is_local_path(back: &str) -> bool {
    back.starts_with('/')
        && !back.starts_with("//")
        && !back
            .chars()
            .any(|c| c == '\\' || c.is_whitespace() || c.is_control())
}

/// A page number as the pages read it from their query: from 1; 1 when absent or no number.
pub fn page_number(raw: Option<&str>) -> i64 {
    raw.and_then(|page| page.parse::<i64>().ok())
        .filter(|page| *page >= 1)
        .unwrap_or(1)
}

/// Everything but unreserved characters is escaped, `/` too.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One path segment, escaped.
pub fn path_segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

fn decode(segment: &str) -> Option<String> {
    percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

/// The address of a tag's page.
pub fn tag_href(tag: &str) -> String {
    format!("/{}/{}", segment::TAG, path_segment(tag))
}

/// The address of an author's page.
pub fn profile_href(username: &str) -> String {
    format!("/{}/{}", segment::PROFILE, path_segment(username))
}

/// A setup link: the page that makes the site's owner with the link's token.
pub fn setup_href(token: &str) -> String {
    format!("/setup/{}", path_segment(token))
}

/// Where the link verifying an address leads.
pub fn verify_email_href(token: &str) -> String {
    format!("/verify-email/{}", path_segment(token))
}

/// Where the link putting back an account's old address leads.
pub fn undo_email_href(token: &str) -> String {
    format!("/undo-email/{}", path_segment(token))
}

/// Where the link confirming a newsletter subscription leads.
pub fn confirm_subscription_href(token: &str) -> String {
    format!("/subscribe/confirm/{}", path_segment(token))
}

/// A subscriber's own way out of a newsletter: a page with a button, and the address mail
/// clients post `List-Unsubscribe=One-Click` to (RFC 8058).
pub fn unsubscribe_href(token: &str) -> String {
    format!("/unsubscribe/{}", path_segment(token))
}

/// The page where a reader subscribes to the site's posts, or to `author`'s.
pub fn subscribe_href(author: Option<&str>) -> String {
    match author {
        Some(author) => format!("/subscribe?author={}", path_segment(author)),
        None => "/subscribe".to_owned(),
    }
}

/// Where a "forgot password" email's link leads.
pub fn reset_password_href(token: &str) -> String {
    format!("/reset-password/{}", path_segment(token))
}

/// The address of a post.
pub fn post_href(slug: &str) -> String {
    format!("/{}/{}", segment::POST, path_segment(slug))
}

/// The address of a standalone page.
pub fn page_href(slug: &str) -> String {
    format!("/{}", path_segment(slug))
}

/// The editor for a new standalone page.
pub const NEW_PAGE_HREF: &str = "/editor?kind=page";

/// The editor for a post.
pub fn editor_href(slug: &str) -> String {
    format!("/editor/{}", path_segment(slug))
}

/// The sign-up page with an invitation's token.
pub fn invitation_href(token: &str) -> String {
    format!("/signup?{}={}", query::INVITATION, query_value(token))
}

/// The sign-in page, coming back to `next` (a path of this site) afterwards.
pub fn sign_in_href(next: &str) -> String {
    format!("/signin?next={}", query_value(next))
}

/// A query value, escaped.
pub fn query_value(text: &str) -> String {
    const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'/');
    utf8_percent_encode(text, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reader_address_reads_back_as_its_page() {
        for page in [
            ReaderPage::Home,
            ReaderPage::Tag("web dev/rust".into()),
            ReaderPage::Profile("Zoë".into()),
            ReaderPage::ProfileFavorites("alice".into()),
            ReaderPage::Post("ni-hao".into()),
            ReaderPage::Page("about-us".into()),
        ] {
            assert_eq!(ReaderPage::at(&page.href()), Some(page.clone()), "{page:?}");
        }
        for other in [
            "/editor",
            "/post/a/b",
            "/profile/a/drafts",
            "/tag/",
            "/api/x",
            "/drafts",
            "/favicon.svg",
            "/About",
            "/-x",
        ] {
            assert_eq!(ReaderPage::at(other), None, "{other}");
        }
    }

    #[test]
    fn a_page_number_is_one_unless_it_is_a_number_from_one() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("3")), 3);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(page_number(Some("x")), 1);
    }
}
