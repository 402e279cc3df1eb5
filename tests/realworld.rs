//! The RealWorld ("Conduit") REST API under `/api`, written from its specification
//! (`openapi.yml` 2.0.0) and driven through the real router over a real SQLite file.

mod common;

use std::{collections::BTreeSet, time::Duration};

use axum::{
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use blog::{
    model::{PostDraft, PostStatus},
    server::{accounts::UserId, settings::Registration},
};
use common::*;
use serde_json::{Value, json};

// ---- helpers ----

/// What came back: status, headers and the body as JSON (`Null` when empty, a string when
/// not JSON).
#[derive(Debug)]
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }
}

async fn send(app: &TestApp, request: Request<Body>) -> Reply {
    let response = app.send(request).await;
    let status = response.status();
    let headers = response.headers().clone();
    let text = body_text(response).await;
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    Reply {
        status,
        headers,
        body,
    }
}

/// A JSON request with `Authorization: Token <token>` when a token is given.
async fn api(
    app: &TestApp,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Token {token}"));
    }
    let request = match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    };
    send(app, request).await
}

async fn get(app: &TestApp, uri: &str, token: Option<&str>) -> Reply {
    api(app, Method::GET, uri, token, None).await
}

async fn post(app: &TestApp, uri: &str, token: Option<&str>, body: Value) -> Reply {
    api(app, Method::POST, uri, token, Some(body)).await
}

async fn post_empty(app: &TestApp, uri: &str, token: Option<&str>) -> Reply {
    api(app, Method::POST, uri, token, None).await
}

async fn put(app: &TestApp, uri: &str, token: Option<&str>, body: Value) -> Reply {
    api(app, Method::PUT, uri, token, Some(body)).await
}

async fn delete(app: &TestApp, uri: &str, token: Option<&str>) -> Reply {
    api(app, Method::DELETE, uri, token, None).await
}

/// A request body sent as is, for malformed JSON.
async fn raw_json(app: &TestApp, method: Method, uri: &str, token: &str, body: &str) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Token {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    send(app, request).await
}

fn new_user(username: &str) -> Value {
    json!({"user": {
        "username": username,
        "email": format!("{username}@example.com"),
        "password": PASSWORD,
    }})
}

/// Registers over `/api/users` and returns the access token from `user.token`.
async fn register(app: &TestApp, username: &str) -> String {
    let reply = post(app, "/api/users", None, new_user(username)).await;
    assert_eq!(
        reply.status,
        StatusCode::CREATED,
        "registering {username}: {reply:?}"
    );
    reply.body["user"]["token"]
        .as_str()
        .expect("user.token")
        .to_owned()
}

async fn login(app: &TestApp, email: &str, password: &str) -> Reply {
    post(
        app,
        "/api/users/login",
        None,
        json!({"user": {"email": email, "password": password}}),
    )
    .await
}

/// Creates a published article and returns the `article` object.
async fn create_article(app: &TestApp, token: &str, title: &str, tags: &[&str]) -> Value {
    let reply = post(
        app,
        "/api/articles",
        Some(token),
        json!({"article": {
            "title": title,
            "description": format!("About {title}"),
            "body": format!("The body of *{title}*."),
            "tagList": tags,
        }}),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::CREATED,
        "creating {title}: {reply:?}"
    );
    reply.body["article"].clone()
}

fn slug(article: &Value) -> String {
    article["slug"].as_str().expect("article.slug").to_owned()
}

/// The slugs of a multiple-articles reply, in order.
fn slugs(reply: &Reply) -> Vec<String> {
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    reply.body["articles"]
        .as_array()
        .expect("articles array")
        .iter()
        .map(slug)
        .collect()
}

fn count(reply: &Reply) -> i64 {
    reply.body["articlesCount"]
        .as_i64()
        .unwrap_or_else(|| panic!("articlesCount in {reply:?}"))
}

/// Exactly `{"errors": {key: [message]}}` with that status.
#[track_caller]
fn assert_error(reply: &Reply, status: StatusCode, key: &str, message: &str) {
    assert_eq!(reply.status, status, "{reply:?}");
    assert_eq!(
        reply.body,
        json!({"errors": {key: [message]}}),
        "{} {reply:?}",
        reply.status
    );
}

/// 422 `{"errors": {field: ["can't be blank"]}}`.
#[track_caller]
fn assert_blank(reply: &Reply, field: &str) {
    assert_error(
        reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        field,
        "can't be blank",
    );
}

/// `{"errors": {key: ["<any message>", ...]}}` with that status and no other key.
#[track_caller]
fn assert_error_key(reply: &Reply, status: StatusCode, key: &str) {
    assert_eq!(reply.status, status, "{reply:?}");
    let errors = reply.body["errors"]
        .as_object()
        .unwrap_or_else(|| panic!("an errors object: {reply:?}"));
    assert_eq!(
        errors.keys().collect::<Vec<_>>(),
        vec![key],
        "errors keyed by {key}: {reply:?}"
    );
    let messages = errors[key].as_array().expect("an array of messages");
    assert!(
        !messages.is_empty() && messages.iter().all(Value::is_string),
        "{reply:?}"
    );
}

#[track_caller]
fn assert_rfc3339_utc(value: &Value) {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("a date string: {value}"));
    assert!(text.ends_with('Z'), "UTC with a Z: {text}");
    text.parse::<jiff::Timestamp>()
        .unwrap_or_else(|error| panic!("RFC 3339 {text}: {error}"));
}

fn timestamp(value: &Value) -> jiff::Timestamp {
    value.as_str().unwrap().parse().unwrap()
}

// ---- users and authentication ----

#[tokio::test]
async fn signing_up_answers_201_with_the_user_and_a_working_token() {
    let app = TestApp::new().await;
    let reply = post(&app, "/api/users", None, new_user("alice")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let user = &reply.body["user"];
    assert_eq!(user["username"], "alice");
    assert_eq!(user["email"], "alice@example.com");
    assert_eq!(user["bio"], Value::Null);
    assert_eq!(user["image"], Value::Null);
    assert!(user.get("password").is_none(), "{user}");
    let token = user["token"].as_str().expect("a token");
    assert_eq!(token.split('.').count(), 3, "a JWT: {token}");

    // Clients without cookies get the refresh token in a header; browsers in a cookie.
    assert!(
        reply
            .header("x-refresh-token")
            .is_some_and(|t| !t.is_empty()),
        "{reply:?}"
    );
    let cookies: Vec<&str> = reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap())
        .filter(|cookie| cookie.starts_with("blog_refresh="))
        .collect();
    assert!(!cookies.is_empty(), "a blog_refresh cookie: {reply:?}");
    assert!(
        cookies.iter().all(|cookie| cookie.contains("HttpOnly")),
        "{cookies:?}"
    );

    let me = get(&app, "/api/user", Some(token)).await;
    assert_eq!(me.status, StatusCode::OK, "{me:?}");
    assert_eq!(me.body["user"]["username"], "alice");
    assert_eq!(me.body["user"]["email"], "alice@example.com");
}

