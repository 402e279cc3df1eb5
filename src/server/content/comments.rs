//! Comments under posts. Signed-in users comment on published posts; a comment can be deleted
//! by whoever wrote it, by the post's author, and by admins.

use super::{Page, moment, posts::Posts, rules};
use crate::{
    model::{Action, Comment, CommentPage, PostStatus, Profile},
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

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    body: String,
    created_at: i64,
    updated_at: i64,
    author_username: String,
    author_bio: Option<String>,
    author_image: Option<String>,
    author_followed: i64,
}

impl From<CommentRow> for Comment {
    fn from(row: CommentRow) -> Self {
        Self {
            id: row.id,
            body: row.body,
            created: moment(row.created_at),
            updated: moment(row.updated_at),
            author: Profile {
                username: row.author_username,
                bio: row.author_bio,
                image: row.author_image,
                following: row.author_followed > 0,
            },
        }
    }
}

/// `SELECT` of comments with their authors; `$2` is the viewer, for `following`.
macro_rules! select_comments {
    ($where:literal) => {
        concat!(
            "SELECT c.id, c.body, c.created_at, c.updated_at, ",
            "u.username AS author_username, u.bio AS author_bio, u.image AS author_image, ",
            "(SELECT COUNT(*) FROM follows fo WHERE fo.followee_id = c.author_id ",
            "AND fo.follower_id = $2) AS author_followed ",
            "FROM comments c JOIN users u ON u.id = c.author_id ",
            $where
        )
    };
}

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
        let mut rows: Vec<CommentRow> = sqlx::query_as(select_comments!(
            "WHERE c.post_id = $1 ORDER BY c.created_at, c.id LIMIT $3 OFFSET $4"
        ))
        .bind(post.id)
        .bind(viewer)
        .bind(page.limit + 1)
        .bind(page.offset)
        .fetch_all(&self.db)
        .await?;
        let more = rows.len() > usize::try_from(page.limit).unwrap_or(0);
        rows.truncate(usize::try_from(page.limit).unwrap_or(0));
        Ok(CommentPage {
            comments: rows.into_iter().map(Comment::from).collect(),
            more,
        })
    }

    pub async fn add(&self, author: UserId, slug: &str, body: &str) -> DomainResult<Comment> {
        rules::check_length("body", body, COMMENT_MAX_CHARS)?;
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
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (post_id, author_id, body, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(post.id)
        .bind(author)
        .bind(body)
        .bind(self.clock.now_millis())
        .fetch_one(&self.db)
        .await?;
        let row: CommentRow = sqlx::query_as(select_comments!("WHERE c.id = $1"))
            .bind(id)
            .bind(author)
            .fetch_one(&self.db)
            .await?;
        self.changes.announce(Change::Post(slug.to_owned()));
        Ok(row.into())
    }

    /// Deletes a comment: its writer, the post's author and those who moderate comments
    /// (editors, admins) may.
    pub async fn delete(&self, actor: UserId, slug: &str, id: i64) -> DomainResult<()> {
        let post = self.posts.visible(slug, Some(actor)).await?;
        let author_id: UserId =
            sqlx::query_scalar("SELECT author_id FROM comments WHERE id = $1 AND post_id = $2")
                .bind(id)
                .bind(post.id)
                .fetch_optional(&self.db)
                .await?
                .ok_or(DomainError::NotFound(Resource::Comment))?;
        let allowed = actor == author_id
            || actor == post.author_id
            || self.posts.may(actor, Action::ModerateComments).await?;
        if !allowed {
            return Err(DomainError::Forbidden(Resource::Comment));
        }
        sqlx::query("DELETE FROM comments WHERE id = $1")
            .bind(id)
            .execute(&self.db)
            .await?;
        self.changes.announce(Change::Post(slug.to_owned()));
        Ok(())
    }
}
