//! Two-step sign-in with an authenticator app (TOTP) and recovery codes, through every door:
//! a right password for a protected account yields a challenge and no token of any kind; the
//! code completes it once; wrong codes are throttled; a challenge expires; a recovery code
//! works once. Codes are computed here from the secret the account page shows, on the app's
//! own clock.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Value, json};
use totp_rs::{Builder, Secret};

use crate::common::*;

/// What the account page showed while setting up: the app's secret and the recovery codes.
pub struct Enrolled {
    pub secret: String,
    pub recovery_codes: Vec<String>,
}

/// Turns two-step sign-in on for `who` as the account page does: a secret, then a first code.
pub async fn enrol(app: &TestApp, who: &SignedIn) -> Enrolled {
    let setup = app
        .rpc()
        .by(who)
        .form(
            "account/second-factor/totp",
            &[("current_password", PASSWORD)],
        )
        .await;
    let setup = setup.ok();
    let secret = setup["secret"]
        .as_str()
        .expect("the secret as text")
        .to_owned();
    assert!(
        setup["uri"]
            .as_str()
            .is_some_and(|uri| uri.starts_with("otpauth://totp/") && uri.contains(&secret)),
        "{setup}"
    );
    let confirmed = app
        .rpc()
        .by(who)
        .form(
            "account/second-factor/totp/confirm",
            &[("code", &code_now(app, &secret))],
        )
        .await;
    let recovery_codes: Vec<String> =
        serde_json::from_value(confirmed.ok()).expect("the recovery codes, shown once");
    assert_eq!(recovery_codes.len(), 10);
    // The first code was used to confirm: the next sign-in needs the next one.
    app.advance(Duration::from_secs(30));
    Enrolled {
        secret,
        recovery_codes,
    }
}

/// The code an authenticator app shows now, by the app's clock.
fn code_now(app: &TestApp, secret: &str) -> String {
    let totp = Builder::new()
        .with_secret(Secret::try_from_base32(secret).expect("a base32 secret"))
        .build()
        .expect("RFC 6238 parameters");
    let seconds = u64::try_from(app.state.clock.now_millis() / 1000).unwrap();
    totp.generate(seconds).to_string()
}

/// Asserts the answer carries no token of any kind: no header, no cookie, nothing in the body.
#[track_caller]
fn assert_no_token(reply: &Reply) {
    assert_eq!(reply.access_token(), None, "{reply:?}");
    assert_eq!(reply.refresh_header(), None, "{reply:?}");
    assert_eq!(reply.refresh_cookie(), None, "{reply:?}");
    let body = reply.body.to_string();
    for key in ["access_token", "refresh_token", "\"token\""] {
        assert!(!body.contains(key), "{key} in {body}");
    }
}

/// The challenge in a "second factor required" answer.
#[track_caller]
fn challenge_of(reply: &Reply) -> String {
    let required = &reply.body["second_factor_required"];
    assert_eq!(required["expires_in"], 300, "{reply:?}");
    required["challenge"]
        .as_str()
        .unwrap_or_else(|| panic!("a challenge: {reply:?}"))
        .to_owned()
}

/// The sign-in page's second step, from the browser.
async fn rpc_code(app: &TestApp, challenge: &str, code: &str) -> Reply {
    app.rpc()
        .browser()
        .form(
            "auth/login/second-factor",
            &[("challenge", challenge), ("code", code)],
        )
        .await
}

pub async fn api_password(app: &TestApp, email: &str) -> Reply {
    app.api()
        .post(
            "/api/users/login",
            json!({"user": {"email": email, "password": PASSWORD}}),
        )
        .await
}

async fn api_code(app: &TestApp, challenge: &str, code: &str) -> Reply {
    app.api()
        .post(
            "/api/users/login/second-factor",
            json!({"user": {"challenge": challenge, "code": code}}),
        )
        .await
}