#[tokio::test]
async fn signing_in_with_email_and_password_returns_the_user_and_tokens() {
    let app = TestApp::new().await;
    register(&app, "alice").await;
    let reply = login(&app, "alice@example.com", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(reply.body["user"]["username"], "alice");
    assert_eq!(reply.body["user"]["email"], "alice@example.com");
    assert!(
        reply
            .header("x-refresh-token")
            .is_some_and(|t| !t.is_empty()),
        "{reply:?}"
    );
    let token = reply.body["user"]["token"].as_str().unwrap();
    let me = get(&app, "/api/user", Some(token)).await;
    assert_eq!(me.status, StatusCode::OK, "{me:?}");
    assert_eq!(me.body["user"]["username"], "alice");
}

#[tokio::test]
async fn a_wrong_password_or_unknown_email_is_401_invalid_credentials() {
    let app = TestApp::new().await;
    register(&app, "alice").await;
    let wrong_password = login(&app, "alice@example.com", "not the password").await;
    assert_error(
        &wrong_password,
        StatusCode::UNAUTHORIZED,
        "credentials",
        "invalid",
    );
    let unknown = login(&app, "nobody@example.com", PASSWORD).await;
    assert_error(&unknown, StatusCode::UNAUTHORIZED, "credentials", "invalid");
}

#[tokio::test]
async fn signing_in_without_a_password_is_422_naming_the_field() {
    let app = TestApp::new().await;
    register(&app, "alice").await;
    let reply = post(
        &app,
        "/api/users/login",
        None,
        json!({"user": {"email": "alice@example.com"}}),
    )
    .await;
    assert_blank(&reply, "password");
}

#[tokio::test]
async fn signing_up_with_a_blank_or_missing_field_is_422_naming_the_field() {
    let app = TestApp::new().await;
    let blank_username = post(
        &app,
        "/api/users",
        None,
        json!({"user": {"username": "", "email": "a@example.com", "password": PASSWORD}}),
    )
    .await;
    assert_blank(&blank_username, "username");

    let missing_username = post(
        &app,
        "/api/users",
        None,
        json!({"user": {"email": "a@example.com", "password": PASSWORD}}),
    )
    .await;
    assert_blank(&missing_username, "username");

    let missing_email = post(
        &app,
        "/api/users",
        None,
        json!({"user": {"username": "alice", "password": PASSWORD}}),
    )
    .await;
    assert_blank(&missing_email, "email");

    let missing_password = post(
        &app,
        "/api/users",
        None,
        json!({"user": {"username": "alice", "email": "a@example.com"}}),
    )
    .await;
    assert_blank(&missing_password, "password");

    let short_password = post(
        &app,
        "/api/users",
        None,
        json!({"user": {"username": "alice", "email": "a@example.com", "password": "1234567"}}),
    )
    .await;
    assert_error_key(
        &short_password,
        StatusCode::UNPROCESSABLE_ENTITY,
        "password",
    );

    // Nobody was created by any of these.
    let anyone = login(&app, "a@example.com", PASSWORD).await;
    assert_eq!(anyone.status, StatusCode::UNAUTHORIZED, "{anyone:?}");
}

#[tokio::test]
async fn passwords_of_64_characters_are_accepted() {
    let app = TestApp::new().await;
    let password = "p".repeat(64);
    let reply = post(
        &app,
        "/api/users",
        None,
        json!({"user": {"username": "alice", "email": "alice@example.com", "password": password}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let again = login(&app, "alice@example.com", &password).await;
    assert_eq!(again.status, StatusCode::OK, "{again:?}");
}

#[tokio::test]
async fn a_taken_username_or_email_is_409() {
    let app = TestApp::new().await;
    register(&app, "alice").await;
    let same_name = post(
        &app,
        "/api/users",
        None,
        json!({"user": {"username": "alice", "email": "other@example.com", "password": PASSWORD}}),
    )
    .await;
    assert_error(
        &same_name,
        StatusCode::CONFLICT,
        "username",
        "has already been taken",
    );
    let same_email = post(
        &app,
        "/api/users",
        None,
        json!({"user": {"username": "other", "email": "alice@example.com", "password": PASSWORD}}),
    )
    .await;
    assert_error(
        &same_email,
        StatusCode::CONFLICT,
        "email",
        "has already been taken",
    );
}

#[tokio::test]
async fn signing_up_is_403_when_registration_is_closed() {
    let app = TestApp::with_settings(|s| s.site.registration = Registration::Closed).await;
    let reply = post(&app, "/api/users", None, new_user("alice")).await;
    assert_error(&reply, StatusCode::FORBIDDEN, "registration", "is closed");
}

#[tokio::test]
async fn the_current_user_needs_a_valid_token() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;

    let missing = get(&app, "/api/user", None).await;
    assert_error(&missing, StatusCode::UNAUTHORIZED, "token", "is missing");

    let garbage = get(&app, "/api/user", Some("not-a-jwt")).await;
    assert_error(&garbage, StatusCode::UNAUTHORIZED, "token", "is invalid");

    // The same token with its signature altered.
    let (unsigned, signature) = token.rsplit_once('.').unwrap();
    let first = if signature.starts_with('A') { 'B' } else { 'A' };
    let tampered = format!("{unsigned}.{first}{}", &signature[1..]);
    let reply = get(&app, "/api/user", Some(&tampered)).await;
    assert_error(&reply, StatusCode::UNAUTHORIZED, "token", "is invalid");

    let update = put(&app, "/api/user", None, json!({"user": {"bio": "x"}})).await;
    assert_error(&update, StatusCode::UNAUTHORIZED, "token", "is missing");
}

#[tokio::test]
async fn token_bearer_and_jwt_authorization_schemes_are_all_accepted() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    for scheme in ["Token", "Bearer", "JWT"] {
        let request = Request::get("/api/user")
            .header(header::AUTHORIZATION, format!("{scheme} {token}"))
            .body(Body::empty())
            .unwrap();
        let reply = send(&app, request).await;
        assert_eq!(reply.status, StatusCode::OK, "{scheme}: {reply:?}");
        assert_eq!(reply.body["user"]["username"], "alice", "{scheme}");
    }
}

#[tokio::test]
async fn an_expired_token_is_401_alone_and_renewed_with_the_refresh_header() {
    let app = TestApp::with_settings(|s| {
        s.auth.access_token_lifetime = Duration::from_secs(1);
        s.auth.clock_leeway = Duration::ZERO;
    })
    .await;
    let reply = post(&app, "/api/users", None, new_user("alice")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let token = reply.body["user"]["token"].as_str().unwrap().to_owned();
    let refresh = reply
        .header("x-refresh-token")
        .expect("X-Refresh-Token")
        .to_owned();

    tokio::time::sleep(Duration::from_millis(2100)).await;

    let expired = get(&app, "/api/user", Some(&token)).await;
    assert_error(&expired, StatusCode::UNAUTHORIZED, "token", "has expired");

    let request = Request::get("/api/user")
        .header(header::AUTHORIZATION, format!("Token {token}"))
        .header("x-refresh-token", &refresh)
        .body(Body::empty())
        .unwrap();
    let renewed = send(&app, request).await;
    assert_eq!(renewed.status, StatusCode::OK, "{renewed:?}");
    assert_eq!(renewed.body["user"]["username"], "alice");
    let fresh = renewed
        .header("x-access-token")
        .expect("a new access token in X-Access-Token")
        .to_owned();
    assert_ne!(fresh, token);

    let with_fresh = get(&app, "/api/user", Some(&fresh)).await;
    assert_eq!(with_fresh.status, StatusCode::OK, "{with_fresh:?}");
}

#[tokio::test]
async fn updating_the_user_changes_every_field_and_the_new_password_signs_in() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let reply = put(
        &app,
        "/api/user",
        Some(&token),
        json!({"user": {
            "email": "alice.new@example.com",
            "username": "alicia",
            "bio": "I write about Rust.",
            "image": "https://images.example/alicia.png",
            "password": "a brand new password",
        }}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let user = &reply.body["user"];
    assert_eq!(user["email"], "alice.new@example.com");
    assert_eq!(user["username"], "alicia");
    assert_eq!(user["bio"], "I write about Rust.");
    assert_eq!(user["image"], "https://images.example/alicia.png");
    assert!(user["token"].is_string(), "{user}");

    let old = login(&app, "alice.new@example.com", PASSWORD).await;
    assert_error(&old, StatusCode::UNAUTHORIZED, "credentials", "invalid");
    let old_email = login(&app, "alice@example.com", "a brand new password").await;
    assert_error(
        &old_email,
        StatusCode::UNAUTHORIZED,
        "credentials",
        "invalid",
    );
    let new = login(&app, "alice.new@example.com", "a brand new password").await;
    assert_eq!(new.status, StatusCode::OK, "{new:?}");
    assert_eq!(new.body["user"]["username"], "alicia");
    assert_eq!(new.body["user"]["bio"], "I write about Rust.");

    let profile = get(&app, "/api/profiles/alicia", None).await;
    assert_eq!(profile.status, StatusCode::OK, "{profile:?}");
    assert_eq!(
        profile.body["profile"]["image"],
        "https://images.example/alicia.png"
    );
    let gone = get(&app, "/api/profiles/alice", None).await;
    assert_error(&gone, StatusCode::NOT_FOUND, "profile", "not found");
}

#[tokio::test]
async fn empty_bio_and_image_are_stored_as_null() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let set = put(
        &app,
        "/api/user",
        Some(&token),
        json!({"user": {"bio": "Hello", "image": "http://images.example/a.jpg"}}),
    )
    .await;
    assert_eq!(set.status, StatusCode::OK, "{set:?}");
    assert_eq!(set.body["user"]["bio"], "Hello");

    let cleared = put(
        &app,
        "/api/user",
        Some(&token),
        json!({"user": {"bio": "", "image": ""}}),
    )
    .await;
    assert_eq!(cleared.status, StatusCode::OK, "{cleared:?}");
    assert_eq!(cleared.body["user"]["bio"], Value::Null);
    assert_eq!(cleared.body["user"]["image"], Value::Null);
    let me = get(&app, "/api/user", Some(&token)).await;
    assert_eq!(me.body["user"]["bio"], Value::Null, "{me:?}");
    assert_eq!(me.body["user"]["image"], Value::Null, "{me:?}");
    // Other fields are untouched by a partial update.
    assert_eq!(me.body["user"]["username"], "alice");
    assert_eq!(me.body["user"]["email"], "alice@example.com");
}

#[tokio::test]
async fn an_image_that_is_not_an_http_url_is_422() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    for image in [
        "not a url",
        "javascript:alert(1)",
        "ftp://files.example/a.png",
    ] {
        let reply = put(
            &app,
            "/api/user",
            Some(&token),
            json!({"user": {"image": image}}),
        )
        .await;
        assert_error_key(&reply, StatusCode::UNPROCESSABLE_ENTITY, "image");
    }
    let me = get(&app, "/api/user", Some(&token)).await;
    assert_eq!(me.body["user"]["image"], Value::Null, "{me:?}");
}

#[tokio::test]
async fn changing_to_a_taken_username_or_email_is_409() {
    let app = TestApp::new().await;
    register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let name = put(
        &app,
        "/api/user",
        Some(&bob),
        json!({"user": {"username": "alice"}}),
    )
    .await;
    assert_error(
        &name,
        StatusCode::CONFLICT,
        "username",
        "has already been taken",
    );
    let email = put(
        &app,
        "/api/user",
        Some(&bob),
        json!({"user": {"email": "alice@example.com"}}),
    )
    .await;
    assert_error(
        &email,
        StatusCode::CONFLICT,
        "email",
        "has already been taken",
    );
}

// ---- profiles ----

#[tokio::test]
async fn a_profile_is_public_and_an_unknown_one_is_404() {
    let app = TestApp::new().await;
    register(&app, "alice").await;
    let reply = get(&app, "/api/profiles/alice", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(
        reply.body,
        json!({"profile": {"username": "alice", "bio": null, "image": null, "following": false}})
    );
    let unknown = get(&app, "/api/profiles/nobody", None).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "profile", "not found");
}

#[tokio::test]
async fn following_is_seen_by_the_follower_only_and_undone_by_unfollow() {
    let app = TestApp::new().await;
    register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let carol = register(&app, "carol").await;

    let followed = post_empty(&app, "/api/profiles/alice/follow", Some(&bob)).await;
    assert_eq!(followed.status, StatusCode::OK, "{followed:?}");
    assert_eq!(followed.body["profile"]["username"], "alice");
    assert_eq!(followed.body["profile"]["following"], true);

    let as_bob = get(&app, "/api/profiles/alice", Some(&bob)).await;
    assert_eq!(as_bob.body["profile"]["following"], true, "{as_bob:?}");
    let as_carol = get(&app, "/api/profiles/alice", Some(&carol)).await;
    assert_eq!(as_carol.body["profile"]["following"], false, "{as_carol:?}");
    let anonymous = get(&app, "/api/profiles/alice", None).await;
    assert_eq!(
        anonymous.body["profile"]["following"], false,
        "{anonymous:?}"
    );

    let unfollowed = delete(&app, "/api/profiles/alice/follow", Some(&bob)).await;
    assert_eq!(unfollowed.status, StatusCode::OK, "{unfollowed:?}");
    assert_eq!(unfollowed.body["profile"]["following"], false);
    let as_bob = get(&app, "/api/profiles/alice", Some(&bob)).await;
    assert_eq!(as_bob.body["profile"]["following"], false, "{as_bob:?}");
}

#[tokio::test]
async fn following_needs_a_token_an_existing_user_and_someone_else() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    register(&app, "bob").await;

    let anonymous = post_empty(&app, "/api/profiles/bob/follow", None).await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, "token", "is missing");
    let anonymous = delete(&app, "/api/profiles/bob/follow", None).await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, "token", "is missing");

    let unknown = post_empty(&app, "/api/profiles/nobody/follow", Some(&alice)).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "profile", "not found");
    let unknown = delete(&app, "/api/profiles/nobody/follow", Some(&alice)).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "profile", "not found");

    let myself = post_empty(&app, "/api/profiles/alice/follow", Some(&alice)).await;
    assert_error_key(&myself, StatusCode::UNPROCESSABLE_ENTITY, "username");
}

