//! The `blog` command line: serve the site (the default), create accounts, import and export
//! posts. Each command is a thin door into the same domain the web pages use; this module only
//! parses the arguments, opens the database and reports.

pub mod export;
pub mod front_matter;
pub mod import;
mod links;
pub mod migrate;
mod progress;
pub mod user;

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

use crate::model::Role;
use crate::server::{
    accounts::{Accounts, RoleGranter, passwords::PasswordHasher},
    auth::sessions::store,
    changes::Changes,
    clock::Clock,
    content::{Posts, Search},
    db::{self, Db, DbError},
    error::DomainError,
    media::{
        Media, UploadLimits,
        storage::{MediaStorage, StorageError},
    },
    serve::{StartupError, serve},
    settings::{Settings, SettingsError},
    shared::{Redis, outside},
};

/// Settings come from `Leptos.toml` (or the file named by `BLOG_CONFIG`) and `BLOG_*`
/// environment variables, for every command.
#[derive(Debug, Parser)]
#[command(
    name = "blog",
    version,
    about = "A Rust blog: serve it, and manage it from the shell"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (what `blog` alone does).
    Serve,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Import Markdown files with Zola, Hugo or Jekyll front matter, with the images they show
    /// from the folder; importing again updates the posts in place.
    Import {
        /// Folder searched (with its subfolders) for `*.md` files.
        dir: PathBuf,
        /// Who new posts belong to; by default the first admin.
        #[arg(long)]
        author: Option<String>,
    },
    /// Write every post, drafts too, as `<slug>.md` with TOML front matter (Zola's format), and
    /// the images they show into `media/` beside them.
    Export {
        /// Created when missing; files of the same name are overwritten.
        dir: PathBuf,
    },
    /// Move this SQLite blog, whole, into an empty PostgreSQL database: one transaction,
    /// committed once every table's rows and checksum match. The SQLite file is only read.
    Migrate {
        /// The new database, `postgres://user@host/name`; it must exist and be empty.
        #[arg(long)]
        to: String,
    },
    /// Manage the search index.
    #[command(subcommand)]
    Search(SearchCommand),
    /// Print a new setup link: the address where the site's owner creates their account, the
    /// first admin. Works for 24 hours, once, and only while the site has no admin.
    SetupLink,
}

#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// Index every published post anew. Saves keep the index in step; this is for an index
    /// changed by hand, or restored from an older backup.
    Rebuild,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account, whether or not registration is open. The password is asked for
    /// twice on a terminal, or read as one line from standard input.
    Create {
        /// Make the account an admin (the same as `--role admin`).
        #[arg(long, conflicts_with = "role")]
        admin: bool,
        /// admin, editor, author (the default) or contributor.
        #[arg(long, value_parser = user::parse_role)]
        role: Option<Role>,
        username: String,
        email: String,
    },
    /// Give an account a new password, asked for twice on a terminal or read as one line from
    /// standard input, and end every session it has: the way back in for someone who lost
    /// theirs.
    Password { username: String },
    /// Turn off an account's two-step sign-in (its authenticator app and recovery codes), for
    /// someone who lost both; recorded in the audit log. The password alone signs in again.
    SecondFactorOff { username: String },
    /// Give an account a role: admin, editor, author or contributor. The site keeps at least
    /// one admin.
    Role {
        username: String,
        #[arg(value_parser = user::parse_role)]
        role: Role,
    },
}

impl Cli {
    /// Whether this run is the long-lived server rather than a one-off command.
    pub fn serves(&self) -> bool {
        matches!(self.command, None | Some(Command::Serve))
    }
}

