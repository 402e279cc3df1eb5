//! How issued tokens reach the caller; the one place that decides it, for every door.
//!
//! - The access token always travels in `X-Access-Token` (the browser app stores whatever
//!   arrives there), and in the body where a door's contract puts it.
//! - The refresh token always goes into the `HttpOnly` cookie. Only a caller that is not a
//!   browser (no `Sec-Fetch-Site`, no `Origin`) also gets it where it can read it: the
//!   `X-Refresh-Token` header, or a door's body. A page script never can. A renewal paid for
//!   with the cookie answers with the cookie only, as it came.

use axum::http::{HeaderMap, HeaderValue, header};

use super::{ACCESS_TOKEN_HEADER, REFRESH_TOKEN_HEADER, cookie::CookiePolicy, origin};
use crate::server::auth::sessions::{IssuedTokens, RefreshToken};

/// A refresh token a request offers, and whether it came in the cookie.
#[derive(Debug, Clone)]
pub struct OfferedRefreshToken {
    pub token: RefreshToken,
    pub from_cookie: bool,
}

/// The delivery rules for one request; the credentials middleware puts it in the request's
/// extensions, so every handler and server function finds it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    cookies: CookiePolicy,
    /// Whether the caller may read its refresh token (it is not a browser).
    readable_refresh: bool,
}

impl Delivery {
    pub fn for_request(headers: &HeaderMap, cookies: CookiePolicy) -> Self {
        Self {
            cookies,
            readable_refresh: !origin::is_browser(headers),
        }
    }

    /// The rules for answering a renewal paid for with `offered`: a token that came in the
    /// cookie goes back in the cookie only.
    pub fn for_renewal(self, offered: &OfferedRefreshToken) -> Self {
        Self {
            readable_refresh: self.readable_refresh && !offered.from_cookie,
            ..self
        }
    }

    pub fn cookies(&self) -> CookiePolicy {
        self.cookies
    }

    /// The refresh token a request offers: the cookie (from the site's own pages only),
    /// else the `X-Refresh-Token` header of an API client.
    pub fn offered_refresh_token(&self, headers: &HeaderMap) -> Option<RefreshToken> {
        self.offered(headers).map(|offered| offered.token)
    }

    /// As [`Delivery::offered_refresh_token`], saying where it came from.
    pub fn offered(&self, headers: &HeaderMap) -> Option<OfferedRefreshToken> {
        let from_cookie = origin::is_same_origin(headers)
            .then(|| self.cookies.read(headers))
            .flatten()
            .map(|token| OfferedRefreshToken {
                token,
                from_cookie: true,
            });
        from_cookie.or_else(|| {
            headers
                .get(REFRESH_TOKEN_HEADER)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
                .filter(|token| !token.is_empty())
                .map(|token| OfferedRefreshToken {
                    token: RefreshToken(token.to_owned()),
                    from_cookie: false,
                })
        })
    }

    /// The refresh token to put in a body or readable header, if this caller may read it.
    pub fn readable_refresh_token<'a>(&self, tokens: &'a IssuedTokens) -> Option<&'a str> {
        self.readable_refresh
            .then_some(tokens.refresh.as_ref())
            .flatten()
            .map(|token| token.0.as_str())
    }

    /// Puts the tokens on a response: `X-Access-Token`, the refresh cookie and, for callers
    /// that may read it, `X-Refresh-Token`.
    pub fn deliver(&self, tokens: &IssuedTokens, response: &mut HeaderMap) {
        if let Ok(value) = HeaderValue::from_str(&tokens.access.token) {
            response.insert(ACCESS_TOKEN_HEADER, value);
        }
        if let Some(refresh) = &tokens.refresh {
            for value in self
                .cookies
                .store(refresh, tokens.refresh_expires_in.as_secs())
            {
                response.append(header::SET_COOKIE, value);
            }
        }
        if let Some(refresh) = self.readable_refresh_token(tokens)
            && let Ok(value) = HeaderValue::from_str(refresh)
        {
            response.insert(REFRESH_TOKEN_HEADER, value);
        }
    }

    /// Deletes the refresh cookie: after sign-out, or when the session turned out to be over.
    pub fn forget(&self, response: &mut HeaderMap) {
        for value in self.cookies.clear() {
            response.append(header::SET_COOKIE, value);
        }
    }
}
