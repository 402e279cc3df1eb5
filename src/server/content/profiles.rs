//! Profiles as other users see them, and following authors (whose posts make up one's feed).

use super::store::profiles::{self as profile_store, ProfileRow};
use crate::{
    model::Profile,
    server::{
        accounts::UserId,
        clock::Clock,
        db::Db,
        error::{DomainError, DomainResult, Resource},
    },
};

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
        profile_store::find(&self.db, username, viewer)
            .await?
            .ok_or(DomainError::NotFound(Resource::Profile))
    }

    pub async fn profile(&self, username: &str, viewer: Option<UserId>) -> DomainResult<Profile> {
        Ok(self.load(username, viewer).await?.into_profile())
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
        let now = self.clock.now_millis();
        profile_store::set_following(&self.db, follower, followee.id, follow, now).await?;
        self.profile(username, Some(follower)).await
    }
}
