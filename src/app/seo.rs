//! What search engines, feed readers and link previews read in a page's head: the feeds
//! (`<link rel="alternate">`), the canonical address, Twitter card tags beside the pages'
//! OpenGraph ones, and JSON-LD (`BlogPosting` for a post, `Person` for an author). Each
//! reader page adds one of these components; every address here is absolute, from
//! `server.public_url` ([`PublicUrl`], which the router provides).
//!
//! JSON-LD sits in `<script type="application/ld+json">` in the body, which browsers never
//! run (the CSP's hashes list it like any inline script, harmlessly). Its text is not
//! HTML-escaped, so `<`, `>` and `&` are written as JSON escapes: a title holding
//! `</script>` stays text.

use leptos::prelude::*;
use leptos_meta::{Link, Meta};
use leptos_router::hooks::use_query_map;
use serde_json::{Value, json};

use crate::{
    app::{
        SiteTitle,
        components::{profile_href, tag_href},
    },
    i18n::{page_locale, td_string},
    model::{Post, PostSummary, Profile, routes},
};

/// The address readers use, without a trailing slash: `server.public_url`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicUrl(pub String);

/// `path` (`/post/x`) as an absolute address.
fn absolute(path: &str) -> String {
    let PublicUrl(base) = use_context::<PublicUrl>().unwrap_or_default();
    format!("{base}{path}")
}

fn site_title() -> String {
    use_context::<SiteTitle>()
        .map(|SiteTitle(title)| title)
        .unwrap_or_default()
}

/// An image's address as a preview needs it: absolute, or none.
fn absolute_image(src: &str) -> Option<String> {
    if src.starts_with("https://") || src.starts_with("http://") {
        Some(src.to_owned())
    } else if src.starts_with('/') && !src.starts_with("//") {
        Some(absolute(src))
    } else {
        None
    }
}

/// The page's own address: `path`, and `?page=N` past the first page of a list.
fn canonical(path: &str) -> String {
    let page = use_query_map()
        .with_untracked(|query| routes::page_number(query.get_str(routes::query::PAGE)));
    if page > 1 {
        absolute(&format!("{path}?{}={page}", routes::query::PAGE))
    } else {
        absolute(path)
    }
}

// Each page-level component erases its view's type (`into_any`): the pages' own view types
// are deep already, and the compiler's query depth is limited.

/// The site's feeds, on every page.
#[component]
pub fn SiteFeeds() -> impl IntoView {
    view! { <FeedLinks under=String::new() title=site_title() /> }.into_any()
}

/// The three feeds of the list at `under` (empty: the whole blog).
#[component]
fn FeedLinks(under: String, title: String) -> impl IntoView {
    let feeds = [
        ("application/atom+xml", "atom.xml", "Atom"),
        ("application/rss+xml", "rss.xml", "RSS"),
        ("application/feed+json", "feed.json", "JSON Feed"),
    ];
    feeds
        .into_iter()
        .map(|(kind, file, format)| {
            view! {
                <Link rel="alternate" type_=kind title=format!("{title} ({format})")
                    href=absolute(&format!("{under}/{file}")) />
            }
        })
        .collect_view()
}

/// The canonical address and its OpenGraph twin.
#[component]
fn Canonical(href: String) -> impl IntoView {
    view! {
        <Link rel="canonical" href=href.clone() />
        <Meta property="og:url" content=href />
    }
}

/// A Twitter card: a large image when there is one.
#[component]
fn TwitterCard(title: String, description: String, image: Option<String>) -> impl IntoView {
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    view! {
        <Meta name="twitter:card" content=card />
        <Meta name="twitter:title" content=title />
        <Meta name="twitter:description" content=description />
        {image.map(|image| view! {
            <Meta name="twitter:image" content=image.clone() />
            <Meta property="og:image" content=image />
        })}
    }
}

