//! RealWorld profiles under `/api`: public to anyone, and following, which only the follower
//! sees, on profiles and on the authors of articles.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn a_profile_is_public_and_an_unknown_one_is_404() {
    let app = TestApp::new().await;
    app.user("alice").await;
    let reply = app.api().get("/api/profiles/alice").await.ok();
    assert_eq!(
        reply,
        json!({"profile": {"username": "alice", "bio": null, "image": null, "following": false}})
    );
    let unknown = app.api().get("/api/profiles/nobody").await;
    unknown.assert_api_error(StatusCode::NOT_FOUND, "profile", "not found");
}

#[tokio::test]
async fn following_is_seen_by_the_follower_only_and_undone_by_unfollow() {
    let app = TestApp::new().await;
    app.user("alice").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    let follow = "/api/profiles/alice/follow";

    let followed = app.api().by(&bob).post_empty(follow).await.ok();
    assert_eq!(followed["profile"]["username"], "alice");
    assert_eq!(followed["profile"]["following"], true);
    for (reader, following) in [(Some(&bob), true), (Some(&carol), false), (None, false)] {
        let profile = app
            .api()
            .maybe_by(reader)
            .get("/api/profiles/alice")
            .await
            .ok();
        assert_eq!(profile["profile"]["following"], following, "{reader:?}");
    }

    let unfollowed = app.api().by(&bob).delete(follow).await.ok();
    assert_eq!(unfollowed["profile"]["following"], false);
    let as_bob = app.api().by(&bob).get("/api/profiles/alice").await.ok();
    assert_eq!(as_bob["profile"]["following"], false);
}

#[tokio::test]
async fn following_needs_a_token_an_existing_user_and_someone_else() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.user("bob").await;
    let api = || app.api();

    for reply in [
        api().post_empty("/api/profiles/bob/follow").await,
        api().delete("/api/profiles/bob/follow").await,
    ] {
        reply.assert_api_error(StatusCode::UNAUTHORIZED, "token", "is missing");
    }
    for reply in [
        api()
            .by(&alice)
            .post_empty("/api/profiles/nobody/follow")
            .await,
        api().by(&alice).delete("/api/profiles/nobody/follow").await,
    ] {
        reply.assert_api_error(StatusCode::NOT_FOUND, "profile", "not found");
    }
    let myself = api()
        .by(&alice)
        .post_empty("/api/profiles/alice/follow")
        .await;
    myself.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "username");
}

#[tokio::test]
async fn the_author_is_followed_only_in_the_followers_view_of_articles() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    let slug = slug(&app.api().by(&alice).create_article("Followed", &[]).await);
    let uri = format!("/api/articles/{slug}");
    app.api()
        .by(&bob)
        .post_empty("/api/profiles/alice/follow")
        .await
        .assert_status(StatusCode::OK);

    for (reader, following) in [(None, false), (Some(&carol), false), (Some(&bob), true)] {
        let read = app.api().maybe_by(reader).get(&uri).await.ok();
        assert_eq!(
            read["article"]["author"]["following"], following,
            "{reader:?}"
        );
        let list = app.api().maybe_by(reader).get("/api/articles").await.ok();
        let author = &list["articles"][0]["author"];
        assert_eq!(author["following"], following, "{reader:?}");
    }
}
