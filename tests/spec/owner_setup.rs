//! A first start nobody can steal: a fresh site has no admin, sign-ups (the first included)
//! make ordinary accounts, and only a setup link, which the server prints for whoever runs
//! it, makes the owner, once.

use std::time::Duration;

use axum::http::StatusCode;
use blog::{
    model::{Role, routes::setup_href},
    server::accounts::{NewAccount, RoleGranter, SETUP_LINK_LIFETIME},
};
use serde_json::json;

use crate::common::*;

fn owner_fields<'a>(
    token: &'a str,
    username: &'a str,
    password: &'a str,
) -> Vec<(&'a str, String)> {
    vec![
        ("token", token.to_owned()),
        ("username", username.to_owned()),
        ("email", format!("{username}@example.com")),
        ("password", password.to_owned()),
    ]
}

async fn claim(app: &TestApp, token: &str, username: &str, password: &str) -> Reply {
    let fields = owner_fields(token, username, password);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.rpc().form("setup/claim", &fields).await
}

async fn new_link(app: &TestApp) -> String {
    app.state
        .accounts
        .new_setup_link()
        .await
        .unwrap()
        .expect("a site without an admin gives setup links")
        .0
}

#[tokio::test]
async fn the_first_sign_up_is_no_admin_and_the_setup_link_makes_the_owner_once() {
    let app = TestApp::new().await;
    assert!(app.state.accounts.awaiting_owner().await.unwrap());

    // A stranger who finds the new site first gets an ordinary account, at either door.
    let stranger = app
        .api()
        .post(
            "/api/users",
            json!({"user": {"username": "stranger", "email": "s@example.com", "password": PASSWORD}}),
        )
        .await;
    stranger.assert_status(StatusCode::CREATED);
    let fields = [
        ("username", "early"),
        ("email", "early@example.com"),
        ("password", PASSWORD),
    ];
    let early = app.rpc().form("auth/register", &fields).await.ok();
    assert_eq!(early["user"]["role"], "author");
    assert!(app.state.accounts.awaiting_owner().await.unwrap());

    let token = new_link(&app).await;
    let page = app.page(&setup_href(&token)).await;
    assert!(page.has("form input[name=password]"), "{page:?}");
    assert_eq!(page.meta("robots").as_deref(), Some("noindex"));

    // A refused account leaves the link working.
    claim(&app, &token, "owner", "short")
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    claim(&app, &token, "stranger", PASSWORD)
        .await
        .assert_status(StatusCode::CONFLICT);

    let owner = claim(&app, &token, "owner", PASSWORD).await;
    owner.assert_status(StatusCode::OK);
    assert!(owner.access_token().is_some(), "signed in at once");
    assert_eq!(owner.body["user"]["role"], "admin");
    assert!(!app.state.accounts.awaiting_owner().await.unwrap());

    // The link is used up, and no new one is given.
    let again = claim(&app, &token, "second", PASSWORD).await;
    again.assert_status(StatusCode::GONE);
    assert_eq!(again.body, json!({"SetupLink": "SiteHasOwner"}));
    assert!(app.state.accounts.new_setup_link().await.unwrap().is_none());
    let page = app.get(&setup_href(&token)).await;
    page.assert_status(StatusCode::GONE);
    assert!(
        page.text().contains("already has its owner"),
        "{}",
        page.text()
    );
    let second = app.state.accounts.id_by_username("second").await.unwrap();
    assert!(second.is_none(), "nothing was created");
}

#[tokio::test]
async fn every_link_is_used_up_with_the_first_claim_and_none_outlives_its_day() {
    let app = TestApp::new().await;
    let first = new_link(&app).await;
    let second = new_link(&app).await;
    app.advance(SETUP_LINK_LIFETIME + Duration::from_secs(1));
    claim(&app, &first, "owner", PASSWORD)
        .await
        .assert_status(StatusCode::GONE);
    let page = app.get(&setup_href(&second)).await;
    page.assert_status(StatusCode::GONE);
    assert!(
        page.text().contains("used or has expired"),
        "{}",
        page.text()
    );

    let third = new_link(&app).await;
    let fourth = new_link(&app).await;
    claim(&app, &third, "owner", PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    claim(&app, &fourth, "usurper", PASSWORD)
        .await
        .assert_status(StatusCode::GONE);
    let unknown = "0".repeat(64);
    claim(&app, &unknown, "guesser", PASSWORD)
        .await
        .assert_status(StatusCode::GONE);
}

#[tokio::test]
async fn an_admin_made_at_the_command_line_ends_the_links_too() {
    let app = TestApp::new().await;
    let token = new_link(&app).await;
    let operator = NewAccount {
        username: "operator".into(),
        email: "operator@example.com".into(),
        password: PASSWORD.into(),
    };
    app.state
        .accounts
        .create(operator, Role::Admin)
        .await
        .unwrap();
    let refused = claim(&app, &token, "owner", PASSWORD).await;
    refused.assert_status(StatusCode::GONE);
    assert_eq!(refused.body, json!({"SetupLink": "SiteHasOwner"}));
}

#[tokio::test]
async fn the_setup_page_speaks_the_readers_language() {
    let app = TestApp::new().await;
    let token = new_link(&app).await;
    let reply = app
        .get_with(&setup_href(&token), &[("accept-language", "zh-CN")])
        .await;
    reply.assert_status(StatusCode::OK);
    assert!(reply.text().contains("创建站长账号"), "{}", reply.text());
}

#[tokio::test]
async fn the_operator_changes_roles_before_the_owner_arrives() {
    // "The last admin keeps their role" must not mean "no role changes without an admin".
    let app = TestApp::new().await;
    app.user("alice").await;
    let changed = app
        .state
        .accounts
        .set_role(RoleGranter::Operator, "alice", Role::Contributor)
        .await
        .unwrap();
    assert_eq!(changed.role, Role::Contributor);
}
