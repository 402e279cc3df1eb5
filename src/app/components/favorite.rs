//! A post's favorites: the count for everyone, and for a signed-in reader a button that marks
//! the post. Pages are rendered signed out and kept for every reader, so whether this reader
//! has favorited a post is asked after the island wakes: once for all the buttons on a page.

use leptos::prelude::*;

use crate::{
    app::{forms::Submission, session::use_session},
    i18n::{page_locale, td_string},
    model::{
        FavoriteState,
        routes::{post_href, sign_in_href},
    },
    server_fns::favorite_post,
};

/// "Favorite" and the count. Signed out (and without JavaScript) a link to sign in, which
/// brings the reader back to the post.
#[island(lazy)]
pub fn FavoriteButton(slug: String, count: i64) -> impl IntoView {
    let session = use_session();
    let locale = page_locale();
    let count = RwSignal::new(count);
    // Whether this reader has favorited the post; `None` until the server has said.
    let favorited = RwSignal::new(None::<bool>);
    let asking_for = slug.clone();
    Effect::new(move |asked: Option<bool>| {
        let asked = asked.unwrap_or(false);
        if !asked && session.user.with(Option::is_some) {
            ask(asking_for.clone(), favorited);
            return true;
        }
        asked
    });
    let toggle = Submission::new(
        |(slug, favorite): (String, bool)| favorite_post(slug, favorite),
        move |state: FavoriteState| {
            count.set(state.count);
            favorited.set(Some(state.favorited));
        },
    );
    let pending = toggle.pending();
    let sign_in = sign_in_href(&post_href(&slug));
    let click = move |_| {
        if let Some(now) = favorited.get_untracked() {
            toggle.submit((slug.clone(), !now));
        }
    };
    move || {
        match session.user.with(Option::is_some) {
        true => view! {
            <button type="button" class="favorite"
                aria-pressed=move || if favorited.get() == Some(true) { "true" } else { "false" }
                disabled=move || favorited.get().is_none() || pending.get()
                on:click=click.clone()>
                <span aria-hidden="true">{move || if favorited.get() == Some(true) { "♥" } else { "♡" }}</span>
                " "{move || if favorited.get() == Some(true) { td_string!(locale, social.favorited) } else { td_string!(locale, social.favorite) }}" "
                <span class="favorite-count">{move || count.get()}</span>
            </button>
        }
        .into_any(),
        false => view! {
            <a class="favorite" href=sign_in.clone() title=td_string!(locale, social.sign_in_to_favorite)>
                <span aria-hidden="true">"♡"</span>
                " "{td_string!(locale, social.favorite)}" "
                <span class="favorite-count">{move || count.get()}</span>
            </a>
        }
        .into_any(),
    }
    }
}

/// Adds a button to the next question to the server: the first button to wait sends it, a
/// tick later, for every button that woke meanwhile.
#[cfg(feature = "hydrate")]
fn ask(slug: String, favorited: RwSignal<Option<bool>>) {
    use std::cell::RefCell;
    type Waiting = Vec<(String, RwSignal<Option<bool>>)>;
    thread_local! {
        static WAITING: RefCell<Waiting> = const { RefCell::new(Vec::new()) };
    }
    let first = WAITING.with_borrow_mut(|waiting| {
        waiting.push((slug, favorited));
        waiting.len() == 1
    });
    if !first {
        return;
    }
    leptos::task::spawn_local(async {
        leptos::task::tick().await;
        let waiting = WAITING.with_borrow_mut(std::mem::take);
        let mut slugs: Vec<String> = waiting.iter().map(|(slug, _)| slug.clone()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        // Without an answer the buttons still work: marking twice counts once.
        let favorites = crate::server_fns::my_favorites(slugs)
            .await
            .unwrap_or_default();
        for (slug, favorited) in waiting {
            favorited.try_set(Some(favorites.contains(&slug)));
        }
    });
}

/// The server renders signed out: there is nothing to ask.
#[cfg(not(feature = "hydrate"))]
fn ask(_slug: String, _favorited: RwSignal<Option<bool>>) {}