#[tokio::test]
async fn a_password_alone_opens_no_door_of_a_protected_account() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let enrolled = enrol(&app, &alice).await;

    // The server functions: an answer with the challenge, and no token.
    let reply = app
        .rpc()
        .browser()
        .form("auth/login", &[("login", "alice"), ("password", PASSWORD)])
        .await;
    reply.assert_status(StatusCode::OK);
    assert_no_token(&reply);
    let challenge = challenge_of(&reply);
    let reply = rpc_code(&app, &challenge, &code_now(&app, &enrolled.secret)).await;
    assert!(reply.access_token().is_some() && reply.refresh_cookie().is_some());
    assert_eq!(reply.ok()["user"]["username"], "alice");
    app.advance(Duration::from_secs(30));

    // The REST API: 401 with the challenge, then the user with its token.
    let reply = api_password(&app, &alice.email).await;
    reply.assert_status(StatusCode::UNAUTHORIZED);
    assert_no_token(&reply);
    assert_eq!(
        reply.body["second_factor_required"]["methods"],
        json!(["totp", "recovery_code"])
    );
    let challenge = challenge_of(&reply);
    let reply = api_code(&app, &challenge, &code_now(&app, &enrolled.secret)).await;
    let body = reply.ok();
    assert!(
        body["user"]["token"]
            .as_str()
            .is_some_and(|token| !token.is_empty())
    );
    app.advance(Duration::from_secs(30));

    // The seed's `POST /auth`: 401 in Flask-JWT's shape, then the same endpoint with the code.
    let reply = app
        .seed()
        .post("/auth", json!({"username": "alice", "password": PASSWORD}))
        .await;
    reply.assert_status(StatusCode::UNAUTHORIZED);
    assert_no_token(&reply);
    assert_eq!(reply.body["status_code"], 401);
    let challenge = challenge_of(&reply);
    let reply = app
        .seed()
        .post(
            "/auth",
            json!({"challenge": challenge, "code": code_now(&app, &enrolled.secret)}),
        )
        .await;
    let body = reply.ok();
    let token = body["access_token"].as_str().expect("an access token");
    app.seed()
        .token(token)
        .get("/protected")
        .await
        .assert_status(StatusCode::OK);

    // A wrong password is still just a wrong password: no challenge to try codes against.
    let reply = app
        .api()
        .post(
            "/api/users/login",
            json!({"user": {"email": alice.email, "password": "not the password"}}),
        )
        .await;
    reply.assert_api_error(StatusCode::UNAUTHORIZED, "credentials", "invalid");
}

#[tokio::test]
async fn each_code_signs_in_once_and_a_challenge_once() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let enrolled = enrol(&app, &alice).await;
    let code = code_now(&app, &enrolled.secret);

    let challenge = challenge_of(&api_password(&app, &alice.email).await);
    api_code(&app, &challenge, &code)
        .await
        .assert_status(StatusCode::OK);
    // The same challenge again, even with a right code: it was used.
    let reply = api_code(&app, &challenge, &code).await;
    reply.assert_api_error_key(StatusCode::UNAUTHORIZED, "challenge");

    // A new sign-in, the code already used (still within its 30 seconds): refused.
    let challenge = challenge_of(&api_password(&app, &alice.email).await);
    let reply = api_code(&app, &challenge, &code).await;
    reply.assert_api_error(
        StatusCode::UNAUTHORIZED,
        "code",
        "is wrong or was used already",
    );
    assert_no_token(&reply);
    // The next step's code works, with the same challenge (a wrong code does not end it).
    app.advance(Duration::from_secs(30));
    api_code(&app, &challenge, &code_now(&app, &enrolled.secret))
        .await
        .assert_status(StatusCode::OK);
}

