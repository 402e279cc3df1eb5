//! Invitations: an admin makes a link with the role the new account gets and an expiry; it
//! signs one person up whatever the registration mode, once. Like the setup link, only a
//! digest of its token is kept, and the account is made in the transaction that uses it up.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{Account, Accounts, NewAccount, Requester, UserId, invitation_store as store};
use crate::{
    model::{Action, Role},
    server::{
        audit::{self, AuditAction},
        error::{DomainError, DomainResult, Resource},
        random::random_hex,
    },
};

/// The longest an invitation may stay open.
pub const MAX_INVITATION_DAYS: u32 = 30;
/// The most pending invitations the admin page lists.
pub const INVITATIONS_LISTED: i64 = 100;

/// An invitation still usable, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingInvitation {
    pub id: i64,
    pub role: Role,
    pub invited_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

impl From<store::PendingRow> for PendingInvitation {
    fn from((id, role, invited_by, created_at, expires_at): store::PendingRow) -> Self {
        Self {
            id,
            role,
            invited_by,
            created_at,
            expires_at,
        }
    }
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Accounts {
    /// A new invitation for an account with `role`, usable for `days` days: its token, shown
    /// once.
    pub async fn invite(
        &self,
        requester: Requester,
        role: Role,
        days: u32,
    ) -> DomainResult<(PendingInvitation, String)> {
        self.require_member_admin(requester.id).await?;
        if !(1..=MAX_INVITATION_DAYS).contains(&days) {
            return Err(DomainError::invalid(
                "days",
                format!("must be between 1 and {MAX_INVITATION_DAYS}"),
            ));
        }
        let token = random_hex(32);
        let now = self.clock.now_millis();
        let lifetime = Duration::from_secs(u64::from(days) * 24 * 60 * 60);
        let actor = self.actor(requester).await?;
        let mut tx = self.db.begin().await?;
        let id = store::insert(
            &mut *tx,
            store::NewInvitationRow {
                digest: &digest(&token),
                role,
                created_by: requester.id,
                now,
                expires_at: now + lifetime.as_millis() as i64,
            },
        )
        .await?;
        let subject = format!("#{id}: {} for {days} days", role.name());
        audit::record(&mut *tx, now, &actor, AuditAction::Invited, &subject).await?;
        tx.commit().await?;
        let invitation = store::pending_one(&self.db, id)
            .await?
            .ok_or(DomainError::NotFound(Resource::Invitation))?;
        tracing::info!(
            by = requester.id.0,
            role = role.name(),
            "an invitation was made"
        );
        Ok((invitation.into(), token))
    }

    /// The invitations that can still be used, the longest-lived first.
    pub async fn pending_invitations(&self, actor: UserId) -> DomainResult<Vec<PendingInvitation>> {
        self.require_member_admin(actor).await?;
        let now = self.clock.now_millis();
        let rows = store::pending(&self.db, now, INVITATIONS_LISTED).await?;
        Ok(rows.into_iter().map(PendingInvitation::from).collect())
    }

    /// Makes an invitation unusable.
    pub async fn revoke_invitation(&self, requester: Requester, id: i64) -> DomainResult<()> {
        self.require_member_admin(requester.id).await?;
        let actor = self.actor(requester).await?;
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        if !store::revoke(&mut *tx, id, now).await? {
            return Err(DomainError::NotFound(Resource::Invitation));
        }
        let subject = format!("#{id}");
        audit::record(
            &mut *tx,
            now,
            &actor,
            AuditAction::InvitationRevoked,
            &subject,
        )
        .await?;
        tx.commit().await?;
        tracing::info!(
            by = requester.id.0,
            invitation = id,
            "an invitation was revoked"
        );
        Ok(())
    }

    /// Signs someone up with an invitation, whatever the registration mode: the account gets
    /// the invitation's role. A refused account (a name taken, a weak password) leaves the
    /// invitation usable.
    pub async fn sign_up_invited(
        &self,
        token: &str,
        new: NewAccount,
        language: crate::i18n::Locale,
    ) -> DomainResult<Account> {
        let checked = self.checked(new).await?;
        let now = self.clock.now_millis();
        let digest = digest(token.trim());
        let mut tx = self.db.begin().await?;
        let Some(role) = store::take(&mut *tx, &digest, now).await? else {
            return Err(DomainError::invalid(
                "invitation",
                "has been used, revoked or has expired; ask for a new one",
            ));
        };
        let id = super::store::insert(&mut *tx, checked.row(role, now)).await?;
        store::used_by(&mut *tx, &digest, id).await?;
        self.write_verification(&mut tx, &checked.addressee(id), language)
            .await?;
        tx.commit().await?;
        tracing::info!(account = id.0, role = role.name(), "an invitation was used");
        self.find(id).await
    }

    async fn require_member_admin(&self, actor: UserId) -> DomainResult<()> {
        if self.role(actor).await?.may(Action::ManageRoles) {
            Ok(())
        } else {
            Err(DomainError::NotPermitted {
                resource: Resource::Invitation,
                reason: "only admins invite people",
            })
        }
    }
}
