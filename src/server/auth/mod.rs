//! Authentication as the seed describes it: short-lived JWT access tokens checked without the
//! database, opaque refresh tokens kept (hashed) in sessions, and one session service that
//! signs in, renews and signs out for every door. See docs/auth.md.
//!
//! This is domain code: it knows nothing of HTTP. How tokens travel (headers, cookies) is
//! `server::http`'s business.

pub mod second_factor;
pub mod sessions;
pub mod throttle;
pub mod tokens;

/// A login session's id; access tokens carry it in their `sid` claim.
#[derive(Debug, Clone, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct SessionId(pub String);

impl std::fmt::Display for SessionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
