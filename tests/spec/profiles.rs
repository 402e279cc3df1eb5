//! Profile pages: an author's published posts, bio and picture, set from the account page
//! through the server functions; a picture must be a web address.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;

/// What the account page sends: the email as it is, a bio and a picture address.
async fn update_account(app: &TestApp, who: &SignedIn, bio: &str, image: &str) -> Reply {
    let fields = [
        ("email", who.email.as_str()),
        ("bio", bio),
        ("image", image),
        ("current_password", ""),
    ];
    app.rpc().by(who).form("account/update", &fields).await
}

#[tokio::test]
async fn a_profile_page_lists_only_that_authors_posts_and_shows_their_bio() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    update_account(&app, &alice, "I write about Rust.", "")
        .await
        .ok();
    app.publish(&alice, "Alice on traits", "Body.", &[]).await;
    app.publish(&bob, "Bob on bread", "Body.", &[]).await;

    let reply = app.get("/profile/alice").await;
    reply.assert_status(StatusCode::OK);
    assert!(!reply.text().contains("Bob on bread"));
    let profile = reply.page();
    assert_eq!(profile.title(), "alice · Test Blog");
    assert_eq!(profile.heading(), "alice");
    assert_eq!(profile.text("p.bio"), "I write about Rust.");
    assert_eq!(profile.card_titles(), ["Alice on traits"]);

    let reply = app.get("/profile/bob").await;
    assert!(!reply.text().contains("Alice on traits"));
    assert_eq!(reply.page().card_titles(), ["Bob on bread"]);
}

#[tokio::test]
async fn an_unknown_profile_gets_the_not_found_page() {
    let app = TestApp::new().await;
    app.user("alice").await;
    app.assert_not_found_page("/profile/nobody").await;
    app.rpc()
        .call("profiles/get", json!({ "username": "nobody" }))
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
}

#[tokio::test]
async fn a_bio_and_picture_are_saved_and_shown_on_the_profile_page() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let picture = "https://example.com/alice.png";
    let user = update_account(&app, &alice, "Rustacean & baker.", picture)
        .await
        .ok();
    assert_eq!(user["bio"], "Rustacean & baker.");
    assert_eq!(user["image"], picture);

    let profile = app.page("/profile/alice").await;
    assert_eq!(profile.text("p.bio"), "Rustacean & baker.");
    assert_eq!(profile.attr("img.avatar", "src").as_deref(), Some(picture));
    assert_eq!(
        profile.meta("description").as_deref(),
        Some("Rustacean & baker.")
    );

    // Emptied, they are gone.
    update_account(&app, &alice, "", "").await.ok();
    let reply = app.get("/profile/alice").await;
    assert!(!reply.text().contains("Rustacean"), "{reply:?}");
    assert!(!reply.page().has("img.avatar"));
}

#[tokio::test]
async fn a_picture_address_that_is_not_a_web_address_is_refused() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let picture = "https://example.com/ok.png";
    update_account(&app, &alice, "", picture).await.ok();
    for image in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "https://example.com/x.png\" onerror=\"alert(1)",
        "//example.com/x.png",
    ] {
        update_account(&app, &alice, "Changed?", image)
            .await
            .assert_invalid("image");
    }
    let reply = app.get("/profile/alice").await;
    assert!(
        !reply.text().contains("Changed?"),
        "nothing saved: {reply:?}"
    );
    let kept = reply.page().attr("img.avatar", "src");
    assert_eq!(kept.as_deref(), Some(picture), "the earlier picture stays");
}
