//! The admin pages' calls: the site's accounts, their roles and suspensions, invitations,
//! settings and the audit log. The domain decides who may.

use leptos::{prelude::*, server_fn::codec::Json};

use super::client::AuthClient;
use crate::model::{
    AppError, AuditPage, Invitation, MemberPage, MemberQuery, NewInvitation, PostPage, Role,
    SiteSettingsChange, SiteSettingsPage, TheirPosts,
};

/// A page of the site's accounts, searched, filtered and sorted: admins only.
#[server(prefix = "/rpc", endpoint = "admin/members", client = AuthClient, input = Json)]
pub async fn list_members(query: MemberQuery) -> Result<MemberPage, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let (rows, has_more) = app_state()?
        .accounts
        .members(subject.user_id, &query)
        .await?;
    Ok(MemberPage {
        members: rows.into_iter().map(member).collect(),
        has_more,
    })
}

/// Suspends an account and ends its sessions on every server: admins only, never an admin.
#[server(prefix = "/rpc", endpoint = "admin/suspend", client = AuthClient, input = Json)]
pub async fn suspend_member(username: String) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let requester = requester().await?;
    Ok(app_state()?.sessions.suspend(requester, &username).await?)
}

/// Turns off the two-step sign-in of a member who lost their app and recovery codes: admins
/// only, never an admin's; recorded in the audit log.
#[server(prefix = "/rpc", endpoint = "admin/second-factor-off", client = AuthClient, input = Json)]
pub async fn remove_member_second_factor(username: String) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let requester = requester().await?;
    Ok(app_state()?
        .people
        .remove_second_factor(requester, &username)
        .await?)
}

/// Lifts an account's suspension: admins only.
#[server(prefix = "/rpc", endpoint = "admin/reinstate", client = AuthClient, input = Json)]
pub async fn reinstate_member(username: String) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let requester = requester().await?;
    Ok(app_state()?
        .sessions
        .reinstate(requester, &username)
        .await?)
}

/// Deletes an account (admins only, never an admin's), handing its posts to another author
/// or deleting them; answers how many posts went.
#[server(prefix = "/rpc", endpoint = "admin/delete", client = AuthClient, input = Json)]
pub async fn delete_member(username: String, their_posts: TheirPosts) -> Result<u64, AppError> {
    use crate::server_fns::context::*;
    let requester = requester().await?;
    Ok(app_state()?
        .people
        .delete(requester, &username, &their_posts)
        .await?)
}

/// Gives an account a role: admins only; the last admin keeps theirs.
#[server(prefix = "/rpc", endpoint = "admin/role", client = AuthClient, input = Json)]
pub async fn set_member_role(username: String, role: Role) -> Result<Role, AppError> {
    use crate::server::accounts::RoleGranter;
    use crate::server_fns::context::*;
    let requester = requester().await?;
    let account = app_state()?
        .accounts
        .set_role(RoleGranter::Account(requester), &username, role)
        .await?;
    Ok(account.role)
}

/// Others' drafts, for editors and admins to review and publish.
#[server(prefix = "/rpc", endpoint = "posts/review", client = AuthClient, input = Json)]
pub async fn drafts_to_review(page: i64) -> Result<PostPage, AppError> {
    use crate::server::content::Page;
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let page = Page::numbered(page, Page::MAX_LIMIT);
    Ok(app_state()?
        .posts
        .drafts_to_review(subject.user_id, page)
        .await?)
}

#[cfg(feature = "ssr")]
fn member(row: crate::server::accounts::MemberRow) -> crate::model::Member {
    use crate::server::content::moment;
    crate::model::Member {
        username: row.username,
        email: row.email,
        role: row.role,
        published_posts: row.published_posts,
        joined: moment(row.created_at),
        suspended: row.suspended_at.map(moment),
        two_step: row.two_step > 0,
    }
}

/// The site's settings, with where each value comes from: admins only.
#[server(prefix = "/rpc", endpoint = "site/settings", client = AuthClient, input = Json)]
pub async fn site_settings() -> Result<SiteSettingsPage, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .site_admin
        .settings_page(subject.user_id)
        .await?)
}

/// Saves the site's settings; those listed in `from_file` go back to the file's values.
#[server(prefix = "/rpc", endpoint = "site/settings/save", client = AuthClient, input = Json)]
pub async fn save_site_settings(change: SiteSettingsChange) -> Result<SiteSettingsPage, AppError> {
    use crate::server_fns::context::*;
    let requester = requester().await?;
    Ok(app_state()?.site_admin.save(requester, change).await?)
}

