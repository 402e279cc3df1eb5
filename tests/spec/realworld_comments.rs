//! RealWorld comments under `/api`: added by signed-in readers, read by anyone, deleted by
//! their writer or the article's author only, and only through their own article; a draft's
//! comments do not exist.

use axum::http::StatusCode;
use blog::model::{PostDraft, PostStatus};
use serde_json::{Value, json};

use crate::common::*;

fn comment(body: &str) -> Value {
    json!({"comment": {"body": body}})
}

#[tokio::test]
async fn comments_are_added_by_signed_in_readers_and_read_by_anyone() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let slug = slug(&app.api().by(&alice).create_article("Discuss", &[]).await);
    let comments = format!("/api/articles/{slug}/comments");

    let reply = app
        .api()
        .by(&bob)
        .post(&comments, comment("Thank you so much!"))
        .await;
    reply.assert_status(StatusCode::CREATED);
    let added = &reply.body["comment"];
    let id = added["id"].as_i64().expect("an integer id");
    assert_eq!(added["body"], "Thank you so much!");
    assert_rfc3339_utc(&added["createdAt"]);
    assert_rfc3339_utc(&added["updatedAt"]);
    assert_eq!(
        added["author"],
        json!({"username": "bob", "bio": null, "image": null, "following": false})
    );

    let anonymous = app.api().get(&comments).await.ok();
    let list = anonymous["comments"].as_array().expect("comments");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["body"], "Thank you so much!");
    assert_eq!(list[0]["author"]["username"], "bob");
}

#[tokio::test]
async fn commenting_needs_a_token_and_a_body() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let slug = slug(&app.api().by(&alice).create_article("Discuss", &[]).await);
    let comments = format!("/api/articles/{slug}/comments");

    let anonymous = app.api().post(&comments, comment("Hi")).await;
    anonymous.assert_api_error(StatusCode::UNAUTHORIZED, "token", "is missing");
    for body in [comment(""), json!({"comment": {}})] {
        app.api()
            .by(&alice)
            .post(&comments, body)
            .await
            .assert_blank("body");
    }
    let list = app.api().get(&comments).await.ok();
    assert_eq!(list, json!({"comments": []}));
}

#[tokio::test]
async fn who_may_delete_a_comment() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    let slug = slug(&app.api().by(&alice).create_article("Discuss", &[]).await);
    let comments = format!("/api/articles/{slug}/comments");
    let missing = (StatusCode::UNAUTHORIZED, "token", "is missing");
    let forbidden = (StatusCode::FORBIDDEN, "comment", "forbidden");
    // Carol comments; `None` is allowed.
    for (who, name, refused) in [
        (None, "a visitor", Some(missing)),
        (Some(&bob), "another reader", Some(forbidden)),
        (Some(&carol), "its writer", None),
        (Some(&alice), "the article's author", None),
    ] {
        let reply = app
            .api()
            .by(&carol)
            .post(&comments, comment("Carol was here"))
            .await;
        let id = reply.body["comment"]["id"].as_i64().expect("comment id");
        let uri = format!("{comments}/{id}");
        let reply = app.api().maybe_by(who).delete(&uri).await;
        match refused {
            Some((status, key, message)) => reply.assert_api_error(status, key, message),
            None => reply.assert_status(StatusCode::NO_CONTENT).assert_empty(),
        }
        let list = app.api().get(&comments).await.ok();
        let left = list["comments"].as_array().unwrap().len();
        assert_eq!(left, usize::from(refused.is_some()), "{name}: {list}");
        if refused.is_some() {
            // Carol tidies up for the next row.
            app.api()
                .by(&carol)
                .delete(&uri)
                .await
                .assert_status(StatusCode::NO_CONTENT);
        } else {
            let again = app.api().by(&carol).delete(&uri).await;
            again.assert_api_error(StatusCode::NOT_FOUND, "comment", "not found");
        }
    }
}

#[tokio::test]
async fn a_comment_is_deleted_only_through_its_own_article() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let first = slug(&app.api().by(&alice).create_article("First", &[]).await);
    let second = slug(&app.api().by(&alice).create_article("Second", &[]).await);
    let comments = format!("/api/articles/{first}/comments");
    let reply = app
        .api()
        .by(&alice)
        .post(&comments, comment("On the first"))
        .await;
    let id = reply.body["comment"]["id"].as_i64().expect("comment id");

    for uri in [
        format!("/api/articles/{second}/comments/{id}"),
        format!("{comments}/999999"),
    ] {
        let reply = app.api().by(&alice).delete(&uri).await;
        reply.assert_api_error(StatusCode::NOT_FOUND, "comment", "not found");
    }
    let list = app.api().get(&comments).await.ok();
    assert_eq!(list["comments"].as_array().unwrap().len(), 1, "{list}");
}

#[tokio::test]
async fn comment_authors_are_followed_only_in_the_followers_view() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let slug = slug(&app.api().by(&alice).create_article("Discuss", &[]).await);
    let comments = format!("/api/articles/{slug}/comments");
    let reply = app
        .api()
        .by(&alice)
        .post(&comments, comment("First!"))
        .await;
    reply.assert_status(StatusCode::CREATED);
    app.api()
        .by(&bob)
        .post_empty("/api/profiles/alice/follow")
        .await
        .ok();

    for (reader, following) in [(Some(&bob), true), (None, false)] {
        let list = app.api().maybe_by(reader).get(&comments).await.ok();
        assert_eq!(
            list["comments"][0]["author"]["following"], following,
            "{reader:?}"
        );
    }
}

#[tokio::test]
async fn a_drafts_comments_do_not_exist_in_the_api_even_for_its_author() {
    let app = TestApp::new().await;
    let drafter = app.user("drafter").await;
    let draft = PostDraft {
        title: "Unfinished".into(),
        body: "Not yet.".into(),
        ..Default::default()
    };
    let draft = app
        .state
        .posts
        .create(drafter.id, draft, PostStatus::Draft)
        .await
        .unwrap();
    let uri = format!("/api/articles/{}/comments", draft.summary.slug);
    for reply in [
        app.api().by(&drafter).get(&uri).await,
        app.api().by(&drafter).post(&uri, comment("hm")).await,
        app.api().by(&drafter).delete(&format!("{uri}/1")).await,
    ] {
        reply.assert_api_error(StatusCode::NOT_FOUND, "article", "not found");
    }
}
