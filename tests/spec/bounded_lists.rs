//! Every list a reader can make the server build is bounded: comments come a hundred to a
//! page, the tag cloud shows the fifty most used tags, the API at most five hundred.

use axum::http::StatusCode;

use crate::common::*;

#[tokio::test]
async fn comments_come_a_hundred_to_a_page() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let post = app.publish(&alice, "Busy thread", "Talk.", &[]).await;
    let slug = post.summary.slug;
    for n in 0..101 {
        app.state
            .comments
            .add(alice.id, &slug, &format!("Comment {n}"))
            .await
            .unwrap();
    }
    let api = app
        .api()
        .get(&format!("/api/articles/{slug}/comments"))
        .await
        .ok();
    let comments = api["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 100);
    assert_eq!(comments[0]["body"], "Comment 0", "oldest first");
    let rest = app
        .api()
        .get(&format!("/api/articles/{slug}/comments?offset=100"))
        .await
        .ok();
    assert_eq!(rest["comments"].as_array().unwrap().len(), 1);
    let too_many = app
        .api()
        .get(&format!("/api/articles/{slug}/comments?limit=101"))
        .await;
    too_many.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "limit");

    let first = app.get(&format!("/post/{slug}")).await.page();
    assert_eq!(first.comments().len(), 100);
    let later = first.pagination();
    assert_eq!(later.len(), 1, "{later:?}");
    assert_eq!(later[0].rel.as_deref(), Some("next"));
    let second = app.get(&format!("/post/{slug}?comments=2")).await.page();
    let shown: Vec<String> = second.comments().into_iter().map(|c| c.body).collect();
    assert_eq!(shown, ["Comment 100"]);
}

#[tokio::test]
async fn the_tag_cloud_shows_the_fifty_most_used_tags() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    for post in 0..6 {
        let tags: Vec<String> = (0..10).map(|n| format!("t{post}x{n}")).collect();
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        app.publish(&alice, &format!("Post {post}"), "Body", &tags)
            .await;
    }
    // One tag on two posts leads the cloud.
    app.publish(&alice, "Again", "Body", &["t0x0"]).await;
    let cloud = app.get("/").await.page().tag_cloud();
    assert_eq!(cloud.len(), 50);
    assert_eq!(cloud[0].text, "#t0x0");
    let all = app.api().get("/api/tags").await.ok();
    assert_eq!(all["tags"].as_array().unwrap().len(), 60);
}
