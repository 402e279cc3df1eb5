//! `blog export`: every post written out as Markdown with front matter that `blog import`
//! (and Zola) read back into the same posts.

use blog::{
    model::{PostDraft, PostKind, PostStatus, Publication},
    server::content::{
        Posts,
        posts::{ArchivedPost, PostChanges, Scope},
    },
};

use super::{Blog, HUGO, ZOLA};

#[tokio::test]
async fn export_then_import_into_an_empty_database_gives_the_same_posts() {
    let original = Blog::new().await;
    original.write("zola.md", ZOLA);
    original.write("hugo.md", HUGO);
    original.write(
        "2024-01-02-draft.md",
        "---\ntitle: A draft\ndraft: true\n---\n",
    );
    let folder = original.write("你好世界.md", "+++\ntitle = \"你好，世界\"\n+++\n正文");
    original.import(&folder).await;
    // And posts written in the editor, with a body that does not end in a newline.
    original
        .posts
        .create(
            original.admin.id,
            PostDraft {
                title: "From the editor".into(),
                description: "Typed in the browser".into(),
                body: "# Heading\n\nText".into(),
                tags: vec!["Editor".into()],
            },
            PostStatus::Published,
        )
        .await
        .unwrap();
    // And a standalone page, which must come back a page (in no list), not a post.
    original
        .posts
        .create_as(
            PostKind::Page,
            original.admin.id,
            PostDraft {
                title: "About".into(),
                body: "Who we are.".into(),
                ..Default::default()
            },
            Publication::Published,
        )
        .await
        .unwrap();

    let exported = original.dir.path().join("exported");
    let summary = original.export(&exported).await;
    assert_eq!(summary.written, 6);
    let about = std::fs::read_to_string(exported.join("about.md")).unwrap();
    assert!(about.contains("[extra]\npage = true\n"), "{about}");

    let zola_file = std::fs::read_to_string(exported.join("zola.md")).unwrap();
    let header = zola_file
        .strip_prefix("+++\n")
        .and_then(|rest| rest.split_once("+++\n"))
        .unwrap()
        .0;
    let toml: toml::Table = toml::from_str(header).unwrap();
    assert!(toml["date"].is_datetime(), "Zola wants a date: {header}");
    assert_eq!(
        toml["taxonomies"]["tags"].as_array().unwrap().len(),
        2,
        "{header}"
    );

    let copy = Blog::new().await;
    let imported = copy.import(&exported).await;
    assert_eq!(
        (imported.created, imported.failures.len()),
        (6, 0),
        "{imported}"
    );
    assert_eq!(
        everything(&copy.posts).await,
        everything(&original.posts).await
    );

    let page = copy.posts.find("about", None).await.unwrap();
    assert_eq!(page.kind, PostKind::Page);

    let again = original.import(&exported).await;
    assert_eq!(again.unchanged, 6, "{again}");
}

async fn everything(posts: &Posts) -> Vec<ArchivedPost> {
    let mut posts = posts.export_all().await.unwrap();
    posts.sort_by(|a, b| a.slug.cmp(&b.slug));
    posts
}

#[tokio::test]
async fn an_unpublished_post_exports_and_imports_back_unchanged_keeping_its_address() {
    let blog = Blog::new().await;
    let author = blog.admin.id;
    let post = blog
        .posts
        .create(
            author,
            PostDraft {
                title: "Once public".into(),
                body: "Then taken down.".into(),
                ..Default::default()
            },
            PostStatus::Published,
        )
        .await
        .unwrap();
    let unpublish = PostChanges {
        publication: Some(Publication::Draft),
        ..Default::default()
    };
    blog.posts
        .update(author, &post.summary.slug, Scope::WithDrafts, unpublish)
        .await
        .unwrap();

    let exported = blog.dir.path().join("exported");
    blog.export(&exported).await;
    let again = blog.import(&exported).await;
    assert_eq!(again.unchanged, 1, "{again}");

    // It was published once, so a new title still does not move it.
    let retitle = PostChanges {
        title: Some("A new title".into()),
        ..Default::default()
    };
    let renamed = blog
        .posts
        .update(author, "once-public", Scope::WithDrafts, retitle)
        .await
        .unwrap();
    assert_eq!(renamed.summary.slug, "once-public");
}

/// A scheduled post leaves as a draft with its time in `[extra] publish_at`, the report says
/// so, and `blog import` schedules it again for the same moment.
#[tokio::test]
async fn a_scheduled_post_keeps_its_time_through_an_export_and_the_report_says_so() {
    let blog = Blog::new().await;
    let at = blog::server::clock::Clock::system().now_millis() + 7 * 24 * 3600 * 1000;
    blog.posts
        .create(
            blog.admin.id,
            PostDraft {
                title: "Next week".into(),
                body: "Soon.".into(),
                ..Default::default()
            },
            Publication::Scheduled { at },
        )
        .await
        .unwrap();

    let exported = blog.dir.path().join("exported");
    let summary = blog.export(&exported).await;
    assert_eq!(summary.scheduled, ["next-week"]);
    assert!(summary.to_string().contains("1 scheduled"), "{summary}");
    let file = std::fs::read_to_string(exported.join("next-week.md")).unwrap();
    let header = file
        .strip_prefix("+++\n")
        .and_then(|rest| rest.split_once("+++\n"))
        .unwrap()
        .0;
    let toml: toml::Table = toml::from_str(header).unwrap();
    assert_eq!(
        toml["draft"].as_bool(),
        Some(true),
        "Zola keeps it unpublished"
    );
    assert!(toml["extra"]["publish_at"].is_datetime(), "{header}");

    let copy = Blog::new().await;
    let imported = copy.import(&exported).await;
    assert_eq!(imported.created, 1, "{imported}");
    let moved = everything(&copy.posts).await;
    assert_eq!(moved[0].status, PostStatus::Draft);
    assert_eq!(
        moved[0].publish_at,
        Some(at),
        "scheduled for the same moment"
    );
    // Imported again: nothing to do.
    assert_eq!(copy.import(&exported).await.unchanged, 1);
}

/// A file whose slug is a post written on the site replaces it, and the report names it.
#[tokio::test]
async fn an_import_over_a_post_written_on_the_site_says_so_by_name() {
    let blog = Blog::new().await;
    blog.posts
        .create(
            blog.admin.id,
            PostDraft {
                title: "About".into(),
                body: "Written in the browser.".into(),
                ..Default::default()
            },
            PostStatus::Published,
        )
        .await
        .unwrap();
    let folder = blog.write("about.md", "+++\ntitle = \"About\"\n+++\nFrom a file.");
    let first = blog.import(&folder).await;
    assert_eq!(
        (first.updated, first.replaced.clone()),
        (1, vec!["about".to_owned()])
    );
    assert!(
        first.to_string().contains("written on the site since"),
        "{first}"
    );
    assert!(first.to_string().contains("about"), "{first}");

    // Changed in the file again: an update of what an import wrote, nothing replaced.
    let folder = blog.write(
        "about.md",
        "+++\ntitle = \"About\"\n+++\nFrom a file, again.",
    );
    let second = blog.import(&folder).await;
    assert_eq!((second.updated, second.replaced.len()), (1, 0), "{second}");
}