#[tokio::test]
async fn wrong_codes_are_throttled_and_a_new_password_step_does_not_reset_the_count() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let enrolled = enrol(&app, &alice).await;
    let right = code_now(&app, &enrolled.secret);
    let wrong = if right == "000000" {
        "000001"
    } else {
        "000000"
    };

    let mut statuses = Vec::new();
    for _ in 0..20 {
        // A thief with the password starts afresh each time: it must not help him.
        let reply = app
            .seed()
            .post("/auth", json!({"username": "alice", "password": PASSWORD}))
            .await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            statuses.push(reply.status);
            continue;
        }
        let challenge = challenge_of(&reply);
        let reply = app
            .seed()
            .post("/auth", json!({"challenge": challenge, "code": wrong}))
            .await;
        assert_no_token(&reply);
        statuses.push(reply.status);
    }
    let throttled = statuses
        .iter()
        .filter(|status| **status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        throttled >= 10,
        "20 wrong codes, throttled {throttled} times: {statuses:?}"
    );
    assert_eq!(
        statuses[0],
        StatusCode::UNAUTHORIZED,
        "the first wrong code is just wrong"
    );

    // Even the right code waits while throttled: guessing faster is not possible.
    let reply = api_password(&app, &alice.email).await;
    if reply.status == StatusCode::UNAUTHORIZED {
        let challenge = challenge_of(&reply);
        let reply = api_code(&app, &challenge, &code_now(&app, &enrolled.secret)).await;
        reply.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.header("retry-after").is_some(), "{reply:?}");
    } else {
        reply.assert_status(StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn a_challenge_expires_after_five_minutes() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let enrolled = enrol(&app, &alice).await;
    let challenge = challenge_of(&api_password(&app, &alice.email).await);
    app.advance(Duration::from_secs(5 * 60 + 1));
    let reply = api_code(&app, &challenge, &code_now(&app, &enrolled.secret)).await;
    reply.assert_api_error_key(StatusCode::UNAUTHORIZED, "challenge");
    assert_no_token(&reply);
    // The server functions say so in a way the sign-in page acts on: back to the password.
    let reply = rpc_code(&app, &challenge, &code_now(&app, &enrolled.secret)).await;
    reply.assert_error(StatusCode::UNAUTHORIZED, json!("SignInChallengeEnded"));
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_the_devices_page_says_how() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let enrolled = enrol(&app, &alice).await;
    // Typed as people type: capitals, spaces for dashes.
    let typed = enrolled.recovery_codes[3].to_uppercase().replace('-', " ");

    let challenge = challenge_of(&api_password(&app, &alice.email).await);
    let reply = api_code(&app, &challenge, &typed).await;
    let token = reply.ok()["user"]["token"].as_str().unwrap().to_owned();

    let challenge = challenge_of(&api_password(&app, &alice.email).await);
    let reply = api_code(&app, &challenge, &enrolled.recovery_codes[3]).await;
    reply.assert_api_error_key(StatusCode::UNAUTHORIZED, "code");

    let status = app
        .rpc()
        .token(&token)
        .form("account/second-factor", &[])
        .await
        .ok();
    assert_eq!(status, json!({"totp": true, "recovery_codes_left": 9}));

    let devices = app
        .rpc()
        .token(&token)
        .form("account/devices", &[])
        .await
        .ok();
    let methods: Vec<&Value> = devices
        .as_array()
        .unwrap()
        .iter()
        .map(|device| &device["sign_in_method"])
        .collect();
    assert!(methods.contains(&&json!("recovery_code")), "{devices}");
    assert!(
        methods.contains(&&json!("password")),
        "the fixture's sign-in: {devices}"
    );
}

#[tokio::test]
async fn second_factors_change_only_with_the_password_or_a_recent_sign_in() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let enrolled = enrol(&app, &alice).await;
    // Setting up a second app while one is on is refused, with the reason.
    app.rpc()
        .by(&alice)
        .form(
            "account/second-factor/totp",
            &[("current_password", PASSWORD)],
        )
        .await
        .assert_invalid("totp");

    // Long after signing in, a stolen access token alone cannot turn it off.
    let challenge = challenge_of(&api_password(&app, &alice.email).await);
    let reply = api_code(&app, &challenge, &code_now(&app, &enrolled.secret)).await;
    let token = reply.ok()["user"]["token"].as_str().unwrap().to_owned();
    app.advance(Duration::from_secs(11 * 60));
    app.rpc()
        .token(&token)
        .form("account/second-factor/off", &[])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.rpc()
        .token(&token)
        .form(
            "account/second-factor/off",
            &[("current_password", "guess")],
        )
        .await
        .assert_invalid("current_password");

    // New recovery codes replace the old ones.
    let renewed = app
        .rpc()
        .token(&token)
        .form(
            "account/second-factor/recovery-codes",
            &[("current_password", PASSWORD)],
        )
        .await
        .ok();
    assert_eq!(renewed.as_array().map(Vec::len), Some(10));
    let challenge = challenge_of(&api_password(&app, &alice.email).await);
    api_code(&app, &challenge, &enrolled.recovery_codes[0])
        .await
        .assert_api_error_key(StatusCode::UNAUTHORIZED, "code");

    // With the password, off: the password alone signs in again.
    app.rpc()
        .token(&token)
        .form(
            "account/second-factor/off",
            &[("current_password", PASSWORD)],
        )
        .await
        .assert_status(StatusCode::OK);
    let reply = api_password(&app, &alice.email).await;
    assert!(reply.ok()["user"]["token"].is_string());
}

#[tokio::test]
async fn an_admin_removes_a_members_lost_second_factor_and_the_audit_log_says_so() {
    let app = TestApp::new().await;
    let boss = app.admin("boss").await;
    let deputy = app.admin("deputy").await;
    let bob = app.user("bob").await;
    enrol(&app, &bob).await;
    enrol(&app, &deputy).await;
    let remove = |by: &SignedIn, username: &str| {
        app.rpc()
            .by(by)
            .call("admin/second-factor-off", json!({"username": username}))
    };

    // The members page says who has it.
    let page = app
        .rpc()
        .by(&boss)
        .call("admin/members", json!({"query": {"sort": "name"}}))
        .await
        .ok();
    let two_step: Vec<(&str, bool)> = page["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| {
            (
                member["username"].as_str().unwrap(),
                member["two_step"] == true,
            )
        })
        .collect();
    assert_eq!(two_step, [("bob", true), ("boss", false), ("deputy", true)]);

    // Not an author's to do; not even an admin's to do to another admin.
    remove(&bob, "deputy")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    remove(&boss, "deputy").await.assert_invalid("username");
    api_password(&app, &deputy.email)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    // Bob lost his phone and his codes: an admin removes it, and the password signs in.
    remove(&boss, "bob").await.assert_status(StatusCode::OK);
    let reply = api_password(&app, &bob.email).await;
    assert!(reply.ok()["user"]["token"].is_string());
    remove(&boss, "bob").await.assert_invalid("username");
    let log = app
        .rpc()
        .by(&boss)
        .call("admin/audit", json!({}))
        .await
        .ok();
    assert_eq!(log["entries"][0]["action"], "second factor removed");
    assert_eq!(log["entries"][0]["subject"], "bob");
    assert_eq!(log["entries"][0]["actor"], "boss");
}
