//! What search engines read: `/robots.txt` and the sitemap of every public address with the
//! time it last changed.
//!
//! `/sitemap.xml` is a sitemap index (sitemaps.org) over pages of posts (standalone pages
//! among them, at their own addresses), tags and authors.
//! Each page covers a span of [`IDS_PER_PAGE`] ids of its table, read by primary key, so a
//! page holds at most that many addresses (the protocol allows 50,000) and costs the same
//! whatever the blog holds; the index costs three `MAX(id)`. Home is the first address of
//! `posts-1.xml`.

use axum::{
    Router,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use quick_xml::{
    Writer,
    events::{BytesDecl, BytesText, Event},
};

use super::{Document, Syndication, not_found, rfc3339};
use crate::model::routes::{profile_href, tag_href};
use crate::server::{
    content::store::syndication::{self as store, Address, IdRanges},
    error::{DomainResult, InternalError},
};

/// Ids of posts, tags or users one sitemap page covers.
pub const IDS_PER_PAGE: i64 = 10_000;

const SITEMAP_NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const SITEMAP_CONTENT_TYPE: &str = "application/xml; charset=utf-8";
/// Crawlers read sitemaps now and then; an hour's reuse costs them nothing.
const SITEMAP_CACHE_CONTROL: &str = "public, max-age=3600";

/// Paths under the signed-in part of the site and the machine doors: nothing for a search
/// engine there. Readers' pages (home, tags, profiles, posts) stay allowed.
const DISALLOWED: [&str; 11] = [
    "/admin",
    "/setup",
    "/editor",
    "/drafts",
    "/settings",
    "/account",
    "/signin",
    "/signup",
    "/api",
    "/rpc",
    "/auth",
];

pub(super) fn routes() -> Router<Syndication> {
    Router::new()
        .route("/robots.txt", get(robots))
        .route(
            "/sitemap.xml",
            get(
                |State(sitemaps): State<Syndication>, headers: HeaderMap| async move {
                    sitemaps.sitemap_index(&headers).await
                },
            ),
        )
        .route(
            "/sitemaps/{file}",
            get(
                |State(sitemaps): State<Syndication>,
                 Path(file): Path<String>,
                 headers: HeaderMap| async move {
                    sitemaps.sitemap_page(&file, &headers).await
                },
            ),
        )
}

async fn robots(State(site): State<Syndication>) -> Response {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    for path in DISALLOWED {
        text.push_str(&format!("Disallow: {path}\n"));
    }
    text.push_str(&format!("\nSitemap: {}\n", site.site().url("/sitemap.xml")));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        text,
    )
        .into_response()
}

/// The three kinds of sitemap page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Posts,
    Tags,
    Authors,
}

impl Section {
    const ALL: [Self; 3] = [Self::Posts, Self::Tags, Self::Authors];

    fn name(self) -> &'static str {
        match self {
            Self::Posts => "posts",
            Self::Tags => "tags",
            Self::Authors => "authors",
        }
    }

    /// How many pages the section has. Posts always have the first, which holds home.
    fn pages(self, ids: IdRanges) -> i64 {
        let (highest, at_least) = match self {
            Self::Posts => (ids.posts, 1),
            Self::Tags => (ids.tags, 0),
            Self::Authors => (ids.users, 0),
        };
        (highest + IDS_PER_PAGE - 1)
            .div_euclid(IDS_PER_PAGE)
            .max(at_least)
    }

    /// `posts-3.xml` → (posts, 3).
    fn parse(file: &str) -> Option<(Self, i64)> {
        let (name, digits) = file.strip_suffix(".xml")?.rsplit_once('-')?;
        let section = Self::ALL.into_iter().find(|s| s.name() == name)?;
        let number: i64 = digits.parse().ok().filter(|n| *n >= 1)?;
        // No leading zeros or signs: one address per page.
        (number.to_string() == digits).then_some((section, number))
    }
}

