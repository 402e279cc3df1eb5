//! What every request handler and server function can reach: the settings and the domain's
//! services, built once at start-up from the settings, the database and the clock.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use super::{
    accounts::{Accounts, passwords::PasswordHasher},
    auth::{
        sessions::{Sessions, SqlSessionStore},
        throttle::LoginThrottle,
        tokens::AccessTokens,
    },
    clock::Clock,
    content::{Comments, Posts, Profiles},
    db::Db,
    secret::SigningSecret,
    settings::Settings,
};

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub db: Db,
    pub clock: Clock,
    pub accounts: Accounts,
    pub sessions: Sessions,
    pub posts: Posts,
    pub comments: Comments,
    pub profiles: Profiles,
}

impl AppState {
    /// Wires the services over an open database.
    pub fn new(
        settings: Settings,
        leptos_options: LeptosOptions,
        db: Db,
        secret: &SigningSecret,
        clock: Clock,
    ) -> Self {
        let auth = &settings.auth;
        let hasher = PasswordHasher::new(auth.hashing_permits(), auth.hashing_queue_wait);
        let accounts = Accounts::new(
            db.clone(),
            clock.clone(),
            hasher,
            settings.site.registration,
        );
        let tokens = AccessTokens::new(
            secret,
            auth.access_token_lifetime,
            auth.clock_leeway,
            clock.clone(),
        );
        let sessions = Sessions::new(
            SqlSessionStore::new(db.clone()),
            tokens,
            accounts.clone(),
            LoginThrottle::new(clock.clone(), settings.throttle.clone()),
            clock.clone(),
            auth,
        );
        let posts = Posts::new(db.clone(), clock.clone(), accounts.clone());
        let comments = Comments::new(db.clone(), clock.clone(), posts.clone());
        let profiles = Profiles::new(db.clone(), clock.clone());
        Self {
            leptos_options,
            settings: Arc::new(settings),
            db,
            clock,
            accounts,
            sessions,
            posts,
            comments,
            profiles,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Handlers take the one service they use: `State(posts): State<Posts>`.
macro_rules! service_from_state {
    ($($field:ident: $service:ty),+ $(,)?) => {
        $(impl FromRef<AppState> for $service {
            fn from_ref(state: &AppState) -> Self {
                state.$field.clone()
            }
        })+
    };
}

service_from_state!(
    accounts: Accounts,
    sessions: Sessions,
    posts: Posts,
    comments: Comments,
    profiles: Profiles,
);
