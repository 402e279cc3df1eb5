//! Short texts being typed (a comment), kept in localStorage until they are sent, so a reload
//! or a sign-in in between loses nothing.

use gloo_storage::{LocalStorage, Storage};

pub fn load(key: &str) -> Option<String> {
    LocalStorage::get(key).ok()
}

pub fn store(key: &str, text: &str) {
    if let Err(error) = LocalStorage::set(key, text) {
        leptos::logging::warn!("could not keep a copy of the text: {error}");
    }
}

pub fn forget(key: &str) {
    LocalStorage::delete(key);
}
