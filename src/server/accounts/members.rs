//! The site's accounts as its admins see them: roles, and the list of members.

use super::{Account, Accounts, MEMBERS_PER_PAGE, MemberRow, RoleGranter, UserId, store};
use crate::{
    model::{Action, Role},
    server::{
        audit::{self, Actor, AuditAction},
        changes::Change,
        error::{DomainError, DomainResult, Resource},
    },
};

impl Accounts {
    /// The account's role, from the same copy as the account: a change through any server is
    /// heard at once (`Change::Account`).
    pub async fn role(&self, id: UserId) -> DomainResult<Role> {
        Ok(self.find(id).await?.role)
    }

    /// Gives the account called `username` a role. `by` an account needs
    /// [`Action::ManageRoles`]; the site always keeps at least one admin.
    pub async fn set_role(
        &self,
        by: RoleGranter,
        username: &str,
        role: Role,
    ) -> DomainResult<Account> {
        let actor = match by {
            RoleGranter::Account(requester) => {
                if !self.role(requester.id).await?.may(Action::ManageRoles) {
                    return Err(DomainError::NotPermitted {
                        resource: Resource::Role,
                        reason: "only admins change roles",
                    });
                }
                self.actor(requester).await?
            }
            RoleGranter::Operator => Actor::CommandLine,
        };
        let id = store::id_by_username(&self.db, username)
            .await?
            .ok_or(DomainError::NotFound(Resource::Profile))?;
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        if !store::set_role(&mut *tx, id, role, now).await? {
            return Err(DomainError::invalid(
                "role",
                "cannot be changed: this is the site's last admin",
            ));
        }
        let subject = format!("{username}: {}", role.name());
        audit::record(&mut *tx, now, &actor, AuditAction::RoleChanged, &subject).await?;
        tx.commit().await?;
        self.changes.announce(Change::Account(id.0));
        self.find(id).await
    }

    /// Up to `limit` (at most [`MEMBERS_PER_PAGE`]) accounts after the first `offset`,
    /// oldest first, for the admin page; and whether more follow.
    pub async fn members(
        &self,
        actor: UserId,
        limit: i64,
        offset: i64,
    ) -> DomainResult<(Vec<MemberRow>, bool)> {
        if !self.role(actor).await?.may(Action::ManageRoles) {
            return Err(DomainError::NotPermitted {
                resource: Resource::Role,
                reason: "only admins see the list of accounts",
            });
        }
        let limit = limit.clamp(1, MEMBERS_PER_PAGE);
        let mut rows = store::members(&self.db, limit + 1, offset.max(0)).await?;
        let has_more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        Ok((rows, has_more))
    }

    /// The account called `username` (in any case).
    pub async fn id_by_username(&self, username: &str) -> DomainResult<Option<UserId>> {
        store::id_by_username(&self.db, username).await
    }

    /// The oldest admin account.
    pub async fn first_admin(&self) -> DomainResult<Option<UserId>> {
        store::first_admin(&self.db).await
    }
}
