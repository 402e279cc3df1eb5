//! The error every server function returns: serializable, so the browser gets the same value
//! the server produced, and specific enough for the UI to act on (show it beside a field, or
//! send the reader to the sign-in page).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// A value the user typed is not acceptable; `field` names the form field.
    #[error("{field} {message}")]
    Invalid { field: String, message: String },
    /// The value is taken by someone else (a username, an email address).
    #[error("{field} has already been taken")]
    Taken { field: String },
    /// Wrong username or password; deliberately does not say which.
    #[error("wrong username or password")]
    BadCredentials,
    /// A second-factor code that is wrong, or was used already.
    #[error("that code is wrong, or was used already")]
    BadSecondFactor,
    /// The second step of a sign-in came too late (or twice): start again with the password.
    #[error("this sign-in has expired; enter your password again")]
    SignInChallengeEnded,
    /// No valid access token and no valid refresh token: the user must sign in (again).
    #[error("please sign in again")]
    SignInRequired,
    /// A change that could hand the account to someone else (password, email) needs the
    /// current password or a recent sign-in.
    #[error("please sign in again (or give your current password) to change this")]
    RecentSignInRequired,
    /// Signed in, but not allowed to do this.
    #[error("you are not allowed to do that")]
    Forbidden,
    /// The account's role does not allow this; the message says what would.
    #[error("{0}")]
    NotPermitted(String),
    #[error("not found")]
    NotFound,
    /// The site takes no new sign-ups; its admin creates accounts.
    #[error("this site is not taking new sign-ups")]
    RegistrationClosed,
    /// The site's admins suspended this account: it can read, not sign in.
    #[error("this account is suspended: you can read, but not sign in; ask the site's admins")]
    AccountSuspended,
    /// A setup link that cannot make the site's owner (used, expired, or the site has one).
    #[error("{0}")]
    SetupLink(super::SetupLinkRefusal),
    /// Too many attempts, or the server is busy; try again after `retry_after` seconds.
    #[error("too many attempts; please try again in {retry_after} seconds")]
    TooManyRequests { retry_after: u64 },
    /// Something the request needs is down for a moment.
    #[error("{0} is unavailable; please try again shortly")]
    Unavailable(String),
    /// The request came from another site.
    #[error("cross-site request refused")]
    CrossSite,
    /// The request itself was malformed (not something a user typed).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Anything else, including failures to reach the server. The details are in the server log.
    #[error("{0}")]
    Server(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// The HTTP status that carries this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid { .. } => 422,
            Self::Taken { .. } => 409,
            Self::BadCredentials
            | Self::BadSecondFactor
            | Self::SignInChallengeEnded
            | Self::SignInRequired => 401,
            Self::Forbidden
            | Self::NotPermitted(_)
            | Self::CrossSite
            | Self::RegistrationClosed
            | Self::AccountSuspended
            | Self::RecentSignInRequired => 403,
            Self::TooManyRequests { .. } => 429,
            Self::Unavailable(_) => 503,
            Self::NotFound => 404,
            Self::SetupLink(_) => 410,
            Self::BadRequest(_) => 400,
            Self::Server(_) => 500,
        }
    }

    /// The message for a form field, if this error belongs to that field.
    pub fn for_field(&self, name: &str) -> Option<String> {
        match self {
            Self::Invalid { field, message } if field == name => Some(message.clone()),
            Self::Taken { field } if field == name => Some("has already been taken".into()),
            _ => None,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(error: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match error {
            E::Args(_) | E::MissingArg(_) | E::Deserialization(_) => {
                Self::BadRequest(error.to_string())
            }
            other => Self::Server(other.to_string()),
        }
    }
}
