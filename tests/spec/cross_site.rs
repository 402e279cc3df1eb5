//! Requests another site's page makes a visitor's browser send: every state-changing server
//! function refuses them, as the seed's `/auth` endpoints do; the REST API needs JSON, which
//! no plain form can send.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn another_sites_form_cannot_sign_a_visitor_in_or_out_or_write_for_them() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let cross_site = [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ];
    let attempts: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "auth/login",
            vec![("login", "alice"), ("password", PASSWORD)],
        ),
        ("auth/logout", vec![]),
        (
            "auth/register",
            vec![
                ("username", "mallory"),
                ("email", "m@evil.example"),
                ("password", PASSWORD),
            ],
        ),
        (
            "account/update",
            vec![
                ("email", "alice@example.com"),
                ("bio", "pwned"),
                ("image", ""),
                ("current_password", ""),
            ],
        ),
    ];
    for (endpoint, fields) in attempts {
        for (name, value) in cross_site {
            let reply = app
                .rpc()
                .by(&alice)
                .refresh_cookie(&alice.refresh_token)
                .header(name, value)
                .form(endpoint, &fields)
                .await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{endpoint} with {name}: {reply:?}"
            );
        }
    }
    // Nothing happened: alice is still signed in, with no bio, and nobody signed up.
    let me = app.rpc().by(&alice).form("auth/me", &[]).await.ok();
    assert_eq!(me["bio"], serde_json::Value::Null);
    let profile = app.api().get("/api/profiles/mallory").await;
    assert_eq!(profile.status, StatusCode::NOT_FOUND);
    // The same requests from the site's own pages go through.
    let own = app
        .rpc()
        .by(&alice)
        .browser()
        .form(
            "account/update",
            &[
                ("email", "alice@example.com"),
                ("bio", "mine"),
                ("image", ""),
                ("current_password", ""),
            ],
        )
        .await;
    assert_eq!(own.status, StatusCode::OK, "{own:?}");
}

#[tokio::test]
async fn the_api_takes_no_form_bodies_which_need_no_preflight() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let form = (
        "application/x-www-form-urlencoded",
        "user[bio]=pwned".to_owned(),
    );
    let reply = app
        .api()
        .by(&alice)
        .header("sec-fetch-site", "cross-site")
        .send(Method::PUT, "/api/user", Some(form))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{reply:?}"
    );
    let seed = app
        .seed()
        .header("sec-fetch-site", "cross-site")
        .post("/auth", json!({"username": "alice", "password": PASSWORD}))
        .await;
    assert_eq!(seed.status, StatusCode::FORBIDDEN, "{seed:?}");
}
