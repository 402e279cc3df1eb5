//! The three doors into one session service, side by side: the server functions (`/rpc`),
//! the REST API (`/api`, which renews through the credentials middleware and has no
//! sign-out) and the seed's endpoints (`/auth`). In the same situation they answer alike:
//! a browser (`Sec-Fetch-Site`, or a refresh cookie) never gets its refresh token where a
//! script could read it, an API client does; a session ended at one door is ended at all.
//! The rules are `src/server/http/delivery.rs`'s.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{self, Client, PASSWORD, Reply, SignedIn, TestApp};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Door {
    ServerFunctions,
    RestApi,
    Seed,
}

use Door::*;

const DOORS: [Door; 3] = [ServerFunctions, RestApi, Seed];

/// Who knocks, and how they hold their refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    /// One of the site's own pages: `Sec-Fetch-Site: same-origin`, the refresh cookie.
    Browser,
    /// curl or an app: no fetch metadata, the refresh token in `X-Refresh-Token`.
    ApiClient,
    /// No fetch metadata, but the refresh cookie: a cookie means a browser.
    CookieOnly,
}

use Caller::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// 401, and nothing issued.
    Refused,
    /// A new access token in `X-Access-Token`, a new refresh cookie, and the refresh token
    /// where the caller can read it (`X-Refresh-Token`, the seed's body) or nowhere else.
    Issued { readable_refresh: bool },
}

use Outcome::*;

/// Issued, with the refresh token readable too.
const READABLE: Outcome = Issued {
    readable_refresh: true,
};
/// Issued, with the refresh token in the `HttpOnly` cookie only.
const COOKIE_ONLY: Outcome = Issued {
    readable_refresh: false,
};

/// The client of `door` as `caller`, presenting `refresh_token` if there is one.
fn as_caller<'a, D: common::Door>(
    client: Client<'a, D>,
    caller: Caller,
    refresh_token: Option<&str>,
) -> Client<'a, D> {
    let client = match caller {
        Browser => client.browser(),
        ApiClient | CookieOnly => client,
    };
    match (caller, refresh_token) {
        (_, None) => client,
        (ApiClient, Some(token)) => client.refresh_header(token),
        (Browser | CookieOnly, Some(token)) => client.refresh_cookie(token),
    }
}

/// Signs `username` in; the REST API asks for the email address instead.
async fn sign_in(
    app: &TestApp,
    door: Door,
    caller: Caller,
    username: &str,
    password: &str,
) -> Reply {
    match door {
        ServerFunctions => {
            let fields = [("login", username), ("password", password)];
            let client = as_caller(app.rpc(), caller, None);
            client.form("auth/login", &fields).await
        }
        RestApi => {
            let client = as_caller(app.api(), caller, None);
            client
                .login(&format!("{username}@example.com"), password)
                .await
        }
        Seed => {
            let body = json!({"username": username, "password": password});
            as_caller(app.seed(), caller, None)
                .post("/auth", body)
                .await
        }
    }
}

/// Asks `door` for new tokens with an expired access token and `refresh_token`.
async fn refresh(
    app: &TestApp,
    door: Door,
    caller: Caller,
    session: &SignedIn,
    refresh_token: &str,
) -> Reply {
    let token = Some(refresh_token);
    match door {
        ServerFunctions => {
            let client = as_caller(app.rpc(), caller, token);
            client.form("auth/refresh", &[]).await
        }
        // No endpoint: the credentials middleware renews an expired access token.
        RestApi => {
            let client = as_caller(app.api(), caller, token).by(session);
            client.get("/api/user").await
        }
        Seed => {
            as_caller(app.seed(), caller, token)
                .post_empty("/auth/refresh")
                .await
        }
    }
}

/// The access token a body carries, where each door's contract puts one.
fn body_access_token(body: &Value) -> Option<&str> {
    body["access_token"]
        .as_str()
        .or_else(|| body["user"]["token"].as_str())
}

