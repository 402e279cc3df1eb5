//! Light, dark, or whatever the system prefers: the reader's choice, kept in the browser.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const THEME_STORAGE_KEY: &str = "blog.theme";

/// Applies a stored choice before first paint. Reads what `client::theme_store` writes
/// (gloo-storage keeps values as JSON).
pub const THEME_BOOT_SCRIPT: &str = r#"try{var t=JSON.parse(localStorage.getItem("blog.theme"));if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}"#;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn next(self) -> Self {
        match self {
            Self::System => Self::Light,
            Self::Light => Self::Dark,
            Self::Dark => Self::System,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// Cycles system → light → dark. Until the app has hydrated it shows "system", which is what
/// the server can know; the stored choice is already applied by the boot script.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let (theme, set_theme) = signal(Theme::System);
    #[cfg(feature = "hydrate")]
    Effect::new(move || set_theme.set(crate::client::theme_store::load()));

    let switch = move |_| {
        let next = theme.get_untracked().next();
        set_theme.set(next);
        #[cfg(feature = "hydrate")]
        crate::client::theme_store::save(next);
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            on:click=switch
            title=move || format!("Switch to the {} theme", theme.get().next().label())
        >
            "Theme: "
            {move || theme.get().label()}
        </button>
    }
}
