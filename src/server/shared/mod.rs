//! What several app servers share beyond the SQL database: a Redis connection (sessions,
//! login throttling), the relay that tells every server what changed on another, and the
//! counter that tells them what the command line changed.
//!
//! Redis may be down while the servers are up. A command then fails within about a second
//! with `DomainError::Unavailable` (503 at every door: never a silent sign-out, never a
//! token accepted unchecked), and the next command after it comes back reconnects.

pub mod outside;
pub mod relay;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use redis::{
    Client,
    aio::{ConnectionManager, ConnectionManagerConfig},
};
use tokio::sync::Mutex;

use crate::server::{
    error::{DomainError, DomainResult},
    settings::RedisSettings,
};

/// How long a command may take, a connection attempt too, before Redis counts as down.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(1);
/// After a failed connection attempt, commands fail at once for this long instead of each
/// waiting for an attempt of its own.
const RECONNECT_PAUSE: Duration = Duration::from_millis(500);

/// What a caller is told when Redis does not answer.
pub const UNAVAILABLE: &str = "the session store";

/// A handle on Redis, cheap to clone. Connects on first use and after every outage.
#[derive(Clone)]
pub struct Redis {
    client: Client,
    prefix: Arc<str>,
    link: Arc<Mutex<Link>>,
}

#[derive(Default)]
struct Link {
    manager: Option<ConnectionManager>,
    failed_at: Option<Instant>,
}

impl std::fmt::Debug for Redis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redis")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl Redis {
    /// A handle for `settings.url`; nothing is connected yet. `None` without a URL.
    pub fn from_settings(settings: &RedisSettings) -> Result<Option<Self>, redis::RedisError> {
        if settings.url.is_empty() {
            return Ok(None);
        }
        Ok(Some(Self {
            client: Client::open(settings.url.as_str())?,
            prefix: settings.key_prefix.as_str().into(),
            link: Arc::default(),
        }))
    }

    /// `<prefix>:<name>`: every key and channel of this blog.
    pub fn key(&self, name: impl std::fmt::Display) -> String {
        format!("{}:{name}", self.prefix)
    }

    /// A connection for one or a few commands; fails fast while Redis is down.
    pub async fn connection(&self) -> DomainResult<ConnectionManager> {
        let mut link = self.link.lock().await;
        if let Some(manager) = &link.manager {
            return Ok(manager.clone());
        }
        if link
            .failed_at
            .is_some_and(|at| at.elapsed() < RECONNECT_PAUSE)
        {
            return Err(DomainError::Unavailable(UNAVAILABLE));
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(RESPONSE_TIMEOUT)
            .set_response_timeout(RESPONSE_TIMEOUT)
            .set_number_of_retries(1)
            .set_max_delay(200);
        match ConnectionManager::new_with_config(self.client.clone(), config).await {
            Ok(manager) => {
                link.failed_at = None;
                link.manager = Some(manager.clone());
                Ok(manager)
            }
            Err(error) => {
                link.failed_at = Some(Instant::now());
                tracing::warn!(%error, "Redis does not answer");
                Err(DomainError::Unavailable(UNAVAILABLE))
            }
        }
    }

    /// A dedicated connection for receiving published messages.
    pub async fn subscriber(&self) -> redis::RedisResult<redis::aio::PubSub> {
        tokio::time::timeout(RESPONSE_TIMEOUT, self.client.get_async_pubsub())
            .await
            .map_err(|_| {
                redis::RedisError::from((redis::ErrorKind::IoError, "connection timed out"))
            })?
    }

    /// Whether Redis answers `PING` now.
    pub async fn ping(&self) -> DomainResult<()> {
        let mut connection = self.connection().await?;
        redis::cmd("PING")
            .query_async::<String>(&mut connection)
            .await
            .map(drop)
            .map_err(unavailable)
    }
}

/// A failed command: logged once here, told to the caller as 503.
pub fn unavailable(error: redis::RedisError) -> DomainError {
    tracing::warn!(%error, "a Redis command failed");
    DomainError::Unavailable(UNAVAILABLE)
}
