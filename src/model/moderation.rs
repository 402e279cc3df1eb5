//! Comments waiting for a moderator, and accounts banned from writing, as the moderation
//! page shows them.

use serde::{Deserialize, Serialize};

use super::{Comment, Moment, PostLink};

/// The count of waiting comments in a moderator's header stops here ("99+").
pub const WAITING_COUNT_CAP: i64 = 100;

/// What held a comment back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    /// The site holds every comment.
    Policy,
    /// The site holds an account's comments until one is approved.
    FirstComment,
    /// More links than the site's limit.
    Links,
    /// A word from the owner's list.
    Words,
}

impl HoldReason {
    pub const ALL: [HoldReason; 4] = [Self::Policy, Self::FirstComment, Self::Links, Self::Words];

    pub fn name(self) -> &'static str {
        match self {
            Self::Policy => "policy",
            Self::FirstComment => "first_comment",
            Self::Links => "links",
            Self::Words => "words",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.name() == name)
    }
}

/// Which comments a moderator looks through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// Waiting for a decision.
    #[default]
    Held,
    /// Marked spam: out of sight, kept so a mistake can be undone.
    Spam,
}

impl QueueKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Held => "held",
            Self::Spam => "spam",
        }
    }
}

/// A comment in the moderation queue, with the post it is under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedComment {
    pub comment: Comment,
    pub post: PostLink,
}

/// One page of the queue, oldest first: the longest waiting is decided first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationQueue {
    pub comments: Vec<QueuedComment>,
    pub more: bool,
}

/// What a moderator decides about a waiting comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// It shows to everyone.
    Approve,
    /// It is deleted.
    Reject,
    /// It is kept out of sight as spam.
    Spam,
    /// Marked spam, and its writer banned from writing.
    Ban,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [Self::Approve, Self::Reject, Self::Spam, Self::Ban];

    pub fn name(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Spam => "spam",
            Self::Ban => "ban",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|verdict| verdict.name() == name)
    }
}

/// An account banned from writing: it reads, but neither comments nor posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannedAccount {
    pub username: String,
    pub banned: Moment,
}
