//! Sessions as the browser app lives them through the server functions: the refresh cookie,
//! the seed's three rules for an expiring access token, both refresh policies, reuse
//! detection, two tabs, signing out, and refusing other sites. Time moves on the test clock.

use std::time::Duration;

use axum::http::StatusCode;
use blog::server::settings::RefreshPolicy;

use crate::common::*;

const POLICIES: [RefreshPolicy; 2] = [RefreshPolicy::Fixed, RefreshPolicy::Rotate];

async fn app_with(policy: RefreshPolicy) -> TestApp {
    TestApp::with_settings(|settings| settings.auth.refresh_policy = policy).await
}

/// Asks who is signed in, as the browser app does: its access token and refresh cookie.
async fn me(app: &TestApp, access_token: &str, refresh_cookie: Option<&str>) -> Reply {
    let client = app.rpc().token(access_token);
    let client = match refresh_cookie {
        Some(cookie) => client.refresh_cookie(cookie),
        None => client,
    };
    client.form("auth/me", &[]).await
}

#[tokio::test]
async fn signing_up_hands_out_an_access_token_and_a_scoped_http_only_cookie() {
    let app = TestApp::new().await;
    let fields = [
        ("username", "alice"),
        ("email", "alice@example.com"),
        ("password", PASSWORD),
    ];
    let reply = app.rpc().form("auth/register", &fields).await;
    reply.assert_status(StatusCode::OK);
    let cookies = reply.cookies();
    assert_eq!(cookies.len(), 4, "{cookies:?}");
    assert!(cookies[3].starts_with("blog_session=1;"), "{cookies:?}");
    assert!(
        !cookies[3].contains("HttpOnly"),
        "the marker is for page scripts"
    );
    for (cookie, path) in cookies.iter().zip(["/rpc", "/auth", "/api"]) {
        assert!(cookie.starts_with("blog_refresh="), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains(&format!("Path={path}")), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    }
    let access_token = reply.access_token().expect("an X-Access-Token header");
    assert_eq!(reply.body["access_token"], access_token.as_str());
    assert_eq!(reply.body["user"]["username"], "alice");
    assert_eq!(
        reply.body["user"]["role"], "author",
        "no sign-up makes an admin, not even the first (tests/spec/owner_setup.rs)"
    );

    let fields = [
        ("username", "bob"),
        ("email", "bob@example.com"),
        ("password", PASSWORD),
    ];
    let bob = app.rpc().form("auth/register", &fields).await.ok();
    assert_eq!(bob["user"]["role"], "author");
}

#[tokio::test]
async fn the_refresh_cookie_is_secure_behind_https() {
    let app = TestApp::with_settings(|s| s.server.public_url = "https://blog.example".into()).await;
    let fields = [
        ("username", "alice"),
        ("email", "alice@example.com"),
        ("password", PASSWORD),
    ];
    let reply = app
        .rpc()
        .header("x-forwarded-proto", "https")
        .form("auth/register", &fields)
        .await;
    let cookie = reply.cookies()[0];
    assert!(cookie.starts_with("__Host-blog_refresh="), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("Path=/;"), "{cookie}");
}

#[tokio::test]
async fn rule_2_an_expired_access_token_is_renewed_by_the_refresh_cookie() {
    for policy in POLICIES {
        let app = app_with(policy).await;
        let alice = app.user("alice").await;
        app.let_access_tokens_expire();

        let reply = me(&app, &alice.access_token, Some(&alice.refresh_token)).await;
        reply.assert_status(StatusCode::OK);
        let renewed = reply.access_token().expect("a new access token");
        assert_ne!(renewed, alice.access_token);
        match policy {
            RefreshPolicy::Fixed => {
                assert_eq!(reply.refresh_cookie(), None, "fixed never renews")
            }
            RefreshPolicy::Rotate => {
                let cookie = reply.refresh_cookie().expect("a new refresh cookie");
                assert_ne!(cookie, alice.refresh_token);
            }
        }
        assert_eq!(reply.body["username"], "alice");

        // The new access token passes on its own (rule 1).
        me(&app, &renewed, None).await.assert_status(StatusCode::OK);
    }
}

#[tokio::test]
async fn rule_2_works_for_api_clients_with_the_refresh_header() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.let_access_tokens_expire();
    let reply = app
        .seed()
        .by(&alice)
        .refresh_header(&alice.refresh_token)
        .get("/protected")
        .await;
    reply.assert_status(StatusCode::OK);
    assert!(reply.access_token().is_some(), "{reply:?}");
}

#[tokio::test]
async fn an_explicit_refresh_issues_a_new_access_token() {
    for policy in POLICIES {
        let app = app_with(policy).await;
        let alice = app.user("alice").await;
        let reply = app.refresh_with_cookie(&alice.refresh_token).await;
        reply.assert_status(StatusCode::OK);
        let token = reply.access_token().expect("a new access token");
        assert_eq!(
            reply.refresh_cookie().is_some(),
            policy == RefreshPolicy::Rotate,
            "{policy:?}"
        );
        me(&app, &token, None).await.assert_status(StatusCode::OK);
    }
}

