//! Writing one feed in each format: Atom and RSS by rust-syndication's crates, JSON Feed by
//! serde. Only what the feed shows; which posts it holds is the caller's.

use atom_syndication as atom;
use serde::Serialize;

use super::{Format, Listing};
use crate::{
    model::routes::{post_href, profile_href},
    server::{
        content::{store::syndication::FeedPost, text::markdown},
        doors::feeds::{Site, http_date, rfc3339},
        error::{DomainResult, InternalError},
    },
};

/// One feed's content, in any format.
pub(super) struct Feed<'a> {
    pub site: &'a Site,
    pub listing: &'a Listing,
    pub posts: &'a [FeedPost],
    /// The latest change to an entry; `None` for an empty feed.
    pub updated: Option<i64>,
}

fn written(format: &str, error: impl std::fmt::Display) -> InternalError {
    InternalError::Other(format!("writing the {format} feed: {error}"))
}

impl Feed<'_> {
    pub fn atom(&self) -> DomainResult<Vec<u8>> {
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

    pub fn rss(&self) -> DomainResult<Vec<u8>> {
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

    pub fn json(&self) -> DomainResult<Vec<u8>> {
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
