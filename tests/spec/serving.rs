//! The foundation under every page: the database made on first start, the health check,
//! server-rendered HTML compressed for those who accept it, the 404 page, and static files
//! (the bundle and `public/`) with the right caching.

use axum::http::{StatusCode, header};

use crate::common::*;

#[tokio::test]
async fn healthz_answers_while_the_database_does() {
    let app = TestApp::new().await;
    let reply = app.get("/healthz").await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(reply.text(), "ok\n");

    app.state.db.close().await;
    let reply = app.get("/healthz").await;
    reply.assert_status(StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn first_start_creates_the_database_and_applies_the_migrations() {
    let app = TestApp::new().await;
    if app.on_sqlite() {
        assert!(app.dir.path().join("blog.db").is_file());
    }
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.state.db)
        .await
        .expect("the users table exists");
    assert_eq!(users, 0);
}

#[tokio::test]
async fn the_home_page_is_rendered_on_the_server() {
    let app = TestApp::new().await;
    let reply = app.get("/").await;
    reply.assert_status(StatusCode::OK);
    let content_type = reply.header(header::CONTENT_TYPE).unwrap_or_default();
    assert!(content_type.starts_with("text/html"), "{reply:?}");
    let page = reply.page();
    assert_eq!(page.title(), "Test Blog");
    assert_eq!(page.heading(), "Latest posts");
    assert_eq!(
        page.text("header a.site-title"),
        "Test Blog",
        "the header names the site"
    );
    // The hydration script loads the bundle.
    assert!(reply.text().contains("/pkg/blog"), "{reply:?}");
}

#[tokio::test]
async fn server_rendered_html_is_compressed_for_clients_that_accept_it() {
    let app = TestApp::new().await;
    let reply = app.get_with("/", &[("accept-encoding", "gzip")]).await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(reply.header(header::CONTENT_ENCODING), Some("gzip"));
    assert_eq!(&reply.bytes()[..2], &[0x1f, 0x8b], "a gzip stream");
}

#[tokio::test]
async fn an_unknown_path_gets_the_404_page() {
    let app = TestApp::new().await;
    app.assert_not_found_page("/no/such/page").await;
}

#[tokio::test]
async fn the_bundle_is_served_precompressed_and_cached_for_a_year() {
    let app = TestApp::with_hashed_bundle().await;
    app.write_site_file("pkg/blog.abc123.wasm", b"\0asm plain");
    app.write_site_file("pkg/blog.abc123.wasm.br", b"brotli bytes");
    app.write_site_file("pkg/blog.abc123.wasm.gz", b"gzip bytes");
    let wasm = "/pkg/blog.abc123.wasm";

    let reply = app.get_with(wasm, &[("accept-encoding", "gzip, br")]).await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(reply.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(reply.header(header::CONTENT_TYPE), Some("application/wasm"));
    assert_eq!(
        reply.header(header::CACHE_CONTROL),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(reply.bytes(), b"brotli bytes");

    let reply = app.get_with(wasm, &[("accept-encoding", "gzip")]).await;
    assert_eq!(reply.header(header::CONTENT_ENCODING), Some("gzip"));
    assert_eq!(reply.bytes(), b"gzip bytes");

    let reply = app.get(wasm).await;
    assert_eq!(reply.header(header::CONTENT_ENCODING), None);
    assert_eq!(reply.bytes(), b"\0asm plain");
}

#[tokio::test]
async fn a_missing_bundle_file_is_a_404_that_is_not_cached() {
    let app = TestApp::with_hashed_bundle().await;
    let reply = app.get("/pkg/blog.gone.js").await;
    reply.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(reply.header(header::CACHE_CONTROL), None);
}

#[tokio::test]
async fn bundle_files_without_content_hashes_are_revalidated() {
    let app = TestApp::new().await;
    app.write_site_file("pkg/blog.js", b"export {}");
    let reply = app.get("/pkg/blog.js").await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(
        reply.header(header::CACHE_CONTROL),
        Some("public, max-age=3600, must-revalidate")
    );
}

#[tokio::test]
async fn public_files_are_served_and_revalidated() {
    let app = TestApp::new().await;
    app.write_site_file("favicon.svg", b"<svg/>");
    let reply = app.get("/favicon.svg").await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(reply.header(header::CONTENT_TYPE), Some("image/svg+xml"));
    assert_eq!(
        reply.header(header::CACHE_CONTROL),
        Some("public, max-age=3600, must-revalidate")
    );
    assert_eq!(reply.text(), "<svg/>");
}
