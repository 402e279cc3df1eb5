//! The `tags` and `post_tags` tables: a post's tags in order, and the most used ones.

use super::Tx;
use crate::{
    model::TagCount,
    server::{db::Db, error::DomainResult},
};

/// Attaches `tags` to the post, in order, and records their names on the post.
pub(super) async fn replace(tx: &mut Tx<'_>, post_id: i64, tags: &[String]) -> DomainResult<()> {
    sqlx::query("DELETE FROM post_tags WHERE post_id = $1")
        .bind(post_id)
        .execute(&mut **tx)
        .await?;
    // Names that differ in Rust's case folding may still be one tag to the database's
    // lower(); each tag goes on the post once, under the name the tag was first given.
    let mut attached = std::collections::HashSet::new();
    let mut names = Vec::with_capacity(tags.len());
    for (position, name) in tags.iter().enumerate() {
        sqlx::query("INSERT INTO tags (name) VALUES ($1) ON CONFLICT DO NOTHING")
            .bind(name)
            .execute(&mut **tx)
            .await?;
        let (tag_id, canonical): (i64, String) =
            sqlx::query_as("SELECT id, name FROM tags WHERE lower(name) = lower($1)")
                .bind(name)
                .fetch_one(&mut **tx)
                .await?;
        if !attached.insert(tag_id) {
            continue;
        }
        sqlx::query("INSERT INTO post_tags (post_id, tag_id, position) VALUES ($1, $2, $3)")
            .bind(post_id)
            .bind(tag_id)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
        names.push(canonical);
    }
    let names = serde_json::to_string(&names).expect("tag names serialize");
    sqlx::query("UPDATE posts SET tag_names = $1 WHERE id = $2")
        .bind(names)
        .bind(post_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The `limit` tags most used on published posts, most used first.
pub async fn tag_counts(db: &Db, limit: i64) -> DomainResult<Vec<TagCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT name, published_posts FROM tags WHERE published_posts > 0 \
         ORDER BY published_posts DESC, lower(name) LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, posts)| TagCount { name, posts })
        .collect())
}
