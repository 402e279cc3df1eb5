//! The seed's Flask-JWT quick start (`POST /auth`, `GET /protected`, `POST /auth/refresh`),
//! replayed against the blog unchanged, with Flask-JWT's error shape.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn the_seed_transcript_runs_unchanged() {
    let app = TestApp::new().await;
    app.user("joe").await;

    // http POST :3000/auth username=joe password=...
    let reply = app
        .seed()
        .post("/auth", json!({"username": "joe", "password": PASSWORD}))
        .await;
    let body = reply.ok();
    let token = body["access_token"].as_str().unwrap();
    let refresh = body["refresh_token"].as_str().unwrap_or_default();
    assert_eq!(refresh.len(), 64, "{body}");
    assert_eq!(body["expires_in"], 900);

    // http GET :3000/protected Authorization:"JWT <token>"
    let reply = app.seed().token(token).get("/protected").await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(reply.text(), r#"User(id="1")"#);

    // http GET :3000/protected
    let reply = app.seed().get("/protected").await;
    reply.assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(
        reply.header("www-authenticate"),
        Some(r#"JWT realm="Login Required""#)
    );
    assert_eq!(
        reply.body,
        json!({
            "description": "Request does not contain an access token",
            "error": "Authorization Required",
            "status_code": 401
        })
    );
}

#[tokio::test]
async fn bad_credentials_on_auth_are_401_in_flask_jwt_shape() {
    let app = TestApp::new().await;
    app.user("joe").await;
    for body in [
        json!({"username": "joe", "password": "wrong password"}),
        json!({"username": "nobody", "password": PASSWORD}),
        json!({"username": "joe"}),
    ] {
        let reply = app.seed().post("/auth", body).await;
        reply.assert_status(StatusCode::UNAUTHORIZED);
        assert_eq!(
            reply.body,
            json!({"description": "Invalid credentials", "error": "Bad Request", "status_code": 401})
        );
    }
    let not_json = Some(("application/json", "{not json".to_owned()));
    let reply = app.seed().send(Method::POST, "/auth", not_json).await;
    reply.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["status_code"], 400);
    // JSON without `Content-Type: application/json` (curl's `-d` says form): 400, in
    // Flask-JWT's shape, as docs/auth.md shows.
    let credentials = json!({"username": "joe", "password": "pass"}).to_string();
    let untyped = Some(("application/x-www-form-urlencoded", credentials));
    let reply = app.seed().send(Method::POST, "/auth", untyped).await;
    reply.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["error"], "Bad Request", "{reply:?}");
    assert_eq!(reply.body["status_code"], 400, "{reply:?}");
}

#[tokio::test]
async fn the_http_refresh_takes_the_token_from_the_body_or_the_cookie() {
    let app = TestApp::new().await;
    let joe = app.user("joe").await;
    let body = json!({"refresh_token": joe.refresh_token});
    let reply = app.seed().post("/auth/refresh", body).await.ok();
    let rotated = reply["refresh_token"].as_str().unwrap();
    assert_ne!(rotated, joe.refresh_token, "rotate is the default policy");

    app.seed()
        .refresh_cookie(rotated)
        .post_empty("/auth/refresh")
        .await
        .assert_status(StatusCode::OK);

    let unknown = json!({"refresh_token": "0".repeat(64)});
    let reply = app.seed().post("/auth/refresh", unknown).await;
    reply.assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(reply.body["error"], "Invalid token");
}

#[tokio::test]
async fn a_refresh_body_that_is_not_an_object_with_a_string_token_is_400() {
    let app = TestApp::new().await;
    let joe = app.user("joe").await;
    for body in [
        json!([joe.refresh_token]),
        json!("a string"),
        json!({"refresh_token": 12}),
        json!({"refresh_token": [joe.refresh_token]}),
    ] {
        for path in ["/auth/refresh", "/auth/logout"] {
            let reply = app.seed().post(path, body.clone()).await;
            reply.assert_status(StatusCode::BAD_REQUEST);
            assert_eq!(reply.body["status_code"], 400, "{path} {body}: {reply:?}");
        }
    }
    // The session is untouched: its token still refreshes.
    let body = json!({"refresh_token": joe.refresh_token});
    app.seed()
        .post("/auth/refresh", body)
        .await
        .assert_status(StatusCode::OK);
}
