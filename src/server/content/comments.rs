//! Comments under posts. Signed-in users comment on published posts; a comment can be deleted
//! by whoever wrote it, by the post's author, and by admins.

use super::{ContentError, Resource, moment, posts};
use crate::{
    model::{Comment, PostStatus, Profile},
    server::{
        auth::{UserId, now_millis},
        db::Db,
        users,
    },
};

pub const COMMENT_MAX_CHARS: usize = 5_000;

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

/// The comments of a post the viewer can see, oldest first, as a conversation reads.
pub async fn list(
    db: &Db,
    slug: &str,
    viewer: Option<UserId>,
) -> Result<Vec<Comment>, ContentError> {
    let post = posts::visible(db, slug, viewer).await?;
    let rows: Vec<CommentRow> = sqlx::query_as(select_comments!(
        "WHERE c.post_id = $1 ORDER BY c.created_at, c.id"
    ))
    .bind(post.id)
    .bind(viewer.map(|id| id.0))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Comment::from).collect())
}

pub async fn add(db: &Db, author: UserId, slug: &str, body: &str) -> Result<Comment, ContentError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(ContentError::invalid("body", "can't be blank"));
    }
    if body.chars().count() > COMMENT_MAX_CHARS {
        return Err(ContentError::invalid(
            "body",
            format!("is too long (maximum is {COMMENT_MAX_CHARS} characters)"),
        ));
    }
    let post = posts::visible(db, slug, Some(author)).await?;
    if post.status != PostStatus::Published {
        return Err(ContentError::invalid(
            "body",
            "cannot be added before the post is published",
        ));
    }
    let now = now_millis();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (post_id, author_id, body, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(post.id)
    .bind(author.0)
    .bind(body)
    .bind(now)
    .fetch_one(db)
    .await?;
    let row: CommentRow = sqlx::query_as(select_comments!("WHERE c.id = $1"))
        .bind(id)
        .bind(author.0)
        .fetch_one(db)
        .await?;
    Ok(row.into())
}

pub async fn delete(db: &Db, actor: UserId, slug: &str, id: i64) -> Result<(), ContentError> {
    let post = posts::visible(db, slug, Some(actor)).await?;
    let author_id: i64 =
        sqlx::query_scalar("SELECT author_id FROM comments WHERE id = $1 AND post_id = $2")
            .bind(id)
            .bind(post.id)
            .fetch_optional(db)
            .await?
            .ok_or(ContentError::NotFound(Resource::Comment))?;
    let allowed =
        actor.0 == author_id || actor.0 == post.author_id || users::is_admin(db, actor).await?;
    if !allowed {
        return Err(ContentError::Forbidden(Resource::Comment));
    }
    sqlx::query("DELETE FROM comments WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
