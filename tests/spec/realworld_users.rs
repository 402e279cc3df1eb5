//! RealWorld users under `/api`: signing up and in, the tokens that come back (a readable
//! refresh token for API clients, an `HttpOnly` cookie for browsers), and updating the user.

use axum::http::StatusCode;
use blog::server::settings::Registration;
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn signing_up_answers_201_with_the_user_and_a_working_token() {
    let app = TestApp::new().await;
    let reply = app.api().post("/api/users", new_user("alice")).await;
    reply.assert_status(StatusCode::CREATED);
    let user = &reply.body["user"];
    assert_eq!(user["username"], "alice");
    assert_eq!(user["email"], "alice@example.com");
    assert_eq!(user["bio"], Value::Null);
    assert_eq!(user["image"], Value::Null);
    assert!(user.get("password").is_none(), "{user}");
    let token = user["token"].as_str().expect("a token");
    assert_eq!(token.split('.').count(), 3, "a JWT: {token}");

    // Clients without cookies get the refresh token in a header; browsers in a cookie.
    let refresh = reply.refresh_header().expect("X-Refresh-Token");
    assert!(!refresh.is_empty());
    let cookies: Vec<&str> = reply
        .cookies()
        .into_iter()
        .filter(|cookie| cookie.starts_with("blog_refresh="))
        .collect();
    assert!(!cookies.is_empty(), "a blog_refresh cookie: {reply:?}");
    assert!(
        cookies.iter().all(|cookie| cookie.contains("HttpOnly")),
        "{cookies:?}"
    );

    let me = app.api().token(token).get("/api/user").await.ok();
    assert_eq!(me["user"]["username"], "alice");
    assert_eq!(me["user"]["email"], "alice@example.com");
}

#[tokio::test]
async fn browsers_get_the_refresh_token_only_as_an_http_only_cookie() {
    let app = TestApp::new().await;
    let reply = app
        .api()
        .browser()
        .post("/api/users", new_user("browser"))
        .await;
    reply.assert_status(StatusCode::CREATED);
    assert_eq!(reply.refresh_header(), None);
    assert!(
        reply
            .cookies()
            .iter()
            .any(|cookie| cookie.contains("HttpOnly"))
    );
}

#[tokio::test]
async fn signing_in_with_email_and_password_returns_the_user_and_tokens() {
    let app = TestApp::new().await;
    app.user("alice").await;
    let reply = app.api().login("alice@example.com", PASSWORD).await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(reply.body["user"]["username"], "alice");
    assert_eq!(reply.body["user"]["email"], "alice@example.com");
    assert!(
        reply.refresh_header().is_some_and(|t| !t.is_empty()),
        "{reply:?}"
    );
    let token = reply.body["user"]["token"].as_str().unwrap();
    let me = app.api().token(token).get("/api/user").await.ok();
    assert_eq!(me["user"]["username"], "alice");
}

#[tokio::test]
async fn a_wrong_password_or_unknown_email_is_401_and_a_missing_password_422() {
    let app = TestApp::new().await;
    app.user("alice").await;
    for (email, password) in [
        ("alice@example.com", "not the password"),
        ("nobody@example.com", PASSWORD),
    ] {
        let reply = app.api().login(email, password).await;
        reply.assert_api_error(StatusCode::UNAUTHORIZED, "credentials", "invalid");
    }
    let reply = app
        .api()
        .post(
            "/api/users/login",
            json!({"user": {"email": "alice@example.com"}}),
        )
        .await;
    reply.assert_blank("password");
}

