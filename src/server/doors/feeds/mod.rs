//! Feeds, sitemaps and robots.txt: the documents that other programs read (feed readers,
//! search engines), a door into the content like the REST API.
//!
//! Every document is rendered from a bounded, indexed read (`content::store::syndication`), kept
//! until the content it shows changes (`server::changes`) or a post dated in the future comes
//! out, and answered with a strong ETag and `Last-Modified`, so a reader polling a feed that
//! has not changed gets `304 Not Modified` from memory. Links are absolute, from
//! `server.public_url`.
//!
//! | path | what |
//! | --- | --- |
//! | `/atom.xml`, `/rss.xml`, `/feed.json` | the newest posts of the whole blog |
//! | `/tag/{tag}/atom.xml` (`rss.xml`, `feed.json`) | those with a tag; unknown tags 404 |
//! | `/profile/{username}/atom.xml` (…) | those by an author; unknown authors 404 |
//! | `/sitemap.xml` | a sitemap index over `/sitemaps/{posts,tags,authors}-N.xml` |
//! | `/robots.txt` | what crawlers may read, and where the sitemap is |

mod cache;
mod formats;
mod sitemap;

use std::sync::Arc;

use axum::{
    Router,
    body::{Body, Bytes},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use crate::server::{
    clock::Clock,
    db::Db,
    error::{DomainError, DomainResult},
    site::LiveSite,
    state::AppState,
};
use cache::DocumentCache;

/// The routes, served from `state`'s database and clock, their documents kept within a
/// quarter of `cache.max_bytes` (none when the page cache is off).
pub fn router(state: &AppState) -> Router<AppState> {
    let settings = &state.settings;
    let cache = (settings.cache.max_bytes > 0)
        .then(|| DocumentCache::new(settings.cache.max_bytes / 4, &state.changes));
    let syndication = Syndication {
        db: state.db.clone(),
        clock: state.clock.clone(),
        base: settings.server.public_url().into(),
        live: state.site.clone(),
        cache,
    };
    Router::new()
        .merge(formats::routes())
        .merge(sitemap::routes())
        .with_state(syndication)
}

/// What the handlers share.
#[derive(Clone)]
struct Syndication {
    db: Db,
    clock: Clock,
    /// `server.public_url`, without a trailing slash.
    base: Arc<str>,
    /// The site's settings in effect (its title).
    live: LiveSite,
    cache: Option<DocumentCache>,
}

impl Syndication {
    /// The site as the document being rendered names it.
    fn site(&self) -> Site {
        let now = self.live.now();
        Site {
            title: now.settings.title.clone(),
            description: now.settings.description.clone(),
            base: self.base.to_string(),
        }
    }
}

/// The site as documents name it.
struct Site {
    title: String,
    /// The owner's description of the site; empty: none.
    description: String,
    /// `server.public_url`, without a trailing slash.
    base: String,
}

impl Site {
    /// The absolute address of a site path (`/post/x`).
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A rendered document, ready to answer with.
#[derive(Debug)]
struct Document {
    body: Bytes,
    content_type: &'static str,
    /// Quoted, strong: a digest of the body.
    etag: String,
    /// When what it shows last changed (Unix milliseconds), if anything is shown.
    last_modified: Option<i64>,
    cache_control: &'static str,
}

impl Document {
    /// A document of `body`, less any character XML forbids: text stored before input was
    /// cleaned of them (or reaching a writer some other way) cannot make a reader reject the
    /// whole feed. Markup never holds one, so only text loses it.
    fn new(
        body: Vec<u8>,
        content_type: &'static str,
        last_modified: Option<i64>,
        cache_control: &'static str,
    ) -> Self {
        let body = match String::from_utf8(body) {
            Ok(text) => crate::server::characters::strip_forbidden(text).into_bytes(),
            Err(not_text) => not_text.into_bytes(),
        };
        let digest = Sha256::digest(&body);
        Self {
            etag: format!("\"{}\"", hex::encode(&digest[..16])),
            body: Bytes::from(body),
            content_type,
            last_modified,
            cache_control,
        }
    }
}

/// Feeds are polled: readers and proxies may reuse one for five minutes, then ask again.
const FEED_CACHE_CONTROL: &str = "public, max-age=300";

impl Syndication {
    /// Answers with the document kept under `key`, or renders it. `render` gets the time
    /// the document is for and gives `None` when there is no such document (404).
    async fn serve<F, Fut>(&self, key: String, request: &HeaderMap, render: F) -> Response
    where
        F: FnOnce(i64) -> Fut,
        Fut: Future<Output = DomainResult<Option<Document>>>,
    {
        let now = self.clock.now_millis();
        if let Some(document) = self.cache.as_ref().and_then(|cache| cache.get(&key, now)) {
            return answer(&document, request);
        }
        let rendered_at = self.cache.as_ref().map(DocumentCache::generation);
        let rendered = async {
            // Read first: a post coming out after `now` must not be missed by the copy kept.
            let next =
                crate::server::content::store::syndication::next_publication(&self.db, now).await?;
            Ok::<_, DomainError>(render(now).await?.map(|document| (document, next)))
        };
        match rendered.await {
            Ok(Some((document, next_publication))) => {
                let document = Arc::new(document);
                if let (Some(cache), Some(rendered_at)) = (&self.cache, rendered_at) {
                    cache.keep(key, document.clone(), next_publication, rendered_at);
                }
                answer(&document, request)
            }
            Ok(None) => not_found(),
            Err(DomainError::Unavailable(what)) => (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("{what} is unavailable; try again shortly\n"),
            )
                .into_response(),
            Err(error) => {
                tracing::error!(%error, "rendering {key}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the document could not be read\n",
                )
                    .into_response()
            }
        }
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "no such feed or sitemap\n").into_response()
}

/// The document, or `304 Not Modified` when the client's copy is current: by ETag when it
/// sends `If-None-Match`, otherwise by date (RFC 9110, 13.2.2).
fn answer(document: &Document, request: &HeaderMap) -> Response {
    let mut headers = HeaderMap::new();
    if let Ok(etag) = HeaderValue::from_str(&document.etag) {
        headers.insert(header::ETAG, etag);
    }
    let last_modified = document.last_modified.and_then(http_date);
    if let Some(date) = last_modified
        .as_deref()
        .and_then(|date| HeaderValue::from_str(date).ok())
    {
        headers.insert(header::LAST_MODIFIED, date);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(document.cache_control),
    );
    if not_modified(document, request) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(document.content_type),
    );
    (headers, Body::from(document.body.clone())).into_response()
}

fn not_modified(document: &Document, request: &HeaderMap) -> bool {
    if request.contains_key(header::IF_NONE_MATCH) {
        return crate::server::http::etag::client_has(request, &document.etag);
    }
    let since = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|value| value.to_str().ok())
        .and_then(|date| {
            jiff::fmt::rfc2822::DateTimeParser::new()
                .parse_timestamp(date)
                .ok()
        });
    match (since, document.last_modified) {
        // HTTP dates count whole seconds.
        (Some(since), Some(modified)) => modified / 1000 <= since.as_second(),
        _ => false,
    }
}

fn timestamp(millis: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(millis).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// RFC 3339 in UTC, to the second: Atom's, JSON Feed's and the sitemap's dates.
fn rfc3339(millis: i64) -> String {
    timestamp(millis).strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`: HTTP's dates, and a valid RFC 822/2822 date for RSS.
fn http_date(millis: i64) -> Option<String> {
    jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&timestamp(millis))
        .ok()
}
