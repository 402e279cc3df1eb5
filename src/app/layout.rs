//! The frame around every page: site title and navigation.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{SiteTitle, theme::ThemeToggle};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let SiteTitle(title) = expect_context::<SiteTitle>();
    view! {
        <header class="site-header">
            <nav aria-label="Site">
                <A href="/" attr:class="site-title">
                    {title}
                </A>
            </nav>
            <ThemeToggle />
        </header>
    }
}