#[tokio::test]
async fn signing_up_with_a_blank_or_missing_field_is_422_naming_the_field() {
    let app = TestApp::new().await;
    let blank_or_missing = [
        (
            json!({"username": "", "email": "a@example.com", "password": PASSWORD}),
            "username",
        ),
        (
            json!({"email": "a@example.com", "password": PASSWORD}),
            "username",
        ),
        (json!({"username": "alice", "password": PASSWORD}), "email"),
        (
            json!({"username": "alice", "email": "a@example.com"}),
            "password",
        ),
    ];
    for (user, field) in blank_or_missing {
        let reply = app.api().post("/api/users", json!({ "user": user })).await;
        reply.assert_blank(field);
    }
    let short =
        json!({"user": {"username": "alice", "email": "a@example.com", "password": "1234567"}});
    let reply = app.api().post("/api/users", short).await;
    reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "password");

    // Nobody was created by any of these.
    let anyone = app.api().login("a@example.com", PASSWORD).await;
    anyone.assert_status(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn passwords_of_64_characters_are_accepted() {
    let app = TestApp::new().await;
    let password = "p".repeat(64);
    let user =
        json!({"user": {"username": "alice", "email": "alice@example.com", "password": password}});
    let reply = app.api().post("/api/users", user).await;
    reply.assert_status(StatusCode::CREATED);
    let again = app.api().login("alice@example.com", &password).await;
    again.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn a_taken_username_or_email_is_409() {
    let app = TestApp::new().await;
    app.user("alice").await;
    for (user, field) in [
        (
            json!({"username": "alice", "email": "other@example.com", "password": PASSWORD}),
            "username",
        ),
        (
            json!({"username": "other", "email": "alice@example.com", "password": PASSWORD}),
            "email",
        ),
    ] {
        let reply = app.api().post("/api/users", json!({ "user": user })).await;
        reply.assert_api_error(StatusCode::CONFLICT, field, "has already been taken");
    }
}

#[tokio::test]
async fn signing_up_is_403_when_registration_is_closed() {
    let app = TestApp::with_settings(|s| s.site.registration = Registration::Closed).await;
    let reply = app.api().post("/api/users", new_user("alice")).await;
    reply.assert_api_error(StatusCode::FORBIDDEN, "registration", "is closed");
}

#[tokio::test]
async fn updating_the_user_changes_every_field_and_the_new_password_signs_in() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let changes = json!({"user": {
        "email": "alice.new@example.com",
        "username": "alicia",
        "bio": "I write about Rust.",
        "image": "https://images.example/alicia.png",
        "password": "a brand new password",
    }});
    let user = app.api().by(&alice).put("/api/user", changes).await.ok();
    let user = &user["user"];
    assert_eq!(user["email"], "alice.new@example.com");
    assert_eq!(user["username"], "alicia");
    assert_eq!(user["bio"], "I write about Rust.");
    assert_eq!(user["image"], "https://images.example/alicia.png");
    assert!(user["token"].is_string(), "{user}");

    for (email, password) in [
        ("alice.new@example.com", PASSWORD),
        ("alice@example.com", "a brand new password"),
    ] {
        let old = app.api().login(email, password).await;
        old.assert_api_error(StatusCode::UNAUTHORIZED, "credentials", "invalid");
    }
    let new = app
        .api()
        .login("alice.new@example.com", "a brand new password")
        .await
        .ok();
    assert_eq!(new["user"]["username"], "alicia");
    assert_eq!(new["user"]["bio"], "I write about Rust.");

    let profile = app.api().get("/api/profiles/alicia").await.ok();
    assert_eq!(
        profile["profile"]["image"],
        "https://images.example/alicia.png"
    );
    let gone = app.api().get("/api/profiles/alice").await;
    gone.assert_api_error(StatusCode::NOT_FOUND, "profile", "not found");
}

#[tokio::test]
async fn a_new_password_through_the_api_signs_out_the_other_sessions() {
    let app = TestApp::new().await;
    let laptop = app.user("twodevices").await;
    let phone = app.sign_in_again("twodevices").await;

    let password = json!({"user": {"password": "an entirely new secret"}});
    app.api()
        .by(&laptop)
        .put("/api/user", password)
        .await
        .assert_status(StatusCode::OK);

    let refresh = |who: &SignedIn| json!({ "refresh_token": who.refresh_token });
    let reply = app.seed().post("/auth/refresh", refresh(&phone)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNAUTHORIZED,
        "the phone's session ended"
    );
    let reply = app.seed().post("/auth/refresh", refresh(&laptop)).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "the laptop, which changed it, stays signed in"
    );
}

#[tokio::test]
async fn empty_bio_and_image_are_stored_as_null() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let set = json!({"user": {"bio": "Hello", "image": "http://images.example/a.jpg"}});
    let set = app.api().by(&alice).put("/api/user", set).await.ok();
    assert_eq!(set["user"]["bio"], "Hello");

    let cleared = json!({"user": {"bio": "", "image": ""}});
    let cleared = app.api().by(&alice).put("/api/user", cleared).await.ok();
    assert_eq!(cleared["user"]["bio"], Value::Null);
    assert_eq!(cleared["user"]["image"], Value::Null);
    let me = app.api().by(&alice).get("/api/user").await.ok();
    assert_eq!(me["user"]["bio"], Value::Null);
    assert_eq!(me["user"]["image"], Value::Null);
    // Other fields are untouched by a partial update.
    assert_eq!(me["user"]["username"], "alice");
    assert_eq!(me["user"]["email"], "alice@example.com");
}

/// The contract's `maxLength` counts the bio as sent: characters the server drops (controls,
/// surrounding spaces) do not make room for more (found by the API fuzzer, seed 25098).
#[tokio::test]
async fn a_bio_longer_than_the_contract_allows_is_422_however_it_is_cleaned() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let sent = format!("\u{15}{}", "h".repeat(2000));
    let reply = app
        .api()
        .by(&alice)
        .put("/api/user", json!({"user": {"bio": sent}}))
        .await;
    reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "bio");
    let fits = json!({"user": {"bio": "h".repeat(2000)}});
    app.api()
        .by(&alice)
        .put("/api/user", fits)
        .await
        .assert_status(StatusCode::OK);
}

#[tokio::test]
async fn an_image_that_is_not_an_http_url_is_422() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    for image in [
        "not a url",
        "javascript:alert(1)",
        "ftp://files.example/a.png",
    ] {
        let reply = app
            .api()
            .by(&alice)
            .put("/api/user", json!({"user": {"image": image}}))
            .await;
        reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "image");
    }
    let me = app.api().by(&alice).get("/api/user").await.ok();
    assert_eq!(me["user"]["image"], Value::Null);
}

#[tokio::test]
async fn changing_to_a_taken_username_or_email_is_409() {
    let app = TestApp::new().await;
    app.user("alice").await;
    let bob = app.user("bob").await;
    for (change, field) in [
        (json!({"username": "alice"}), "username"),
        (json!({"email": "alice@example.com"}), "email"),
    ] {
        let reply = app
            .api()
            .by(&bob)
            .put("/api/user", json!({ "user": change }))
            .await;
        reply.assert_api_error(StatusCode::CONFLICT, field, "has already been taken");
    }
}
