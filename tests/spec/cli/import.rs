//! `blog import`: Markdown files with Zola (TOML) or Hugo and Jekyll (YAML) front matter
//! become posts, again and again without duplicates; drafts stay private; a bad file is
//! reported and the rest imported.

use blog::{
    model::{PostStatus, Role},
    server::{
        doors::cli::{import, user},
        settings::Registration,
    },
};

use super::{Blog, HUGO, JAN_2_2024, ZOLA, accounts, database};
use crate::common::PASSWORD;

#[tokio::test]
async fn toml_and_yaml_front_matter_become_posts() {
    let blog = Blog::new().await;
    blog.write("zola.md", ZOLA);
    let folder = blog.write("nested/hugo.md", HUGO);

    let summary = blog.import(&folder).await;
    assert_eq!((summary.created, summary.failures.len()), (2, 0));

    let zola = blog.post("zola").await;
    assert_eq!(zola.summary.title, "Hello from Zola");
    assert_eq!(zola.summary.description, "A TOML post");
    assert_eq!(zola.summary.tags, ["Rust", "zola"]);
    assert_eq!(zola.summary.status, PostStatus::Published);
    let written = JAN_2_2024 + 37_800_000; // 10:30
    assert_eq!(zola.summary.published.unwrap().millis, written);
    assert_eq!(zola.summary.created.millis, written);
    assert_eq!(zola.summary.updated.millis, JAN_2_2024 + 86_400_000);
    assert_eq!(zola.summary.author.username, "admin");
    assert_eq!(zola.body, "Some *Markdown* here.\n");
    assert!(
        zola.body_html.contains("<em>Markdown</em>"),
        "{}",
        zola.body_html
    );

    let hugo = blog.post("hugo-post").await;
    assert_eq!(hugo.summary.title, "Hello from Hugo");
    assert_eq!(hugo.summary.description, "A YAML post");
    assert_eq!(hugo.summary.tags, ["go", "hugo"]);
    assert_eq!(hugo.summary.published.unwrap().millis, JAN_2_2024);
    assert!(hugo.body_html.contains("<strong>body</strong>"));
}

#[tokio::test]
async fn jekyll_file_names_give_the_date_and_the_slug() {
    let blog = Blog::new().await;
    let folder = blog.write(
        "_posts/2024-01-02-my-post.md",
        "---\nlayout: post\ntitle: My post\ntags: rust web\n---\nJekyll body\n",
    );

    blog.import(&folder).await;

    let post = blog.post("my-post").await;
    assert_eq!(post.summary.published.unwrap().millis, JAN_2_2024);
    assert_eq!(post.summary.tags, ["rust", "web"]);
}

#[tokio::test]
async fn a_chinese_title_without_a_slug_gets_a_readable_one() {
    let blog = Blog::new().await;
    let folder = blog.write("你好世界.md", "+++\ntitle = \"你好，世界\"\n+++\n正文\n");

    blog.import(&folder).await;

    let post = blog.post("ni-hao-shi-jie").await;
    assert_eq!(post.summary.title, "你好，世界");
    assert_eq!(blog.public_slugs().await, ["ni-hao-shi-jie"]);
}

#[tokio::test]
async fn importing_again_creates_no_duplicates_and_updates_what_changed() {
    let blog = Blog::new().await;
    blog.write("zola.md", ZOLA);
    let folder = blog.write("hugo.md", HUGO);
    blog.import(&folder).await;

    let again = blog.import(&folder).await;
    assert_eq!(
        (again.created, again.updated, again.unchanged),
        (0, 0, 2),
        "{again}"
    );
    assert_eq!(blog.public_slugs().await, ["hugo-post", "zola"]);

    blog.write(
        "zola.md",
        &ZOLA.replace("Some *Markdown*", "Edited *Markdown*"),
    );
    let edited = blog.import(&folder).await;
    assert_eq!(
        (edited.created, edited.updated, edited.unchanged),
        (0, 1, 1),
        "{edited}"
    );
    assert_eq!(
        edited.to_string(),
        "imported 2 posts: 0 created, 1 updated, 1 unchanged, 0 failed"
    );
    let zola = blog.post("zola").await;
    assert_eq!(zola.body, "Edited *Markdown* here.\n");
    assert!(zola.body_html.contains("Edited"));
    assert_eq!(blog.public_slugs().await, ["hugo-post", "zola"]);
}

