//! The members page's people: found by name or email, filtered by role or suspension,
//! sorted and paged, for admins only; suspended, which ends their sessions at once (access
//! tokens too, though they are checked without the database), refuses their sign-in with a
//! message that says why, and leaves their posts; and reinstated.

use axum::http::StatusCode;
use blog::model::Role;
use serde_json::{Value, json};

use crate::common::*;

async fn members(app: &TestApp, admin: &SignedIn, query: Value) -> Reply {
    app.rpc()
        .by(admin)
        .call("admin/members", json!({ "query": query }))
        .await
}

fn names(reply: &Reply) -> Vec<String> {
    reply.body["members"]
        .as_array()
        .unwrap_or_else(|| panic!("a members page: {:?}", reply.body))
        .iter()
        .map(|member| member["username"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn admins_find_people_by_name_or_email_filter_by_role_and_sort() {
    let app = TestApp::new().await;
    let boss = app.admin("boss").await;
    app.account("Zoe", Role::Editor).await;
    let writer = app.user("writer").await;
    app.account("amy_w", Role::Contributor).await;
    app.publish(&writer, "One", "Words.", &[]).await;
    app.publish(&writer, "Two", "Words.", &[]).await;

    let everyone = members(&app, &boss, json!({})).await;
    everyone.assert_status(StatusCode::OK);
    assert_eq!(
        names(&everyone),
        ["amy_w", "writer", "Zoe", "boss"],
        "newest first"
    );
    let first = &everyone.body["members"][0];
    assert_eq!(first["email"], "amy_w@example.com");
    assert_eq!(first["role"], "contributor");
    assert_eq!(first["suspended"], Value::Null);

    let by_name = members(&app, &boss, json!({"sort": "name"})).await;
    assert_eq!(
        names(&by_name),
        ["amy_w", "boss", "writer", "Zoe"],
        "any case"
    );
    let by_posts = members(&app, &boss, json!({"sort": "posts"})).await;
    assert_eq!(names(&by_posts)[0], "writer");
    let oldest = members(&app, &boss, json!({"sort": "oldest"})).await;
    assert_eq!(names(&oldest)[0], "boss");

    // A search matches inside names and addresses, in any case; `_` is a letter, not a
    // wildcard.
    let found = members(&app, &boss, json!({"search": "ZO"})).await;
    assert_eq!(names(&found), ["Zoe"]);
    let by_email = members(&app, &boss, json!({"search": "writer@example"})).await;
    assert_eq!(names(&by_email), ["writer"]);
    let literal = members(&app, &boss, json!({"search": "y_w"})).await;
    assert_eq!(names(&literal), ["amy_w"]);
    let wildcard = members(&app, &boss, json!({"search": "%"})).await;
    assert_eq!(names(&wildcard), Vec::<String>::new());

    let editors = members(&app, &boss, json!({"filter": {"role": "editor"}})).await;
    assert_eq!(names(&editors), ["Zoe"]);
    let nobody = members(
        &app,
        &boss,
        json!({"search": "zoe", "filter": {"role": "author"}}),
    )
    .await;
    assert_eq!(names(&nobody), Vec::<String>::new());
}

#[tokio::test]
async fn the_members_list_comes_a_page_at_a_time() {
    let app = TestApp::new().await;
    let boss = app.admin("boss").await;
    for n in 0..blog::model::MEMBERS_PER_PAGE {
        app.state
            .accounts
            .create(
                blog::server::accounts::NewAccount {
                    username: format!("member{n:03}"),
                    email: format!("member{n:03}@example.com"),
                    password: PASSWORD.into(),
                },
                Role::Author,
            )
            .await
            .unwrap();
    }
    let first = members(&app, &boss, json!({"sort": "oldest"})).await;
    assert_eq!(names(&first).len() as i64, blog::model::MEMBERS_PER_PAGE);
    assert_eq!(names(&first)[0], "boss");
    assert_eq!(first.body["has_more"], true);
    let second = members(&app, &boss, json!({"sort": "oldest", "page": 2})).await;
    assert_eq!(
        names(&second),
        [format!("member{:03}", blog::model::MEMBERS_PER_PAGE - 1)]
    );
    assert_eq!(second.body["has_more"], false);
}

#[tokio::test]
async fn only_admins_see_or_suspend_members_and_a_huge_search_is_refused() {
    let app = TestApp::new().await;
    let boss = app.admin("boss").await;
    let editor = app.account("eve", Role::Editor).await;
    let victim = app.user("victim").await;
    members(&app, &editor, json!({}))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.rpc()
        .by(&editor)
        .call("admin/suspend", json!({"username": "victim"}))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.api()
        .by(&victim)
        .get("/api/user")
        .await
        .assert_status(StatusCode::OK);

    let huge = members(&app, &boss, json!({"search": "x".repeat(10_000)})).await;
    huge.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(huge.text().contains("search"), "{}", huge.text());

    // An admin is demoted before being suspended; nobody suspends themselves.
    app.admin("other").await;
    for name in ["boss", "other"] {
        let reply = app
            .rpc()
            .by(&boss)
            .call("admin/suspend", json!({"username": name}))
            .await;
        reply.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.text().contains("admin"), "{}", reply.text());
    }
    app.rpc()
        .by(&boss)
        .call("admin/suspend", json!({"username": "nobody"}))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_suspended_account_is_signed_out_everywhere_at_once_and_its_posts_stay() {
    let app = TestApp::new().await;
    let boss = app.admin("boss").await;
    let victim = app.user("victim").await;
    let second_device = app.sign_in_again("victim").await;
    let post = app.publish(&victim, "Still here", "Words.", &[]).await;

    app.rpc()
        .by(&boss)
        .call("admin/suspend", json!({"username": "victim"}))
        .await
        .assert_status(StatusCode::OK);

    // Its access tokens, still within their lifetime, are refused at once through every door.
    for who in [&victim, &second_device] {
        app.api()
            .by(who)
            .get("/api/user")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
        app.seed()
            .token(&who.access_token)
            .get("/protected")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
        app.refresh_with_cookie(&who.refresh_token)
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    let write = json!({"article": {"title": "Sneaky", "description": "d", "body": "b"}});
    app.api()
        .by(&victim)
        .post("/api/articles", write)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    // Signing in again is refused with the reason, through every door.
    let login = json!({"user": {"email": "victim@example.com", "password": PASSWORD}});
    let refused = app.api().post("/api/users/login", login).await;
    refused.assert_status(StatusCode::FORBIDDEN);
    assert!(refused.text().contains("suspended"), "{}", refused.text());
    let refused = app
        .rpc()
        .form("auth/login", &[("login", "victim"), ("password", PASSWORD)])
        .await;
    refused.assert_status(StatusCode::FORBIDDEN);
    // The app's own error, which the sign-in page words.
    assert_eq!(refused.body, json!("AccountSuspended"));
    let refused = app
        .seed()
        .post("/auth", json!({"username": "victim", "password": PASSWORD}))
        .await;
    refused.assert_status(StatusCode::FORBIDDEN);
    // A wrong password still says only that it is wrong.
    let wrong = json!({"user": {"email": "victim@example.com", "password": "not the password"}});
    app.api()
        .post("/api/users/login", wrong)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    // The posts stay; the list says since when it is suspended; the audit log has it.
    app.api()
        .get(&format!("/api/articles/{}", post.summary.slug))
        .await
        .assert_status(StatusCode::OK);
    let suspended = members(&app, &boss, json!({"filter": "suspended"})).await;
    assert_eq!(names(&suspended), ["victim"]);
    assert!(suspended.body["members"][0]["suspended"]["millis"].is_i64());
    let log = app.rpc().by(&boss).call("admin/audit", json!({})).await;
    assert_eq!(log.body["entries"][0]["action"], "account suspended");
    assert_eq!(log.body["entries"][0]["subject"], "victim");

    // Reinstated, it signs in again; the old sessions stay ended.
    app.rpc()
        .by(&boss)
        .call("admin/reinstate", json!({"username": "victim"}))
        .await
        .assert_status(StatusCode::OK);
    app.refresh_with_cookie(&victim.refresh_token)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    let back = app.sign_in_again("victim").await;
    app.api()
        .by(&back)
        .get("/api/user")
        .await
        .assert_status(StatusCode::OK);
    let log = app.rpc().by(&boss).call("admin/audit", json!({})).await;
    assert_eq!(log.body["entries"][0]["action"], "account reinstated");
}

#[tokio::test]
async fn a_server_started_after_a_suspension_knows_of_it() {
    let app = TestApp::new().await;
    let boss = app.admin("boss").await;
    let victim = app.user("victim").await;
    app.rpc()
        .by(&boss)
        .call("admin/suspend", json!({"username": "victim"}))
        .await
        .assert_status(StatusCode::OK);
    let later = app.another_server().await;
    later
        .api()
        .by(&victim)
        .get("/api/user")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_deleted_accounts_posts_go_to_the_author_the_admin_names() {
    let app = TestApp::new().await;
    let boss = app.admin("boss").await;
    let leaving = app.user("leaving").await;
    let heir = app.user("heir").await;
    let reader = app.user("reader").await;
    let post = app
        .publish(&leaving, "Kept words", "Words.", &["rust"])
        .await;
    app.write_draft(&leaving, "Kept draft", "Words.", &[]).await;
    // The leaving account favorited, followed and commented; all of that goes.
    let theirs = app.publish(&reader, "Reader's", "Words.", &[]).await;
    app.api()
        .by(&leaving)
        .post(
            &format!("/api/articles/{}/favorite", theirs.summary.slug),
            json!({}),
        )
        .await
        .assert_status(StatusCode::OK);
    app.api()
        .by(&leaving)
        .post(
            &format!("/api/articles/{}/comments", theirs.summary.slug),
            json!({"comment": {"body": "A comment that goes"}}),
        )
        .await
        .assert_status(StatusCode::CREATED);

    let refused = app
        .rpc()
        .by(&boss)
        .call(
            "admin/delete",
            json!({"username": "leaving", "their_posts": {"hand_to": "nobody"}}),
        )
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("hand_to"), "{}", refused.text());

    let deleted = app
        .rpc()
        .by(&boss)
        .call(
            "admin/delete",
            json!({"username": "leaving", "their_posts": {"hand_to": "heir"}}),
        )
        .await;
    deleted.assert_status(StatusCode::OK);
    assert_eq!(deleted.body, json!(2), "the post and the draft");

    // The post stays at its address, now the heir's, and counts on the heir's page.
    let article = app
        .api()
        .get(&format!("/api/articles/{}", post.summary.slug))
        .await;
    article.assert_status(StatusCode::OK);
    assert_eq!(article.body["article"]["author"]["username"], "heir");
    let heirs = app.api().get("/api/articles?author=heir").await;
    assert_eq!(heirs.body["articlesCount"], 1);
    let drafts = app
        .rpc()
        .by(&heir)
        .call("posts/drafts", json!({"page": 1}))
        .await;
    assert!(drafts.text().contains("Kept draft"), "{}", drafts.text());
    // The favorite, the comment and the profile are gone; the name is free again.
    let reader_post = app
        .api()
        .get(&format!("/api/articles/{}", theirs.summary.slug))
        .await;
    assert_eq!(reader_post.body["article"]["favoritesCount"], 0);
    let comments = app
        .api()
        .get(&format!("/api/articles/{}/comments", theirs.summary.slug))
        .await;
    assert_eq!(comments.body["comments"], json!([]));
    app.api()
        .get("/api/profiles/leaving")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let everyone = members(&app, &boss, json!({})).await;
    assert_eq!(names(&everyone), ["reader", "heir", "boss"]);
    // Its tokens are refused; its name and address can be taken by someone new, whose
    // account the old tokens never open.
    app.api()
        .by(&leaving)
        .get("/api/user")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    let again = app.user("leaving").await;
    assert_ne!(again.id, leaving.id, "an id is never used twice");
    app.api()
        .by(&again)
        .get("/api/user")
        .await
        .assert_status(StatusCode::OK);
    let log = app.rpc().by(&boss).call("admin/audit", json!({})).await;
    assert_eq!(log.body["entries"][0]["action"], "account deleted");
    assert_eq!(
        log.body["entries"][0]["subject"],
        "leaving: 2 posts handed to heir"
    );
}

#[tokio::test]
async fn a_deleted_accounts_posts_can_go_with_it() {
    let app = TestApp::new().await;
    let boss = app.admin("boss").await;
    let leaving = app.user("leaving").await;
    let post = app.publish(&leaving, "Going", "Words.", &["gone"]).await;
    let before = app.api().get("/api/articles").await.body["articlesCount"].clone();
    assert_eq!(before, 1);
    let deleted = app
        .rpc()
        .by(&boss)
        .call(
            "admin/delete",
            json!({"username": "leaving", "their_posts": "delete"}),
        )
        .await;
    deleted.assert_status(StatusCode::OK);
    assert_eq!(deleted.body, json!(1));
    app.api()
        .get(&format!("/api/articles/{}", post.summary.slug))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert_eq!(
        app.api().get("/api/articles").await.body["articlesCount"],
        0
    );
    let tags = app.api().get("/api/tags").await;
    assert!(!tags.text().contains("gone"), "{}", tags.text());
    // Deleting twice finds no one; an admin is never deleted.
    app.rpc()
        .by(&boss)
        .call(
            "admin/delete",
            json!({"username": "leaving", "their_posts": "delete"}),
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.rpc()
        .by(&boss)
        .call(
            "admin/delete",
            json!({"username": "boss", "their_posts": "delete"}),
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
}
