//! Reader pages are rendered once per change and kept: answered with a strong ETag (304 when
//! the reader has the page), in brotli or gzip, forgotten the moment something they show
//! changes, never kept for a signed-in view, an error or a draft, within the memory budget.

use std::io::Read;

use axum::http::StatusCode;
use blog::model::Publication;
use blog::server::{
    content::posts::{PostChanges, Scope},
    shared::outside::OutsideChanges,
};

use crate::common::*;

#[tokio::test]
async fn a_page_is_answered_with_a_validator_and_304_when_the_reader_has_it() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Hello", "Body", &["rust"]).await;
    let first = app.get("/post/hello").await;
    let etag = first.header("etag").expect("an ETag").to_owned();
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "strong: {etag}"
    );
    assert_eq!(first.header("cache-control"), Some("public, no-cache"));
    let again = app
        .get_with("/post/hello", &[("if-none-match", &etag)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes().is_empty());
    // In brotli and gzip, the same page.
    let br = app
        .get_with("/post/hello", &[("accept-encoding", "gzip, br")])
        .await;
    assert_eq!(br.header("content-encoding"), Some("br"));
    let mut text = String::new();
    brotli::Decompressor::new(br.bytes(), 4096)
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, first.text());
    let gzip = app
        .get_with("/post/hello", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(gzip.bytes())
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, first.text());
    assert!(first.header("content-security-policy").is_some());
}

#[tokio::test]
async fn a_change_is_on_the_pages_that_show_it_at_once() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    app.publish(&alice, "First", "Body", &["rust"]).await;
    let pages = ["/", "/tag/rust", "/profile/alice", "/post/first"];
    let before: Vec<String> = {
        let mut etags = Vec::new();
        for page in pages {
            etags.push(app.get(page).await.header("etag").unwrap().to_owned());
        }
        etags
    };
    // A comment changes the post's page, and no list.
    app.state
        .comments
        .add(bob.id, "first", "Nice!")
        .await
        .unwrap();
    let post = app.get("/post/first").await;
    assert!(post.text().contains("Nice!"));
    assert_ne!(post.header("etag").unwrap(), before[3]);
    assert_eq!(app.get("/").await.header("etag").unwrap(), before[0]);
    // A new title changes every page that shows the post.
    let retitle = PostChanges {
        title: Some("A better title".into()),
        ..Default::default()
    };
    app.state
        .posts
        .update(alice.id, "first", Scope::WithDrafts, retitle)
        .await
        .unwrap();
    for (page, old) in pages.iter().zip(&before) {
        let reply = app.get(page).await;
        assert!(reply.text().contains("A better title"), "{page}");
        assert_ne!(reply.header("etag").unwrap(), old, "{page}");
    }
    // A new bio shows on the author's page.
    let bio = blog::server::accounts::AccountChanges {
        bio: Some(Some("Writes about Rust".into())),
        ..Default::default()
    };
    app.state
        .accounts
        .update(alice.id, bio, blog::i18n::Locale::en)
        .await
        .unwrap();
    assert!(
        app.get("/profile/alice")
            .await
            .text()
            .contains("Writes about Rust")
    );
}

#[tokio::test]
async fn signed_in_views_errors_and_drafts_are_never_kept() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.write_draft(&alice, "Secret", "Not yet", &[]).await;
    // The author, with a token, may see the draft; that view is not kept for others.
    let own = app.api().by(&alice).get("/post/secret").await;
    assert_eq!(own.status, StatusCode::OK, "{own:?}");
    assert!(own.header("etag").is_none());
    let anonymous = app.get("/post/secret").await;
    assert_eq!(anonymous.status, StatusCode::NOT_FOUND);
    assert!(anonymous.header("etag").is_none());
    // Publishing makes it public at once; the earlier 404 was never kept.
    let publish = PostChanges {
        publication: Some(Publication::Published),
        ..Default::default()
    };
    app.state
        .posts
        .update(alice.id, "secret", Scope::WithDrafts, publish)
        .await
        .unwrap();
    assert_eq!(app.get("/post/secret").await.status, StatusCode::OK);
    let unknown = app.get("/profile/nobody").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.state.page_cache.as_ref().unwrap().usage().0,
        1,
        "only the post"
    );
}

#[tokio::test]
async fn the_cache_stays_within_its_budget() {
    let app = TestApp::with_settings(|settings| settings.cache.max_bytes = 64 * 1024).await;
    let alice = app.user("alice").await;
    for n in 0..30 {
        let title = format!("Post number {n}");
        app.publish(&alice, &title, &"Words and more words. ".repeat(200), &[])
            .await;
        app.get(&format!("/post/post-number-{n}")).await;
    }
    let (pages, bytes) = app.state.page_cache.as_ref().unwrap().usage();
    assert!(bytes <= 64 * 1024, "{pages} pages in {bytes} bytes");
    assert!(pages >= 1);
}

#[tokio::test]
async fn an_import_from_the_command_line_reaches_a_running_servers_pages() {
    let app = TestApp::new().await;
    app.admin("root").await;
    assert!(!app.get("/").await.text().contains("Imported while serving"));
    let folder = app.dir.path().join("import");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("imported.md"),
        "+++\ntitle = \"Imported while serving\"\n+++\nText",
    )
    .unwrap();
    // What `blog import` does, from another process, on the same database.
    let (db, accounts, media) = (&app.state.db, &app.state.accounts, &app.state.media);
    // The server's worker has read the counter once, as it does every second.
    let outside = OutsideChanges::new(app.state.db.clone(), app.state.changes.clone());
    assert_eq!(outside.check().await, 0);
    let posts = blog::server::doors::cli::posts(db, accounts);
    blog::server::doors::cli::import::run(&posts, accounts, media, &folder, None)
        .await
        .unwrap();
    assert!(!app.get("/").await.text().contains("Imported while serving"));
    blog::server::shared::outside::mark(&app.state.db)
        .await
        .unwrap();
    // Its next look finds the counter moved and forgets the pages.
    assert_eq!(outside.check().await, 1);
    assert!(app.get("/").await.text().contains("Imported while serving"));
}
