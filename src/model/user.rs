//! Accounts as the UI sees them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Author,
}

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
    pub signed_in: super::Moment,
    pub last_used: super::Moment,
    /// The device asking.
    pub current: bool,
}
