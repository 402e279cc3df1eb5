//! The holes a security review found (issue 21), one test each, through the real router: each
//! failed before its fix. What the classes of hole are and how each is checked is in
//! docs/security.md.

use std::time::Duration;

use axum::http::StatusCode;
use blog::{model::Role, server::settings::Settings};
use serde_json::json;

use crate::common::{images, *};

/// Behind one trusted proxy, so a test speaks from the address it chooses.
async fn behind_a_proxy(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    TestApp::with_settings(|settings| {
        settings.server.trusted_proxy_hops = 1;
        adjust(settings);
    })
    .await
}

#[tokio::test]
async fn an_encoded_query_name_cannot_keep_another_page_under_a_pages_key() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let post = app.publish(&alice, "Still here", "Words.", &[]).await;
    let reader = app.user("reader").await;
    app.rpc()
        .by(&reader)
        .call(
            "comments/add",
            json!({"slug": post.summary.slug, "body": "First!"}),
        )
        .await
        .ok();
    // Right after the change, a stranger asks for pages nobody else would see.
    app.get("/?%70age=100000").await;
    let uri = format!("/post/{}", post.summary.slug);
    app.get(&format!("{uri}?%63omments=999")).await;
    assert!(app.get("/").await.text().contains("Still here"));
    assert!(app.get(&uri).await.text().contains("First!"));
    // The page reads the last of a repeated name, and decodes a value twice: so does the key.
    app.get("/?page=1&page=5000").await;
    app.get("/?page=%2535").await;
    assert!(app.get("/").await.text().contains("Still here"));
}

