//! The seed's rules, under both refresh policies, through the real router and a real SQLite
//! file. Lifetimes are shortened through the settings (seconds, not minutes).

mod common;

use std::time::Duration;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use blog::server::settings::{RefreshPolicy, Settings};
use common::*;

const POLICIES: [RefreshPolicy; 2] = [RefreshPolicy::Fixed, RefreshPolicy::Rotate];

/// Access tokens live one second, refresh tokens `refresh` seconds; no clock leeway.
async fn app_with(policy: RefreshPolicy, refresh: u64) -> TestApp {
    TestApp::with_settings(|settings: &mut Settings| {
        settings.auth.refresh_policy = policy;
        settings.auth.access_token_lifetime = Duration::from_secs(1);
        settings.auth.refresh_token_lifetime = Duration::from_secs(refresh);
        settings.auth.clock_leeway = Duration::ZERO;
        settings.auth.refresh_reuse_grace = Duration::from_secs(2);
    })
    .await
}

/// Long enough for a one-second access token to be expired by any clock's rounding.
async fn let_access_token_expire() {
    tokio::time::sleep(Duration::from_millis(2100)).await;
}

async fn me(
    app: &TestApp,
    access: Option<&str>,
    refresh: Option<&str>,
) -> axum::http::Response<Body> {
    app.call("/rpc/auth/me", &[], access, refresh).await
}

async fn json(response: axum::http::Response<Body>) -> serde_json::Value {
    serde_json::from_str(&body_text(response).await).unwrap()
}

