//! The foundation through the real router: pages, health, static files, compression.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::{TestApp, body_bytes, body_text};

#[tokio::test]
async fn healthz_answers_while_the_database_does() {
    let app = TestApp::new().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_text(response).await, "ok\n");

    app.state.db.close().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn first_start_creates_the_database_and_applies_the_migrations() {
    let app = TestApp::new().await;
    assert!(app.dir.path().join("blog.db").is_file());
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.state.db)
        .await
        .expect("the users table exists");
    assert_eq!(users, 0);
}

#[tokio::test]
async fn the_home_page_is_rendered_on_the_server() {
    let app = TestApp::new().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = body_text(response).await;
    assert!(html.contains("<title>Test Blog</title>"), "{html}");
    assert!(html.contains(">Latest posts</h1>"), "{html}");
    assert!(
        html.contains(">Test Blog</a>"),
        "the header names the site: {html}"
    );
    // The hydration script loads the bundle.
    assert!(html.contains("/pkg/blog"), "{html}");
}

#[tokio::test]
async fn server_rendered_html_is_compressed_for_clients_that_accept_it() {
    let app = TestApp::new().await;
    let response = app
        .send(
            Request::get("/")
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    let compressed = body_bytes(response).await;
    assert_eq!(&compressed[..2], &[0x1f, 0x8b], "a gzip stream");
}

#[tokio::test]
async fn an_unknown_path_gets_the_404_page() {
    let app = TestApp::new().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = body_text(response).await;
    assert!(html.contains("Page not found"), "{html}");
    assert!(
        html.contains("<title>Page not found · Test Blog</title>"),
        "{html}"
    );
}

#[tokio::test]
async fn the_bundle_is_served_precompressed_and_cached_for_a_year() {
    let app = TestApp::with_hashed_bundle().await;
    app.write_site_file("pkg/blog.abc123.wasm", b"\0asm plain");
    app.write_site_file("pkg/blog.abc123.wasm.br", b"brotli bytes");
    app.write_site_file("pkg/blog.abc123.wasm.gz", b"gzip bytes");

    let response = app
        .send(
            Request::get("/pkg/blog.abc123.wasm")
                .header(header::ACCEPT_ENCODING, "gzip, br")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(body_bytes(response).await, b"brotli bytes");

    let response = app
        .send(
            Request::get("/pkg/blog.abc123.wasm")
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(body_bytes(response).await, b"gzip bytes");

    let response = app.get("/pkg/blog.abc123.wasm").await;
    assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body_bytes(response).await, b"\0asm plain");
}

#[tokio::test]
async fn a_missing_bundle_file_is_a_404_that_is_not_cached() {
    let app = TestApp::with_hashed_bundle().await;
    let response = app.get("/pkg/blog.gone.js").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.headers().get(header::CACHE_CONTROL).is_none());
}

#[tokio::test]
async fn bundle_files_without_content_hashes_are_revalidated() {
    let app = TestApp::new().await;
    app.write_site_file("pkg/blog.js", b"export {}");
    let response = app.get("/pkg/blog.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=3600, must-revalidate"
    );
}

#[tokio::test]
async fn public_files_are_served_and_revalidated() {
    let app = TestApp::new().await;
    app.write_site_file("favicon.svg", b"<svg/>");
    let response = app.get("/favicon.svg").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=3600, must-revalidate"
    );
    assert_eq!(body_text(response).await, "<svg/>");
}
