//! The database pool, over SQLite by default or PostgreSQL, chosen by the URL at run time.
//!
//! sqlx's `Any` driver lets one set of queries serve both backends: the queries use `$N`
//! placeholders and portable SQL, and only the migrations (DDL) differ per backend.

use std::{path::Path, time::Duration};

use sqlx::{
    Executor,
    any::{AnyPoolOptions, install_default_drivers},
    migrate::Migrator,
};

mod columns;
mod unique;

pub use unique::violated_constraint;

use crate::server::settings::DatabaseSettings;

pub type Db = sqlx::AnyPool;

/// How long a request waits for a connection before it is answered 503: a database that is
/// down makes requests fail fast instead of piling up.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the database folder {path}: {source}")]
    CreateFolder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database at {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Which server speaks behind the pool; picks the migrations and per-connection setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Self {
        if url.starts_with("sqlite:") {
            Self::Sqlite
        } else {
            Self::Postgres
        }
    }

    /// Which server an open connection talks to.
    pub fn of_connection(connection: &sqlx::AnyConnection) -> Self {
        if connection.backend_name() == "SQLite" {
            Self::Sqlite
        } else {
            Self::Postgres
        }
    }
}

/// Opens the pool (creating a SQLite file and its folder when missing) and brings the schema
/// up to date.
pub async fn connect(settings: &DatabaseSettings) -> Result<Db, DbError> {
    install_default_drivers();
    let backend = Backend::of_url(&settings.url);
    let url = match backend {
        Backend::Sqlite => prepare_sqlite_url(&settings.url)?,
        Backend::Postgres => settings.url.clone(),
    };
    let pool = AnyPoolOptions::new()
        .max_connections(settings.max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // Safe with WAL, and saves an fsync per commit.
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await
        .map_err(|source| DbError::Connect {
            url: redact_password(&settings.url),
            source,
        })?;
    if backend == Backend::Sqlite {
        // Readers never wait for the writer. The mode is stored in the file, so once suffices.
        pool.execute("PRAGMA journal_mode = WAL")
            .await
            .map_err(|source| DbError::Connect {
                url: settings.url.clone(),
                source,
            })?;
    }
    let migrations = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrations.run(&pool).await?;
    Ok(pool)
}

/// The rows of a query asked for one more than `limit`: at most `limit` of them, and whether
/// more follow (the one more tells, without counting the rest).
pub fn with_more<T>(mut rows: Vec<T>, limit: i64) -> (Vec<T>, bool) {
    let limit = usize::try_from(limit).unwrap_or(0);
    let more = rows.len() > limit;
    rows.truncate(limit);
    (rows, more)
}

/// Opens an existing SQLite file for reading only: no migrations, no writes.
pub async fn connect_read_only(url: &str) -> Result<Db, DbError> {
    install_default_drivers();
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    if !Path::new(path).is_file() {
        return Err(DbError::Connect {
            url: url.to_owned(),
            source: sqlx::Error::Configuration(format!("no SQLite file at {path}").into()),
        });
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    AnyPoolOptions::new()
        .max_connections(2)
        .connect(&format!("{url}{separator}mode=ro"))
        .await
        .map_err(|source| DbError::Connect {
            url: url.to_owned(),
            source,
        })
}

/// Answers whether the database responds; what `/healthz` reports.
pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    db.execute("SELECT 1").await.map(drop)
}

/// Creates the folder of a SQLite file and asks sqlx to create the file itself when missing.
fn prepare_sqlite_url(url: &str) -> Result<String, DbError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Ok(url.to_owned());
    }
    if let Some(folder) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder).map_err(|source| DbError::CreateFolder {
            path: folder.display().to_string(),
            source,
        })?;
    }
    Ok(if query.split('&').any(|pair| pair.starts_with("mode=")) {
        url.to_owned()
    } else if query.is_empty() {
        format!("{url}?mode=rwc")
    } else {
        format!("{url}&mode=rwc")
    })
}

/// Keeps passwords in database URLs out of error messages and logs.
fn redact_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _password)) => {
                    format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
                }
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_ask_for_the_file_to_be_created() {
        assert_eq!(
            prepare_sqlite_url("sqlite::memory:").unwrap(),
            "sqlite::memory:"
        );
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/nested/blog.db", dir.path().display());
        assert_eq!(prepare_sqlite_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(dir.path().join("nested").is_dir());
        let url_with_mode = format!("sqlite://{}/blog.db?mode=ro", dir.path().display());
        assert_eq!(prepare_sqlite_url(&url_with_mode).unwrap(), url_with_mode);
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_password("postgres://blog:s3cret@db.example/blog"),
            "postgres://blog:***@db.example/blog"
        );
        assert_eq!(
            redact_password("postgres://blog@localhost/blog"),
            "postgres://blog@localhost/blog"
        );
    }
}
