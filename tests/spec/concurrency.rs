//! Many readers at once: every reader page shape, rendered (not cached) by many requests in
//! parallel on a multi-threaded runtime, answers every one of them in full.

use axum::http::StatusCode;

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_reader_page_survives_many_parallel_renders() {
    let app = TestApp::with_settings(|settings| settings.cache.max_bytes = 0).await;
    let alice = app.user("alice").await;
    for n in 0..12 {
        let title = format!("Post {n}");
        app.publish(
            &alice,
            &title,
            "Some *Markdown*.\n\n```rust\nfn main() {}\n```",
            &["rust", "web"],
        )
        .await;
    }
    let app = std::sync::Arc::new(app);
    let pages = [
        "/",
        "/?page=2",
        "/tag/rust",
        "/tag/web?page=2",
        "/profile/alice",
        "/post/post-3",
        "/post/post-3?comments=2",
        "/no/such/page",
    ];
    let mut requests = tokio::task::JoinSet::new();
    for round in 0..40 {
        for page in pages {
            let app = app.clone();
            requests.spawn(async move { (page, round, app.get(page).await) });
        }
    }
    let mut failures = Vec::new();
    while let Some(done) = requests.join_next().await {
        let (page, round, reply) = done.expect("the request task finished");
        let expected = if page == "/no/such/page" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        let complete = reply.text().contains("</html>");
        if reply.status != expected || !complete {
            failures.push(format!("{page} (round {round}): {}", reply.status));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed: {failures:?}",
        failures.len()
    );
}
