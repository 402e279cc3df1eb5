//! The harness every specification shares: the application on a test clock, clients for its
//! three doors, one kind of reply, an HTML reader, and fixtures that seed the domain directly.

mod app;
mod doors;
mod editor;
mod fixtures;
mod html;
pub mod images;
pub mod mail;
mod realworld;
mod reply;

pub use app::{TestApp, fresh_postgres_database, require_postgres, require_redis};
pub use doors::{Client, Door, RestApi, ServerFunctions, multipart};
pub use editor::{draft, slug_of, titles};
pub use fixtures::{PASSWORD, SignedIn};
pub use html::{Byline, Link, Page};
pub use realworld::{article_uri, assert_rfc3339_utc, count, new_user, slug, slugs};
pub use reply::Reply;