/// Structured data, escaped so that no text in it can end the script element. It stays
/// where the page puts it, in the body (search engines read it anywhere): leptos_meta's
/// `<Script>` would move it to the head with a fresh random nonce, which this CSP does not
/// use and which would make every render of a cached page differ.
#[component]
fn JsonLd(data: Value) -> impl IntoView {
    view! { <script type="application/ld+json" inner_html=script_safe_json(&data)></script> }
}

/// JSON whose text holds no `<`, `>` or `&`: those only occur inside strings, where the
/// `\u` escapes mean the same to a JSON parser.
pub fn script_safe_json(data: &Value) -> String {
    data.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The home page (`/`).
#[component]
pub fn HomeSeo() -> impl IntoView {
    let title = site_title();
    let description = td_string!(page_locale(), lists.latest_on, site = title.clone()).to_string();
    view! {
        <Canonical href=canonical("/") />
        <TwitterCard title description image=None />
    }
    .into_any()
}

/// A tag's page: its address and its feeds.
#[component]
pub fn TagSeo(tag: String) -> impl IntoView {
    let path = tag_href(&tag);
    let title = td_string!(page_locale(), lists.tag_title, tag = tag.clone()).to_string();
    view! {
        <Canonical href=canonical(&path) />
        <FeedLinks under=path title=format!("{title} · {}", site_title()) />
        <TwitterCard title=title.clone() description=title image=None />
    }
    .into_any()
}

/// An author's page at `path` (their posts or another of their lists): its address, their
/// feeds, a card and a `Person`.
#[component]
pub fn ProfileSeo(profile: Profile, path: String) -> impl IntoView {
    let feeds_under = profile_href(&profile.username);
    let url = absolute(&feeds_under);
    let name = profile.username.clone();
    let description = profile
        .bio
        .clone()
        .filter(|bio| !bio.is_empty())
        .unwrap_or_else(|| {
            td_string!(page_locale(), lists.posts_by, name = name.clone()).to_string()
        });
    let image = profile.image.as_deref().and_then(absolute_image);
    let mut person = json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": name,
        "url": url,
        "description": description,
    });
    if let Some(image) = &image {
        person["image"] = json!(image);
    }
    view! {
        <Canonical href=canonical(&path) />
        <FeedLinks under=feeds_under title=format!("{name} · {}", site_title()) />
        <TwitterCard title=name.clone() description image />
        <JsonLd data=person />
    }
    .into_any()
}

/// A post's page: its address, a card and a `BlogPosting`.
#[component]
pub fn PostSeo(post: Post) -> impl IntoView {
    let summary = &post.summary;
    let url = absolute(&crate::model::routes::post_href(&summary.slug));
    let author = &summary.author.username;
    let description = post_description(summary);
    let image = post.cover_image.as_deref().and_then(absolute_image);
    let mut posting = json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": summary.title,
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "dateModified": summary.updated.iso,
        "author": {
            "@type": "Person",
            "name": author,
            "url": absolute(&profile_href(author)),
        },
        "publisher": { "@type": "Organization", "name": site_title() },
        "keywords": summary.tags,
    });
    if let Some(published) = &summary.published {
        posting["datePublished"] = json!(published.iso);
    }
    if let Some(image) = &image {
        posting["image"] = json!(image);
    }
    view! {
        <Canonical href=url />
        <TwitterCard title=summary.title.clone() description image />
        <JsonLd data=posting />
    }
    .into_any()
}

/// What a post is about, for its page's description and cards: the author's description, or
/// "<title> by <author>" in the page's language.
pub fn post_description(summary: &PostSummary) -> String {
    if summary.description.is_empty() {
        let locale = crate::i18n::page_locale();
        crate::i18n::td_string!(
            locale,
            post.title_by,
            title = summary.title.clone(),
            author = summary.author.username.clone()
        )
        .to_string()
    } else {
        summary.description.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_for_a_script_cannot_close_it() {
        let data = json!({ "headline": "</script><script>alert(1)</script> & <!--" });
        let text = script_safe_json(&data);
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), data);
    }
}
