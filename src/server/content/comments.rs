//! Comments under posts. Signed-in users comment on published posts whose comments are open;
//! the site's policy and its signals (`moderation::hold_reason`) decide whether a comment
//! shows at once or waits for a moderator. A comment can be deleted by whoever wrote it, by
//! the post's author, and by those who moderate comments (editors, admins).

use super::{Page, moderation, posts::Posts, store::comments as comment_store, text::rules};
use crate::server::accounts::CommentNotice;
use crate::{
    model::{Action, Comment, CommentPage, CommentPolicy, PostStatus},
    server::{
        accounts::{Accounts, UserId},
        changes::{Change, Changes},
        clock::Clock,
        db::Db,
        error::{DomainError, DomainResult, Resource},
        site::LiveSite,
    },
};

pub const COMMENT_MAX_CHARS: usize = 5_000;
/// Comments on one page of a post.
pub const COMMENTS_PER_PAGE: i64 = 100;
/// Why a comment is refused where comments are closed.
pub const CLOSED: &str = "comments are closed on this post";

#[derive(Clone, Debug)]
pub struct Comments {
    pub(super) db: Db,
    pub(super) clock: Clock,
    pub(super) posts: Posts,
    pub(super) accounts: Accounts,
    pub(super) site: LiveSite,
    pub(super) changes: Changes,
}

impl Comments {
    pub fn new(
        db: Db,
        clock: Clock,
        posts: Posts,
        accounts: Accounts,
        site: LiveSite,
        changes: Changes,
    ) -> Self {
        Self {
            db,
            clock,
            posts,
            accounts,
            site,
            changes,
        }
    }

    /// A page of the comments of a post the viewer can see, oldest first, as a conversation
    /// reads: those shown to all, and the waiting ones the viewer wrote or moderates.
    pub async fn list(
        &self,
        slug: &str,
        viewer: Option<UserId>,
        page: Page,
    ) -> DomainResult<CommentPage> {
        let post = self.posts.visible(slug, viewer).await?;
        let sees_held = match viewer {
            Some(viewer) => self.moderates(viewer, post.author_id).await?,
            None => false,
        };
        // One more than the page holds says whether another page follows.
        let mut comments = comment_store::page(
            &self.db,
            post.id,
            viewer,
            sees_held,
            page.limit + 1,
            page.offset,
        )
        .await?;
        let more = comments.len() > usize::try_from(page.limit).unwrap_or(0);
        comments.truncate(usize::try_from(page.limit).unwrap_or(0));
        Ok(CommentPage { comments, more })
    }

    /// The waiting comments under a post that `viewer` wrote, or all of them for its
    /// moderators: what the post's page adds, for them alone, to the conversation everyone
    /// sees.
    pub async fn held(&self, slug: &str, viewer: UserId) -> DomainResult<Vec<Comment>> {
        let post = self.posts.visible(slug, Some(viewer)).await?;
        let sees_held = self.moderates(viewer, post.author_id).await?;
        comment_store::held_on_post(&self.db, post.id, viewer, sees_held, COMMENTS_PER_PAGE).await
    }

    pub async fn add(&self, author: UserId, slug: &str, body: &str) -> DomainResult<Comment> {
        rules::check_length("body", body, COMMENT_MAX_CHARS)?;
        let body = crate::server::characters::xml_safe(body);
        let body = body.trim();
        if body.is_empty() {
            return Err(DomainError::invalid("body", "can't be blank"));
        }
        let post = self.posts.visible(slug, Some(author)).await?;
        if post.status != PostStatus::Published {
            return Err(DomainError::invalid(
                "body",
                "cannot be added before the post is published",
            ));
        }
        let site = self.site.now();
        let settings = &site.settings;
        if post.comments_closed || settings.comment_policy == CommentPolicy::Closed {
            return Err(DomainError::NotPermitted {
                resource: Resource::Comment,
                reason: CLOSED,
            });
        }
        self.posts.not_banned(author, Resource::Comment).await?;
        // The post's author and the site's moderators are never held.
        let held = if self.moderates(author, post.author_id).await? {
            None
        } else {
            match moderation::hold_reason(settings, body) {
                Some(reason) => Some(reason),
                None if settings.comment_policy == CommentPolicy::FirstHeld
                    && !comment_store::has_shown(&self.db, author).await? =>
                {
                    Some(crate::model::HoldReason::FirstComment)
                }
                None => None,
            }
        };
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        let comment = comment_store::insert(&mut tx, post.id, author, body, now, held).await?;
        let notice = CommentNotice {
            comment_id: comment.id,
            commenter: author,
            commenter_name: &comment.author.username,
            post_author: post.author_id,
            post_id: post.id,
            post_slug: slug,
            body,
            held: held.is_some(),
        };
        self.accounts
            .write_comment_notices(&mut tx, &notice)
            .await?;
        tx.commit().await?;
        if held.is_none() {
            self.changes.announce(Change::Post(slug.to_owned()));
        }
        Ok(comment)
    }

    /// Deletes a comment: its writer, the post's author and those who moderate comments
    /// (editors, admins) may.
    pub async fn delete(&self, actor: UserId, slug: &str, id: i64) -> DomainResult<()> {
        let post = self.posts.visible(slug, Some(actor)).await?;
        let author_id = comment_store::author_of(&self.db, post.id, id)
            .await?
            .ok_or(DomainError::NotFound(Resource::Comment))?;
        let allowed = actor == author_id || self.moderates(actor, post.author_id).await?;
        if !allowed {
            return Err(DomainError::Forbidden(Resource::Comment));
        }
        comment_store::delete(&self.db, id).await?;
        self.changes.announce(Change::Post(slug.to_owned()));
        Ok(())
    }

    /// Whether `actor` moderates the comments under a post by `post_author`: its author
    /// does, and so do editors and admins everywhere.
    pub(super) async fn moderates(&self, actor: UserId, post_author: UserId) -> DomainResult<bool> {
        Ok(actor == post_author || self.posts.may(actor, Action::ModerateComments).await?)
    }
}
