//! The middleware in front of the reader pages: answers from the cache (304 when the client
//! has the page already), or renders, keeps and answers.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::i18n::Locale;

use super::{
    CachedPage, PageCache,
    encode::encode,
    in_flight::{self, Role},
    reader_page,
};

/// A page larger than this is served but not kept.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// A page differs by encoding and by language, which the cookie or Accept-Language choose.
const VARY: HeaderValue = HeaderValue::from_static("accept-encoding, accept-language, cookie");
/// Caches (and CDNs) may keep the page but must ask whether it is still current.
const REVALIDATE: HeaderValue = HeaderValue::from_static("public, no-cache");

pub async fn serve_from_cache(
    State(cache): State<PageCache>,
    request: Request,
    next: Next,
) -> Response {
    let cacheable_request = matches!(*request.method(), Method::GET | Method::HEAD)
        && !request.headers().contains_key(header::AUTHORIZATION);
    let page = reader_page(request.uri());
    let (Some((key, shows)), true) = (page, cacheable_request) else {
        return next.run(request).await;
    };
    // One copy per language (`http::language` chose it from the cookie or Accept-Language).
    let locale = request
        .extensions()
        .get::<Locale>()
        .copied()
        .unwrap_or_default();
    let key = format!("{}|{key}", crate::i18n::tag(locale));
    let encodings = Encodings::accepted(request.headers());
    let known_etag = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    if let Some(page) = cache.get(&key) {
        return answer(&page, encodings, known_etag.as_deref());
    }
    let arrived_at = cache.generation(&shows);
    let leader = match cache.in_flight.join_or_lead(&key) {
        Role::Leader(render) => Some(render),
        Role::Follower(receiver) => {
            // Another request is rendering the page: take its page, if it shows what was
            // current when this one arrived.
            if let Some((rendered_at, page)) = in_flight::wait(receiver).await
                && rendered_at == arrived_at
            {
                return answer(&page, encodings, known_etag.as_deref());
            }
            None
        }
    };
    let rendered_at = cache.generation(&shows);
    // The page is rendered plain (the cache compresses once) and signed out.
    let mut request = request;
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    request.headers_mut().remove(header::COOKIE);
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if response.status() != StatusCode::OK
        || !is_html
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(identity) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "the page is too large\n").into_response();
    };
    let encoded = encode(identity.clone()).await;
    let page = CachedPage {
        headers: parts.headers,
        identity,
        brotli: encoded.brotli,
        gzip: encoded.gzip,
        etag: encoded.etag,
        shows,
    };
    let page = cache.keep(key, page, rendered_at);
    if let Some(render) = leader {
        render.finish(rendered_at, page.clone());
    }
    answer(&page, encodings, known_etag.as_deref())
}

/// What the client accepts, best first.
#[derive(Clone, Copy)]
struct Encodings {
    brotli: bool,
    gzip: bool,
}

impl Encodings {
    fn accepted(headers: &HeaderMap) -> Self {
        let accepted = headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|coding| {
                let mut parts = coding.split(';');
                let name = parts.next()?.trim().to_ascii_lowercase();
                let refused = parts.any(|parameter| {
                    parameter
                        .trim()
                        .strip_prefix("q=")
                        .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q == 0.0))
                });
                (!refused).then_some(name)
            })
            .collect::<Vec<_>>();
        Self {
            brotli: accepted.iter().any(|name| name == "br"),
            gzip: accepted.iter().any(|name| name == "gzip"),
        }
    }
}

fn answer(page: &CachedPage, encodings: Encodings, known_etag: Option<&str>) -> Response {
    let mut headers = page.headers.clone();
    headers.insert(header::CACHE_CONTROL, REVALIDATE);
    headers.insert(header::VARY, VARY);
    if let Ok(etag) = HeaderValue::from_str(&page.etag) {
        headers.insert(header::ETAG, etag);
    }
    headers.remove(header::CONTENT_LENGTH);
    let client_has_it = known_etag.is_some_and(|known| {
        known
            .split(',')
            .any(|tag| tag.trim().trim_start_matches("W/") == page.etag || tag.trim() == "*")
    });
    if client_has_it {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(value) = headers.get(&name) {
                response.headers_mut().insert(name, value.clone());
            }
        }
        return response;
    }
    let body = if encodings.brotli {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        page.brotli.clone()
    } else if encodings.gzip {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        page.gzip.clone()
    } else {
        page.identity.clone()
    };
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = headers;
    response
}
