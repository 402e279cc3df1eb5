//! Access tokens at every door: the schemes they travel in, checking them without the
//! database, forgeries and expiry refused with a 401 (never a 500), and renewal by a refresh
//! token that is never turned into a longer-lived access token.

use axum::http::StatusCode;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn rule_1_a_valid_access_token_is_served_without_the_database() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let reply = app.rpc().by(&alice).form("auth/me", &[]).await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(reply.access_token(), None, "nothing to renew");
    assert_eq!(reply.body["username"], "alice");

    // With the database gone, a valid token still passes: checking it needs no round trip.
    app.state.db.close().await;
    app.seed()
        .by(&alice)
        .get("/protected")
        .await
        .assert_status(StatusCode::OK);
}

#[tokio::test]
async fn every_door_takes_the_jwt_bearer_and_token_schemes_in_any_case() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let token = &alice.access_token;
    let schemes = [
        ("JWT", StatusCode::OK),
        ("Bearer", StatusCode::OK),
        ("Token", StatusCode::OK),
        ("bearer", StatusCode::OK),
        ("Basic", StatusCode::UNAUTHORIZED),
    ];
    for (scheme, status) in schemes {
        let authorization = format!("{scheme} {token}");
        let protected = app
            .seed()
            .header("authorization", &authorization)
            .get("/protected")
            .await;
        assert_eq!(protected.status, status, "{scheme} on /protected");
        let api = app
            .api()
            .header("authorization", &authorization)
            .get("/api/user")
            .await;
        assert_eq!(api.status, status, "{scheme} on /api/user: {api:?}");
        if status == StatusCode::OK {
            assert_eq!(api.body["user"]["username"], "alice", "{scheme}");
        }
    }
}

#[derive(serde::Serialize)]
struct Claims<'a> {
    sub: &'a str,
    sid: &'a str,
    iat: u64,
    nbf: u64,
    exp: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    iss: Option<&'a str>,
    aud: &'a str,
    jti: &'a str,
}

#[tokio::test]
async fn forged_and_broken_tokens_are_401_never_500() {
    let app = TestApp::new().await;
    let joe = app.user("joe").await;
    let secret = std::fs::read_to_string(app.dir.path().join("jwt-secret")).unwrap();
    let secret = secret.trim().as_bytes();
    let now = app.state.clock.now_seconds();
    let claims = |iss, aud| Claims {
        sub: "1",
        sid: "session",
        iat: now,
        nbf: now,
        exp: now + 600,
        iss,
        aud,
        jti: "x",
    };
    let sign = |claims: &Claims, key: &[u8]| {
        let key = EncodingKey::from_secret(key);
        encode(&Header::new(Algorithm::HS256), claims, &key).unwrap()
    };
    let (head, rest) = joe.access_token.split_once('.').unwrap();
    let (payload, signature) = rest.split_once('.').unwrap();
    let mut flipped: Vec<char> = signature.chars().collect();
    flipped[5] = if flipped[5] == 'A' { 'B' } else { 'A' };
    let flipped: String = flipped.into_iter().collect();
    let unsigned_header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
    let other_key = b"another key, 32 bytes or longer!!";
    let bad_tokens = [
        ("garbage", "not-a-token".to_owned()),
        ("tampered signature", format!("{head}.{payload}.{flipped}")),
        ("alg none", format!("{unsigned_header}.{payload}.")),
        (
            "wrong key",
            sign(&claims(Some("rust-blog"), "rust-blog"), other_key),
        ),
        (
            "wrong issuer",
            sign(&claims(Some("someone-else"), "rust-blog"), secret),
        ),
        (
            "wrong audience",
            sign(&claims(Some("rust-blog"), "someone-else"), secret),
        ),
        ("no issuer at all", sign(&claims(None, "rust-blog"), secret)),
    ];
    for (what, token) in bad_tokens {
        let reply = app.seed().token(&token).get("/protected").await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{what} on /protected"
        );
        assert_eq!(reply.body["error"], "Invalid token", "{what}");

        let reply = app.rpc().token(&token).form("auth/me", &[]).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{what} on a server function"
        );
    }
}

