//! What the user is typing (a post in the editor, a comment), kept in localStorage until the
//! server has it, so a reload, a crash or a detour through the sign-in page loses nothing.

use gloo_storage::{LocalStorage, Storage};
use serde::{Serialize, de::DeserializeOwned};

pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    LocalStorage::get(key).ok()
}

pub fn store<T: Serialize>(key: &str, value: &T) {
    if let Err(error) = LocalStorage::set(key, value) {
        leptos::logging::warn!("could not keep a copy of what was typed: {error}");
    }
}

pub fn forget(key: &str) {
    LocalStorage::delete(key);
}
