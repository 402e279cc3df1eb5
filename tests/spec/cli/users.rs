//! `blog user create`, `password` and `role`: accounts made by the site's owner, even while
//! sign-up is closed, and a way back in for someone who lost a password.

use blog::{
    model::Role,
    server::{accounts::NewAccount, doors::cli::user, error::DomainError, settings::Registration},
};

use axum::http::StatusCode;
use serde_json::json;

use super::{Blog, accounts, database};
use crate::common::{PASSWORD, TestApp};

#[tokio::test]
async fn user_create_makes_an_admin_who_can_sign_in_while_registration_is_closed() {
    let blog = Blog::new().await;
    let refused = accounts(&blog.db, Registration::Closed)
        .sign_up(
            NewAccount {
                username: "someone".into(),
                email: "someone@example.com".into(),
                password: PASSWORD.into(),
            },
            blog::i18n::Locale::en,
        )
        .await;
    assert!(matches!(refused, Err(DomainError::RegistrationClosed)));

    let created = user::create(
        &blog.accounts,
        "boss".into(),
        "boss@example.com".into(),
        PASSWORD.into(),
        Role::Admin,
    )
    .await
    .unwrap();
    assert_eq!(created.role, Role::Admin);

    let signed_in = blog.accounts.authenticate("boss", PASSWORD).await.unwrap();
    assert_eq!(signed_in.id, created.id);
    assert_eq!(signed_in.role, Role::Admin);

    let invalid = user::create(
        &blog.accounts,
        "bad name!".into(),
        "x@example.com".into(),
        PASSWORD.into(),
        Role::Author,
    )
    .await;
    assert!(matches!(
        invalid,
        Err(DomainError::Invalid {
            field: "username",
            ..
        })
    ));
}

/// `blog user role`, run as the operator runs it: the real binary on the blog's database.
fn blog_command(blog: &Blog, args: &[&str]) -> std::process::Output {
    blog_command_in(blog.dir.path(), args)
}

/// The real binary on the database in `dir`.
fn blog_command_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let url = format!("sqlite://{}", dir.join("blog.db").display());
    std::process::Command::new(env!("CARGO_BIN_EXE_blog"))
        .args(args)
        .env("BLOG_DATABASE__URL", url)
        .env(
            "BLOG_AUTH__SECRET",
            "a-test-secret-that-is-long-enough-for-hs256",
        )
        .output()
        .expect("the blog binary runs")
}

#[tokio::test]
async fn the_operator_turns_off_a_lost_second_factor_even_an_admins() {
    use crate::second_factor::{api_password, enrol};
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    enrol(&app, &owner).await;
    api_password(&app, &owner.email)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    let done = blog_command_with_input(&app, &["user", "second-factor-off", "owner"], "");
    assert!(done.status.success(), "{done:?}");
    assert_eq!(
        String::from_utf8_lossy(&done.stdout).trim(),
        "owner signs in with the password alone until they set up a new app"
    );
    let reply = api_password(&app, &owner.email).await;
    assert!(reply.ok()["user"]["token"].is_string());
    let log = app
        .rpc()
        .by(&owner)
        .call("admin/audit", json!({}))
        .await
        .ok();
    assert_eq!(log["entries"][0]["action"], "second factor removed");
    assert_eq!(log["entries"][0]["actor"], "the command line");

    let again = blog_command_with_input(&app, &["user", "second-factor-off", "owner"], "");
    assert!(again.status.success(), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stdout).contains("had no two-step sign-in"));
    let nobody = blog_command_with_input(&app, &["user", "second-factor-off", "nobody"], "");
    assert_eq!(nobody.status.code(), Some(1), "{nobody:?}");
}

