//! A post's newsletter is opened in the transaction that first publishes the post: one row
//! in `newsletters`, unique per post, so an edit or a re-publish never opens a second.
//! `server::newsletters` renders it and writes its messages.

use super::Tx;
use crate::server::{accounts::UserId, error::DomainResult};

/// Opens the newsletter of the post `post_id`; nothing when it has one already.
pub async fn open(tx: &mut Tx<'_>, post_id: i64, author: UserId, now: i64) -> DomainResult<()> {
    sqlx::query(
        "INSERT INTO newsletters (post_id, author_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (post_id) DO NOTHING",
    )
    .bind(post_id)
    .bind(author.0)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
