//! RealWorld lists under `/api`: articles newest first, paginated with `limit` and `offset`,
//! filtered by tag, author and favorites; favorites themselves; the feed of followed authors;
//! and the tags in use.

use std::collections::BTreeSet;

use axum::http::StatusCode;

use crate::common::*;

#[tokio::test]
async fn lists_are_newest_first_paginated_and_count_every_match() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let mut newest_first = Vec::new();
    for n in 1..=5 {
        let article = app
            .api()
            .by(&alice)
            .create_article(&format!("Article {n}"), &[])
            .await;
        newest_first.insert(0, slug(&article));
    }

    let all = app.api().get("/api/articles").await;
    assert_eq!(slugs(&all), newest_first);
    assert_eq!(count(&all), 5);
    for article in all.body["articles"].as_array().unwrap() {
        assert!(
            article.get("body").is_none(),
            "lists carry no body: {article}"
        );
        assert_rfc3339_utc(&article["createdAt"]);
        assert_rfc3339_utc(&article["updatedAt"]);
        assert_eq!(article["author"]["username"], "alice");
        assert!(article["tagList"].is_array());
    }

    for (query, expected) in [
        ("limit=2&offset=2", &newest_first[2..4]),
        ("limit=2&offset=4", &newest_first[4..]),
        ("offset=10", &[]),
    ] {
        let page = app.api().get(&format!("/api/articles?{query}")).await;
        assert_eq!(slugs(&page), expected, "{query}");
        assert_eq!(count(&page), 5, "{query}: the total, not the page size");
    }
}

#[tokio::test]
async fn a_list_has_twenty_articles_unless_asked_otherwise() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    for n in 1..=22 {
        app.api()
            .by(&alice)
            .create_article(&format!("Post {n}"), &[])
            .await;
    }
    let first_page = app.api().get("/api/articles").await;
    assert_eq!(slugs(&first_page).len(), 20);
    assert_eq!(count(&first_page), 22);
    let hundred = app.api().get("/api/articles?limit=100&offset=0").await;
    assert_eq!(slugs(&hundred).len(), 22);
}

#[tokio::test]
async fn lists_filter_by_tag_author_and_favorited() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    let a1 = slug(
        &app.api()
            .by(&alice)
            .create_article("Alice one", &["rust", "web"])
            .await,
    );
    let a2 = slug(
        &app.api()
            .by(&alice)
            .create_article("Alice two", &["rust"])
            .await,
    );
    let b1 = slug(
        &app.api()
            .by(&bob)
            .create_article("Bob one", &["cooking"])
            .await,
    );
    for favorite in [&a2, &b1] {
        let uri = format!("/api/articles/{favorite}/favorite");
        app.api()
            .by(&carol)
            .post_empty(&uri)
            .await
            .assert_status(StatusCode::OK);
    }

    for (query, expected, total) in [
        ("tag=rust", vec![&a2, &a1], 2),
        ("tag=web", vec![&a1], 1),
        ("author=bob", vec![&b1], 1),
        ("author=alice&limit=1", vec![&a2], 2),
        ("favorited=carol", vec![&b1, &a2], 2),
        ("tag=rust&favorited=carol", vec![&a2], 1),
        ("tag=nosuchtag", vec![], 0),
        ("author=nobody", vec![], 0),
        ("favorited=nobody", vec![], 0),
        ("favorited=alice", vec![], 0),
    ] {
        let reply = app.api().get(&format!("/api/articles?{query}")).await;
        assert_eq!(
            slugs(&reply).iter().collect::<Vec<_>>(),
            expected,
            "{query}"
        );
        assert_eq!(count(&reply), total, "{query}");
    }
}

#[tokio::test]
async fn limit_and_offset_out_of_range_are_422() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    for (query, key) in [
        ("limit=-1", "limit"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=1000", "limit"),
        ("limit=abc", "limit"),
        ("limit=1.5", "limit"),
        ("offset=-5", "offset"),
        ("offset=abc", "offset"),
        ("offset=1000000001", "offset"),
        // An empty value is a bad number too, not "the default".
        ("limit=", "limit"),
        ("offset=", "offset"),
    ] {
        let reply = app.api().get(&format!("/api/articles?{query}")).await;
        reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, key);
        let feed = app
            .api()
            .by(&alice)
            .get(&format!("/api/articles/feed?{query}"))
            .await;
        feed.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, key);
    }
    for fine in ["limit=1", "limit=100", "offset=0", "offset=1000000000"] {
        let reply = app.api().get(&format!("/api/articles?{fine}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{fine}: {reply:?}");
    }
}