// ---- articles ----

#[tokio::test]
async fn creating_an_article_answers_201_with_every_field_of_the_spec() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let reply = post(
        &app,
        "/api/articles",
        Some(&token),
        json!({"article": {
            "title": "How to train your dragon",
            "description": "Ever wonder how?",
            "body": "You have to believe",
            "tagList": ["reactjs", "angularjs", "dragons"],
        }}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let article = &reply.body["article"];
    assert_eq!(article["slug"], "how-to-train-your-dragon");
    assert_eq!(article["title"], "How to train your dragon");
    assert_eq!(article["description"], "Ever wonder how?");
    assert_eq!(article["body"], "You have to believe");
    let mut tags: Vec<&str> = article["tagList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    tags.sort();
    assert_eq!(tags, ["angularjs", "dragons", "reactjs"]);
    assert_rfc3339_utc(&article["createdAt"]);
    assert_rfc3339_utc(&article["updatedAt"]);
    assert_eq!(article["favorited"], false);
    assert_eq!(article["favoritesCount"], 0);
    assert_eq!(
        article["author"],
        json!({"username": "alice", "bio": null, "image": null, "following": false})
    );

    // Published at once: anyone reads it.
    let read = get(&app, "/api/articles/how-to-train-your-dragon", None).await;
    assert_eq!(read.status, StatusCode::OK, "{read:?}");
    assert_eq!(read.body["article"]["body"], "You have to believe");
    assert_eq!(read.body["article"]["title"], "How to train your dragon");
}

#[tokio::test]
async fn the_same_title_twice_gets_a_different_slug() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let first = create_article(&app, &token, "Hello world", &[]).await;
    let second = create_article(&app, &token, "Hello world", &[]).await;
    assert_eq!(slug(&first), "hello-world");
    assert_ne!(slug(&second), slug(&first));
    assert!(slug(&second).starts_with("hello-world"), "{second}");
    let read = get(&app, &format!("/api/articles/{}", slug(&second)), None).await;
    assert_eq!(read.status, StatusCode::OK, "{read:?}");
}

#[tokio::test]
async fn a_chinese_title_gets_a_readable_ascii_slug() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let article = create_article(&app, &token, "你好世界", &[]).await;
    let slug = slug(&article);
    assert!(!slug.is_empty());
    assert!(
        slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
        "{slug}"
    );
    assert_eq!(article["title"], "你好世界");
    let read = get(&app, &format!("/api/articles/{slug}"), None).await;
    assert_eq!(read.status, StatusCode::OK, "{read:?}");
}

