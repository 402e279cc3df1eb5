//! The reader's lists of published posts: everything (home), one tag, one author's posts and
//! favorites. Rendered completely on the server, so they read the same with JavaScript
//! turned off.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::{
    app::{
        SiteTitle,
        components::{FollowButton, PostList, TagCloud, page_in_query, profile_href, tag_href},
        forms::ErrorMessage,
        pages::NotFoundPage,
    },
    i18n::{page_locale, td_string},
    model::{
        AppError,
        routes::{param, query, subscribe_href},
    },
    server_fns::{PostListQuery, get_profile, list_posts, list_tags},
};

/// `?page=N`, from 1.
fn page_number() -> Memo<i64> {
    page_in_query(query::PAGE)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let SiteTitle(site_title) = expect_context::<SiteTitle>();
    let locale = page_locale();
    let page = page_number();
    let posts = Resource::new(
        move || page.get(),
        |page| {
            list_posts(PostListQuery {
                page,
                ..Default::default()
            })
        },
    );
    let tags = Resource::new(|| (), |_| list_tags());
    let newsletters = crate::app::site_info().newsletters;
    // The owner's description of the site, or a plain one.
    let description = use_context::<crate::model::SiteInfo>()
        .map(|site| site.description)
        .filter(|description| !description.is_empty())
        .unwrap_or_else(|| {
            td_string!(locale, lists.latest_on, site = site_title.clone()).to_string()
        });
    view! {
        <Title text="" />
        <Meta name="description" content=description.clone() />
        <Meta property="og:description" content=description />
        <Meta property="og:title" content=site_title.clone() />
        <Meta property="og:type" content="website" />
        <crate::app::seo::HomeSeo />
        <div class="home-layout">
            <section class="home" aria-labelledby="latest-heading">
                <h1 id="latest-heading">{td_string!(locale, lists.latest_posts)}</h1>
                {newsletters.then(|| view! {
                    <p class="subscribe-link"><a href=subscribe_href(None)>{td_string!(locale, newsletters.subscribe_link)}</a></p>
                })}
                <Suspense fallback=move || view! { <p>{td_string!(locale, lists.loading_posts)}</p> }>
                    {move || Suspend::new(async move {
                        match posts.await {
                            // A new site leads its first author to the editor (a visitor
                            // signs in on the way).
                            Ok(posts) if posts.total == 0 => view! {
                                <p class="empty">{td_string!(locale, lists.nothing_published)}</p>
                                <p><a class="button" href="/editor">{td_string!(locale, lists.write_first)}</a></p>
                            }
                            .into_any(),
                            Ok(posts) => {
                                // The tags come before the links to older pages.
                                let tags = tags.await.ok().map(|tags| view! { <TagCloud tags /> }.into_any());
                                view! {
                                    <PostList posts page=page.get_untracked() base="/".to_owned()
                                        empty=td_string!(locale, lists.nothing_published)
                                        before_pages=tags.unwrap_or_else(|| ().into_any()) />
                                }
                                .into_any()
                            }
                            Err(error) => view! { <ErrorMessage error /> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}

#[component]
pub fn TagPage() -> impl IntoView {
    let params = use_params_map();
    let tag = Memo::new(move |_| params.read().get(param::TAG).unwrap_or_default());
    let page = page_number();
    let locale = page_locale();
    let posts = Resource::new(
        move || (tag.get(), page.get()),
        |(tag, page)| {
            list_posts(PostListQuery {
                tag: Some(tag),
                page,
                ..Default::default()
            })
        },
    );
    view! {
        <section class="listing">
            <h1>{td_string!(locale, lists.tagged_before)}<span class="tag">{move || format!("#{}", tag.get())}</span>{td_string!(locale, lists.tagged_after)}</h1>
            <Suspense fallback=move || view! { <p>{td_string!(locale, lists.loading_posts)}</p> }>
                {move || Suspend::new(async move {
                    // The title and description are plain text, made with the page: the
                    // head is written after the body, when reactive values of the route may
                    // already be gone (a title read then panicked under load).
                    let name = tag.get_untracked();
                    let title = td_string!(locale, lists.tag_title, tag = name.clone()).to_string();
                    match posts.await {
                        Ok(posts) => view! {
                            <Title text=title.clone() />
                            <Meta name="description" content=title />
                            <crate::app::seo::TagSeo tag=name.clone() />
                            <PostList posts page=page.get_untracked() base=tag_href(&name)
                                empty=td_string!(locale, lists.no_tagged) />
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Which of a user's lists their profile page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProfileTab {
    /// `/profile/<name>`: what they published.
    Posts,
    /// `/profile/<name>/favorites`: what they favorited.
    Favorites,
}

impl ProfileTab {
    fn href(self, username: &str) -> String {
        match self {
            Self::Posts => profile_href(username),
            Self::Favorites => format!("{}/favorites", profile_href(username)),
        }
    }

    fn query(self, username: String, page: i64) -> PostListQuery {
        match self {
            Self::Posts => PostListQuery {
                author: Some(username),
                page,
                ..Default::default()
            },
            Self::Favorites => PostListQuery {
                favorited_by: Some(username),
                page,
                ..Default::default()
            },
        }
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    profile_page(ProfileTab::Posts)
}

#[component]
pub fn ProfileFavoritesPage() -> impl IntoView {
    profile_page(ProfileTab::Favorites)
}

/// The links between a profile's lists, the one shown marked as the current page.
fn profile_tabs(username: &str, shown: ProfileTab) -> impl IntoView + use<> {
    let locale = page_locale();
    let tab = move |tab: ProfileTab, label: &'static str| {
        let current = (tab == shown).then_some("page");
        view! { <a href=tab.href(username) aria-current=current>{label}</a> }
    };
    view! {
        <nav class="profile-tabs" aria-label=td_string!(locale, lists.profile_lists)>
            {tab(ProfileTab::Posts, td_string!(locale, lists.tab_posts))}
            {tab(ProfileTab::Favorites, td_string!(locale, lists.tab_favorites))}
        </nav>
    }
}

fn profile_page(tab: ProfileTab) -> impl IntoView {
    let params = use_params_map();
    let username = Memo::new(move |_| params.read().get(param::USERNAME).unwrap_or_default());
    let page = page_number();
    let profile = Resource::new(move || username.get(), get_profile);
    let newsletters = crate::app::site_info().newsletters;
    let locale = page_locale();
    let posts = Resource::new(
        move || (username.get(), page.get()),
        move |(username, page)| list_posts(tab.query(username, page)),
    );
    view! {
        <Suspense fallback=move || view! { <p>{td_string!(locale, lists.loading)}</p> }>
            {move || Suspend::new(async move {
                let profile = match profile.await {
                    Ok(profile) => profile,
                    Err(AppError::NotFound) => return view! { <NotFoundPage /> }.into_any(),
                    Err(error) => {
                        return view! { <ErrorMessage error /> }
                            .into_any();
                    }
                };
                let posts = posts.await;
                let name = profile.username.clone();
                let bio = profile.bio.clone();
                let image = profile.image.clone();
                let (title, empty) = match tab {
                    ProfileTab::Posts => (name.clone(), td_string!(locale, lists.no_posts_yet)),
                    ProfileTab::Favorites => (
                        td_string!(locale, lists.favorites_of, name = name.clone()).to_string(),
                        td_string!(locale, lists.no_favorites_yet),
                    ),
                };
                view! {
                    <Title text=title />
                    <Meta name="description" content=bio.clone().unwrap_or_else(|| td_string!(locale, lists.posts_by, name = name.clone()).to_string()) />
                    <Meta property="og:title" content=name.clone() />
                    <Meta property="og:type" content="profile" />
                    <crate::app::seo::ProfileSeo profile=profile.clone() path=tab.href(&name) />
                    <section class="listing profile">
                        <header class="profile-header">
                            {image.map(|src| view! { <img class="avatar" src=src alt="" width="64" height="64" /> })}
                            <div>
                                <h1>{name.clone()}</h1>
                                {bio.map(|bio| view! { <p class="bio">{bio}</p> })}
                                <FollowButton username=name.clone() />
                                {newsletters.then(|| view! {
                                    <p class="subscribe-link">
                                        <a href=subscribe_href(Some(&name))>
                                            {td_string!(locale, newsletters.subscribe_to_author_link, author = name.as_str()).to_string()}
                                        </a>
                                    </p>
                                })}
                            </div>
                        </header>
                        {profile_tabs(&name, tab)}
                        {match posts {
                            Ok(posts) => view! {
                                <PostList posts page=page.get_untracked() base=tab.href(&name) empty />
                            }
                            .into_any(),
                            Err(error) => view! { <ErrorMessage error /> }.into_any(),
                        }}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
