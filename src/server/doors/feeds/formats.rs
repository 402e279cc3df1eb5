//! Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the newest posts: the whole blog's, a tag's and an
//! author's. Each entry carries the post's stored HTML (sanitized when it was saved), its
//! description, tags, author and dates; Atom's content names the post's address as its base,
//! so links within it to `#headings` resolve, and RSS and JSON Feed (which have no base) get
//! the site's own addresses in it (its images, `/media/…`) made absolute. Atom and RSS are written by rust-syndication's
//! crates, JSON Feed by serde.

use atom_syndication as atom;
use axum::{
    Router,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
    routing::get,
};
use serde::Serialize;

use super::{Document, FEED_CACHE_CONTROL, Site, Syndication, http_date, rfc3339};
use crate::model::routes::{post_href, profile_href, tag_href};
use crate::server::{
    content::{
        store::syndication::{self as store, FeedPost, FeedSource},
        text::markdown,
    },
    error::{DomainResult, InternalError},
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
        // Tags and usernames match in any case, and the feed names them as they were written.
        let key = match &source {
            FeedSource::All => format!("feed {}", format.file_name()),
            FeedSource::Tag(tag) => {
                format!("feed tag {} {}", tag.to_lowercase(), format.file_name())
            }
            FeedSource::Author(name) => {
                format!("feed author {} {}", name.to_lowercase(), format.file_name())
            }
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
        let site_title = &self.site.title;
        let (source, listing) = match source {
            FeedSource::All => (
                FeedSource::All,
                Listing {
                    title: site_title.clone(),
                    description: format!("The latest posts on {site_title}"),
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
            site: &self.site,
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

/// One feed's content, in any format.
struct Feed<'a> {
    site: &'a Site,
    listing: &'a Listing,
    posts: &'a [FeedPost],
    /// The latest change to an entry; `None` for an empty feed.
    updated: Option<i64>,
}

fn written(format: &str, error: impl std::fmt::Display) -> InternalError {
    InternalError::Other(format!("writing the {format} feed: {error}"))
}

impl Feed<'_> {
    fn atom(&self) -> DomainResult<Vec<u8>> {
        let site = self.site;
        let date =
            |millis: i64| -> atom::FixedDateTime { rfc3339(millis).parse().unwrap_or_default() };
        let link = |href: String, rel: &str, mime_type: &str| atom::Link {
            href,
            rel: rel.into(),
            mime_type: Some(mime_type.into()),
            ..Default::default()
        };
        let entries = self
            .posts
            .iter()
            .map(|post| {
                let url = site.url(&post_href(&post.slug));
                atom::Entry {
                    title: atom::Text::plain(post.title.clone()),
                    id: url.clone(),
                    updated: date(post.modified_at()),
                    published: Some(date(post.published_at)),
                    authors: vec![atom::Person {
                        name: post.author_username.clone(),
                        uri: Some(site.url(&profile_href(&post.author_username))),
                        ..Default::default()
                    }],
                    categories: post
                        .tags()
                        .into_iter()
                        .map(|term| atom::Category {
                            term,
                            ..Default::default()
                        })
                        .collect(),
                    links: vec![link(url.clone(), "alternate", "text/html")],
                    summary: (!post.description.is_empty())
                        .then(|| atom::Text::plain(post.description.clone())),
                    content: Some(atom::Content {
                        base: Some(url),
                        value: Some(post.body_html.clone()),
                        content_type: Some("html".into()),
                        ..Default::default()
                    }),
                    ..Default::default()
                }
            })
            .collect();
        let listing = self.listing;
        let page = site.url(&listing.page_path);
        let feed = atom::Feed {
            title: atom::Text::plain(listing.title.clone()),
            id: page.clone(),
            updated: date(self.updated.unwrap_or(0)),
            subtitle: Some(atom::Text::plain(listing.description.clone())),
            links: vec![
                link(page, "alternate", "text/html"),
                link(
                    site.url(&listing.feed_path(Format::Atom)),
                    "self",
                    "application/atom+xml",
                ),
            ],
            generator: Some(atom::Generator {
                value: site.title.clone(),
                uri: Some(site.url("/")),
                ..Default::default()
            }),
            entries,
            ..Default::default()
        };
        feed.write_to(Vec::new())
            .map_err(|error| written("Atom", error).into())
    }

    fn rss(&self) -> DomainResult<Vec<u8>> {
        use rss::extension::{atom::AtomExtension, dublincore::DublinCoreExtension};
        let site = self.site;
        let items = self
            .posts
            .iter()
            .map(|post| {
                let url = site.url(&post_href(&post.slug));
                let content = markdown::with_absolute_addresses(&post.body_html, &url);
                rss::Item {
                    title: Some(post.title.clone()),
                    link: Some(url.clone()),
                    description: (!post.description.is_empty()).then(|| post.description.clone()),
                    guid: Some(rss::Guid {
                        value: url,
                        permalink: true,
                    }),
                    pub_date: http_date(post.published_at),
                    categories: post
                        .tags()
                        .into_iter()
                        .map(|name| rss::Category { name, domain: None })
                        .collect(),
                    // `<content:encoded>`: the whole post, where `description` is its summary.
                    content: Some(content),
                    // RSS's own `<author>` must be an email address, which is not public here.
                    dublin_core_ext: Some(DublinCoreExtension {
                        creators: vec![post.author_username.clone()],
                        ..Default::default()
                    }),
                    ..Default::default()
                }
            })
            .collect();
        let listing = self.listing;
        let channel = rss::Channel {
            title: listing.title.clone(),
            link: site.url(&listing.page_path),
            description: listing.description.clone(),
            last_build_date: self.updated.and_then(http_date),
            generator: Some(site.title.clone()),
            atom_ext: Some(AtomExtension {
                links: vec![atom::Link {
                    href: site.url(&listing.feed_path(Format::Rss)),
                    rel: "self".into(),
                    mime_type: Some("application/rss+xml".into()),
                    ..Default::default()
                }],
            }),
            items,
            ..Default::default()
        };
        channel
            .write_to(Vec::new())
            .map_err(|error| written("RSS", error).into())
    }

    fn json(&self) -> DomainResult<Vec<u8>> {
        let site = self.site;
        let listing = self.listing;
        let feed = JsonFeed {
            version: "https://jsonfeed.org/version/1.1",
            title: &listing.title,
            home_page_url: site.url(&listing.page_path),
            feed_url: site.url(&listing.feed_path(Format::Json)),
            description: &listing.description,
            items: self
                .posts
                .iter()
                .map(|post| {
                    let url = site.url(&post_href(&post.slug));
                    JsonItem {
                        content_html: markdown::with_absolute_addresses(&post.body_html, &url),
                        id: url.clone(),
                        url,
                        title: &post.title,
                        summary: (!post.description.is_empty()).then_some(&*post.description),
                        date_published: rfc3339(post.published_at),
                        date_modified: rfc3339(post.modified_at()),
                        authors: vec![JsonAuthor {
                            name: &post.author_username,
                            url: site.url(&profile_href(&post.author_username)),
                        }],
                        tags: post.tags(),
                    }
                })
                .collect(),
        };
        serde_json::to_vec(&feed).map_err(|error| written("JSON", error).into())
    }
}

/// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): what this blog fills in.
#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    description: &'a str,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: String,
    url: String,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    content_html: String,
    date_published: String,
    date_modified: String,
    authors: Vec<JsonAuthor<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    url: String,
}
