//! Test harness: the real router over a real SQLite file in a temporary folder.

#![allow(dead_code)] // each test binary uses its own part of the harness

use std::path::{Path, PathBuf};

use axum::{
    Router,
    body::Body,
    http::{Request, Response},
};
use blog::server::{router::router, serve::build_state, settings::Settings, state::AppState};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use tempfile::TempDir;
use tower::ServiceExt;

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    /// Holds the database, the secret and the fake site folder until the test ends.
    pub dir: TempDir,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_settings(|_| {}).await
    }

    pub async fn with_settings(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::build(adjust, false).await
    }

    /// As if built by cargo-leptos with `hash-files`. Pages cannot be rendered then (leptos
    /// reads the hash file beside the running binary), only `/pkg` files served.
    pub async fn with_hashed_bundle() -> Self {
        Self::build(|_| {}, true).await
    }

    async fn build(adjust: impl FnOnce(&mut Settings), hash_files: bool) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let mut settings = Settings::default();
        settings.database.url = format!("sqlite://{}/blog.db", dir.path().display());
        settings.auth.secret_file = dir.path().join("jwt-secret");
        settings.site.title = "Test Blog".into();
        adjust(&mut settings);
        let site_root = dir.path().join("site");
        std::fs::create_dir_all(site_root.join("pkg")).unwrap();
        let options = LeptosOptions::builder()
            .output_name("blog")
            .site_root(site_root.display().to_string())
            .site_pkg_dir("pkg")
            .hash_files(hash_files)
            .build();
        let state = build_state(settings, options).await.expect("app state");
        let router = router(state.clone());
        Self { state, router, dir }
    }

    pub fn site_root(&self) -> PathBuf {
        PathBuf::from(&*self.state.leptos_options.site_root)
    }

    pub fn write_site_file(&self, relative: impl AsRef<Path>, contents: &[u8]) {
        let path = self.site_root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible router")
    }

    pub async fn get(&self, uri: &str) -> Response<Body> {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }
}

pub async fn body_bytes(response: Response<Body>) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec()
}

pub async fn body_text(response: Response<Body>) -> String {
    String::from_utf8(body_bytes(response).await).expect("utf-8 body")
}
