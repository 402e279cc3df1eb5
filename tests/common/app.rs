//! The application under test: the real router and state over a real database (a SQLite file
//! in a temporary folder, or a fresh PostgreSQL database), on a clock the test moves.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use axum::{Router, body::Body, http::Request};
use blog::server::{
    changes::Change,
    clock::Clock,
    random::random_hex,
    router::router,
    serve::build_state,
    settings::{SessionStoreKind, Settings},
    state::AppState,
};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use tempfile::TempDir;
use tokio::sync::RwLock;
use tower::ServiceExt;

use super::Reply;

/// Building a router generates Leptos' route list, which sets a process-wide flag that keeps
/// every `Resource` from loading while it is up (leptos_server's `SuppressResourceLoad`). A
/// page rendered by another test at that moment waits forever. Requests share this lock, and
/// building a router takes it alone.
static ROUTE_LIST: RwLock<()> = RwLock::const_new(());

pub struct TestApp {
    pub state: AppState,
    router: Router,
    /// Holds the database, the secret and the fake site folder until the test ends.
    pub dir: TempDir,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_settings(|_| {}).await
    }

    pub async fn with_settings(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::build(adjust, false).await
    }

    /// As if built by cargo-leptos with `hash-files`. Pages cannot be rendered then (leptos
    /// reads the hash file beside the running binary), only `/pkg` files served.
    pub async fn with_hashed_bundle() -> Self {
        Self::build(|_| {}, true).await
    }

    async fn build(adjust: impl FnOnce(&mut Settings), hash_files: bool) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let mut settings = Settings::default();
        settings.database.url = match postgres_server() {
            Some(server) => fresh_postgres_database(&server).await,
            None => format!("sqlite://{}/blog.db", dir.path().display()),
        };
        if let Some(url) = redis_server() {
            settings.redis.url = url;
            settings.redis.key_prefix = format!("blog-test-{}", random_hex(8));
            settings.sessions.store = SessionStoreKind::Redis;
        }
        settings.auth.secret_file = dir.path().join("jwt-secret");
        settings.media.folder = dir.path().join("media");
        settings.site.title = "Test Blog".into();
        adjust(&mut settings);
        Self::start(settings, dir, hash_files, Clock::manual()).await
    }

    /// A second app server over the same database, secret and Redis, as behind a load
    /// balancer: what one stores, the other reads; what one changes, the other hears.
    pub async fn another_server(&self) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        // One clock for both, as two machines synchronised by NTP.
        Self::start(
            (*self.state.settings).clone(),
            dir,
            false,
            self.state.clock.clone(),
        )
        .await
    }

    async fn start(settings: Settings, dir: TempDir, hash_files: bool, clock: Clock) -> Self {
        let site_root = dir.path().join("site");
        std::fs::create_dir_all(site_root.join("pkg")).unwrap();
        let options = LeptosOptions::builder()
            .output_name("blog")
            .site_root(site_root.display().to_string())
            .site_pkg_dir("pkg")
            .hash_files(hash_files)
            .build();
        let state = build_state(settings, options, clock)
            .await
            .expect("app state");
        let router = {
            let _alone = ROUTE_LIST.write().await;
            router(state.clone())
        };
        Self { state, router, dir }
    }

    /// The router itself, to serve over a real socket.
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Hears every change announced here from now on: this server's own, and those other
    /// servers relay to it.
    pub fn listen(&self) -> Heard {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        self.state.changes.listen(move |change| {
            let _ = sender.send(change.clone());
        });
        Heard(receiver)
    }

    /// Moves the application's clock forward: tokens and sessions age at once.
    pub fn advance(&self, by: Duration) {
        self.state.clock.advance(by);
    }

    /// Just long enough for every access token issued so far to be expired.
    pub fn let_access_tokens_expire(&self) {
        let auth = &self.state.settings.auth;
        self.advance(auth.access_token_lifetime + auth.clock_leeway + Duration::from_secs(1));
    }

    /// The files in the media folder (for a test of what an upload stored).
    pub fn media_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.state.settings.media.folder)
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Whether the database is the SQLite file in `dir` (not a PostgreSQL server).
    pub fn on_sqlite(&self) -> bool {
        self.state.settings.database.url.starts_with("sqlite:")
    }

    pub fn write_site_file(&self, relative: impl AsRef<Path>, contents: &[u8]) {
        let path = PathBuf::from(&*self.state.leptos_options.site_root).join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Sends a request through the router and reads the whole answer.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let _shared = ROUTE_LIST.read().await;
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible router");
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("a readable body").to_bytes();
        Reply::new(parts.status, parts.headers, bytes.to_vec())
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.get_with(uri, &[]).await
    }

    /// A GET with some request headers, as a browser sends for a page or a file.
    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }
}

