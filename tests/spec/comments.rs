//! Comments under a post, through the server functions and on the post page: who may write
//! them, how they are shown, and who may delete them.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;

/// A published post by Alice; Bob and Carol read it, and the admin looks after the site.
struct Conversation {
    app: TestApp,
    admin: SignedIn,
    alice: SignedIn,
    bob: SignedIn,
    carol: SignedIn,
    slug: String,
}

impl Conversation {
    async fn new() -> Self {
        let app = TestApp::new().await;
        let admin = app.admin("admin").await;
        let alice = app.user("alice").await;
        let bob = app.user("bob").await;
        let carol = app.user("carol").await;
        let slug = app
            .publish(&alice, "Discuss", "Talk to me.", &[])
            .await
            .summary
            .slug;
        Self {
            app,
            admin,
            alice,
            bob,
            carol,
            slug,
        }
    }

    async fn comment(&self, who: Option<&SignedIn>, body: &str) -> Reply {
        let arguments = json!({ "slug": self.slug, "body": body });
        self.app
            .rpc()
            .maybe_by(who)
            .call("comments/add", arguments)
            .await
    }

    async fn delete(&self, who: Option<&SignedIn>, slug: &str, id: &Value) -> Reply {
        let arguments = json!({ "slug": slug, "id": id });
        self.app
            .rpc()
            .maybe_by(who)
            .call("comments/delete", arguments)
            .await
    }

    async fn page(&self) -> Reply {
        let reply = self.app.get(&format!("/post/{}", self.slug)).await;
        reply.assert_status(StatusCode::OK);
        reply
    }
}

#[tokio::test]
async fn a_signed_in_reader_comments_and_the_comment_shows_on_the_post_page() {
    let talk = Conversation::new().await;
    let comment = talk.comment(Some(&talk.bob), "  Nice post!  ").await.ok();
    assert_eq!(comment["body"], "Nice post!");
    assert_eq!(comment["author"]["username"], "bob");
    let second = talk.comment(Some(&talk.carol), "Agreed.").await.ok();
    assert_ne!(comment["id"], second["id"]);

    let comments = talk.page().await.page().comments();
    let shown: Vec<(&str, &str)> = comments
        .iter()
        .map(|c| (c.body.as_str(), c.author.text.as_str()))
        .collect();
    assert_eq!(
        shown,
        [("Nice post!", "bob"), ("Agreed.", "carol")],
        "oldest first"
    );
    let arguments = json!({ "slug": talk.slug, "page": 1 });
    let listed = talk.app.rpc().call("comments/list", arguments).await.ok();
    assert_eq!(listed["comments"].as_array().unwrap().len(), 2, "{listed}");
    assert_eq!(listed["more"], false, "{listed}");
}

#[tokio::test]
async fn anonymous_visitors_cannot_comment() {
    let talk = Conversation::new().await;
    talk.comment(None, "Drive-by.")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
    let reply = talk.page().await;
    assert!(!reply.text().contains("Drive-by."));
    assert_eq!(
        reply.page().text("section.comments p.empty"),
        "No comments yet."
    );
}

#[tokio::test]
async fn a_comment_with_html_is_shown_as_text() {
    let talk = Conversation::new().await;
    let typed = [
        "<b>hi</b>",
        "</script><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
    ];
    for body in typed {
        talk.comment(Some(&talk.bob), body).await.ok();
    }
    let reply = talk.page().await;
    let page = reply.page();
    assert_eq!(page.comment_bodies(), typed, "as typed, as text");
    let list = page.part("ol.comment-list").expect("the comments");
    assert!(!list.has("b") && !list.has("img"), "{list:?}");
    list.assert_harmless("comments");
    assert!(
        !reply
            .text()
            .to_ascii_lowercase()
            .contains("<script>alert(1)")
    );
}

#[tokio::test]
async fn a_blank_comment_is_refused() {
    let talk = Conversation::new().await;
    talk.comment(Some(&talk.bob), "   \n ")
        .await
        .assert_invalid("body");
    let page = talk.page().await.page();
    assert_eq!(page.text("section.comments p.empty"), "No comments yet.");
}

