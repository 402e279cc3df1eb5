//! The frame around every page: site title, navigation, who is signed in. The frame is
//! rendered by the server; who is signed in and the theme switch are islands.
//!
//! One row on a wide screen; on a phone the title and a Menu button, which opens the rest as
//! a popover (the browser's own, no script). The signed-in menu folds into one name, so the
//! row is as tall signed in as out; a browser holding a session never sees the sign-in links
//! (the boot script marks the page before its first paint, see `SESSION_BOOT_SCRIPT`).

use leptos::prelude::*;

use super::{
    SiteTitle,
    session::{go_to, use_session},
    theme::ThemeToggle,
};
use crate::{
    i18n::{Locale, page_locale, td_string},
    model::{
        NavLink, Registration, SiteInfo,
        routes::{ReaderPage, sign_in_href},
    },
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
    let here = current_address();
    view! {
        <header class="site-header">
            <a href="/" class="site-title">{logo}{title}</a>
            <button type="button" class="site-menu-button" popovertarget="site-menu">
                <span aria-hidden="true">"☰ "</span>{td_string!(locale, layout.menu)}
            </button>
            <div id="site-menu" class="site-menu" popover="">
                <SiteNavigation links=site.navigation />
                // A plain form: search works the same without JavaScript.
                <form class="site-search" method="get" action="/search" role="search">
                    <input type="search" name="q" placeholder=td_string!(locale, layout.search_placeholder)
                        aria-label=td_string!(locale, layout.search_label)
                        maxlength="200" />
                </form>
                <LanguageSwitch locale />
                // Last in the row and of one width signed in or out, so nothing moves when
                // the signed-in menu takes the visitor's place.
                <nav aria-label=td_string!(locale, layout.account) class="account-nav">
                    <ThemeToggle />
                    <div class="account-slot">
                        <AccountMenu sign_up=site.registration == Registration::Open here />
                    </div>
                </nav>
            </div>
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

/// Sign in and sign up (while the site takes sign-ups) for visitors; for the signed-in, Write
/// and their name, which opens the rest (drafts, media, following, admin, settings, sign out).
/// The server renders the visitor's links, which work without JavaScript; they are a
/// `sign-in-prompt`, hidden (their space kept) while a browser holding a session wakes.
///
/// Signing in from here comes back here (`here`: this page's path and query); signing out
/// stays on a page everyone may read, and goes home from one only the signed-in see.
#[island(lazy)]
fn AccountMenu(sign_up: bool, here: String) -> impl IntoView {
    let session = use_session();
    let locale = page_locale();
    let sign_in = if here == "/" || here.starts_with("/signin") || here.starts_with("/signup") {
        "/signin".to_owned()
    } else {
        sign_in_href(&here)
    };
    let after_sign_out = if is_public_page(&here) {
        here
    } else {
        "/".to_owned()
    };
    let sign_out = Action::new(|_: &()| logout());
    let waiting = waiting_for(session);
    Effect::new(move || {
        // Signed out locally whatever the server said: the user asked to leave.
        if sign_out.value().get().is_some() {
            session.signed_out();
            go_to(&after_sign_out, false);
        }
    });
    move || {
        match session.user.get() {
        Some(user) => view! {
            <a href="/editor" class="write-link">{td_string!(locale, layout.write)}</a>
            <details class="account-menu">
                <summary>
                    <span class="visually-hidden">{td_string!(locale, layout.signed_in_as)}" "</span>
                    <span class="account-name">{user.username}</span>
                    {move || waiting_badge(locale, waiting.get())}
                </summary>
                <ul>
                    <li><a href="/drafts">{td_string!(locale, layout.drafts)}</a></li>
                    {user.role.may(crate::model::Action::PublishOwn).then(|| view! {
                        <li><a href="/moderation">{td_string!(locale, moderation.title)}</a></li>
                    })}
                    {user.role.may(crate::model::Action::EditOthers).then(|| view! {
                        <li><a href="/pages">{td_string!(locale, pages.title)}</a></li>
                    })}
                    <li><a href="/media">{td_string!(locale, media.link)}</a></li>
                    <li><a href="/following">{td_string!(locale, layout.following)}</a></li>
                    {user.role.may(crate::model::Action::ManageRoles).then(|| view! {
                        <li><a href="/admin">{td_string!(locale, admin.link)}</a></li>
                    })}
                    <li><a href="/settings">{td_string!(locale, layout.settings)}</a></li>
                    <li><button type="button" on:click=move |_| { sign_out.dispatch(()); }>{td_string!(locale, layout.sign_out)}</button></li>
                </ul>
            </details>
        }
        .into_any(),
        None => view! {
            <span class="visitor-links sign-in-prompt">
                <a href=sign_in.clone()>{td_string!(locale, layout.sign_in)}</a>
                {sign_up.then(|| view! { <a href="/signup">{td_string!(locale, layout.sign_up)}</a> })}
            </span>
        }
        .into_any(),
    }
    }
}

/// How many comments wait for the signed-in reader's verdict: asked for those who may have
/// posts to moderate (authors, editors, admins), once a page.
fn waiting_for(session: crate::app::session::Session) -> RwSignal<Option<i64>> {
    let waiting = RwSignal::new(None);
    // Effects run in the browser only: the server renders the header the same for everyone.
    Effect::new(move || {
        let moderates = session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.role.may(crate::model::Action::PublishOwn))
        });
        if moderates {
            leptos::task::spawn_local(async move {
                if let Ok(count) = crate::server_fns::waiting_comments().await {
                    waiting.set(Some(count));
                }
            });
        }
    });
    waiting
}

/// The header's notice of waiting comments: a count, or nothing when none wait.
fn waiting_badge(locale: Locale, waiting: Option<i64>) -> Option<impl IntoView + use<>> {
    let waiting = waiting.filter(|count| *count > 0)?;
    let shown = if waiting >= crate::model::WAITING_COUNT_CAP {
        format!("{}+", crate::model::WAITING_COUNT_CAP - 1)
    } else {
        waiting.to_string()
    };
    let label = td_string!(locale, moderation.waiting_count, count = shown.as_str()).to_string();
    let title = label.clone();
    Some(
        view! { <span class="badge" title=title><span aria-hidden="true">{shown}</span><span class="visually-hidden">{label}</span></span> },
    )
}

/// One button per language: a plain form, so it works without JavaScript. The server remembers
/// the choice in a cookie and brings the reader back to this page, now in that language.
#[component]
fn LanguageSwitch(locale: Locale) -> impl IntoView {
    let back = current_address();
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

/// This page's path and query, as the server was asked for it.
fn current_address() -> String {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    match search.trim_start_matches('?') {
        "" => path,
        query => format!("{path}?{query}"),
    }
}

/// Whether everyone may read the page at `address` (a reader page or search), so a reader
/// who signs out there may stay.
fn is_public_page(address: &str) -> bool {
    let path = address.split(['?', '#']).next().unwrap_or_default();
    ReaderPage::at(path).is_some() || path == "/search"
}
