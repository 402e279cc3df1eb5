//! Password hashing: argon2id with the argon2 crate's defaults (the OWASP parameters:
//! 19 MiB, 2 passes, 1 lane), on the blocking pool so a sign-in never stalls the async workers,
//! and behind a semaphore: each hash holds a core and 19 MiB, so a flood of sign-in attempts
//! waits briefly for a permit and is then turned away (`Busy`) instead of exhausting the machine.

use std::{
    sync::{Arc, LazyLock},
    time::Duration,
};

use argon2::{
    Argon2,
    password_hash::{
        PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString, rand_core::OsRng,
    },
};
use tokio::sync::Semaphore;

use crate::server::error::{DomainError, DomainResult, InternalError};

/// Verified against when the user does not exist, so that "no such user" costs as much time
/// as "wrong password" and the two cannot be told apart.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_now(&crate::server::random::random_hex(16)).expect("hashing a random password")
});

/// How long a refused caller is told to wait.
const BUSY_RETRY_AFTER: Duration = Duration::from_secs(1);

#[derive(Clone, Debug)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    queue_wait: Duration,
}

impl PasswordHasher {
    /// At most `permits` hashes at once; a caller waits up to `queue_wait` for a permit.
    pub fn new(permits: usize, queue_wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            queue_wait,
        }
    }

    pub async fn hash(&self, password: String) -> DomainResult<String> {
        self.run(move || hash_now(&password)).await?
    }

    /// True when `password` matches `stored`; with `None` (no such user) checks a dummy hash
    /// and answers false.
    pub async fn verify(&self, password: String, stored: Option<String>) -> DomainResult<bool> {
        self.run(move || {
            let known = stored.is_some();
            let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
            let parsed = PasswordHash::new(&stored).map_err(hashing_error)?;
            let matches = Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            Ok(known && matches)
        })
        .await?
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> DomainResult<T> {
        let permit = tokio::time::timeout(self.queue_wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| DomainError::Busy {
                retry_after: BUSY_RETRY_AFTER,
            })?
            .map_err(|closed| InternalError::Other(closed.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let result = work();
            drop(permit);
            result
        })
        .await
        .map_err(|failure| InternalError::Hashing(failure.to_string()).into())
    }
}

fn hash_now(password: &str) -> DomainResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(hashing_error)
}

fn hashing_error(error: impl std::fmt::Display) -> DomainError {
    InternalError::Hashing(error.to_string()).into()
}
