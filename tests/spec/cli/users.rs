//! `blog user create`: accounts made by the site's owner, even while sign-up is closed.

use blog::{
    model::Role,
    server::{accounts::NewAccount, cli::user, error::DomainError, settings::Registration},
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