#[tokio::test]
async fn rule_3_an_expired_access_token_without_a_refresh_token_means_sign_in_again() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.let_access_tokens_expire();
    me(&app, &alice.access_token, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "SignInRequired".into());
}

#[tokio::test]
async fn rule_3_both_expired_means_sign_in_again() {
    for policy in POLICIES {
        let app = app_with(policy).await;
        let alice = app.user("alice").await;
        let refresh_lifetime = app.state.settings.auth.refresh_token_lifetime;
        app.advance(refresh_lifetime + Duration::from_secs(1));

        let reply = me(&app, &alice.access_token, Some(&alice.refresh_token)).await;
        reply.assert_status(StatusCode::UNAUTHORIZED);
        assert_eq!(reply.access_token(), None, "{policy:?}");
        app.refresh_with_cookie(&alice.refresh_token)
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn fixed_sessions_end_a_fixed_time_after_sign_in_however_often_they_refresh() {
    let app = app_with(RefreshPolicy::Fixed).await;
    let alice = app.user("alice").await;
    let day = Duration::from_secs(24 * 60 * 60);
    assert_eq!(app.state.settings.auth.refresh_token_lifetime, 7 * day);
    for _ in 0..2 {
        app.advance(3 * day);
        app.refresh_with_cookie(&alice.refresh_token)
            .await
            .assert_status(StatusCode::OK);
    }
    app.advance(day + day / 2);
    let reply = app.refresh_with_cookie(&alice.refresh_token).await;
    assert_eq!(
        reply.status,
        StatusCode::UNAUTHORIZED,
        "a week after sign-in means a week"
    );
}

#[tokio::test]
async fn reusing_a_replaced_refresh_token_revokes_the_session() {
    let app = app_with(RefreshPolicy::Rotate).await;
    let alice = app.user("alice").await;
    let first = alice.refresh_token;
    let second = app
        .refresh_with_cookie(&first)
        .await
        .refresh_cookie()
        .unwrap();

    // After the grace window, the replaced token shows up again: it was copied.
    let grace = app.state.settings.auth.refresh_reuse_grace;
    app.advance(grace + Duration::from_secs(1));
    app.refresh_with_cookie(&first)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);

    // The whole session is gone, including the legitimate newer token.
    app.refresh_with_cookie(&second)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn two_tabs_refreshing_at_once_both_succeed() {
    let app = app_with(RefreshPolicy::Rotate).await;
    let alice = app.user("alice").await;
    let cookie = &alice.refresh_token;
    let (one, two) = tokio::join!(
        app.refresh_with_cookie(cookie),
        app.refresh_with_cookie(cookie)
    );
    one.assert_status(StatusCode::OK);
    two.assert_status(StatusCode::OK);
    let renewed: Vec<String> = [&one, &two]
        .into_iter()
        .filter_map(Reply::refresh_cookie)
        .collect();
    assert!(
        !renewed.is_empty(),
        "at least one of them rotated the token"
    );
    // Sequentially, too: the second tab arrives after the first already rotated.
    let reply = app.refresh_with_cookie(cookie).await;
    assert_eq!(reply.status, StatusCode::OK, "within the grace window");
    for token in renewed {
        let reply = app.refresh_with_cookie(&token).await;
        assert_ne!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{reply:?}");
    }
}

#[tokio::test]
async fn signing_out_revokes_the_session_and_clears_the_cookie() {
    for policy in POLICIES {
        let app = app_with(policy).await;
        let alice = app.user("alice").await;
        let reply = app
            .rpc()
            .by(&alice)
            .refresh_cookie(&alice.refresh_token)
            .form("auth/logout", &[])
            .await;
        reply.assert_status(StatusCode::OK);
        let cleared = reply.cookies();
        assert_eq!(cleared.len(), 4);
        assert!(
            cleared
                .iter()
                .all(|cookie| (cookie.starts_with("blog_refresh=;")
                    || cookie.starts_with("blog_session=;"))
                    && cookie.contains("Max-Age=0")),
            "{cleared:?}"
        );

        app.refresh_with_cookie(&alice.refresh_token)
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
        app.let_access_tokens_expire();
        me(&app, &alice.access_token, Some(&alice.refresh_token))
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn refresh_and_sign_out_from_another_site_are_refused() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    for endpoint in ["auth/refresh", "auth/logout"] {
        for (name, value) in [
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ] {
            let reply = app
                .rpc()
                .header(name, value)
                .refresh_cookie(&alice.refresh_token)
                .form(endpoint, &[])
                .await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{endpoint} with {name}"
            );
        }
    }
    // Our own pages may.
    app.rpc()
        .browser()
        .refresh_cookie(&alice.refresh_token)
        .form("auth/refresh", &[])
        .await
        .assert_status(StatusCode::OK);
}
