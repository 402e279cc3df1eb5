//! Following an author, from their profile page. The page is the same for every reader, so
//! whether this reader follows the author is asked after the island wakes.

use leptos::prelude::*;

use crate::{
    app::{forms::Submission, session::use_session},
    i18n::{page_locale, td_string},
    model::{
        Profile,
        routes::{profile_href, sign_in_href},
    },
    server_fns::{follow_author, get_profile},
};

/// "Follow <name>" / "Following <name>"; nothing on one's own page. Signed out (and without
/// JavaScript) a link to sign in, which brings the reader back here.
#[island(lazy)]
pub fn FollowButton(username: String) -> impl IntoView {
    let session = use_session();
    let locale = page_locale();
    // Whether this reader follows the author; `None` until the server has said.
    let following = RwSignal::new(None::<bool>);
    let asking_for = username.clone();
    Effect::new(move |asked: Option<bool>| {
        let asked = asked.unwrap_or(false);
        if !asked && session.user.with(Option::is_some) {
            let username = asking_for.clone();
            leptos::task::spawn_local(async move {
                let answer = get_profile(username).await;
                following.try_set(Some(answer.is_ok_and(|profile| profile.following)));
            });
            return true;
        }
        asked
    });
    let toggle = Submission::new(
        |(username, follow): (String, bool)| follow_author(username, follow),
        move |profile: Profile| following.set(Some(profile.following)),
    );
    let pending = toggle.pending();
    let sign_in = sign_in_href(&profile_href(&username));
    let is_me = {
        let username = username.to_lowercase();
        move || {
            session.user.with(|user| {
                user.as_ref()
                    .is_some_and(|user| user.username.to_lowercase() == username)
            })
        }
    };
    let label = {
        let username = username.clone();
        move || match following.get() {
            Some(true) => {
                td_string!(locale, social.following_name, name = username.clone()).to_string()
            }
            _ => td_string!(locale, social.follow_name, name = username.clone()).to_string(),
        }
    };
    let click = move |_| {
        if let Some(now) = following.get_untracked() {
            toggle.submit((username.clone(), !now));
        }
    };
    move || {
        if is_me() {
            return ().into_any();
        }
        match session.user.with(Option::is_some) {
            true => view! {
                <button type="button" class="follow"
                    aria-pressed=move || if following.get() == Some(true) { "true" } else { "false" }
                    disabled=move || following.get().is_none() || pending.get()
                    on:click=click.clone()>
                    {label.clone()}
                </button>
            }
            .into_any(),
            false => view! {
                <a class="button follow" href=sign_in.clone()>{label.clone()}</a>
            }
            .into_any(),
        }
    }
}
