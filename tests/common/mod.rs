//! Test harness: the real router over a real SQLite file in a temporary folder.

#![allow(dead_code)] // each test binary uses its own part of the harness

use std::path::{Path, PathBuf};

use axum::{
    Router,
    body::Body,
    http::{Request, Response, StatusCode, header},
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
        settings.database.url = match std::env::var("BLOG_TEST_POSTGRES_URL") {
            Ok(server) => fresh_postgres_database(&server).await,
            Err(_) => format!("sqlite://{}/blog.db", dir.path().display()),
        };
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
        let state = build_state(settings, options, blog::server::clock::Clock::system())
            .await
            .expect("app state");
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

/// With `BLOG_TEST_POSTGRES_URL=postgres://user@host` the suites run against PostgreSQL
/// instead, each test in a new database of its own (`blog_test_<random>`, left for
/// inspection; README says how to drop them). SQLite stays the default: nothing to install.
async fn fresh_postgres_database(server: &str) -> String {
    use sqlx::Connection;
    let name = format!("blog_test_{}", blog::server::random::random_hex(8));
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("connect to the PostgreSQL test server");
    // The name is ours (hex), not input; CREATE DATABASE takes no parameters.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    format!("{server}/{name}")
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

// ---- authentication helpers ----

pub const PASSWORD: &str = "correct horse battery";

/// A browser-like client's view of a sign-in: the access token and the refresh cookie.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub access_token: String,
    pub refresh_cookie: Option<String>,
    pub body: serde_json::Value,
}

pub fn form(uri: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let body = fields
        .iter()
        .map(|(key, value)| format!("{key}={}", urlencode(value)))
        .collect::<Vec<_>>()
        .join("&");
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The refresh token from the first `Set-Cookie: blog_refresh=...` of a response.
pub fn refresh_cookie_of(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|cookie| {
            let pair = cookie.split(';').next()?;
            let value = pair.strip_prefix("blog_refresh=")?;
            (!value.is_empty()).then(|| value.to_owned())
        })
}

pub fn access_token_of(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get("x-access-token")
        .map(|value| value.to_str().unwrap().to_owned())
}

impl TestApp {
    pub async fn register(&self, username: &str) -> SignedIn {
        let email = format!("{username}@example.com");
        let response = self
            .send(form(
                "/rpc/auth/register",
                &[
                    ("username", username),
                    ("email", &email),
                    ("password", PASSWORD),
                ],
            ))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "registering {username}");
        signed_in_from(response).await
    }

    pub async fn login(&self, login: &str, password: &str) -> Response<Body> {
        self.send(form(
            "/rpc/auth/login",
            &[("login", login), ("password", password)],
        ))
        .await
    }

    /// Calls a server function as the browser app would: bearer token plus refresh cookie.
    pub async fn call(
        &self,
        uri: &str,
        fields: &[(&str, &str)],
        access_token: Option<&str>,
        refresh_cookie: Option<&str>,
    ) -> Response<Body> {
        let mut request = form(uri, fields);
        if let Some(token) = access_token {
            request.headers_mut().insert(
                header::AUTHORIZATION,
                format!("Bearer {token}").parse().unwrap(),
            );
        }
        if let Some(cookie) = refresh_cookie {
            request.headers_mut().insert(
                header::COOKIE,
                format!("blog_refresh={cookie}").parse().unwrap(),
            );
        }
        self.send(request).await
    }
}

pub async fn signed_in_from(response: Response<Body>) -> SignedIn {
    let access_token = access_token_of(&response).expect("an X-Access-Token header");
    let refresh_cookie = refresh_cookie_of(&response);
    let body: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(body["access_token"], access_token.as_str());
    SignedIn {
        access_token,
        refresh_cookie,
        body,
    }
}
