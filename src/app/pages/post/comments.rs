//! The conversation under a post: comments oldest first, a hundred to a page, rendered by the
//! server as everyone sees it. Islands add what only some see: the form for signed-in
//! readers (what a reader is typing is kept in the browser, under their name, until it is
//! posted), a delete button for those allowed (the comment's writer, the post's author,
//! editors and admins), the comments waiting for a moderator (to their writer, and with a
//! verdict to the post's moderators), and a switch that closes the conversation. After any
//! of them, the page reloads.

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
        Action, CommentPolicy, Verdict,
        routes::{post_href, profile_href, query, sign_in_href},
        wire,
    },
    server_fns::{
        add_comment, close_comments, decide_comment, delete_comment, held_comments, list_comments,
    },
};

#[component]
pub fn Comments(slug: String, post_author: String, published: bool, closed: bool) -> impl IntoView {
    let site_closed = crate::app::site_info().comments == CommentPolicy::Closed;
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
    let post_author_for_held = post_author.clone();
    let post_author_for_close = post_author.clone();
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
                                            <div class="comment-body" inner_html=comment.body_html.clone()></div>
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
            {published.then(|| view! { <HeldComments slug=slug.clone() post_author=post_author_for_held /> })}
            {match (published, closed || site_closed) {
                (false, _) => None,
                (true, true) => Some(view! { <p class="comments-closed">{td_string!(locale, comments.closed)}</p> }.into_any()),
                (true, false) => Some(view! { <CommentForm slug=slug.clone() /> }.into_any()),
            }}
            {(published && !site_closed).then(|| view! { <CloseComments slug post_author=post_author_for_close closed /> })}
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
    let moderates = moderates(post_author);
    let may_delete = move || {
        moderates()
            || session
                .user
                .with(|user| user.as_ref().is_some_and(|user| user.username == author))
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
                        aria-describedby="comment-body-hint comment-body-error"></textarea>
                    <p class="hint" id="comment-body-hint">{td_string!(locale, comments.markdown_hint)}</p>
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

/// Whether the signed-in reader moderates the comments under a post by `post_author`: its
/// author does, and editors and admins everywhere.
fn moderates(post_author: String) -> impl Fn() -> bool + Clone + Send + Sync + 'static {
    let session = use_session();
    move || {
        session.user.with(|user| {
            user.as_ref().is_some_and(|user| {
                user.username == post_author || user.role.may(Action::ModerateComments)
            })
        })
    }
}

/// The comments under the post that wait for a moderator, as the signed-in reader may see
/// them: their own, marked as waiting; all of them, each with a verdict, for a moderator.
#[island(lazy)]
fn HeldComments(slug: String, post_author: String) -> impl IntoView {
    let session = use_session();
    let locale = page_locale();
    let moderates = moderates(post_author);
    // Asked from the browser once the reader is known (never while the server renders the
    // page, which is the same for everyone).
    let held = RwSignal::new(Vec::<crate::model::Comment>::new());
    Effect::new(move || {
        if session.user.with(Option::is_none) {
            return;
        }
        let slug = slug.clone();
        leptos::task::spawn_local(async move {
            if let Ok(waiting) = held_comments(slug).await {
                held.set(waiting);
            }
        });
    });
    let decide = Submission::new(
        |(id, verdict): (i64, Verdict)| decide_comment(id, verdict),
        |()| reload(),
    );
    move || {
        let moderates = moderates.clone();
        Some(held.get()).filter(|held| !held.is_empty()).map(|held| view! {
            <div class="held-comments">
                <h3>{td_string!(locale, comments.waiting)}</h3>
                <p class="hint">{td_string!(locale, comments.waiting_hint)}</p>
                <ol class="comment-list">
                    {held.into_iter().map(|comment| {
                        let id = comment.id;
                        let reason = comment.held.map(|reason| crate::app::pages::moderation_reason(locale, reason));
                        view! {
                            <li class="comment held" id=format!("comment-{id}")>
                                <div class="comment-body" inner_html=comment.body_html.clone()></div>
                                <p class="byline">
                                    <a href=profile_href(&comment.author.username)>{comment.author.username.clone()}</a>
                                    " · "
                                    <time datetime=comment.created.iso.clone()>{format_date(locale, comment.created.millis)}</time>
                                    " · "<span class="held-reason">{reason}</span>
                                </p>
                                {moderates().then(|| view! {
                                    <p class="actions">
                                        <button type="button" class="primary" on:click=move |_| decide.submit((id, Verdict::Approve))>
                                            {td_string!(locale, moderation.approve)}
                                        </button>
                                        <button type="button" on:click=move |_| decide.submit((id, Verdict::Spam))>
                                            {td_string!(locale, moderation.mark_spam)}
                                        </button>
                                        <button type="button" on:click=move |_| decide.submit((id, Verdict::Reject))>
                                            {td_string!(locale, moderation.reject)}
                                        </button>
                                    </p>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
                {move || decide.error.get().map(|error| view! { <ErrorMessage error /> })}
            </div>
        })
    }
}

/// "Close comments" (or "Open comments"), for the post's moderators.
#[island(lazy)]
fn CloseComments(slug: String, post_author: String, closed: bool) -> impl IntoView {
    let locale = page_locale();
    let moderates = moderates(post_author);
    let switch = Submission::new(
        |(slug, closed): (String, bool)| close_comments(slug, closed),
        |()| reload(),
    );
    move || {
        let slug = slug.clone();
        moderates().then(|| view! {
            <p class="comments-switch">
                <button type="button" class="link-button" on:click=move |_| switch.submit((slug.clone(), !closed))>
                    {if closed { td_string!(locale, comments.open_again) } else { td_string!(locale, comments.close) }}
                </button>
                {move || switch.error.get().map(|error| view! { <ErrorMessage error inline=true /> })}
            </p>
        })
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
