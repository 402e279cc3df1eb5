//! Reading comfort on a post's page, rendered by the server: a table of contents for a post
//! with several sections, a reading time that holds for Chinese as for English, the posts
//! published just before and after it, and related posts by shared tags. Drafts and posts
//! dated in the future never appear among them; the links follow other posts' changes.

use std::time::Duration;

use blog::{
    model::{PostStatus, Publication},
    server::content::posts::{ArchivedPost, PostChanges, Scope},
};

use crate::common::*;

/// The table of contents: each entry's text, link and depth class.
fn contents(page: &Page) -> Vec<(String, String, String)> {
    let texts = page.texts("nav.toc li");
    let links = page.links("nav.toc li a");
    let depths: Vec<String> = (0..texts.len())
        .map(|n| {
            page.attr(&format!("nav.toc li:nth-child({})", n + 1), "class")
                .unwrap_or_default()
        })
        .collect();
    links
        .into_iter()
        .zip(depths)
        .map(|(link, depth)| (link.text, link.href, depth))
        .collect()
}

/// A previous or next link: the title it shows and its address.
type NavLink = Option<(String, String)>;

/// The previous and next links.
fn around(page: &Page) -> (NavLink, NavLink) {
    let find = |rel: &str| {
        page.links(&format!("nav.post-nav a[rel='{rel}']"))
            .first()
            .map(|link| {
                let title = page.text(&format!("nav.post-nav a[rel='{rel}'] .post-nav-title"));
                (title, link.href.clone())
            })
    };
    (find("prev"), find("next"))
}

fn related(page: &Page) -> Vec<String> {
    page.texts("section.related li a")
}

fn link(title: &str, slug: &str) -> NavLink {
    Some((title.to_owned(), format!("/post/{slug}")))
}

#[tokio::test]
async fn a_post_with_sections_gets_a_table_of_contents() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let body = "Intro.\n\n## Setting up\n\nText.\n\n## Writing `code`\n\n### The details\n\n\
                #### Too deep to list\n\n## 你好\n\nThe end.";
    let post = app.publish(&alice, "A long one", body, &[]).await;
    let page = app.page(&format!("/post/{}", post.summary.slug)).await;
    let depth = |n: u8| format!("toc-depth-{n}");
    assert_eq!(
        contents(&page),
        [
            ("Setting up".into(), "#h-setting-up".into(), depth(0)),
            ("Writing code".into(), "#h-writing-code".into(), depth(0)),
            ("The details".into(), "#h-the-details".into(), depth(1)),
            ("你好".into(), "#h-ni-hao".into(), depth(0)),
        ]
    );
    assert_eq!(page.text("nav.toc h2"), "Contents");
    // Every entry leads to a heading of the body.
    let body = page.article().body;
    for (_, href, _) in contents(&page) {
        assert!(body.has(&href), "{href} in {body:?}");
    }

    let short = app
        .publish(&alice, "A short one", "## One\n\nA.\n\n## Two\n\nB.", &[])
        .await;
    let page = app.page(&format!("/post/{}", short.summary.slug)).await;
    assert!(!page.has("nav.toc"), "two sections need no contents");
}

#[tokio::test]
async fn the_reading_time_counts_words_and_characters_of_unspaced_scripts() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let cases = [
        // 200 words a minute.
        ("Six hundred words", "word ".repeat(600), "3 min read"),
        (
            "Six hundred and one words",
            "word ".repeat(601),
            "4 min read",
        ),
        // Chinese at about 400 characters a minute, punctuation aside.
        ("Chinese", "这是一个句子。".repeat(200), "3 min read"),
        ("Short", "A few words.".to_owned(), "1 min read"),
    ];
    for (title, body, shown) in &cases {
        let post = app.publish(&alice, title, body, &[]).await;
        let page = app.page(&format!("/post/{}", post.summary.slug)).await;
        assert_eq!(&page.article().byline.reading_time, shown, "{title}");
    }
    let home = app.page("/").await;
    let shown: Vec<String> = home
        .cards()
        .into_iter()
        .map(|c| c.byline.reading_time)
        .collect();
    let expected: Vec<&str> = cases.iter().rev().map(|(_, _, shown)| *shown).collect();
    assert_eq!(shown, expected, "the cards agree");
}

