//! The refresh-token cookie: `HttpOnly` (page scripts never see it), `SameSite=Strict`.
//!
//! Over HTTPS (`server.public_url` starts with `https://`) it is `__Host-blog_refresh`:
//! `Secure`, `Path=/`, no `Domain`, so no other subdomain or plain-HTTP page can set or read
//! it. Over plain HTTP (development) it is `blog_refresh`, one cookie for each path that can
//! renew a session: the server functions (`/rpc`), the seed's `/auth` and the REST API (`/api`).
//!
//! A second cookie, `blog_session=1`, carries no secret and is readable by the page: it tells
//! the browser app that a refresh cookie exists, so a tab whose localStorage was cleared signs
//! itself back in without every anonymous reader paying for a refresh call.

use axum::http::{HeaderMap, HeaderValue, header};
use cookie::{Cookie, SameSite};

use crate::server::auth::sessions::RefreshToken;

use crate::model::wire::{
    HOST_REFRESH_COOKIE, REFRESH_COOKIE as PLAIN_REFRESH_COOKIE,
    SESSION_MARKER_COOKIE as MARKER_COOKIE,
};

const PLAIN_REFRESH_PATHS: [&str; 3] = ["/rpc", "/auth", "/api"];

/// How the site's cookies are written: decided once, from `server.public_url`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    secure: bool,
}

impl CookiePolicy {
    pub fn new(https: bool) -> Self {
        Self { secure: https }
    }

    fn refresh_name(self) -> &'static str {
        if self.secure {
            HOST_REFRESH_COOKIE
        } else {
            PLAIN_REFRESH_COOKIE
        }
    }

    fn refresh_paths(self) -> &'static [&'static str] {
        if self.secure {
            &["/"]
        } else {
            &PLAIN_REFRESH_PATHS
        }
    }

    /// `Set-Cookie` values that store `token` for `max_age_seconds`, with the marker.
    pub fn store(self, token: &RefreshToken, max_age_seconds: u64) -> Vec<HeaderValue> {
        self.set_all(
            &token.0,
            "1",
            i64::try_from(max_age_seconds).unwrap_or(i64::MAX),
        )
    }

    /// `Set-Cookie` values that delete the cookies.
    pub fn clear(self) -> Vec<HeaderValue> {
        self.set_all("", "", 0)
    }

    fn set_all(self, token: &str, marker: &str, max_age_seconds: i64) -> Vec<HeaderValue> {
        let max_age = cookie::time::Duration::seconds(max_age_seconds);
        let refresh = self.refresh_paths().iter().map(|path| {
            Cookie::build((self.refresh_name(), token))
                .path(*path)
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(self.secure)
                .max_age(max_age)
                .build()
        });
        let marker = Cookie::build((MARKER_COOKIE, marker))
            .path("/")
            .same_site(SameSite::Strict)
            .secure(self.secure)
            .max_age(max_age)
            .build();
        refresh
            .chain(std::iter::once(marker))
            .map(|cookie| {
                HeaderValue::from_str(&cookie.to_string()).expect("cookie text is a valid header")
            })
            .collect()
    }

    /// The refresh token from the request's cookies, if any.
    pub fn read(self, headers: &HeaderMap) -> Option<RefreshToken> {
        request_cookie(headers, self.refresh_name()).map(RefreshToken)
    }
}

/// The value of the request's cookie `name`, when it is there and not empty.
pub fn request_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name && !cookie.value().is_empty())
        .map(|cookie| cookie.value().to_owned())
}
