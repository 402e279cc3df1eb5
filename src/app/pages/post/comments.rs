//! The conversation under a post: comments oldest first, a form for signed-in readers, and
//! a delete button for those allowed (the comment's writer, the post's author, admins). What
//! a reader is typing is kept in the browser, under their name, until it is posted.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{add_comment, delete_comment, list_comments},
    app::{
        components::{page_in_query, profile_href},
        forms::Submission,
        persisted,
        session::use_session,
    },
    model::{Comment, Role, storage_keys},
};

#[component]
pub fn Comments(slug: String, post_author: String, published: bool) -> impl IntoView {
    let session = use_session();
    // `?comments=N`: the page of the conversation, from 1.
    let page = page_in_query("comments");
    let comments = Resource::new(
        {
            let slug = slug.clone();
            move || (slug.clone(), page.get())
        },
        |(slug, page)| list_comments(slug, page),
    );
    let body = RwSignal::new(String::new());
    keep_typed_comment(&slug, body);
    let add = Submission::new(
        |(slug, body): (String, String)| add_comment(slug, body),
        move |_| {
            body.set(String::new());
            comments.refetch();
        },
    );
    let remove = Submission::new(
        |(slug, id): (String, i64)| delete_comment(slug, id),
        move |()| comments.refetch(),
    );
    let error = Signal::derive(move || add.error.get().or_else(|| remove.error.get()));
    let submit = {
        let slug = slug.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            add.submit((slug.clone(), body.get_untracked()));
        }
    };
    let adding = add.pending();
    let post_author = StoredValue::new(post_author);
    let may_delete = move |comment: &Comment| {
        session.user.with(|user| {
            user.as_ref().is_some_and(|user| {
                user.username == comment.author.username
                    || post_author.with_value(|author| user.username == *author)
                    || user.role == Role::Admin
            })
        })
    };
    let slug_for_list = slug.clone();
    view! {
        <section class="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">"Comments"</h2>
            <Suspense fallback=|| view! { <p>"Loading comments…"</p> }>
                {move || {
                    let slug = slug_for_list.clone();
                    Suspend::new(async move {
                        let listed = comments.await.unwrap_or_default();
                        let page = page.get_untracked();
                        if listed.comments.is_empty() && page == 1 {
                            return view! { <p class="empty">"No comments yet."</p> }.into_any();
                        }
                        let earlier = (page > 1).then(|| format!("?comments={}#comments-heading", page - 1));
                        let later = listed.more.then(|| format!("?comments={}#comments-heading", page + 1));
                        view! {
                            <ol class="comment-list">
                                {listed.comments.into_iter().map(|comment| {
                                    let id = comment.id;
                                    let slug = slug.clone();
                                    let author = comment.author.username.clone();
                                    let delete_label = format!("Delete comment by {author}");
                                    let deletable = {
                                        let comment = comment.clone();
                                        move || may_delete(&comment)
                                    };
                                    view! {
                                        <li class="comment" id=format!("comment-{id}")>
                                            <p class="comment-body">{comment.body.clone()}</p>
                                            <p class="byline">
                                                <A href=profile_href(&author)>{author}</A>
                                                " · "
                                                <time datetime=comment.created.iso.clone()>{comment.created.text.clone()}</time>
                                                <Show when=deletable.clone()>
                                                    " · "
                                                    <button type="button" class="link-button"
                                                        on:click={
                                                            let slug = slug.clone();
                                                            move |_| {
                                                                let confirmed = window()
                                                                    .confirm_with_message("Delete this comment?")
                                                                    .unwrap_or(false);
                                                                if confirmed {
                                                                    remove.submit((slug.clone(), id));
                                                                }
                                                            }
                                                        }
                                                    >
                                                        {delete_label.clone()}
                                                    </button>
                                                </Show>
                                            </p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            <nav class="pagination" aria-label="Comment pages">
                                {earlier.map(|href| view! { <a href=href rel="prev">"← Earlier comments"</a> })}
                                {later.map(|href| view! { <a href=href rel="next">"Later comments →"</a> })}
                            </nav>
                        }
                        .into_any()
                    })
                }}
            </Suspense>
            {move || match (published, session.user.with(Option::is_some)) {
                (false, _) => None,
                (true, true) => Some(view! {
                    <form class="comment-form" on:submit=submit.clone() novalidate>
                        <div class="field">
                            <label for="comment-body">"Add a comment"</label>
                            <textarea id="comment-body" name="body" rows="4" bind:value=body
                                aria-describedby="comment-body-error"></textarea>
                            <p class="field-error" id="comment-body-error" role="alert">
                                {move || error.get().map(|error| match error.for_field("body") {
                                    Some(message) => format!("Comment {message}"),
                                    None => error.to_string(),
                                })}
                            </p>
                        </div>
                        <button type="submit" disabled=move || adding.get()>
                            {move || if adding.get() { "Posting…" } else { "Post comment" }}
                        </button>
                    </form>
                }.into_any()),
                (true, false) => Some(view! {
                    <p><A href=format!("/signin?next=/post/{slug}")>"Sign in"</A>" to comment."</p>
                }.into_any()),
            }}
        </section>
    }
}

/// The comment being typed survives a reload, or a detour through the sign-in page: it is
/// kept in the browser under the reader's name until it has been posted, and forgotten when
/// they sign out.
fn keep_typed_comment(slug: &str, body: RwSignal<String>) {
    let session = use_session();
    let key = {
        let slug = slug.to_owned();
        move || {
            session.user.with(|user| {
                user.as_ref()
                    .map(|user| storage_keys::unsaved_comment(&user.username, &slug))
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
    persisted::keep_in_browser(
        move || key().filter(|key| restored_for.with_value(|done| done.as_ref() == Some(key))),
        move || Some(body.get()).filter(|text| !text.trim().is_empty()),
    );
}