#[tokio::test]
async fn wrong_passwords_sent_at_once_are_checked_no_more_often_than_the_budget() {
    let app = behind_a_proxy(|_| {}).await;
    app.user("alice").await;
    let wrong = json!({"user": {"email": "alice@example.com", "password": "not the one"}});
    let attempts = (0..120).map(|_| {
        app.api()
            .header("x-forwarded-for", "203.0.113.5")
            .post("/api/users/login", wrong.clone())
    });
    let replies = futures::future::join_all(attempts).await;
    let checked = replies
        .iter()
        .filter(|reply| reply.status == StatusCode::UNAUTHORIZED)
        .count();
    let refused = replies
        .iter()
        .filter(|reply| reply.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    let budget = app.state.settings.throttle.failures_per_account_and_address as usize;
    assert_eq!((checked, refused), (budget, 120 - budget));
}

#[tokio::test]
async fn guessing_the_current_password_with_a_stolen_token_is_throttled() {
    let app = behind_a_proxy(|_| {}).await;
    let alice = app.user("alice").await;
    let guess = |n: usize| json!({"user": {"password": "a brand new password", "currentPassword": format!("guess {n}")}});
    let mut statuses = Vec::new();
    for n in 0..8 {
        let reply = app
            .api()
            .by(&alice)
            .header("x-forwarded-for", "198.51.100.9")
            .put("/api/user", guess(n))
            .await;
        statuses.push(reply.status);
    }
    let budget = app.state.settings.throttle.failures_per_account_and_address as usize;
    assert!(
        statuses[..budget]
            .iter()
            .all(|status| *status == StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    assert_eq!(
        statuses[budget],
        StatusCode::TOO_MANY_REQUESTS,
        "{statuses:?}"
    );
    // The right password, once the wait is over, still works and resets the count.
    app.advance(Duration::from_secs(2));
    let right = json!({"user": {"bio": "hi", "password": "a brand new password", "currentPassword": PASSWORD}});
    app.api()
        .by(&alice)
        .header("x-forwarded-for", "198.51.100.9")
        .put("/api/user", right)
        .await
        .assert_status(StatusCode::OK);
}

#[tokio::test]
async fn control_characters_never_reach_a_feed() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let article = json!({"article": {
        "title": "Hi\u{1}x", "description": "d\u{8}", "body": "Body\u{b} text",
        "tagList": ["ru\u{1f}st"]
    }});
    let reply = app.api().by(&alice).post("/api/articles", article).await;
    reply.assert_status(StatusCode::CREATED);
    assert_eq!(reply.body["article"]["title"], "Hix");
    for feed in [
        "/atom.xml",
        "/rss.xml",
        "/tag/rust/atom.xml",
        "/sitemap.xml",
    ] {
        let reply = app.get(feed).await;
        reply.assert_status(StatusCode::OK);
        assert!(
            !reply
                .bytes()
                .iter()
                .any(|byte| *byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r')),
            "{feed}"
        );
    }
    let atom = feed_rs::parser::parse(app.get("/atom.xml").await.bytes()).expect("a feed");
    assert_eq!(atom.entries[0].title.as_ref().unwrap().content, "Hix");
}

#[tokio::test]
async fn another_sites_page_cannot_switch_a_readers_language() {
    let app = TestApp::new().await;
    let reply = app
        .api()
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .send(
            axum::http::Method::POST,
            "/language",
            Some((
                "application/x-www-form-urlencoded",
                "language=zh&back=/".into(),
            )),
        )
        .await;
    reply.assert_status(StatusCode::FORBIDDEN);
    assert!(reply.cookies().is_empty(), "{reply:?}");
    // The site's own form still works.
    let reply = app
        .api()
        .header("sec-fetch-site", "same-origin")
        .send(
            axum::http::Method::POST,
            "/language",
            Some((
                "application/x-www-form-urlencoded",
                "language=zh&back=/".into(),
            )),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{reply:?}");
}

#[tokio::test]
async fn a_schedule_does_not_outlive_its_setters_demotion() {
    let app = TestApp::new().await;
    let boss = app.admin("boss").await;
    let author = app.user("author").await;
    let at = app.state.clock.now_millis() + 60 * 60 * 1000;
    let scheduled = app
        .rpc()
        .by(&author)
        .schedule(None, draft("Later", "Words.", &[]), at)
        .await
        .ok();
    let slug = slug_of(&scheduled);
    app.rpc()
        .by(&boss)
        .call(
            "admin/role",
            json!({"username": "author", "role": "contributor"}),
        )
        .await
        .ok();
    app.advance(Duration::from_secs(2 * 60 * 60));
    assert_eq!(app.state.posts.publish_due().await.unwrap(), 0);
    app.assert_not_found_page(&format!("/post/{slug}")).await;
    let author = app.sign_in_again("author").await;
    let post = app.rpc().by(&author).get_post(&slug).await.ok();
    assert_eq!(post["summary"]["status"], "draft");
    assert_eq!(post["summary"]["scheduled"], serde_json::Value::Null);
    // An editor's schedule of the same draft goes out.
    let editor = app.account("editor", Role::Editor).await;
    let at = app.state.clock.now_millis() + 1000;
    app.rpc()
        .by(&editor)
        .schedule(Some(&slug), draft("Later", "Words.", &[]), at)
        .await
        .ok();
    app.advance(Duration::from_secs(2));
    assert_eq!(app.state.posts.publish_due().await.unwrap(), 1);
}

#[tokio::test]
async fn an_ipv4_client_is_one_throttle_bucket_however_a_proxy_writes_it() {
    let app =
        behind_a_proxy(|settings| settings.throttle.failures_per_account_and_address = 2).await;
    app.user("alice").await;
    let wrong = json!({"user": {"email": "alice@example.com", "password": "not the one"}});
    for address in ["192.0.2.7", "::ffff:192.0.2.7"] {
        app.api()
            .header("x-forwarded-for", address)
            .post("/api/users/login", wrong.clone())
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    app.api()
        .header("x-forwarded-for", "::ffff:c000:207")
        .post("/api/users/login", wrong)
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_bare_jpeg_with_something_in_its_compressed_data_is_encoded_afresh() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    // Large enough that the payload is past the start every upload's head is looked in.
    let mut jpeg = images::jpeg(800, 600);
    // Before the end marker, where a decoder reads compressed pixels and skips the rest.
    let payload = b"<html><script>alert(document.cookie)</script></html>";
    let end = jpeg.len() - 2;
    jpeg.splice(end..end, payload.iter().copied());
    let reply = app
        .api()
        .by(&alice)
        .upload("plain.jpg", "image/jpeg", &jpeg)
        .await;
    reply.assert_status(StatusCode::CREATED);
    let url = reply.body["upload"]["url"].as_str().unwrap().to_owned();
    let served = app.get(&url).await;
    served.assert_status(StatusCode::OK);
    assert!(
        !served
            .bytes()
            .windows(b"<script".len())
            .any(|window| window.eq_ignore_ascii_case(b"<script")),
        "the payload was served back"
    );
    // A clean bare JPEG is still kept byte for byte.
    let clean = images::jpeg(800, 600);
    let reply = app
        .api()
        .by(&alice)
        .upload("c.jpg", "image/jpeg", &clean)
        .await;
    let url = reply.body["upload"]["url"].as_str().unwrap().to_owned();
    assert_eq!(app.get(&url).await.bytes(), clean.as_slice());
}

#[tokio::test]
async fn one_account_cannot_post_a_flood_of_comments() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let post = app.publish(&alice, "Popular", "Words.", &[]).await;
    let spammer = app.user("spammer").await;
    let uri = format!("/api/articles/{}/comments", post.summary.slug);
    let burst = app.state.settings.limits.comments.burst as usize;
    for n in 0..burst {
        app.api()
            .by(&spammer)
            .post(&uri, json!({"comment": {"body": format!("spam {n}")}}))
            .await
            .assert_status(StatusCode::CREATED);
    }
    let refused = app
        .api()
        .by(&spammer)
        .post(&uri, json!({"comment": {"body": "one more"}}))
        .await;
    refused.assert_status(StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // The same limit at the other door.
    let reply = app
        .rpc()
        .by(&spammer)
        .call(
            "comments/add",
            json!({"slug": post.summary.slug, "body": "again"}),
        )
        .await;
    reply.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.header("retry-after").is_some());
    // Others comment as before, and the spammer again once the wait is over.
    app.api()
        .by(&alice)
        .post(&uri, json!({"comment": {"body": "Thanks!"}}))
        .await
        .assert_status(StatusCode::CREATED);
    app.advance(Duration::from_secs(wait));
    app.api()
        .by(&spammer)
        .post(&uri, json!({"comment": {"body": "later"}}))
        .await
        .assert_status(StatusCode::CREATED);
}

#[tokio::test]
async fn null_is_refused_in_every_field_of_a_realworld_body_but_bio_and_image() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    for field in ["password", "email", "username"] {
        let reply = app
            .api()
            .by(&alice)
            .put("/api/user", json!({"user": {field: null}}))
            .await;
        reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, field);
    }
    let article = json!({"article": {"title": "T", "description": "D", "body": null}});
    let reply = app.api().by(&alice).post("/api/articles", article).await;
    reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "body");
    let cleared = app
        .api()
        .by(&alice)
        .put("/api/user", json!({"user": {"bio": null, "image": null}}))
        .await
        .ok();
    assert_eq!(cleared["user"]["bio"], serde_json::Value::Null);
}
