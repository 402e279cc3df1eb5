//! Reading and writing the RealWorld contract's JSON: new users, articles, lists and dates.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{Client, PASSWORD, Reply, RestApi};

/// The body of `POST /api/users` for `<username>@example.com` with [`PASSWORD`].
pub fn new_user(username: &str) -> Value {
    json!({"user": {
        "username": username,
        "email": format!("{username}@example.com"),
        "password": PASSWORD,
    }})
}

pub fn slug(article: &Value) -> String {
    article["slug"].as_str().expect("article.slug").to_owned()
}

/// Where an article lives: `/api/articles/<slug>`.
pub fn article_uri(article: &Value) -> String {
    format!("/api/articles/{}", slug(article))
}

/// The slugs of a multiple-articles reply, in order.
#[track_caller]
pub fn slugs(reply: &Reply) -> Vec<String> {
    reply.assert_status(StatusCode::OK);
    let articles = reply.body["articles"].as_array().expect("articles array");
    articles.iter().map(slug).collect()
}

/// `articlesCount`: every match, not just this page.
#[track_caller]
pub fn count(reply: &Reply) -> i64 {
    reply.body["articlesCount"]
        .as_i64()
        .unwrap_or_else(|| panic!("articlesCount in {reply:?}"))
}

/// An RFC 3339 date in UTC (`…Z`), as the contract wants them.
#[track_caller]
pub fn assert_rfc3339_utc(value: &Value) -> jiff::Timestamp {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("a date string: {value}"));
    assert!(text.ends_with('Z'), "UTC with a Z: {text}");
    text.parse()
        .unwrap_or_else(|error| panic!("RFC 3339 {text}: {error}"))
}

impl Client<'_, RestApi> {
    pub async fn login(self, email: &str, password: &str) -> Reply {
        let body = json!({"user": {"email": email, "password": password}});
        self.post("/api/users/login", body).await
    }

    /// Publishes an article ("About <title>", "The body of *<title>*.") and returns it.
    pub async fn create_article(self, title: &str, tags: &[&str]) -> Value {
        let body = json!({"article": {
            "title": title,
            "description": format!("About {title}"),
            "body": format!("The body of *{title}*."),
            "tagList": tags,
        }});
        let reply = self.post("/api/articles", body).await;
        reply.assert_status(StatusCode::CREATED);
        reply.body["article"].clone()
    }
}
