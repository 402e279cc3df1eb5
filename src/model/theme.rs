//! The reader's colour theme: light, dark, or whatever the system prefers. The choice lives in
//! the browser (`client::theme_store`); the boot script applies it before first paint, so a
//! dark-theme reader never sees a white flash.

use serde::{Deserialize, Serialize};

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

/// Applies a stored choice before first paint, and names it on the theme button once the
/// page is parsed (in the page's language: the button carries each name in `data-light`,
/// `data-dark`) (the button's island wakes only when clicked). Reads what
/// `client::theme_store` writes under [`THEME`](super::wire::THEME) (gloo-storage
/// keeps values as JSON).
pub const THEME_BOOT_SCRIPT: &str = r#"try{var t=JSON.parse(localStorage.getItem("blog.theme"));if(t==="light"||t==="dark"){document.documentElement.dataset.theme=t;document.addEventListener("DOMContentLoaded",function(){var n=document.querySelector(".theme-toggle .theme-name");if(n)n.textContent=n.dataset[t]||t})}}catch(e){}"#;

#[cfg(test)]
mod tests {
    #[test]
    fn the_boot_script_reads_the_key_the_store_writes() {
        let key = crate::model::wire::THEME;
        assert!(super::THEME_BOOT_SCRIPT.contains(&format!("\"{key}\"")));
    }
}
