//! Who may read, edit and delete a post through the server functions, one table per action:
//! its author, an admin, another author, and a visitor who is not signed in. A draft does not
//! exist for those who may not read it; a published post is forbidden to those who may not
//! change it.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;

#[derive(Debug, Clone, Copy)]
enum Role {
    Author,
    Admin,
    OtherAuthor,
    Anonymous,
}

/// What a caller in that role gets.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Allowed,
    /// The post does not exist, for them.
    NotFound,
    Forbidden,
    SignInRequired,
}

/// The post a row acts on: a new one of Alice's each time.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Published,
    Draft,
}

use Kind::*;
use Outcome::*;
use Role::*;

/// Alice writes; Bob is another author; the admin may do anything.
struct Cast {
    app: TestApp,
    admin: SignedIn,
    alice: SignedIn,
    bob: SignedIn,
}

impl Cast {
    async fn new() -> Self {
        let app = TestApp::new().await;
        let admin = app.admin("admin").await;
        let alice = app.user("alice").await;
        let bob = app.user("bob").await;
        Self {
            app,
            admin,
            alice,
            bob,
        }
    }

    fn who(&self, role: Role) -> Option<&SignedIn> {
        match role {
            Author => Some(&self.alice),
            Admin => Some(&self.admin),
            OtherAuthor => Some(&self.bob),
            Anonymous => None,
        }
    }

    /// A new post of Alice's: "Alice's post", or "Alice's draft".
    async fn alices(&self, kind: Kind, body: &str) -> String {
        let (app, alice) = (&self.app, &self.alice);
        let post = match kind {
            Published => app.publish(alice, "Alice's post", body, &[]).await,
            Draft => app.write_draft(alice, "Alice's draft", body, &[]).await,
        };
        post.summary.slug
    }

    /// The post as Alice reads it, or `None` when it is gone.
    async fn as_alice_reads_it(&self, slug: &str) -> Option<Value> {
        let reply = self.app.rpc().by(&self.alice).get_post(slug).await;
        (reply.status == StatusCode::OK).then_some(reply.body)
    }
}

#[track_caller]
fn assert_outcome(reply: &Reply, expected: Outcome, context: &str) {
    let (status, error) = match expected {
        Allowed => return assert_eq!(reply.status, StatusCode::OK, "{context}: {reply:?}"),
        NotFound => (StatusCode::NOT_FOUND, "NotFound"),
        Forbidden => (StatusCode::FORBIDDEN, "Forbidden"),
        SignInRequired => (StatusCode::UNAUTHORIZED, "SignInRequired"),
    };
    assert_eq!(reply.status, status, "{context}: {reply:?}");
    assert_eq!(reply.body, json!(error), "{context}");
}

#[tokio::test]
async fn reading_a_draft() {
    let cast = Cast::new().await;
    let slug = cast.alices(Draft, "Not yet.").await;
    for (role, expected) in [
        (Author, Allowed),
        (Admin, Allowed),
        (OtherAuthor, NotFound),
        (Anonymous, NotFound),
    ] {
        let reply = cast
            .app
            .rpc()
            .maybe_by(cast.who(role))
            .get_post(&slug)
            .await;
        assert_outcome(&reply, expected, &format!("{role:?}"));
        if expected == Allowed {
            assert_eq!(reply.body["summary"]["title"], "Alice's draft", "{role:?}");
            assert_eq!(reply.body["body"], "Not yet.", "{role:?}");
        }
    }
    // Pages are rendered for whoever asks, signed out: a draft is not found there.
    let page = cast
        .app
        .assert_not_found_page(&format!("/post/{slug}"))
        .await;
    assert!(!page.html().contains("Not yet."), "{page:?}");
}

