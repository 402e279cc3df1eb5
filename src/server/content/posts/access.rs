//! Who may see and change a post, by the roles' table (`model::Role::may`): anyone writes
//! drafts, authors publish their own posts, editors and admins anyone's. A draft exists only
//! for its author and those who edit others' posts; everyone else gets "not found".

use super::Posts;
use crate::{
    model::{Action, PostKind, PostStatus, Role},
    server::{
        accounts::UserId,
        content::store::posts::{self as post_store, StoredPost},
        error::{DomainError, DomainResult, Resource},
    },
};

/// Why a banned account's write is refused.
pub const BANNED: &str = "a moderator banned this account from writing: it can read, but not \
     comment or post";

/// Why only some may write a standalone page.
pub const PAGES_ARE_THE_SITES: &str = "standalone pages belong to the site: editors and admins \
     write them";

/// Whether `role` writes standalone pages: those who edit everyone's posts do.
fn page_writer(role: Role) -> DomainResult<()> {
    if role.may(Action::EditOthers) {
        Ok(())
    } else {
        Err(DomainError::NotPermitted {
            resource: Resource::Article,
            reason: PAGES_ARE_THE_SITES,
        })
    }
}

/// Why a page cannot have `slug` as its address.
pub(super) fn reserved_page_slug(slug: &str) -> String {
    format!("gives the address /{slug}, which the site uses itself; choose another title")
}

/// The id and author of a post a viewer can see, for the things that hang off it.
pub struct VisiblePost {
    pub id: i64,
    pub author_id: UserId,
    pub status: PostStatus,
    pub comments_closed: bool,
}

impl Posts {
    /// The post behind `slug`, if `viewer` can see it.
    pub(in crate::server::content) async fn visible(
        &self,
        slug: &str,
        viewer: Option<UserId>,
    ) -> DomainResult<VisiblePost> {
        let stored = post_store::stored(&self.db, slug)
            .await?
            .ok_or(DomainError::NotFound(Resource::Article))?;
        // Nothing hangs off a standalone page: no comments, no favorites.
        if stored.kind == PostKind::Page
            || (stored.status == PostStatus::Draft
                && !self.may_see_draft(viewer, stored.author_id).await?)
        {
            return Err(DomainError::NotFound(Resource::Article));
        }
        Ok(VisiblePost {
            id: stored.id,
            author_id: stored.author_id,
            status: stored.status,
            comments_closed: stored.comments_closed_at.is_some(),
        })
    }

    /// Whether `actor`'s role allows `action`.
    pub(in crate::server::content) async fn may(
        &self,
        actor: UserId,
        action: Action,
    ) -> DomainResult<bool> {
        Ok(self.accounts.role(actor).await?.may(action))
    }

    pub(super) async fn may_see_draft(
        &self,
        viewer: Option<UserId>,
        author: UserId,
    ) -> DomainResult<bool> {
        Ok(match viewer {
            None => false,
            Some(viewer) if viewer == author => true,
            Some(viewer) => self.may(viewer, Action::EditOthers).await?,
        })
    }

    /// Refuses an account a moderator banned from writing: it reads, and writes nothing.
    pub(in crate::server::content) async fn not_banned(
        &self,
        actor: UserId,
        writing: Resource,
    ) -> DomainResult<()> {
        if self.accounts.find(actor).await?.banned_at.is_some() {
            return Err(DomainError::NotPermitted {
                resource: writing,
                reason: BANNED,
            });
        }
        Ok(())
    }

    /// Whether `actor` may write standalone pages: they belong to the site, so those who edit
    /// everyone's posts (editors, admins) do.
    pub(super) async fn may_write_pages(&self, actor: UserId) -> DomainResult<()> {
        page_writer(self.accounts.role(actor).await?)
    }

    /// Whether `actor` may publish, unpublish or schedule a post by `author`: their own with
    /// [`Action::PublishOwn`], anyone's with [`Action::PublishOthers`].
    pub(super) async fn may_publish(&self, actor: UserId, author: UserId) -> DomainResult<()> {
        let needed = if actor == author {
            Action::PublishOwn
        } else {
            Action::PublishOthers
        };
        if self.may(actor, needed).await? {
            Ok(())
        } else {
            Err(DomainError::NotPermitted {
                resource: Resource::Article,
                reason: "contributors write drafts; an editor publishes them",
            })
        }
    }

    /// The post, if `actor` may change (or delete) it: anyone their own drafts, authors their
    /// own published and scheduled posts, editors and admins anything. Others learn that a
    /// published post is not theirs (403); someone else's draft stays invisible (404).
    pub(in crate::server::content) async fn editable(
        &self,
        actor: UserId,
        slug: &str,
    ) -> DomainResult<StoredPost> {
        let stored = post_store::stored(&self.db, slug)
            .await?
            .ok_or(DomainError::NotFound(Resource::Article))?;
        self.not_banned(actor, Resource::Article).await?;
        let role = self.accounts.role(actor).await?;
        if stored.kind == PostKind::Page {
            return page_writer(role).map(|()| stored);
        }
        if stored.author_id != actor {
            return if role.may(Action::EditOthers) {
                Ok(stored)
            } else if stored.status == PostStatus::Draft {
                Err(DomainError::NotFound(Resource::Article))
            } else {
                Err(DomainError::Forbidden(Resource::Article))
            };
        }
        // A scheduled draft is as good as published: its author changes it only if they
        // may publish (a contributor's, once an editor scheduled it, waits unchanged).
        let needed = match (stored.status, stored.publish_at) {
            (PostStatus::Draft, None) => Action::WriteDrafts,
            _ => Action::PublishOwn,
        };
        if role.may(needed) {
            Ok(stored)
        } else {
            Err(DomainError::NotPermitted {
                resource: Resource::Article,
                reason: "a published post is changed by an editor; contributors change drafts",
            })
        }
    }
}
