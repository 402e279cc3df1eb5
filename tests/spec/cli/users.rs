//! `blog user create`: accounts made by the site's owner, even while sign-up is closed.

use blog::{
    model::Role,
    server::{accounts::NewAccount, doors::cli::user, error::DomainError, settings::Registration},
};

use super::{Blog, accounts};
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
    let url = format!("sqlite://{}", blog.dir.path().join("blog.db").display());
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
    assert!(!unknown.status.success());
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        said.contains("one of admin, editor, author, contributor"),
        "{said}"
    );

    let last_admin = blog_command(&blog, &["user", "role", "admin", "editor"]);
    assert!(!last_admin.status.success());
    let said = String::from_utf8_lossy(&last_admin.stderr);
    assert!(said.contains("last admin"), "{said}");
    assert_eq!(reread.role(blog.admin.id).await.unwrap(), Role::Admin);

    let nobody = blog_command(&blog, &["user", "role", "nobody", "editor"]);
    assert!(!nobody.status.success());
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("not found"));
}
