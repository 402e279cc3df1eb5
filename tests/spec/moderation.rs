//! Comment moderation through the real router: the site's policy and its signals hold
//! comments, a held comment is seen only by its writer and the post's moderators (never on
//! the public page or in the API for anyone else), moderators decide on it from the queue,
//! a banned account reads but writes nothing, and a post's comments can be closed.

use axum::http::StatusCode;
use blog::model::{CommentPolicy, Role};
use serde_json::{Value, json};

use crate::common::*;

/// Alice's published post, Bob and Carol reading it, and an editor looking after the site,
/// on a site with `policy`.
struct Site {
    app: TestApp,
    editor: SignedIn,
    alice: SignedIn,
    bob: SignedIn,
    carol: SignedIn,
    slug: String,
}

impl Site {
    async fn with(adjust: impl FnOnce(&mut blog::model::SiteSettings)) -> Self {
        let app = TestApp::with_settings(|s| adjust(&mut s.site)).await;
        let editor = app.account("edith", Role::Editor).await;
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
            editor,
            alice,
            bob,
            carol,
            slug,
        }
    }

    async fn comment(&self, who: &SignedIn, body: &str) -> Reply {
        let arguments = json!({ "slug": self.slug, "body": body });
        self.app.rpc().by(who).call("comments/add", arguments).await
    }

    /// The comment bodies `who` gets from the REST API.
    async fn api_bodies(&self, who: Option<&SignedIn>) -> Vec<String> {
        let uri = format!("/api/articles/{}/comments", self.slug);
        let listed = self.app.api().maybe_by(who).get(&uri).await.ok();
        bodies(&listed["comments"])
    }

    /// The comment bodies on the post's page, as the server renders it for everyone.
    async fn page_bodies(&self) -> Vec<String> {
        let reply = self.app.get(&format!("/post/{}", self.slug)).await;
        reply.assert_status(StatusCode::OK);
        reply
            .page()
            .comments()
            .into_iter()
            .map(|c| c.body)
            .collect()
    }

    async fn held_for(&self, who: &SignedIn) -> Vec<String> {
        let arguments = json!({ "slug": self.slug });
        let held = self
            .app
            .rpc()
            .by(who)
            .call("comments/held", arguments)
            .await;
        bodies(&held.ok())
    }

    async fn queue(&self, who: &SignedIn, kind: &str) -> Value {
        let arguments = json!({ "kind": kind, "page": 1 });
        self.app
            .rpc()
            .by(who)
            .call("moderation/queue", arguments)
            .await
            .ok()
    }

    async fn decide(&self, who: &SignedIn, id: &Value, verdict: &str) -> Reply {
        let arguments = json!({ "id": id, "verdict": verdict });
        self.app
            .rpc()
            .by(who)
            .call("moderation/decide", arguments)
            .await
    }

    async fn waiting(&self, who: &SignedIn) -> i64 {
        let reply = self
            .app
            .rpc()
            .by(who)
            .call("moderation/waiting", json!({}))
            .await;
        reply.ok().as_i64().expect("a count")
    }
}

fn bodies(comments: &Value) -> Vec<String> {
    comments
        .as_array()
        .expect("a list of comments")
        .iter()
        .map(|comment| comment["body"].as_str().unwrap().to_owned())
        .collect()
}

