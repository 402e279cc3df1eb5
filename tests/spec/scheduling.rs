//! Scheduled publishing: a draft set to publish at a time stays a draft until then, and then
//! appears on the pages, the feeds, the sitemap and the API by itself (each server's
//! publisher, not a request), exactly once however many servers run, dated when it was
//! scheduled for. Only those who may publish schedule, and only into the future. The tests
//! move the clock and ask the publisher what the servers' workers ask it every second.

use std::time::Duration;

use axum::http::StatusCode;
use blog::model::Role;
use serde_json::json;

use crate::common::*;

const HOUR: i64 = 60 * 60 * 1000;

/// What the publisher finds to publish now, as every server's worker asks each second.
async fn publish_due(app: &TestApp) -> usize {
    app.state.posts.publish_due().await.unwrap()
}

#[tokio::test]
async fn a_scheduled_post_appears_everywhere_at_its_time_by_itself() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Already out", "Old news.", &["news"])
        .await;
    let at = app.state.clock.now_millis() + HOUR;
    let scheduled = app
        .rpc()
        .by(&alice)
        .schedule(None, draft("Tomorrow's news", "Not yet.", &["news"]), at)
        .await
        .ok();
    let slug = slug_of(&scheduled);
    assert_eq!(scheduled["summary"]["status"], "draft");
    assert_eq!(scheduled["summary"]["scheduled"]["millis"], at);
    // The author's drafts say when.
    let drafts = app.rpc().by(&alice).drafts().await.ok();
    assert_eq!(drafts["posts"][0]["scheduled"]["millis"], at);

    invisible(&app, &slug).await;
    // A second before its time, the publisher finds nothing.
    app.advance(Duration::from_millis((HOUR - 1000) as u64));
    assert_eq!(publish_due(&app).await, 0);
    invisible(&app, &slug).await;

    app.advance(Duration::from_secs(2));
    assert_eq!(publish_due(&app).await, 1);
    // Once it has published, every page and document that shows posts shows it.
    for uri in [
        "/",
        "/atom.xml",
        "/tag/news/rss.xml",
        "/sitemaps/posts-1.xml",
    ] {
        let reply = app.get(uri).await;
        let text = reply.text();
        assert!(text.contains(&slug), "{uri} does not show {slug}: {text}");
    }
    let home = app.page("/").await;
    assert_eq!(home.card_titles()[0], "Tomorrow's news");
    let article = app.api().get(&format!("/api/articles/{slug}")).await.ok();
    assert_eq!(article["article"]["title"], "Tomorrow's news");
    // Dated for when it was scheduled, not for when the publisher came round.
    let post = app.rpc().get_post(&slug).await.ok();
    assert_eq!(post["summary"]["published"]["millis"], at);
    assert_eq!(post["summary"]["scheduled"], serde_json::Value::Null);
}

/// Not on the home page, in the feed, in the API or at its own address.
async fn invisible(app: &TestApp, slug: &str) {
    assert!(!app.get("/").await.text().contains("Tomorrow"));
    assert!(!app.get("/atom.xml").await.text().contains("Tomorrow"));
    let article = app.get(&format!("/api/articles/{slug}")).await;
    assert_eq!(article.status, StatusCode::NOT_FOUND);
    app.assert_not_found_page(&format!("/post/{slug}")).await;
}

#[tokio::test]
async fn with_two_servers_each_scheduled_post_is_published_exactly_once() {
    let one = TestApp::new().await;
    let two = one.another_server().await;
    let alice = one.user("alice").await;
    let at = one.state.clock.now_millis() + HOUR;
    let mut slugs = Vec::new();
    for n in 0..12 {
        let title = format!("Scheduled {n}");
        let reply = one
            .rpc()
            .by(&alice)
            .schedule(None, draft(&title, "Soon.", &["rust"]), at + n)
            .await;
        slugs.push(slug_of(&reply.ok()));
    }
    // Both servers share the clock, as two machines on NTP, and look at the same moment,
    // and again (each pass publishes at most 20).
    one.advance(Duration::from_millis((2 * HOUR) as u64));
    let (by_one, by_two) = tokio::join!(publish_due(&one), publish_due(&two));
    assert_eq!(
        by_one + by_two,
        12,
        "each published once, by one server or the other"
    );
    let (by_one, by_two) = tokio::join!(publish_due(&one), publish_due(&two));
    assert_eq!(by_one + by_two, 0, "nothing twice");
    for slug in &slugs {
        let post = one.rpc().get_post(slug).await.ok();
        assert_eq!(post["summary"]["status"], "published", "{slug}");
    }
    let published: i64 = sqlx::query_scalar("SELECT published_posts FROM site_counts")
        .fetch_one(&one.state.db)
        .await
        .unwrap();
    assert_eq!(published, 12, "counted once each");
    let tag: i64 = sqlx::query_scalar("SELECT published_posts FROM tags WHERE name = 'rust'")
        .fetch_one(&one.state.db)
        .await
        .unwrap();
    assert_eq!(tag, 12);
    let publications: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM post_revisions WHERE kind = 'scheduled'")
            .fetch_one(&one.state.db)
            .await
            .unwrap();
    assert_eq!(publications, 12, "one publication each");
    // Both servers' pages show them.
    for app in [&one, &two] {
        let listed = app.rpc().listed_titles(json!({ "page": 1 })).await;
        assert_eq!(listed.len(), 10);
        assert_eq!(app.page("/").await.card_titles()[0], "Scheduled 11");
    }
}