/// Why a command failed; printed once as `error: …` before the process exits.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Startup(#[from] StartupError),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("cannot read the password: {0}")]
    Password(#[from] user::PasswordError),
    #[error("cannot create the account: {0}")]
    User(#[from] DomainError),
    #[error("cannot change the role: {0}")]
    Role(DomainError),
    #[error("cannot set the password: {0}")]
    SetPassword(DomainError),
    #[error("cannot turn off two-step sign-in: {0}")]
    SecondFactor(DomainError),
    #[error("settings key `redis.url`: {0}")]
    Redis(#[from] redis::RedisError),
    #[error("import stopped: {0}")]
    Import(#[from] import::ImportError),
    #[error("export stopped: {0}")]
    Export(#[from] export::ExportError),
    #[error("done, but running servers may show old data until restarted: {0}")]
    Notify(sqlx::Error),
    #[error("search index: {0}")]
    Search(DomainError),
    #[error("migrate stopped: {0}")]
    Migrate(#[from] migrate::MigrateError),
    #[error(transparent)]
    Media(#[from] StorageError),
}

/// Runs the command; the exit code tells a script whether everything went through.
pub async fn run(cli: Cli, settings: Settings) -> Result<ExitCode, CliError> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await?,
        Command::User(UserCommand::Create {
            admin,
            role,
            username,
            email,
        }) => {
            // A prompt blocks on the terminal: off the async workers.
            let password = tokio::task::spawn_blocking(user::read_password)
                .await
                .unwrap_or_else(|failure| std::panic::resume_unwind(failure.into_panic()))?;
            let db = db::connect(&settings.database).await?;
            let role = if admin {
                Role::Admin
            } else {
                role.unwrap_or(Role::Author)
            };
            let created =
                user::create(&accounts(&db, &settings), username, email, password, role).await?;
            println!(
                "created {} {} <{}>",
                created.role, created.username, created.email
            );
        }
        Command::User(UserCommand::Password { username }) => {
            let password = tokio::task::spawn_blocking(user::read_password)
                .await
                .unwrap_or_else(|failure| std::panic::resume_unwind(failure.into_panic()))?;
            let db = db::connect(&settings.database).await?;
            let redis = Redis::from_settings(&settings.redis)?;
            let sessions = store::configured(&settings, &db, redis.as_ref());
            let ended =
                user::set_password(&accounts(&db, &settings), &*sessions, &username, password)
                    .await
                    .map_err(CliError::SetPassword)?;
            println!("{username} has a new password; {ended} sessions were signed out");
        }
        Command::User(UserCommand::SecondFactorOff { username }) => {
            let db = db::connect(&settings.database).await?;
            let removed = user::remove_second_factor(&accounts(&db, &settings), &db, &username)
                .await
                .map_err(CliError::SecondFactor)?;
            if removed {
                println!("{username} signs in with the password alone until they set up a new app");
            } else {
                println!("{username} had no two-step sign-in; nothing changed");
            }
        }
        Command::User(UserCommand::Role { username, role }) => {
            let db = db::connect(&settings.database).await?;
            let account = accounts(&db, &settings)
                .set_role(RoleGranter::Operator, &username, role)
                .await
                .map_err(CliError::Role)?;
            // Running servers forget their copies of accounts within a second.
            outside::mark(&db).await.map_err(CliError::Notify)?;
            println!("{} is now {}", account.username, account.role);
        }
        Command::Import { dir, author } => {
            let db = db::connect(&settings.database).await?;
            let accounts = accounts(&db, &settings);
            let media = media(&db, &settings, &accounts)?;
            let posts = posts(&db, &accounts);
            let summary = import::run(&posts, &accounts, &media, &dir, author.as_deref()).await?;
            // Running servers forget their cached pages within a second.
            outside::mark(&db).await.map_err(CliError::Notify)?;
            println!("{summary}");
            if !summary.failures.is_empty() || !summary.image_failures.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Export { dir } => {
            let db = db::connect(&settings.database).await?;
            let accounts = accounts(&db, &settings);
            let media = media(&db, &settings, &accounts)?;
            let summary = export::run(&posts(&db, &accounts), &media, &dir).await?;
            println!("{summary}");
        }
        Command::Migrate { to } => {
            let summary = migrate::run(&settings.database, &to).await?;
            print!("{summary}");
            println!("point database.url at the new database to serve from it");
        }
        Command::SetupLink => {
            let db = db::connect(&settings.database).await?;
            let public_url = settings.server.public_url();
            match user::setup_address(&accounts(&db, &settings), &public_url).await? {
                Some(address) => println!("{address}"),
                None => {
                    eprintln!(
                        "this site already has its owner (an admin); `blog user role NAME admin` \
                         makes another"
                    );
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Search(SearchCommand::Rebuild) => {
            let db = db::connect(&settings.database).await?;
            let backend = db::Backend::of_url(&settings.database.url);
            let search = Search::new(db, backend, Clock::system());
            let indexed = search.rebuild().await.map_err(CliError::Search)?;
            println!("indexed {indexed} published posts");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The images as commands use them: the site's store, one image processed at a time.
pub fn media(db: &Db, settings: &Settings, accounts: &Accounts) -> Result<Media, CliError> {
    let storage = MediaStorage::from_settings(&settings.media)?;
    Ok(Media::new(
        db.clone(),
        Clock::system(),
        accounts.clone(),
        storage,
        UploadLimits::from_settings(&settings.media),
        1,
    ))
}

/// The posts as commands use them: the system clock; the servers hear of the changes
/// through `outside::mark`.
pub fn posts(db: &Db, accounts: &Accounts) -> Posts {
    Posts::new(
        db.clone(),
        Clock::system(),
        accounts.clone(),
        Changes::new(),
    )
}

/// The account rules as commands use them: the system clock, one hash at a time.
pub fn accounts(db: &Db, settings: &Settings) -> Accounts {
    Accounts::new(
        db.clone(),
        Clock::system(),
        PasswordHasher::new(1, std::time::Duration::from_secs(60)),
        crate::server::site::LiveSite::new(settings.site.clone()),
        Changes::new(),
    )
}
