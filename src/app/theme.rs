//! The theme switch in the header: system → light → dark. An island that wakes on the first
//! click; until then the boot script has applied the stored choice and named it on the button.

use leptos::prelude::*;

use crate::{
    i18n::{Locale, page_locale, td_string},
    model::Theme,
};

#[island(lazy)]
pub fn ThemeToggle() -> impl IntoView {
    let locale = page_locale();
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
            title=move || switch_title(locale, theme.get().next())
        >
            {td_string!(locale, theme.prefix)}
            <span class="theme-name" data-light=theme_name(locale, Theme::Light)
                data-dark=theme_name(locale, Theme::Dark)>
                {move || theme_name(locale, theme.get())}
            </span>
        </button>
    }
}

/// The theme's name as the button shows it.
fn theme_name(locale: Locale, theme: Theme) -> &'static str {
    match theme {
        Theme::System => td_string!(locale, theme.system),
        Theme::Light => td_string!(locale, theme.light),
        Theme::Dark => td_string!(locale, theme.dark),
    }
}

/// The button's tooltip: what a click switches to.
fn switch_title(locale: Locale, next: Theme) -> &'static str {
    match next {
        Theme::System => td_string!(locale, theme.switch_to_system),
        Theme::Light => td_string!(locale, theme.switch_to_light),
        Theme::Dark => td_string!(locale, theme.switch_to_dark),
    }
}
