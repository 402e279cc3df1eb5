//! The `comments` table. Only SQL and row mapping; who may comment and delete is decided in
//! `content::comments`.

use crate::{
    model::{Comment, Profile},
    server::{accounts::UserId, content::moment, db::Db, error::DomainResult},
};

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

/// Up to `limit` comments of a post after skipping `offset`, oldest first.
pub async fn page(
    db: &Db,
    post_id: i64,
    viewer: Option<UserId>,
    limit: i64,
    offset: i64,
) -> DomainResult<Vec<Comment>> {
    let rows: Vec<CommentRow> = sqlx::query_as(select_comments!(
        "WHERE c.post_id = $1 ORDER BY c.created_at, c.id LIMIT $3 OFFSET $4"
    ))
    .bind(post_id)
    .bind(viewer)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Comment::from).collect())
}

/// Writes a comment and reads it back as its author sees it.
pub async fn insert(
    db: &Db,
    post_id: i64,
    author: UserId,
    body: &str,
    now: i64,
) -> DomainResult<Comment> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (post_id, author_id, body, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(post_id)
    .bind(author)
    .bind(body)
    .bind(now)
    .fetch_one(db)
    .await?;
    let row: CommentRow = sqlx::query_as(select_comments!("WHERE c.id = $1"))
        .bind(id)
        .bind(author)
        .fetch_one(db)
        .await?;
    Ok(row.into())
}

/// Who wrote comment `id` on the post, if it is there.
pub async fn author_of(db: &Db, post_id: i64, id: i64) -> DomainResult<Option<UserId>> {
    Ok(
        sqlx::query_scalar("SELECT author_id FROM comments WHERE id = $1 AND post_id = $2")
            .bind(id)
            .bind(post_id)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn delete(db: &Db, id: i64) -> DomainResult<()> {
    sqlx::query("DELETE FROM comments WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
