//! What a thief can do with a copied token: a retired refresh token ends the whole session
//! however many rotations later it comes back; the grace window never buys a new refresh
//! token; a bare access token cannot change the password or email; sessions can be seen and
//! ended from the settings page, and ended ones are forgotten.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;

/// Refreshes with `token` as an API client; the new refresh token, if any.
async fn rotate(app: &TestApp, token: &str) -> Reply {
    app.seed()
        .post("/auth/refresh", json!({ "refresh_token": token }))
        .await
}

#[tokio::test]
async fn a_retired_token_revokes_the_session_even_two_rotations_later() {
    let app = TestApp::new().await;
    let victim = app.user("alice").await;
    // The thief copied the refresh token and rotates it twice.
    let second = rotate(&app, &victim.refresh_token).await.ok();
    let second = second["refresh_token"].as_str().unwrap().to_owned();
    let third = rotate(&app, &second).await.ok();
    let third = third["refresh_token"].as_str().unwrap().to_owned();
    // Later, the victim's browser presents the token it still holds.
    app.advance(Duration::from_secs(31));
    let reused = rotate(&app, &victim.refresh_token).await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED, "{reused:?}");
    // The whole session is over: the thief's newest token no longer works.
    let thief = rotate(&app, &third).await;
    assert_eq!(thief.status, StatusCode::UNAUTHORIZED, "{thief:?}");
}

#[tokio::test]
async fn within_the_grace_window_a_retired_token_gets_an_access_token_but_no_refresh_token() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let first = rotate(&app, &alice.refresh_token).await.ok();
    assert!(first["refresh_token"].is_string(), "{first}");
    // The second tab, a moment later, with the token the first tab just retired.
    let second = rotate(&app, &alice.refresh_token).await;
    assert_eq!(second.refresh_header(), None);
    assert_eq!(second.refresh_cookie(), None);
    let body = second.ok();
    assert!(body["access_token"].is_string(), "{body}");
    assert!(body.get("refresh_token").is_none(), "{body}");
}

fn new_password(password: &str) -> serde_json::Value {
    json!({"user": {"password": password}})
}

#[tokio::test]
async fn a_signed_out_sessions_access_token_cannot_change_the_password() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.rpc()
        .by(&alice)
        .browser()
        .form("auth/logout", &[])
        .await
        .assert_status(StatusCode::OK);
    // The access token itself is still within its lifetime.
    let reply = app
        .api()
        .by(&alice)
        .put("/api/user", new_password("a whole new password"))
        .await;
    reply.assert_api_error_key(StatusCode::FORBIDDEN, "credentials");
    // Nothing changed: the old password still signs in.
    app.sign_in_again("alice").await;
}

#[tokio::test]
async fn a_password_or_email_change_needs_a_recent_sign_in_or_the_current_password() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    // The access token lives fifteen minutes; the sign-in is now eleven minutes old.
    app.advance(Duration::from_secs(11 * 60));
    let token = alice.access_token.clone();
    for change in [
        json!({"user": {"password": "a whole new password"}}),
        json!({"user": {"email": "thief@example.com"}}),
    ] {
        let reply = app
            .api()
            .token(&token)
            .put("/api/user", change.clone())
            .await;
        reply.assert_api_error_key(StatusCode::FORBIDDEN, "credentials");
    }
    // Every other field still changes, and an unchanged email is no change.
    let bio = json!({"user": {"bio": "Still me", "email": "alice@example.com"}});
    let reply = app.api().token(&token).put("/api/user", bio).await;
    assert_eq!(reply.ok()["user"]["bio"], "Still me");
    // With the current password, the change goes through.
    let proved = json!({"user": {"email": "alice@new.example", "currentPassword": PASSWORD}});
    let reply = app.api().token(&token).put("/api/user", proved).await;
    assert_eq!(reply.ok()["user"]["email"], "alice@new.example");
    let wrong = json!({"user": {"password": "another password", "currentPassword": "nope"}});
    let reply = app.api().token(&token).put("/api/user", wrong).await;
    reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "currentPassword");
}

#[tokio::test]
async fn a_password_may_not_be_the_username_or_email() {
    let app = TestApp::new().await;
    for password in ["mallory2024", "Mallory2024@example.com"] {
        let user = json!({"user": {
            "username": "mallory2024",
            "email": "mallory2024@example.com",
            "password": password,
        }});
        let reply = app.api().post("/api/users", user).await;
        reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "password");
    }
}

