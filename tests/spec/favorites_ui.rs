//! Favorites and follows as readers meet them. Pages are the same for every reader (and kept
//! for all of them), so the server renders the counts and, for anyone signed out, controls
//! that lead to the sign-in page; the islands ask the server functions here what this reader
//! has marked. A profile lists what its user favorited on a tab of its own, and the
//! following feed is the signed-in reader's alone.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;

/// The favorite counts a page shows, in order.
fn counts(page: &Page) -> Vec<String> {
    page.texts(".favorite .favorite-count")
}

impl Client<'_, ServerFunctions> {
    async fn favorite(self, slug: &str, favorite: bool) -> Reply {
        let arguments = json!({ "slug": slug, "favorite": favorite });
        self.call("posts/favorite", arguments).await
    }

    async fn follow(self, username: &str, follow: bool) -> Reply {
        let arguments = json!({ "username": username, "follow": follow });
        self.call("profiles/follow", arguments).await
    }

    async fn following_feed(self) -> Reply {
        self.call("posts/following", json!({ "page": 1 })).await
    }
}

#[tokio::test]
async fn counts_show_on_the_post_and_in_every_list_and_change_at_once() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    app.publish(&alice, "Tea", "Leaves and water.", &["drinks"])
        .await;
    let pages = ["/", "/tag/drinks", "/profile/alice", "/post/tea"];
    for page in pages {
        assert_eq!(counts(&app.page(page).await), ["0"], "{page}");
    }

    let marked = app.rpc().by(&bob).favorite("tea", true).await.ok();
    assert_eq!(marked, json!({ "favorited": true, "count": 1 }));
    app.rpc().by(&carol).favorite("tea", true).await.ok();
    // Marking twice counts once.
    let again = app.rpc().by(&carol).favorite("tea", true).await.ok();
    assert_eq!(again, json!({ "favorited": true, "count": 2 }));
    for page in pages {
        assert_eq!(
            counts(&app.page(page).await),
            ["2"],
            "{page}, not a kept copy"
        );
    }

    let unmarked = app.rpc().by(&bob).favorite("tea", false).await.ok();
    assert_eq!(unmarked, json!({ "favorited": false, "count": 1 }));
    for page in pages {
        assert_eq!(counts(&app.page(page).await), ["1"], "{page}");
    }
}

#[tokio::test]
async fn a_signed_out_reader_is_led_to_sign_in_to_favorite_or_follow() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Tea", "Leaves and water.", &[]).await;

    let post = app.page("/post/tea").await;
    let favorite = post.links("article.post a.favorite");
    assert_eq!(favorite.len(), 1, "{post:?}");
    assert_eq!(favorite[0].href, "/signin?next=/post/tea");
    assert_eq!(favorite[0].text, "♡ Favorite 0");
    let card = app.page("/").await.links("article.post-card a.favorite");
    assert_eq!(card[0].href, "/signin?next=/post/tea", "back to the post");

    let profile = app.page("/profile/alice").await;
    let follow = profile.links(".profile-header a.follow");
    assert_eq!(follow.len(), 1, "{profile:?}");
    assert_eq!(follow[0].text, "Follow alice");
    assert_eq!(follow[0].href, "/signin?next=/profile/alice");

    // The calls behind the buttons need a signed-in reader.
    let signed_out = json!("SignInRequired");
    app.rpc()
        .favorite("tea", true)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, signed_out.clone());
    app.rpc()
        .follow("alice", true)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, signed_out);
    // Drafts and unknown posts cannot be marked.
    app.write_draft(&alice, "Secret", "Not yet.", &[]).await;
    let bob = app.user("bob").await;
    for slug in ["secret", "no-such-post"] {
        app.rpc()
            .by(&bob)
            .favorite(slug, true)
            .await
            .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
    }
}

