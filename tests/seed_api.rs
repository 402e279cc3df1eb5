//! The seed's Flask-JWT quick start, replayed against the blog, and tokens that must fail.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

fn post_json(uri: &str, body: Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn protected(authorization: Option<String>) -> Request<Body> {
    let mut request = Request::get("/protected");
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    request.body(Body::empty()).unwrap()
}

async fn json_body(response: axum::http::Response<Body>) -> Value {
    serde_json::from_str(&body_text(response).await).unwrap()
}

#[tokio::test]
async fn the_seed_transcript_runs_unchanged() {
    let app = TestApp::new().await;
    app.register("joe").await;

    // http POST :3000/auth username=joe password=...
    let response = app
        .send(post_json(
            "/auth",
            json!({"username": "joe", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_body(response).await;
    let token = body["access_token"].as_str().unwrap().to_owned();
    assert!(
        body["refresh_token"]
            .as_str()
            .is_some_and(|t| t.len() == 64)
    );
    assert_eq!(body["expires_in"], 900);

    // http GET :3000/protected Authorization:"JWT <token>"
    let response = app.send(protected(Some(format!("JWT {token}")))).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_text(response).await, r#"User(id="1")"#);

    // http GET :3000/protected
    let response = app.send(protected(None)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response.headers()[header::WWW_AUTHENTICATE],
        r#"JWT realm="Login Required""#
    );
    assert_eq!(
        json_body(response).await,
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
    app.register("joe").await;
    for body in [
        json!({"username": "joe", "password": "wrong password"}),
        json!({"username": "nobody", "password": PASSWORD}),
        json!({"username": "joe"}),
    ] {
        let response = app.send(post_json("/auth", body)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            json_body(response).await,
            json!({"description": "Invalid credentials", "error": "Bad Request", "status_code": 401})
        );
    }
    let response = app
        .send(
            Request::post("/auth")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_body(response).await["status_code"], 400);
}

#[tokio::test]
async fn every_authorization_scheme_is_accepted() {
    let app = TestApp::new().await;
    let joe = app.register("joe").await;
    for scheme in ["JWT", "Bearer", "Token", "bearer"] {
        let response = app
            .send(protected(Some(format!("{scheme} {}", joe.access_token))))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{scheme}");
    }
    let response = app
        .send(protected(Some(format!("Basic {}", joe.access_token))))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[derive(serde::Serialize)]
struct Claims<'a> {
    sub: &'a str,
    sid: &'a str,
    iat: u64,
    nbf: u64,
    exp: u64,
    iss: &'a str,
    aud: &'a str,
    jti: &'a str,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims<'a>(iss: &'a str, aud: &'a str) -> Claims<'a> {
    Claims {
        sub: "1",
        sid: "session",
        iat: now(),
        nbf: now(),
        exp: now() + 600,
        iss,
        aud,
        jti: "x",
    }
}

#[tokio::test]
async fn forged_and_broken_tokens_are_401_never_500() {
    let app = TestApp::new().await;
    let joe = app.register("joe").await;
    let secret = std::fs::read_to_string(app.dir.path().join("jwt-secret"))
        .unwrap()
        .trim()
        .as_bytes()
        .to_vec();
    let sign = |claims: &Claims, key: &[u8]| {
        encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(key),
        )
        .unwrap()
    };
    let (head, rest) = joe.access_token.split_once('.').unwrap();
    let (payload, signature) = rest.split_once('.').unwrap();
    let flipped = {
        let mut chars: Vec<char> = signature.chars().collect();
        chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
        chars.into_iter().collect::<String>()
    };
    let unsigned_header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
    let bad_tokens = [
        ("garbage", "not-a-token".to_owned()),
        ("tampered signature", format!("{head}.{payload}.{flipped}")),
        ("alg none", format!("{unsigned_header}.{payload}.")),
        (
            "wrong key",
            sign(
                &claims("rust-blog", "rust-blog"),
                b"another key, 32 bytes or longer!!",
            ),
        ),
        (
            "wrong issuer",
            sign(&claims("someone-else", "rust-blog"), &secret),
        ),
        (
            "wrong audience",
            sign(&claims("rust-blog", "someone-else"), &secret),
        ),
    ];
    for (what, token) in bad_tokens {
        let response = app.send(protected(Some(format!("JWT {token}")))).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{what} on /protected"
        );
        let body = json_body(response).await;
        assert_eq!(body["error"], "Invalid token", "{what}");

        let response = app.call("/rpc/auth/me", &[], Some(&token), None).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{what} on a server function"
        );
    }
    // A genuine token without the required issuer claim at all.
    #[derive(serde::Serialize)]
    struct NoIssuer<'a> {
        sub: &'a str,
        sid: &'a str,
        nbf: u64,
        exp: u64,
        aud: &'a str,
    }
    let token = encode(
        &Header::new(Algorithm::HS256),
        &NoIssuer {
            sub: "1",
            sid: "s",
            nbf: now(),
            exp: now() + 600,
            aud: "rust-blog",
        },
        &EncodingKey::from_secret(&secret),
    )
    .unwrap();
    let response = app.send(protected(Some(format!("JWT {token}")))).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "missing iss");
}

#[tokio::test]
async fn the_http_refresh_takes_the_token_from_the_body_or_the_cookie() {
    let app = TestApp::new().await;
    let joe = app.register("joe").await;
    let refresh = joe.refresh_cookie.clone().unwrap();
    let response = app
        .send(post_json(
            "/auth/refresh",
            json!({"refresh_token": refresh}),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_body(response).await;
    let rotated = body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(rotated, refresh, "rotate is the default policy");

    let response = app
        .send(
            Request::post("/auth/refresh")
                .header(header::COOKIE, format!("blog_refresh={rotated}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    let response = app
        .send(post_json(
            "/auth/refresh",
            json!({"refresh_token": "0".repeat(64)}),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json_body(response).await["error"], "Invalid token");
}