#[tokio::test]
async fn creating_an_article_needs_a_token_and_a_title_description_and_body() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let full = json!({"title": "T", "description": "D", "body": "B"});

    let anonymous = post(&app, "/api/articles", None, json!({"article": full})).await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, "token", "is missing");

    for field in ["title", "description", "body"] {
        let mut article = full.clone();
        article.as_object_mut().unwrap().remove(field);
        let reply = post(
            &app,
            "/api/articles",
            Some(&token),
            json!({"article": article}),
        )
        .await;
        assert_blank(&reply, field);
    }
    for field in ["title", "body"] {
        let mut article = full.clone();
        article[field] = json!("   ");
        let reply = post(
            &app,
            "/api/articles",
            Some(&token),
            json!({"article": article}),
        )
        .await;
        assert_blank(&reply, field);
    }
    let list = get(&app, "/api/articles", None).await;
    assert_eq!(count(&list), 0, "nothing was created: {list:?}");
}

#[tokio::test]
async fn malformed_json_or_wrong_types_are_422_request() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let wrong_type = post(
        &app,
        "/api/articles",
        Some(&token),
        json!({"article": {"title": 5, "description": "D", "body": "B"}}),
    )
    .await;
    assert_error_key(&wrong_type, StatusCode::UNPROCESSABLE_ENTITY, "request");

    let malformed = raw_json(
        &app,
        Method::POST,
        "/api/articles",
        &token,
        r#"{"article": {"#,
    )
    .await;
    assert_error_key(&malformed, StatusCode::UNPROCESSABLE_ENTITY, "request");

    let bad_user = raw_json(&app, Method::PUT, "/api/user", &token, "not json at all").await;
    assert_error_key(&bad_user, StatusCode::UNPROCESSABLE_ENTITY, "request");

    let bad_signup = post(
        &app,
        "/api/users",
        None,
        json!({"user": {"username": ["alice"], "email": "a@example.com", "password": PASSWORD}}),
    )
    .await;
    assert_error_key(&bad_signup, StatusCode::UNPROCESSABLE_ENTITY, "request");
}

#[tokio::test]
async fn a_body_over_the_configured_limit_is_413_request() {
    let app = TestApp::with_settings(|s| s.api.max_body_bytes = 2048).await;
    let token = register(&app, "alice").await;
    let reply = post(
        &app,
        "/api/articles",
        Some(&token),
        json!({"article": {"title": "Big", "description": "D", "body": "x".repeat(5000)}}),
    )
    .await;
    assert_error_key(&reply, StatusCode::PAYLOAD_TOO_LARGE, "request");
    // A body under the limit still goes through.
    create_article(&app, &token, "Small", &[]).await;
}

#[tokio::test]
async fn an_unknown_article_is_404_for_every_article_endpoint() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let not_found = |reply: &Reply| {
        assert_error(reply, StatusCode::NOT_FOUND, "article", "not found");
    };
    not_found(&get(&app, "/api/articles/no-such-article", None).await);
    not_found(&get(&app, "/api/articles/no-such-article", Some(&token)).await);
    not_found(
        &put(
            &app,
            "/api/articles/no-such-article",
            Some(&token),
            json!({"article": {"title": "New"}}),
        )
        .await,
    );
    not_found(&delete(&app, "/api/articles/no-such-article", Some(&token)).await);
    not_found(&get(&app, "/api/articles/no-such-article/comments", None).await);
    not_found(
        &post(
            &app,
            "/api/articles/no-such-article/comments",
            Some(&token),
            json!({"comment": {"body": "Hi"}}),
        )
        .await,
    );
    not_found(&post_empty(&app, "/api/articles/no-such-article/favorite", Some(&token)).await);
    not_found(&delete(&app, "/api/articles/no-such-article/favorite", Some(&token)).await);
}

#[tokio::test]
async fn updating_a_published_article_changes_its_fields_but_not_its_slug() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let article = create_article(&app, &token, "First title", &["rust"]).await;
    let slug = slug(&article);

    let reply = put(
        &app,
        &format!("/api/articles/{slug}"),
        Some(&token),
        json!({"article": {"title": "A better title"}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let updated = &reply.body["article"];
    assert_eq!(
        updated["slug"],
        slug.as_str(),
        "a published article keeps its address"
    );
    assert_eq!(updated["title"], "A better title");
    assert_eq!(updated["description"], article["description"], "untouched");
    assert_eq!(updated["body"], article["body"], "untouched");
    assert_eq!(updated["createdAt"], article["createdAt"]);
    assert_rfc3339_utc(&updated["updatedAt"]);
    assert!(timestamp(&updated["updatedAt"]) >= timestamp(&article["updatedAt"]));

    let reply = put(
        &app,
        &format!("/api/articles/{slug}"),
        Some(&token),
        json!({"article": {"description": "New description", "body": "New body"}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");

    let read = get(&app, &format!("/api/articles/{slug}"), None).await;
    assert_eq!(read.status, StatusCode::OK, "{read:?}");
    assert_eq!(read.body["article"]["title"], "A better title");
    assert_eq!(read.body["article"]["description"], "New description");
    assert_eq!(read.body["article"]["body"], "New body");
    assert_eq!(read.body["article"]["tagList"], json!(["rust"]));
}

#[tokio::test]
async fn updating_an_article_with_a_blank_title_is_422() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let slug = slug(&create_article(&app, &token, "Keep me", &[]).await);
    let reply = put(
        &app,
        &format!("/api/articles/{slug}"),
        Some(&token),
        json!({"article": {"title": ""}}),
    )
    .await;
    assert_blank(&reply, "title");
    let read = get(&app, &format!("/api/articles/{slug}"), None).await;
    assert_eq!(read.body["article"]["title"], "Keep me");
}

#[tokio::test]
async fn tag_list_missing_keeps_tags_empty_clears_them_and_null_is_rejected() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let slug = slug(&create_article(&app, &token, "Tagged", &["rust"]).await);
    let uri = format!("/api/articles/{slug}");

    let kept = put(
        &app,
        &uri,
        Some(&token),
        json!({"article": {"body": "Changed"}}),
    )
    .await;
    assert_eq!(kept.status, StatusCode::OK, "{kept:?}");
    assert_eq!(kept.body["article"]["tagList"], json!(["rust"]));

    let replaced = put(
        &app,
        &uri,
        Some(&token),
        json!({"article": {"tagList": ["web"]}}),
    )
    .await;
    assert_eq!(replaced.status, StatusCode::OK, "{replaced:?}");
    assert_eq!(replaced.body["article"]["tagList"], json!(["web"]));

    let null = put(
        &app,
        &uri,
        Some(&token),
        json!({"article": {"tagList": null}}),
    )
    .await;
    assert_error_key(&null, StatusCode::UNPROCESSABLE_ENTITY, "tagList");
    let read = get(&app, &uri, None).await;
    assert_eq!(
        read.body["article"]["tagList"],
        json!(["web"]),
        "null changed nothing"
    );

    let cleared = put(
        &app,
        &uri,
        Some(&token),
        json!({"article": {"tagList": []}}),
    )
    .await;
    assert_eq!(cleared.status, StatusCode::OK, "{cleared:?}");
    assert_eq!(cleared.body["article"]["tagList"], json!([]));
    let read = get(&app, &uri, None).await;
    assert_eq!(read.body["article"]["tagList"], json!([]));
    let tagged = get(&app, "/api/articles?tag=web", None).await;
    assert_eq!(count(&tagged), 0, "{tagged:?}");
}

#[tokio::test]
async fn only_the_author_may_update_or_delete_an_article() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let slug = slug(&create_article(&app, &alice, "Mine", &[]).await);
    let uri = format!("/api/articles/{slug}");

    let anonymous = put(&app, &uri, None, json!({"article": {"title": "Hijacked"}})).await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, "token", "is missing");
    let anonymous = delete(&app, &uri, None).await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, "token", "is missing");

    let update = put(
        &app,
        &uri,
        Some(&bob),
        json!({"article": {"title": "Hijacked"}}),
    )
    .await;
    assert_error(&update, StatusCode::FORBIDDEN, "article", "forbidden");
    let remove = delete(&app, &uri, Some(&bob)).await;
    assert_error(&remove, StatusCode::FORBIDDEN, "article", "forbidden");

    let read = get(&app, &uri, None).await;
    assert_eq!(read.status, StatusCode::OK, "still there: {read:?}");
    assert_eq!(read.body["article"]["title"], "Mine");
}

