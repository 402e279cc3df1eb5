//! Posts, comments and profiles as pages, the editor and the REST API see them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostStatus {
    Draft,
    Published,
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
    pub body: String,
    pub created: Moment,
    pub updated: Moment,
    pub author: Profile,
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

/// A tag and how many published posts carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    pub name: String,
    pub posts: i64,
}

/// Minutes to read `words` words at an unhurried 220 words a minute; never zero.
pub fn reading_minutes(words: i64) -> u32 {
    let words = u64::try_from(words).unwrap_or(0);
    u32::try_from(words.div_ceil(220))
        .unwrap_or(u32::MAX)
        .max(1)
}