#[tokio::test]
async fn signing_up_hands_out_an_access_token_and_a_scoped_http_only_cookie() {
    let app = TestApp::new().await;
    let response = app
        .send(form(
            "/rpc/auth/register",
            &[
                ("username", "alice"),
                ("email", "alice@example.com"),
                ("password", PASSWORD),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookies: Vec<String> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(cookies.len(), 4, "{cookies:?}");
    assert!(cookies[3].starts_with("blog_session=1;"), "{cookies:?}");
    assert!(
        !cookies[3].contains("HttpOnly"),
        "the marker is for page scripts"
    );
    for (cookie, path) in cookies.iter().zip(["/rpc", "/auth", "/api"]) {
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains(&format!("Path={path}")), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    }
    let signed_in = signed_in_from(response).await;
    assert_eq!(signed_in.body["user"]["username"], "alice");
    assert_eq!(
        signed_in.body["user"]["role"], "admin",
        "the first user is the admin"
    );
    let bob = app.register("bob").await;
    assert_eq!(bob.body["user"]["role"], "author");
}

#[tokio::test]
async fn the_refresh_cookie_is_secure_behind_https() {
    let app = TestApp::with_settings(|s| s.server.public_url = "https://blog.example".into()).await;
    let mut request = form(
        "/rpc/auth/register",
        &[
            ("username", "alice"),
            ("email", "alice@example.com"),
            ("password", PASSWORD),
        ],
    );
    request
        .headers_mut()
        .insert("x-forwarded-proto", "https".parse().unwrap());
    let response = app.send(request).await;
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-blog_refresh="), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("Path=/;"), "{cookie}");
}

#[tokio::test]
async fn rule_1_a_valid_access_token_is_served_without_the_database() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let response = me(&app, Some(&alice.access_token), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(access_token_of(&response).is_none(), "nothing to renew");
    assert_eq!(json(response).await["username"], "alice");

    // With the database gone, a valid token still passes: checking it needs no round trip.
    app.state.db.close().await;
    let response = app
        .send(
            Request::get("/protected")
                .header(header::AUTHORIZATION, format!("JWT {}", alice.access_token))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn rule_2_an_expired_access_token_is_renewed_by_the_refresh_cookie() {
    for policy in POLICIES {
        let app = app_with(policy, 60).await;
        let alice = app.register("alice").await;
        let_access_token_expire().await;

        let response = me(
            &app,
            Some(&alice.access_token),
            alice.refresh_cookie.as_deref(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK, "{policy:?}");
        let renewed = access_token_of(&response).expect("a new access token");
        assert_ne!(renewed, alice.access_token);
        let new_cookie = refresh_cookie_of(&response);
        match policy {
            RefreshPolicy::Fixed => assert!(new_cookie.is_none(), "fixed never renews"),
            RefreshPolicy::Rotate => {
                assert!(new_cookie.is_some_and(|cookie| Some(cookie) != alice.refresh_cookie))
            }
        }
        assert_eq!(json(response).await["username"], "alice");

        // The new access token passes on its own (rule 1).
        let response = me(&app, Some(&renewed), None).await;
        assert_eq!(response.status(), StatusCode::OK, "{policy:?}");
    }
}

#[tokio::test]
async fn rule_2_works_for_api_clients_with_the_refresh_header() {
    let app = app_with(RefreshPolicy::Rotate, 60).await;
    let alice = app.register("alice").await;
    let_access_token_expire().await;
    let response = app
        .send(
            Request::get("/protected")
                .header(header::AUTHORIZATION, format!("JWT {}", alice.access_token))
                .header("x-refresh-token", alice.refresh_cookie.as_deref().unwrap())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(access_token_of(&response).is_some());
}

#[tokio::test]
async fn an_explicit_refresh_issues_a_new_access_token() {
    for policy in POLICIES {
        let app = app_with(policy, 60).await;
        let alice = app.register("alice").await;
        let response = app
            .call(
                "/rpc/auth/refresh",
                &[],
                None,
                alice.refresh_cookie.as_deref(),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{policy:?}");
        let token = access_token_of(&response).expect("a new access token");
        assert_eq!(
            refresh_cookie_of(&response).is_some(),
            policy == RefreshPolicy::Rotate
        );
        assert_eq!(me(&app, Some(&token), None).await.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn rule_3_expired_access_token_without_a_refresh_token_means_sign_in_again() {
    let app = app_with(RefreshPolicy::Rotate, 60).await;
    let alice = app.register("alice").await;
    let_access_token_expire().await;
    let response = me(&app, Some(&alice.access_token), None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(response).await, serde_json::json!("SignInRequired"));
}

#[tokio::test]
async fn rule_3_both_expired_means_sign_in_again() {
    for policy in POLICIES {
        let app = app_with(policy, 2).await;
        let alice = app.register("alice").await;
        tokio::time::sleep(Duration::from_millis(3100)).await;
        let response = me(
            &app,
            Some(&alice.access_token),
            alice.refresh_cookie.as_deref(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{policy:?}");
        assert!(access_token_of(&response).is_none());
        let response = app
            .call(
                "/rpc/auth/refresh",
                &[],
                None,
                alice.refresh_cookie.as_deref(),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{policy:?}");
    }
}

#[tokio::test]
async fn fixed_sessions_end_a_fixed_time_after_sign_in_however_often_they_refresh() {
    let app = app_with(RefreshPolicy::Fixed, 3).await;
    let alice = app.register("alice").await;
    let cookie = alice.refresh_cookie.as_deref();
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let response = app.call("/rpc/auth/refresh", &[], None, cookie).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let response = app.call("/rpc/auth/refresh", &[], None, cookie).await;
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "a week after login means a week"
    );
}

#[tokio::test]
async fn reusing_a_replaced_refresh_token_revokes_the_session() {
    let app = app_with(RefreshPolicy::Rotate, 60).await;
    let alice = app.register("alice").await;
    let first = alice.refresh_cookie.clone().unwrap();
    let response = app.call("/rpc/auth/refresh", &[], None, Some(&first)).await;
    let second = refresh_cookie_of(&response).unwrap();

    // After the grace window, the replaced token shows up again: it was copied.
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let response = app.call("/rpc/auth/refresh", &[], None, Some(&first)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // The whole session is gone, including the legitimate newer token.
    let response = app
        .call("/rpc/auth/refresh", &[], None, Some(&second))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn two_tabs_refreshing_at_once_both_succeed() {
    let app = app_with(RefreshPolicy::Rotate, 60).await;
    let alice = app.register("alice").await;
    let cookie = alice.refresh_cookie.clone();
    let (one, two) = tokio::join!(
        app.call("/rpc/auth/refresh", &[], None, cookie.as_deref()),
        app.call("/rpc/auth/refresh", &[], None, cookie.as_deref()),
    );
    assert_eq!(one.status(), StatusCode::OK);
    assert_eq!(two.status(), StatusCode::OK);
    let renewed = [&one, &two]
        .into_iter()
        .filter_map(refresh_cookie_of)
        .collect::<Vec<_>>();
    assert!(
        !renewed.is_empty(),
        "at least one of them rotated the token"
    );
    // Sequentially, too: the second tab arrives after the first already rotated.
    let response = app
        .call("/rpc/auth/refresh", &[], None, cookie.as_deref())
        .await;
    assert_eq!(response.status(), StatusCode::OK, "within the grace window");
    for token in renewed {
        let response = app.call("/rpc/auth/refresh", &[], None, Some(&token)).await;
        assert_ne!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}

#[tokio::test]
async fn signing_out_revokes_the_session_and_clears_the_cookie() {
    for policy in POLICIES {
        let app = app_with(policy, 60).await;
        let alice = app.register("alice").await;
        let cookie = alice.refresh_cookie.as_deref();
        let response = app
            .call("/rpc/auth/logout", &[], Some(&alice.access_token), cookie)
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let cleared = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|value| value.to_str().unwrap().to_owned())
            .collect::<Vec<_>>();
        assert_eq!(cleared.len(), 4);
        assert!(
            cleared
                .iter()
                .all(|cookie| (cookie.starts_with("blog_refresh=;")
                    || cookie.starts_with("blog_session=;"))
                    && cookie.contains("Max-Age=0")),
            "{cleared:?}"
        );

        let response = app.call("/rpc/auth/refresh", &[], None, cookie).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{policy:?}");
        let_access_token_expire().await;
        let response = me(&app, Some(&alice.access_token), cookie).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{policy:?}");
    }
}

#[tokio::test]
async fn changing_the_password_signs_out_the_other_sessions() {
    let app = app_with(RefreshPolicy::Rotate, 60).await;
    let here = app.register("alice").await;
    let elsewhere = signed_in_from(app.login("alice", PASSWORD).await).await;

    let response = app
        .call(
            "/rpc/auth/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new secret"),
            ],
            Some(&here.access_token),
            here.refresh_cookie.as_deref(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    let response = app
        .call(
            "/rpc/auth/refresh",
            &[],
            None,
            elsewhere.refresh_cookie.as_deref(),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "the other session ended"
    );
    let response = app
        .call(
            "/rpc/auth/refresh",
            &[],
            None,
            here.refresh_cookie.as_deref(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "this session goes on");

    assert_eq!(
        app.login("alice", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("alice", "a brand new secret").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_wrong_current_password_is_refused_beside_its_field() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let response = app
        .call(
            "/rpc/auth/password",
            &[
                ("current_password", "not my password"),
                ("new_password", "a brand new secret"),
            ],
            Some(&alice.access_token),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert_eq!(body["Invalid"]["field"], "current_password");
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer() {
    let app = TestApp::new().await;
    app.register("alice").await;
    let wrong_password = app.login("alice", "not the password").await;
    let unknown_user = app.login("mallory", "not the password").await;
    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_user.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        body_text(wrong_password).await,
        body_text(unknown_user).await
    );
    // Signing in by email address works too, in any case.
    assert_eq!(
        app.login("ALICE@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn passwords_from_8_to_128_characters_are_accepted() {
    let app = TestApp::new().await;
    for (index, length) in [8usize, 64, 128].into_iter().enumerate() {
        let username = format!("user{index}");
        let email = format!("user{index}@example.com");
        let password = "p".repeat(length);
        let response = app
            .send(form(
                "/rpc/auth/register",
                &[
                    ("username", &username),
                    ("email", &email),
                    ("password", &password),
                ],
            ))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{length} characters");
        assert_eq!(
            app.login(&username, &password).await.status(),
            StatusCode::OK
        );
    }
    let response = app
        .send(form(
            "/rpc/auth/register",
            &[
                ("username", "shorty"),
                ("email", "shorty@example.com"),
                ("password", "1234567"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert_eq!(body["Invalid"]["field"], "password");
    assert_eq!(
        body["Invalid"]["message"],
        "is too short (minimum is 8 characters)"
    );
}

#[tokio::test]
async fn a_taken_username_or_email_is_a_conflict() {
    let app = TestApp::new().await;
    app.register("alice").await;
    let response = app
        .send(form(
            "/rpc/auth/register",
            &[
                ("username", "ALICE"),
                ("email", "other@example.com"),
                ("password", PASSWORD),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(json(response).await["Taken"]["field"], "username");
    let response = app
        .send(form(
            "/rpc/auth/register",
            &[
                ("username", "alice2"),
                ("email", "Alice@Example.com"),
                ("password", PASSWORD),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(json(response).await["Taken"]["field"], "email");
}

#[tokio::test]
async fn refresh_and_sign_out_from_another_site_are_refused() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    for uri in ["/rpc/auth/refresh", "/rpc/auth/logout"] {
        for (name, value) in [
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ] {
            let mut request = form(uri, &[]);
            request.headers_mut().insert(name, value.parse().unwrap());
            request.headers_mut().insert(
                header::COOKIE,
                format!("blog_refresh={}", alice.refresh_cookie.as_deref().unwrap())
                    .parse()
                    .unwrap(),
            );
            let response = app.send(request).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{uri} with {name}"
            );
        }
    }
    // Our own pages may.
    let mut request = form("/rpc/auth/refresh", &[]);
    request
        .headers_mut()
        .insert("sec-fetch-site", "same-origin".parse().unwrap());
    request.headers_mut().insert(
        header::COOKIE,
        format!("blog_refresh={}", alice.refresh_cookie.as_deref().unwrap())
            .parse()
            .unwrap(),
    );
    assert_eq!(app.send(request).await.status(), StatusCode::OK);
}
