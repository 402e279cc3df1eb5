//! The HTTP edge: what every door shares about requests and responses. The credentials
//! middleware (the seed's three rules), how tokens are delivered (cookie, headers), whether a
//! request comes from the site's own pages, and extractors that say what a handler needs.
//! The domain below (`auth`, `accounts`, `content`) knows nothing of HTTP.

pub mod client_address;
pub mod cookie;
pub mod credentials;
pub mod delivery;
pub mod extract;
pub mod language;
pub mod origin;
pub mod security_headers;

/// The response header that carries a new access token; the browser app stores whatever
/// arrives in it, and API clients may do the same.
pub const ACCESS_TOKEN_HEADER: &str = "x-access-token";
/// The header API clients without cookies use to send their refresh token, and in which they
/// receive the next one.
pub const REFRESH_TOKEN_HEADER: &str = "x-refresh-token";
