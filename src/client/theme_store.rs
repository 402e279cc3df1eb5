//! Remembers the reader's colour theme in localStorage and applies it to `<html>`.
//!
//! The key and encoding are the ones `model::THEME_BOOT_SCRIPT` reads before first paint.

use gloo_storage::{LocalStorage, Storage};

use crate::model::{Theme, wire::THEME};

pub fn load() -> Theme {
    LocalStorage::get::<Theme>(THEME).unwrap_or_default()
}

pub fn save(theme: Theme) {
    let stored = match theme {
        Theme::System => {
            LocalStorage::delete(THEME);
            Ok(())
        }
        chosen => LocalStorage::set(THEME, chosen),
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
