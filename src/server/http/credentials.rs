//! The seed's three backend rules, applied once per request by a middleware:
//! 1. a valid access token: the request is served (no database involved);
//! 2. an expired access token and a valid refresh token (cookie or `X-Refresh-Token`): the
//!    request is served and the response carries the renewed tokens (`http::delivery`);
//! 3. otherwise the credentials are rejected, and each door answers 401 in its own shape.
//!
//! Handlers read the outcome through the extractors in `http::extract`; they never parse
//! tokens themselves.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::{
    client_address::client_info,
    cookie::CookiePolicy,
    delivery::Delivery,
    renewal::{Renewal, renew},
};
use crate::server::{
    auth::{
        sessions::Sessions,
        tokens::{TokenError, TokenSubject},
    },
    error::DomainError,
};

/// What the request's `Authorization` header established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// No access token at all.
    Anonymous,
    /// A valid access token, or an expired one renewed by its session (rule 2). The token is
    /// the one the request is served under: the presented one or its replacement, never a
    /// freshly extended one (that would let a token outlive its session's revocation).
    Valid {
        subject: TokenSubject,
        access_token: String,
    },
    /// Rule 3, or a token that is not genuine.
    Rejected(AuthRejection),
}

impl Credentials {
    /// The signed-in user, if the credentials are good.
    pub fn subject(&self) -> Option<&TokenSubject> {
        match self {
            Self::Valid { subject, .. } => Some(subject),
            _ => None,
        }
    }
}

/// Why a request's credentials are no good; each door words it in its own shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthRejection {
    /// No access token, where one is needed.
    Missing,
    /// Malformed, tampered, wrong key, issuer or audience.
    Invalid,
    /// Expired, and no refresh token came with it.
    Expired,
    /// Expired, and the session cannot renew it (expired, revoked or unknown).
    SessionEnded,
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        (StatusCode::UNAUTHORIZED, "sign in again\n").into_response()
    }
}

/// What the middleware needs: the session service, how cookies are written, and how far
/// to trust `X-Forwarded-For`.
#[derive(Clone, Debug)]
pub struct CredentialsState {
    pub sessions: Sessions,
    pub cookies: CookiePolicy,
    pub trusted_proxy_hops: usize,
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

/// The middleware: resolves the credentials, runs the handler, and hands out renewed tokens
/// (or deletes a cookie whose session ended) on the way back.
pub async fn resolve_credentials(
    State(state): State<CredentialsState>,
    request: Request,
    next: Next,
) -> Response {
    let delivery = Delivery::for_request(request.headers(), state.cookies);
    let (parts, body) = request.into_parts();
    let client = client_info(&parts, state.trusted_proxy_hops);
    let mut request = Request::from_parts(parts, body);
    let (credentials, renewal) = match resolve(&state.sessions, delivery, request.headers()).await {
        Ok(resolved) => resolved,
        Err(error) => {
            tracing::error!(%error, "cannot renew a session");
            return (StatusCode::SERVICE_UNAVAILABLE, "try again shortly\n").into_response();
        }
    };
    request.extensions_mut().insert(credentials);
    request.extensions_mut().insert(delivery);
    request.extensions_mut().insert(client);
    let mut response = next.run(request).await;
    if let Some(renewal) = renewal {
        renewal.write_to(response.headers_mut());
    }
    response
}

/// The credentials, and the renewal that rule 2 made, if it was tried.
async fn resolve(
    sessions: &Sessions,
    delivery: Delivery,
    headers: &HeaderMap,
) -> Result<(Credentials, Option<Renewal>), DomainError> {
    let Some(token) = bearer_token(headers) else {
        return Ok((Credentials::Anonymous, None));
    };
    let subject = match sessions.verify(token) {
        Ok(subject) => {
            let valid = Credentials::Valid {
                subject,
                access_token: token.to_owned(),
            };
            return Ok((valid, None));
        }
        Err(TokenError::Invalid) => {
            return Ok((Credentials::Rejected(AuthRejection::Invalid), None));
        }
        Err(TokenError::Ended) => {
            return Ok((Credentials::Rejected(AuthRejection::SessionEnded), None));
        }
        Err(TokenError::Expired(subject)) => subject,
    };
    let Some(offered) = delivery.offered(headers) else {
        return Ok((Credentials::Rejected(AuthRejection::Expired), None));
    };
    let renewal = renew(sessions, delivery, &offered, Some(&subject.session_id)).await?;
    let credentials = match renewal.tokens() {
        Some(tokens) => Credentials::Valid {
            subject,
            access_token: tokens.access.token.clone(),
        },
        None => Credentials::Rejected(AuthRejection::SessionEnded),
    };
    Ok((credentials, Some(renewal)))
}
