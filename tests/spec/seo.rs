//! What search engines and link previews read: `/robots.txt`, the sitemap (an index over
//! pages of posts, tags and authors, each address with its last change), and in every
//! reader page's head the feeds, a canonical address, Twitter card tags and JSON-LD.

use std::time::Duration;

use axum::http::StatusCode;
use blog::server::{accounts::AccountChanges, content::posts::Scope};
use quick_xml::{Reader, events::Event};
use serde_json::Value;

use crate::common::*;

const SITE: &str = "https://blog.example";

async fn app() -> TestApp {
    TestApp::with_settings(|s| s.server.public_url = SITE.into()).await
}

/// The text of every `<name>` in an XML document, which must be well formed.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut texts = Vec::new();
    let mut inside: Option<String> = None;
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("{e}: {xml}")) {
            Event::Start(start) if start.name().as_ref() == name => inside = Some(String::new()),
            Event::Text(text) => {
                if let Some(inside) = &mut inside {
                    inside.push_str(&text.xml10_content());
                }
            }
            Event::End(_) => texts.extend(inside.take()),
            Event::Eof => break,
            _ => {}
        }
    }
    texts
}

/// Each `<url>` of a sitemap page as (address, last change).
async fn sitemap_page(app: &TestApp, uri: &str) -> Vec<(String, String)> {
    let reply = app.get(uri).await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    let text = reply.text();
    assert!(text.contains(r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#));
    let locations = xml_texts(text, "loc");
    let dates = xml_texts(text, "lastmod");
    assert_eq!(
        locations.len(),
        dates.len(),
        "every address has its lastmod"
    );
    locations.into_iter().zip(dates).collect()
}

fn rfc3339(millis: i64) -> String {
    jiff::Timestamp::from_millisecond(millis)
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[tokio::test]
async fn the_sitemap_lists_every_public_address_with_its_last_change() {
    let app = app().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    app.user("reader").await;
    let first = app.publish(&alice, "First", "Body.", &["rust"]).await;
    app.advance(Duration::from_secs(60));
    let second = app
        .publish(&bob, "Second", "Body.", &["rust", "web dev"])
        .await;
    app.write_draft(&alice, "Draft", "Body.", &["secret"]).await;

    let index = app.get("/sitemap.xml").await;
    index.assert_status(StatusCode::OK);
    assert!(index.text().contains("<sitemapindex"));
    assert_eq!(
        xml_texts(index.text(), "loc"),
        [
            format!("{SITE}/sitemaps/posts-1.xml"),
            format!("{SITE}/sitemaps/tags-1.xml"),
            format!("{SITE}/sitemaps/authors-1.xml"),
        ]
    );

    let published = |post: &blog::model::Post| post.summary.published.as_ref().unwrap().millis;
    assert_eq!(
        sitemap_page(&app, "/sitemaps/posts-1.xml").await,
        [
            (format!("{SITE}/"), rfc3339(published(&second))),
            (
                format!("{SITE}/post/first"),
                rfc3339(first.summary.updated.millis)
            ),
            (
                format!("{SITE}/post/second"),
                rfc3339(second.summary.updated.millis)
            ),
        ]
    );
    assert_eq!(
        sitemap_page(&app, "/sitemaps/tags-1.xml").await,
        [
            (format!("{SITE}/tag/rust"), rfc3339(published(&second))),
            (format!("{SITE}/tag/web%20dev"), rfc3339(published(&second))),
        ]
    );
    assert_eq!(
        sitemap_page(&app, "/sitemaps/authors-1.xml").await,
        [
            (format!("{SITE}/profile/alice"), rfc3339(published(&first))),
            (format!("{SITE}/profile/bob"), rfc3339(published(&second))),
        ]
    );
    for missing in [
        "/sitemaps/posts-2.xml",
        "/sitemaps/posts-0.xml",
        "/sitemaps/drafts-1.xml",
        "/sitemaps/posts.xml",
    ] {
        app.get(missing).await.assert_status(StatusCode::NOT_FOUND);
    }

    // A new post is in the sitemap at once; an unpublished one leaves it.
    app.advance(Duration::from_secs(60));
    app.publish(&alice, "Third", "Body.", &[]).await;
    let changes = blog::server::content::posts::PostChanges {
        publication: Some(blog::model::Publication::Draft),
        ..Default::default()
    };
    app.state
        .posts
        .update(bob.id, "second", Scope::WithDrafts, changes)
        .await
        .unwrap();
    let addresses: Vec<String> = sitemap_page(&app, "/sitemaps/posts-1.xml")
        .await
        .into_iter()
        .map(|(address, _)| address)
        .collect();
    assert_eq!(
        addresses,
        [
            format!("{SITE}/"),
            format!("{SITE}/post/first"),
            format!("{SITE}/post/third")
        ]
    );
}

#[tokio::test]
async fn robots_txt_keeps_crawlers_to_the_readers_pages_and_names_the_sitemap() {
    let app = app().await;
    let reply = app.get("/robots.txt").await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    let lines: Vec<&str> = reply.text().lines().collect();
    assert_eq!(lines[0], "User-agent: *");
    assert!(lines.contains(&"Allow: /"));
    for path in [
        "/editor",
        "/drafts",
        "/settings",
        "/account",
        "/api",
        "/rpc",
    ] {
        assert!(
            lines.contains(&format!("Disallow: {path}").as_str()),
            "{path}"
        );
    }
    for reader_page in ["/post", "/tag", "/profile"] {
        assert!(
            !lines.iter().any(|line| line.starts_with("Disallow")
                && reader_page.starts_with(line.trim_start_matches("Disallow: "))),
            "{reader_page}"
        );
    }
    assert!(lines.contains(&format!("Sitemap: {SITE}/sitemap.xml").as_str()));
}

/// The `href` of each feed the page's head names.
fn feed_links(page: &Page) -> Vec<String> {
    [
        "application/atom+xml",
        "application/rss+xml",
        "application/feed+json",
    ]
    .into_iter()
    .flat_map(|kind| page.links(&format!("head link[rel='alternate'][type='{kind}']")))
    .map(|link| link.href)
    .collect()
}

fn canonical(page: &Page) -> Option<String> {
    page.attr("head link[rel='canonical']", "href")
}

/// The text of every `<script>` of the page of this type (`None`: of any other).
fn scripts(page: &Page, kind: Option<&str>) -> Vec<String> {
    let document = scraper::Html::parse_document(&page.html());
    let selector = scraper::Selector::parse("script").unwrap();
    document
        .select(&selector)
        .filter(|script| match kind {
            Some(kind) => script.attr("type") == Some(kind),
            None => script.attr("type") != Some("application/ld+json"),
        })
        .map(|script| script.text().collect())
        .collect()
}

/// The page's JSON-LD, parsed.
fn json_ld(page: &Page) -> Value {
    let scripts = scripts(page, Some("application/ld+json"));
    assert_eq!(scripts.len(), 1, "one JSON-LD script: {scripts:?}");
    serde_json::from_str(&scripts[0]).unwrap_or_else(|e| panic!("{e}: {}", scripts[0]))
}

#[tokio::test]
async fn every_reader_page_names_its_feeds_and_its_canonical_address() {
    let app = app().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Hello", "Body.", &["web dev"]).await;
    let site_feeds = [
        format!("{SITE}/atom.xml"),
        format!("{SITE}/rss.xml"),
        format!("{SITE}/feed.json"),
    ];
    let pages = [
        ("/", format!("{SITE}/"), vec![]),
        ("/?page=2", format!("{SITE}/?page=2"), vec![]),
        (
            "/tag/web%20dev",
            format!("{SITE}/tag/web%20dev"),
            vec![format!("{SITE}/tag/web%20dev/atom.xml")],
        ),
        (
            "/profile/alice",
            format!("{SITE}/profile/alice"),
            vec![format!("{SITE}/profile/alice/atom.xml")],
        ),
        ("/post/hello", format!("{SITE}/post/hello"), vec![]),
    ];
    for (uri, own_address, own_feeds) in pages {
        let page = app.page(uri).await;
        assert_eq!(canonical(&page).as_ref(), Some(&own_address), "{uri}");
        assert_eq!(page.meta("og:url").as_ref(), Some(&own_address), "{uri}");
        let feeds = feed_links(&page);
        for feed in site_feeds.iter().chain(&own_feeds) {
            assert!(feeds.contains(feed), "{uri}: {feed} in {feeds:?}");
        }
        assert!(page.meta("twitter:card").is_some(), "{uri}");
        assert!(page.meta("twitter:title").is_some(), "{uri}");
    }
    // The feeds named are there.
    for feed in [
        "/tag/web%20dev/rss.xml",
        "/profile/alice/feed.json",
        "/atom.xml",
    ] {
        app.get(feed).await.assert_status(StatusCode::OK);
    }
    // Pages of the signed-in part name the site's feeds too.
    let signin = app.page("/signin").await;
    assert!(feed_links(&signin).contains(&site_feeds[0]));
}

#[tokio::test]
async fn a_post_page_describes_the_post_as_json_ld_and_a_twitter_card() {
    let app = app().await;
    let alice = app.user("alice").await;
    let title = "Closing </script ><script>alert(1)</script> & more";
    let post = app
        .publish(
            &alice,
            title,
            "Look: ![a chart](/images/chart.png)",
            &["rust"],
        )
        .await;
    let slug = post.summary.slug.clone();

    let page = app.page(&format!("/post/{slug}")).await;
    let data = json_ld(&page);
    assert_eq!(data["@context"], "https://schema.org");
    assert_eq!(data["@type"], "BlogPosting");
    assert_eq!(data["headline"], title, "the title stays text");
    assert_eq!(data["url"], format!("{SITE}/post/{slug}"));
    assert_eq!(data["description"], format!("All about {title}"));
    assert_eq!(
        data["datePublished"],
        post.summary.published.as_ref().unwrap().iso
    );
    assert_eq!(data["author"]["@type"], "Person");
    assert_eq!(data["author"]["name"], "alice");
    assert_eq!(data["author"]["url"], format!("{SITE}/profile/alice"));
    assert_eq!(data["image"], format!("{SITE}/images/chart.png"));
    for script in scripts(&page, None) {
        assert!(
            !script.contains("alert(1)"),
            "a script from the title: {script}"
        );
    }

    for (key, content) in [
        ("twitter:card", "summary_large_image".to_owned()),
        ("twitter:title", title.to_owned()),
        ("twitter:description", format!("All about {title}")),
        ("twitter:image", format!("{SITE}/images/chart.png")),
        ("og:image", format!("{SITE}/images/chart.png")),
    ] {
        assert_eq!(page.meta(key).as_ref(), Some(&content), "{key}");
    }
    // Served again from the reader page cache, the same head.
    let again = app.page(&format!("/post/{slug}")).await;
    assert_eq!(json_ld(&again), data);
}

#[tokio::test]
async fn an_authors_page_describes_them_as_a_person() {
    let app = app().await;
    let alice = app.user("alice").await;
    app.user("bob").await;
    let details = AccountChanges {
        bio: Some(Some("Writes about <Rust>".into())),
        image: Some(Some("https://images.example/alice.png".into())),
        ..Default::default()
    };
    app.state
        .accounts
        .update(alice.id, details, blog::i18n::Locale::en)
        .await
        .unwrap();

    let page = app.page("/profile/alice").await;
    let data = json_ld(&page);
    assert_eq!(data["@type"], "Person");
    assert_eq!(data["name"], "alice");
    assert_eq!(data["url"], format!("{SITE}/profile/alice"));
    assert_eq!(data["description"], "Writes about <Rust>");
    assert_eq!(data["image"], "https://images.example/alice.png");
    assert_eq!(
        page.meta("twitter:image").as_deref(),
        Some("https://images.example/alice.png")
    );
    assert_eq!(page.meta("twitter:title").as_deref(), Some("alice"));

    // Without a picture, a small card and no image.
    let page = app.page("/profile/bob").await;
    assert_eq!(json_ld(&page)["@type"], "Person");
    assert_eq!(page.meta("twitter:card").as_deref(), Some("summary"));
    assert_eq!(page.meta("twitter:image"), None);
}
