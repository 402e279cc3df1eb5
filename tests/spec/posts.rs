//! Writing posts through the editor's server functions: drafts that stay private, publishing
//! and unpublishing, one's own drafts, and slugs that are readable and never move once
//! shared. Who may do what is `post_permissions`; what a post may hold is `post_validation`.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn a_draft_appears_in_no_public_list() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Published piece", "Out there.", &["rust"])
        .await;
    let secret = app
        .rpc()
        .by(&alice)
        .save(None, draft("Secret plans", "Not yet.", &["rust"]), "draft")
        .await
        .ok();
    assert_eq!(secret["summary"]["status"], "draft");
    assert_eq!(secret["summary"]["published"], Value::Null);

    for uri in ["/", "/tag/rust", "/profile/alice"] {
        let page = app.page(uri).await;
        assert_eq!(page.card_titles(), ["Published piece"], "{uri}");
        assert!(!page.html().contains("Secret plans"), "{uri} shows a draft");
    }
    for query in [
        json!({ "tag": null, "author": null, "page": 1 }),
        json!({ "tag": "rust", "author": null, "page": 1 }),
        json!({ "tag": null, "author": "alice", "page": 1 }),
    ] {
        let titles = app.rpc().listed_titles(query.clone()).await;
        assert_eq!(titles, ["Published piece"], "{query}");
    }
}

#[tokio::test]
async fn my_drafts_lists_only_my_own_drafts() {
    let app = TestApp::new().await;
    let admin = app.admin("admin").await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    app.write_draft(&alice, "Alice's draft", "a", &[]).await;
    app.write_draft(&bob, "Bob's draft", "b", &[]).await;
    app.publish(&alice, "Alice's published post", "c", &[])
        .await;

    for (who, expected) in [
        (&alice, vec!["Alice's draft"]),
        (&bob, vec!["Bob's draft"]),
        // Even an admin's own list holds only the admin's drafts.
        (&admin, vec![]),
    ] {
        let page = app.rpc().by(who).drafts().await.ok();
        assert_eq!(titles(&page["posts"]), expected, "{}", who.username);
    }
    app.rpc()
        .drafts()
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
}

#[tokio::test]
async fn publishing_a_draft_puts_it_on_the_home_page_and_unpublishing_takes_it_off() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let slug = app
        .write_draft(&alice, "Slow cooking", "Low and slow.", &[])
        .await
        .summary
        .slug;
    assert!(app.page("/").await.cards().is_empty());

    let save = |status: &'static str| {
        let (app, alice, slug) = (&app, &alice, &slug);
        async move {
            let draft = draft("Slow cooking", "Low and slow.", &[]);
            app.rpc()
                .by(alice)
                .save(Some(slug), draft, status)
                .await
                .ok()
        }
    };
    let published = save("published").await;
    assert_eq!(published["summary"]["status"], "published");
    assert!(published["summary"]["published"]["iso"].is_string());
    let cards = app.page("/").await.cards();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].title.text, "Slow cooking");
    assert_eq!(cards[0].title.href, format!("/post/{slug}"));
    let post = app.page(&format!("/post/{slug}")).await.article();
    assert_eq!(post.body.visible_text(), "Low and slow.");

    let unpublished = save("draft").await;
    assert_eq!(unpublished["summary"]["status"], "draft");
    assert!(!app.get("/").await.text().contains("Slow cooking"));
    assert!(
        app.rpc()
            .listed_titles(json!({ "page": 1 }))
            .await
            .is_empty()
    );
    app.assert_not_found_page(&format!("/post/{slug}")).await;
}

// ---- slugs ----

#[tokio::test]
async fn a_slug_is_readable_from_the_title() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let post = app
        .rpc()
        .by(&alice)
        .save(None, draft("Hello, World!", "Hi there.", &[]), "published")
        .await
        .ok();
    assert_eq!(slug_of(&post), "hello-world");
    let post = app.page("/post/hello-world").await.article();
    assert_eq!(post.title, "Hello, World!");
    assert_eq!(post.body.visible_text(), "Hi there.");
}

#[tokio::test]
async fn a_chinese_title_gives_an_ascii_slug_that_serves_the_post() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let post = app
        .rpc()
        .by(&alice)
        .save(None, draft("你好世界", "第一篇文章。", &[]), "published")
        .await
        .ok();
    let slug = slug_of(&post);
    assert!(!slug.is_empty());
    assert!(
        slug.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "{slug}"
    );
    assert_ne!(slug, "post", "readable, not a placeholder");
    let post = app.page(&format!("/post/{slug}")).await.article();
    assert_eq!(post.title, "你好世界");
    assert_eq!(post.body.visible_text(), "第一篇文章。");
}

#[tokio::test]
async fn a_clashing_slug_gets_a_suffix_and_both_posts_are_served() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let writes = [
        (&alice, "Hello, World!", "The first one.", "published"),
        (&bob, "Hello World", "The second one.", "published"),
        (&alice, "hello world", "A draft takes a slug too.", "draft"),
    ];
    let mut slugs = Vec::new();
    for (who, title, body, status) in writes {
        let reply = app
            .rpc()
            .by(who)
            .save(None, draft(title, body, &[]), status);
        slugs.push(slug_of(&reply.await.ok()));
    }
    assert_eq!(slugs, ["hello-world", "hello-world-2", "hello-world-3"]);
    let first = app.page("/post/hello-world").await.article();
    assert_eq!(first.body.visible_text(), "The first one.");
    let second = app.page("/post/hello-world-2").await.article();
    assert_eq!(second.body.visible_text(), "The second one.");
}

#[tokio::test]
async fn a_published_post_keeps_its_slug_when_its_title_changes() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let slug = app
        .publish(&alice, "First title", "Body.", &[])
        .await
        .summary
        .slug;
    assert_eq!(slug, "first-title");
    let renamed = app
        .rpc()
        .by(&alice)
        .save(
            Some(&slug),
            draft("Second title", "Body.", &[]),
            "published",
        )
        .await
        .ok();
    assert_eq!(slug_of(&renamed), "first-title");
    assert_eq!(renamed["summary"]["title"], "Second title");
    let post = app.page("/post/first-title").await.article();
    assert_eq!(post.title, "Second title");
    app.assert_not_found_page("/post/second-title").await;

    // Taken back to a draft and renamed again: links already shared keep working.
    let unpublished = app
        .rpc()
        .by(&alice)
        .save(Some(&slug), draft("Third title", "Body.", &[]), "draft")
        .await
        .ok();
    assert_eq!(slug_of(&unpublished), "first-title");
}

#[tokio::test]
async fn a_never_published_drafts_slug_follows_its_title() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let slug = app
        .write_draft(&alice, "Working title", "Body.", &[])
        .await
        .summary
        .slug;
    assert_eq!(slug, "working-title");
    let renamed = app
        .rpc()
        .by(&alice)
        .save(Some(&slug), draft("Final title", "Body.", &[]), "draft")
        .await
        .ok();
    assert_eq!(slug_of(&renamed), "final-title");
    app.rpc().by(&alice).get_post("final-title").await.ok();
    app.rpc()
        .by(&alice)
        .get_post("working-title")
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));

    let published = app
        .rpc()
        .by(&alice)
        .save(
            Some("final-title"),
            draft("Final title", "Body.", &[]),
            "published",
        )
        .await
        .ok();
    assert_eq!(slug_of(&published), "final-title");
    let post = app.page("/post/final-title").await.article();
    assert_eq!(post.title, "Final title");
}