#[tokio::test]
async fn deleting_an_article_answers_204_and_it_is_gone() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let slug = slug(&create_article(&app, &token, "Short lived", &["ephemeral"]).await);
    let uri = format!("/api/articles/{slug}");

    let reply = delete(&app, &uri, Some(&token)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{reply:?}");
    assert_eq!(reply.body, Value::Null, "no body");

    let read = get(&app, &uri, None).await;
    assert_error(&read, StatusCode::NOT_FOUND, "article", "not found");
    let list = get(&app, "/api/articles", None).await;
    assert_eq!(count(&list), 0, "{list:?}");
    let again = delete(&app, &uri, Some(&token)).await;
    assert_error(&again, StatusCode::NOT_FOUND, "article", "not found");
}

// ---- lists ----

#[tokio::test]
async fn lists_are_newest_first_paginated_and_count_every_match() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    let mut created = Vec::new();
    for n in 1..=5 {
        created.push(slug(
            &create_article(&app, &token, &format!("Article {n}"), &[]).await,
        ));
    }
    let newest_first: Vec<String> = created.iter().rev().cloned().collect();

    let all = get(&app, "/api/articles", None).await;
    assert_eq!(slugs(&all), newest_first);
    assert_eq!(count(&all), 5);
    for article in all.body["articles"].as_array().unwrap() {
        assert!(
            article.get("body").is_none(),
            "lists carry no body: {article}"
        );
        assert_rfc3339_utc(&article["createdAt"]);
        assert_rfc3339_utc(&article["updatedAt"]);
        assert_eq!(article["author"]["username"], "alice");
        assert!(article["tagList"].is_array());
    }

    let page = get(&app, "/api/articles?limit=2&offset=2", None).await;
    assert_eq!(slugs(&page), newest_first[2..4].to_vec());
    assert_eq!(count(&page), 5, "the total, not the page size");

    let last = get(&app, "/api/articles?limit=2&offset=4", None).await;
    assert_eq!(slugs(&last), newest_first[4..].to_vec());
    assert_eq!(count(&last), 5);

    let beyond = get(&app, "/api/articles?offset=10", None).await;
    assert_eq!(slugs(&beyond), Vec::<String>::new());
    assert_eq!(count(&beyond), 5);
}

#[tokio::test]
async fn a_list_has_twenty_articles_unless_asked_otherwise() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    for n in 1..=22 {
        create_article(&app, &token, &format!("Post {n}"), &[]).await;
    }
    let first_page = get(&app, "/api/articles", None).await;
    assert_eq!(slugs(&first_page).len(), 20);
    assert_eq!(count(&first_page), 22);
    let hundred = get(&app, "/api/articles?limit=100&offset=0", None).await;
    assert_eq!(slugs(&hundred).len(), 22);
}

#[tokio::test]
async fn lists_filter_by_tag_author_and_favorited() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let carol = register(&app, "carol").await;
    let a1 = slug(&create_article(&app, &alice, "Alice one", &["rust", "web"]).await);
    let a2 = slug(&create_article(&app, &alice, "Alice two", &["rust"]).await);
    let b1 = slug(&create_article(&app, &bob, "Bob one", &["cooking"]).await);
    for favorite in [&a2, &b1] {
        let reply = post_empty(
            &app,
            &format!("/api/articles/{favorite}/favorite"),
            Some(&carol),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    }

    let rust = get(&app, "/api/articles?tag=rust", None).await;
    assert_eq!(slugs(&rust), [a2.as_str(), a1.as_str()]);
    assert_eq!(count(&rust), 2);
    let web = get(&app, "/api/articles?tag=web", None).await;
    assert_eq!(slugs(&web), [a1.as_str()]);

    let by_bob = get(&app, "/api/articles?author=bob", None).await;
    assert_eq!(slugs(&by_bob), [b1.as_str()]);
    assert_eq!(count(&by_bob), 1);
    let by_alice = get(&app, "/api/articles?author=alice&limit=1", None).await;
    assert_eq!(slugs(&by_alice), [a2.as_str()]);
    assert_eq!(count(&by_alice), 2);

    let carols = get(&app, "/api/articles?favorited=carol", None).await;
    assert_eq!(slugs(&carols), [b1.as_str(), a2.as_str()]);
    assert_eq!(count(&carols), 2);

    let both = get(&app, "/api/articles?tag=rust&favorited=carol", None).await;
    assert_eq!(slugs(&both), [a2.as_str()]);
    assert_eq!(count(&both), 1);

    for nothing in [
        "/api/articles?tag=nosuchtag",
        "/api/articles?author=nobody",
        "/api/articles?favorited=nobody",
        "/api/articles?favorited=alice",
    ] {
        let reply = get(&app, nothing, None).await;
        assert_eq!(slugs(&reply), Vec::<String>::new(), "{nothing}");
        assert_eq!(count(&reply), 0, "{nothing}");
    }
}