#[tokio::test]
async fn previous_and_next_follow_the_sites_order_without_drafts_or_future_posts() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    app.publish(&alice, "First", "Body.", &[]).await;
    app.advance(Duration::from_secs(60));
    app.write_draft(&alice, "Unfinished", "Body.", &[]).await;
    app.publish(&bob, "Second", "Body.", &[]).await;
    // Published in the same millisecond: the site orders them by id, and so do the links.
    app.publish(&alice, "Third", "Body.", &[]).await;
    // Imported with a date next year.
    let next_year = app.state.clock.now_millis() + 365 * 24 * 3600 * 1000;
    let future = ArchivedPost {
        slug: "scheduled".into(),
        title: "Scheduled".into(),
        description: String::new(),
        body: "Not yet.".into(),
        tags: vec![],
        status: PostStatus::Published,
        date: Some(next_year),
        updated: None,
        publish_at: None,
        kind: blog::model::PostKind::Post,
    };
    app.state
        .posts
        .import(alice.id, future, app.state.clock.now_millis())
        .await
        .unwrap();

    let expected = [
        ("first", None, link("Second", "second")),
        ("second", link("First", "first"), link("Third", "third")),
        ("third", link("Second", "second"), None),
    ];
    for (slug, previous, next) in expected {
        let page = app.page(&format!("/post/{slug}")).await;
        assert_eq!(around(&page), (previous, next), "{slug}");
        assert!(
            !page.visible_text().contains("Unfinished")
                && !page.visible_text().contains("Scheduled"),
            "{slug}: {page:?}"
        );
    }
    let labels = app
        .page("/post/second")
        .await
        .texts("nav.post-nav .post-nav-label");
    assert_eq!(labels, ["← Previous post", "Next post →"]);
}

#[tokio::test]
async fn related_posts_share_the_most_tags_then_are_the_newest() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let minute = Duration::from_secs(60);
    let post = app
        .publish(
            &alice,
            "Async Rust on the web",
            "Body.",
            &["rust", "web", "async"],
        )
        .await;
    let published = [
        ("Rust and the web", vec!["Rust", "web"]),
        ("Rust alone", vec!["rust"]),
        ("Bread", vec!["cooking"]),
        ("Async everything", vec!["async"]),
    ];
    for (title, tags) in &published {
        app.advance(minute);
        app.publish(&alice, title, "Body.", tags).await;
    }
    app.advance(minute);
    app.write_draft(
        &alice,
        "Draft on all three",
        "Body.",
        &["rust", "web", "async"],
    )
    .await;

    let slug = &post.summary.slug;
    let page = app.page(&format!("/post/{slug}")).await;
    assert_eq!(
        related(&page),
        ["Rust and the web", "Async everything", "Rust alone"],
        "two shared tags first, then the newest; three at most; no draft"
    );
    assert_eq!(page.text("section.related h2"), "Related posts");
    let bread = app.page("/post/bread").await;
    assert!(!bread.has("section.related"), "nothing shares its tag");
}

#[tokio::test]
async fn the_links_around_a_post_follow_the_other_posts() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    app.publish(&alice, "First", "Body.", &["rust"]).await;
    let first = app.page("/post/first").await;
    assert_eq!(around(&first), (None, None));
    assert!(related(&first).is_empty());

    // A new post shows at once on the page kept before it.
    app.publish(&alice, "Second", "Body.", &["rust"]).await;
    let first = app.page("/post/first").await;
    assert_eq!(around(&first).1, link("Second", "second"));
    assert_eq!(related(&first), ["Second"]);

    // So does a new title.
    let retitle = PostChanges {
        title: Some("Second, retitled".into()),
        ..Default::default()
    };
    app.state
        .posts
        .update(alice.id, "second", Scope::WithDrafts, retitle)
        .await
        .unwrap();
    let reply = app.get("/post/first").await;
    let etag = reply.header("etag").expect("kept").to_owned();
    assert_eq!(around(&reply.page()).1, link("Second, retitled", "second"));

    // A favorite elsewhere changes no link: the kept page stays.
    app.state
        .posts
        .set_favorite(bob.id, "second", true)
        .await
        .unwrap();
    assert_eq!(
        app.get("/post/first").await.header("etag"),
        Some(etag.as_str())
    );

    // Unpublished, it is gone from its neighbours.
    let unpublish = PostChanges {
        publication: Some(Publication::Draft),
        ..Default::default()
    };
    app.state
        .posts
        .update(alice.id, "second", Scope::WithDrafts, unpublish)
        .await
        .unwrap();
    let first = app.page("/post/first").await;
    assert_eq!(around(&first), (None, None));
    assert!(related(&first).is_empty());
}

#[tokio::test]
async fn posts_stored_before_outlines_are_rendered_again_once() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let body = format!("## One\n\n{}\n\n## Two\n\n## Three\n", "字".repeat(1500));
    let post = app.publish(&alice, "Old post", &body, &[]).await;
    // As an older version stored it: no outline, and the characters counted as one word.
    sqlx::query(
        "UPDATE posts SET outline = NULL, word_count = 4, rendered_by = 0 \
         WHERE id = (SELECT id FROM posts)",
    )
    .execute(&app.state.db)
    .await
    .unwrap();
    let uri = format!("/post/{}", post.summary.slug);
    let page = app.page(&uri).await;
    assert!(!page.has("nav.toc"));
    assert_eq!(page.article().byline.reading_time, "1 min read");

    assert_eq!(app.state.posts.render_outdated().await.unwrap(), 1);
    let page = app.page(&uri).await;
    assert_eq!(contents(&page).len(), 3, "{page:?}");
    assert_eq!(page.article().byline.reading_time, "4 min read");
    assert_eq!(app.state.posts.render_outdated().await.unwrap(), 0, "once");
}
