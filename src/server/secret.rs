//! The token-signing secret: taken from the settings, or generated once and kept on disk.
//!
//! A generated secret must survive restarts (or every signed-in user would be signed out), and
//! must be readable by the server's user only, so the file is created with mode 0600 and a file
//! that others can read is refused rather than trusted.

use std::{
    fs,
    io::{self, Write},
    os::unix::fs::{OpenOptionsExt, PermissionsExt},
    path::{Path, PathBuf},
};

use super::settings::{AuthSettings, MIN_SECRET_BYTES};

/// The key that signs and verifies access tokens. Its bytes never appear in logs or `Debug`.
#[derive(Clone)]
pub struct SigningSecret(Vec<u8>);

impl SigningSecret {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningSecret(..)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("cannot {action} the secret file {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error(
        "the secret file {path} can be read by other users (mode {mode:o}); run `chmod 600 {path}`"
    )]
    Exposed { path: PathBuf, mode: u32 },
    #[error("the secret file {path} holds {len} bytes; it needs at least {MIN_SECRET_BYTES}")]
    TooShort { path: PathBuf, len: usize },
}

/// The secret before the last rotation (`auth.previous_secret`), if one is set.
pub fn previous(auth: &AuthSettings) -> Option<SigningSecret> {
    (!auth.previous_secret.is_empty())
        .then(|| SigningSecret(auth.previous_secret.as_bytes().to_vec()))
}

/// Returns the configured secret, or the one in `auth.secret_file`, creating that file with
/// 256 random bits on first start.
pub fn load_or_create(auth: &AuthSettings) -> Result<SigningSecret, SecretError> {
    if !auth.secret.is_empty() {
        return Ok(SigningSecret(auth.secret.as_bytes().to_vec()));
    }
    let path = &auth.secret_file;
    match read_private_file(path) {
        Ok(secret) => Ok(secret),
        Err(SecretError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            create(path)
        }
        Err(other) => Err(other),
    }
}

fn read_private_file(path: &Path) -> Result<SigningSecret, SecretError> {
    let io_error = |action| {
        move |source| SecretError::Io {
            action,
            path: path.to_owned(),
            source,
        }
    };
    let mode = fs::metadata(path)
        .map_err(io_error("read"))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(SecretError::Exposed {
            path: path.to_owned(),
            mode: mode & 0o777,
        });
    }
    let secret = fs::read_to_string(path).map_err(io_error("read"))?;
    let secret = secret.trim();
    if secret.len() < MIN_SECRET_BYTES {
        return Err(SecretError::TooShort {
            path: path.to_owned(),
            len: secret.len(),
        });
    }
    Ok(SigningSecret(secret.as_bytes().to_vec()))
}

fn create(path: &Path) -> Result<SigningSecret, SecretError> {
    let io_error = |action| {
        move |source| SecretError::Io {
            action,
            path: path.to_owned(),
            source,
        }
    };
    let mut random = [0u8; 32];
    getrandom::fill(&mut random)
        .map_err(|error| io::Error::other(error.to_string()))
        .map_err(io_error("generate"))?;
    let secret = hex::encode(random);
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io_error("create the folder of"))?;
    }
    // `create_new` so that two servers starting at once cannot overwrite each other's secret.
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            return read_private_file(path);
        }
        Err(error) => return Err(io_error("create")(error)),
    };
    writeln!(file, "{secret}").map_err(io_error("write"))?;
    file.sync_all().map_err(io_error("write"))?;
    tracing::info!(path = %path.display(), "generated a new token-signing secret");
    Ok(SigningSecret(secret.into_bytes()))
}