#[tokio::test]
async fn saving_over_a_post() {
    let cast = Cast::new().await;
    for (kind, role, expected) in [
        (Published, Author, Allowed),
        (Published, Admin, Allowed),
        (Published, OtherAuthor, Forbidden),
        (Published, Anonymous, SignInRequired),
        (Draft, Author, Allowed),
        (Draft, Admin, Allowed),
        (Draft, OtherAuthor, NotFound),
        (Draft, Anonymous, SignInRequired),
    ] {
        let context = format!("{role:?} saving over {kind:?}");
        let slug = cast.alices(kind, "Alice wrote this.").await;
        let status = match kind {
            Draft => "draft",
            Published => "published",
        };
        let reply = cast
            .app
            .rpc()
            .maybe_by(cast.who(role))
            .save(
                Some(&slug),
                draft("Changed", "Changed by someone.", &[]),
                status,
            )
            .await;
        assert_outcome(&reply, expected, &context);
        // A draft that was never published takes its new title's slug.
        let slug = match expected {
            Allowed => slug_of(&reply.body),
            _ => slug,
        };
        let post = cast.as_alice_reads_it(&slug).await.expect("still there");
        let (title, body) = match (expected, kind) {
            (Allowed, _) => ("Changed", "Changed by someone."),
            (_, Draft) => ("Alice's draft", "Alice wrote this."),
            (_, Published) => ("Alice's post", "Alice wrote this."),
        };
        assert_eq!(post["summary"]["title"], title, "{context}");
        assert_eq!(post["body"], body, "{context}");
        assert_eq!(post["summary"]["status"], status, "{context}");
        assert_eq!(post["summary"]["author"]["username"], "alice", "{context}");
        if kind == Published {
            let reply = cast.app.get(&format!("/post/{slug}")).await;
            let article = reply.page().article();
            // The page also links to other posts, which earlier rows may have changed.
            if expected != Allowed {
                assert!(!article.html.contains("Changed"), "{context}: {reply:?}");
            }
            assert_eq!(article.title, title, "{context}");
            assert_eq!(article.body.visible_text(), body, "{context}");
        }
    }
}

#[tokio::test]
async fn deleting_a_post() {
    let cast = Cast::new().await;
    for (kind, role, expected) in [
        (Published, Author, Allowed),
        (Published, Admin, Allowed),
        (Published, OtherAuthor, Forbidden),
        (Published, Anonymous, SignInRequired),
        (Draft, Author, Allowed),
        (Draft, Admin, Allowed),
        (Draft, OtherAuthor, NotFound),
        (Draft, Anonymous, SignInRequired),
    ] {
        let context = format!("{role:?} deleting {kind:?}");
        let slug = cast.alices(kind, "Kept?").await;
        let reply = cast
            .app
            .rpc()
            .maybe_by(cast.who(role))
            .delete_post(&slug)
            .await;
        assert_outcome(&reply, expected, &context);
        let kept = cast.as_alice_reads_it(&slug).await.is_some();
        assert_eq!(kept, expected != Allowed, "{context}");
        let page = format!("/post/{slug}");
        match (expected, kind) {
            (Allowed, _) => assert_eq!(reply.body, Value::Null, "{context}"),
            (_, Published) => {
                let article = cast.app.page(&page).await.article();
                assert_eq!(article.body.visible_text(), "Kept?", "{context}");
            }
            (_, Draft) => {}
        }
        if kind == Published && expected == Allowed {
            cast.app.assert_not_found_page(&page).await;
        }
    }
    // Whatever was deleted is gone from the lists too; what was refused stays.
    let listed = cast.app.rpc().listed_titles(json!({ "page": 1 })).await;
    assert_eq!(listed, ["Alice's post", "Alice's post"]);
    let drafts = cast.app.rpc().by(&cast.alice).drafts().await.ok();
    assert_eq!(titles(&drafts["posts"]), ["Alice's draft", "Alice's draft"]);
}

#[tokio::test]
async fn loading_a_post_into_the_editor() {
    let cast = Cast::new().await;
    let published = cast.alices(Published, "The *Markdown*.").await;
    let unpublished = cast.alices(Draft, "Later.").await;
    for (kind, role, expected) in [
        (Published, Author, Allowed),
        (Published, Admin, Allowed),
        (Published, OtherAuthor, Forbidden),
        (Published, Anonymous, SignInRequired),
        (Draft, Author, Allowed),
        (Draft, Admin, Allowed),
        (Draft, OtherAuthor, NotFound),
        (Draft, Anonymous, SignInRequired),
    ] {
        let context = format!("{role:?} editing {kind:?}");
        let (slug, markdown) = match kind {
            Published => (&published, "The *Markdown*."),
            Draft => (&unpublished, "Later."),
        };
        let reply = cast
            .app
            .rpc()
            .maybe_by(cast.who(role))
            .call("posts/edit", json!({ "slug": slug }))
            .await;
        assert_outcome(&reply, expected, &context);
        if expected == Allowed {
            let body = &reply.body["body"];
            assert_eq!(body, markdown, "{context}: the Markdown to edit");
        }
    }
}

#[tokio::test]
async fn writing_needs_a_genuine_sign_in() {
    let app = TestApp::new().await;
    let new_post = || draft("Anonymous", "x", &[]);
    app.rpc()
        .save(None, new_post(), "published")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
    // A token that is not genuine is no better.
    app.rpc()
        .token("not-a-token")
        .save(None, new_post(), "published")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
    let listed = app.rpc().listed_titles(json!({ "page": 1 })).await;
    assert!(listed.is_empty(), "{listed:?}");
}
