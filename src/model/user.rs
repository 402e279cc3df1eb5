//! Accounts as the UI sees them.

use serde::{Deserialize, Serialize};

use super::Role;

/// The signed-in user's own account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub username: String,
    pub email: String,
    pub bio: Option<String>,
    pub image: Option<String>,
    pub role: Role,
}

/// What signing in or up returns. The access token also arrives in the `X-Access-Token`
/// header, which is where the browser app takes it from; the refresh token only ever travels
/// in an `HttpOnly` cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub user: User,
    pub access_token: String,
}

/// A device signed into the account, as the settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// The session's id, to end it.
    pub id: String,
    /// The browser, as it described itself.
    pub user_agent: String,
    /// Its browser's name and major version ("Firefox 133"), when the description names one.
    pub browser: Option<String>,
    /// Its operating system ("Linux", "iPhone"), when the description names one.
    pub system: Option<String>,
    pub signed_in: super::Moment,
    pub last_used: super::Moment,
    /// The device asking.
    pub current: bool,
    /// How it signed in.
    pub sign_in_method: super::SignInMethod,
}

/// Why a setup link makes no owner (`server::accounts::owner`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SetupLinkRefusal {
    #[error(
        "this setup link was used or has expired; `blog setup-link` on the server prints a new one"
    )]
    UsedOrExpired,
    #[error("this site already has its owner; sign in instead")]
    SiteHasOwner,
}

/// An invitation that can still be used, as the admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: i64,
    /// The role the new account gets.
    pub role: Role,
    /// Who made it (gone if their account was deleted).
    pub invited_by: Option<String>,
    pub created: super::Moment,
    pub expires: super::Moment,
}

/// A new invitation and its link, shown once: only a digest of it is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInvitation {
    pub invitation: Invitation,
    /// The sign-up address with the invitation's token.
    pub link: String,
}

/// One entry of the audit log: who did what to what, when, from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: super::Moment,
    /// The admin's name then, or "the command line".
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub address: Option<String>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Where the next (older) page starts, if there is one.
    pub older: Option<i64>,
}
