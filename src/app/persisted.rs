//! What a user types, kept in localStorage until the server has it, so a reload, a crash or a
//! detour through the sign-in page loses nothing. One hook for the editor and the comment
//! form; on the server (which never sees localStorage) every call is a no-op.

use serde::{Serialize, de::DeserializeOwned};

/// Mirrors `value()` into localStorage under `key()` whenever either changes: `Some` stores
/// it, `None` removes it. No key (nobody signed in yet, say) stores nothing.
pub fn keep_in_browser<T>(
    key: impl Fn() -> Option<String> + Send + Sync + 'static,
    value: impl Fn() -> Option<T> + Send + Sync + 'static,
) where
    T: Serialize + 'static,
{
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(move || {
        let value = value();
        let Some(key) = key() else { return };
        match value {
            Some(value) => crate::client::storage::store(&key, &value),
            None => crate::client::storage::forget(&key),
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, value);
}

/// What was kept under `key`, if anything.
pub fn restore<T: DeserializeOwned>(key: &str) -> Option<T> {
    #[cfg(feature = "hydrate")]
    return crate::client::storage::load(key);
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

/// Keeps `value` under `key` now.
pub fn store<T: Serialize>(key: &str, value: &T) {
    #[cfg(feature = "hydrate")]
    crate::client::storage::store(key, value);
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, value);
}

/// Removes what was kept under `key`.
pub fn forget(key: &str) {
    #[cfg(feature = "hydrate")]
    crate::client::storage::forget(key);
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}

/// Removes everything kept under keys starting with `prefix`.
pub fn forget_all_under(prefix: &str) {
    #[cfg(feature = "hydrate")]
    crate::client::storage::forget_all_under(prefix);
    #[cfg(not(feature = "hydrate"))]
    let _ = prefix;
}
