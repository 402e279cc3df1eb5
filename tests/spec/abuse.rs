//! What one client can make the server do: bounded input lists, bounded bodies, bounded
//! password hashing, throttled guessing and sign-ups, counted the same at every door.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;

/// Behind one trusted proxy, so each test can speak from the address it chooses.
async fn behind_a_proxy(adjust: impl FnOnce(&mut blog::server::settings::Settings)) -> TestApp {
    TestApp::with_settings(|settings| {
        settings.server.trusted_proxy_hops = 1;
        adjust(settings);
    })
    .await
}

#[tokio::test]
async fn a_flood_of_tags_is_refused_by_its_count_before_any_tag_is_looked_at() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    // The first tag is invalid too: a count checked first is what the answer names.
    let mut tags = vec!["not/allowed".to_owned()];
    tags.extend((0..60_000).map(|n| format!("t{n}")));
    let article =
        json!({"article": {"title": "T", "description": "D", "body": "B", "tagList": tags}});
    let reply = app.api().by(&alice).post("/api/articles", article).await;
    reply.assert_api_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "tagList",
        "has too many tags (maximum is 10)",
    );
    let draft = json!({
        "slug": null,
        "draft": {"title": "T", "description": "", "body": "", "tags": tags},
        "publication": {"kind": "draft"},
    });
    let reply = app.rpc().by(&alice).call("posts/save", draft).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{reply:?}");
    assert_eq!(reply.body["Invalid"]["field"], "tags", "{reply:?}");
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_at_every_door() {
    let app = TestApp::with_settings(|settings| settings.server.max_body_bytes = 4096).await;
    let big = "x".repeat(8192);
    let login = app
        .rpc()
        .browser()
        .form("auth/login", &[("login", "alice"), ("password", &big)])
        .await;
    assert_eq!(login.status, StatusCode::PAYLOAD_TOO_LARGE, "{login:?}");
    let seed = app
        .seed()
        .post("/auth", json!({"username": "alice", "password": big}))
        .await;
    assert_eq!(seed.status, StatusCode::PAYLOAD_TOO_LARGE, "{seed:?}");
}

#[tokio::test]
async fn a_body_over_the_server_wide_cap_is_refused_at_the_api_in_its_own_json() {
    let app = TestApp::with_settings(|settings| {
        settings.server.max_body_bytes = 4096;
        settings.api.max_body_bytes = 4096;
        settings.media.max_upload_bytes = 4096;
    })
    .await;
    let alice = app.user("alice").await;
    // Larger than any door reads: the edge refuses it before the API's router sees it.
    // Sent as every HTTP client sends it, with its length, which the edge reads first.
    let body =
        json!({"article": {"title": "Big", "description": "d", "body": "x".repeat(1 << 20)}});
    let length = body.to_string().len().to_string();
    let reply = app
        .api()
        .by(&alice)
        .header("content-length", &length)
        .post("/api/articles", body)
        .await;
    reply.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        reply
            .header("content-type")
            .is_some_and(|value| value.starts_with("application/json")),
        "{reply:?}"
    );
    assert_eq!(
        reply.body["errors"]["request"][0],
        "the body is larger than this server accepts"
    );
}

#[tokio::test]
async fn a_preview_longer_than_a_post_may_be_is_refused() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let markdown = "a".repeat(200_001);
    let reply = app
        .rpc()
        .by(&alice)
        .call("posts/preview", json!({ "markdown": markdown }))
        .await;
    reply.assert_invalid("body");
}

