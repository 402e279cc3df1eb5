//! Comments under posts. Signed-in users comment on published posts; a comment can be deleted
//! by whoever wrote it, by the post's author, and by admins.

use super::{Page, posts::Posts, store::comments as comment_store, text::rules};
use crate::{
    model::{Action, Comment, CommentPage, PostStatus},
    server::{
        accounts::UserId,
        changes::{Change, Changes},
        clock::Clock,
        db::Db,
        error::{DomainError, DomainResult, Resource},
    },
};

pub const COMMENT_MAX_CHARS: usize = 5_000;
/// Comments on one page of a post.
pub const COMMENTS_PER_PAGE: i64 = 100;

#[derive(Clone, Debug)]
pub struct Comments {
    db: Db,
    clock: Clock,
    posts: Posts,
    changes: Changes,
}

impl Comments {
    pub fn new(db: Db, clock: Clock, posts: Posts, changes: Changes) -> Self {
        Self {
            db,
            clock,
            posts,
            changes,
        }
    }

    /// A page of the comments of a post the viewer can see, oldest first, as a conversation
    /// reads.
    pub async fn list(
        &self,
        slug: &str,
        viewer: Option<UserId>,
        page: Page,
    ) -> DomainResult<CommentPage> {
        let post = self.posts.visible(slug, viewer).await?;
        // One more than the page holds says whether another page follows.
        let mut comments =
            comment_store::page(&self.db, post.id, viewer, page.limit + 1, page.offset).await?;
        let more = comments.len() > usize::try_from(page.limit).unwrap_or(0);
        comments.truncate(usize::try_from(page.limit).unwrap_or(0));
        Ok(CommentPage { comments, more })
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
        let now = self.clock.now_millis();
        let comment = comment_store::insert(&self.db, post.id, author, body, now).await?;
        self.changes.announce(Change::Post(slug.to_owned()));
        Ok(comment)
    }

    /// Deletes a comment: its writer, the post's author and those who moderate comments
    /// (editors, admins) may.
    pub async fn delete(&self, actor: UserId, slug: &str, id: i64) -> DomainResult<()> {
        let post = self.posts.visible(slug, Some(actor)).await?;
        let author_id = comment_store::author_of(&self.db, post.id, id)
            .await?
            .ok_or(DomainError::NotFound(Resource::Comment))?;
        let allowed = actor == author_id
            || actor == post.author_id
            || self.posts.may(actor, Action::ModerateComments).await?;
        if !allowed {
            return Err(DomainError::Forbidden(Resource::Comment));
        }
        comment_store::delete(&self.db, id).await?;
        self.changes.announce(Change::Post(slug.to_owned()));
        Ok(())
    }
}
