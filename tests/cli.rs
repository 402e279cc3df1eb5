//! The command line's work, through the functions `blog user create`, `blog import` and
//! `blog export` call, against a real SQLite file.

use std::path::Path;

use blog::{
    model::{PostStatus, Role},
    server::{
        accounts::{Account, Accounts, NewAccount, passwords::PasswordHasher},
        cli::{export, import, user},
        clock::Clock,
        content::{
            Page, Posts,
            archive::{self, ArchivedPost},
            posts::{ListFilter, PostChanges},
        },
        db::{self, Db},
        error::DomainError,
        settings::{DatabaseSettings, Registration},
    },
};
use tempfile::TempDir;

const PASSWORD: &str = "correct horse battery";
/// 2024-01-02T00:00:00Z in Unix milliseconds.
const JAN_2_2024: i64 = 1_704_153_600_000;

/// A fresh database with one admin, in a folder that also holds the files a test writes.
struct Blog {
    dir: TempDir,
    db: Db,
    accounts: Accounts,
    posts: Posts,
    admin: Account,
}

fn accounts(db: &Db, registration: Registration) -> Accounts {
    let hasher = PasswordHasher::new(2, std::time::Duration::from_secs(30));
    Accounts::new(db.clone(), Clock::system(), hasher, registration)
}

impl Blog {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let accounts = accounts(&db, Registration::Open);
        let posts = Posts::new(db.clone(), Clock::system(), accounts.clone());
        let admin = user::create(
            &accounts,
            "admin".into(),
            "admin@example.com".into(),
            PASSWORD.into(),
            Role::Admin,
        )
        .await
        .unwrap();
        Self {
            dir,
            db,
            accounts,
            posts,
            admin,
        }
    }

    /// Writes a file under `posts/` and returns that folder.
    fn write(&self, name: &str, text: &str) -> std::path::PathBuf {
        let folder = self.dir.path().join("posts");
        let path = folder.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        folder
    }

    async fn import(&self, folder: &Path) -> import::ImportSummary {
        import::run(&self.db, &self.accounts, folder, None)
            .await
            .unwrap()
    }

    async fn post(&self, slug: &str) -> blog::model::Post {
        self.posts
            .find(slug, Some(self.admin.id))
            .await
            .unwrap_or_else(|error| panic!("post {slug}: {error}"))
    }

    async fn public_slugs(&self) -> Vec<String> {
        let page = self
            .posts
            .list(&ListFilter::default(), None, Page::default())
            .await
            .unwrap();
        let mut slugs: Vec<String> = page.posts.into_iter().map(|post| post.slug).collect();
        slugs.sort();
        slugs
    }
}

/// A new SQLite database in `dir`, with the schema and no accounts.
async fn database(dir: &Path) -> Db {
    db::connect(&DatabaseSettings {
        url: format!("sqlite://{}/blog.db", dir.display()),
        max_connections: 2,
    })
    .await
    .unwrap()
}

const ZOLA: &str = r#"+++
title = "Hello from Zola"
description = "A TOML post"
date = 2024-01-02T10:30:00Z
updated = 2024-01-03

[taxonomies]
tags = ["Rust", "zola"]
+++

Some *Markdown* here.
"#;

const HUGO: &str = r#"---
title: "Hello from Hugo"
slug: Hugo Post
date: 2024-01-02T00:00:00+00:00
lastmod: 2024-02-01 12:00:00
summary: A YAML post
tags:
  - go
  - hugo
draft: false
---
Hugo **body**.
"#;

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

    import::run(&blog.db, &blog.accounts, &folder, Some("Writer"))
        .await
        .unwrap();
    assert_eq!(blog.post("post").await.summary.author.username, "writer");

    let unknown = import::run(&blog.db, &blog.accounts, &folder, Some("nobody")).await;
    assert!(matches!(unknown, Err(import::ImportError::NoSuchAuthor(_))));

    let empty = tempfile::tempdir().unwrap();
    let empty_db = database(empty.path()).await;
    let no_admin = import::run(
        &empty_db,
        &accounts(&empty_db, Registration::Open),
        &folder,
        None,
    )
    .await;
    assert!(matches!(no_admin, Err(import::ImportError::NoAdmin)));
}

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
            blog::model::PostDraft {
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
    let summary = export::run(&original.db, &exported).await.unwrap();
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
    assert_eq!(everything(&copy.db).await, everything(&original.db).await);

    let again = original.import(&exported).await;
    assert_eq!(again.unchanged, 5, "{again}");
}

async fn everything(db: &Db) -> Vec<ArchivedPost> {
    let mut posts = archive::all(db).await.unwrap();
    posts.sort_by(|a, b| a.slug.cmp(&b.slug));
    posts
}

#[tokio::test]
async fn user_create_makes_an_admin_who_can_sign_in_while_registration_is_closed() {
    let blog = Blog::new().await;
    let refused = accounts(&blog.db, Registration::Closed)
        .sign_up(NewAccount {
            username: "someone".into(),
            email: "someone@example.com".into(),
            password: PASSWORD.into(),
        })
        .await;
    assert!(matches!(refused, Err(DomainError::RegistrationClosed)));

    let created = user::create(
        &blog.accounts,
        "boss".into(),
        "boss@example.com".into(),
        PASSWORD.into(),
        Role::Admin,
    )
    .await
    .unwrap();
    assert_eq!(created.role, Role::Admin);

    let signed_in = blog.accounts.authenticate("boss", PASSWORD).await.unwrap();
    assert_eq!(signed_in.id, created.id);
    assert_eq!(signed_in.role, Role::Admin);

    let invalid = user::create(
        &blog.accounts,
        "bad name!".into(),
        "x@example.com".into(),
        PASSWORD.into(),
        Role::Author,
    )
    .await;
    assert!(matches!(
        invalid,
        Err(DomainError::Invalid {
            field: "username",
            ..
        })
    ));
}

#[tokio::test]
async fn an_unpublished_post_exports_and_imports_back_unchanged_keeping_its_address() {
    let blog = Blog::new().await;
    let author = blog.admin.id;
    let post = blog
        .posts
        .create(
            author,
            blog::model::PostDraft {
                title: "Once public".into(),
                body: "Then taken down.".into(),
                ..Default::default()
            },
            PostStatus::Published,
        )
        .await
        .unwrap();
    let unpublish = PostChanges {
        status: Some(PostStatus::Draft),
        ..Default::default()
    };
    blog.posts
        .update(author, &post.summary.slug, unpublish)
        .await
        .unwrap();

    let exported = blog.dir.path().join("exported");
    export::run(&blog.db, &exported).await.unwrap();
    let again = blog.import(&exported).await;
    assert_eq!(again.unchanged, 1, "{again}");

    // It was published once, so a new title still does not move it.
    let retitle = PostChanges {
        title: Some("A new title".into()),
        ..Default::default()
    };
    let renamed = blog
        .posts
        .update(author, "once-public", retitle)
        .await
        .unwrap();
    assert_eq!(renamed.summary.slug, "once-public");
}
