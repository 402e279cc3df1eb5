//! The refresh-token cookie: `HttpOnly` (page scripts never see it), `SameSite=Strict`, `Secure`
//! when the site is reached over HTTPS, and sent only to the paths that can renew a session:
//! the server functions (`/rpc`), the seed's `/auth` endpoints and the REST API (`/api`).
//! One cookie per path, as a cookie has exactly one path.

use axum::http::{HeaderMap, HeaderValue, header};
use cookie::{Cookie, SameSite};

use super::sessions::RefreshToken;

pub const REFRESH_COOKIE: &str = "blog_refresh";
pub const REFRESH_COOKIE_PATHS: [&str; 3] = ["/rpc", "/auth", "/api"];

/// `Set-Cookie` values that store `token` for `max_age` seconds.
pub fn store(token: &RefreshToken, max_age_seconds: u64, secure: bool) -> Vec<HeaderValue> {
    set_all(&token.0, max_age_seconds as i64, secure)
}

/// `Set-Cookie` values that delete the cookie.
pub fn clear(secure: bool) -> Vec<HeaderValue> {
    set_all("", 0, secure)
}

fn set_all(value: &str, max_age_seconds: i64, secure: bool) -> Vec<HeaderValue> {
    REFRESH_COOKIE_PATHS
        .iter()
        .map(|path| {
            let cookie = Cookie::build((REFRESH_COOKIE, value))
                .path(*path)
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(secure)
                .max_age(cookie::time::Duration::seconds(max_age_seconds))
                .build();
            HeaderValue::from_str(&cookie.to_string()).expect("cookie text is a valid header")
        })
        .collect()
}

/// The refresh token from the request's cookies, if any.
pub fn read(headers: &HeaderMap) -> Option<RefreshToken> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == REFRESH_COOKIE && !cookie.value().is_empty())
        .map(|cookie| RefreshToken(cookie.value().to_owned()))
}

/// Whether the browser reached us over HTTPS (directly or through a proxy that says so).
pub fn is_https(headers: &HeaderMap) -> bool {
    let forwarded = headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"));
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|origin| origin.starts_with("https://"));
    forwarded || origin
}

/// Whether a browser request comes from our own pages. Requests without either header
/// (curl, API clients) are not cross-site requests a browser was tricked into.
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    matches!((origin_host, host), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}
