//! The pages readers get from the server, complete without JavaScript: the home page's post
//! cards and pages, tag pages, the tag cloud, a post with its meta tags, byline, tags and
//! comments, reading times, and the not-found page.

use axum::http::StatusCode;
use blog::model::Post;
use serde_json::json;

use crate::common::*;

/// A link reads `text` and leads to `href`.
#[track_caller]
fn assert_link(link: &Link, text: &str, href: &str) {
    assert_eq!(
        (link.text.as_str(), link.href.as_str()),
        (text, href),
        "{link:?}"
    );
}

/// A card or post byline names the author, the publication date and the reading time.
#[track_caller]
fn assert_byline(byline: &Byline, post: &Post) {
    let author = &post.summary.author.username;
    assert_link(&byline.author, author, &format!("/profile/{author}"));
    let published = post.summary.published.as_ref().expect("published");
    assert_eq!(
        byline.published,
        (published.iso.clone(), published.text.clone())
    );
    let minutes = post.summary.reading_minutes;
    assert_eq!(byline.reading_time, format!("{minutes} min read"));
}

#[tokio::test]
async fn the_home_page_lists_published_posts_newest_first_with_their_details() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let older = app
        .publish(&alice, "Older post", "First.", &["rust", "web"])
        .await;
    let newer = app
        .publish(&bob, "Newer post", "Second.", &["cooking"])
        .await;

    let home = app.page("/").await;
    assert_eq!(home.title(), "Test Blog");
    let cards = home.cards();
    assert_eq!(cards.len(), 2, "{home:?}");
    for (card, post, tags) in [
        (&cards[0], &newer, vec!["cooking"]),
        (&cards[1], &older, vec!["rust", "web"]),
    ] {
        let summary = &post.summary;
        assert_link(
            &card.title,
            &summary.title,
            &format!("/post/{}", summary.slug),
        );
        assert_eq!(card.description.as_ref(), Some(&summary.description));
        assert_byline(&card.byline, post);
        assert_eq!(card.byline.reading_time, "1 min read");
        assert_eq!(card.tags.len(), tags.len(), "{card:?}");
        for (link, tag) in card.tags.iter().zip(tags) {
            assert_link(link, &format!("#{tag}"), &format!("/tag/{tag}"));
        }
    }
}

/// "Page 1 of 1" says nothing: a list that fits on one page has no pagination.
#[tokio::test]
async fn a_list_of_one_page_has_no_pagination() {
    let app = TestApp::with_settings(|s| s.site.posts_per_page = 2).await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Alone", "Body.", &["solo"]).await;
    app.publish(&alice, "Together", "Body.", &["solo"]).await;
    for uri in ["/", "/tag/solo", "/profile/alice", "/search?q=body"] {
        let page = app.page(uri).await;
        assert!(!page.has("nav.pagination"), "{uri}");
    }
    app.publish(&alice, "Third", "Body.", &["solo"]).await;
    let page = app.page("/").await;
    assert_eq!(page.page_count(), "Page 1 of 2");
}

/// On a phone the home page is one column: its tags come right after the posts, before the
/// links to other pages, not at the bottom where nobody scrolls.
#[tokio::test]
async fn the_home_pages_tags_come_before_its_pagination() {
    let app = TestApp::with_settings(|s| s.site.posts_per_page = 1).await;
    let alice = app.user("alice").await;
    app.publish(&alice, "One", "Body.", &["first"]).await;
    app.publish(&alice, "Two", "Body.", &["second"]).await;
    let html = app.get("/").await.text().to_owned();
    let posts = html.find("class=\"post-list\"").expect("the posts");
    let tags = html.find("class=\"tag-cloud\"").expect("the tags");
    let pages = html.find("class=\"pagination\"").expect("the pagination");
    assert!(posts < tags && tags < pages, "posts, then tags, then pages");
}

