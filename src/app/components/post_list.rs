//! A page of posts as a list of cards, with links to the pages before and after. Plain links
//! (every navigation is a page load), so an island can show a list too (the following feed).

use leptos::prelude::*;

use super::{FavoriteButton, profile_href, tag_href};
use crate::{
    i18n::{format_date, page_locale, td_string},
    model::{PostPage, PostSummary},
};

/// One page of posts. `page` counts from 1; `base` is the list's own address, to which the
/// pagination links add `?page=N`. `before_pages` (the home page's tags) comes after the
/// posts and before the links to other pages, so a reader on a phone meets it first.
#[component]
pub fn PostList(
    posts: PostPage,
    page: i64,
    base: String,
    #[prop(into)] empty: String,
    #[prop(optional)] before_pages: Option<AnyView>,
) -> impl IntoView {
    let locale = page_locale();
    let per_page = posts.per_page.max(1);
    let last_page = (posts.total + per_page - 1) / per_page;
    let older = (page < last_page).then(|| format!("{base}?page={}", page + 1));
    let newer = (page > 1).then(|| {
        if page == 2 {
            base.clone()
        } else {
            format!("{base}?page={}", page - 1)
        }
    });
    if posts.posts.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <ol class="post-list">
            {posts
                .posts
                .into_iter()
                .map(|post| view! { <li><PostCard post /></li> })
                .collect_view()}
        </ol>
        {before_pages}
        // Only when there is another page: "Page 1 of 1" says nothing.
        {(newer.is_some() || older.is_some()).then(|| view! {
            <nav class="pagination" aria-label=td_string!(locale, lists.pages)>
                // Plain links: the router's <A> compares paths only and would mark both as the
                // current page.
                {newer.map(|href| view! { <a href=href rel="prev">{td_string!(locale, lists.newer)}</a> })}
                <span class="page-count">{td_string!(locale, lists.page_of, page = page, pages = last_page.max(1)).to_string()}</span>
                {older.map(|href| view! { <a href=href rel="next">{td_string!(locale, lists.older)}</a> })}
            </nav>
        })}
    }
    .into_any()
}

#[component]
fn PostCard(post: PostSummary) -> impl IntoView {
    let href = crate::model::routes::post_href(&post.slug);
    let description = (!post.description.is_empty()).then(|| {
        let description = post.description.clone();
        view! { <p class="post-description">{description}</p> }
    });
    let title = post.title.clone();
    view! {
        <article class="post-card">
            <h2><a href=href>{title}</a></h2>
            {description}
            <PostByline post=post.clone() />
            <div class="card-footer">
                <TagLinks tags=post.tags />
                <FavoriteButton slug=post.slug count=post.favorites_count />
            </div>
        </article>
    }
}

/// Author, date and reading time.
#[component]
pub fn PostByline(post: PostSummary) -> impl IntoView {
    let date = post.published.clone().unwrap_or(post.created.clone());
    let minutes = post.reading_minutes;
    let locale = page_locale();
    view! {
        <p class="byline">
            <a href=profile_href(&post.author.username) class="author">
                {post.author.username.clone()}
            </a>
            " · "
            <time datetime=date.iso>{format_date(locale, date.millis)}</time>
            " · "
            <span class="reading-time">{td_string!(locale, lists.min_read, minutes = minutes).to_string()}</span>
        </p>
    }
}

#[component]
pub fn TagLinks(tags: Vec<String>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="tags" aria-label=td_string!(page_locale(), lists.tags)>
                {tags
                    .into_iter()
                    .map(|tag| {
                        let href = tag_href(&tag);
                        view! { <li><a href=href class="tag">{format!("#{tag}")}</a></li> }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
