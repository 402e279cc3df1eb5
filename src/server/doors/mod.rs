//! The doors into the domain, side by side: each parses what its callers send, calls one
//! domain verb and formats the answer in its own contract. None holds a rule of its own.
//!
//! - `rest`: `/api`, the RealWorld ("Conduit") contract;
//! - `seed`: `/auth` and `/protected`, the seed's Flask-JWT quick start;
//! - `feeds`: Atom, RSS, JSON Feed, the sitemap and robots.txt;
//! - `media_files`: the stored images under `/media`;
//! - `site_files`: the owner's stylesheet, `/site.css`;
//! - `unsubscribe`: newsletters' one-click unsubscribe (RFC 8058);
//! - `cli`: the `blog` command's management commands.
//!
//! The last door, the server functions under `/rpc` that the UI calls, is `crate::server_fns`:
//! it is built for both targets (the browser calls what the server runs), so it lives beside
//! `app`, with its server half in `server_fns::context`.

pub mod cli;
pub mod feeds;
pub mod media_files;
pub mod rest;
pub mod seed;
pub mod site_files;
pub mod unsubscribe;
