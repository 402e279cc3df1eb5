//! Feeds: Atom, RSS 2.0 and JSON Feed 1.1 of the whole blog, of a tag and of an author, read
//! by a standard feed parser as a feed reader would. They carry the newest published posts
//! (never drafts, nor posts dated in the future until their date), whole, with absolute
//! links and their dates, and answer a reader whose copy is current with 304.

use std::time::Duration;

use axum::http::StatusCode;
use blog::{
    model::{Post, PostStatus},
    server::content::posts::{ArchivedPost, Scope},
};
use feed_rs::model::{Entry, Feed, FeedType};
use sqlx::Row;

use crate::common::*;

const SITE: &str = "https://blog.example";

/// The three formats: file name, content type, what the parser calls it.
const FORMATS: [(&str, &str, FeedType); 3] = [
    ("atom.xml", "application/atom+xml", FeedType::Atom),
    ("rss.xml", "application/rss+xml", FeedType::RSS2),
    ("feed.json", "application/feed+json", FeedType::JSON),
];

async fn app() -> TestApp {
    TestApp::with_settings(|s| s.server.public_url = format!("{SITE}/")).await
}

impl TestApp {
    /// The feed at `uri`, which must be served as `content_type` and parse as `kind`.
    async fn feed(&self, uri: &str, content_type: &str, kind: FeedType) -> Feed {
        let reply = self.get(uri).await;
        reply.assert_status(StatusCode::OK);
        assert_eq!(
            reply.header("content-type"),
            Some(format!("{content_type}; charset=utf-8").as_str()),
            "{uri}"
        );
        let feed = feed_rs::parser::parse(reply.bytes())
            .unwrap_or_else(|error| panic!("{uri} does not parse: {error}\n{}", reply.text()));
        assert_eq!(feed.feed_type, kind, "{uri}");
        feed
    }

    /// A post dated `ahead` from now, as `blog import` may bring one.
    async fn publish_later(&self, who: &SignedIn, title: &str, ahead: Duration) {
        let now = self.state.clock.now_millis();
        let date = now + i64::try_from(ahead.as_millis()).unwrap();
        let post = ArchivedPost {
            slug: title.to_lowercase().replace(' ', "-"),
            title: title.into(),
            description: String::new(),
            body: "Not yet.".into(),
            tags: vec!["rust".into()],
            status: PostStatus::Published,
            date: Some(date),
            updated: Some(date),
            publish_at: None,
            kind: blog::model::PostKind::Post,
        };
        self.state.posts.import(who.id, post, now).await.unwrap();
    }
}

fn titles(feed: &Feed) -> Vec<String> {
    feed.entries.iter().map(title).collect()
}

fn title(entry: &Entry) -> String {
    entry
        .title
        .as_ref()
        .map(|t| t.content.clone())
        .unwrap_or_default()
}

fn post_url(post: &Post) -> String {
    format!("{SITE}/post/{}", post.summary.slug)
}

#[tokio::test]
async fn the_blogs_feeds_carry_its_newest_posts_whole_with_absolute_links_and_dates() {
    let app = app().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let older = app
        .publish(
            &alice,
            "Older post",
            "Some **bold** words.",
            &["rust", "web"],
        )
        .await;
    app.advance(Duration::from_secs(90));
    let newer = app
        .publish(&bob, "Newer post", "A [link](#section).", &[])
        .await;
    app.write_draft(&alice, "Secret draft", "Unfinished.", &["rust"])
        .await;
    app.publish_later(&alice, "From the future", Duration::from_secs(3600))
        .await;

    for (file, content_type, kind) in FORMATS {
        let feed = app
            .feed(&format!("/{file}"), content_type, kind.clone())
            .await;
        let context = file;
        assert_eq!(
            feed.title.as_ref().unwrap().content,
            "Test Blog",
            "{context}"
        );
        assert!(
            feed.links
                .iter()
                .any(|link| link.href == format!("{SITE}/")),
            "{context}: {:?}",
            feed.links
        );
        assert_eq!(titles(&feed), ["Newer post", "Older post"], "{context}");
        for (entry, post) in feed.entries.iter().zip([&newer, &older]) {
            let url = post_url(post);
            assert!(
                entry.links.iter().any(|link| link.href == url),
                "{context}: {:?}",
                entry.links
            );
            assert!(
                entry
                    .links
                    .iter()
                    .all(|link| link.href.starts_with("https://")),
                "{context}"
            );
            let published = post.summary.published.as_ref().unwrap().millis / 1000;
            assert_eq!(
                entry.published.map(|date| date.timestamp()),
                Some(published),
                "{context}: {}",
                title(entry)
            );
            // The parser trims some formats' text. Atom names the post as the content's base;
            // RSS and JSON Feed have none, so their copy's addresses are absolute.
            let body = entry.content.as_ref().and_then(|c| c.body.as_deref());
            let expected = if file == "atom.xml" {
                post.body_html.clone()
            } else {
                let absolute = format!("href=\"{url}#section\"");
                post.body_html.replace("href=\"#section\"", &absolute)
            };
            assert_eq!(body.map(str::trim), Some(expected.trim()), "{context}");
        }
        let older_entry = &feed.entries[1];
        assert!(
            older_entry
                .content
                .as_ref()
                .unwrap()
                .body
                .as_ref()
                .unwrap()
                .contains("<strong>bold</strong>"),
            "{context}"
        );
        assert_eq!(
            older_entry.summary.as_ref().map(|s| s.content.as_str()),
            Some("All about Older post"),
            "{context}"
        );
        let tags: Vec<&str> = older_entry
            .categories
            .iter()
            .map(|c| c.term.as_str())
            .collect();
        assert_eq!(tags, ["rust", "web"], "{context}");
        if kind != FeedType::RSS2 {
            let author = &older_entry.authors[0];
            assert_eq!(author.name.as_deref(), Some("alice"), "{context}");
            assert_eq!(
                author.uri.as_deref(),
                Some(format!("{SITE}/profile/alice").as_str()),
                "{context}"
            );
            let newest = newer.summary.updated.millis / 1000;
            if kind == FeedType::Atom {
                assert_eq!(feed.updated.map(|d| d.timestamp()), Some(newest));
            }
        }
    }
}

