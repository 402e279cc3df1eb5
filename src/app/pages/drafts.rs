//! The signed-in author's unpublished posts, each a link back into the editor.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::my_drafts,
    app::session::{RequireUser, use_session},
};

#[component]
pub fn DraftsPage() -> impl IntoView {
    view! {
        <Title text="Your drafts" />
        <div data-hydrate-now="">
            <Drafts />
        </div>
    }
}

#[island(lazy)]
fn Drafts() -> impl IntoView {
    view! {
        <RequireUser here="/drafts">
            <DraftList />
        </RequireUser>
    }
}

#[component]
fn DraftList() -> impl IntoView {
    let session = use_session();
    let drafts = LocalResource::new(|| my_drafts(1));
    view! {
        <section class="drafts" aria-labelledby="drafts-heading">
            <h1 id="drafts-heading">"Your drafts"</h1>
            <p><a href="/editor" class="button primary">"Write a new post"</a></p>
                {move || drafts.get().map(|result| match result {
                    Ok(page) if page.posts.is_empty() => {
                        view! { <p class="empty">"No drafts. Everything you wrote is published."</p> }.into_any()
                    }
                    Ok(page) => view! {
                        <ul class="draft-list">
                            {page.posts.into_iter().map(|post| {
                                let href = format!("/editor/{}", post.slug);
                                view! {
                                    <li>
                                        <a href=href>{post.title}</a>
                                        <span class="muted">
                                            " · last saved "
                                            <time datetime=post.updated.iso>{post.updated.text}</time>
                                        </span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => {
                        session.check(&error);
                        view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
                    }
                }).unwrap_or_else(|| view! { <p>"Loading your drafts…"</p> }.into_any())}
        </section>
    }
}
