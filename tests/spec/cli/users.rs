//! `blog user create`: accounts made by the site's owner, even while sign-up is closed.

use blog::{
    model::Role,
    server::{accounts::NewAccount, doors::cli::user, error::DomainError, settings::Registration},
};

use super::{Blog, accounts, database};
use crate::common::PASSWORD;

#[tokio::test]
async fn user_create_makes_an_admin_who_can_sign_in_while_registration_is_closed() {
    let blog = Blog::new().await;
    let refused = accounts(&blog.db, Registration::Closed)
        .sign_up(NewAccount {
            username: "someone".into(),
            email: "someone@example.com".into(),
            password: PASSWORD.into(),
        })
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
        )
        .await
        .unwrap();
    assert_eq!(owner.role, Role::Admin);

    let refused = blog_command_in(dir.path(), &["setup-link"]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("already has its owner"), "{said}");
}
