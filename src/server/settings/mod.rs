//! Runtime settings: `Leptos.toml` overlaid with `BLOG_*` environment variables.
//!
//! Every key has a default, so the server starts with no settings at all. A bad value stops
//! start-up with a message naming the key and what it accepts, rather than surfacing later as a
//! confusing failure in the middle of a request.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    time::Duration,
};

mod defaults;
mod email;
mod media;
mod validate;

pub use email::EmailSettings;
pub use media::{MediaSettings, MediaStoreKind, S3Settings};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};

use serde::{Deserialize, Serialize};

/// The settings file read when `BLOG_CONFIG` names no other.
pub const DEFAULT_SETTINGS_FILE: &str = "Leptos.toml";
/// Environment variables with this prefix override keys: `BLOG_AUTH__SECRET` sets `auth.secret`.
pub const ENV_PREFIX: &str = "BLOG_";
/// Shortest configured signing secret accepted: HS256 wants at least 256 bits of key.
pub const MIN_SECRET_BYTES: usize = 32;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub site: SiteSettings,
    pub auth: AuthSettings,
    pub throttle: ThrottleSettings,
    pub limits: LimitsSettings,
    pub api: ApiSettings,
    pub cache: CacheSettings,
    pub sessions: SessionSettings,
    pub redis: RedisSettings,
    pub media: MediaSettings,
    pub email: EmailSettings,
}

/// Where refresh sessions live (`auth::sessions::store`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSettings {
    pub store: SessionStoreKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionStoreKind {
    /// The SQL database the blog uses: nothing more to run.
    Database,
    /// Redis at `redis.url`, sessions expiring by key TTL.
    Redis,
}

/// Redis, shared by several app servers (`server::shared`). With a URL, login throttling and
/// the page cache's invalidation go through it too; empty, every server keeps them itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedisSettings {
    /// `redis://host:6379/0`; empty: no Redis.
    pub url: String,
    /// Put before every key and channel name, so several blogs can share one Redis.
    pub key_prefix: String,
}

/// The reader page cache (`server::page_cache`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSettings {
    /// Memory for rendered reader pages (all encodings); 0 turns the cache off.
    pub max_bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Where the HTTP server listens.
    pub address: SocketAddr,
    /// The address readers use, e.g. `https://blog.example`. It decides absolute links and,
    /// when it starts with `https://`, `Secure` `__Host-` cookies and HSTS. Empty: plain
    /// HTTP at `address`.
    pub public_url: String,
    /// How many proxies (load balancer, TLS terminator) stand in front of the server: the
    /// client's address is taken that many hops from the right of `X-Forwarded-For`. 0: the
    /// peer's address, and `X-Forwarded-For` is ignored (a client could forge it).
    pub trusted_proxy_hops: usize,
    /// Connections served at once; more wait in the listen queue.
    pub max_connections: usize,
    /// A client must send a request's headers within this time, also on an idle keep-alive
    /// connection, or the connection is closed.
    #[serde(with = "humantime_serde")]
    pub header_read_timeout: Duration,
    /// A request (body read and handler) taking longer is answered 408.
    #[serde(with = "humantime_serde")]
    pub request_timeout: Duration,
    /// Largest request body on the pages' own doors (server functions, `/auth`); `/api` has
    /// `api.max_body_bytes`.
    pub max_body_bytes: usize,
    /// On shutdown, requests in flight get this long to finish.
    #[serde(with = "humantime_serde")]
    pub shutdown_grace: Duration,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.db` (created when missing) or `postgres://...`.
    pub url: String,
    /// Upper bound on pooled connections.
    pub max_connections: u32,
}

/// The site's own settings (`[site]`): what a new site starts with. An admin changes each on
/// the settings page (`server::site`), which then wins over the file.
pub use crate::model::{Registration, SiteSettings};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSettings {
    /// Web origins (`https://app.example`) whose pages may call `/api` from the browser
    /// (CORS). Empty: none, only same-origin pages and non-browser clients.
    pub cors_allowed_origins: Vec<String>,
    /// Largest request body accepted, in bytes; larger ones get 413.
    pub max_body_bytes: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// How long an access token (JWT) is accepted after it is issued.
    #[serde(with = "humantime_serde")]
    pub access_token_lifetime: Duration,
    /// How long a refresh token stays valid after it is issued.
    #[serde(with = "humantime_serde")]
    pub refresh_token_lifetime: Duration,
    /// Whether a refresh renews the refresh token.
    pub refresh_policy: RefreshPolicy,
    /// `rotate` only: no session outlives this, however often it is refreshed.
    #[serde(with = "humantime_serde")]
    pub session_max_lifetime: Duration,
    /// `rotate` only: how long a just-replaced refresh token is still honoured (two tabs
    /// refreshing at once); after that, presenting it revokes the session.
    #[serde(with = "humantime_serde")]
    pub refresh_reuse_grace: Duration,
    /// Clock difference between machines tolerated when checking `exp` and `nbf`.
    #[serde(with = "humantime_serde")]
    pub clock_leeway: Duration,
    /// A new password or email needs the current password, or a session signed into at
    /// most this long ago.
    #[serde(with = "humantime_serde")]
    pub recent_sign_in: Duration,
    /// Password hashes computed at once (each holds a core and 19 MiB); 0: one per core.
    pub hashing_permits: usize,
    /// How long a sign-in waits for a hashing permit before it is answered 429.
    #[serde(with = "humantime_serde")]
    pub hashing_queue_wait: Duration,
    /// The HS256 signing secret. Empty means: use (or create) `secret_file`.
    pub secret: String,
    /// After rotating `secret`: the one before, which still verifies (never signs) access
    /// tokens. Remove it one `access_token_lifetime` after the rotation.
    pub previous_secret: String,
    /// Where the generated secret is kept, readable by its owner only.
    pub secret_file: PathBuf,
}