impl Syndication {
    async fn sitemap_index(&self, request: &HeaderMap) -> Response {
        self.serve("sitemap index".into(), request, |_| async {
            let ids = store::id_ranges(&self.db).await?;
            let pages = Section::ALL
                .into_iter()
                .flat_map(|section| (1..=section.pages(ids)).map(move |number| (section, number)));
            let site = self.site();
            let locations = pages.map(|(section, number)| {
                site.url(&format!("/sitemaps/{}-{number}.xml", section.name()))
            });
            let body = xml(|writer| {
                writer
                    .create_element("sitemapindex")
                    .with_attribute(("xmlns", SITEMAP_NAMESPACE))
                    .write_inner_content(|writer| {
                        for location in locations {
                            writer
                                .create_element("sitemap")
                                .write_inner_content(|writer| {
                                    writer
                                        .create_element("loc")
                                        .write_text_content(BytesText::new(&location))?;
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
            Ok(Some(Document::new(
                body,
                SITEMAP_CONTENT_TYPE,
                None,
                SITEMAP_CACHE_CONTROL,
            )))
        })
        .await
    }

    async fn sitemap_page(&self, file: &str, request: &HeaderMap) -> Response {
        let Some((section, number)) = Section::parse(file) else {
            return not_found();
        };
        let key = format!("sitemap {}-{number}", section.name());
        self.serve(key, request, |now| async move {
            let ids = store::id_ranges(&self.db).await?;
            if number > section.pages(ids) {
                return Ok(None);
            }
            let span = (number - 1) * IDS_PER_PAGE + 1..=number * IDS_PER_PAGE;
            let mut urls: Vec<(String, i64)> = Vec::new();
            let addresses = match section {
                Section::Posts => {
                    if number == 1
                        && let Some(latest) = store::latest_publication(&self.db, now).await?
                    {
                        urls.push((self.site().url("/"), latest));
                    }
                    self.addresses(
                        str::to_owned,
                        store::sitemap_posts(&self.db, span, now).await?,
                    )
                }
                Section::Tags => {
                    self.addresses(tag_href, store::sitemap_tags(&self.db, span, now).await?)
                }
                Section::Authors => self.addresses(
                    profile_href,
                    store::sitemap_authors(&self.db, span, now).await?,
                ),
            };
            urls.extend(addresses);
            let last_modified = urls.iter().map(|(_, modified)| *modified).max();
            let body = urlset(&urls)?;
            Ok(Some(Document::new(
                body,
                SITEMAP_CONTENT_TYPE,
                last_modified,
                SITEMAP_CACHE_CONTROL,
            )))
        })
        .await
    }

    fn addresses(&self, href: fn(&str) -> String, addresses: Vec<Address>) -> Vec<(String, i64)> {
        let site = self.site();
        addresses
            .into_iter()
            .map(|address| {
                let url = site.url(&href(&address.key));
                (url, address.modified_at)
            })
            .collect()
    }
}

/// A `<urlset>` of absolute addresses, each with the time it last changed.
fn urlset(urls: &[(String, i64)]) -> DomainResult<Vec<u8>> {
    xml(|writer| {
        writer
            .create_element("urlset")
            .with_attribute(("xmlns", SITEMAP_NAMESPACE))
            .write_inner_content(|writer| {
                for (location, modified) in urls {
                    writer.create_element("url").write_inner_content(|writer| {
                        writer
                            .create_element("loc")
                            .write_text_content(BytesText::new(location))?;
                        writer
                            .create_element("lastmod")
                            .write_text_content(BytesText::new(&rfc3339(*modified)))?;
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

/// An XML document whose root element `write` writes.
fn xml(write: impl FnOnce(&mut Writer<Vec<u8>>) -> std::io::Result<()>) -> DomainResult<Vec<u8>> {
    let mut writer = Writer::new(Vec::new());
    let written = writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| write(&mut writer));
    match written {
        Ok(()) => Ok(writer.into_inner()),
        Err(error) => Err(InternalError::Other(format!("writing a sitemap: {error}")).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_page_is_named_by_section_and_number() {
        assert_eq!(Section::parse("posts-1.xml"), Some((Section::Posts, 1)));
        assert_eq!(
            Section::parse("authors-12.xml"),
            Some((Section::Authors, 12))
        );
        for bad in [
            "posts-0.xml",
            "posts-01.xml",
            "posts-+1.xml",
            "posts.xml",
            "users-1.xml",
            "tags-1",
        ] {
            assert_eq!(Section::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_section_has_as_many_pages_as_its_ids_need() {
        let ids = IdRanges {
            posts: 0,
            tags: IDS_PER_PAGE,
            users: IDS_PER_PAGE + 1,
        };
        assert_eq!(Section::Posts.pages(ids), 1);
        assert_eq!(Section::Tags.pages(ids), 1);
        assert_eq!(Section::Authors.pages(ids), 2);
        assert_eq!(Section::Tags.pages(IdRanges::default()), 0);
    }
}
