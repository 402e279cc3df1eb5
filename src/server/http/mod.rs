//! The HTTP edge: what every door shares about requests and responses. The credentials
//! middleware (the seed's three rules), how tokens are delivered (cookie, headers), whether a
//! request comes from the site's own pages, and extractors that say what a handler needs.
//! The domain below (`auth`, `accounts`, `content`) knows nothing of HTTP.

pub mod client_address;
pub mod cookie;
pub mod credentials;
pub mod delivery;
pub mod etag;
pub mod extract;
pub mod language;
pub mod origin;
pub mod renewal;
pub mod security_headers;
pub mod sentences;
pub mod write_limits;

pub use crate::model::wire::{ACCESS_TOKEN_HEADER, REFRESH_TOKEN_HEADER};
