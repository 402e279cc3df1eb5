//! The command line's work, through the functions `blog user create`, `blog import` and
//! `blog export` call, against a SQLite file of its own (whatever database the rest of the
//! suite runs on).

mod export;
mod images;
mod import;
mod users;

use std::path::{Path, PathBuf};

use blog::{
    model::{Post, Role},
    server::{
        accounts::{Account, Accounts, passwords::PasswordHasher},
        changes::Changes,
        clock::Clock,
        content::{Page, Posts, posts::ListFilter},
        db::{self, Db},
        doors::cli::{import::ImportSummary, user},
        media::Media,
        settings::{DatabaseSettings, Registration, Settings, SiteSettings},
        site::LiveSite,
    },
};
use tempfile::TempDir;

use crate::common::PASSWORD;

/// 2024-01-02T00:00:00Z in Unix milliseconds.
pub const JAN_2_2024: i64 = 1_704_153_600_000;

/// A fresh database with one admin, in a folder that also holds the files a test writes.
pub struct Blog {
    pub dir: TempDir,
    pub db: Db,
    pub accounts: Accounts,
    pub posts: Posts,
    pub media: Media,
    pub admin: Account,
}

pub fn accounts(db: &Db, registration: Registration) -> Accounts {
    let hasher = PasswordHasher::new(2, std::time::Duration::from_secs(30));
    Accounts::new(
        db.clone(),
        Clock::system(),
        hasher,
        LiveSite::new(SiteSettings {
            registration,
            ..Settings::default().site
        }),
        Changes::new(),
    )
}

impl Blog {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let accounts = accounts(&db, Registration::Open);
        let posts = Posts::new(
            db.clone(),
            Clock::system(),
            accounts.clone(),
            Changes::new(),
        );
        let mut settings = Settings::default();
        settings.media.folder = dir.path().join("media-store");
        let media = blog::server::doors::cli::media(&db, &settings, &accounts).unwrap();
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
            media,
            admin,
        }
    }

    /// Writes bytes under `posts/` (an image beside the posts) and returns that folder.
    pub fn write_bytes(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let folder = self.dir.path().join("posts");
        let path = folder.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        folder
    }

    pub async fn export(&self, dir: &Path) -> blog::server::doors::cli::export::ExportSummary {
        blog::server::doors::cli::export::run(&self.posts, &self.media, dir)
            .await
            .unwrap()
    }

    /// Writes a file under `posts/` and returns that folder.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let folder = self.dir.path().join("posts");
        let path = folder.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        folder
    }

    pub async fn import(&self, folder: &Path) -> ImportSummary {
        blog::server::doors::cli::import::run(
            &self.posts,
            &self.accounts,
            &self.media,
            folder,
            None,
        )
        .await
        .unwrap()
    }

    pub async fn post(&self, slug: &str) -> Post {
        self.posts
            .find(slug, Some(self.admin.id))
            .await
            .unwrap_or_else(|error| panic!("post {slug}: {error}"))
    }

    pub async fn public_slugs(&self) -> Vec<String> {
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
pub async fn database(dir: &Path) -> Db {
    db::connect(&DatabaseSettings {
        url: format!("sqlite://{}/blog.db", dir.display()),
        max_connections: 2,
    })
    .await
    .unwrap()
}

pub const ZOLA: &str = r#"+++
title = "Hello from Zola"
description = "A TOML post"
date = 2024-01-02T10:30:00Z
updated = 2024-01-03

[taxonomies]
tags = ["Rust", "zola"]
+++

Some *Markdown* here.
"#;

pub const HUGO: &str = r#"---
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
