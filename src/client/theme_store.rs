//! Remembers the reader's colour theme in localStorage and applies it to `<html>`.
//!
//! The key and encoding must match `THEME_BOOT_SCRIPT` in `app::theme`, which applies the stored
//! theme before first paint so a dark-theme reader never sees a white flash.

use gloo_storage::{LocalStorage, Storage};

use crate::app::theme::{THEME_STORAGE_KEY, Theme};

pub fn load() -> Theme {
    LocalStorage::get::<Theme>(THEME_STORAGE_KEY).unwrap_or_default()
}

pub fn save(theme: Theme) {
    let stored = match theme {
        Theme::System => {
            LocalStorage::delete(THEME_STORAGE_KEY);
            Ok(())
        }
        chosen => LocalStorage::set(THEME_STORAGE_KEY, chosen),
    };
    if let Err(error) = stored {
        leptos::logging::warn!("could not remember the theme: {error}");
    }
    apply(theme);
}

pub fn apply(theme: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    else {
        return;
    };
    let result = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        Theme::Light => root.set_attribute("data-theme", "light"),
        Theme::Dark => root.set_attribute("data-theme", "dark"),
    };
    if result.is_err() {
        leptos::logging::warn!("could not apply the theme");
    }
}