fn queued_bodies(queue: &Value) -> Vec<String> {
    queue["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|queued| queued["comment"]["body"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_held_comment_is_seen_by_its_writer_and_moderators_only_until_approved() {
    let site = Site::with(|s| s.comment_policy = CommentPolicy::AllHeld).await;
    let held = site.comment(&site.bob, "Wait for me").await.ok();
    assert_eq!(held["held"], "policy", "the writer learns it waits: {held}");

    // Not on the public page, not in the API for a stranger or anonymous reader.
    assert!(site.page_bodies().await.is_empty());
    assert!(site.api_bodies(None).await.is_empty());
    assert!(site.api_bodies(Some(&site.carol)).await.is_empty());
    assert!(site.held_for(&site.carol).await.is_empty());
    // Its writer, the post's author and an editor see it.
    assert_eq!(site.api_bodies(Some(&site.bob)).await, ["Wait for me"]);
    assert_eq!(site.held_for(&site.bob).await, ["Wait for me"]);
    assert_eq!(site.held_for(&site.alice).await, ["Wait for me"]);
    assert_eq!(site.api_bodies(Some(&site.editor)).await, ["Wait for me"]);

    // The header's count, and the queue, for the post's author and the editor; none for Carol.
    assert_eq!(site.waiting(&site.alice).await, 1);
    assert_eq!(site.waiting(&site.editor).await, 1);
    assert_eq!(site.waiting(&site.carol).await, 0);
    assert_eq!(
        queued_bodies(&site.queue(&site.editor, "held").await),
        ["Wait for me"]
    );
    assert!(queued_bodies(&site.queue(&site.carol, "held").await).is_empty());

    // Carol cannot decide on it; Alice, whose post it is under, approves it.
    site.decide(&site.carol, &held["id"], "approve")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    site.decide(&site.alice, &held["id"], "approve")
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(site.page_bodies().await, ["Wait for me"]);
    assert_eq!(site.api_bodies(None).await, ["Wait for me"]);
    assert_eq!(site.waiting(&site.alice).await, 0);

    // The post's author and moderators are never held.
    let own = site.comment(&site.alice, "Thanks!").await.ok();
    assert!(own["held"].is_null(), "{own}");
}

#[tokio::test]
async fn a_first_comment_waits_and_later_ones_show_once_one_was_approved() {
    let site = Site::with(|s| s.comment_policy = CommentPolicy::FirstHeld).await;
    let first = site.comment(&site.bob, "Hello").await.ok();
    assert_eq!(first["held"], "first_comment");
    let second = site.comment(&site.bob, "Anyone?").await.ok();
    assert_eq!(second["held"], "first_comment", "still none approved");
    site.decide(&site.editor, &first["id"], "approve")
        .await
        .assert_status(StatusCode::OK);
    let third = site.comment(&site.bob, "Thanks").await.ok();
    assert!(third["held"].is_null(), "{third}");
    assert_eq!(site.page_bodies().await, ["Hello", "Thanks"]);
}

#[tokio::test]
async fn links_over_the_limit_and_listed_words_hold_a_comment_on_an_open_site() {
    let site = Site::with(|s| {
        s.comment_link_limit = 1;
        s.comment_held_words = vec!["casino".into()];
    })
    .await;
    let fine = site.comment(&site.bob, "See https://a.example").await.ok();
    assert!(fine["held"].is_null(), "{fine}");
    let links = site
        .comment(&site.bob, "https://a.example https://b.example")
        .await
        .ok();
    assert_eq!(links["held"], "links");
    let words = site.comment(&site.carol, "Best Casino deals").await.ok();
    assert_eq!(words["held"], "words");
    assert_eq!(site.page_bodies().await, ["See https://a.example"]);

    // Rejected: gone. Marked spam: out of the queue, in the spam list.
    site.decide(&site.editor, &links["id"], "reject")
        .await
        .assert_status(StatusCode::OK);
    site.decide(&site.editor, &words["id"], "spam")
        .await
        .assert_status(StatusCode::OK);
    assert!(queued_bodies(&site.queue(&site.editor, "held").await).is_empty());
    assert_eq!(
        queued_bodies(&site.queue(&site.editor, "spam").await),
        ["Best Casino deals"]
    );
    assert!(
        site.held_for(&site.carol).await.is_empty(),
        "spam is out of sight"
    );
    assert_eq!(site.page_bodies().await, ["See https://a.example"]);
}

#[tokio::test]
async fn a_banned_account_reads_but_neither_comments_nor_posts_until_the_ban_is_lifted() {
    let site = Site::with(|s| s.comment_policy = CommentPolicy::AllHeld).await;
    let spam = site.comment(&site.bob, "Buy now").await.ok();
    let other = site.comment(&site.bob, "Buy more").await.ok();

    // An author moderates their post's comments but does not ban: that reaches the site.
    site.decide(&site.alice, &spam["id"], "ban")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    site.decide(&site.editor, &spam["id"], "ban")
        .await
        .assert_status(StatusCode::OK);
    // Both waiting comments went to spam with the ban.
    assert!(queued_bodies(&site.queue(&site.editor, "held").await).is_empty());
    assert_eq!(
        queued_bodies(&site.queue(&site.editor, "spam").await).len(),
        2,
        "{other}"
    );

    // Bob still reads, but writes nothing.
    site.app
        .get(&format!("/post/{}", site.slug))
        .await
        .assert_status(StatusCode::OK);
    let refused = site.comment(&site.bob, "Let me in").await;
    refused.assert_status(StatusCode::FORBIDDEN);
    assert!(
        refused.body.to_string().contains("banned"),
        "says why: {refused:?}"
    );
    let article = json!({"article": {"title": "Mine", "description": "d", "body": "b"}});
    site.app
        .api()
        .by(&site.bob)
        .post("/api/articles", article)
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // The ban is listed, audited, and lifted.
    let banned = site
        .app
        .rpc()
        .by(&site.editor)
        .call("moderation/banned", json!({}))
        .await
        .ok();
    assert_eq!(banned[0]["username"], "bob");
    let audit: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log")
        .fetch_all(&site.app.state.db)
        .await
        .unwrap();
    assert!(audit.contains(&"account banned".to_owned()), "{audit:?}");
    site.app
        .rpc()
        .by(&site.editor)
        .call("moderation/lift-ban", json!({ "username": "bob" }))
        .await
        .assert_status(StatusCode::OK);
    site.comment(&site.bob, "Sorry")
        .await
        .assert_status(StatusCode::OK);

    // Moderators themselves are not banned.
    let editor_comment = site.comment(&site.editor, "Hi").await.ok();
    site.decide(&site.editor, &editor_comment["id"], "ban")
        .await
        .assert_invalid("username");
}

#[tokio::test]
async fn closed_comments_refuse_new_ones_and_keep_the_old() {
    let site = Site::with(|_| {}).await;
    site.comment(&site.bob, "Early").await.ok();
    let close = json!({ "slug": site.slug, "closed": true });
    site.app
        .rpc()
        .by(&site.carol)
        .call("comments/closed", close.clone())
        .await
        .assert_status(StatusCode::FORBIDDEN);
    site.app
        .rpc()
        .by(&site.alice)
        .call("comments/closed", close)
        .await
        .assert_status(StatusCode::OK);
    let refused = site.comment(&site.bob, "Late").await;
    refused.assert_status(StatusCode::FORBIDDEN);
    assert!(refused.body.to_string().contains("closed"), "{refused:?}");
    let api = format!("/api/articles/{}/comments", site.slug);
    site.app
        .api()
        .by(&site.bob)
        .post(&api, json!({"comment": {"body": "Late"}}))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    assert_eq!(site.page_bodies().await, ["Early"]);
    let page = site.app.get(&format!("/post/{}", site.slug)).await;
    assert!(page.text().contains("Comments are closed."));

    // A site that closes comments closes them everywhere.
    let closed_site = Site::with(|s| s.comment_policy = CommentPolicy::Closed).await;
    closed_site
        .comment(&closed_site.bob, "Hi")
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
