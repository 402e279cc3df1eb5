//! A post's history, through the server functions the editor calls: every save leaves a
//! revision saying who, when and what changed; any two compare line by line; a restore
//! brings an old text back as a new revision; autosaves keep unsaved typing without touching
//! the post, merge while typing goes on, and are thinned once a later save supersedes them.

use std::time::Duration;

use axum::http::StatusCode;
use blog::model::Role;
use serde_json::{Value, json};

use crate::common::*;

async fn history(app: &TestApp, who: &SignedIn, slug: &str) -> Vec<Value> {
    let page = app
        .rpc()
        .by(who)
        .call("revisions/list", json!({ "slug": slug, "page": 1 }))
        .await
        .ok();
    page["revisions"].as_array().unwrap().clone()
}

async fn save(
    app: &TestApp,
    who: &SignedIn,
    slug: &str,
    title: &str,
    body: &str,
    status: &str,
) -> Value {
    app.rpc()
        .by(who)
        .save(Some(slug), draft(title, body, &["rust"]), status)
        .await
        .ok()
}

#[tokio::test]
async fn every_save_leaves_a_revision_with_who_and_what_changed() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let eve = app.account("eve", Role::Editor).await;
    let slug = app
        .rpc()
        .by(&alice)
        .save(None, draft("Ownership", "One.\nTwo.\n", &["rust"]), "draft")
        .await
        .ok()["summary"]["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    save(
        &app,
        &alice,
        &slug,
        "Ownership",
        "One.\nTwo.\nThree.\n",
        "published",
    )
    .await;
    save(
        &app,
        &eve,
        &slug,
        "Ownership, edited",
        "One.\n2.\nThree.\n",
        "published",
    )
    .await;
    // Saving what is already saved changes nothing and leaves nothing.
    save(
        &app,
        &eve,
        &slug,
        "Ownership, edited",
        "One.\n2.\nThree.\n",
        "published",
    )
    .await;

    let revisions = history(&app, &alice, &slug).await;
    let shown: Vec<(&str, &str, &str, Value)> = revisions
        .iter()
        .map(|revision| {
            (
                revision["kind"].as_str().unwrap(),
                revision["editor"].as_str().unwrap(),
                revision["status"].as_str().unwrap(),
                revision["changes"].clone(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            // The description follows the title here (`draft` derives it).
            (
                "save",
                "eve",
                "published",
                json!({
                    "first": false, "title": true, "description": true, "tags": false,
                    "lines_added": 1, "lines_removed": 1, "status": null, "schedule": false
                })
            ),
            (
                "save",
                "alice",
                "published",
                json!({
                    "first": false, "title": false, "description": false, "tags": false,
                    "lines_added": 1, "lines_removed": 0, "status": "published", "schedule": false
                })
            ),
            (
                "save",
                "alice",
                "draft",
                json!({
                    "first": true, "title": false, "description": false, "tags": false,
                    "lines_added": 2, "lines_removed": 0, "status": null, "schedule": false
                })
            ),
        ]
    );
}

#[tokio::test]
async fn two_revisions_compare_line_by_line_and_an_old_one_comes_back_as_a_new_revision() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let post = app
        .publish(&alice, "Lifetimes", "Intro.\nA line.\nOutro.\n", &["rust"])
        .await;
    let slug = post.summary.slug;
    save(
        &app,
        &alice,
        &slug,
        "Lifetimes explained",
        "Intro.\nA better line.\nOutro.\nMore.\n",
        "published",
    )
    .await;
    let revisions = history(&app, &alice, &slug).await;
    let (newer, older) = (revisions[0]["id"].clone(), revisions[1]["id"].clone());

    // Asked either way round, the older comes first.
    let diff = app
        .rpc()
        .by(&alice)
        .call(
            "revisions/diff",
            json!({ "slug": slug, "from": newer, "to": older }),
        )
        .await
        .ok();
    assert_eq!(diff["from"]["id"], older);
    assert_eq!(
        diff["title"],
        json!({ "before": "Lifetimes", "after": "Lifetimes explained" })
    );
    assert_eq!(diff["tags"], Value::Null);
    let lines: Vec<(String, String)> = diff["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| {
            (
                line["change"].as_str().unwrap().to_owned(),
                line["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("same", "Intro."),
        ("removed", "A line."),
        ("added", "A better line."),
        ("same", "Outro."),
        ("added", "More."),
    ]
    .iter()
    .map(|(change, text)| (change.to_string(), text.to_string()))
    .collect();
    assert_eq!(lines, expected);

    // Restoring the first text publishes it again (the post stays published).
    let restored = app
        .rpc()
        .by(&alice)
        .call("revisions/restore", json!({ "slug": slug, "id": older }))
        .await
        .ok();
    assert_eq!(restored["summary"]["title"], "Lifetimes");
    assert_eq!(restored["body"], "Intro.\nA line.\nOutro.\n");
    let page = app.page(&format!("/post/{slug}")).await;
    assert!(
        page.html().contains("A line."),
        "readers see the restored text"
    );
    let revisions = history(&app, &alice, &slug).await;
    assert_eq!(revisions.len(), 3);
    assert_eq!(revisions[0]["kind"], "restore");
    assert_eq!(revisions[0]["restored_from"], older);
    assert_eq!(revisions[0]["changes"]["title"], true);

    // A revision of another post is not this post's.
    let other = app.publish(&alice, "Other", "Else.", &[]).await;
    let reply = app
        .rpc()
        .by(&alice)
        .call(
            "revisions/restore",
            json!({ "slug": other.summary.slug, "id": older }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

async fn autosave(app: &TestApp, who: &SignedIn, slug: &str, body: &str) -> Value {
    let arguments = json!({ "slug": slug, "draft": draft("Borrowing", body, &["rust"]) });
    app.rpc()
        .by(who)
        .call("revisions/autosave", arguments)
        .await
        .ok()
}

#[tokio::test]
async fn autosaves_keep_typing_without_touching_the_post_and_do_not_pile_up() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let post = app
        .publish(&alice, "Borrowing", "Saved text.\n", &["rust"])
        .await;
    let slug = post.summary.slug;
    let first = autosave(&app, &alice, &slug, "Saved text.\nTyping").await;
    assert_eq!(first["kind"], "autosave");
    // Typing goes on: the same revision, further on.
    let second = autosave(&app, &alice, &slug, "Saved text.\nTyping more").await;
    assert_eq!(second["id"], first["id"]);
    // What the post holds is unchanged for readers and the editor alike.
    let stored = app.rpc().by(&alice).get_post(&slug).await.ok();
    assert_eq!(stored["body"], "Saved text.\n");
    // Typing what is saved keeps nothing.
    assert_eq!(
        autosave(&app, &alice, &slug, "Saved text.\n").await,
        Value::Null
    );
    // Ten minutes on, a new autosave (signed in afresh: the clock moves past the token).
    app.advance(Duration::from_secs(11 * 60));
    let alice = app.sign_in_again("alice").await;
    let third = autosave(&app, &alice, &slug, "Saved text.\nTyping more and more").await;
    assert_ne!(third["id"], first["id"]);
    // Never more than twenty autosaves a post.
    for minute in 0..30 {
        app.advance(Duration::from_secs(11 * 60));
        let alice = app.sign_in_again("alice").await;
        autosave(&app, &alice, &slug, &format!("Saved text.\nDraft {minute}")).await;
    }
    let alice = app.sign_in_again("alice").await;
    let revisions = history(&app, &alice, &slug).await;
    let autosaves = revisions.iter().filter(|r| r["kind"] == "autosave").count();
    assert_eq!(autosaves, 20);
    assert_eq!(revisions[0]["changes"]["lines_added"], 1);

    // A save supersedes them; a month later they are thinned out, the saves kept.
    save(
        &app,
        &alice,
        &slug,
        "Borrowing",
        "Final text.\n",
        "published",
    )
    .await;
    app.advance(Duration::from_secs(31 * 24 * 60 * 60));
    let thinned = app.state.revisions.thin().await.unwrap();
    assert_eq!(thinned, 20);
    let alice = app.sign_in_again("alice").await;
    let kinds: Vec<Value> = history(&app, &alice, &slug)
        .await
        .iter()
        .map(|revision| revision["kind"].clone())
        .collect();
    assert_eq!(kinds, [json!("save"), json!("save")]);
}

#[tokio::test]
async fn only_those_who_may_edit_a_post_see_or_restore_its_history() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let eve = app.account("eve", Role::Editor).await;
    let published = app
        .publish(&alice, "Public", "Text.", &[])
        .await
        .summary
        .slug;
    let draft_slug = app
        .write_draft(&alice, "Private", "Text.", &[])
        .await
        .summary
        .slug;
    let list = |who: &SignedIn, slug: &str| {
        app.rpc()
            .by(who)
            .call("revisions/list", json!({ "slug": slug, "page": 1 }))
    };
    assert_eq!(list(&bob, &published).await.status, StatusCode::FORBIDDEN);
    assert_eq!(list(&bob, &draft_slug).await.status, StatusCode::NOT_FOUND);
    assert_eq!(list(&eve, &draft_slug).await.status, StatusCode::OK);
    let reply = app
        .rpc()
        .call("revisions/list", json!({ "slug": published, "page": 1 }))
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let first = history(&app, &alice, &published).await[0]["id"].clone();
    let reply = app
        .rpc()
        .by(&bob)
        .call(
            "revisions/restore",
            json!({ "slug": published, "id": first }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}
