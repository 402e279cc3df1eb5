//! localStorage through gloo-storage, for what the app keeps between visits: values are
//! JSON, and a failure to store (quota, private mode) is logged rather than lost silently.

use gloo_storage::{LocalStorage, Storage};
use serde::{Serialize, de::DeserializeOwned};

pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    LocalStorage::get(key).ok()
}

pub fn store<T: Serialize>(key: &str, value: &T) {
    if let Err(error) = LocalStorage::set(key, value) {
        leptos::logging::warn!("could not keep {key} in the browser: {error}");
    }
}

pub fn forget(key: &str) {
    LocalStorage::delete(key);
}

/// Removes every key that starts with `prefix`.
pub fn forget_all_under(prefix: &str) {
    let storage = LocalStorage::raw();
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .collect();
    for key in keys {
        LocalStorage::delete(&key);
    }
}
