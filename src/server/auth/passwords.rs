//! Password hashing: argon2id with the argon2 crate's defaults (the OWASP parameters:
//! 19 MiB, 2 passes, 1 lane), always on the blocking pool so a login never stalls the runtime.

use std::sync::LazyLock;

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};

/// Verified against when the user does not exist, so that "no such user" costs as much time
/// as "wrong password" and the two cannot be told apart.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking(&super::random_token(16)).expect("hashing a random password"));

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashingError(String);

pub async fn hash(password: String) -> Result<String, HashingError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|error| HashingError(error.to_string()))?
}

/// True when `password` matches `stored`; with `None` (no such user) checks a dummy hash
/// and answers false.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, HashingError> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed = PasswordHash::new(&stored).map_err(|error| HashingError(error.to_string()))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches)
    })
    .await
    .map_err(|error| HashingError(error.to_string()))?
}

fn hash_blocking(password: &str) -> Result<String, HashingError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| HashingError(error.to_string()))
}
