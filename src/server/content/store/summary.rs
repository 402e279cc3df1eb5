//! A post summary as every list statement selects it (`select_summaries!`), and what it
//! becomes for readers. Its own module: the lists, the post store and search all read it.

use crate::server::content::moment;
use crate::{
    model::{PostStatus, PostSummary, Profile, reading_minutes},
    server::accounts::UserId,
};

#[derive(Debug, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    slug: String,
    title: String,
    description: String,
    pub status: PostStatus,
    word_count: i64,
    created_at: i64,
    updated_at: i64,
    published_at: Option<i64>,
    publish_at: Option<i64>,
    pub author_id: UserId,
    tag_names: String,
    favorites_count: i64,
    author_username: String,
    author_bio: Option<String>,
    author_image: Option<String>,
    favorited: i64,
    author_followed: i64,
}

impl SummaryRow {
    pub fn into_summary(self) -> PostSummary {
        PostSummary {
            status: self.status,
            slug: self.slug,
            title: self.title,
            description: self.description,
            tags: serde_json::from_str(&self.tag_names).unwrap_or_default(),
            author: Profile {
                username: self.author_username,
                bio: self.author_bio,
                image: self.author_image,
                following: self.author_followed > 0,
            },
            created: moment(self.created_at),
            updated: moment(self.updated_at),
            published: self.published_at.map(moment),
            scheduled: self.publish_at.map(moment),
            reading_minutes: reading_minutes(self.word_count),
            favorites_count: self.favorites_count,
            favorited: self.favorited > 0,
        }
    }
}