#[tokio::test]
async fn the_current_user_needs_a_valid_token() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;

    let missing = app.api().get("/api/user").await;
    missing.assert_api_error(StatusCode::UNAUTHORIZED, "token", "is missing");

    let garbage = app.api().token("not-a-jwt").get("/api/user").await;
    garbage.assert_api_error(StatusCode::UNAUTHORIZED, "token", "is invalid");

    // The same token with its signature altered.
    let (unsigned, signature) = alice.access_token.rsplit_once('.').unwrap();
    let first = if signature.starts_with('A') { 'B' } else { 'A' };
    let tampered = format!("{unsigned}.{first}{}", &signature[1..]);
    let reply = app.api().token(&tampered).get("/api/user").await;
    reply.assert_api_error(StatusCode::UNAUTHORIZED, "token", "is invalid");

    let update = app
        .api()
        .put("/api/user", json!({"user": {"bio": "x"}}))
        .await;
    update.assert_api_error(StatusCode::UNAUTHORIZED, "token", "is missing");
}

#[tokio::test]
async fn an_expired_token_is_401_alone_and_renewed_with_the_refresh_header() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.let_access_tokens_expire();

    let expired = app.api().by(&alice).get("/api/user").await;
    expired.assert_api_error(StatusCode::UNAUTHORIZED, "token", "has expired");

    let renewed = app
        .api()
        .by(&alice)
        .refresh_header(&alice.refresh_token)
        .get("/api/user")
        .await;
    renewed.assert_status(StatusCode::OK);
    assert_eq!(renewed.body["user"]["username"], "alice");
    let fresh = renewed
        .access_token()
        .expect("a new access token in X-Access-Token");
    assert_ne!(fresh, alice.access_token);

    let with_fresh = app.api().token(&fresh).get("/api/user").await;
    with_fresh.assert_status(StatusCode::OK);
}

#[tokio::test]
async fn the_current_user_carries_the_token_it_was_asked_with_not_a_longer_one() {
    let app = TestApp::new().await;
    let steady = app.user("steady").await;
    // A new token on every call would let a revoked session live on forever.
    let reply = app.api().by(&steady).get("/api/user").await.ok();
    assert_eq!(reply["user"]["token"], steady.access_token.as_str());
    let bio = json!({"user": {"bio": "hi"}});
    let reply = app.api().by(&steady).put("/api/user", bio).await;
    assert_eq!(reply.body["user"]["token"], steady.access_token.as_str());
}

#[tokio::test]
async fn a_rotated_secret_keeps_its_tokens_valid_while_it_is_the_previous_one() {
    let old = "an-old-secret-of-at-least-thirty-two-bytes";
    let new = "a-new-secret-of-at-least-thirty-two-bytes!";
    let before = TestApp::with_settings(|settings| settings.auth.secret = old.into()).await;
    let alice = before.user("alice").await;

    // Every server now signs with the new secret and still verifies with the old one.
    let after = TestApp::with_settings(|settings| {
        settings.database.url = before.state.settings.database.url.clone();
        settings.auth.secret = new.into();
        settings.auth.previous_secret = old.into();
    })
    .await;
    after
        .api()
        .by(&alice)
        .get("/api/user")
        .await
        .assert_status(StatusCode::OK);
    let bob = after.user("bob").await;
    let header = |token: &str| -> serde_json::Value {
        let encoded = token.split('.').next().unwrap();
        let decoded =
            base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, encoded)
                .unwrap();
        serde_json::from_slice(&decoded).unwrap()
    };
    assert_ne!(
        header(&alice.access_token)["kid"],
        header(&bob.access_token)["kid"],
        "each token names the key that signed it"
    );

    // Once the previous secret is removed, its tokens are refused; the new ones are not.
    let later = TestApp::with_settings(|settings| {
        settings.database.url = before.state.settings.database.url.clone();
        settings.auth.secret = new.into();
    })
    .await;
    later
        .api()
        .by(&alice)
        .get("/api/user")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    later
        .api()
        .by(&bob)
        .get("/api/user")
        .await
        .assert_status(StatusCode::OK);
}