#[tokio::test]
async fn only_the_future_and_only_those_who_publish_may_schedule() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let carl = app.account("carl", Role::Contributor).await;
    let now = app.state.clock.now_millis();

    let reply = app
        .rpc()
        .by(&alice)
        .schedule(None, draft("Past", "Words.", &[]), now - 1000)
        .await;
    reply.assert_invalid("publish_at");
    let reply = app
        .rpc()
        .by(&alice)
        .schedule(
            None,
            draft("Far", "Words.", &[]),
            now + 11 * 366 * 24 * HOUR,
        )
        .await;
    reply.assert_invalid("publish_at");
    // A scheduled post will be public: it needs what a published one needs.
    let reply = app
        .rpc()
        .by(&alice)
        .schedule(None, draft("Empty", "", &[]), now + HOUR)
        .await;
    reply.assert_invalid("body");

    let reply = app
        .rpc()
        .by(&carl)
        .schedule(None, draft("Mine", "Words.", &[]), now + HOUR)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{reply:?}");

    // An editor schedules the contributor's draft; the contributor cannot change it now.
    let eve = app.account("eve", Role::Editor).await;
    let carls = slug_of(
        &app.rpc()
            .by(&carl)
            .save(None, draft("Carl's", "Words.", &[]), "draft")
            .await
            .ok(),
    );
    app.rpc()
        .by(&eve)
        .schedule(Some(&carls), draft("Carl's", "Words.", &[]), now + HOUR)
        .await
        .ok();
    let reply = app
        .rpc()
        .by(&carl)
        .save(
            Some(&carls),
            draft("Carl's", "Changed after review.", &[]),
            "draft",
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{reply:?}");

    // The API schedules with publishAt, and refuses a time it cannot read.
    let later = jiff::Timestamp::from_millisecond(now + HOUR)
        .unwrap()
        .to_string();
    let article = json!({ "article": {
        "title": "Via the API", "description": "d", "body": "b", "tagList": [], "publishAt": later
    }});
    let reply = app.api().by(&alice).post("/api/articles", article).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    assert!(reply.body["article"]["publishAt"].as_str().is_some());
    let slug = reply.body["article"]["slug"].as_str().unwrap().to_owned();
    assert_eq!(
        app.api().get(&format!("/api/articles/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    let article = json!({ "article": {
        "title": "Bad time", "description": "d", "body": "b", "publishAt": "tomorrow"
    }});
    let reply = app.api().by(&alice).post("/api/articles", article).await;
    reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "publishAt");
}

#[tokio::test]
async fn a_cancelled_schedule_publishes_nothing() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let at = app.state.clock.now_millis() + HOUR;
    let slug = slug_of(
        &app.rpc()
            .by(&alice)
            .schedule(None, draft("Maybe", "Words.", &[]), at)
            .await
            .ok(),
    );
    // Saved as a draft without a time: no longer scheduled.
    let saved = app
        .rpc()
        .by(&alice)
        .save(Some(&slug), draft("Maybe", "Words.", &[]), "draft")
        .await
        .ok();
    assert_eq!(saved["summary"]["scheduled"], serde_json::Value::Null);
    app.advance(Duration::from_millis((2 * HOUR) as u64));
    assert_eq!(publish_due(&app).await, 0);
    let alice = app.sign_in_again("alice").await;
    let post = app.rpc().by(&alice).get_post(&slug).await.ok();
    assert_eq!(post["summary"]["status"], "draft");
}
