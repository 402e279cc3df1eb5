//! The site's accounts as the admins' members page asks for them and shows them: searched by
//! name or email, filtered by role or suspension, sorted, a page at a time.

use serde::{Deserialize, Serialize};

use super::Role;

/// The most accounts one page lists.
pub const MEMBERS_PER_PAGE: i64 = 50;
/// The longest search the members page accepts: longer than any username or email.
pub const MEMBER_SEARCH_MAX_CHARS: usize = 254;

/// An account as the members page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub username: String,
    pub email: String,
    pub role: Role,
    pub published_posts: i64,
    pub joined: super::Moment,
    /// Since when the account is suspended; `None` while it is not.
    pub suspended: Option<super::Moment>,
    /// Whether it signs in with a second factor.
    pub two_step: bool,
}

/// A page of accounts, in the order asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberPage {
    pub members: Vec<Member>,
    /// Whether a further page holds more.
    pub has_more: bool,
}

/// Which accounts the members page lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberFilter {
    #[default]
    Everyone,
    Role(Role),
    Suspended,
}

/// The order of the members page (its discriminant picks the statement that reads it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberSort {
    /// Who joined last first.
    #[default]
    Newest,
    Oldest,
    /// By username, A to Z, in any case.
    Name,
    /// Most published posts first.
    Posts,
}

impl MemberSort {
    pub const ALL: [MemberSort; 4] = [Self::Newest, Self::Oldest, Self::Name, Self::Posts];

    pub fn name(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Oldest => "oldest",
            Self::Name => "name",
            Self::Posts => "posts",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.name() == name)
    }
}

/// What the members page asks for: accounts whose username or email contains `search` (in any
/// case; empty: all), passing `filter`, in `sort` order, page `page` (from 1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberQuery {
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub filter: MemberFilter,
    #[serde(default)]
    pub sort: MemberSort,
    #[serde(default = "first_page")]
    pub page: i64,
}

fn first_page() -> i64 {
    1
}

/// What becomes of a deleted account's posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TheirPosts {
    /// They go to the account of this username, published as they were.
    HandTo(String),
    /// They are deleted with the account.
    Delete,
}
