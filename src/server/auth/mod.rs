//! Authentication as the seed describes it: short-lived JWT access tokens checked without the
//! database, opaque refresh tokens kept (hashed) in login sessions, and an automatic renewal
//! when an access token has expired but its session is still good. See docs/auth.md.

pub mod cookie;
pub mod credentials;
pub mod passwords;
pub mod sessions;
pub mod tokens;

use std::time::{SystemTime, UNIX_EPOCH};

use sessions::Sessions;
use tokens::AccessTokens;

use super::{db::Db, secret::SigningSecret, settings::AuthSettings};

/// The response header that carries a new access token; the browser app stores whatever
/// arrives in it, and API clients may do the same.
pub const ACCESS_TOKEN_HEADER: &str = "x-access-token";
/// The request header API clients without cookies use to send their refresh token.
pub const REFRESH_TOKEN_HEADER: &str = "x-refresh-token";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionId(pub String);

/// Everything needed to sign people in and keep them signed in.
#[derive(Clone)]
pub struct Auth {
    pub tokens: AccessTokens,
    pub sessions: Sessions,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth").finish_non_exhaustive()
    }
}

impl Auth {
    pub fn new(settings: &AuthSettings, secret: &SigningSecret, db: Db) -> Self {
        Self {
            tokens: AccessTokens::new(
                secret,
                settings.access_token_lifetime,
                settings.clock_leeway,
            ),
            sessions: Sessions::new(db, settings),
        }
    }
}

pub fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or_default()
}

pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_millis() as i64)
        .unwrap_or_default()
}

/// `bytes` random bytes from the operating system, hex-encoded.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).expect("the operating system's random source");
    hex::encode(buffer)
}
