//! The site's email as admins see it in the outbox: what went, what waits, what failed and why.

use serde::{Deserialize, Serialize};

use super::Moment;

/// One message in the outbox (never its body: a reset link is its reader's secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    /// What it is: `password_reset`, …
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    /// `queued`, `sending`, `sent` or `failed`.
    pub state: String,
    /// Tries so far.
    pub attempts: i64,
    pub queued_at: Moment,
    /// When it is tried next, while queued.
    pub next_attempt_at: Option<Moment>,
    pub sent_at: Option<Moment>,
    /// The relay's (or the connection's) last refusal.
    pub last_error: Option<String>,
}

/// A page of the outbox, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxPage {
    pub messages: Vec<OutboxMessage>,
    /// Where the next (older) page starts, if there may be one.
    pub older: Option<i64>,
    /// Whether the site has a relay configured at all.
    pub sending: bool,
}

/// The signed-in account's address: verified or not, and whether the site can verify it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailStatus {
    pub verified: bool,
    /// Whether the site sends email at all.
    pub sending: bool,
}

/// Which email notices an account gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notices {
    /// A comment on one's post.
    pub comments: bool,
    /// A comment held for moderation (for those who moderate).
    pub held: bool,
}

/// What a post's newsletter did, for its author: shown in the editor once it went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsletterReport {
    /// Readers it was written to (each address once).
    pub recipients: i64,
    /// Of those, messages the relay has taken.
    pub delivered: i64,
    /// Whether every reader's message is written.
    pub finished: bool,
    /// Why it was not sent, when it was not (`not sent: …`); `sent` when it was.
    pub outcome: Option<String>,
}
