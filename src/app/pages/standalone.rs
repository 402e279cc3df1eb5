//! Standalone pages (About, Contact, Colophon): a reader's page at `/<slug>` (rendered
//! completely on the server, with no byline, comments or links to other posts), and the list
//! at `/pages` from which editors and admins open them in the editor or start a new one.
//! Navigation links to them are the site's settings; here they are only written and shown.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::{
    app::{
        forms::ErrorMessage,
        pages::NotFoundPage,
        session::{RequireUser, use_session},
    },
    i18n::{format_date, page_locale, td_string},
    model::{Action, AppError, Post, PostStatus, routes},
    server_fns::{get_page, list_pages},
};

/// `/<slug>`: the page, or the site's 404 for any other single-segment address.
#[component]
pub fn StandalonePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get(routes::param::SLUG).unwrap_or_default());
    let page = Resource::new(move || slug.get(), get_page);
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(page_locale(), post.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <PageArticle page /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PageArticle(page: Post) -> impl IntoView {
    let summary = page.summary;
    let locale = page_locale();
    let description = crate::app::seo::post_description(&summary);
    let draft = summary.status == PostStatus::Draft;
    view! {
        <Title text=summary.title.clone() />
        <Meta name="description" content=description.clone() />
        <Meta property="og:type" content="website" />
        <Meta property="og:title" content=summary.title.clone() />
        <Meta property="og:description" content=description />
        <article class="post standalone-page">
            <header class="post-header">
                {draft.then(|| view! { <p class="draft-badge">{td_string!(locale, post.draft_badge)}</p> })}
                <h1>{summary.title.clone()}</h1>
                <PageEditLink slug=summary.slug.clone() />
            </header>
            <div class="prose" inner_html=page.body_html></div>
        </article>
    }
}

/// "Edit this page", for those who write pages.
#[island(lazy)]
fn PageEditLink(slug: String) -> impl IntoView {
    let session = use_session();
    let href = routes::editor_href(&slug);
    let locale = page_locale();
    move || {
        may_write_pages(session).then(|| {
            view! { <p><a href=href.clone() class="button">{td_string!(locale, pages.edit)}</a></p> }
        })
    }
}

fn may_write_pages(session: crate::app::session::Session) -> bool {
    session.user.with(|user| {
        user.as_ref()
            .is_some_and(|user| user.role.may(Action::EditOthers))
    })
}

/// `/pages`: the site's standalone pages, drafts too, for those who write them.
#[component]
pub fn PagesPage() -> impl IntoView {
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, pages.title) />
        <div data-hydrate-now="">
            <PageList />
        </div>
    }
}

#[island(lazy)]
fn PageList() -> impl IntoView {
    let locale = page_locale();
    view! {
        <RequireUser here="/pages">
            <section class="drafts pages" aria-labelledby="pages-heading">
                <h1 id="pages-heading">{td_string!(locale, pages.title)}</h1>
                <p class="muted">{td_string!(locale, pages.intro)}</p>
                <p>
                    <a href=routes::NEW_PAGE_HREF class="button primary">{td_string!(locale, pages.new)}</a>
                </p>
                <Pages />
            </section>
        </RequireUser>
    }
}

#[component]
fn Pages() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let pages = LocalResource::new(list_pages);
    move || {
        pages
            .get()
            .map(|result| match result {
                Ok(pages) if pages.is_empty() => {
                    view! { <p class="empty">{td_string!(locale, pages.empty)}</p> }.into_any()
                }
                Ok(pages) => view! {
                    <ul class="draft-list page-list">
                        {pages.into_iter().map(|page| {
                            let published = page.status == PostStatus::Published;
                            view! {
                                <li>
                                    <a href=routes::editor_href(&page.slug)>{page.title}</a>
                                    <span class="muted">
                                        {if published {
                                            td_string!(locale, pages.published)
                                        } else {
                                            td_string!(locale, pages.draft)
                                        }}
                                        " · "
                                        <time datetime=page.updated.iso>
                                            {format_date(locale, page.updated.millis)}
                                        </time>
                                    </span>
                                    {published.then(|| {
                                        let href = routes::page_href(&page.slug);
                                        let shown = href.clone();
                                        view! { <a href=href class="page-address">{shown}</a> }
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => {
                    session.check(&error);
                    view! { <ErrorMessage error /> }.into_any()
                }
            })
            .unwrap_or_else(|| view! { <p>{td_string!(locale, pages.loading)}</p> }.into_any())
    }
}