impl ServerSettings {
    /// The site's address as readers use it, without a trailing slash.
    pub fn public_url(&self) -> String {
        if self.public_url.is_empty() {
            format!("http://{}", self.address)
        } else {
            self.public_url.trim_end_matches('/').to_owned()
        }
    }

    /// Whether readers reach the site over HTTPS.
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

impl AuthSettings {
    /// Hashing permits, with 0 resolved to the number of cores.
    pub fn hashing_permits(&self) -> usize {
        match self.hashing_permits {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            permits => permits,
        }
    }
}

/// Limits on sign-in and sign-up attempts, counted the same on every door. Each budget is free;
/// past it, every further failure doubles the wait before the next attempt (from one second
/// up to `max_back_off`). Counts are forgotten after `window` without a failure. Nothing
/// locks an account for good: the per-account wait never exceeds `max_account_back_off`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThrottleSettings {
    /// Failed sign-ins for one account from one client address.
    pub failures_per_account_and_address: u32,
    /// Failed sign-ins from one client address, whatever the accounts.
    pub failures_per_address: u32,
    /// Failed sign-ins for one account, from anywhere.
    pub failures_per_account: u32,
    /// Sign-ups (successful or not) from one client address.
    pub sign_ups_per_address: u32,
    /// Password-reset emails asked for from one client address (past it, 429).
    pub reset_requests_per_address: u32,
    /// Password-reset emails sent to one account (past it, none is sent, silently: the
    /// answer never says whether an address has an account).
    pub reset_emails_per_account: u32,
    #[serde(with = "humantime_serde")]
    pub window: Duration,
    #[serde(with = "humantime_serde")]
    pub max_back_off: Duration,
    #[serde(with = "humantime_serde")]
    pub max_account_back_off: Duration,
}

/// Writes one account may make (`server::limits`); one client address three times as many.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsSettings {
    pub comments: WriteQuota,
    /// Creating, saving, publishing, restoring and deleting posts.
    pub posts: WriteQuota,
    pub autosaves: WriteQuota,
    pub uploads: WriteQuota,
    /// Favorites and follows.
    pub reactions: WriteQuota,
}

/// `burst` writes at once, then `per_minute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteQuota {
    pub per_minute: u32,
    pub burst: u32,
}

/// What happens to the refresh token when it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefreshPolicy {
    /// The refresh token expires a fixed time after sign-in and is never renewed.
    Fixed,
    /// Every refresh issues a new refresh token and retires the old one.
    Rotate,
}

/// Why the settings could not be used; the message names the offending key.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{0}")]
    Invalid(#[from] Box<figment::Error>),
    #[error("settings key `{key}`: {problem}")]
    Rejected { key: &'static str, problem: String },
    #[error("settings key `site.{key}`: {problem}")]
    RejectedSite { key: &'static str, problem: String },
}

impl Settings {
    /// Reads the settings file named by `BLOG_CONFIG` (default `Leptos.toml`, which may be
    /// absent), then the `BLOG_*` environment variables.
    pub fn load() -> Result<Self, SettingsError> {
        let file = std::env::var_os("BLOG_CONFIG")
            .map(PathBuf::from)
            .unwrap_or_else(|| DEFAULT_SETTINGS_FILE.into());
        // Only `BLOG_<SECTION>__<KEY>`: other `BLOG_*` variables (BLOG_CONFIG) are not keys.
        let env = Env::prefixed(ENV_PREFIX)
            .filter(|key| key.as_str().contains("__"))
            .split("__");
        Self::from_figment(Self::figment(&file).merge(env))
    }

    /// Reads only the given file over the defaults; no environment. Used by tests.
    pub fn from_file(file: &Path) -> Result<Self, SettingsError> {
        Self::from_figment(Self::figment(file))
    }

    fn figment(file: &Path) -> Figment {
        Figment::from(Serialized::defaults(Settings::default())).merge(Toml::file(file))
    }

    fn from_figment(figment: Figment) -> Result<Self, SettingsError> {
        let settings: Settings = figment.extract().map_err(Box::new)?;
        settings.validate()?;
        Ok(settings)
    }
}