/// The real binary on `app`'s database and session store, `stdin` as what is typed.
fn blog_command_with_input(app: &TestApp, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;

    let settings = &app.state.settings;
    let store = serde_json::to_value(settings.sessions.store).expect("a store's name");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_blog"))
        .args(args)
        .env("BLOG_DATABASE__URL", &settings.database.url)
        .env("BLOG_REDIS__URL", &settings.redis.url)
        .env("BLOG_REDIS__KEY_PREFIX", &settings.redis.key_prefix)
        .env("BLOG_SESSIONS__STORE", store.as_str().expect("a name"))
        .env(
            "BLOG_AUTH__SECRET",
            "a-test-secret-that-is-long-enough-for-hs256",
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the blog binary runs");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(stdin.as_bytes())
        .expect("the password is written");
    child.wait_with_output().expect("the blog binary ends")
}

#[tokio::test]
async fn user_password_lets_the_owner_back_in_and_signs_every_session_out() {
    let app = TestApp::new().await;
    let boss = app.admin("boss").await;
    let lost = app.user("lost").await;
    let other_device = app.sign_in_again("lost").await;

    // A password the rules refuse changes nothing.
    let weak = blog_command_with_input(&app, &["user", "password", "lost"], "short\n");
    assert_eq!(weak.status.code(), Some(1), "{weak:?}");
    let said = String::from_utf8_lossy(&weak.stderr);
    assert!(said.contains("password is too short"), "{said}");
    let nobody =
        blog_command_with_input(&app, &["user", "password", "nobody"], "long enough pass\n");
    assert_eq!(nobody.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("not found"));
    app.refresh_with_cookie(&lost.refresh_token)
        .await
        .assert_status(StatusCode::OK);

    let done = blog_command_with_input(&app, &["user", "password", "LOST"], "a brand new secret\n");
    assert!(done.status.success(), "{done:?}");
    assert_eq!(
        String::from_utf8_lossy(&done.stdout).trim(),
        "LOST has a new password; 2 sessions were signed out"
    );
    // Both devices' sessions are over; the old password no longer signs in, the new one does.
    for device in [&lost, &other_device] {
        app.refresh_with_cookie(&device.refresh_token)
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    app.api()
        .login("lost@example.com", PASSWORD)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.api()
        .login("lost@example.com", "a brand new secret")
        .await
        .assert_status(StatusCode::OK);
    let log = app.rpc().by(&boss).call("admin/audit", json!({})).await;
    assert_eq!(log.body["entries"][0]["action"], "password reset");
    assert_eq!(log.body["entries"][0]["actor"], "the command line");
    assert_eq!(log.body["entries"][0]["subject"], "lost");
}

#[tokio::test]
async fn user_role_changes_a_role_and_keeps_the_last_admin() {
    let blog = Blog::new().await;
    let writer = user::create(
        &blog.accounts,
        "writer".into(),
        "writer@example.com".into(),
        PASSWORD.into(),
        Role::Author,
    )
    .await
    .unwrap();

    let output = blog_command(&blog, &["user", "role", "writer", "Contributor"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "writer is now contributor"
    );
    let reread = accounts(&blog.db, Registration::Open);
    assert_eq!(reread.role(writer.id).await.unwrap(), Role::Contributor);

    let unknown = blog_command(&blog, &["user", "role", "writer", "owner"]);
    assert_eq!(unknown.status.code(), Some(1), "as docs/cli.md says");
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        said.contains("one of admin, editor, author, contributor"),
        "{said}"
    );

    let last_admin = blog_command(&blog, &["user", "role", "admin", "editor"]);
    assert_eq!(last_admin.status.code(), Some(1));
    let said = String::from_utf8_lossy(&last_admin.stderr);
    assert!(said.contains("last admin"), "{said}");
    assert_eq!(reread.role(blog.admin.id).await.unwrap(), Role::Admin);

    let nobody = blog_command(&blog, &["user", "role", "nobody", "editor"]);
    assert!(!nobody.status.success());
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("not found"));
}

#[tokio::test]
async fn setup_link_prints_an_address_that_makes_the_owner_until_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    let output = blog_command_in(dir.path(), &["setup-link"]);
    assert!(output.status.success(), "{output:?}");
    let address = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let token = address
        .rsplit_once("/setup/")
        .map(|(_, token)| token.to_owned())
        .unwrap_or_else(|| panic!("an address: {address}"));
    assert!(address.starts_with("http://"), "{address}");
    assert_eq!(token.len(), 64, "{address}");

    let owner = accounts(&db, Registration::Closed)
        .claim_site(
            &token,
            NewAccount {
                username: "owner".into(),
                email: "owner@example.com".into(),
                password: PASSWORD.into(),
            },
            blog::i18n::Locale::en,
        )
        .await
        .unwrap();
    assert_eq!(owner.role, Role::Admin);

    let refused = blog_command_in(dir.path(), &["setup-link"]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("already has its owner"), "{said}");
}
