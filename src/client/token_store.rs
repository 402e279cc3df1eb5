//! The access token in localStorage, through gloo-storage. Only `server_fns::client::AuthClient`
//! writes it from responses; sign-out removes it. Other tabs learn of changes through the
//! browser's `storage` event (see `app::session`).

use gloo_storage::{LocalStorage, Storage};
use http::HeaderMap;

pub use crate::model::wire::{ACCESS_TOKEN as ACCESS_TOKEN_KEY, ACCESS_TOKEN_HEADER};

pub fn load() -> Option<String> {
    LocalStorage::get::<String>(ACCESS_TOKEN_KEY).ok()
}

/// Stores the token a response carries, if it carries one; otherwise leaves the stored one.
pub fn take_from(headers: &HeaderMap) {
    if let Some(token) = headers
        .get(ACCESS_TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
    {
        take(token);
    }
}

/// Stores a renewed token read from a response header by other means (an upload's
/// XMLHttpRequest); an empty one is no token.
pub fn take(token: &str) {
    if token.is_empty() || load().as_deref() == Some(token) {
        return;
    }
    if let Err(error) = LocalStorage::set(ACCESS_TOKEN_KEY, token) {
        leptos::logging::warn!("could not store the access token: {error}");
    }
}

pub fn clear() {
    LocalStorage::delete(ACCESS_TOKEN_KEY);
}
