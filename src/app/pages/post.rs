//! A post as readers see it: the stored HTML, its tags, author and dates, and the
//! conversation under it. Rendered completely on the server; with JavaScript, signed-in
//! readers can comment, and those allowed can delete comments or edit the post.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{add_comment, delete_comment, get_post, list_comments},
    app::{
        components::{PostByline, TagLinks, profile_href},
        pages::NotFoundPage,
        session::use_session,
    },
    model::{AppError, Comment, Post, PostStatus, Role},
};

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let post = Resource::new(move || slug.get(), get_post);
    // The server renders signed out, so an author reloading their own draft gets "not found";
    // once the tab knows who is reading, ask once more with their token.
    let session = use_session();
    let asked_signed_in = StoredValue::new(None::<String>);
    Effect::new(move || {
        let signed_in = session.user.with(Option::is_some);
        let not_found = matches!(post.get(), Some(Err(AppError::NotFound)));
        let slug = slug.get();
        if signed_in && not_found && asked_signed_in.get_value().as_ref() != Some(&slug) {
            asked_signed_in.set_value(Some(slug));
            post.refetch();
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading the post…"</p> }>
            {move || Suspend::new(async move {
                match post.await {
                    Ok(post) => view! { <PostArticle post /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PostArticle(post: Post) -> impl IntoView {
    let session = use_session();
    let summary = post.summary.clone();
    let author = summary.author.username.clone();
    let may_edit = {
        let author = author.clone();
        move || {
            session.user.with(|user| {
                user.as_ref()
                    .is_some_and(|user| user.username == author || user.role == Role::Admin)
            })
        }
    };
    let edit_href = format!("/editor/{}", summary.slug);
    let description = if summary.description.is_empty() {
        format!("{} by {author}", summary.title)
    } else {
        summary.description.clone()
    };
    let published_iso = summary.published.as_ref().map(|moment| moment.iso.clone());
    let updated = (summary.published.as_ref().map(|moment| moment.millis)
        < Some(summary.updated.millis - 60_000))
    .then(|| summary.updated.clone())
    .filter(|_| summary.published.is_some());
    let draft = summary.status == PostStatus::Draft;
    view! {
        <Title text=summary.title.clone() />
        <Meta name="description" content=description.clone() />
        <Meta name="author" content=author.clone() />
        <Meta property="og:type" content="article" />
        <Meta property="og:title" content=summary.title.clone() />
        <Meta property="og:description" content=description />
        {published_iso.map(|iso| view! { <Meta property="article:published_time" content=iso /> })}
        {summary.tags.iter().map(|tag| view! { <Meta property="article:tag" content=tag.clone() /> }).collect_view()}
        <Link rel="canonical" href=format!("/post/{}", summary.slug) />
        <article class="post">
            <header class="post-header">
                {draft.then(|| view! { <p class="draft-badge">"Draft: only you can see this"</p> })}
                <h1>{summary.title.clone()}</h1>
                <PostByline post=summary.clone() />
                {updated.map(|moment| view! {
                    <p class="updated">"Updated " <time datetime=moment.iso>{moment.text}</time></p>
                })}
                <Show when=may_edit.clone()>
                    <p><A href=edit_href.clone() attr:class="button">"Edit this post"</A></p>
                </Show>
            </header>
            <div class="prose" inner_html=post.body_html></div>
            <footer class="post-footer">
                <TagLinks tags=summary.tags.clone() />
            </footer>
        </article>
        <Comments slug=summary.slug.clone() post_author=author published=!draft />
    }
}

#[component]
fn Comments(slug: String, post_author: String, published: bool) -> impl IntoView {
    let session = use_session();
    let comments = Resource::new(
        {
            let slug = slug.clone();
            move || slug.clone()
        },
        list_comments,
    );
    let body = RwSignal::new(String::new());
    keep_typed_comment(&slug, body);
    let error = RwSignal::new(None::<AppError>);
    let add =
        Action::new(|(slug, body): &(String, String)| add_comment(slug.clone(), body.clone()));
    let remove = Action::new(|(slug, id): &(String, i64)| delete_comment(slug.clone(), *id));
    Effect::new(move || match add.value().get() {
        Some(Ok(_)) => {
            body.set(String::new());
            comments.refetch();
        }
        Some(Err(failure)) => {
            session.check(&failure);
            error.set(Some(failure));
        }
        None => {}
    });
    Effect::new(move || match remove.value().get() {
        Some(Ok(())) => comments.refetch(),
        Some(Err(failure)) => {
            session.check(&failure);
            error.set(Some(failure));
        }
        None => {}
    });
    let submit = {
        let slug = slug.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            error.set(None);
            add.dispatch((slug.clone(), body.get_untracked()));
        }
    };
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
                        let list = comments.await.unwrap_or_default();
                        if list.is_empty() {
                            return view! { <p class="empty">"No comments yet."</p> }.into_any();
                        }
                        view! {
                            <ol class="comment-list">
                                {list.into_iter().map(|comment| {
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
                                                                    remove.dispatch((slug.clone(), id));
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
                        <button type="submit" disabled=move || add.pending().get()>
                            {move || if add.pending().get() { "Posting…" } else { "Post comment" }}
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
/// kept in localStorage (browser only) until it has been posted.
fn keep_typed_comment(slug: &str, body: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use crate::client::unsaved;
        let key = format!("blog.comment/{slug}");
        let restored = StoredValue::new(false);
        Effect::new(move || {
            let text = body.get();
            if !restored.get_value() {
                restored.set_value(true);
                if let Some(saved) = unsaved::load::<String>(&key).filter(|_| text.is_empty()) {
                    body.set(saved);
                    return;
                }
            }
            if text.trim().is_empty() {
                unsaved::forget(&key);
            } else {
                unsaved::store(&key, &text);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (slug, body);
}
