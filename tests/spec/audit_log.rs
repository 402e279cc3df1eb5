//! The audit log: every admin change (roles, settings, invitations) is written with who, what,
//! to what and when, in the change's own transaction; admins page through it, newest first.

use axum::http::StatusCode;
use blog::{
    model::Role,
    server::accounts::{NewAccount, RoleGranter},
};
use serde_json::{Value, json};

use crate::common::*;

async fn log_page(app: &TestApp, admin: &SignedIn, before: Option<i64>) -> Value {
    let reply = app
        .rpc()
        .by(admin)
        .call("admin/audit", json!({"before": before}))
        .await;
    reply.assert_status(StatusCode::OK);
    reply.body
}

fn entries(page: &Value) -> Vec<(String, String, String)> {
    page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["actor"].as_str().unwrap().to_owned(),
                entry["action"].as_str().unwrap().to_owned(),
                entry["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_admin_change_is_in_the_log_newest_first() {
    // Behind one proxy, which says where the admin came from.
    let app = TestApp::with_settings(|settings| settings.server.trusted_proxy_hops = 1).await;
    let owner = app.admin("owner").await;
    app.user("alice").await;
    app.rpc()
        .by(&owner)
        .header("x-forwarded-for", "203.0.113.7")
        .call("admin/role", json!({"username": "alice", "role": "editor"}))
        .await
        .assert_status(StatusCode::OK);
    let mut values = app
        .rpc()
        .by(&owner)
        .call("site/settings", json!({}))
        .await
        .body["current"]
        .clone();
    values["title"] = json!("Audited");
    values["posts_per_page"] = json!(5);
    // Only these two are set here; the rest stay the file's.
    let from_file = [
        "description",
        "language",
        "accent",
        "navigation",
        "logo",
        "icon",
        "registration",
        "new_account_role",
        "code_theme",
        "custom_css",
        "comment_policy",
        "comment_link_limit",
        "comment_held_words",
    ];
    let save = json!({"change": {"values": values, "from_file": from_file}});
    for _ in 0..2 {
        // The second save changes nothing, and the log says nothing of it.
        app.rpc()
            .by(&owner)
            .call("site/settings/save", save.clone())
            .await
            .assert_status(StatusCode::OK);
    }
    let invitation = app
        .rpc()
        .by(&owner)
        .call("admin/invite", json!({"role": "author", "days": 3}))
        .await
        .body;
    let id = invitation["invitation"]["id"].as_i64().unwrap();
    app.rpc()
        .by(&owner)
        .call("admin/invitations/revoke", json!({"id": id}))
        .await
        .assert_status(StatusCode::OK);
    app.state
        .accounts
        .set_role(RoleGranter::Operator, "alice", Role::Author)
        .await
        .unwrap();
    // A refused change leaves no entry.
    app.rpc()
        .by(&owner)
        .call("admin/role", json!({"username": "owner", "role": "author"}))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    let page = log_page(&app, &owner, None).await;
    assert_eq!(
        entries(&page),
        [
            (
                "the command line".into(),
                "role changed".into(),
                "alice: author".into()
            ),
            (
                "owner".into(),
                "invitation revoked".into(),
                format!("#{id}")
            ),
            (
                "owner".into(),
                "invitation made".into(),
                format!("#{id}: author for 3 days")
            ),
            (
                "owner".into(),
                "settings changed".into(),
                "title, posts_per_page".into()
            ),
            (
                "owner".into(),
                "role changed".into(),
                "alice: editor".into()
            ),
        ]
    );
    assert_eq!(page["older"], Value::Null);
    assert_eq!(page["entries"][4]["address"], "203.0.113.7");
    assert_eq!(page["entries"][0]["address"], Value::Null);
}

#[tokio::test]
async fn the_log_keeps_only_the_newest_entries() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    app.user("alice").await;
    for role in [Role::Editor, Role::Author, Role::Contributor] {
        app.state
            .accounts
            .set_role(RoleGranter::Operator, "alice", role)
            .await
            .unwrap();
    }
    let pruned = blog::server::audit::store::prune(&app.state.db, 2)
        .await
        .unwrap();
    assert_eq!(pruned, 1);
    let kept = entries(&log_page(&app, &owner, None).await);
    assert_eq!(
        kept.iter()
            .map(|(_, _, subject)| subject.as_str())
            .collect::<Vec<_>>(),
        ["alice: contributor", "alice: author"]
    );
}

#[tokio::test]
async fn the_log_is_for_admins_and_pages_back_through_older_entries() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    let editor = app.account("eddie", Role::Editor).await;
    app.rpc()
        .by(&editor)
        .call("admin/audit", json!({"before": null}))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.rpc()
        .call("admin/audit", json!({"before": null}))
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    let new = NewAccount {
        username: "alice".into(),
        email: "alice@example.com".into(),
        password: PASSWORD.into(),
    };
    app.state.accounts.create(new, Role::Author).await.unwrap();
    for n in 0..60 {
        let role = if n % 2 == 0 {
            Role::Contributor
        } else {
            Role::Author
        };
        app.state
            .accounts
            .set_role(RoleGranter::Operator, "alice", role)
            .await
            .unwrap();
    }
    let first = log_page(&app, &owner, None).await;
    assert_eq!(entries(&first).len(), 50);
    let older = first["older"].as_i64().expect("older entries follow");
    let second = log_page(&app, &owner, Some(older)).await;
    assert_eq!(entries(&second).len(), 10);
    assert_eq!(second["older"], Value::Null);
    // The oldest entry is the first change.
    assert_eq!(entries(&second)[9].2, "alice: contributor");
}
