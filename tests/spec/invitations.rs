//! Invitations: an admin's link that signs one person up with a chosen role, whatever the
//! registration mode, once; revocable until used, and dead after its expiry. A site that
//! takes no sign-ups says so on its sign-up page instead of showing a form it would refuse.

use std::time::Duration;

use axum::http::StatusCode;
use blog::model::Role;
use serde_json::{Value, json};

use crate::common::*;

async fn set_registration(app: &TestApp, admin: &SignedIn, mode: &str) {
    let mut values = app
        .rpc()
        .by(admin)
        .call("site/settings", json!({}))
        .await
        .body["current"]
        .clone();
    values["registration"] = json!(mode);
    app.rpc()
        .by(admin)
        .call(
            "site/settings/save",
            json!({"change": {"values": values, "from_file": []}}),
        )
        .await
        .assert_status(StatusCode::OK);
}

async fn invite(app: &TestApp, admin: &SignedIn, role: &str, days: u32) -> Value {
    let reply = app
        .rpc()
        .by(admin)
        .call("admin/invite", json!({"role": role, "days": days}))
        .await;
    reply.assert_status(StatusCode::OK);
    reply.body
}

/// The token in an invitation's link.
fn token_of(invitation: &Value) -> String {
    let link = invitation["link"].as_str().unwrap();
    link.split_once("/signup?invitation=")
        .unwrap_or_else(|| panic!("a sign-up link: {link}"))
        .1
        .to_owned()
}

async fn sign_up(app: &TestApp, name: &str, invitation: Option<&str>) -> Reply {
    let email = format!("{name}@example.com");
    let mut fields = vec![
        ("username", name),
        ("email", email.as_str()),
        ("password", PASSWORD),
    ];
    if let Some(token) = invitation {
        fields.push(("invitation", token));
    }
    app.rpc().form("auth/register", &fields).await
}

#[tokio::test]
async fn an_invitation_signs_one_person_up_with_its_role_even_when_sign_ups_are_closed() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    set_registration(&app, &owner, "closed").await;
    sign_up(&app, "uninvited", None)
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let invitation = invite(&app, &owner, "editor", 7).await;
    assert_eq!(invitation["invitation"]["role"], "editor");
    assert_eq!(invitation["invitation"]["invited_by"], "owner");
    let token = token_of(&invitation);
    // The page the link opens has the form, and says why.
    let page = app.page(&format!("/signup?invitation={token}")).await;
    assert!(page.has("form input[name=password]"), "{page:?}");
    assert!(page.text(".notice").contains("invited"), "{page:?}");

    // A refused account leaves the invitation usable.
    sign_up(&app, "owner", Some(&token))
        .await
        .assert_status(StatusCode::CONFLICT);
    let joined = sign_up(&app, "newcomer", Some(&token)).await.ok();
    assert_eq!(joined["user"]["role"], "editor");

    // Used up: a second use is refused, and it is no longer listed.
    sign_up(&app, "second", Some(&token))
        .await
        .assert_invalid("invitation");
    let pending = app
        .rpc()
        .by(&owner)
        .call("admin/invitations", json!({}))
        .await;
    assert_eq!(pending.body, json!([]));
}

#[tokio::test]
async fn a_revoked_or_expired_invitation_signs_nobody_up() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    let revoked = invite(&app, &owner, "author", 7).await;
    let expiring = invite(&app, &owner, "author", 1).await;
    let listed = app
        .rpc()
        .by(&owner)
        .call("admin/invitations", json!({}))
        .await
        .body;
    assert_eq!(listed.as_array().unwrap().len(), 2);

    app.rpc()
        .by(&owner)
        .call(
            "admin/invitations/revoke",
            json!({"id": revoked["invitation"]["id"]}),
        )
        .await
        .assert_status(StatusCode::OK);
    sign_up(&app, "late", Some(&token_of(&revoked)))
        .await
        .assert_invalid("invitation");

    app.advance(Duration::from_secs(24 * 60 * 60 + 1));
    sign_up(&app, "later", Some(&token_of(&expiring)))
        .await
        .assert_invalid("invitation");
    sign_up(&app, "guess", Some(&"0".repeat(64)))
        .await
        .assert_invalid("invitation");
}

#[tokio::test]
async fn only_admins_invite_and_the_expiry_is_bounded() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    let editor = app.account("eddie", Role::Editor).await;
    for (endpoint, arguments) in [
        ("admin/invite", json!({"role": "admin", "days": 7})),
        ("admin/invitations", json!({})),
        ("admin/invitations/revoke", json!({"id": 1})),
    ] {
        app.rpc()
            .by(&editor)
            .call(endpoint, arguments.clone())
            .await
            .assert_status(StatusCode::FORBIDDEN);
        app.rpc()
            .call(endpoint, arguments)
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    for days in [0, 31, 100_000] {
        app.rpc()
            .by(&owner)
            .call("admin/invite", json!({"role": "author", "days": days}))
            .await
            .assert_invalid("days");
    }
    app.rpc()
        .by(&owner)
        .call("admin/invitations/revoke", json!({"id": 999}))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_site_without_open_sign_ups_says_so_instead_of_a_form() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    assert!(app.page("/").await.has("a[href='/signup']"));

    set_registration(&app, &owner, "invitation").await;
    let page = app.page("/signup").await;
    assert!(!page.has("form input[name=password]"), "{page:?}");
    assert!(
        page.text(".notice").contains("by invitation only"),
        "{page:?}"
    );
    assert!(!app.page("/").await.has("a[href='/signup']"));
    app.api()
        .post(
            "/api/users",
            json!({"user": {"username": "x", "email": "x@example.com", "password": PASSWORD}}),
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);

    set_registration(&app, &owner, "closed").await;
    let page = app.page("/signup").await;
    assert!(
        page.text(".notice").contains("takes no new accounts"),
        "{page:?}"
    );
}
