//! Second factors as the UI sees them: the two steps of a sign-in, how a device signed in,
//! and the account page's settings.

use serde::{Deserialize, Serialize};

use super::SignedIn;

/// What a password (or a reset link) leads to: signed in, or a code is needed first. The
/// first serializes exactly as [`SignedIn`] does, so clients that never meet a second factor
/// read the answer they always read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SignInStep {
    SecondFactorRequired {
        second_factor_required: SecondFactorChallenge,
    },
    SignedIn(SignedIn),
}

/// The half-way point of a sign-in: send `challenge` back with a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorChallenge {
    pub challenge: String,
    /// Seconds it lasts.
    pub expires_in: u64,
}

/// How a session was signed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    Password,
    PasswordAndTotp,
    RecoveryCode,
}

impl SignInMethod {
    /// As stored with a session.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::PasswordAndTotp => "password+totp",
            Self::RecoveryCode => "recovery_code",
        }
    }

    /// A stored method; an unknown one (written by a later version) reads as a password.
    pub fn parse(stored: &str) -> Self {
        match stored {
            "password+totp" => Self::PasswordAndTotp,
            "recovery_code" => Self::RecoveryCode,
            _ => Self::Password,
        }
    }
}

/// The account page's second-factor settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorSettings {
    /// An authenticator app is on.
    pub totp: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: u32,
}

/// An authenticator app being set up: its link as a QR code, and the secret as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    pub secret: String,
    pub uri: String,
    /// A `data:` URL of an SVG image.
    pub qr_code: String,
}
