//! RealWorld articles under `/api`: creating one with every field of the spec, readable
//! slugs, partial updates that never move a published article, who may change or delete it,
//! and drafts, which the API does not show at all.

use axum::http::StatusCode;
use blog::model::{PostDraft, PostStatus};
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn creating_an_article_answers_201_with_every_field_of_the_spec() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let article = json!({"article": {
        "title": "How to train your dragon",
        "description": "Ever wonder how?",
        "body": "You have to believe",
        "tagList": ["reactjs", "angularjs", "dragons"],
    }});
    let reply = app.api().by(&alice).post("/api/articles", article).await;
    reply.assert_status(StatusCode::CREATED);
    let article = &reply.body["article"];
    assert_eq!(article["slug"], "how-to-train-your-dragon");
    assert_eq!(article["title"], "How to train your dragon");
    assert_eq!(article["description"], "Ever wonder how?");
    assert_eq!(article["body"], "You have to believe");
    let mut tags: Vec<&str> = article["tagList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    tags.sort();
    assert_eq!(tags, ["angularjs", "dragons", "reactjs"]);
    assert_rfc3339_utc(&article["createdAt"]);
    assert_rfc3339_utc(&article["updatedAt"]);
    assert_eq!(article["favorited"], false);
    assert_eq!(article["favoritesCount"], 0);
    assert_eq!(
        article["author"],
        json!({"username": "alice", "bio": null, "image": null, "following": false})
    );

    // Published at once: anyone reads it.
    let read = app
        .api()
        .get("/api/articles/how-to-train-your-dragon")
        .await
        .ok();
    assert_eq!(read["article"]["body"], "You have to believe");
    assert_eq!(read["article"]["title"], "How to train your dragon");
}

#[tokio::test]
async fn the_same_title_twice_gets_a_different_slug() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let first = app
        .api()
        .by(&alice)
        .create_article("Hello world", &[])
        .await;
    let second = app
        .api()
        .by(&alice)
        .create_article("Hello world", &[])
        .await;
    assert_eq!(slug(&first), "hello-world");
    assert_ne!(slug(&second), slug(&first));
    assert!(slug(&second).starts_with("hello-world"), "{second}");
    let uri = article_uri(&second);
    app.api().get(&uri).await.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn a_chinese_title_gets_a_readable_ascii_slug() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let article = app.api().by(&alice).create_article("你好世界", &[]).await;
    let slug = slug(&article);
    assert!(!slug.is_empty());
    assert!(
        slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
        "{slug}"
    );
    assert_eq!(article["title"], "你好世界");
    let uri = format!("/api/articles/{slug}");
    app.api().get(&uri).await.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn creating_an_article_needs_a_token_and_a_title_description_and_body() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let full = json!({"title": "T", "description": "D", "body": "B"});

    let anonymous = app
        .api()
        .post("/api/articles", json!({"article": full}))
        .await;
    anonymous.assert_api_error(StatusCode::UNAUTHORIZED, "token", "is missing");

    for field in ["title", "description", "body"] {
        let mut article = full.clone();
        article.as_object_mut().unwrap().remove(field);
        let reply = app
            .api()
            .by(&alice)
            .post("/api/articles", json!({"article": article}));
        reply.await.assert_blank(field);
    }
    for field in ["title", "body"] {
        let mut article = full.clone();
        article[field] = json!("   ");
        let reply = app
            .api()
            .by(&alice)
            .post("/api/articles", json!({"article": article}));
        reply.await.assert_blank(field);
    }
    let list = app.api().get("/api/articles").await;
    assert_eq!(count(&list), 0, "nothing was created: {list:?}");
}

#[tokio::test]
async fn updating_a_published_article_changes_its_fields_but_not_its_slug() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let article = app
        .api()
        .by(&alice)
        .create_article("First title", &["rust"])
        .await;
    let uri = article_uri(&article);

    let title = json!({"article": {"title": "A better title"}});
    let updated = app.api().by(&alice).put(&uri, title).await.ok();
    let updated = &updated["article"];
    assert_eq!(
        updated["slug"], article["slug"],
        "a published article keeps its address"
    );
    assert_eq!(updated["title"], "A better title");
    assert_eq!(updated["description"], article["description"], "untouched");
    assert_eq!(updated["body"], article["body"], "untouched");
    assert_eq!(updated["createdAt"], article["createdAt"]);
    let updated_at = assert_rfc3339_utc(&updated["updatedAt"]);
    assert!(updated_at >= assert_rfc3339_utc(&article["updatedAt"]));

    let more = json!({"article": {"description": "New description", "body": "New body"}});
    app.api().by(&alice).put(&uri, more).await.ok();

    let read = app.api().get(&uri).await.ok();
    assert_eq!(read["article"]["title"], "A better title");
    assert_eq!(read["article"]["description"], "New description");
    assert_eq!(read["article"]["body"], "New body");
    assert_eq!(read["article"]["tagList"], json!(["rust"]));
}

#[tokio::test]
async fn updating_an_article_with_a_blank_title_is_422() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let article = app.api().by(&alice).create_article("Keep me", &[]).await;
    let uri = article_uri(&article);
    let reply = app
        .api()
        .by(&alice)
        .put(&uri, json!({"article": {"title": ""}}))
        .await;
    reply.assert_blank("title");
    let read = app.api().get(&uri).await.ok();
    assert_eq!(read["article"]["title"], "Keep me");
}