#[tokio::test]
async fn a_draft_cannot_be_commented_on() {
    let talk = Conversation::new().await;
    let app = &talk.app;
    let slug = app
        .write_draft(&talk.alice, "Not yet", "Soon.", &[])
        .await
        .summary
        .slug;
    // Another author cannot even see it; its author is told why.
    let first = json!({ "slug": slug, "body": "First!" });
    app.rpc()
        .by(&talk.bob)
        .call("comments/add", first)
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
    let note = json!({ "slug": slug, "body": "Note to self." });
    app.rpc()
        .by(&talk.alice)
        .call("comments/add", note)
        .await
        .assert_invalid("body");
}

#[tokio::test]
async fn deleting_a_comment() {
    let talk = Conversation::new().await;
    for (who, name, expected) in [
        (Some(&talk.bob), "its writer", Ok(())),
        (Some(&talk.alice), "the post's author", Ok(())),
        (Some(&talk.admin), "an admin", Ok(())),
        (
            Some(&talk.carol),
            "another reader",
            Err((StatusCode::FORBIDDEN, "Forbidden")),
        ),
        (
            None,
            "a visitor",
            Err((StatusCode::UNAUTHORIZED, "SignInRequired")),
        ),
    ] {
        let body = format!("Bob's comment, for {name} to delete");
        let comment = talk
            .app
            .state
            .comments
            .add(talk.bob.id, &talk.slug, &body)
            .await
            .unwrap();
        let reply = talk.delete(who, &talk.slug, &json!(comment.id)).await;
        match expected {
            Ok(()) => assert_eq!(reply.ok(), Value::Null, "{name}"),
            Err((status, error)) => reply.assert_error(status, json!(error)),
        }
        let shown = talk.page().await.page().comment_bodies().contains(&body);
        assert_eq!(shown, expected.is_err(), "{name}: still there?");
    }
}

#[tokio::test]
async fn a_comment_cannot_be_deleted_through_another_posts_address() {
    let talk = Conversation::new().await;
    let comment = talk
        .comment(Some(&talk.bob), "On the first post.")
        .await
        .ok();
    // Carol's own post: she may delete comments on it, but this one is not on it.
    let other = talk
        .app
        .publish(&talk.carol, "Other post", "Elsewhere.", &[])
        .await;
    talk.delete(Some(&talk.carol), &other.summary.slug, &comment["id"])
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
    let page = talk.page().await.page();
    assert_eq!(page.comment_bodies(), ["On the first post."]);
    talk.delete(Some(&talk.bob), &talk.slug, &json!(999_999))
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
}

#[tokio::test]
async fn a_comment_s_markdown_shows_emphasis_code_and_links_that_lend_no_ranking() {
    let talk = Conversation::new().await;
    let typed = "**Bold** and `code`\nsee [the docs](https://example.com/docs) \
                 [bad](javascript:alert(1)) <script>alert(1)</script>";
    let comment = talk.comment(Some(&talk.bob), typed).await.ok();
    assert_eq!(comment["body"], typed, "the Markdown is kept as written");
    let reply = talk.page().await;
    let page = reply.page();
    let body = page.part(".comment-body").expect("the comment");
    assert_eq!(body.text("strong"), "Bold");
    assert_eq!(body.text("code"), "code");
    assert!(body.has("br"), "a typed line break stays one");
    assert_eq!(
        body.attr("a", "href").as_deref(),
        Some("https://example.com/docs")
    );
    assert_eq!(
        body.attr("a", "rel").as_deref(),
        Some("nofollow ugc noopener")
    );
    assert_eq!(
        body.count("a[href]"),
        1,
        "no javascript: link: {}",
        body.html()
    );
    assert!(!body.has("script"));
    assert!(body.visible_text().contains("<script>alert(1)</script>"));
    body.assert_harmless("a comment");
    // The API gives the Markdown back, as RealWorld clients show it.
    let api = talk
        .app
        .api()
        .get(&format!("/api/articles/{}/comments", talk.slug))
        .await
        .ok();
    assert_eq!(api["comments"][0]["body"], typed);
}
