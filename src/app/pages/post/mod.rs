//! A post as readers see it: the stored HTML, its tags, author and dates, and the
//! conversation under it. Rendered completely on the server, signed out (a draft is "not
//! found" here; its author reads it in the editor's preview). Islands let signed-in readers
//! comment, and those allowed delete comments or edit the post.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

mod comments;

use comments::Comments;

use crate::{
    api::get_post,
    app::{
        components::{PostByline, TagLinks},
        pages::NotFoundPage,
        session::use_session,
    },
    model::{AppError, Post, PostStatus, Role},
};

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let post = Resource::new(move || slug.get(), get_post);
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
    let summary = post.summary.clone();
    let author = summary.author.username.clone();
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
                <EditLink slug=summary.slug.clone() author=author.clone() />
            </header>
            <div class="prose" inner_html=post.body_html></div>
            <footer class="post-footer">
                <TagLinks tags=summary.tags.clone() />
            </footer>
        </article>
        <Comments slug=summary.slug.clone() post_author=author published=!draft />
    }
}

/// "Edit this post", for its author and admins.
#[island(lazy)]
fn EditLink(slug: String, author: String) -> impl IntoView {
    let session = use_session();
    let may_edit = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.username == author || user.role == Role::Admin)
        })
    };
    let href = format!("/editor/{slug}");
    move || {
        may_edit().then(|| {
            view! { <p><a href=href.clone() class="button">"Edit this post"</a></p> }
        })
    }
}
