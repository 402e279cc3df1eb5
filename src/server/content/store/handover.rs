//! An account's posts when the account goes: handed to another author with the counts they
//! carry and the uploads they show, or listed a batch at a time for deleting one by one (each
//! through `posts::delete`, which keeps the counts in step).

use super::Tx;
use crate::server::{accounts::UserId, db::Db, error::DomainResult};

/// Makes `to` the author of every post of `from`, with the published count they carry, and
/// gives `to` the uploads of `from` (those `to` has not uploaded too), so the images the posts
/// show stay in someone's library.
pub async fn hand_over(tx: &mut Tx<'_>, from: UserId, to: UserId) -> DomainResult<u64> {
    sqlx::query(
        "UPDATE users SET published_posts = published_posts + \
             (SELECT published_posts FROM users WHERE id = $1) \
         WHERE id = $2",
    )
    .bind(from)
    .bind(to)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE users SET published_posts = 0 WHERE id = $1")
        .bind(from)
        .execute(&mut **tx)
        .await?;
    let moved = sqlx::query("UPDATE posts SET author_id = $2 WHERE author_id = $1")
        .bind(from)
        .bind(to)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    sqlx::query(
        "INSERT INTO uploads (user_id, media_id, file_name, created_at) \
         SELECT $2, media_id, file_name, created_at FROM uploads WHERE user_id = $1 \
         ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(to)
    .execute(&mut **tx)
    .await?;
    Ok(moved)
}

/// Up to `limit` of the author's posts (their slugs), any status, read from `posts_by_author`.
pub async fn some_posts_of(db: &Db, author: UserId, limit: i64) -> DomainResult<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT slug FROM posts WHERE author_id = $1 LIMIT $2")
            .bind(author)
            .bind(limit)
            .fetch_all(db)
            .await?,
    )
}

/// Withdraws the account's favorites from the posts' counts, before the account (and with it
/// its favorites) is deleted.
pub async fn withdraw_favorites(tx: &mut Tx<'_>, account: UserId) -> DomainResult<()> {
    sqlx::query(
        "UPDATE posts SET favorites_count = favorites_count - 1 \
         WHERE id IN (SELECT post_id FROM favorites WHERE user_id = $1)",
    )
    .bind(account)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
