//! The blog's content: posts, their tags, comments, favorites and follows. The one place
//! these rules live; every door (server functions, the REST API, the command line) calls in
//! here.
//!
//! - the services decide who may see and change what: `posts` (with the one routine that
//!   writes a post, `posts::write`), `comments`, `revisions`, `profiles`, `search`;
//! - `text` holds the pure work on a post's text: its rules, Markdown, slugs, differences;
//! - `store` holds the SQL, and nothing else does.

/// `SELECT` of a post summary (`store::summary::SummaryRow`) followed by the rest of the
/// query, for the stores' lists; `$viewer` is the
/// placeholder of the viewer's user id (for `favorited` and `author_followed`).
macro_rules! select_summaries {
    ($viewer:literal, $($rest:expr),+) => {
        concat!(
            "SELECT p.id, p.slug, p.title, p.description, p.status, p.word_count, ",
            "p.created_at, p.updated_at, p.published_at, p.publish_at, p.author_id, p.tag_names, ",
            "p.favorites_count, u.username AS author_username, u.bio AS author_bio, ",
            "u.image AS author_image, ",
            "CASE WHEN EXISTS (SELECT 1 FROM favorites f WHERE f.user_id = ", $viewer,
            " AND f.post_id = p.id) THEN 1 ELSE 0 END AS favorited, ",
            "CASE WHEN EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = ", $viewer,
            " AND fo.followee_id = p.author_id) THEN 1 ELSE 0 END AS author_followed",
            $($rest),+
        )
    };
}

pub mod comments;
pub mod moderation;
pub mod posts;
pub mod profiles;
pub mod revisions;
pub mod search;
pub mod store;
pub mod text;

pub use comments::Comments;
pub use posts::Posts;
pub use profiles::Profiles;
pub use revisions::Revisions;
pub use search::Search;

/// A page of a list: at most `limit` items after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

impl Page {
    pub const DEFAULT_LIMIT: i64 = 20;
    pub const MAX_LIMIT: i64 = 100;

    /// The `number`th page (from 1) of `per_page` items.
    pub fn numbered(number: i64, per_page: i64) -> Self {
        let limit = per_page.clamp(1, Self::MAX_LIMIT);
        Self {
            limit,
            offset: number.saturating_sub(1).max(0).saturating_mul(limit),
        }
    }
}

impl Default for Page {
    fn default() -> Self {
        Self {
            limit: Self::DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

pub use crate::server::clock::moment;
