//! The counts lists are sized by are kept on write, never counted on read: after any mix of
//! publishing, unpublishing, retagging, favoriting and deleting, every list's count equals
//! the posts the list actually holds, at every door that shows one.

use blog::{
    model::Publication,
    server::content::{
        Page,
        posts::{PostChanges, Scope},
    },
};
use serde_json::Value;

use crate::common::*;

/// The slugs a list holds, read page by page, and the count it claims.
async fn list(app: &TestApp, query: &str, who: Option<&SignedIn>) -> (Vec<String>, i64) {
    let mut slugs = Vec::new();
    let mut claimed = None;
    for offset in (0..).step_by(2) {
        let uri = format!("/api/articles{query}limit=2&offset={offset}");
        let reply: Value = app.api().maybe_by(who).get(&uri).await.ok();
        let page = reply["articles"].as_array().unwrap().clone();
        let count = reply["articlesCount"].as_i64().unwrap();
        assert_eq!(
            *claimed.get_or_insert(count),
            count,
            "{uri}: the same count on every page"
        );
        if page.is_empty() {
            break;
        }
        slugs.extend(
            page.iter()
                .map(|article| article["slug"].as_str().unwrap().to_owned()),
        );
    }
    (slugs, claimed.unwrap_or(0))
}

async fn assert_every_count_is_right(app: &TestApp, reader: &SignedIn) {
    for query in [
        "?",
        "?tag=rust&",
        "?tag=RUST&",
        "?tag=web&",
        "?author=alice&",
        "?author=bob&",
        "?favorited=carol&",
        "?tag=rust&author=alice&",
    ] {
        let (slugs, count) = list(app, query, None).await;
        assert_eq!(slugs.len() as i64, count, "{query}: {slugs:?}");
    }
    let (feed, count) = {
        let mut slugs = Vec::new();
        let reply: Value = app
            .api()
            .by(reader)
            .get("/api/articles/feed?limit=100")
            .await
            .ok();
        for article in reply["articles"].as_array().unwrap() {
            slugs.push(article["slug"].as_str().unwrap().to_owned());
        }
        (slugs, reply["articlesCount"].as_i64().unwrap())
    };
    assert_eq!(feed.len() as i64, count, "feed: {feed:?}");
    let cloud: Value = app.api().get("/api/tags").await.ok();
    let tags: Vec<&str> = cloud["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for tag in &tags {
        let (slugs, count) = list(app, &format!("?tag={tag}&"), None).await;
        assert!(
            count > 0 && slugs.len() as i64 == count,
            "{tag}: {count} for {slugs:?}"
        );
    }
    let home = app
        .state
        .posts
        .list(&Default::default(), None, Page::default())
        .await
        .unwrap();
    assert_eq!(home.total, list(app, "?", None).await.1);
}

#[tokio::test]
async fn counts_follow_every_kind_of_change() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    app.api()
        .by(&carol)
        .post_empty("/api/profiles/alice/follow")
        .await
        .ok();

    let first = app.publish(&alice, "First", "One", &["rust", "web"]).await;
    let second = app.publish(&alice, "Second", "Two", &["Rust"]).await;
    let third = app.publish(&bob, "Third", "Three", &["web"]).await;
    app.write_draft(&alice, "Draft", "Not yet", &["rust"]).await;
    for post in [&first, &third] {
        let uri = format!("/api/articles/{}/favorite", post.summary.slug);
        app.api().by(&carol).post_empty(&uri).await.ok();
    }
    assert_every_count_is_right(&app, &carol).await;

    // Unpublish a tagged, favorited post; retag another; publish the draft.
    let unpublish = PostChanges {
        publication: Some(Publication::Draft),
        ..Default::default()
    };
    app.state
        .posts
        .update(alice.id, &first.summary.slug, Scope::WithDrafts, unpublish)
        .await
        .unwrap();
    let retag = PostChanges {
        tags: Some(vec!["web".into(), "news".into()]),
        ..Default::default()
    };
    app.state
        .posts
        .update(alice.id, &second.summary.slug, Scope::WithDrafts, retag)
        .await
        .unwrap();
    let publish = PostChanges {
        publication: Some(Publication::Published),
        ..Default::default()
    };
    app.state
        .posts
        .update(alice.id, "draft", Scope::WithDrafts, publish)
        .await
        .unwrap();
    assert_every_count_is_right(&app, &carol).await;

    // Republish, unfavorite, favorite twice, delete a favorited post.
    let republish = PostChanges {
        publication: Some(Publication::Published),
        ..Default::default()
    };
    app.state
        .posts
        .update(alice.id, &first.summary.slug, Scope::WithDrafts, republish)
        .await
        .unwrap();
    let uri = format!("/api/articles/{}/favorite", first.summary.slug);
    app.api().by(&carol).delete(&uri).await.ok();
    let uri = format!("/api/articles/{}/favorite", second.summary.slug);
    app.api().by(&carol).post_empty(&uri).await.ok();
    app.api().by(&carol).post_empty(&uri).await.ok();
    let reply: Value = app
        .api()
        .get(&format!("/api/articles/{}", second.summary.slug))
        .await
        .ok();
    assert_eq!(
        reply["article"]["favoritesCount"], 1,
        "favoriting twice counts once"
    );
    app.state
        .posts
        .delete(bob.id, &third.summary.slug, Scope::WithDrafts)
        .await
        .unwrap();
    assert_every_count_is_right(&app, &carol).await;
    let (all, count) = list(&app, "?", None).await;
    assert_eq!((all.len(), count), (3, 3), "{all:?}");
}
