//! The theme switch in the header: system → light → dark.

use leptos::prelude::*;

use crate::model::Theme;

/// Until the app has hydrated it shows "system", which is what the server can know; the
/// stored choice is already applied by the boot script.
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
