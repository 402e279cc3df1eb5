//! The theme switch in the header: system → light → dark. An island that wakes on the first
//! click; until then the boot script has applied the stored choice and named it on the button.

use leptos::prelude::*;

#[island(lazy)]
pub fn ThemeToggle() -> impl IntoView {
    // In the browser the stored choice, read at once: a click that woke the island is
    // replayed right after, and must step from the theme the page already shows.
    #[cfg(feature = "hydrate")]
    let initial = crate::client::theme_store::load();
    #[cfg(not(feature = "hydrate"))]
    let initial = crate::model::Theme::System;
    let (theme, set_theme) = signal(initial);
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
            <span class="theme-name">{move || theme.get().label()}</span>
        </button>
    }
}
