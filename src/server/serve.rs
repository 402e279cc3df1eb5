//! Start-up and shutdown: settings, secret, database, listener, and a graceful stop.

use leptos::prelude::{LeptosOptions, get_configuration};
use tokio::net::TcpListener;

use super::{
    clock::Clock,
    db::{self, Backend, DbError},
    error::DomainError,
    listener::{self, ConnectionLimits},
    media::storage::MediaStorage,
    router::router,
    secret::{self, SecretError},
    settings::{Settings, SettingsError},
    shared::{Redis, relay::Relay},
    state::{AppState, Connections},
    workers,
};

/// Why the server could not start or stopped abnormally; printed once, then the process exits.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("settings key `redis.url`: {0}")]
    Redis(#[from] redis::RedisError),
    #[error(transparent)]
    Media(#[from] super::media::storage::StorageError),
    #[error("cannot reach the mail relay: {0}")]
    Email(String),
    #[error("cannot read the site's settings: {0}")]
    SiteSettings(DomainError),
    #[error("cannot read which accounts are suspended: {0}")]
    Suspensions(DomainError),
    #[error("cannot build the search index: {0}")]
    SearchIndex(DomainError),
    #[error("cannot read the Leptos build settings (LEPTOS_* variables): {0}")]
    Leptos(String),
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: std::net::SocketAddr,
        source: std::io::Error,
    },
}

/// Everything the app needs at run time, built from the settings, on the given clock.
pub async fn build_state(
    settings: Settings,
    leptos_options: LeptosOptions,
    clock: Clock,
) -> Result<AppState, StartupError> {
    let secret = secret::load_or_create(&settings.auth)?;
    let db = db::connect(&settings.database).await?;
    let redis = Redis::from_settings(&settings.redis)?;
    let relay = match (&redis, Backend::of_url(&settings.database.url)) {
        (Some(redis), _) => Some(Relay::Redis(redis.clone())),
        (None, Backend::Postgres) => Some(Relay::Postgres {
            url: settings.database.url.clone(),
            db: db.clone(),
        }),
        (None, Backend::Sqlite) => None,
    };
    let storage = MediaStorage::from_settings(&settings.media)?;
    let mail = super::email::Relay::from_settings(&settings.email).map_err(StartupError::Email)?;
    let connections = Connections {
        db,
        redis,
        storage,
        mail,
    };
    let state = AppState::new(settings, leptos_options, connections, &secret, clock);
    state
        .site
        .reload(&state.db)
        .await
        .map_err(StartupError::SiteSettings)?;
    state
        .accounts
        .reread_suspensions()
        .await
        .map_err(StartupError::Suspensions)?;
    if let Some(indexed) = state
        .search
        .rebuild_if_outdated()
        .await
        .map_err(StartupError::SearchIndex)?
    {
        tracing::info!(posts = indexed, "search index rebuilt for new term rules");
    }
    if let Some(relay) = relay {
        relay.start(&state.changes);
    }
    Ok(state)
}

/// The build-time half of the configuration (bundle name, site folder, file hashing), which
/// cargo-leptos passes as `LEPTOS_*` variables; the listen address comes from our settings.
pub fn leptos_options(settings: &Settings) -> Result<LeptosOptions, StartupError> {
    let mut options = get_configuration(None)
        .map_err(|error| StartupError::Leptos(error.to_string()))?
        .leptos_options;
    options.site_addr = settings.server.address;
    // A deployed binary is production unless told otherwise; `cargo leptos watch` (which sets
    // LEPTOS_WATCH) is development, with its live-reload script.
    if std::env::var_os("LEPTOS_ENV").is_none() {
        options.env = if std::env::var_os("LEPTOS_WATCH").is_some() {
            leptos::config::Env::DEV
        } else {
            leptos::config::Env::PROD
        };
    }
    // A binary built with `hash-files` knows it; no need to repeat it at run time.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = option_env!("LEPTOS_HASH_FILES") == Some("true");
    }
    if options.hash_files {
        // leptos reads this file beside the binary for every page and panics without it.
        let hash_file = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join(&*options.hash_file)));
        if !hash_file.as_ref().is_some_and(|file| file.is_file()) {
            return Err(StartupError::Leptos(format!(
                "the bundle was built with hashed file names, but {} is missing; keep the \
                 hash file cargo-leptos wrote beside the binary",
                hash_file.unwrap_or_default().display()
            )));
        }
    }
    Ok(options)
}

/// Serves until SIGTERM or Ctrl-C, lets in-flight requests finish (within the grace), then
/// closes the pool.
pub async fn serve(settings: Settings) -> Result<(), StartupError> {
    let address = settings.server.address;
    let limits = ConnectionLimits {
        max_connections: settings.server.max_connections,
        header_read_timeout: settings.server.header_read_timeout,
        shutdown_grace: settings.server.shutdown_grace,
    };
    let state = build_state(
        settings.clone(),
        leptos_options(&settings)?,
        Clock::system(),
    )
    .await?;
    let db = state.db.clone();
    offer_setup_link(&state).await;
    workers::start(&state);
    let listener = TcpListener::bind(address)
        .await
        .map_err(|source| StartupError::Listen { address, source })?;
    tracing::info!("listening on http://{address}");
    listener::serve(listener, router(state), limits, shutdown_signal()).await;
    tracing::info!("closing the database");
    db.close().await;
    Ok(())
}

/// While the site has no owner, prints the address where they create their account: the
/// one place its token is shown (it works once, for a day; `blog setup-link` prints another).
async fn offer_setup_link(state: &AppState) {
    match state.accounts.new_setup_link().await {
        Ok(Some(link)) => tracing::warn!(
            "this site has no owner yet: open {}{} to create the owner's account (the link works \
             once, for 24 hours; `blog setup-link` prints another)",
            state.settings.server.public_url(),
            crate::model::routes::setup_href(&link.0),
        ),
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "cannot make a setup link"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