#[tokio::test]
async fn limit_and_offset_out_of_range_are_422() {
    let app = TestApp::new().await;
    let token = register(&app, "alice").await;
    for (query, key) in [
        ("limit=-1", "limit"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=1000", "limit"),
        ("limit=abc", "limit"),
        ("limit=1.5", "limit"),
        ("offset=-5", "offset"),
        ("offset=abc", "offset"),
    ] {
        let reply = get(&app, &format!("/api/articles?{query}"), None).await;
        assert_error_key(&reply, StatusCode::UNPROCESSABLE_ENTITY, key);
        let feed = get(&app, &format!("/api/articles/feed?{query}"), Some(&token)).await;
        assert_error_key(&feed, StatusCode::UNPROCESSABLE_ENTITY, key);
    }
    for fine in ["limit=1", "limit=100", "offset=0"] {
        let reply = get(&app, &format!("/api/articles?{fine}"), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{fine}: {reply:?}");
    }
}

// ---- favorites ----

#[tokio::test]
async fn favorites_count_everyone_but_favorited_is_only_for_the_reader() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let carol = register(&app, "carol").await;
    let slug = slug(&create_article(&app, &alice, "Popular", &[]).await);
    let uri = format!("/api/articles/{slug}");
    let favorite = format!("{uri}/favorite");

    let by_bob = post_empty(&app, &favorite, Some(&bob)).await;
    assert_eq!(by_bob.status, StatusCode::OK, "{by_bob:?}");
    assert_eq!(by_bob.body["article"]["slug"], slug.as_str());
    assert_eq!(by_bob.body["article"]["favorited"], true);
    assert_eq!(by_bob.body["article"]["favoritesCount"], 1);
    let by_carol = post_empty(&app, &favorite, Some(&carol)).await;
    assert_eq!(by_carol.body["article"]["favorited"], true, "{by_carol:?}");
    assert_eq!(by_carol.body["article"]["favoritesCount"], 2);
    let twice = post_empty(&app, &favorite, Some(&carol)).await;
    assert_eq!(twice.status, StatusCode::OK, "{twice:?}");
    assert_eq!(
        twice.body["article"]["favoritesCount"], 2,
        "one favorite per reader"
    );

    for (reader, favorited) in [(None, false), (Some(&alice), false), (Some(&bob), true)] {
        let read = get(&app, &uri, reader.map(String::as_str)).await;
        assert_eq!(read.body["article"]["favorited"], favorited, "{read:?}");
        assert_eq!(read.body["article"]["favoritesCount"], 2, "{read:?}");
        let list = get(&app, "/api/articles", reader.map(String::as_str)).await;
        assert_eq!(list.body["articles"][0]["favorited"], favorited, "{list:?}");
        assert_eq!(list.body["articles"][0]["favoritesCount"], 2, "{list:?}");
    }

    let undone = delete(&app, &favorite, Some(&bob)).await;
    assert_eq!(undone.status, StatusCode::OK, "{undone:?}");
    assert_eq!(undone.body["article"]["favorited"], false);
    assert_eq!(undone.body["article"]["favoritesCount"], 1);
    let as_carol = get(&app, &uri, Some(&carol)).await;
    assert_eq!(as_carol.body["article"]["favorited"], true);
    assert_eq!(as_carol.body["article"]["favoritesCount"], 1);
    let bobs = get(&app, "/api/articles?favorited=bob", None).await;
    assert_eq!(count(&bobs), 0, "{bobs:?}");
}

#[tokio::test]
async fn favoriting_needs_a_token() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let slug = slug(&create_article(&app, &alice, "Popular", &[]).await);
    let favorite = format!("/api/articles/{slug}/favorite");
    let add = post_empty(&app, &favorite, None).await;
    assert_error(&add, StatusCode::UNAUTHORIZED, "token", "is missing");
    let remove = delete(&app, &favorite, None).await;
    assert_error(&remove, StatusCode::UNAUTHORIZED, "token", "is missing");
}

#[tokio::test]
async fn the_author_is_followed_only_in_the_followers_view_of_articles() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let carol = register(&app, "carol").await;
    let slug = slug(&create_article(&app, &alice, "Followed", &[]).await);
    let uri = format!("/api/articles/{slug}");
    let reply = post_empty(&app, "/api/profiles/alice/follow", Some(&bob)).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");

    for (reader, following) in [(None, false), (Some(&carol), false), (Some(&bob), true)] {
        let token = reader.map(String::as_str);
        let read = get(&app, &uri, token).await;
        assert_eq!(
            read.body["article"]["author"]["following"], following,
            "{read:?}"
        );
        let list = get(&app, "/api/articles", token).await;
        assert_eq!(
            list.body["articles"][0]["author"]["following"], following,
            "{list:?}"
        );
    }
}

// ---- feed ----

#[tokio::test]
async fn the_feed_shows_only_followed_authors_newest_first() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let carol = register(&app, "carol").await;
    let dave = register(&app, "dave").await;
    for followed in ["alice", "carol"] {
        let reply = post_empty(
            &app,
            &format!("/api/profiles/{followed}/follow"),
            Some(&dave),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    }
    let a1 = slug(&create_article(&app, &alice, "Alice first", &[]).await);
    let _b1 = slug(&create_article(&app, &bob, "Bob first", &[]).await);
    let c1 = slug(&create_article(&app, &carol, "Carol first", &[]).await);
    let a2 = slug(&create_article(&app, &alice, "Alice second", &[]).await);

    let feed = get(&app, "/api/articles/feed", Some(&dave)).await;
    assert_eq!(slugs(&feed), [a2.as_str(), c1.as_str(), a1.as_str()]);
    assert_eq!(count(&feed), 3);
    for article in feed.body["articles"].as_array().unwrap() {
        assert_eq!(article["author"]["following"], true, "{article}");
        assert!(article.get("body").is_none(), "{article}");
    }

    let page = get(&app, "/api/articles/feed?limit=1&offset=1", Some(&dave)).await;
    assert_eq!(slugs(&page), [c1.as_str()]);
    assert_eq!(count(&page), 3);

    let lonely = get(&app, "/api/articles/feed", Some(&bob)).await;
    assert_eq!(slugs(&lonely), Vec::<String>::new());
    assert_eq!(count(&lonely), 0);

    let anonymous = get(&app, "/api/articles/feed", None).await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, "token", "is missing");
}

// ---- comments ----

