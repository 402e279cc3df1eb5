//! The frame around every page: site title, navigation, who is signed in. The frame is
//! rendered by the server; who is signed in and the theme switch are islands.

use leptos::prelude::*;

use super::{
    SiteTitle,
    session::{go_to, use_session},
    theme::ThemeToggle,
};
use crate::{
    i18n::{Locale, page_locale, td_string},
    model::{NavLink, Registration, SiteInfo},
    server_fns::logout,
};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let SiteTitle(title) = expect_context::<SiteTitle>();
    let site = use_context::<SiteInfo>().unwrap_or_default();
    let locale = page_locale();
    // The logo stands beside the title, which stays for readers who cannot see it.
    let logo = site.logo.map(|logo| {
        let width = (logo.width > 0).then_some(logo.width);
        view! { <img class="site-logo" src=logo.src alt="" width=width height=crate::model::Logo::HEIGHT /> }
    });
    view! {
        <header class="site-header">
            <a href="/" class="site-title">{logo}{title}</a>
            <SiteNavigation links=site.navigation />
            // A plain form: search works the same without JavaScript.
            <form class="site-search" method="get" action="/search" role="search">
                <input type="search" name="q" placeholder=td_string!(locale, layout.search_placeholder)
                    aria-label=td_string!(locale, layout.search_label)
                    maxlength="200" />
            </form>
            <nav aria-label=td_string!(locale, layout.account) class="account-nav">
                <AccountMenu sign_up=site.registration == Registration::Open />
                <ThemeToggle />
            </nav>
            <LanguageSwitch locale />
        </header>
    }
}

/// The owner's links (About, a tag, another site), when there are any.
#[component]
fn SiteNavigation(links: Vec<NavLink>) -> impl IntoView {
    let locale = page_locale();
    (!links.is_empty()).then(|| {
        view! {
            <nav class="site-nav" aria-label=td_string!(locale, layout.site_navigation)>
                <ul>
                    {links.into_iter().map(|link| view! {
                        <li><a href=link.href>{link.label}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
        }
    })
}

/// Sign in and sign up (while the site takes sign-ups) for visitors; write, drafts,
/// settings and sign out for the signed-in. The server renders the visitor's links, which
/// work without JavaScript.
#[island(lazy)]
fn AccountMenu(sign_up: bool) -> impl IntoView {
    let session = use_session();
    let locale = page_locale();
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
            <a href="/editor">{td_string!(locale, layout.write)}</a>
            <a href="/drafts">{td_string!(locale, layout.drafts)}</a>
            <a href="/media">{td_string!(locale, media.link)}</a>
            <a href="/following">{td_string!(locale, layout.following)}</a>
            {user.role.may(crate::model::Action::ManageRoles).then(|| view! {
                <a href="/admin">{td_string!(locale, admin.link)}</a>
            })}
            <span class="signed-in-as">{td_string!(locale, layout.signed_in_as)}" "<a href="/settings">{user.username}</a></span>
            <button type="button" on:click=move |_| { sign_out.dispatch(()); }>{td_string!(locale, layout.sign_out)}</button>
        }
        .into_any(),
        None => view! {
            <a href="/signin">{td_string!(locale, layout.sign_in)}</a>
            {sign_up.then(|| view! { <a href="/signup">{td_string!(locale, layout.sign_up)}</a> })}
        }
        .into_any(),
    }
    }
}

/// One button per language: a plain form, so it works without JavaScript. The server remembers
/// the choice in a cookie and brings the reader back to this page, now in that language.
#[component]
fn LanguageSwitch(locale: Locale) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let back = match search.trim_start_matches('?') {
        "" => path,
        query => format!("{path}?{query}"),
    };
    view! {
        <form class="language-switch" method="post" action="/language"
            aria-label=td_string!(locale, switch_language)>
            <input type="hidden" name="back" value=back />
            {<Locale as leptos_i18n::Locale>::get_all()
                .iter()
                .map(|&language| {
                    let current = (language == locale).then_some("true");
                    view! {
                        <button type="submit" name="language" value=crate::i18n::tag(language)
                            lang=crate::i18n::tag(language) aria-pressed=current.unwrap_or("false")>
                            {td_string!(language, language_name)}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}