/// The changes one server hears, from the moment it began to listen.
pub struct Heard(tokio::sync::mpsc::UnboundedReceiver<Change>);

impl Heard {
    /// Waits until a change `wanted` (or `Everything`) is heard: at most five seconds, as a
    /// relay between servers is asynchronous. By then the server's caches have forgotten what
    /// it makes stale (they listen first).
    pub async fn until(&mut self, wanted: impl Fn(&Change) -> bool) {
        let heard = async {
            while let Some(change) = self.0.recv().await {
                if wanted(&change) || change == Change::Everything {
                    return true;
                }
            }
            false
        };
        let heard = tokio::time::timeout(Duration::from_secs(5), heard).await;
        assert!(
            heard.unwrap_or(false),
            "the change was not heard within five seconds"
        );
    }
}

/// `BLOG_TEST_REDIS_URL=redis://host:port` keeps sessions and throttle counts in Redis (each
/// test under a key prefix of its own) and relays changes through it.
fn redis_server() -> Option<String> {
    std::env::var("BLOG_TEST_REDIS_URL").ok()
}

/// Tests that apply to one database or store only are never counted as passed elsewhere:
/// those of PostgreSQL or Redis are `#[ignore]`d (a run on SQLite reports them as ignored;
/// scripts/test-postgres runs them with `--include-ignored`), and those of SQLite alone are
/// named `sqlite_only_…` (scripts/test-postgres filters them out by that name, and reports
/// them as filtered out). Each begins by requiring what it tests, so a run that has it not
/// fails rather than passes.
pub fn require_postgres() -> String {
    postgres_server()
        .expect("this test is of PostgreSQL: set BLOG_TEST_POSTGRES_URL (scripts/test-postgres)")
}

/// For a test of Redis alone: see [`require_postgres`].
pub fn require_redis() {
    assert!(
        redis_server().is_some(),
        "this test is of Redis: set BLOG_TEST_REDIS_URL (scripts/test-postgres)"
    );
}

impl TestApp {
    /// For a test of SQLite alone (named `sqlite_only_…`): see [`require_postgres`].
    pub fn require_sqlite(&self) {
        assert!(
            self.on_sqlite(),
            "this test is of SQLite: run it without BLOG_TEST_POSTGRES_URL"
        );
    }
}

/// `BLOG_TEST_POSTGRES_URL=postgres://user@host` runs the suite against PostgreSQL instead.
pub fn postgres_server() -> Option<String> {
    std::env::var("BLOG_TEST_POSTGRES_URL").ok()
}

/// Each test gets a database of its own (`blog_test_<random>`); scripts/test-postgres drops
/// them afterwards. SQLite stays the default: nothing to install.
pub async fn fresh_postgres_database(server: &str) -> String {
    use sqlx::Connection;
    let name = format!("blog_test_{}", random_hex(8));
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("connect to the PostgreSQL test server");
    // The name is ours (hex), not input; CREATE DATABASE takes no parameters.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    format!("{server}/{name}")
}