#[tokio::test]
async fn comments_are_added_read_by_anyone_and_deleted_by_their_writer() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let slug = slug(&create_article(&app, &alice, "Discuss", &[]).await);
    let comments = format!("/api/articles/{slug}/comments");

    let reply = post(
        &app,
        &comments,
        Some(&bob),
        json!({"comment": {"body": "Thank you so much!"}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let comment = &reply.body["comment"];
    let id = comment["id"].as_i64().expect("an integer id");
    assert_eq!(comment["body"], "Thank you so much!");
    assert_rfc3339_utc(&comment["createdAt"]);
    assert_rfc3339_utc(&comment["updatedAt"]);
    assert_eq!(
        comment["author"],
        json!({"username": "bob", "bio": null, "image": null, "following": false})
    );

    let anonymous = get(&app, &comments, None).await;
    assert_eq!(anonymous.status, StatusCode::OK, "{anonymous:?}");
    let list = anonymous.body["comments"].as_array().expect("comments");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["body"], "Thank you so much!");
    assert_eq!(list[0]["author"]["username"], "bob");

    let removed = delete(&app, &format!("{comments}/{id}"), Some(&bob)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{removed:?}");
    assert_eq!(removed.body, Value::Null);
    let after = get(&app, &comments, None).await;
    assert_eq!(after.body, json!({"comments": []}));
    let again = delete(&app, &format!("{comments}/{id}"), Some(&bob)).await;
    assert_error(&again, StatusCode::NOT_FOUND, "comment", "not found");
}

#[tokio::test]
async fn comment_authors_are_followed_only_in_the_followers_view() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let slug = slug(&create_article(&app, &alice, "Discuss", &[]).await);
    let comments = format!("/api/articles/{slug}/comments");
    let reply = post(
        &app,
        &comments,
        Some(&alice),
        json!({"comment": {"body": "First!"}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    post_empty(&app, "/api/profiles/alice/follow", Some(&bob)).await;

    let as_bob = get(&app, &comments, Some(&bob)).await;
    assert_eq!(
        as_bob.body["comments"][0]["author"]["following"], true,
        "{as_bob:?}"
    );
    let anonymous = get(&app, &comments, None).await;
    assert_eq!(
        anonymous.body["comments"][0]["author"]["following"], false,
        "{anonymous:?}"
    );
}

#[tokio::test]
async fn commenting_needs_a_token_and_a_body() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let slug = slug(&create_article(&app, &alice, "Discuss", &[]).await);
    let comments = format!("/api/articles/{slug}/comments");

    let anonymous = post(&app, &comments, None, json!({"comment": {"body": "Hi"}})).await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, "token", "is missing");
    let blank = post(
        &app,
        &comments,
        Some(&alice),
        json!({"comment": {"body": ""}}),
    )
    .await;
    assert_blank(&blank, "body");
    let missing = post(&app, &comments, Some(&alice), json!({"comment": {}})).await;
    assert_blank(&missing, "body");
    let anonymous_delete = delete(&app, &format!("{comments}/1"), None).await;
    assert_error(
        &anonymous_delete,
        StatusCode::UNAUTHORIZED,
        "token",
        "is missing",
    );

    let list = get(&app, &comments, None).await;
    assert_eq!(list.body, json!({"comments": []}));
}

#[tokio::test]
async fn others_may_not_delete_a_comment_but_the_article_author_may() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let carol = register(&app, "carol").await;
    let slug = slug(&create_article(&app, &alice, "Discuss", &[]).await);
    let comments = format!("/api/articles/{slug}/comments");
    let reply = post(
        &app,
        &comments,
        Some(&carol),
        json!({"comment": {"body": "Carol was here"}}),
    )
    .await;
    let id = reply.body["comment"]["id"].as_i64().expect("comment id");

    let by_bob = delete(&app, &format!("{comments}/{id}"), Some(&bob)).await;
    assert_error(&by_bob, StatusCode::FORBIDDEN, "comment", "forbidden");
    let list = get(&app, &comments, None).await;
    assert_eq!(
        list.body["comments"].as_array().unwrap().len(),
        1,
        "{list:?}"
    );

    let by_author = delete(&app, &format!("{comments}/{id}"), Some(&alice)).await;
    assert_eq!(by_author.status, StatusCode::NO_CONTENT, "{by_author:?}");
    let list = get(&app, &comments, None).await;
    assert_eq!(list.body, json!({"comments": []}));
}

#[tokio::test]
async fn a_comment_is_deleted_only_through_its_own_article() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let first = slug(&create_article(&app, &alice, "First", &[]).await);
    let second = slug(&create_article(&app, &alice, "Second", &[]).await);
    let reply = post(
        &app,
        &format!("/api/articles/{first}/comments"),
        Some(&alice),
        json!({"comment": {"body": "On the first"}}),
    )
    .await;
    let id = reply.body["comment"]["id"].as_i64().expect("comment id");

    let elsewhere = delete(
        &app,
        &format!("/api/articles/{second}/comments/{id}"),
        Some(&alice),
    )
    .await;
    assert_error(&elsewhere, StatusCode::NOT_FOUND, "comment", "not found");
    let unknown = delete(
        &app,
        &format!("/api/articles/{first}/comments/999999"),
        Some(&alice),
    )
    .await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "comment", "not found");
    let list = get(&app, &format!("/api/articles/{first}/comments"), None).await;
    assert_eq!(
        list.body["comments"].as_array().unwrap().len(),
        1,
        "{list:?}"
    );
}

// ---- tags ----

#[tokio::test]
async fn tags_lists_the_tags_in_use() {
    let app = TestApp::new().await;
    let empty = get(&app, "/api/tags", None).await;
    assert_eq!(empty.status, StatusCode::OK, "{empty:?}");
    assert_eq!(empty.body, json!({"tags": []}));

    let token = register(&app, "alice").await;
    create_article(&app, &token, "One", &["rust", "web"]).await;
    create_article(&app, &token, "Two", &["rust", "dragons"]).await;
    let reply = get(&app, "/api/tags", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let tags: BTreeSet<&str> = reply.body["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tags, BTreeSet::from(["dragons", "rust", "web"]));
    assert_eq!(
        reply.body["tags"].as_array().unwrap().len(),
        3,
        "no duplicates"
    );
}

// ---- drafts ----

#[tokio::test]
async fn drafts_do_not_exist_over_the_api() {
    let app = TestApp::new().await;
    let alice = register(&app, "alice").await;
    let bob = register(&app, "bob").await;
    let draft = app
        .state
        .posts
        .create(
            UserId(1),
            PostDraft {
                title: "Secret plans".into(),
                description: "Not yet".into(),
                body: "Work in progress".into(),
                tags: vec!["unreleased".into()],
            },
            PostStatus::Draft,
        )
        .await
        .expect("a draft");
    let slug = draft.summary.slug.clone();
    let uri = format!("/api/articles/{slug}");
    assert_eq!(draft.summary.author.username, "alice", "user 1 is alice");

    let list = get(&app, "/api/articles", Some(&alice)).await;
    assert_eq!(count(&list), 0, "{list:?}");
    let by_author = get(&app, "/api/articles?author=alice", None).await;
    assert_eq!(count(&by_author), 0, "{by_author:?}");
    let tagged = get(&app, "/api/articles?tag=unreleased", None).await;
    assert_eq!(count(&tagged), 0, "{tagged:?}");
    let tags = get(&app, "/api/tags", None).await;
    assert_eq!(
        tags.body,
        json!({"tags": []}),
        "a draft's tags are not in use yet"
    );

    for reader in [None, Some(bob.as_str()), Some(alice.as_str())] {
        let read = get(&app, &uri, reader).await;
        assert_error(&read, StatusCode::NOT_FOUND, "article", "not found");
    }
    let favorite = post_empty(&app, &format!("{uri}/favorite"), Some(&bob)).await;
    assert_error(&favorite, StatusCode::NOT_FOUND, "article", "not found");
    let comment = post(
        &app,
        &format!("{uri}/comments"),
        Some(&bob),
        json!({"comment": {"body": "Found it"}}),
    )
    .await;
    assert_error(&comment, StatusCode::NOT_FOUND, "article", "not found");
}

// ---- routing, the OpenAPI document and CORS ----

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404() {
    let app = TestApp::new().await;
    for uri in ["/api/nope", "/api/articles/a/b/c", "/api/users/x/y"] {
        let reply = get(&app, uri, None).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "route", "not found");
    }
}

/// Routed: neither 405 nor a 404 from no route (the JSON `route` error, or a page).
fn routed(reply: &Reply) -> bool {
    if reply.status == StatusCode::METHOD_NOT_ALLOWED {
        return false;
    }
    if reply.status == StatusCode::NOT_FOUND {
        return reply.body["errors"]
            .as_object()
            .is_some_and(|errors| !errors.contains_key("route"));
    }
    true
}

/// The path part of a `servers` entry's url: `/api` from `/api` or `https://host/api/`.
fn server_prefix(servers: &Value) -> Option<String> {
    let url = servers.get(0)?.get("url")?.as_str()?;
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url,
    };
    Some(path.trim_end_matches('/').to_owned())
}

/// `/api/articles/{slug}` and `/api/articles/{name}` are the same route.
fn template(path: &str) -> String {
    let mut out = String::new();
    let mut in_braces = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_braces = true;
                out.push_str("{}");
            }
            '}' => in_braces = false,
            _ if in_braces => {}
            _ => out.push(c),
        }
    }
    out
}