/// Checks an answer against the expected outcome; returns the new refresh token.
#[track_caller]
fn assert_outcome(
    app: &TestApp,
    door: Door,
    reply: &Reply,
    expected: Outcome,
    context: &str,
) -> Option<String> {
    match expected {
        Refused => {
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{context}: {reply:?}"
            );
            assert_eq!(reply.access_token(), None, "{context}");
            assert_eq!(reply.refresh_cookie(), None, "{context}");
            assert_eq!(reply.refresh_header(), None, "{context}");
            None
        }
        Issued { readable_refresh } => {
            assert_eq!(reply.status, StatusCode::OK, "{context}: {reply:?}");
            let access = reply.access_token().expect("X-Access-Token");
            assert!(app.state.sessions.verify(&access).is_ok(), "{context}");
            if let Some(in_body) = body_access_token(&reply.body) {
                assert_eq!(in_body, access, "{context}: the body's access token");
            }
            let refresh = reply.refresh_cookie().expect("a new refresh cookie");
            let cookies = reply.cookies();
            let refresh_cookies = cookies.iter().filter(|c| c.starts_with("blog_refresh="));
            assert!(
                refresh_cookies.clone().all(|c| c.contains("HttpOnly")),
                "{context}"
            );
            if readable_refresh {
                assert_eq!(reply.refresh_header(), Some(refresh.clone()), "{context}");
                if door == Seed {
                    assert_eq!(reply.body["refresh_token"], refresh.as_str(), "{context}");
                }
            } else {
                assert_eq!(reply.refresh_header(), None, "{context}");
                assert!(!reply.text().contains(&refresh), "{context}: {reply:?}");
            }
            Some(refresh)
        }
    }
}

#[tokio::test]
async fn signing_in() {
    let app = TestApp::new().await;
    app.user("alice").await;
    for (door, caller, password, expected) in [
        (ServerFunctions, ApiClient, PASSWORD, READABLE),
        (ServerFunctions, Browser, PASSWORD, COOKIE_ONLY),
        (ServerFunctions, ApiClient, "wrong password", Refused),
        (ServerFunctions, Browser, "wrong password", Refused),
        (RestApi, ApiClient, PASSWORD, READABLE),
        (RestApi, Browser, PASSWORD, COOKIE_ONLY),
        (RestApi, ApiClient, "wrong password", Refused),
        (RestApi, Browser, "wrong password", Refused),
        (Seed, ApiClient, PASSWORD, READABLE),
        (Seed, Browser, PASSWORD, COOKIE_ONLY),
        (Seed, ApiClient, "wrong password", Refused),
        (Seed, Browser, "wrong password", Refused),
    ] {
        let reply = sign_in(&app, door, caller, "alice", password).await;
        let context = format!("{door:?} signing in as {caller:?} with {password:?}");
        assert_outcome(&app, door, &reply, expected, &context);
    }
}

/// The situations a refresh token can be in when it is presented.
#[derive(Debug, Clone, Copy)]
enum Token {
    /// Its session is live.
    Live,
    /// Its session was signed out.
    SignedOut,
    /// No session ever had it.
    Unknown,
}

#[tokio::test]
async fn renewing_an_expired_access_token() {
    let app = TestApp::new().await;
    app.user("alice").await;
    for (door, token, caller, expected) in [
        (ServerFunctions, Token::Live, Browser, COOKIE_ONLY),
        (ServerFunctions, Token::Live, ApiClient, READABLE),
        (ServerFunctions, Token::Live, CookieOnly, COOKIE_ONLY),
        (ServerFunctions, Token::SignedOut, ApiClient, Refused),
        (ServerFunctions, Token::Unknown, ApiClient, Refused),
        (RestApi, Token::Live, Browser, COOKIE_ONLY),
        (RestApi, Token::Live, ApiClient, READABLE),
        (RestApi, Token::Live, CookieOnly, COOKIE_ONLY),
        (RestApi, Token::SignedOut, ApiClient, Refused),
        (RestApi, Token::Unknown, ApiClient, Refused),
        (Seed, Token::Live, Browser, COOKIE_ONLY),
        (Seed, Token::Live, ApiClient, READABLE),
        (Seed, Token::Live, CookieOnly, COOKIE_ONLY),
        (Seed, Token::SignedOut, ApiClient, Refused),
        (Seed, Token::Unknown, ApiClient, Refused),
    ] {
        let session = app.sign_in_again("alice").await;
        let presented = match token {
            Token::Live => session.refresh_token.clone(),
            Token::SignedOut => {
                let ended =
                    blog::server::auth::sessions::RefreshToken(session.refresh_token.clone());
                app.state
                    .sessions
                    .sign_out(Some(&ended), None)
                    .await
                    .unwrap();
                session.refresh_token.clone()
            }
            Token::Unknown => "0".repeat(64),
        };
        app.let_access_tokens_expire();
        let reply = refresh(&app, door, caller, &session, &presented).await;
        let context = format!("{door:?} renewing for {caller:?} with a {token:?} token");
        let renewed = assert_outcome(&app, door, &reply, expected, &context);
        if let Some(renewed) = renewed {
            assert_ne!(renewed, session.refresh_token, "{context}: rotated");
        }
    }
}

