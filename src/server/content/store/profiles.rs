//! Profiles and the `follows` table. Only SQL and row mapping; following rules are in
//! `content::profiles`.

use crate::{
    model::Profile,
    server::{accounts::UserId, db::Db, error::DomainResult},
};

/// A user as a viewer sees them, with their id.
#[derive(sqlx::FromRow)]
pub struct ProfileRow {
    pub id: UserId,
    username: String,
    bio: Option<String>,
    image: Option<String>,
    followed: i64,
}

impl ProfileRow {
    pub fn into_profile(self) -> Profile {
        Profile {
            username: self.username,
            bio: self.bio,
            image: self.image,
            following: self.followed > 0,
        }
    }
}

/// The user named `username` (in any case), as `viewer` sees them; a deleted account's
/// tombstone is no one.
pub async fn find(
    db: &Db,
    username: &str,
    viewer: Option<UserId>,
) -> DomainResult<Option<ProfileRow>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.username, u.bio, u.image, \
                (SELECT COUNT(*) FROM follows fo WHERE fo.followee_id = u.id \
                 AND fo.follower_id = $2) AS followed \
         FROM users u WHERE lower(u.username) = lower($1) AND u.deleted_at IS NULL",
    )
    .bind(username)
    .bind(viewer)
    .fetch_optional(db)
    .await?)
}

/// Follows (or stops following); following twice is the same as once.
pub async fn set_following(
    db: &Db,
    follower: UserId,
    followee: UserId,
    follow: bool,
    now: i64,
) -> DomainResult<()> {
    if follow {
        sqlx::query(
            "INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(follower)
        .bind(followee)
        .bind(now)
        .execute(db)
        .await?;
    } else {
        sqlx::query("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2")
            .bind(follower)
            .bind(followee)
            .execute(db)
            .await?;
    }
    Ok(())
}
