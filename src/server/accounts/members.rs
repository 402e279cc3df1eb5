//! The site's accounts as its admins see them: roles, the list of members, suspensions.

use super::{Account, Accounts, MemberRow, Requester, RoleGranter, UserId, member_store, store};
use crate::{
    model::{Action, MEMBER_SEARCH_MAX_CHARS, MEMBERS_PER_PAGE, MemberQuery, Role},
    server::{
        audit::{self, Actor, AuditAction},
        changes::Change,
        error::{DomainError, DomainResult, Resource},
    },
};

/// The deepest page of the members list.
const MAX_MEMBER_PAGE: i64 = 1_000;

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

    /// A page of the members list, as [`MemberQuery`] asks: admins only. A search longer
    /// than any name or address is refused before anything is read.
    pub async fn members(
        &self,
        actor: UserId,
        query: &MemberQuery,
    ) -> DomainResult<(Vec<MemberRow>, bool)> {
        self.require_admin(actor, "only admins see the list of accounts")
            .await?;
        let search = query.search.trim().to_lowercase();
        if search.chars().count() > MEMBER_SEARCH_MAX_CHARS {
            return Err(DomainError::invalid(
                "search",
                format!(
                    "is longer than any name or address ({MEMBER_SEARCH_MAX_CHARS} characters at most)"
                ),
            ));
        }
        // Deep pages cost what they skip: a thousand pages of fifty is as far as a person reads.
        let page = query.page.clamp(1, MAX_MEMBER_PAGE);
        let offset = (page - 1) * MEMBERS_PER_PAGE;
        let mut rows = member_store::members(
            &self.db,
            &search,
            query.filter,
            query.sort,
            MEMBERS_PER_PAGE + 1,
            offset,
        )
        .await?;
        let has_more = rows.len() as i64 > MEMBERS_PER_PAGE && page < MAX_MEMBER_PAGE;
        rows.truncate(MEMBERS_PER_PAGE as usize);
        Ok((rows, has_more))
    }

    /// Suspends the account called `username`: admins only, never an admin (demote them
    /// first) nor oneself. The caller ends its sessions (`Sessions::suspend`).
    pub async fn suspend(&self, by: Requester, username: &str) -> DomainResult<UserId> {
        self.require_admin(by.id, "only admins suspend accounts")
            .await?;
        let id = self.not_an_admin(username).await?;
        self.mark_suspension(by, id, username, true).await?;
        Ok(id)
    }

    /// The account called `username`, unless it is an admin's (oneself included): an admin is
    /// given another role before being suspended or deleted, so the site keeps its admins.
    pub async fn not_an_admin(&self, username: &str) -> DomainResult<UserId> {
        let id = self.member_id(username).await?;
        if self.find(id).await?.role == Role::Admin {
            return Err(DomainError::invalid(
                "username",
                "is an admin: give them another role first",
            ));
        }
        Ok(id)
    }

    /// Lifts the suspension of the account called `username`: admins only.
    pub async fn reinstate(&self, by: Requester, username: &str) -> DomainResult<()> {
        self.require_admin(by.id, "only admins reinstate accounts")
            .await?;
        let id = self.member_id(username).await?;
        self.mark_suspension(by, id, username, false).await
    }

    async fn mark_suspension(
        &self,
        by: Requester,
        id: UserId,
        username: &str,
        suspended: bool,
    ) -> DomainResult<()> {
        let actor = self.actor(by).await?;
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        let changed = if suspended {
            member_store::suspend(&mut *tx, id, now).await?
        } else {
            member_store::reinstate(&mut *tx, id, now).await?
        };
        if changed {
            let action = if suspended {
                AuditAction::Suspended
            } else {
                AuditAction::Reinstated
            };
            audit::record(&mut *tx, now, &actor, action, username).await?;
        }
        tx.commit().await?;
        // Announced even when nothing changed: a server that missed the first news hears it.
        // Every server has it before the admin's page answers.
        self.changes
            .announce_everywhere(Change::Suspension {
                account: id.0,
                suspended,
            })
            .await;
        self.changes.announce(Change::Account(id.0));
        Ok(())
    }

    /// Whether the account is suspended, as this server knows without the database.
    pub fn is_suspended(&self, id: UserId) -> bool {
        self.suspensions.contains(id)
    }

    /// Reads the suspended accounts again (at start, then every [`super::SUSPENSIONS_REREAD`]).
    pub async fn reread_suspensions(&self) -> DomainResult<u64> {
        self.suspensions.reread(&self.db).await?;
        Ok(0)
    }

    pub async fn require_admin(&self, actor: UserId, reason: &'static str) -> DomainResult<()> {
        if self.role(actor).await?.may(Action::ManageRoles) {
            Ok(())
        } else {
            Err(DomainError::NotPermitted {
                resource: Resource::Role,
                reason,
            })
        }
    }

    pub async fn member_id(&self, username: &str) -> DomainResult<UserId> {
        store::id_by_username(&self.db, username)
            .await?
            .ok_or(DomainError::NotFound(Resource::Profile))
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