#[tokio::test]
async fn the_home_page_is_split_into_pages_of_the_configured_size() {
    let app = TestApp::with_settings(|s| s.site.posts_per_page = 2).await;
    let alice = app.user("alice").await;
    for name in ["Alpha", "Bravo", "Charlie", "Delta", "Echo"] {
        app.publish(&alice, name, "Body.", &[]).await;
    }
    let newer = |href: &str| ("← Newer posts".to_owned(), href.to_owned(), "prev");
    let older = |href: &str| ("Older posts →".to_owned(), href.to_owned(), "next");
    let pages = [
        (
            "/",
            vec!["Echo", "Delta"],
            vec![older("/?page=2")],
            "Page 1 of 3",
        ),
        (
            "/?page=2",
            vec!["Charlie", "Bravo"],
            vec![newer("/"), older("/?page=3")],
            "Page 2 of 3",
        ),
        (
            "/?page=3",
            vec!["Alpha"],
            vec![newer("/?page=2")],
            "Page 3 of 3",
        ),
    ];
    for (uri, titles, links, count) in pages {
        let page = app.page(uri).await;
        assert_eq!(page.card_titles(), titles, "{uri}");
        for card in page.cards() {
            let slug = card.title.text.to_lowercase();
            assert_eq!(card.title.href, format!("/post/{slug}"), "{uri}");
        }
        let pagination = page.pagination();
        let shown: Vec<_> = pagination
            .iter()
            .map(|link| {
                (
                    link.text.clone(),
                    link.href.clone(),
                    link.rel.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(shown, links, "{uri}");
        assert_eq!(page.page_count(), count, "{uri}");
        // A screen reader announces a link marked `aria-current="page"` as the page being
        // read; "Older posts" and "Newer posts" lead elsewhere.
        for link in pagination {
            assert_ne!(
                link.aria_current.as_deref(),
                Some("page"),
                "{uri}: {link:?}"
            );
        }
    }

    let query = json!({ "query": { "tag": null, "author": null, "page": 3 } });
    let page = app.rpc().call("posts/list", query).await.ok();
    assert_eq!(titles(&page["posts"]), ["Alpha"]);
    assert_eq!(page["total"], 5);
    assert_eq!(page["per_page"], 2);
}

#[tokio::test]
async fn a_tag_page_lists_only_posts_with_that_tag_in_any_case() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Borrow checker", "Body.", &["Rust"])
        .await;
    app.publish(&alice, "Lifetimes", "Body.", &["rust", "types"])
        .await;
    app.publish(&alice, "Bread", "Body.", &["cooking"]).await;

    for uri in ["/tag/rust", "/tag/Rust", "/tag/RUST"] {
        let reply = app.get(uri).await;
        reply.assert_status(StatusCode::OK);
        assert!(!reply.text().contains("Bread"), "{uri}");
        let page = reply.page();
        assert!(page.heading().starts_with("Posts tagged "), "{uri}");
        assert_eq!(page.card_titles(), ["Lifetimes", "Borrow checker"], "{uri}");
    }
    let reply = app.get("/tag/cooking").await;
    assert!(!reply.text().contains("Lifetimes"));
    assert_eq!(reply.page().card_titles(), ["Bread"]);
    let none = app.page("/tag/nothing-here").await;
    assert_eq!(
        none.empty_list_notice().as_deref(),
        Some("No published post carries this tag.")
    );
}

#[tokio::test]
async fn a_tag_in_the_address_cannot_inject_markup_into_the_tag_page() {
    let app = TestApp::new().await;
    let reply = app
        .get("/tag/%3C%2Ftitle%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    reply.assert_status(StatusCode::OK);
    assert!(
        !reply
            .text()
            .to_ascii_lowercase()
            .contains("<script>alert(1)")
    );
    assert_eq!(
        reply.page().empty_list_notice().as_deref(),
        Some("No published post carries this tag.")
    );
}

#[tokio::test]
async fn the_home_page_shows_the_tags_in_use_most_used_first() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "One", "Body.", &["rust", "web"]).await;
    app.publish(&alice, "Two", "Body.", &["rust"]).await;
    app.write_draft(&alice, "Three", "Body.", &["secret-tag"])
        .await;

    let cloud = app.page("/").await.tag_cloud();
    assert_eq!(cloud.len(), 2, "not a draft's tag: {cloud:?}");
    assert_link(&cloud[0], "#rust", "/tag/rust");
    assert_eq!(
        cloud[0].title.as_deref(),
        Some("2 posts"),
        "how often it is used"
    );
    assert_link(&cloud[1], "#web", "/tag/web");

    let tags = app.rpc().call("tags", json!({})).await.ok();
    assert_eq!(
        tags,
        json!([{ "name": "rust", "posts": 2 }, { "name": "web", "posts": 1 }])
    );
}

#[tokio::test]
async fn a_post_page_has_its_meta_tags_byline_tags_and_comments() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let draft = json!({
        "title": "Post title",
        "description": "What this post is about.",
        "body": "The *body*.",
        "tags": ["rust", "web dev"],
    });
    let saved = app
        .rpc()
        .by(&alice)
        .save(None, draft, "published")
        .await
        .ok();
    let slug = slug_of(&saved);
    let post = app.state.posts.find(&slug, None).await.unwrap();
    app.state
        .comments
        .add(bob.id, &slug, "Great read!")
        .await
        .unwrap();

    let page = app.page(&format!("/post/{slug}")).await;
    assert_eq!(page.title(), "Post title · Test Blog");
    for (key, content) in [
        ("description", "What this post is about."),
        ("og:title", "Post title"),
        ("og:type", "article"),
        ("og:description", "What this post is about."),
    ] {
        assert_eq!(page.meta(key).as_deref(), Some(content), "<meta> {key}");
    }
    let article = page.article();
    assert_eq!(article.title, "Post title");
    assert_eq!(article.body.texts("em"), ["body"]);
    assert_byline(&article.byline, &post);
    assert_eq!(article.tags.len(), 2);
    assert_link(&article.tags[0], "#rust", "/tag/rust");
    assert_link(&article.tags[1], "#web dev", "/tag/web%20dev");
    let comments = page.comments();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, "Great read!");
    assert_link(&comments[0].author, "bob", "/profile/bob");
}