#[tokio::test]
async fn the_settings_page_lists_the_devices_and_ends_any_of_them() {
    let app = TestApp::new().await;
    let laptop = app.user("alice").await;
    let phone = app.sign_in_again("alice").await;
    let tablet = app.sign_in_again("alice").await;
    let devices = app
        .rpc()
        .by(&laptop)
        .form("account/devices", &[])
        .await
        .ok();
    let devices = devices.as_array().unwrap();
    assert_eq!(devices.len(), 3, "{devices:?}");
    assert_eq!(
        devices
            .iter()
            .filter(|device| device["current"] == true)
            .count(),
        1
    );
    let phone_id = devices
        .iter()
        .find(|device| device["current"] == false)
        .map(|device| device["id"].as_str().unwrap().to_owned())
        .unwrap();

    app.rpc()
        .by(&laptop)
        .browser()
        .form("account/devices/end", &[("id", &phone_id)])
        .await
        .assert_status(StatusCode::OK);
    let left = app
        .rpc()
        .by(&laptop)
        .form("account/devices", &[])
        .await
        .ok();
    assert_eq!(left.as_array().unwrap().len(), 2);

    // Someone else's session is not theirs to end.
    let bob = app.user("bob").await;
    let reply = app
        .rpc()
        .by(&bob)
        .browser()
        .form("account/devices/end", &[("id", &phone_id)])
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{reply:?}");

    // "All others": only the laptop stays signed in.
    app.rpc()
        .by(&laptop)
        .browser()
        .form("account/devices/end", &[("id", "")])
        .await
        .assert_status(StatusCode::OK);
    for ended in [&phone, &tablet] {
        assert_eq!(
            rotate(&app, &ended.refresh_token).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        rotate(&app, &laptop.refresh_token).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn ended_sessions_are_forgotten_a_day_later() {
    // The SQL store, whichever database the run has.
    let app = TestApp::with_settings(|settings| {
        settings.redis.url.clear();
        settings.sessions.store = blog::server::settings::SessionStoreKind::Database;
    })
    .await;
    let alice = app.user("alice").await;
    app.sign_in_again("alice").await;
    app.rpc()
        .by(&alice)
        .browser()
        .form("auth/logout", &[])
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(app.state.sessions.prune().await.unwrap(), 0, "not yet");
    app.advance(Duration::from_secs(25 * 60 * 60));
    assert_eq!(
        app.state.sessions.prune().await.unwrap(),
        1,
        "the ended one"
    );
}

#[tokio::test]
#[ignore = "Redis: scripts/test-postgres runs it"]
async fn redis_forgets_ended_sessions_by_itself() {
    require_redis();
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.sign_in_again("alice").await;
    app.rpc()
        .by(&alice)
        .browser()
        .form("auth/logout", &[])
        .await
        .assert_status(StatusCode::OK);
    let redis = app.state.redis.as_ref().expect("Redis");
    // Redis forgets by itself: every key expires, at the latest a day after the
    // session's absolute end.
    let mut connection = redis.connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(redis.key("*"))
        .query_async(&mut connection)
        .await
        .unwrap();
    assert!(!keys.is_empty());
    let auth = &app.state.settings.auth;
    let latest = auth.session_max_lifetime + Duration::from_secs(24 * 60 * 60);
    for key in keys {
        let ttl: i64 = redis::cmd("PTTL")
            .arg(&key)
            .query_async(&mut connection)
            .await
            .unwrap();
        assert!(
            ttl > 0 && ttl as u128 <= latest.as_millis(),
            "{key}: {ttl} ms"
        );
    }
}

/// Each device is named as a person names it, from what the browser said of itself.
#[tokio::test]
async fn devices_are_named_by_browser_and_system() {
    let app = TestApp::new().await;
    let laptop = app.user("alice").await;
    let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    app.rpc()
        .header("user-agent", firefox)
        .browser()
        .form("auth/login", &[("login", "alice"), ("password", PASSWORD)])
        .await
        .assert_status(StatusCode::OK);
    let devices = app
        .rpc()
        .by(&laptop)
        .form("account/devices", &[])
        .await
        .ok();
    let named = devices
        .as_array()
        .unwrap()
        .iter()
        .find(|device| device["user_agent"] == firefox)
        .unwrap_or_else(|| panic!("the Firefox session: {devices}"));
    assert_eq!(named["browser"], "Firefox 133");
    assert_eq!(named["system"], "Linux");
}
