//! Standalone pages (About, Contact) through the real router: an editor writes one in the
//! editor's server functions, with its history; readers find it at `/<slug>`, complete
//! without script and in the sitemap; it is never in a list, a feed, search, a count or the
//! REST API, takes no comments or favorites, and can never take an address the site uses.

use axum::http::StatusCode;
use blog::model::Role;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn a_page_is_at_its_own_address_and_nowhere_a_post_is_listed() {
    let app = TestApp::new().await;
    let editor = app.account("edith", Role::Editor).await;
    app.publish(&editor, "A real post", "Posts are listed.", &["notes"])
        .await;
    let counted_before = app.api().get("/api/articles").await.ok()["articlesCount"].clone();

    let page = app
        .rpc()
        .by(&editor)
        .new_page(
            "About",
            "We write about **pages** and sausages.",
            "published",
        )
        .await
        .ok();
    assert_eq!(slug_of(&page), "about");
    assert_eq!(page["kind"], "page");

    // Readers: the page, complete in the server's HTML, with no byline or comments.
    let reply = app.get("/about").await;
    reply.assert_status(StatusCode::OK);
    assert!(
        reply.text().contains("<strong>pages</strong>"),
        "{}",
        reply.text()
    );
    assert!(
        reply.text().contains("<title>About"),
        "the page's title is the tab's"
    );
    assert!(!reply.text().contains("comment-form"));
    // Not at a post's address, nor in the REST API.
    app.get("/post/about")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.api()
        .get("/api/articles/about")
        .await
        .assert_status(StatusCode::NOT_FOUND);

    // Not in any list, feed, search or count.
    let home = app.get("/").await;
    assert!(home.text().contains("A real post"));
    assert!(!home.text().contains("sausages"));
    let listed = app.api().get("/api/articles").await.ok();
    assert_eq!(listed["articlesCount"], counted_before);
    assert!(!listed.to_string().contains("sausages"));
    let by_editor = app.api().get("/api/articles?author=edith").await.ok();
    assert_eq!(by_editor["articlesCount"], 1);
    for feed in ["/atom.xml", "/rss.xml", "/profile/edith/atom.xml"] {
        let reply = app.get(feed).await;
        reply.assert_status(StatusCode::OK);
        assert!(reply.text().contains("A real post"), "{feed}");
        assert!(!reply.text().contains("sausages"), "{feed}");
    }
    let found = app.api().get("/api/search?q=sausages").await.ok();
    assert_eq!(found["articles"], json!([]), "{found}");

    // In the sitemap, at its own address.
    let sitemap = app.get("/sitemaps/posts-1.xml").await;
    sitemap.assert_status(StatusCode::OK);
    assert!(
        sitemap.text().contains("/about</loc>"),
        "{}",
        sitemap.text()
    );
    assert!(!sitemap.text().contains("/post/about<"));

    // Nothing hangs off it: no comments, no favorites.
    let reader = app.user("rita").await;
    app.rpc()
        .by(&reader)
        .call("comments/add", json!({ "slug": "about", "body": "Hi" }))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.api()
        .by(&reader)
        .post_empty("/api/articles/about/favorite")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_page_is_written_with_the_editor_and_its_history_and_a_draft_is_hidden() {
    let app = TestApp::new().await;
    let admin = app.account("ada", Role::Admin).await;
    let draft = app
        .rpc()
        .by(&admin)
        .new_page("Contact", "Write to us.", "draft")
        .await
        .ok();
    let slug = slug_of(&draft);
    app.get("/contact")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Its writers find it in the list of pages, drafts too.
    let pages = app
        .rpc()
        .by(&admin)
        .call("pages/list", json!({}))
        .await
        .ok();
    assert_eq!(pages[0]["slug"], "contact");
    assert_eq!(pages[0]["status"], "draft");

    let published = app
        .rpc()
        .by(&admin)
        .save(
            Some(&slug),
            draft_of("Contact", "Write to us at hello@example.com."),
            "published",
        )
        .await
        .ok();
    assert_eq!(published["kind"], "page", "a save keeps the page a page");
    let reply = app.get("/contact").await;
    reply.assert_status(StatusCode::OK);
    assert!(reply.text().contains("hello@example.com"));
    let history = app
        .rpc()
        .by(&admin)
        .call("revisions/list", json!({ "slug": slug, "page": 1 }))
        .await
        .ok();
    assert_eq!(
        history["revisions"].as_array().map(Vec::len),
        Some(2),
        "{history}"
    );

    // An edit shows at once: the cached page is forgotten.
    app.rpc()
        .by(&admin)
        .save(
            Some(&slug),
            draft_of("Contact", "Call us instead."),
            "published",
        )
        .await
        .ok();
    let reply = app.get("/contact").await;
    assert!(reply.text().contains("Call us instead."));
    // Unpublished, it is gone for readers.
    app.rpc()
        .by(&admin)
        .save(
            Some(&slug),
            draft_of("Contact", "Call us instead."),
            "draft",
        )
        .await
        .ok();
    app.get("/contact")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_editors_and_admins_write_pages_and_no_page_takes_the_sites_addresses() {
    let app = TestApp::new().await;
    let author = app.account("arthur", Role::Author).await;
    let editor = app.account("edith", Role::Editor).await;
    let refused = app
        .rpc()
        .by(&author)
        .new_page("About me", "Mine.", "published")
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{refused:?}");
    app.rpc()
        .by(&author)
        .call("pages/list", json!({}))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    for reserved in ["Search", "Admin", "Editor", "API", "Signup"] {
        let reply = app
            .rpc()
            .by(&editor)
            .new_page(reserved, "Body.", "published")
            .await;
        reply.assert_invalid("title");
        assert!(
            reply.body["Invalid"]["message"]
                .as_str()
                .is_some_and(|message| message.contains("the site uses itself")),
            "{reply:?}"
        );
    }
    // The site's own pages still answer as themselves.
    app.get("/search").await.assert_status(StatusCode::OK);
    // A post may still be called "Search": it lives under /post/.
    app.rpc()
        .by(&editor)
        .save(None, draft("Search", "A post.", &[]), "published")
        .await
        .ok();
    // An address nobody wrote is the 404 page, never an error.
    let missing = app.get("/no-such-page").await;
    missing.assert_status(StatusCode::NOT_FOUND);
    assert!(missing.text().contains("<h1>"));
}

/// The editor's fields for a page (no tags).
fn draft_of(title: &str, body: &str) -> serde_json::Value {
    draft(title, body, &[])
}
