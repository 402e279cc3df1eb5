//! `/search?q=…`: published posts matching a query, best first, with the matches marked.
//! The server renders the results, so the page works without JavaScript (the form is a plain
//! GET); once the island wakes, results follow the typing and the address follows the query.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::{
    app::{
        components::{PostByline, TagLinks, page_in_query},
        forms::Alert,
        session::show_address,
    },
    i18n::{page_locale, td_string},
    model::{SearchHit, SearchResults, TextPart, routes::post_href},
    server_fns::search_posts,
};

/// How long typing must pause before the results are asked for.
const PAUSE: std::time::Duration = std::time::Duration::from_millis(200);

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let text = query.read_untracked().get("q").unwrap_or_default();
    let page = page_in_query(crate::model::routes::query::PAGE).get_untracked();
    let asked = text.clone();
    let locale = page_locale();
    let results = Resource::new(
        || (),
        move |_| {
            let asked = asked.clone();
            async move {
                if asked.trim().is_empty() {
                    return Ok(None);
                }
                search_posts(asked, page)
                    .await
                    .map(Some)
                    .map_err(|error| refusal(&error, locale))
            }
        },
    );
    view! {
        <Title text=if text.trim().is_empty() {
            td_string!(locale, search.heading).to_owned()
        } else {
            td_string!(locale, search.title_for, query = text.clone()).to_string()
        } />
        <Meta name="robots" content="noindex" />
        <section class="search" aria-labelledby="search-heading">
            <h1 id="search-heading">{td_string!(locale, search.heading)}</h1>
            <Suspense fallback=move || view! { <p>{td_string!(locale, search.searching)}</p> }>
                {move || {
                    let text = text.clone();
                    Suspend::new(async move {
                        let found = results.await;
                        view! { <SearchBox text found page /> }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The search form and its results. Signed-out readers and readers without JavaScript get
/// the server's rendering; once woken, results follow the typing.
#[island(lazy)]
fn SearchBox(
    text: String,
    found: Result<Option<SearchResults>, String>,
    page: i64,
) -> impl IntoView {
    let locale = page_locale();
    let typed = RwSignal::new(text.clone());
    let initial = text.clone();
    let shown = RwSignal::new((text, page, found));
    // Only the answer to the latest question is shown.
    let generation = StoredValue::new(0u64);
    let on_input = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        typed.set(text.clone());
        let current = generation.get_value() + 1;
        generation.set_value(current);
        set_timeout(
            move || {
                if generation.get_value() != current {
                    return;
                }
                show_address(&search_href(&text, 1));
                if text.trim().is_empty() {
                    shown.set((text, 1, Ok(None)));
                    return;
                }
                leptos::task::spawn_local(async move {
                    let answer = search_posts(text.clone(), 1).await;
                    if generation.get_value() == current {
                        shown.set((
                            text,
                            1,
                            answer.map(Some).map_err(|error| refusal(&error, locale)),
                        ));
                    }
                });
            },
            PAUSE,
        );
    };
    view! {
        <form class="search-form" method="get" action="/search" role="search">
            <label for="search-query" class="visually-hidden">{td_string!(locale, search.label)}</label>
            <input id="search-query" type="search" name="q" maxlength="200"
                placeholder=td_string!(locale, search.label) autocomplete="off"
                value=initial prop:value=move || typed.get() on:input=on_input />
            <button type="submit">{td_string!(locale, search.button)}</button>
        </form>
        <div class="search-results" aria-live="polite">
            {move || {
                let (text, page, found) = shown.get();
                view! { <Results text page found /> }
            }}
        </div>
    }
}

#[component]
fn Results(text: String, page: i64, found: Result<Option<SearchResults>, String>) -> impl IntoView {
    let locale = page_locale();
    let results = match found {
        Ok(Some(results)) => results,
        Ok(None) => {
            return view! { <p class="empty">{td_string!(locale, search.prompt)}</p> }.into_any();
        }
        Err(error) => return view! { <Alert message=error /> }.into_any(),
    };
    if results.hits.is_empty() {
        return view! { <p class="empty">{td_string!(locale, search.nothing, query = text.clone()).to_string()}</p> }.into_any();
    }
    let per_page = results.per_page.max(1);
    let last_page = (results.total + per_page - 1) / per_page;
    let newer = (page > 1).then(|| search_href(&text, page - 1));
    let older = (page < last_page).then(|| search_href(&text, page + 1));
    let count = match results.total {
        1 => td_string!(locale, search.one_found).to_string(),
        total => td_string!(locale, search.found, count = total).to_string(),
    };
    view! {
        <p class="result-count">{count}</p>
        <ol class="post-list search-hits">
            {results.hits.into_iter().map(|hit| view! { <li><Hit hit /></li> }).collect_view()}
        </ol>
        {(newer.is_some() || older.is_some()).then(|| view! {
            <nav class="pagination" aria-label=td_string!(locale, lists.pages)>
                {newer.map(|href| view! { <a href=href rel="prev">{td_string!(locale, search.better)}</a> })}
                <span class="page-count">{td_string!(locale, lists.page_of, page = page, pages = last_page.max(1)).to_string()}</span>
                {older.map(|href| view! { <a href=href rel="next">{td_string!(locale, search.more)}</a> })}
            </nav>
        })}
    }
    .into_any()
}

#[component]
fn Hit(hit: SearchHit) -> impl IntoView {
    let href = post_href(&hit.post.slug);
    let tags = hit.post.tags.clone();
    view! {
        <article class="post-card search-hit">
            <h2><a href=href><Marked parts=hit.title /></a></h2>
            <p class="excerpt"><Marked parts=hit.excerpt /></p>
            <PostByline post=hit.post />
            <TagLinks tags />
        </article>
    }
}

/// Text with the parts that match the query in `<mark>`.
#[component]
fn Marked(parts: Vec<TextPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| match part.marked {
            true => view! { <mark>{part.text}</mark> }.into_any(),
            false => part.text.into_any(),
        })
        .collect_view()
}

fn search_href(text: &str, page: i64) -> String {
    let query = crate::model::routes::query_value(text.trim());
    match page {
        1 => format!("/search?q={query}"),
        page => format!("/search?q={query}&page={page}"),
    }
}

/// Why a search was refused, about the words typed when it is about them.
fn refusal(error: &crate::model::AppError, locale: crate::i18n::Locale) -> String {
    use crate::app::errors::{describe, with_label};
    match error.for_field("query") {
        Some(message) => with_label(td_string!(locale, search.terms), &message, locale),
        None => describe(error, locale),
    }
}
