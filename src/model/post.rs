//! Posts, comments and profiles as pages, the editor and the REST API see them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostStatus {
    Draft,
    Published,
}

/// What a post is: one of the publication's posts, or a standalone page (About, Contact) at
/// `/<slug>`, written in the same editor with the same history but never in a list, a feed,
/// search or a count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostKind {
    #[default]
    Post,
    Page,
}

/// A standalone page in the owner's list of pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageLink {
    pub slug: String,
    pub title: String,
    pub status: PostStatus,
    pub updated: Moment,
}

/// Whether a post is public, and from when: what the editor's buttons and the API ask for.
/// A scheduled post stays a draft until its time comes; this is the one place that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum Publication {
    /// Not public.
    Draft,
    /// Public from now (a published post keeps its first date).
    Published,
    /// A draft that publishes itself at `at` (Unix milliseconds).
    Scheduled { at: i64 },
}

impl Publication {
    /// The status the post is stored with until (and unless) its schedule comes.
    pub fn status(self) -> PostStatus {
        match self {
            Self::Published => PostStatus::Published,
            Self::Draft | Self::Scheduled { .. } => PostStatus::Draft,
        }
    }

    /// When a scheduled post publishes itself.
    pub fn publish_at(self) -> Option<i64> {
        match self {
            Self::Scheduled { at } => Some(at),
            Self::Draft | Self::Published => None,
        }
    }

    /// The publication a stored post has: its status and schedule.
    pub fn of(status: PostStatus, publish_at: Option<i64>) -> Self {
        match (status, publish_at) {
            (PostStatus::Published, _) => Self::Published,
            (PostStatus::Draft, Some(at)) => Self::Scheduled { at },
            (PostStatus::Draft, None) => Self::Draft,
        }
    }

    /// Whether the post is, or is set to be, public: its text must be complete.
    pub fn goes_public(self) -> bool {
        !matches!(self, Self::Draft)
    }
}

impl From<PostStatus> for Publication {
    fn from(status: PostStatus) -> Self {
        Self::of(status, None)
    }
}

/// A user as others see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub username: String,
    pub bio: Option<String>,
    pub image: Option<String>,
    /// Whether the viewer follows this user (false for anonymous viewers).
    pub following: bool,
}

/// A moment, formatted once on the server so the page and its hydration agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// Unix milliseconds.
    pub millis: i64,
    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-27T09:30:00.000Z`.
    pub iso: String,
    /// For readers, e.g. `27 November 2026`.
    pub text: String,
}

/// Everything a list of posts shows about one post; no body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostSummary {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub author: Profile,
    pub status: PostStatus,
    pub created: Moment,
    pub updated: Moment,
    pub published: Option<Moment>,
    /// When a draft is set to publish itself; `None` for a post not scheduled.
    pub scheduled: Option<Moment>,
    pub reading_minutes: u32,
    pub favorites_count: i64,
    /// Whether the viewer has favorited the post.
    pub favorited: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub summary: PostSummary,
    /// The Markdown the author wrote.
    pub body: String,
    /// The sanitized HTML rendered from it when the post was saved.
    pub body_html: String,
    /// The body's section headings, in order, as they were rendered with it.
    pub outline: Vec<Heading>,
    /// The first image the body shows (its address as written): the post's picture where a
    /// link to it is shared.
    pub cover_image: Option<String>,
    /// Whether its author (or a moderator) closed its comments.
    pub comments_closed: bool,
    /// A post, or a standalone page.
    pub kind: PostKind,
}

/// A section heading of a post body: what its table of contents links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// 1 to 3 (`<h1>` to `<h3>`); deeper headings stay out of the contents.
    pub level: u8,
    /// The heading's `id` in the rendered body (`h-…`).
    pub id: String,
    pub text: String,
}

/// A link to another post: its address and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostLink {
    pub slug: String,
    pub title: String,
}

/// Where a reader may go after a post: the posts published just before and after it, and
/// a few that share its tags. Never a draft, never a post dated in the future.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostNeighbours {
    /// The post published just before (older).
    pub previous: Option<PostLink>,
    /// The post published just after (newer).
    pub next: Option<PostLink>,
    /// Posts sharing the most tags with it, most shared and newest first.
    pub related: Vec<PostLink>,
}

/// A post's favorites as one reader sees them after marking or unmarking it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FavoriteState {
    pub favorited: bool,
    pub count: i64,
}

/// One page of a post list, with the number of posts in the whole list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostPage {
    pub posts: Vec<PostSummary>,
    /// Posts in the whole list.
    pub total: i64,
    /// The page size the list was cut with.
    pub per_page: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    /// The Markdown as written.
    pub body: String,
    /// The Markdown's small comment subset as sanitized HTML (`text::markdown::comment_html`).
    pub body_html: String,
    pub created: Moment,
    pub updated: Moment,
    pub author: Profile,
    /// Why it waits for a moderator; `None`: it shows to everyone.
    pub held: Option<super::HoldReason>,
}

/// One page of a post's comments, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentPage {
    pub comments: Vec<Comment>,
    /// Whether later comments follow on the next page.
    pub more: bool,
}

/// What the editor sends when it saves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostDraft {
    pub title: String,
    pub description: String,
    pub body: String,
    pub tags: Vec<String>,
}

/// A deleted post's text, kept in the author's browser so the delete can be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedPost {
    pub kind: PostKind,
    pub draft: PostDraft,
}

/// A tag and how many published posts carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    pub name: String,
    pub posts: i64,
}

/// Words a reader reads in a minute. Text without spaces (Chinese, Japanese) is counted two
/// characters to a word when it is rendered, so it reads at 400 characters a minute.
pub const WORDS_PER_MINUTE: u64 = 200;

/// Minutes to read `words` words at [`WORDS_PER_MINUTE`]; never zero.
pub fn reading_minutes(words: i64) -> u32 {
    let words = u64::try_from(words).unwrap_or(0);
    u32::try_from(words.div_ceil(WORDS_PER_MINUTE))
        .unwrap_or(u32::MAX)
        .max(1)
}
