//! Where a request comes from, as far as the browser tells: whether it was made by a browser
//! at all, and whether by one of the site's own pages. Requests that carry neither
//! `Sec-Fetch-Site` nor `Origin` (curl, API clients) are not cross-site requests a browser
//! was tricked into making.

use axum::{
    extract::Request,
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

const FETCH_SITE: &str = "sec-fetch-site";

/// Whether a browser made the request: it says where the request comes from.
pub fn is_browser(headers: &HeaderMap) -> bool {
    headers.contains_key(FETCH_SITE) || headers.contains_key(header::ORIGIN)
}

/// Whether a browser request comes from the site's own pages (or from no page at all:
/// the address bar, a bookmark).
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get(FETCH_SITE).and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    matches!((origin_host, host), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

/// Refuses state-changing requests made by another site's pages: a form there could
/// otherwise sign a visitor in as the attacker, or out, or post in their name. Layered on
/// the server functions, which (unlike `/api`) accept form-encoded bodies that need no CORS
/// preflight.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state && !is_same_origin(request.headers()) {
        return (
            StatusCode::FORBIDDEN,
            "requests from other sites are refused\n",
        )
            .into_response();
    }
    next.run(request).await
}
