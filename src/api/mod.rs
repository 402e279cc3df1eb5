//! Server functions: the UI's calls into the server. Each parses, authorizes and calls the
//! domain; nothing else. Fixed paths under `/rpc` keep them apart from the REST API in `/api`,
//! and every call goes through `client::AuthClient`, which carries the access token.

mod auth;
pub mod client;

pub use auth::{change_password, current_user, login, logout, refresh, register};
