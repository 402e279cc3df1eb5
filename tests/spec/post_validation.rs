//! What a post may hold, as the editor learns it: a title always, a body to be published,
//! at most ten tags of forty characters. A refused save names the field and changes nothing.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;

fn eleven_tags() -> Vec<String> {
    (1..=11).map(|n| format!("tag{n}")).collect()
}

#[tokio::test]
async fn a_blank_title_is_refused() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    for status in ["draft", "published"] {
        let reply = app
            .rpc()
            .by(&alice)
            .save(None, draft("   ", "Some body.", &[]), status)
            .await;
        reply.assert_invalid("title");
        assert_eq!(reply.body["Invalid"]["message"], "can't be blank");
    }
    // Nothing was stored.
    let drafts = app.rpc().by(&alice).drafts().await.ok();
    assert_eq!(drafts["total"], 0, "{drafts}");
    assert!(
        app.rpc()
            .listed_titles(json!({ "page": 1 }))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn publishing_an_empty_body_is_refused_but_an_empty_draft_is_kept() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.rpc()
        .by(&alice)
        .save(None, draft("Empty", " \n ", &[]), "published")
        .await
        .assert_invalid("body");
    assert!(
        app.rpc()
            .listed_titles(json!({ "page": 1 }))
            .await
            .is_empty()
    );

    // A draft may be unfinished; publishing it is still refused.
    let kept = app
        .rpc()
        .by(&alice)
        .save(None, draft("Empty", "", &[]), "draft")
        .await
        .ok();
    let slug = slug_of(&kept);
    app.rpc()
        .by(&alice)
        .save(Some(&slug), draft("Empty", "", &[]), "published")
        .await
        .assert_invalid("body");
    let post = app.rpc().by(&alice).get_post(&slug).await.ok();
    assert_eq!(post["summary"]["status"], "draft");
}

#[tokio::test]
async fn too_many_tags_or_a_too_long_tag_is_refused() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let eleven = eleven_tags();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    let long = "x".repeat(41);
    for tags in [eleven, vec!["rust", &long]] {
        app.rpc()
            .by(&alice)
            .save(None, draft("Tagged", "Body.", &tags), "published")
            .await
            .assert_invalid("tags");
    }
    assert!(
        app.rpc()
            .listed_titles(json!({ "page": 1 }))
            .await
            .is_empty()
    );

    // The limits themselves are fine: ten tags of forty characters.
    let ten: Vec<String> = (0..10).map(|n| format!("{n}{}", "y".repeat(39))).collect();
    let ten: Vec<&str> = ten.iter().map(String::as_str).collect();
    let post = app
        .rpc()
        .by(&alice)
        .save(None, draft("Tagged", "Body.", &ten), "published")
        .await
        .ok();
    assert_eq!(post["summary"]["tags"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn a_failed_save_keeps_the_previous_version() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let slug = app
        .publish(&alice, "Original title", "Original body.", &["rust"])
        .await
        .summary
        .slug;
    let eleven = eleven_tags();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    let failures = [
        (draft("", "New body.", &["rust"]), "title"),
        (draft("New title", "", &["rust"]), "body"),
        (draft("New title", "New body.", &eleven), "tags"),
    ];
    for (attempt, field) in failures {
        app.rpc()
            .by(&alice)
            .save(Some(&slug), attempt, "published")
            .await
            .assert_invalid(field);
    }
    let post = app.rpc().get_post(&slug).await.ok();
    assert_eq!(post["summary"]["title"], "Original title");
    assert_eq!(post["body"], "Original body.");
    assert_eq!(post["summary"]["tags"], json!(["rust"]));
    let reply = app.get(&format!("/post/{slug}")).await;
    reply.assert_status(StatusCode::OK);
    assert!(!reply.text().contains("New body."), "{reply:?}");
    let post = reply.page().article();
    assert_eq!(post.title, "Original title");
    assert_eq!(post.body.visible_text(), "Original body.");
}