#[tokio::test]
async fn a_post_dated_in_the_future_joins_the_feeds_when_its_date_comes() {
    let app = app().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Today", "Now.", &["rust"]).await;
    app.publish_later(&alice, "Tomorrow", Duration::from_secs(24 * 3600))
        .await;
    let feeds = ["/atom.xml", "/tag/rust/rss.xml", "/profile/alice/feed.json"];
    for ((_, content_type, kind), uri) in FORMATS.into_iter().zip(feeds) {
        let feed = app.feed(uri, content_type, kind).await;
        assert_eq!(titles(&feed), ["Today"], "{uri}");
    }
    app.advance(Duration::from_secs(25 * 3600));
    for ((_, content_type, kind), uri) in FORMATS.into_iter().zip(feeds) {
        let feed = app.feed(uri, content_type, kind).await;
        assert_eq!(titles(&feed), ["Tomorrow", "Today"], "{uri}");
    }
}

#[tokio::test]
async fn a_tags_and_an_authors_feeds_hold_only_their_posts() {
    let app = app().await;
    let alice = app.user("alice").await;
    let bob = app.user("Bob").await;
    app.publish(&alice, "Borrowing", "Body.", &["Rust"]).await;
    app.publish(&bob, "Lifetimes", "Body.", &["rust", "types"])
        .await;
    app.publish(&bob, "Bread", "Body.", &["cooking"]).await;

    for (file, content_type, kind) in FORMATS {
        for tag in ["rust", "RUST"] {
            let feed = app
                .feed(&format!("/tag/{tag}/{file}"), content_type, kind.clone())
                .await;
            assert_eq!(titles(&feed), ["Lifetimes", "Borrowing"], "{tag} {file}");
            // Named as the tag was first written.
            assert_eq!(
                feed.title.unwrap().content,
                "Posts tagged #Rust · Test Blog"
            );
            assert!(
                feed.links
                    .iter()
                    .any(|link| link.href == format!("{SITE}/tag/Rust")),
                "{file}: {:?}",
                feed.links
            );
        }
        let feed = app
            .feed(&format!("/profile/bob/{file}"), content_type, kind)
            .await;
        assert_eq!(titles(&feed), ["Bread", "Lifetimes"], "{file}");
        assert_eq!(feed.title.unwrap().content, "Bob · Test Blog");
    }
}

#[tokio::test]
async fn unknown_tags_and_authors_have_no_feeds() {
    let app = app().await;
    let alice = app.user("alice").await;
    app.user("quiet").await;
    app.write_draft(&alice, "Draft", "Body.", &["unpublished"])
        .await;
    for (file, _, _) in FORMATS {
        for uri in [
            format!("/tag/nothing/{file}"),
            // A tag only a draft carries does not exist for readers.
            format!("/tag/unpublished/{file}"),
            format!("/profile/nobody/{file}"),
        ] {
            app.get(&uri).await.assert_status(StatusCode::NOT_FOUND);
        }
        // An author who has published nothing yet has an empty feed.
        let reply = app.get(&format!("/profile/quiet/{file}")).await;
        reply.assert_status(StatusCode::OK);
        let feed = feed_rs::parser::parse(reply.bytes()).unwrap();
        assert!(feed.entries.is_empty());
    }
}

