//! Everything that runs only on the server: settings, storage, HTTP wiring.

pub mod assets;
pub mod auth;
pub mod cli;
pub mod content;
pub mod db;
pub mod health;
pub mod rest;
pub mod router;
pub mod rpc;
pub mod secret;
pub mod serve;
pub mod settings;
pub mod state;
pub mod token_api;
pub mod users;
