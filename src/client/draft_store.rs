//! The editor's safety net: what the author typed, kept in localStorage until the server has
//! confirmed saving it, so a reload, a crash or an expired session loses nothing.

use gloo_storage::{LocalStorage, Storage};

use crate::model::PostDraft;

const KEY_PREFIX: &str = "blog.editor";

/// One copy per author and post (`None`: the post not saved yet).
pub fn key(username: &str, slug: Option<&str>) -> String {
    format!("{KEY_PREFIX}.{username}.{}", slug.unwrap_or("new"))
}

pub fn load(key: &str) -> Option<PostDraft> {
    LocalStorage::get(key).ok()
}

pub fn store(key: &str, draft: &PostDraft) {
    if let Err(error) = LocalStorage::set(key, draft) {
        leptos::logging::warn!("could not keep a copy of the draft: {error}");
    }
}

pub fn forget(key: &str) {
    LocalStorage::delete(key);
}
