//! The audit log: what admins did, who, to what, when and from where, written in the
//! transaction of the change it records, so the log never says something happened that did
//! not (or misses what did). Read on its own admin page; kept to the newest
//! [`KEPT_ENTRIES`].

pub mod store;

use std::net::IpAddr;

use crate::server::{db::Db, error::DomainResult};

/// How many entries are kept; older ones are pruned by the workers.
pub const KEPT_ENTRIES: i64 = 10_000;
/// Entries on one page of the log.
pub const ENTRIES_PER_PAGE: i64 = 50;

/// Who did it: an admin's account through a door (and the address they came from), or
/// the site's operator at the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Account {
        id: i64,
        name: String,
        address: Option<IpAddr>,
    },
    CommandLine,
}

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    RoleChanged,
    SettingsChanged,
    Invited,
    InvitationRevoked,
    Suspended,
    Reinstated,
    AccountDeleted,
    Banned,
    BanLifted,
    PasswordReset,
    SecondFactorRemoved,
}

impl AuditAction {
    /// Every action, for the pages that word them in a reader's language.
    pub const ALL: [Self; 11] = [
        Self::RoleChanged,
        Self::SettingsChanged,
        Self::Invited,
        Self::InvitationRevoked,
        Self::Suspended,
        Self::Reinstated,
        Self::AccountDeleted,
        Self::Banned,
        Self::BanLifted,
        Self::PasswordReset,
        Self::SecondFactorRemoved,
    ];

    /// The stored name: English, as the log keeps it.
    pub fn name(self) -> &'static str {
        match self {
            Self::RoleChanged => "role changed",
            Self::SettingsChanged => "settings changed",
            Self::Invited => "invitation made",
            Self::InvitationRevoked => "invitation revoked",
            Self::Suspended => "account suspended",
            Self::Reinstated => "account reinstated",
            Self::AccountDeleted => "account deleted",
            Self::Banned => "account banned",
            Self::BanLifted => "ban lifted",
            Self::PasswordReset => "password reset",
            Self::SecondFactorRemoved => "second factor removed",
        }
    }
}

/// Records that `actor` did `action` to `subject`, as part of `executor`'s transaction.
pub async fn record<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    at: i64,
    actor: &Actor,
    action: AuditAction,
    subject: &str,
) -> DomainResult<()> {
    let (actor_id, name, address) = match actor {
        Actor::Account { id, name, address } => {
            (Some(*id), name.as_str(), address.map(|a| a.to_string()))
        }
        Actor::CommandLine => (None, "the command line", None),
    };
    store::insert(
        executor,
        store::NewEntry {
            at,
            actor_id,
            actor: name,
            action: action.name(),
            subject,
            address,
        },
    )
    .await
}

/// One page of the log, newest first, before the entry `before` (none: from the newest),
/// and one entry more when older ones follow.
pub async fn page(db: &Db, before: Option<i64>) -> DomainResult<Vec<store::EntryRow>> {
    store::page(db, before.unwrap_or(i64::MAX), ENTRIES_PER_PAGE + 1).await
}