#[tokio::test]
async fn the_reading_time_is_shown() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let short = app.publish(&alice, "Short read", "A few words.", &[]).await;
    // 600 words at 200 a minute.
    let long = app
        .publish(&alice, "Long read", &"word ".repeat(600), &[])
        .await;
    assert_eq!(short.summary.reading_minutes, 1);
    assert_eq!(long.summary.reading_minutes, 3);

    for (post, shown) in [(&short, "1 min read"), (&long, "3 min read")] {
        let page = app.page(&format!("/post/{}", post.summary.slug)).await;
        assert_eq!(page.article().byline.reading_time, shown);
    }
    let home = app.page("/").await;
    let times: Vec<String> = home
        .cards()
        .into_iter()
        .map(|c| c.byline.reading_time)
        .collect();
    assert_eq!(times, ["3 min read", "1 min read"]);
}

#[tokio::test]
async fn an_unknown_post_gets_the_not_found_page() {
    let app = TestApp::new().await;
    app.assert_not_found_page("/post/no-such-post").await;
}

/// The header's "Sign in" brings the reader back to the page they were reading; on the home
/// page and the sign-in page itself it is the plain sign-in page.
#[tokio::test]
async fn the_headers_sign_in_comes_back_to_the_page() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Tea", "Body.", &["leaves"]).await;
    for (uri, href) in [
        ("/post/tea", "/signin?next=/post/tea"),
        ("/tag/leaves?page=1", "/signin?next=/tag/leaves%3Fpage%3D1"),
        ("/", "/signin"),
        ("/signin?next=/post/tea", "/signin"),
    ] {
        let page = app.page(uri).await;
        let sign_in = page.links(".site-header .sign-in-prompt a");
        assert_eq!(sign_in[0].href, href, "{uri}");
    }
}

/// A new site's home page leads its first author to the editor; once there is a post, the
/// list takes its place.
#[tokio::test]
async fn an_empty_home_page_leads_to_the_editor() {
    let app = TestApp::new().await;
    let page = app.page("/").await;
    assert_eq!(
        page.text("section.home p.empty"),
        "Nothing has been published yet."
    );
    let write = page.links("section.home a.button");
    assert_eq!(
        (write[0].text.as_str(), write[0].href.as_str()),
        ("Write the first post", "/editor")
    );
    let alice = app.user("alice").await;
    app.publish(&alice, "First", "Body.", &[]).await;
    let page = app.page("/").await;
    assert!(!page.has("section.home a.button"));
    assert_eq!(page.card_titles(), ["First"]);
}
