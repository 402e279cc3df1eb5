//! Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the newest posts: the whole blog's, a tag's and an
//! author's. Each entry carries the post's stored HTML (sanitized when it was saved), its
//! description, tags, author and dates; Atom's content names the post's address as its base,
//! so links within it to `#headings` resolve, and RSS and JSON Feed (which have no base) get
//! the site's own addresses in it (its images, `/media/…`) made absolute. Atom and RSS are written by rust-syndication's
//! crates, JSON Feed by serde.

mod writers;

use writers::Feed;

use super::{Document, FEED_CACHE_CONTROL, Syndication};
use crate::model::routes::{profile_href, tag_href};
use crate::server::{
    content::store::syndication::{self as store, FeedPost, FeedSource},
    error::DomainResult,
};
use axum::{
    Router,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
    routing::get,
};

/// Entries in every feed: the newest posts, whatever the blog holds.
pub const FEED_ENTRIES: i64 = 20;

/// The three formats, each at its own file name under a list's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Atom,
    Rss,
    Json,
}

impl Format {
    const ALL: [Self; 3] = [Self::Atom, Self::Rss, Self::Json];

    fn file_name(self) -> &'static str {
        match self {
            Self::Atom => "atom.xml",
            Self::Rss => "rss.xml",
            Self::Json => "feed.json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Atom => "application/atom+xml; charset=utf-8",
            Self::Rss => "application/rss+xml; charset=utf-8",
            Self::Json => "application/feed+json; charset=utf-8",
        }
    }
}

pub(super) fn routes() -> Router<Syndication> {
    let mut router = Router::new();
    for format in Format::ALL {
        let file = format.file_name();
        router = router
            .route(
                &format!("/{file}"),
                get(
                    move |State(feeds): State<Syndication>, headers: HeaderMap| async move {
                        feeds.feed(FeedSource::All, format, &headers).await
                    },
                ),
            )
            .route(
                &format!("/tag/{{tag}}/{file}"),
                get(
                    move |State(feeds): State<Syndication>,
                          Path(tag): Path<String>,
                          headers: HeaderMap| async move {
                        feeds.feed(FeedSource::Tag(tag), format, &headers).await
                    },
                ),
            )
            .route(
                &format!("/profile/{{username}}/{file}"),
                get(
                    move |State(feeds): State<Syndication>,
                          Path(username): Path<String>,
                          headers: HeaderMap| async move {
                        feeds
                            .feed(FeedSource::Author(username), format, &headers)
                            .await
                    },
                ),
            );
    }
    router
}

/// What a feed is of, as its reader sees it.
struct Listing {
    title: String,
    description: String,
    /// The list's page: `/`, `/tag/<tag>`, `/profile/<name>`.
    page_path: String,
    /// What the feed's file name follows: empty for the whole blog.
    feeds_under: String,
}

impl Listing {
    fn feed_path(&self, format: Format) -> String {
        format!("{}/{}", self.feeds_under, format.file_name())
    }
}

impl Syndication {
    async fn feed(&self, source: FeedSource, format: Format, request: &HeaderMap) -> Response {
        // Tags and usernames match in any case, and the feed names them as they were written;
        // a copy is kept under the name as asked for.
        let key = match &source {
            FeedSource::All => format!("feed {}", format.file_name()),
            // As asked for: a spelling that the database's case folding and Rust's disagree on
            // must not be answered with another tag's feed.
            FeedSource::Tag(tag) => format!("feed tag {tag} {}", format.file_name()),
            FeedSource::Author(name) => format!("feed author {name} {}", format.file_name()),
        };
        self.serve(key, request, |now| self.render_feed(source, format, now))
            .await
    }

    async fn render_feed(
        &self,
        source: FeedSource,
        format: Format,
        now: i64,
    ) -> DomainResult<Option<Document>> {
        let site = self.site();
        let site_title = &site.title;
        let (source, listing) = match source {
            FeedSource::All => (
                FeedSource::All,
                Listing {
                    title: site_title.clone(),
                    description: if site.description.is_empty() {
                        format!("The latest posts on {site_title}")
                    } else {
                        site.description.clone()
                    },
                    page_path: "/".into(),
                    feeds_under: String::new(),
                },
            ),
            FeedSource::Tag(tag) => {
                let Some(tag) = store::tag_in_use(&self.db, &tag).await? else {
                    return Ok(None);
                };
                let path = tag_href(&tag);
                let listing = Listing {
                    title: format!("Posts tagged #{tag} · {site_title}"),
                    description: format!("The latest posts tagged #{tag} on {site_title}"),
                    page_path: path.clone(),
                    feeds_under: path,
                };
                (FeedSource::Tag(tag), listing)
            }
            FeedSource::Author(name) => {
                let Some(name) = store::username(&self.db, &name).await? else {
                    return Ok(None);
                };
                let path = profile_href(&name);
                let listing = Listing {
                    title: format!("{name} · {site_title}"),
                    description: format!("The latest posts by {name} on {site_title}"),
                    page_path: path.clone(),
                    feeds_under: path,
                };
                (FeedSource::Author(name), listing)
            }
        };
        let posts = store::feed_posts(&self.db, &source, now, FEED_ENTRIES).await?;
        let updated = posts.iter().map(FeedPost::modified_at).max();
        let feed = Feed {
            site: &site,
            listing: &listing,
            posts: &posts,
            updated,
        };
        let body = match format {
            Format::Atom => feed.atom()?,
            Format::Rss => feed.rss()?,
            Format::Json => feed.json()?,
        };
        Ok(Some(Document::new(
            body,
            format.content_type(),
            updated,
            FEED_CACHE_CONTROL,
        )))
    }
}