#[tokio::test]
async fn when_every_hashing_slot_is_taken_sign_ins_wait_briefly_then_get_429() {
    let app = TestApp::with_settings(|settings| {
        settings.auth.hashing_permits = 1;
        settings.auth.hashing_queue_wait = Duration::ZERO;
    })
    .await;
    app.user("alice").await;
    let attempts = (0..8).map(|_| {
        app.api().post(
            "/api/users/login",
            json!({"user": {"email": "alice@example.com", "password": "not the password"}}),
        )
    });
    let replies = futures::future::join_all(attempts).await;
    let busy: Vec<&Reply> = replies
        .iter()
        .filter(|reply| reply.status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(!busy.is_empty(), "{replies:?}");
    assert!(
        busy.iter()
            .all(|reply| reply.header("retry-after") == Some("1"))
    );
    assert!(
        replies.iter().all(
            |reply| [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS]
                .contains(&reply.status)
        ),
        "{replies:?}"
    );
}

/// A failed sign-in through `door` from `address`.
async fn fail_to_sign_in(app: &TestApp, door: &str, address: &str) -> Reply {
    let password = "not the password";
    match door {
        "rpc" => {
            app.rpc()
                .header("x-forwarded-for", address)
                .form("auth/login", &[("login", "alice"), ("password", password)])
                .await
        }
        "api" => {
            app.api()
                .header("x-forwarded-for", address)
                .post(
                    "/api/users/login",
                    json!({"user": {"email": "alice@example.com", "password": password}}),
                )
                .await
        }
        _ => {
            app.seed()
                .header("x-forwarded-for", address)
                .post("/auth", json!({"username": "alice", "password": password}))
                .await
        }
    }
}

#[tokio::test]
async fn failed_sign_ins_at_any_door_count_together_and_back_off_exponentially() {
    let app = behind_a_proxy(|_| {}).await;
    app.user("alice").await;
    let home = "192.0.2.10";
    for door in ["rpc", "api", "seed", "rpc", "api"] {
        let reply = fail_to_sign_in(&app, door, home).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{door}: {reply:?}");
    }
    // Five failures are free; the sixth attempt waits a second, even with the password.
    let right = app
        .seed()
        .header("x-forwarded-for", home)
        .post("/auth", json!({"username": "alice", "password": PASSWORD}))
        .await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "{right:?}");
    assert_eq!(right.header("retry-after"), Some("1"));
    for door in ["rpc", "api"] {
        let reply = fail_to_sign_in(&app, door, home).await;
        assert_eq!(
            reply.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{door}: {reply:?}"
        );
    }
    // The owner elsewhere is not slowed down by these failures.
    let elsewhere = app
        .seed()
        .header("x-forwarded-for", "198.51.100.20")
        .post("/auth", json!({"username": "alice", "password": PASSWORD}))
        .await;
    assert_eq!(elsewhere.status, StatusCode::OK, "{elsewhere:?}");

    // Each further failure doubles the wait: 1 s, then 2 s.
    app.advance(Duration::from_secs(1));
    assert_eq!(
        fail_to_sign_in(&app, "api", home).await.status,
        StatusCode::UNAUTHORIZED
    );
    app.advance(Duration::from_secs(1));
    let waiting = fail_to_sign_in(&app, "api", home).await;
    assert_eq!(waiting.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(waiting.header("retry-after"), Some("1"));
    // A quiet window later, everything is forgotten.
    app.advance(Duration::from_secs(16 * 60));
    let right = app
        .api()
        .header("x-forwarded-for", home)
        .post(
            "/api/users/login",
            json!({"user": {"email": "alice@example.com", "password": PASSWORD}}),
        )
        .await;
    assert_eq!(right.status, StatusCode::OK, "{right:?}");
}

#[tokio::test]
async fn a_realworld_test_run_from_one_address_is_never_throttled() {
    let app = behind_a_proxy(|_| {}).await;
    let address = "203.0.113.5";
    for n in 0..25 {
        let user = json!({"user": {
            "username": format!("user{n}"),
            "email": format!("user{n}@example.com"),
            "password": PASSWORD,
        }});
        let reply = app
            .api()
            .header("x-forwarded-for", address)
            .post("/api/users", user)
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "sign-up {n}: {reply:?}");
    }
    for n in 0..3 {
        let wrong =
            json!({"user": {"email": format!("user{n}@example.com"), "password": "nope nope"}});
        let reply = app
            .api()
            .header("x-forwarded-for", address)
            .post("/api/users/login", wrong)
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{reply:?}");
    }
}

#[tokio::test]
async fn sign_ups_from_one_address_past_the_budget_wait() {
    let app = behind_a_proxy(|settings| settings.throttle.sign_ups_per_address = 3).await;
    let sign_up = |n: usize, address: &'static str| {
        let user = json!({"user": {
            "username": format!("probe{n}"),
            "email": format!("probe{n}@example.com"),
            "password": PASSWORD,
        }});
        app.api()
            .header("x-forwarded-for", address)
            .post("/api/users", user)
    };
    for n in 0..3 {
        assert_eq!(sign_up(n, "192.0.2.1").await.status, StatusCode::CREATED);
    }
    let refused = sign_up(3, "192.0.2.1").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{refused:?}");
    assert_eq!(sign_up(4, "192.0.2.2").await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_forged_forwarded_for_does_not_escape_the_throttle_without_a_trusted_proxy() {
    let app = TestApp::new().await;
    app.user("alice").await;
    for n in 0..5 {
        let address = format!("10.0.0.{n}");
        fail_to_sign_in(&app, "api", &address).await;
    }
    let reply = fail_to_sign_in(&app, "api", "10.0.0.99").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{reply:?}");
}
