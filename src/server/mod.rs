//! Everything that runs only on the server. From the bottom up: settings, clock, database
//! and the domain error; the domain (`accounts`, `auth`, `content`, `media`); the HTTP edge
//! (`http`, `page_cache`); the doors into the domain (`doors`; the server functions are
//! `crate::server_fns`); and the wiring (`state`, `router`, `workers`, `serve`).
//! docs/architecture.md draws it.

pub mod accounts;
pub mod admin;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod changes;
pub mod characters;
pub mod clock;
pub mod content;
pub mod db;
pub mod doors;
pub mod email;
pub mod error;
pub mod health;
pub mod http;
pub mod limits;
pub mod listener;
pub mod media;
pub mod newsletters;
pub mod page_cache;
pub mod random;
pub mod router;
pub mod secret;
pub mod serve;
pub mod settings;
pub mod shared;
pub mod site;
pub mod state;
pub mod workers;