#[tokio::test]
async fn drafts_stay_out_of_public_lists() {
    let blog = Blog::new().await;
    blog.write(
        "zola-draft.md",
        "+++\ntitle = \"Zola draft\"\ndraft = true\n+++\n",
    );
    blog.write(
        "2024-01-02-unpublished.md",
        "---\ntitle: Jekyll draft\npublished: false\n---\nNot yet.\n",
    );
    let folder = blog.write("public.md", "+++\ntitle = \"Public\"\n+++\nHello\n");

    let summary = blog.import(&folder).await;

    assert_eq!(summary.created, 3, "{summary}");
    assert_eq!(blog.public_slugs().await, ["public"]);
    for slug in ["zola-draft", "unpublished"] {
        let draft = blog.post(slug).await;
        assert_eq!(draft.summary.status, PostStatus::Draft);
        assert_eq!(draft.summary.published, None);
        assert!(blog.posts.find(slug, None).await.is_err());
    }
    assert_eq!(
        blog.post("unpublished").await.summary.created.millis,
        JAN_2_2024
    );
}

#[tokio::test]
async fn a_file_without_a_title_is_reported_and_the_rest_imported() {
    let blog = Blog::new().await;
    blog.write("untitled.md", "+++\ndate = 2024-01-02\n+++\nNo title.\n");
    blog.write(
        "bad-date.md",
        "+++\ntitle = \"x\"\ndate = \"someday\"\n+++\n",
    );
    let folder = blog.write("fine.md", "+++\ntitle = \"Fine\"\n+++\nHello\n");

    let summary = blog.import(&folder).await;

    assert_eq!(summary.created, 1);
    let failed: Vec<_> = summary
        .failures
        .iter()
        .map(|failure| (failure.path.to_str().unwrap(), failure.problem.as_str()))
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert_eq!(failed[0].0, "bad-date.md");
    assert!(failed[0].1.contains("date"), "{}", failed[0].1);
    assert_eq!(failed[1].0, "untitled.md");
    assert!(failed[1].1.contains("title"), "{}", failed[1].1);
    assert_eq!(blog.public_slugs().await, ["fine"]);
}

#[tokio::test]
async fn posts_belong_to_the_named_author_and_someone_must_own_them() {
    let blog = Blog::new().await;
    user::create(
        &blog.accounts,
        "writer".into(),
        "writer@example.com".into(),
        PASSWORD.into(),
        Role::Author,
    )
    .await
    .unwrap();
    let folder = blog.write("post.md", "+++\ntitle = \"Post\"\n+++\nHello\n");

    import::run(
        &blog.posts,
        &blog.accounts,
        &blog.media,
        &folder,
        Some("Writer"),
    )
    .await
    .unwrap();
    assert_eq!(blog.post("post").await.summary.author.username, "writer");

    let unknown = import::run(
        &blog.posts,
        &blog.accounts,
        &blog.media,
        &folder,
        Some("nobody"),
    )
    .await;
    assert!(matches!(unknown, Err(import::ImportError::NoSuchAuthor(_))));

    let empty = tempfile::tempdir().unwrap();
    let empty_db = database(empty.path()).await;
    let empty_accounts = accounts(&empty_db, Registration::Open);
    let no_admin = import::run(
        &blog::server::doors::cli::posts(&empty_db, &empty_accounts),
        &empty_accounts,
        &blog.media,
        &folder,
        None,
    )
    .await;
    assert!(matches!(no_admin, Err(import::ImportError::NoAdmin)));
}

#[tokio::test]
async fn imported_posts_can_be_searched_at_once() {
    use blog::server::{
        clock::Clock,
        content::{Page, Search},
        db::Backend,
    };
    let blog = Blog::new().await;
    let folder = blog.write("zola.md", ZOLA);
    blog.import(&folder).await;
    let search = Search::new(blog.db.clone(), Backend::Sqlite, Clock::system());

    let results = search
        .find("markdown", None, Page::default())
        .await
        .unwrap();
    let titles: Vec<&str> = results
        .hits
        .iter()
        .map(|hit| hit.post.title.as_str())
        .collect();
    assert_eq!(titles, ["Hello from Zola"]);
    // `blog search rebuild` makes the same index again.
    assert_eq!(search.rebuild().await.unwrap(), 1);
    let again = search.find("zola", None, Page::default()).await.unwrap();
    assert_eq!(again.total, 1);
}
