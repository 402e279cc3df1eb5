//! Profiles as other users see them, and following authors (whose posts make up one's feed).

use crate::{
    model::Profile,
    server::{
        accounts::UserId,
        clock::Clock,
        db::Db,
        error::{DomainError, DomainResult, Resource},
    },
};

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: UserId,
    username: String,
    bio: Option<String>,
    image: Option<String>,
    followed: i64,
}

#[derive(Clone, Debug)]
pub struct Profiles {
    db: Db,
    clock: Clock,
}

impl Profiles {
    pub fn new(db: Db, clock: Clock) -> Self {
        Self { db, clock }
    }

    async fn load(&self, username: &str, viewer: Option<UserId>) -> DomainResult<ProfileRow> {
        sqlx::query_as(
            "SELECT u.id, u.username, u.bio, u.image, \
                    (SELECT COUNT(*) FROM follows fo WHERE fo.followee_id = u.id \
                     AND fo.follower_id = $2) AS followed \
             FROM users u WHERE lower(u.username) = lower($1)",
        )
        .bind(username)
        .bind(viewer)
        .fetch_optional(&self.db)
        .await?
        .ok_or(DomainError::NotFound(Resource::Profile))
    }

    pub async fn profile(&self, username: &str, viewer: Option<UserId>) -> DomainResult<Profile> {
        let row = self.load(username, viewer).await?;
        Ok(Profile {
            username: row.username,
            bio: row.bio,
            image: row.image,
            following: row.followed > 0,
        })
    }

    /// Follows (or stops following) a user; following twice is the same as once.
    pub async fn set_following(
        &self,
        follower: UserId,
        username: &str,
        follow: bool,
    ) -> DomainResult<Profile> {
        let followee = self.load(username, Some(follower)).await?;
        if followee.id == follower {
            return Err(DomainError::invalid(
                "username",
                "is you; you cannot follow yourself",
            ));
        }
        if follow {
            sqlx::query(
                "INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(follower)
            .bind(followee.id)
            .bind(self.clock.now_millis())
            .execute(&self.db)
            .await?;
        } else {
            sqlx::query("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2")
                .bind(follower)
                .bind(followee.id)
                .execute(&self.db)
                .await?;
        }
        self.profile(username, Some(follower)).await
    }
}
