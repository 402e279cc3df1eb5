//! `blog export`: every post written out as Markdown with front matter that `blog import`
//! (and Zola) read back into the same posts.

use blog::{
    model::{PostDraft, PostStatus, Publication},
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

    let exported = original.dir.path().join("exported");
    let summary = original.export(&exported).await;
    assert_eq!(summary.written, 5);

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
        (5, 0),
        "{imported}"
    );
    assert_eq!(
        everything(&copy.posts).await,
        everything(&original.posts).await
    );

    let again = original.import(&exported).await;
    assert_eq!(again.unchanged, 5, "{again}");
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
