//! Profiles as other users see them, and following authors (whose posts make up one's feed).

use super::{ContentError, Resource};
use crate::{
    model::Profile,
    server::{
        auth::{UserId, now_millis},
        db::Db,
    },
};

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: i64,
    username: String,
    bio: Option<String>,
    image: Option<String>,
    followed: i64,
}

async fn load(db: &Db, username: &str, viewer: Option<UserId>) -> Result<ProfileRow, ContentError> {
    sqlx::query_as(
        "SELECT u.id, u.username, u.bio, u.image, \
                (SELECT COUNT(*) FROM follows fo WHERE fo.followee_id = u.id \
                 AND fo.follower_id = $2) AS followed \
         FROM users u WHERE lower(u.username) = lower($1)",
    )
    .bind(username)
    .bind(viewer.map(|id| id.0))
    .fetch_optional(db)
    .await?
    .ok_or(ContentError::NotFound(Resource::Profile))
}

pub async fn profile(
    db: &Db,
    username: &str,
    viewer: Option<UserId>,
) -> Result<Profile, ContentError> {
    let row = load(db, username, viewer).await?;
    Ok(Profile {
        username: row.username,
        bio: row.bio,
        image: row.image,
        following: row.followed > 0,
    })
}

/// Follows (or stops following) a user; following twice is the same as once.
pub async fn set_following(
    db: &Db,
    follower: UserId,
    username: &str,
    follow: bool,
) -> Result<Profile, ContentError> {
    let followee = load(db, username, Some(follower)).await?;
    if followee.id == follower.0 {
        return Err(ContentError::invalid(
            "username",
            "is you; you cannot follow yourself",
        ));
    }
    if follow {
        sqlx::query(
            "INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(follower.0)
        .bind(followee.id)
        .bind(now_millis())
        .execute(db)
        .await?;
    } else {
        sqlx::query("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2")
            .bind(follower.0)
            .bind(followee.id)
            .execute(db)
            .await?;
    }
    profile(db, username, Some(follower)).await
}