fn dummy_path(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{id}" => "1".to_owned(),
            s if s.starts_with('{') => "dummy".to_owned(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn the_openapi_document_describes_routes_that_exist() {
    let app = TestApp::new().await;
    let reply = get(&app, "/api/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert!(
        reply
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{reply:?}"
    );
    let doc = reply.body;
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "OpenAPI 3.1: {}",
        doc["openapi"]
    );
    let top = server_prefix(&doc["servers"]).unwrap_or_default();
    let paths = doc["paths"].as_object().expect("paths");

    let mut served = BTreeSet::new();
    for (path, item) in paths {
        let item_prefix = server_prefix(&item["servers"]);
        for (method, operation) in item.as_object().expect("a path item") {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            if !["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&method.as_str()) {
                continue;
            }
            let prefix = server_prefix(&operation["servers"])
                .or_else(|| item_prefix.clone())
                .unwrap_or_else(|| top.clone());
            let mut candidates = vec![format!("{prefix}{path}"), path.clone()];
            if !path.starts_with("/api") {
                candidates.push(format!("/api{path}"));
            }
            let mut seen = BTreeSet::new();
            candidates.retain(|candidate| seen.insert(candidate.clone()));
            let mut hit = None;
            let mut tried = Vec::new();
            for candidate in candidates {
                let body = matches!(method, Method::POST | Method::PUT).then(|| json!({}));
                let reply = api(&app, method.clone(), &dummy_path(&candidate), None, body).await;
                if routed(&reply) {
                    hit = Some(candidate);
                    break;
                }
                tried.push((candidate, reply.status));
            }
            let hit = hit.unwrap_or_else(|| panic!("{method} {path} is not routed: {tried:?}"));
            served.insert(format!("{method} {}", template(&hit)));
        }
    }

    let expected = [
        "POST /api/users/login",
        "POST /api/users",
        "GET /api/user",
        "PUT /api/user",
        "GET /api/profiles/{}",
        "POST /api/profiles/{}/follow",
        "DELETE /api/profiles/{}/follow",
        "GET /api/articles/feed",
        "GET /api/articles",
        "POST /api/articles",
        "GET /api/articles/{}",
        "PUT /api/articles/{}",
        "DELETE /api/articles/{}",
        "GET /api/articles/{}/comments",
        "POST /api/articles/{}/comments",
        "DELETE /api/articles/{}/comments/{}",
        "POST /api/articles/{}/favorite",
        "DELETE /api/articles/{}/favorite",
        "GET /api/tags",
        "POST /auth",
        "POST /auth/refresh",
        "POST /auth/logout",
        "GET /protected",
    ];
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|operation| !served.contains(*operation))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the document: {missing:?}; it has {served:?}"
    );
}

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/articles")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type",
        )
        .body(Body::empty())
        .unwrap()
}

fn get_from(origin: &str) -> Request<Body> {
    Request::get("/api/articles")
        .header(header::ORIGIN, origin)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn no_origin_may_call_the_api_from_a_browser_by_default() {
    let app = TestApp::new().await;
    let reply = send(&app, preflight("https://app.example")).await;
    assert!(
        reply.header("access-control-allow-origin").is_none(),
        "{reply:?}"
    );
    let reply = send(&app, get_from("https://app.example")).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert!(
        reply.header("access-control-allow-origin").is_none(),
        "{reply:?}"
    );
}

#[tokio::test]
async fn a_configured_origin_may_call_the_api_and_read_the_renewed_token() {
    let app = TestApp::with_settings(|s| {
        s.api.cors_allowed_origins = vec!["https://app.example".into()];
    })
    .await;
    let reply = send(&app, preflight("https://app.example")).await;
    assert!(reply.status.is_success(), "{reply:?}");
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let methods = reply
        .header("access-control-allow-methods")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(methods.contains("post") || methods == "*", "{reply:?}");
    let headers = reply
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(
        headers.contains("authorization") || headers == "*",
        "{reply:?}"
    );

    let reply = send(&app, get_from("https://app.example")).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-access-token"), "{reply:?}");
}

#[tokio::test]
async fn an_origin_not_in_the_list_gets_no_cors_permission() {
    let app = TestApp::with_settings(|s| {
        s.api.cors_allowed_origins = vec!["https://app.example".into()];
    })
    .await;
    let reply = send(&app, preflight("https://evil.example")).await;
    assert!(
        reply.header("access-control-allow-origin").is_none(),
        "{reply:?}"
    );
    let reply = send(&app, get_from("https://evil.example")).await;
    assert!(
        reply.header("access-control-allow-origin").is_none(),
        "{reply:?}"
    );
}

// ---- found in review: tokens, sessions, content types, browsers ----

#[tokio::test]
async fn the_current_user_carries_the_token_it_was_asked_with_not_a_longer_one() {
    let app = TestApp::new().await;
    let token = register(&app, "steady").await;
    // A new token on every call would let a revoked session live on forever.
    let reply = get(&app, "/api/user", Some(&token)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["user"]["token"], token.as_str());
    let reply = put(
        &app,
        "/api/user",
        Some(&token),
        json!({"user": {"bio": "hi"}}),
    )
    .await;
    assert_eq!(reply.body["user"]["token"], token.as_str());
}

#[tokio::test]
async fn a_new_password_through_the_api_signs_out_the_other_sessions() {
    let app = TestApp::new().await;
    register(&app, "twodevices").await;
    let phone = login(&app, "twodevices@example.com", PASSWORD).await;
    let laptop = login(&app, "twodevices@example.com", PASSWORD).await;
    let phone_refresh = phone.header("x-refresh-token").unwrap().to_owned();
    let laptop_refresh = laptop.header("x-refresh-token").unwrap().to_owned();
    let laptop_token = laptop.body["user"]["token"].as_str().unwrap().to_owned();

    let changed = put(
        &app,
        "/api/user",
        Some(&laptop_token),
        json!({"user": {"password": "an entirely new secret"}}),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK);

    let refresh = |token: String| {
        Request::post("/auth/refresh")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "refresh_token": token }).to_string()))
            .unwrap()
    };
    assert_eq!(
        send(&app, refresh(phone_refresh)).await.status,
        StatusCode::UNAUTHORIZED,
        "the phone's session ended"
    );
    assert_eq!(
        send(&app, refresh(laptop_refresh)).await.status,
        StatusCode::OK,
        "the laptop, which changed it, stays signed in"
    );
}

#[tokio::test]
async fn bodies_must_say_they_are_json() {
    let app = TestApp::new().await;
    // What a plain HTML form on another site would send: no preflight, so it is refused.
    let request = Request::post("/api/users/login")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(
            json!({"user": {"email": "a@example.com", "password": PASSWORD}}).to_string(),
        ))
        .unwrap();
    let reply = send(&app, request).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(reply.body["errors"]["request"][0].is_string(), "{reply:?}");
}

#[tokio::test]
async fn browsers_get_the_refresh_token_only_as_an_http_only_cookie() {
    let app = TestApp::new().await;
    let request = Request::post("/api/users")
        .header(header::CONTENT_TYPE, "application/json")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(new_user("browser").to_string()))
        .unwrap();
    let reply = send(&app, request).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.header("x-refresh-token"), None);
    assert!(
        reply
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|cookie| cookie.to_str().unwrap().contains("HttpOnly"))
    );
}

#[tokio::test]
async fn a_drafts_comments_do_not_exist_in_the_api_even_for_its_author() {
    let app = TestApp::new().await;
    let token = register(&app, "drafter").await;
    let draft = app
        .state
        .posts
        .create(
            UserId(1),
            PostDraft {
                title: "Unfinished".into(),
                body: "Not yet.".into(),
                ..Default::default()
            },
            PostStatus::Draft,
        )
        .await
        .unwrap();
    let uri = format!("/api/articles/{}/comments", draft.summary.slug);
    for reply in [
        get(&app, &uri, Some(&token)).await,
        post(&app, &uri, Some(&token), json!({"comment": {"body": "hm"}})).await,
        delete(&app, &format!("{uri}/1"), Some(&token)).await,
    ] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{reply:?}");
        assert_eq!(reply.body, json!({"errors": {"article": ["not found"]}}));
    }
}