#[tokio::test]
async fn tag_list_missing_keeps_tags_empty_clears_them_and_null_is_rejected() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let article = app
        .api()
        .by(&alice)
        .create_article("Tagged", &["rust"])
        .await;
    let uri = article_uri(&article);
    let update = |change: Value| app.api().by(&alice).put(&uri, json!({ "article": change }));

    let kept = update(json!({"body": "Changed"})).await.ok();
    assert_eq!(kept["article"]["tagList"], json!(["rust"]));
    let replaced = update(json!({"tagList": ["web"]})).await.ok();
    assert_eq!(replaced["article"]["tagList"], json!(["web"]));

    let null = update(json!({"tagList": null})).await;
    null.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "tagList");
    let read = app.api().get(&uri).await.ok();
    assert_eq!(
        read["article"]["tagList"],
        json!(["web"]),
        "null changed nothing"
    );

    let cleared = update(json!({"tagList": []})).await.ok();
    assert_eq!(cleared["article"]["tagList"], json!([]));
    let read = app.api().get(&uri).await.ok();
    assert_eq!(read["article"]["tagList"], json!([]));
    let tagged = app.api().get("/api/articles?tag=web").await;
    assert_eq!(count(&tagged), 0, "{tagged:?}");
}

#[tokio::test]
async fn who_may_update_or_delete_an_article() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let missing = (StatusCode::UNAUTHORIZED, "token", "is missing");
    let forbidden = (StatusCode::FORBIDDEN, "article", "forbidden");
    // (caller, what an update gets, what a deletion gets); `None` is allowed.
    for (who, update, delete) in [
        (None, Some(missing), Some(missing)),
        (Some(&bob), Some(forbidden), Some(forbidden)),
        (Some(&alice), None, None),
    ] {
        let context = format!("{:?}", who.map(|w| &w.username));
        let uri = article_uri(&app.api().by(&alice).create_article("Mine", &[]).await);
        let change = json!({"article": {"title": "Hijacked"}});
        let reply = app.api().maybe_by(who).put(&uri, change).await;
        match update {
            Some((status, key, message)) => reply.assert_api_error(status, key, message),
            None => assert_eq!(reply.ok()["article"]["title"], "Hijacked", "{context}"),
        }
        let title = if update.is_some() { "Mine" } else { "Hijacked" };
        let read = app.api().get(&uri).await.ok();
        assert_eq!(read["article"]["title"], title, "{context}: still there");

        let reply = app.api().maybe_by(who).delete(&uri).await;
        match delete {
            Some((status, key, message)) => reply.assert_api_error(status, key, message),
            None => reply.assert_status(StatusCode::NO_CONTENT).assert_empty(),
        }
        let read = app.api().get(&uri).await;
        let expected = if delete.is_some() {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(read.status, expected, "{context}: {read:?}");
    }
}

#[tokio::test]
async fn deleting_an_article_answers_204_and_it_is_gone() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let article = app
        .api()
        .by(&alice)
        .create_article("Short lived", &["ephemeral"])
        .await;
    let uri = article_uri(&article);

    let reply = app.api().by(&alice).delete(&uri).await;
    reply.assert_status(StatusCode::NO_CONTENT).assert_empty();

    let read = app.api().get(&uri).await;
    read.assert_api_error(StatusCode::NOT_FOUND, "article", "not found");
    assert_eq!(count(&app.api().get("/api/articles").await), 0);
    let again = app.api().by(&alice).delete(&uri).await;
    again.assert_api_error(StatusCode::NOT_FOUND, "article", "not found");
}

#[tokio::test]
async fn drafts_do_not_exist_over_the_api() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let draft = PostDraft {
        title: "Secret plans".into(),
        description: "Not yet".into(),
        body: "Work in progress".into(),
        tags: vec!["unreleased".into()],
    };
    let draft = app
        .state
        .posts
        .create(alice.id, draft, PostStatus::Draft)
        .await
        .unwrap();
    let uri = format!("/api/articles/{}", draft.summary.slug);

    let list = app.api().by(&alice).get("/api/articles").await;
    assert_eq!(count(&list), 0, "{list:?}");
    for query in ["author=alice", "tag=unreleased"] {
        let reply = app.api().get(&format!("/api/articles?{query}")).await;
        assert_eq!(count(&reply), 0, "{query}: {reply:?}");
    }
    let tags = app.api().get("/api/tags").await.ok();
    assert_eq!(
        tags,
        json!({"tags": []}),
        "a draft's tags are not in use yet"
    );

    for reader in [None, Some(&bob), Some(&alice)] {
        let read = app.api().maybe_by(reader).get(&uri).await;
        read.assert_api_error(StatusCode::NOT_FOUND, "article", "not found");
    }
    let favorite = app
        .api()
        .by(&bob)
        .post_empty(&format!("{uri}/favorite"))
        .await;
    favorite.assert_api_error(StatusCode::NOT_FOUND, "article", "not found");
    let comment = json!({"comment": {"body": "Found it"}});
    let comment = app
        .api()
        .by(&bob)
        .post(&format!("{uri}/comments"), comment)
        .await;
    comment.assert_api_error(StatusCode::NOT_FOUND, "article", "not found");
}
