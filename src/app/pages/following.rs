//! `/following`: the newest posts of the authors the signed-in reader follows. Only the
//! browser knows who that is, so the list is an island that asks once it wakes; anyone signed
//! out is sent to sign in and brought back.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    app::{
        components::{PostList, page_in_query},
        forms::ErrorMessage,
        session::{RequireUser, use_session},
    },
    i18n::{page_locale, td_string},
    server_fns::following_feed,
};

#[component]
pub fn FollowingPage() -> impl IntoView {
    let page = page_in_query(crate::model::routes::query::PAGE).get_untracked();
    view! {
        <Title text=td_string!(page_locale(), social.following_title) />
        <section class="listing following" aria-labelledby="following-heading" data-hydrate-now="">
            <h1 id="following-heading">{td_string!(page_locale(), social.following_heading)}</h1>
            <FollowingFeed page />
        </section>
    }
}

#[island(lazy)]
fn FollowingFeed(page: i64) -> impl IntoView {
    let here = if page > 1 {
        format!("/following?page={page}")
    } else {
        "/following".to_owned()
    };
    view! {
        <RequireUser here>
            <FeedPage page />
        </RequireUser>
    }
}

#[component]
fn FeedPage(page: i64) -> impl IntoView {
    let session = use_session();
    let posts = LocalResource::new(move || following_feed(page));
    move || match posts.get() {
        None => view! { <p>{td_string!(page_locale(), lists.loading_posts)}</p> }.into_any(),
        Some(Ok(posts)) => view! {
            <PostList posts page base="/following".to_owned()
                empty=td_string!(page_locale(), social.following_empty) />
        }
        .into_any(),
        Some(Err(error)) => {
            session.check(&error);
            view! { <ErrorMessage error /> }.into_any()
        }
    }
}
