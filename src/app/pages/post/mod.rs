//! A post as readers see it: the stored HTML, its tags, author and dates, and the
//! conversation under it. Rendered completely on the server, signed out (a draft is "not
//! found" here; its author reads it in the editor's preview). Islands let signed-in readers
//! favorite the post and comment, and those allowed delete comments or edit the post.
//! Around it (`reading`): its table of contents, and the posts before, after and related.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

mod comments;
mod reading;

use comments::Comments;
use reading::{MorePosts, TableOfContents};

use crate::{
    app::{
        components::{FavoriteButton, PostByline, TagLinks},
        forms::ErrorMessage,
        pages::NotFoundPage,
        session::use_session,
    },
    i18n::{format_date, page_locale, td_string},
    model::{AppError, Post, PostNeighbours, PostStatus, Role},
    server_fns::{get_post, posts_around},
};

#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| {
        params
            .read()
            .get(crate::model::routes::param::SLUG)
            .unwrap_or_default()
    });
    let post = Resource::new(move || slug.get(), get_post);
    let neighbours = Resource::new(move || slug.get(), posts_around);
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(page_locale(), post.loading)}</p> }>
            {move || Suspend::new(async move {
                match post.await {
                    Ok(post) => {
                        let neighbours = neighbours.await.unwrap_or_default();
                        view! { <PostArticle post neighbours /> }.into_any()
                    }
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PostArticle(post: Post, neighbours: PostNeighbours) -> impl IntoView {
    let summary = post.summary.clone();
    let author = summary.author.username.clone();
    let locale = page_locale();
    let description = crate::app::seo::post_description(&summary);
    let published_iso = summary.published.as_ref().map(|moment| moment.iso.clone());
    let updated = (summary.published.as_ref().map(|moment| moment.millis)
        < Some(summary.updated.millis - 60_000))
    .then(|| summary.updated.clone())
    .filter(|_| summary.published.is_some());
    let draft = summary.status == PostStatus::Draft;
    // A view of its own: one type for the whole page would be too deep for the compiler.
    let article = view! {
        <article class="post">
            <header class="post-header">
                {draft.then(|| view! { <p class="draft-badge">{td_string!(locale, post.draft_badge)}</p> })}
                <h1>{summary.title.clone()}</h1>
                <PostByline post=summary.clone() />
                {updated.map(|moment| view! {
                    <p class="updated">{td_string!(locale, post.updated)}" "<time datetime=moment.iso>{format_date(locale, moment.millis)}</time></p>
                })}
                <div class="post-actions">
                    {(!draft).then(|| view! {
                        <FavoriteButton slug=summary.slug.clone() count=summary.favorites_count />
                    })}
                    <EditLink slug=summary.slug.clone() author=author.clone() />
                </div>
            </header>
            <TableOfContents outline=post.outline.clone() />
            <div class="prose" inner_html=post.body_html.clone()></div>
            <footer class="post-footer">
                <TagLinks tags=summary.tags.clone() />
            </footer>
        </article>
        <MorePosts neighbours />
    }
    .into_any();
    view! {
        <Title text=summary.title.clone() />
        <Meta name="description" content=description.clone() />
        <Meta name="author" content=author.clone() />
        <Meta property="og:type" content="article" />
        <Meta property="og:title" content=summary.title.clone() />
        <Meta property="og:description" content=description />
        {published_iso.map(|iso| view! { <Meta property="article:published_time" content=iso /> })}
        {summary.tags.iter().map(|tag| view! { <Meta property="article:tag" content=tag.clone() /> }).collect_view()}
        <crate::app::seo::PostSeo post=post.clone() />
        {article}
        <Comments slug=summary.slug.clone() post_author=author published=!draft
            closed=post.comments_closed />
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
    let href = crate::model::routes::editor_href(&slug);
    let locale = page_locale();
    move || {
        may_edit().then(|| {
            view! { <p><a href=href.clone() class="button">{td_string!(locale, post.edit)}</a></p> }
        })
    }
}
