//! The session rules under arbitrary interleavings (proptest): sign-ins, refreshes with the
//! current or an old refresh token, sign-outs, password changes and the clock moving, each
//! through one of two servers over the same store. After every step the answer is what a
//! model of the rules says, which holds these invariants:
//! - a refresh token refreshes once: presented again, within the grace window it buys an
//!   access token and no refresh token, and after it, it ends its whole session;
//! - a session that ended never refreshes again;
//! - a password change ends every other session of the account.

use std::time::Duration;

use axum::http::StatusCode;
use proptest::prelude::*;
use serde_json::json;

use crate::common::*;

#[derive(Debug, Clone)]
enum Step {
    SignIn {
        server: usize,
    },
    /// With the session's current token, or one it retired (`back` tokens ago).
    Refresh {
        server: usize,
        session: usize,
        back: usize,
    },
    SignOut {
        server: usize,
        session: usize,
    },
    ChangePassword {
        server: usize,
        session: usize,
    },
    Wait {
        seconds: u64,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => (0..2usize).prop_map(|server| Step::SignIn { server }),
        4 => (0..2usize, 0..4usize, prop_oneof![3 => Just(0usize), 1 => 1..3usize])
            .prop_map(|(server, session, back)| Step::Refresh { server, session, back }),
        1 => (0..2usize, 0..4usize)
            .prop_map(|(server, session)| Step::SignOut { server, session }),
        1 => (0..2usize, 0..4usize)
            .prop_map(|(server, session)| Step::ChangePassword { server, session }),
        2 => (0..40u64).prop_map(|seconds| Step::Wait { seconds }),
    ]
}

/// One session as the model knows it.
struct Session {
    /// Refresh tokens issued, oldest first, each with when it was retired.
    tokens: Vec<(String, Option<i64>)>,
    access_token: String,
    live: bool,
}

struct Model {
    sessions: Vec<Session>,
    password: String,
    /// Seconds since the start, on the servers' shared clock.
    now: i64,
    changes: usize,
}

const GRACE_SECONDS: i64 = 30;

impl Model {
    async fn sign_in(&mut self, server: &TestApp) {
        let reply = server
            .seed()
            .post(
                "/auth",
                json!({"username": "alice", "password": self.password}),
            )
            .await;
        let body = reply.ok();
        self.sessions.push(Session {
            tokens: vec![(body["refresh_token"].as_str().unwrap().to_owned(), None)],
            access_token: body["access_token"].as_str().unwrap().to_owned(),
            live: true,
        });
    }

    async fn refresh(&mut self, server: &TestApp, index: usize, back: usize) {
        let now = self.now;
        let Some(session) = self.sessions.get_mut(index) else {
            return;
        };
        let Some(position) = session.tokens.len().checked_sub(1 + back) else {
            return;
        };
        let (token, retired_at) = session.tokens[position].clone();
        let reply = server
            .seed()
            .post("/auth/refresh", json!({"refresh_token": token}))
            .await;
        let expected = match (session.live, retired_at) {
            (false, _) => None,
            (true, None) => Some(true),
            (true, Some(at)) if now - at <= GRACE_SECONDS => Some(false),
            (true, Some(_)) => None,
        };
        match expected {
            // A new refresh token: the one presented is retired now.
            Some(true) => {
                let body = reply.ok();
                let next = body["refresh_token"].as_str().expect("a new refresh token");
                session.tokens[position].1 = Some(now);
                session.tokens.push((next.to_owned(), None));
                session.access_token = body["access_token"].as_str().unwrap().to_owned();
            }
            // The grace window: an access token, never a refresh token.
            Some(false) => {
                let body = reply.ok();
                assert!(body.get("refresh_token").is_none(), "{body}");
                session.access_token = body["access_token"].as_str().unwrap().to_owned();
            }
            None => {
                reply.assert_status(StatusCode::UNAUTHORIZED);
                // A retired token shown after the window ends its whole session.
                session.live = false;
            }
        }
    }

    async fn sign_out(&mut self, server: &TestApp, index: usize) {
        let Some(session) = self.sessions.get_mut(index) else {
            return;
        };
        let token = session.tokens.last().unwrap().0.clone();
        let reply = server
            .seed()
            .post("/auth/logout", json!({"refresh_token": token}))
            .await;
        reply.assert_status(StatusCode::NO_CONTENT);
        session.live = false;
    }

    async fn change_password(&mut self, server: &TestApp, index: usize) {
        let Some(session) = self.sessions.get(index) else {
            return;
        };
        self.changes += 1;
        let new = format!("password number {}", self.changes);
        let body = json!({"user": {"password": new, "currentPassword": self.password}});
        let reply = server
            .api()
            .token(&session.access_token)
            .put("/api/user", body)
            .await;
        if !session.live {
            // A session that ended cannot make a sensitive change, even with its access token.
            assert_ne!(reply.status, StatusCode::OK, "{reply:?}");
            return;
        }
        reply.assert_status(StatusCode::OK);
        self.password = new;
        for (other, session) in self.sessions.iter_mut().enumerate() {
            if other != index {
                session.live = false;
            }
        }
    }
}

async fn run(steps: Vec<Step>) {
    let one = TestApp::new().await;
    let two = one.another_server().await;
    one.user("alice").await;
    let servers = [&one, &two];
    let mut model = Model {
        sessions: Vec::new(),
        password: PASSWORD.to_owned(),
        now: 0,
        changes: 0,
    };
    for step in steps {
        match step {
            Step::SignIn { server } => model.sign_in(servers[server]).await,
            Step::Refresh {
                server,
                session,
                back,
            } => model.refresh(servers[server], session, back).await,
            Step::SignOut { server, session } => model.sign_out(servers[server], session).await,
            Step::ChangePassword { server, session } => {
                model.change_password(servers[server], session).await;
            }
            Step::Wait { seconds } => {
                one.advance(Duration::from_secs(seconds));
                model.now += i64::try_from(seconds).unwrap();
            }
        }
    }
}

proptest! {
    // Each case starts two servers over a fresh database: a few dozen cases keep the suite
    // quick; a failing case is shrunk to its shortest interleaving.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn sessions_keep_their_rules_whatever_the_interleaving(
        first in 0..2usize,
        steps in prop::collection::vec(step(), 1..20),
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let mut all = vec![Step::SignIn { server: first }];
        all.extend(steps);
        runtime.block_on(run(all));
    }
}
