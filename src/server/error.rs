//! The one error of the domain (accounts, sessions, content). Fields carry the domain's own
//! names (`tags`, `current_password`); each door (server functions, the REST API, the seed
//! endpoints, the command line) maps this enum to its own shape in exactly one place.

use std::time::Duration;

pub use crate::model::SetupLinkRefusal;

/// What a `NotFound` or `Forbidden` is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Article,
    Comment,
    Profile,
    Session,
    Role,
    Upload,
    Revision,
    Site,
    Invitation,
    Message,
}

impl Resource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Article => "article",
            Self::Comment => "comment",
            Self::Profile => "profile",
            Self::Session => "session",
            Self::Role => "role",
            Self::Upload => "upload",
            Self::Revision => "revision",
            Self::Site => "settings",
            Self::Invitation => "invitation",
            Self::Message => "message",
        }
    }
}

impl std::fmt::Display for Resource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// A value is not acceptable; `field` is the domain's name for it.
    #[error("{field} {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// An uploaded file is of a kind the site does not take (not an image, an SVG).
    #[error("{field} {message}")]
    Unsupported {
        field: &'static str,
        message: String,
    },
    /// An uploaded file is larger than the site takes.
    #[error("{field} {message}")]
    TooLarge {
        field: &'static str,
        message: String,
    },
    /// A value that must be unique is someone else's.
    #[error("{field} has already been taken")]
    Taken { field: &'static str },
    /// Wrong login or password; deliberately does not say which.
    #[error("wrong username or password")]
    BadCredentials,
    /// The refresh token is unknown, expired or revoked, or the account is gone.
    #[error("the session has ended; sign in again")]
    SessionEnded,
    /// The second step of a sign-in came after its challenge ended (expired, or used).
    #[error("this sign-in has expired; enter your password again")]
    SignInChallengeEnded,
    /// A second-factor code that is wrong, or was used already.
    #[error("wrong code")]
    BadSecondFactor,
    /// A change that needs proof of a recent sign-in (password, email) came without it.
    #[error("sign in again to change this")]
    ReauthenticationRequired,
    #[error("{0} not found")]
    NotFound(Resource),
    #[error("{0} forbidden")]
    Forbidden(Resource),
    /// The account's role does not allow the action; `reason` says what would.
    #[error("{resource}: {reason}")]
    NotPermitted {
        resource: Resource,
        reason: &'static str,
    },
    #[error("registration is closed")]
    RegistrationClosed,
    /// The right password, for an account its site's admins suspended.
    #[error("this account is suspended; ask the site's admins")]
    AccountSuspended,
    /// A setup link that cannot make the site's owner.
    #[error("{0}")]
    SetupLink(SetupLinkRefusal),
    /// Too many attempts; try again after the given time.
    #[error("too many attempts; try again in {} seconds", retry_after.as_secs().max(1))]
    Throttled { retry_after: Duration },
    /// Every slot for expensive work (password hashing) is taken; try again shortly.
    #[error("the server is busy; try again in {} seconds", retry_after.as_secs().max(1))]
    Busy { retry_after: Duration },
    /// A store the request needs does not answer (the session store, say).
    #[error("{0} is unavailable; try again shortly")]
    Unavailable(&'static str),
    /// A failure on our side. Logged by the door; the caller learns nothing more.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl DomainError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }

    pub fn too_long(field: &'static str, max_chars: usize) -> Self {
        Self::invalid(
            field,
            format!("is too long (maximum is {max_chars} characters)"),
        )
    }
}

/// What went wrong on our side; only ever logged.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("password hashing: {0}")]
    Hashing(String),
    #[error("media storage: {0}")]
    Storage(#[from] object_store::Error),
    #[error("{0}")]
    Other(String),
}

impl From<sqlx::Error> for DomainError {
    /// A database that does not answer is a 503 the caller may retry, not our bug.
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                tracing::warn!(%error, "the database does not answer");
                Self::Unavailable("the database")
            }
            error => Self::Internal(InternalError::Database(error)),
        }
    }
}

impl From<object_store::Error> for DomainError {
    /// The media store failing is our problem, logged by the door.
    fn from(error: object_store::Error) -> Self {
        Self::Internal(InternalError::Storage(error))
    }
}

pub type DomainResult<T> = Result<T, DomainError>;