#[tokio::test]
async fn favorites_count_everyone_but_favorited_is_only_for_the_reader() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    let slug = slug(&app.api().by(&alice).create_article("Popular", &[]).await);
    let uri = format!("/api/articles/{slug}");
    let favorite = format!("{uri}/favorite");

    // (who favorites, favoritesCount after)
    for (who, after) in [(&bob, 1), (&carol, 2), (&carol, 2)] {
        let reply = app.api().by(who).post_empty(&favorite).await.ok();
        assert_eq!(reply["article"]["slug"], slug.as_str());
        assert_eq!(reply["article"]["favorited"], true);
        assert_eq!(
            reply["article"]["favoritesCount"], after,
            "one favorite per reader"
        );
    }
    for (reader, favorited) in [(None, false), (Some(&alice), false), (Some(&bob), true)] {
        let read = app.api().maybe_by(reader).get(&uri).await.ok();
        assert_eq!(read["article"]["favorited"], favorited, "{reader:?}");
        assert_eq!(read["article"]["favoritesCount"], 2, "{reader:?}");
        let list = app.api().maybe_by(reader).get("/api/articles").await.ok();
        assert_eq!(list["articles"][0]["favorited"], favorited, "{reader:?}");
        assert_eq!(list["articles"][0]["favoritesCount"], 2, "{reader:?}");
    }

    let undone = app.api().by(&bob).delete(&favorite).await.ok();
    assert_eq!(undone["article"]["favorited"], false);
    assert_eq!(undone["article"]["favoritesCount"], 1);
    let as_carol = app.api().by(&carol).get(&uri).await.ok();
    assert_eq!(as_carol["article"]["favorited"], true);
    assert_eq!(as_carol["article"]["favoritesCount"], 1);
    let bobs = app.api().get("/api/articles?favorited=bob").await;
    assert_eq!(count(&bobs), 0, "{bobs:?}");

    let anonymous = [
        app.api().post_empty(&favorite).await,
        app.api().delete(&favorite).await,
    ];
    for reply in anonymous {
        reply.assert_api_error(StatusCode::UNAUTHORIZED, "token", "is missing");
    }
}

#[tokio::test]
async fn the_feed_shows_only_followed_authors_newest_first() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    let dave = app.user("dave").await;
    for followed in ["alice", "carol"] {
        let uri = format!("/api/profiles/{followed}/follow");
        app.api()
            .by(&dave)
            .post_empty(&uri)
            .await
            .assert_status(StatusCode::OK);
    }
    let a1 = slug(
        &app.api()
            .by(&alice)
            .create_article("Alice first", &[])
            .await,
    );
    app.api().by(&bob).create_article("Bob first", &[]).await;
    let c1 = slug(
        &app.api()
            .by(&carol)
            .create_article("Carol first", &[])
            .await,
    );
    let a2 = slug(
        &app.api()
            .by(&alice)
            .create_article("Alice second", &[])
            .await,
    );

    let feed = app.api().by(&dave).get("/api/articles/feed").await;
    assert_eq!(slugs(&feed), [a2.as_str(), c1.as_str(), a1.as_str()]);
    assert_eq!(count(&feed), 3);
    for article in feed.body["articles"].as_array().unwrap() {
        assert_eq!(article["author"]["following"], true, "{article}");
        assert!(article.get("body").is_none(), "{article}");
    }

    let page = app
        .api()
        .by(&dave)
        .get("/api/articles/feed?limit=1&offset=1")
        .await;
    assert_eq!(slugs(&page), [c1.as_str()]);
    assert_eq!(count(&page), 3);

    let lonely = app.api().by(&bob).get("/api/articles/feed").await;
    assert_eq!(slugs(&lonely), Vec::<String>::new());
    assert_eq!(count(&lonely), 0);

    let anonymous = app.api().get("/api/articles/feed").await;
    anonymous.assert_api_error(StatusCode::UNAUTHORIZED, "token", "is missing");
}

#[tokio::test]
async fn tags_lists_the_tags_in_use() {
    let app = TestApp::new().await;
    let empty = app.api().get("/api/tags").await.ok();
    assert_eq!(empty, serde_json::json!({"tags": []}));

    let alice = app.user("alice").await;
    app.api()
        .by(&alice)
        .create_article("One", &["rust", "web"])
        .await;
    app.api()
        .by(&alice)
        .create_article("Two", &["rust", "dragons"])
        .await;
    let reply = app.api().get("/api/tags").await.ok();
    let tags = reply["tags"].as_array().expect("tags");
    let unique: BTreeSet<&str> = tags.iter().map(|t| t.as_str().unwrap()).collect();
    assert_eq!(unique, BTreeSet::from(["dragons", "rust", "web"]));
    assert_eq!(tags.len(), 3, "no duplicates");
}
