use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::{page_locale, td_string};

/// Shown for any path no route matches, with status 404 when rendered on the server.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, not_found.heading) />
        <section class="not-found">
            <h1>{td_string!(locale, not_found.heading)}</h1>
            <p>{td_string!(locale, not_found.explanation)}</p>
            <p><A href="/">{td_string!(locale, not_found.home)}</A></p>
        </section>
    }
}
