//! What every request handler and server function can reach: the settings and the domain's
//! services, built once at start-up from the settings, the database and the clock.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use super::{
    accounts::{Accounts, MailLinks, passwords::PasswordHasher},
    admin::{People, SiteAdmin},
    auth::{
        second_factor::SecondFactors,
        sessions::{self, Sessions},
        throttle::{CountStore, LoginThrottle},
        tokens::AccessTokens,
    },
    changes::Changes,
    clock::Clock,
    content::{Comments, Posts, Profiles, Revisions, Search},
    db::{Backend, Db},
    email::{self, Outbox},
    limits::WriteLimits,
    media::{Media, UploadLimits, storage::MediaStorage},
    newsletters::Newsletters,
    page_cache::PageCache,
    secret::{self, SigningSecret},
    settings::Settings,
    shared::Redis,
    site::LiveSite,
};

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub db: Db,
    pub clock: Clock,
    pub changes: Changes,
    pub accounts: Accounts,
    /// The site's settings in effect.
    pub site: LiveSite,
    /// What only admins do to the site as a whole: its settings.
    pub site_admin: SiteAdmin,
    pub sessions: Sessions,
    /// What only admins do to people that reaches into their content: deleting accounts.
    pub people: People,
    pub posts: Posts,
    pub comments: Comments,
    pub profiles: Profiles,
    pub revisions: Revisions,
    pub search: Search,
    pub media: Media,
    /// Rendered reader pages; `None` when `cache.max_bytes` is 0.
    pub page_cache: Option<PageCache>,
    /// Shared by every app server, when `redis.url` is set.
    pub redis: Option<Redis>,
    /// Limits on writes, per account and address.
    pub limits: WriteLimits,
    /// Email on its way out.
    pub outbox: Outbox,
    /// Readers' subscriptions, and each new post's newsletter.
    pub newsletters: Newsletters,
}

/// What the app talks to outside itself, opened from the settings by `serve::build_state`.
pub struct Connections {
    pub db: Db,
    /// When `redis.url` is set.
    pub redis: Option<Redis>,
    pub storage: MediaStorage,
    /// When `email.smtp_url` is set.
    pub mail: Option<email::Relay>,
}

impl AppState {
    /// Wires the services over an open database (and Redis, when configured).
    pub fn new(
        settings: Settings,
        leptos_options: LeptosOptions,
        connections: Connections,
        secret: &SigningSecret,
        clock: Clock,
    ) -> Self {
        let Connections {
            db,
            redis,
            storage,
            mail,
        } = connections;
        let auth = &settings.auth;
        let hasher = PasswordHasher::new(auth.hashing_permits(), auth.hashing_queue_wait);
        let changes = Changes::new();
        let live_site = LiveSite::new(settings.site.clone());
        let mut accounts = Accounts::new(
            db.clone(),
            clock.clone(),
            hasher,
            live_site.clone(),
            changes.clone(),
        );
        if mail.is_some() {
            accounts = accounts.with_mail(MailLinks {
                public_url: settings.server.public_url(),
            });
        }
        live_site.follow(&db, &changes);
        let site_admin = SiteAdmin::new(
            live_site.clone(),
            db.clone(),
            clock.clone(),
            accounts.clone(),
            changes.clone(),
        );
        let sessions = sessions(&settings, &db, redis.as_ref(), secret, &clock, &accounts);
        let posts = Posts::new(db.clone(), clock.clone(), accounts.clone(), changes.clone());
        let people = People::new(
            db.clone(),
            clock.clone(),
            accounts.clone(),
            sessions.clone(),
            posts.clone(),
            changes.clone(),
        );
        let comments = Comments::new(
            db.clone(),
            clock.clone(),
            posts.clone(),
            accounts.clone(),
            live_site.clone(),
            changes.clone(),
        );
        let profiles = Profiles::new(db.clone(), clock.clone());
        let revisions = Revisions::new(db.clone(), clock.clone(), posts.clone());
        let search = Search::new(
            db.clone(),
            Backend::of_url(&settings.database.url),
            clock.clone(),
        );
        let media = Media::new(
            db.clone(),
            clock.clone(),
            accounts.clone(),
            storage,
            UploadLimits::from_settings(&settings.media),
            settings.media.processing_permits(),
        );
        let page_cache = (settings.cache.max_bytes > 0)
            .then(|| PageCache::new(settings.cache.max_bytes, &changes));
        let limits = WriteLimits::new(&settings.limits, clock.clone(), redis.clone());
        let outbox = Outbox::new(db.clone(), clock.clone(), mail, &settings.email);
        let newsletters = Newsletters::new(
            db.clone(),
            clock.clone(),
            (accounts.clone(), posts.clone(), live_site.clone()),
            settings.server.public_url(),
            &settings.email,
        );
        Self {
            leptos_options,
            settings: Arc::new(settings),
            db,
            clock,
            changes,
            accounts,
            site: live_site,
            site_admin,
            sessions,
            people,
            posts,
            comments,
            profiles,
            revisions,
            search,
            media,
            page_cache,
            redis,
            limits,
            outbox,
            newsletters,
        }
    }
}

/// The session service over the configured store (the database, or Redis), with the
/// sign-in throttle counting in memory or in Redis.
fn sessions(
    settings: &Settings,
    db: &Db,
    redis: Option<&Redis>,
    secret: &SigningSecret,
    clock: &Clock,
    accounts: &Accounts,
) -> Sessions {
    let auth = &settings.auth;
    let tokens = AccessTokens::new(
        secret,
        secret::previous(auth).as_ref(),
        auth.access_token_lifetime,
        auth.clock_leeway,
        clock.clone(),
    );
    let store = sessions::store::configured(settings, db, redis);
    let counts = match redis {
        Some(redis) => CountStore::Redis(redis.clone()),
        None => CountStore::in_memory(),
    };
    Sessions::new(
        store,
        tokens,
        accounts.clone(),
        SecondFactors::new(db.clone(), clock.clone()),
        LoginThrottle::new(counts, clock.clone(), settings.throttle.clone()),
        clock.clone(),
        auth,
    )
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
    site: LiveSite,
    sessions: Sessions,
    posts: Posts,
    comments: Comments,
    profiles: Profiles,
    revisions: Revisions,
    search: Search,
    media: Media,
);
