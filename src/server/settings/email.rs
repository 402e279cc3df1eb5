//! `[email]`: the SMTP relay and how the outbox uses it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Email through an SMTP relay (`server::email`). With no relay, nothing is sent and the
/// features that need mail say so.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    /// `smtp://host:25` (no TLS), `smtp://host:587?tls=required` (STARTTLS),
    /// `smtps://user:password@host:465` (TLS from the start); empty: no email.
    pub smtp_url: String,
    /// The sender every message carries: `Blog <blog@example.com>`.
    pub from: String,
    /// The first wait after a temporary failure (the relay down, a 4xx); each next one doubles,
    /// up to an hour.
    #[serde(with = "humantime_serde")]
    pub retry_after: Duration,
    /// How long a message is retried before it is given up, its last failure kept.
    #[serde(with = "humantime_serde")]
    pub give_up_after: Duration,
    /// Messages one server hands to the relay at once.
    pub sends_at_once: usize,
    /// How long a server's claim on a message (or on a newsletter being written out) holds:
    /// one whose server died mid-send is taken up by another after this.
    #[serde(with = "humantime_serde")]
    pub claim_lease: Duration,
}

impl EmailSettings {
    /// Whether the site can send email at all.
    pub fn enabled(&self) -> bool {
        !self.smtp_url.is_empty()
    }
}

impl std::fmt::Debug for EmailSettings {
    /// Never the relay's password, which the URL may hold.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailSettings")
            .field("enabled", &self.enabled())
            .field("from", &self.from)
            .field("retry_after", &self.retry_after)
            .field("give_up_after", &self.give_up_after)
            .field("sends_at_once", &self.sends_at_once)
            .field("claim_lease", &self.claim_lease)
            .finish_non_exhaustive()
    }
}
