//! The frame around every page: site title, navigation, who is signed in.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

use super::{SiteTitle, session::use_session, theme::ThemeToggle};
use crate::api::logout;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let SiteTitle(title) = expect_context::<SiteTitle>();
    view! {
        <header class="site-header">
            <A href="/" attr:class="site-title">
                {title}
            </A>
            <nav aria-label="Account" class="account-nav">
                <AccountLinks />
                <ThemeToggle />
            </nav>
        </header>
    }
}

#[component]
fn AccountLinks() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = Action::new(|_: &()| logout());
    Effect::new(move || {
        // Signed out locally whatever the server said: the user asked to leave.
        if sign_out.value().get().is_some() {
            session.signed_out();
            navigate("/", Default::default());
        }
    });
    move || {
        match session.user.get() {
        Some(user) => view! {
            <A href="/editor">"Write"</A>
            <A href="/drafts">"Drafts"</A>
            <span class="signed-in-as">"Signed in as " <A href="/settings">{user.username}</A></span>
            <button type="button" on:click=move |_| { sign_out.dispatch(()); }>"Sign out"</button>
        }
        .into_any(),
        None => view! {
            <A href="/signin">"Sign in"</A>
            <A href="/signup">"Sign up"</A>
        }
        .into_any(),
    }
    }
}
