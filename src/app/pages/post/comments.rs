//! The conversation under a post: comments oldest first, a hundred to a page, rendered by the
//! server. Two islands: the form for signed-in readers (what a reader is typing is kept in
//! the browser, under their name, until it is posted), and a delete button for those allowed
//! (the comment's writer, the post's author, admins). After either, the page reloads.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    app::{
        components::page_in_query,
        errors::{describe, field_message},
        forms::{ErrorMessage, Submission},
        persisted,
        session::use_session,
    },
    i18n::{format_date, page_locale, td_string},
    model::{
        Role,
        routes::{post_href, profile_href, query, sign_in_href},
        wire,
    },
    server_fns::{add_comment, delete_comment, list_comments},
};

#[component]
pub fn Comments(slug: String, post_author: String, published: bool) -> impl IntoView {
    // `?comments=N`: the page of the conversation, from 1.
    let page = page_in_query(query::COMMENTS);
    let comments = Resource::new(
        {
            let slug = slug.clone();
            move || (slug.clone(), page.get())
        },
        |(slug, page)| list_comments(slug, page),
    );
    let slug_for_list = slug.clone();
    let locale = page_locale();
    view! {
        <section class="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">{td_string!(locale, comments.heading)}</h2>
            <Suspense fallback=move || view! { <p>{td_string!(locale, comments.loading)}</p> }>
                {move || {
                    let slug = slug_for_list.clone();
                    let post_author = post_author.clone();
                    Suspend::new(async move {
                        let listed = comments.await.unwrap_or_default();
                        let page = page.get_untracked();
                        if listed.comments.is_empty() && page == 1 {
                            return view! { <p class="empty">{td_string!(locale, comments.none_yet)}</p> }.into_any();
                        }
                        let earlier = (page > 1).then(|| format!("?comments={}#comments-heading", page - 1));
                        let later = listed.more.then(|| format!("?comments={}#comments-heading", page + 1));
                        view! {
                            <ol class="comment-list">
                                {listed.comments.into_iter().map(|comment| {
                                    let author = comment.author.username.clone();
                                    let profile = profile_href(&author);
                                    let name = author.clone();
                                    view! {
                                        <li class="comment" id=format!("comment-{}", comment.id)>
                                            <p class="comment-body">{comment.body.clone()}</p>
                                            <p class="byline">
                                                <A href=profile>{name}</A>
                                                " · "
                                                <time datetime=comment.created.iso.clone()>{format_date(locale, comment.created.millis)}</time>
                                                <DeleteComment slug=slug.clone() id=comment.id
                                                    author=author post_author=post_author.clone() />
                                            </p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            <nav class="pagination" aria-label=td_string!(locale, comments.pages)>
                                {earlier.map(|href| view! { <a href=href rel="prev">{td_string!(locale, comments.earlier)}</a> })}
                                {later.map(|href| view! { <a href=href rel="next">{td_string!(locale, comments.later)}</a> })}
                            </nav>
                        }
                        .into_any()
                    })
                }}
            </Suspense>
            {published.then(|| view! { <CommentForm slug /> })}
        </section>
    }
}

/// "Delete" (to a screen reader "Delete comment by …"), for those allowed.
#[island(lazy)]
fn DeleteComment(slug: String, id: i64, author: String, post_author: String) -> impl IntoView {
    let session = use_session();
    let remove = Submission::new(
        |(slug, id): (String, i64)| delete_comment(slug, id),
        |()| reload(),
    );
    let locale = page_locale();
    let label = td_string!(locale, comments.delete_by, author = author.clone()).to_string();
    let may_delete = move || {
        session.user.with(|user| {
            user.as_ref().is_some_and(|user| {
                user.username == author || user.username == post_author || user.role == Role::Admin
            })
        })
    };
    let confirm = move |_| {
        let confirmed = window()
            .confirm_with_message(td_string!(locale, comments.confirm_delete))
            .unwrap_or(false);
        if confirmed {
            remove.submit((slug.clone(), id));
        }
    };
    move || {
        may_delete().then(|| {
            view! {
                " · "
                <button type="button" class="link-button" on:click=confirm.clone()
                    aria-label=label.clone()>
                    {td_string!(locale, comments.delete)}
                </button>
                {move || remove.error.get().map(|error| view! { <ErrorMessage error inline=true /> })}
            }
        })
    }
}

/// The comment form for signed-in readers; a link to sign in for everyone else.
#[island(lazy)]
fn CommentForm(slug: String) -> impl IntoView {
    let session = use_session();
    let body = RwSignal::new(String::new());
    let forget_typed = keep_typed_comment(&slug, body);
    let add = Submission::new(
        |(slug, body): (String, String)| add_comment(slug, body),
        move |_| {
            forget_typed();
            reload();
        },
    );
    let error = add.error;
    let adding = add.pending();
    let sign_in = sign_in_href(&post_href(&slug));
    let locale = page_locale();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        add.submit((slug.clone(), body.get_untracked()));
    };
    move || {
        match session.user.with(Option::is_some) {
        true => view! {
            <form class="comment-form" on:submit=submit.clone() novalidate>
                <div class="field">
                    <label for="comment-body">{td_string!(locale, comments.add)}</label>
                    <textarea id="comment-body" name="body" rows="4" bind:value=body
                        aria-describedby="comment-body-error"></textarea>
                    <p class="field-error" id="comment-body-error" role="alert">
                        {move || error.get().map(|error| match field_message(&error, "body", locale) {
                            Some(message) => td_string!(locale, comments.field_error, message = message).to_string(),
                            None => describe(&error, locale),
                        })}
                    </p>
                </div>
                <button type="submit" disabled=move || adding.get()>
                    {move || if adding.get() { td_string!(locale, comments.posting) } else { td_string!(locale, comments.post) }}
                </button>
            </form>
        }
        .into_any(),
        false => view! {
            <p class="comment-sign-in sign-in-prompt">
                <a href=sign_in.clone()>{td_string!(locale, comments.sign_in)}</a>{td_string!(locale, comments.to_comment)}
            </p>
        }
        .into_any(),
    }
    }
}

/// The page again, from the server: with the new comment, or without the deleted one.
fn reload() {
    #[cfg(feature = "hydrate")]
    let _ = window().location().reload();
}

/// The comment being typed survives a reload, or a detour through the sign-in page: it is
/// kept in the browser under the reader's name until it has been posted, and forgotten when
/// they sign out. Returns what forgets it at once (once posted).
fn keep_typed_comment(slug: &str, body: RwSignal<String>) -> impl Fn() + Clone + 'static {
    let session = use_session();
    let key = {
        let slug = slug.to_owned();
        move || {
            session.user.with(|user| {
                user.as_ref()
                    .map(|user| wire::unsaved_comment(&user.username, &slug))
            })
        }
    };
    // Once the reader is known, bring back what they were typing.
    let restored_for = StoredValue::new(None::<String>);
    let restore_key = key.clone();
    Effect::new(move || {
        let Some(key) = restore_key() else { return };
        if restored_for.get_value().as_ref() == Some(&key) {
            return;
        }
        restored_for.set_value(Some(key.clone()));
        if let Some(saved) = persisted::restore::<String>(&key)
            && body.get_untracked().is_empty()
        {
            body.set(saved);
        }
    });
    let kept_key = key.clone();
    persisted::keep_in_browser(
        move || kept_key().filter(|key| restored_for.with_value(|done| done.as_ref() == Some(key))),
        move || Some(body.get()).filter(|text| !text.trim().is_empty()),
    );
    move || {
        if let Some(key) = key() {
            persisted::forget(&key);
        }
    }
}