#[tokio::test]
async fn the_islands_learn_what_this_reader_marked() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    for title in ["Tea", "Coffee", "Cocoa"] {
        app.publish(&alice, title, "Body.", &[]).await;
    }
    app.rpc().by(&bob).favorite("coffee", true).await.ok();
    let asked = json!({ "slugs": ["tea", "coffee", "cocoa", "no-such-post"] });
    let favorited = app
        .rpc()
        .by(&bob)
        .call("posts/favorited", asked.clone())
        .await;
    assert_eq!(favorited.ok(), json!(["coffee"]));
    let alices = app
        .rpc()
        .by(&alice)
        .call("posts/favorited", asked.clone())
        .await;
    assert_eq!(alices.ok(), json!([]));
    app.rpc()
        .call("posts/favorited", asked)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
    // A page's worth at most.
    let too_many: Vec<String> = (0..101).map(|n| format!("post-{n}")).collect();
    app.rpc()
        .by(&bob)
        .call("posts/favorited", json!({ "slugs": too_many }))
        .await
        .assert_invalid("slugs");

    // Whether the reader follows an author comes with the profile.
    let alices_profile = json!({ "username": "alice" });
    let profile = app
        .rpc()
        .by(&bob)
        .call("profiles/get", alices_profile.clone());
    assert_eq!(profile.await.ok()["following"], false);
    let followed = app.rpc().by(&bob).follow("alice", true).await.ok();
    assert_eq!(followed["following"], true);
    let profile = app.rpc().by(&bob).call("profiles/get", alices_profile);
    assert_eq!(profile.await.ok()["following"], true);
    app.rpc()
        .by(&alice)
        .follow("alice", true)
        .await
        .assert_invalid("username");
}

#[tokio::test]
async fn a_profile_lists_what_its_user_favorited_on_a_tab_of_its_own() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    app.user("carol").await;
    app.publish(&alice, "Tea", "Body.", &[]).await;
    app.publish(&alice, "Coffee", "Body.", &[]).await;
    app.publish(&alice, "Cocoa", "Body.", &[]).await;
    for slug in ["tea", "coffee"] {
        app.rpc().by(&bob).favorite(slug, true).await.ok();
    }

    let favorites = app.page("/profile/bob/favorites").await;
    assert_eq!(favorites.title(), "Favorites of bob · Test Blog");
    assert_eq!(favorites.heading(), "bob");
    assert_eq!(favorites.card_titles(), ["Coffee", "Tea"], "newest first");
    let tabs = favorites.links("nav.profile-tabs a");
    let shown: Vec<(&str, &str, Option<&str>)> = tabs
        .iter()
        .map(|tab| {
            (
                tab.text.as_str(),
                tab.href.as_str(),
                tab.aria_current.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Posts", "/profile/bob", None),
            ("Favorites", "/profile/bob/favorites", Some("page")),
        ]
    );
    let posts = app.page("/profile/bob").await;
    assert_eq!(
        posts
            .attr("nav.profile-tabs a[aria-current]", "href")
            .as_deref(),
        Some("/profile/bob")
    );
    assert_eq!(
        posts.empty_list_notice().as_deref(),
        Some("No published posts yet.")
    );
    assert_eq!(
        app.page("/profile/carol/favorites")
            .await
            .empty_list_notice()
            .as_deref(),
        Some("No favorites yet.")
    );
    app.assert_not_found_page("/profile/nobody/favorites").await;

    // The tab is kept like any list, and forgets as soon as the favorites change.
    app.rpc().by(&bob).favorite("tea", false).await.ok();
    app.rpc().by(&bob).favorite("cocoa", true).await.ok();
    let favorites = app.page("/profile/bob/favorites").await;
    assert_eq!(favorites.card_titles(), ["Cocoa", "Coffee"]);
}

#[tokio::test]
async fn the_following_feed_holds_the_posts_of_the_authors_one_follows() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    app.publish(&alice, "Tea", "Body.", &[]).await;
    app.publish(&carol, "Bread", "Body.", &[]).await;
    app.write_draft(&alice, "Secret", "Body.", &[]).await;
    app.publish(&alice, "Coffee", "Body.", &[]).await;

    let feed_titles = |reply: Reply| -> Vec<String> {
        let page: Value = reply.ok();
        titles(&page["posts"])
    };
    assert!(feed_titles(app.rpc().by(&bob).following_feed().await).is_empty());
    app.rpc().by(&bob).follow("alice", true).await.ok();
    assert_eq!(
        feed_titles(app.rpc().by(&bob).following_feed().await),
        ["Coffee", "Tea"]
    );
    app.rpc().by(&bob).follow("alice", false).await.ok();
    assert!(feed_titles(app.rpc().by(&bob).following_feed().await).is_empty());
    app.rpc()
        .following_feed()
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
}

#[tokio::test]
async fn the_following_page_is_the_signed_in_readers_own() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Tea", "Body.", &[]).await;
    let reply = app.get("/following").await;
    reply.assert_status(StatusCode::OK);
    assert!(reply.header("etag").is_none(), "never kept");
    let page = reply.page();
    assert_eq!(page.title(), "Following · Test Blog");
    assert_eq!(page.heading(), "From authors you follow");
    // The server cannot know who reads: the list is an island that signs the reader in
    // first, and wakes at once.
    assert!(page.has("[data-hydrate-now] leptos-island[data-component^='FollowingFeed']"));
    assert!(page.cards().is_empty(), "{page:?}");
}
