//! The frame around every page: site title, navigation, who is signed in. The frame is
//! rendered by the server; who is signed in and the theme switch are islands.

use leptos::prelude::*;

use super::{
    SiteTitle,
    session::{go_to, use_session},
    theme::ThemeToggle,
};
use crate::api::logout;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let SiteTitle(title) = expect_context::<SiteTitle>();
    view! {
        <header class="site-header">
            <a href="/" class="site-title">{title}</a>
            // A plain form: search works the same without JavaScript.
            <form class="site-search" method="get" action="/search" role="search">
                <input type="search" name="q" placeholder="Search" aria-label="Search the blog"
                    maxlength="200" />
            </form>
            <nav aria-label="Account" class="account-nav">
                <AccountMenu />
                <ThemeToggle />
            </nav>
        </header>
    }
}

/// Sign in and sign up for visitors; write, drafts, settings and sign out for the
/// signed-in. The server renders the visitor's links, which work without JavaScript.
#[island(lazy)]
fn AccountMenu() -> impl IntoView {
    let session = use_session();
    let sign_out = Action::new(|_: &()| logout());
    Effect::new(move || {
        // Signed out locally whatever the server said: the user asked to leave.
        if sign_out.value().get().is_some() {
            session.signed_out();
            go_to("/", false);
        }
    });
    move || {
        match session.user.get() {
        Some(user) => view! {
            <a href="/editor">"Write"</a>
            <a href="/drafts">"Drafts"</a>
            <a href="/following">"Following"</a>
            <span class="signed-in-as">"Signed in as " <a href="/settings">{user.username}</a></span>
            <button type="button" on:click=move |_| { sign_out.dispatch(()); }>"Sign out"</button>
        }
        .into_any(),
        None => view! {
            <a href="/signin">"Sign in"</a>
            <a href="/signup">"Sign up"</a>
        }
        .into_any(),
    }
    }
}