#[tokio::test]
async fn a_feed_holds_the_newest_twenty_posts() {
    let app = app().await;
    let alice = app.user("alice").await;
    for n in 1..=22 {
        app.publish(&alice, &format!("Post {n}"), "Body.", &[])
            .await;
    }
    let feed = app
        .feed("/feed.json", "application/feed+json", FeedType::JSON)
        .await;
    let expected: Vec<String> = (3..=22).rev().map(|n| format!("Post {n}")).collect();
    assert_eq!(titles(&feed), expected);
}

#[tokio::test]
async fn a_reader_whose_copy_is_current_gets_304_until_a_post_changes() {
    let app = app().await;
    let alice = app.user("alice").await;
    let first = app.publish(&alice, "First", "Body.", &["rust"]).await;
    for uri in ["/atom.xml", "/rss.xml", "/feed.json", "/tag/rust/atom.xml"] {
        let reply = app.get(uri).await;
        reply.assert_status(StatusCode::OK);
        let etag = reply.header("etag").expect("an ETag").to_owned();
        assert!(etag.starts_with('"'), "a strong ETag: {etag}");
        let last_modified = reply.header("last-modified").expect("a date").to_owned();
        let published = jiff::Timestamp::from_millisecond(first.summary.updated.millis).unwrap();
        let parsed = jiff::fmt::rfc2822::parse(&last_modified)
            .unwrap()
            .timestamp();
        assert_eq!(parsed.as_second(), published.as_second(), "{uri}");
        assert!(
            reply.header("cache-control").unwrap().contains("public"),
            "{uri}"
        );

        let again = app.get_with(uri, &[("if-none-match", &etag)]).await;
        again.assert_status(StatusCode::NOT_MODIFIED);
        again.assert_empty();
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        let again = app
            .get_with(uri, &[("if-modified-since", &last_modified)])
            .await;
        again.assert_status(StatusCode::NOT_MODIFIED);
        // A copy from before the post is out of date.
        let earlier = "Mon, 01 Jan 2001 00:00:00 GMT";
        let stale = app.get_with(uri, &[("if-modified-since", earlier)]).await;
        stale.assert_status(StatusCode::OK);
        let other = app.get_with(uri, &[("if-none-match", "\"other\"")]).await;
        other.assert_status(StatusCode::OK);
    }

    let etag = app
        .get("/atom.xml")
        .await
        .header("etag")
        .unwrap()
        .to_owned();
    app.advance(Duration::from_secs(60));
    app.publish(&alice, "Second", "Body.", &[]).await;
    let reply = app.get_with("/atom.xml", &[("if-none-match", &etag)]).await;
    reply.assert_status(StatusCode::OK);
    assert_ne!(reply.header("etag"), Some(etag.as_str()));
    let feed = feed_rs::parser::parse(reply.bytes()).unwrap();
    assert_eq!(titles(&feed), ["Second", "First"]);
}

#[tokio::test]
async fn an_edited_post_shows_its_new_text_in_the_feeds() {
    let app = app().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Post", "Old text.", &["rust"]).await;
    for uri in ["/atom.xml", "/tag/rust/atom.xml", "/profile/alice/atom.xml"] {
        assert!(app.get(uri).await.text().contains("Old text."), "{uri}");
    }
    let changes = blog::server::content::posts::PostChanges {
        body: Some("New text.".into()),
        ..Default::default()
    };
    app.state
        .posts
        .update(alice.id, "post", Scope::WithDrafts, changes)
        .await
        .unwrap();
    for uri in ["/atom.xml", "/tag/rust/atom.xml", "/profile/alice/atom.xml"] {
        let text = app.get(uri).await.text().to_owned();
        assert!(
            text.contains("New text.") && !text.contains("Old text."),
            "{uri}"
        );
    }
}

/// Each feed and sitemap statement reads an index in the order it shows (or a key range):
/// no table is read whole and nothing is sorted, so their cost does not grow with the blog.
#[tokio::test]
async fn sqlite_only_feeds_and_sitemaps_read_indexes_in_order() {
    let app = TestApp::new().await;
    app.require_sqlite();
    for (name, statement) in blog::server::content::store::syndication::STATEMENTS {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {statement}"
        )));
        let placeholders = (1..=3)
            .filter(|n| statement.contains(&format!("${n}")))
            .count();
        for _ in 0..placeholders {
            query = query.bind(1_i64);
        }
        let rows = query.fetch_all(&app.state.db).await.unwrap();
        let plan: Vec<String> = rows
            .iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect();
        assert!(
            !plan
                .iter()
                .any(|step| step.starts_with("SCAN ") && !step.contains("USING")),
            "{name} reads a table whole: {plan:#?}"
        );
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "{name} sorts its rows: {plan:#?}"
        );
    }
}