/// The invitations that can still be used: admins only.
#[server(prefix = "/rpc", endpoint = "admin/invitations", client = AuthClient, input = Json)]
pub async fn list_invitations() -> Result<Vec<Invitation>, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let pending = app_state()?
        .accounts
        .pending_invitations(subject.user_id)
        .await?;
    Ok(pending.into_iter().map(invitation).collect())
}

/// A new invitation for an account with `role`, usable for `days` days, and its link.
#[server(prefix = "/rpc", endpoint = "admin/invite", client = AuthClient, input = Json)]
pub async fn invite(role: Role, days: u32) -> Result<NewInvitation, AppError> {
    use crate::model::routes::invitation_href;
    use crate::server_fns::context::*;
    let requester = requester().await?;
    let state = app_state()?;
    let (pending, token) = state.accounts.invite(requester, role, days).await?;
    Ok(NewInvitation {
        invitation: invitation(pending),
        link: format!(
            "{}{}",
            state.settings.server.public_url(),
            invitation_href(&token)
        ),
    })
}

/// Makes an invitation unusable.
#[server(prefix = "/rpc", endpoint = "admin/invitations/revoke", client = AuthClient, input = Json)]
pub async fn revoke_invitation(id: i64) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let requester = requester().await?;
    Ok(app_state()?
        .accounts
        .revoke_invitation(requester, id)
        .await?)
}

#[cfg(feature = "ssr")]
fn invitation(pending: crate::server::accounts::PendingInvitation) -> Invitation {
    use crate::server::content::moment;
    Invitation {
        id: pending.id,
        role: pending.role,
        invited_by: pending.invited_by,
        created: moment(pending.created_at),
        expires: moment(pending.expires_at),
    }
}

/// A page of the audit log, newest first, before the entry `before`: admins only.
#[server(prefix = "/rpc", endpoint = "admin/audit", client = AuthClient, input = Json)]
pub async fn audit_log(before: Option<i64>) -> Result<AuditPage, AppError> {
    use crate::model::AuditEntry;
    use crate::server::content::moment;
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let (rows, more) = app_state()?
        .site_admin
        .audit_log(subject.user_id, before)
        .await?;
    let entries: Vec<AuditEntry> = rows
        .into_iter()
        .map(|(id, at, actor, action, subject, address)| AuditEntry {
            id,
            at: moment(at),
            actor,
            action,
            subject,
            address,
        })
        .collect();
    let older = more.then(|| entries.last().map(|entry| entry.id)).flatten();
    Ok(AuditPage { entries, older })
}

/// The newest messages in the outbox (of one `state`, or all) older than `before`: admins
/// only.
#[server(prefix = "/rpc", endpoint = "admin/outbox", client = AuthClient, input = Json)]
pub async fn outbox(
    state: Option<String>,
    before: Option<i64>,
) -> Result<crate::model::OutboxPage, AppError> {
    use crate::model::{OutboxMessage, OutboxPage};
    use crate::server::{content::moment, email::OUTBOX_LISTED};
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let app = app_state()?;
    app.accounts
        .require_admin(subject.user_id, "only admins see the site's email")
        .await?;
    let rows = app
        .outbox
        .listed(state.as_deref().filter(|state| !state.is_empty()), before)
        .await?;
    let full = rows.len() as i64 == OUTBOX_LISTED;
    let messages: Vec<OutboxMessage> = rows
        .into_iter()
        .map(|row| OutboxMessage {
            id: row.id,
            next_attempt_at: (row.state == "queued").then(|| moment(row.next_attempt_at)),
            kind: row.kind,
            recipient: row.recipient,
            subject: row.subject,
            state: row.state,
            attempts: row.attempts,
            queued_at: moment(row.queued_at),
            sent_at: row.sent_at.map(moment),
            last_error: row.last_error,
        })
        .collect();
    let older = full
        .then(|| messages.last().map(|message| message.id))
        .flatten();
    Ok(OutboxPage {
        messages,
        older,
        sending: app.outbox.enabled(),
    })
}

/// Queues a sent or failed message again: admins only.
#[server(prefix = "/rpc", endpoint = "admin/outbox/resend", client = AuthClient, input = Json)]
pub async fn resend_message(id: i64) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let app = app_state()?;
    app.accounts
        .require_admin(subject.user_id, "only admins resend the site's email")
        .await?;
    Ok(app.outbox.resend(id).await?)
}
