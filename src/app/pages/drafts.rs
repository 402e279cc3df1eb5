//! The signed-in author's unpublished posts, each a link back into the editor; for editors and
//! admins also everyone else's, where contributors' drafts wait to be published.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    app::{
        forms::ErrorMessage,
        local_time, persisted,
        session::{RequireUser, go_to, use_session},
    },
    i18n::{format_date, page_locale, td_string},
    model::{Action, AppError, DeletedPost, Publication, routes, wire},
    server_fns::{drafts_to_review, my_drafts, save_post},
};

#[component]
pub fn DraftsPage() -> impl IntoView {
    let locale = page_locale();
    // `?deleted=<title>`: the editor just deleted that post.
    let deleted = leptos_router::hooks::use_location()
        .query
        .with_untracked(|query| query.get("deleted"));
    view! {
        <Title text=td_string!(locale, drafts.your_drafts) />
        <div data-hydrate-now="">
            <Drafts deleted />
        </div>
    }
}

#[island(lazy)]
fn Drafts(deleted: Option<String>) -> impl IntoView {
    let locale = page_locale();
    view! {
        <RequireUser here="/drafts">
            {deleted.clone().map(|title| view! {
                <p class="notice done" role="status">
                    {td_string!(locale, drafts.deleted, title = title.as_str()).to_string()}
                    " "<UndoDelete />
                </p>
            })}
            <DraftList />
            <ReviewList />
        </RequireUser>
    }
}

/// Brings the post just deleted back as a draft, from the text the editor kept in this
/// browser, and opens it in the editor. Its history, comments and favorites went with it.
#[component]
fn UndoDelete() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let key = move || {
        session
            .user
            .with(|user| user.as_ref().map(|user| wire::deleted_post(&user.username)))
    };
    let kept = Memo::new(move |_| key().and_then(|key| persisted::restore::<DeletedPost>(&key)));
    let error = RwSignal::new(None::<AppError>);
    let undo = leptos::prelude::Action::new_local(move |deleted: &DeletedPost| {
        let deleted = deleted.clone();
        async move {
            match save_post(None, deleted.kind, deleted.draft, Publication::Draft).await {
                Ok(post) => {
                    if let Some(key) = key() {
                        persisted::forget(&key);
                    }
                    go_to(&routes::editor_href(&post.summary.slug), false);
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    view! {
        {move || kept.get().map(|deleted| view! {
            <button type="button" class="link-button" disabled=move || undo.pending().get()
                on:click=move |_| { undo.dispatch(deleted.clone()); }>
                {td_string!(locale, drafts.undo)}
            </button>
        })}
        {move || error.get().map(|error| view! { <ErrorMessage error /> })}
    }
}

#[component]
fn DraftList() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let drafts = LocalResource::new(|| my_drafts(1));
    view! {
        <section class="drafts" aria-labelledby="drafts-heading">
            <h1 id="drafts-heading">{td_string!(locale, drafts.your_drafts)}</h1>
            <p><a href="/editor" class="button primary">{td_string!(locale, drafts.write_new)}</a></p>
                {move || drafts.get().map(|result| match result {
                    Ok(page) if page.posts.is_empty() => {
                        view! { <p class="empty">{td_string!(locale, drafts.empty)}</p> }.into_any()
                    }
                    Ok(page) => view! {
                        <ul class="draft-list">
                            {page.posts.into_iter().map(|post| {
                                let href = format!("/editor/{}", post.slug);
                                view! {
                                    <li>
                                        <a href=href>{post.title}</a>
                                        <span class="muted">
                                            {td_string!(locale, drafts.last_saved)}
                                            <time datetime=post.updated.iso>
                                                {format_date(locale, post.updated.millis)}
                                            </time>
                                        </span>
                                        {post.scheduled.map(|at| view! {
                                            <span class="scheduled-at">
                                                {td_string!(locale, drafts.scheduled)}
                                                <time datetime=at.iso>{local_time::shown(at.millis, locale)}</time>
                                            </span>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => {
                        session.check(&error);
                        view! { <ErrorMessage error /> }.into_any()
                    }
                }).unwrap_or_else(|| view! { <p>{td_string!(locale, drafts.loading)}</p> }.into_any())}
        </section>
    }
}

/// Others' drafts, shown to those whose role edits them.
#[component]
fn ReviewList() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let reviews = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.role.may(Action::EditOthers))
        })
    };
    let drafts = LocalResource::new(move || async move {
        if reviews() {
            Some(drafts_to_review(1).await)
        } else {
            None
        }
    });
    move || {
        drafts.get().flatten().map(|result| {
            view! {
                <section class="drafts review" aria-labelledby="review-heading">
                    <h2 id="review-heading">{td_string!(locale, drafts.review)}</h2>
                    <p class="muted">{td_string!(locale, drafts.review_intro)}</p>
                    {match result {
                        Ok(page) if page.posts.is_empty() => {
                            view! { <p class="empty">{td_string!(locale, drafts.review_empty)}</p> }.into_any()
                        }
                        Ok(page) => view! {
                            <ul class="draft-list">
                                {page.posts.into_iter().map(|post| {
                                    let href = format!("/editor/{}", post.slug);
                                    view! {
                                        <li>
                                            <a href=href>{post.title}</a>
                                            <span class="muted">
                                                {td_string!(locale, drafts.by)}" "
                                                <span class="draft-author">{post.author.username}</span>
                                                " · "
                                                <time datetime=post.updated.iso>
                                                    {format_date(locale, post.updated.millis)}
                                                </time>
                                            </span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => {
                            session.check(&error);
                            view! { <ErrorMessage error /> }.into_any()
                        }
                    }}
                </section>
            }
        })
    }
}
