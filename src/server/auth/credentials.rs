//! The seed's three backend rules, applied once per request by a middleware:
//! 1. a valid access token: the request is served (no database involved);
//! 2. an expired access token and a valid refresh token (cookie or `X-Refresh-Token`): the
//!    request is served and the response carries a new access token in `X-Access-Token`
//!    (and, under `rotate`, a new refresh cookie);
//! 3. otherwise the credentials are rejected, and each boundary answers 401 in its own shape.
//!
//! Handlers read the outcome from the request extensions; they never parse tokens themselves.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::{
    ACCESS_TOKEN_HEADER, REFRESH_TOKEN_HEADER, cookie,
    sessions::{RefreshToken, Renewal, SessionError},
    tokens::{TokenError, TokenSubject},
};
use crate::server::state::AppState;

/// What the request's `Authorization` header established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// No access token at all.
    Anonymous,
    /// A valid access token, or an expired one renewed by its session (rule 2).
    Valid(TokenSubject),
    /// Rule 3, or a token that is not genuine.
    Rejected(Rejection),
}

/// The valid access token a request is served under (the presented one, or the one that
/// replaced it under rule 2), for APIs that echo it back. Never a freshly extended one: that
/// would let a token outlive its session's revocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentAccessToken(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// Malformed, tampered, wrong key, issuer or audience.
    InvalidToken,
    /// Expired, and no refresh token came with it.
    Expired,
    /// Expired, and the session cannot renew it (expired, revoked or unknown).
    SessionEnded,
}

/// The access token from `Authorization: Bearer|Token|JWT <token>`.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let known = ["bearer", "token", "jwt"]
        .iter()
        .any(|known| scheme.eq_ignore_ascii_case(known));
    let token = token.trim();
    (known && !token.is_empty()).then_some(token)
}

/// The refresh token a request offers: the cookie (from our own pages only), else the header.
pub fn offered_refresh_token(headers: &HeaderMap) -> Option<RefreshToken> {
    offered_refresh_token_from(headers).map(|(token, _)| token)
}

/// Where a refresh token came from; a renewed one goes back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carrier {
    Cookie,
    Header,
}

fn offered_refresh_token_from(headers: &HeaderMap) -> Option<(RefreshToken, Carrier)> {
    let from_cookie = cookie::is_same_origin(headers)
        .then(|| cookie::read(headers))
        .flatten()
        .map(|token| (token, Carrier::Cookie));
    from_cookie.or_else(|| {
        headers
            .get(REFRESH_TOKEN_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .map(|token| (RefreshToken(token.to_owned()), Carrier::Header))
    })
}

/// The middleware: resolves the credentials, runs the handler, and hands out the renewed
/// tokens on the way back.
pub async fn resolve_credentials(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    // The renewal (rule 2) and where the refresh token came from, so the renewed one goes
    // back the same way.
    let (credentials, renewal) = match bearer_token(headers) {
        None => (Credentials::Anonymous, None),
        Some(token) => match state.auth.tokens.verify(token) {
            Ok(subject) => (Credentials::Valid(subject), None),
            Err(TokenError::Invalid) => (Credentials::Rejected(Rejection::InvalidToken), None),
            Err(TokenError::Expired(subject)) => match offered_refresh_token_from(headers) {
                None => (Credentials::Rejected(Rejection::Expired), None),
                Some((refresh, carrier)) => {
                    let sessions = &state.auth.sessions;
                    match sessions
                        .refresh_session(&refresh, &subject.session_id)
                        .await
                    {
                        Ok(renewal) => (Credentials::Valid(subject), Some((renewal, carrier))),
                        Err(SessionError::Ended) => {
                            (Credentials::Rejected(Rejection::SessionEnded), None)
                        }
                        Err(SessionError::Database(error)) => {
                            tracing::error!(%error, "cannot renew a session");
                            return (StatusCode::SERVICE_UNAVAILABLE, "try again shortly\n")
                                .into_response();
                        }
                    }
                }
            },
        },
    };
    let secure = cookie::is_https(headers);
    // The token the request is served under: the one presented, or its replacement.
    let renewed = renewal.map(|(renewal, carrier)| {
        let access = state.auth.tokens.issue(&TokenSubject {
            user_id: renewal.user_id,
            session_id: renewal.session_id.clone(),
        });
        (renewal, carrier, access.token)
    });
    let current = match (&renewed, &credentials) {
        (Some((_, _, token)), _) => Some(token.clone()),
        (None, Credentials::Valid(_)) => bearer_token(headers).map(str::to_owned),
        (None, _) => None,
    };
    if let Some(token) = current {
        request.extensions_mut().insert(CurrentAccessToken(token));
    }
    request.extensions_mut().insert(credentials);
    let mut response = next.run(request).await;
    if let Some((renewal, carrier, token)) = renewed {
        hand_out(response.headers_mut(), &token, &renewal, secure);
        // A client without cookies gets its rotated refresh token where it sent the old one.
        if carrier == Carrier::Header
            && let Some(refresh) = &renewal.refresh_token
            && let Ok(value) = HeaderValue::from_str(&refresh.0)
        {
            response.headers_mut().insert(REFRESH_TOKEN_HEADER, value);
        }
    }
    response
}

/// Puts a new access token (and a renewed refresh cookie, if any) on a response.
pub fn hand_out(headers: &mut HeaderMap, access_token: &str, renewal: &Renewal, secure: bool) {
    if let Ok(value) = HeaderValue::from_str(access_token) {
        headers.insert(ACCESS_TOKEN_HEADER, value);
    }
    if let Some(refresh) = &renewal.refresh_token {
        for value in cookie::store(refresh, renewal.refresh_expires_in.as_secs(), secure) {
            headers.append(header::SET_COOKIE, value);
        }
    }
}