#[tokio::test]
async fn signing_out_ends_the_session_at_every_door() {
    let app = TestApp::new().await;
    app.user("alice").await;
    // The REST API has no sign-out (RealWorld has none).
    for (door, caller, status) in [
        (ServerFunctions, Browser, StatusCode::OK),
        (ServerFunctions, ApiClient, StatusCode::OK),
        (Seed, Browser, StatusCode::NO_CONTENT),
        (Seed, ApiClient, StatusCode::NO_CONTENT),
    ] {
        let context = format!("signed out at {door:?} as {caller:?}");
        let session = app.sign_in_again("alice").await;
        let token = Some(session.refresh_token.as_str());
        let reply = match door {
            ServerFunctions => {
                as_caller(app.rpc(), caller, token)
                    .form("auth/logout", &[])
                    .await
            }
            Seed => {
                as_caller(app.seed(), caller, token)
                    .post_empty("/auth/logout")
                    .await
            }
            RestApi => unreachable!("no sign-out"),
        };
        assert_eq!(reply.status, status, "{context}: {reply:?}");
        let cleared = reply.cookies();
        assert!(
            !cleared.is_empty() && cleared.iter().all(|cookie| cookie.contains("Max-Age=0")),
            "{context}: the cookies are deleted: {cleared:?}"
        );
        app.let_access_tokens_expire();
        for at in DOORS {
            let reply = refresh(&app, at, ApiClient, &session, &session.refresh_token).await;
            let context = format!("{context}, then renewing at {at:?}");
            assert_outcome(&app, at, &reply, Refused, &context);
        }
    }
}

#[tokio::test]
async fn a_new_password_ends_the_other_sessions_at_every_door() {
    let app = TestApp::new().await;
    for (door, name) in [(ServerFunctions, "alice"), (RestApi, "bob")] {
        let context = format!("a new password at {door:?}");
        let here = app.user(name).await;
        let elsewhere = app.sign_in_again(name).await;
        let new_password = "a brand new secret";
        let reply = match door {
            ServerFunctions => {
                let fields = [
                    ("current_password", PASSWORD),
                    ("new_password", new_password),
                ];
                app.rpc().by(&here).form("auth/password", &fields).await
            }
            RestApi => {
                let change = json!({"user": {"password": new_password}});
                app.api().by(&here).put("/api/user", change).await
            }
            Seed => unreachable!("no password change"),
        };
        assert_eq!(reply.status, StatusCode::OK, "{context}: {reply:?}");

        app.let_access_tokens_expire();
        let mut token = here.refresh_token.clone();
        for at in DOORS {
            let other = refresh(&app, at, ApiClient, &elsewhere, &elsewhere.refresh_token).await;
            let this = refresh(&app, at, ApiClient, &here, &token).await;
            token = this.refresh_cookie().unwrap_or_default();
            let old = sign_in(&app, at, ApiClient, name, PASSWORD).await;
            let new = sign_in(&app, at, ApiClient, name, new_password).await;
            for (what, reply, expected) in [
                ("renewing the other session", other, Refused),
                ("renewing this session", this, READABLE),
                ("signing in with the old password", old, Refused),
                ("signing in with the new password", new, READABLE),
            ] {
                let context = format!("{context}, then {what} at {at:?}");
                assert_outcome(&app, at, &reply, expected, &context);
            }
        }
    }
}
