//! Accounts through the server functions: signing up and in, password rules, names and
//! addresses that are taken, changing the password, and registration closed by the admin.

use axum::http::StatusCode;
use blog::{
    model::Role,
    server::{accounts::NewAccount, settings::Registration},
};
use serde_json::json;

use crate::common::*;

async fn sign_up(app: &TestApp, username: &str, email: &str, password: &str) -> Reply {
    let fields = [
        ("username", username),
        ("email", email),
        ("password", password),
    ];
    app.rpc().form("auth/register", &fields).await
}

async fn sign_in(app: &TestApp, login: &str, password: &str) -> Reply {
    let fields = [("login", login), ("password", password)];
    app.rpc().form("auth/login", &fields).await
}

#[tokio::test]
async fn passwords_from_8_to_128_characters_are_accepted() {
    let app = TestApp::new().await;
    for (index, length) in [8usize, 64, 128].into_iter().enumerate() {
        let username = format!("user{index}");
        let password = "p".repeat(length);
        let reply = sign_up(
            &app,
            &username,
            &format!("{username}@example.com"),
            &password,
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{length} characters");
        sign_in(&app, &username, &password)
            .await
            .assert_status(StatusCode::OK);
    }
    let reply = sign_up(&app, "shorty", "shorty@example.com", "1234567").await;
    reply.assert_invalid("password");
    assert_eq!(
        reply.body["Invalid"]["message"],
        "is too short (minimum is 8 characters)"
    );
}

#[tokio::test]
async fn a_taken_username_or_email_is_a_conflict_in_any_case() {
    let app = TestApp::new().await;
    app.user("alice").await;
    let reply = sign_up(&app, "ALICE", "other@example.com", PASSWORD).await;
    reply.assert_error(
        StatusCode::CONFLICT,
        json!({ "Taken": { "field": "username" } }),
    );
    let reply = sign_up(&app, "alice2", "Alice@Example.com", PASSWORD).await;
    reply.assert_error(
        StatusCode::CONFLICT,
        json!({ "Taken": { "field": "email" } }),
    );
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer() {
    let app = TestApp::new().await;
    app.user("alice").await;
    let wrong_password = sign_in(&app, "alice", "not the password").await;
    let unknown_user = sign_in(&app, "mallory", "not the password").await;
    wrong_password.assert_status(StatusCode::UNAUTHORIZED);
    unknown_user.assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.text(), unknown_user.text());
    // Signing in by email address works too, in any case.
    sign_in(&app, "ALICE@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK);
}

async fn change_password(app: &TestApp, who: &SignedIn, current: &str, new: &str) -> Reply {
    let fields = [("current_password", current), ("new_password", new)];
    app.rpc()
        .by(who)
        .refresh_cookie(&who.refresh_token)
        .form("auth/password", &fields)
        .await
}

async fn refresh(app: &TestApp, who: &SignedIn) -> Reply {
    app.rpc()
        .refresh_cookie(&who.refresh_token)
        .form("auth/refresh", &[])
        .await
}

#[tokio::test]
async fn changing_the_password_signs_out_the_other_sessions() {
    let app = TestApp::new().await;
    let here = app.user("alice").await;
    let elsewhere = app.sign_in_again("alice").await;

    change_password(&app, &here, PASSWORD, "a brand new secret")
        .await
        .assert_status(StatusCode::OK);

    let reply = refresh(&app, &elsewhere).await;
    assert_eq!(
        reply.status,
        StatusCode::UNAUTHORIZED,
        "the other session ended"
    );
    let reply = refresh(&app, &here).await;
    assert_eq!(reply.status, StatusCode::OK, "this session goes on");

    sign_in(&app, "alice", PASSWORD)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    sign_in(&app, "alice", "a brand new secret")
        .await
        .assert_status(StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_current_password_is_refused_beside_its_field() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    change_password(&app, &alice, "not my password", "a brand new secret")
        .await
        .assert_invalid("current_password");
}

/// What the account page sends: email, bio and picture, no password.
async fn update_account(app: &TestApp, who: Option<&SignedIn>, email: &str, bio: &str) -> Reply {
    let fields = [
        ("email", email),
        ("bio", bio),
        ("image", ""),
        ("current_password", ""),
    ];
    app.rpc()
        .maybe_by(who)
        .form("account/update", &fields)
        .await
}

#[tokio::test]
async fn an_email_address_someone_else_has_is_a_conflict() {
    let app = TestApp::new().await;
    app.user("alice").await;
    let bob = app.user("bob").await;
    update_account(&app, Some(&bob), "Alice@Example.com", "Hi")
        .await
        .assert_error(
            StatusCode::CONFLICT,
            json!({ "Taken": { "field": "email" } }),
        );
    // Bob still signs in with his own address, and nothing else was saved.
    sign_in(&app, "bob@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    let profile = app.get("/profile/bob").await.page();
    assert!(!profile.has("p.bio"), "{profile:?}");
}

#[tokio::test]
async fn updating_the_account_needs_a_sign_in() {
    let app = TestApp::new().await;
    app.user("alice").await;
    update_account(&app, None, "alice@example.com", "x")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
}

#[tokio::test]
async fn with_registration_closed_sign_up_is_refused_but_existing_users_sign_in() {
    let app = TestApp::with_settings(|s| s.site.registration = Registration::Closed).await;
    // Accounts are made by the admin from the command line, which this is the door of.
    let alice = NewAccount {
        username: "alice".into(),
        email: "alice@example.com".into(),
        password: PASSWORD.into(),
    };
    app.state
        .accounts
        .create(alice, Role::Author)
        .await
        .expect("an account made by the admin");

    sign_up(&app, "mallory", "mallory@example.com", PASSWORD)
        .await
        .assert_error(StatusCode::FORBIDDEN, json!("RegistrationClosed"));
    sign_in(&app, "mallory", PASSWORD)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    let reply = sign_in(&app, "alice", PASSWORD).await;
    let token = reply.access_token().expect("signed in");
    let draft =
        json!({"title": "Still writing", "description": "", "body": "Closed doors.", "tags": []});
    let arguments = json!({"slug": null, "draft": draft, "publication": {"kind": "published"}});
    let post = app
        .rpc()
        .token(&token)
        .call("posts/save", arguments)
        .await
        .ok();
    let page = app
        .get(&format!(
            "/post/{}",
            post["summary"]["slug"].as_str().unwrap()
        ))
        .await;
    assert_eq!(page.page().article().body.visible_text(), "Closed doors.");
}
