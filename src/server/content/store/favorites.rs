//! The `favorites` table, with the counts it moves (`posts.favorites_count`,
//! `users.favorited_published`) kept in step.

use crate::server::{accounts::UserId, db::Db, error::DomainResult};

/// The id of a published post.
pub async fn published_id(db: &Db, slug: &str) -> DomainResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM posts WHERE slug = $1 AND status = 'published' AND kind = 'post'",
    )
    .bind(slug)
    .fetch_optional(db)
    .await?)
}

/// Marks or unmarks a published post as a favorite, counting it once either way.
pub async fn set_favorite(
    db: &Db,
    user: UserId,
    post_id: i64,
    favorite: bool,
    now: i64,
) -> DomainResult<()> {
    let mut tx = db.begin().await?;
    let changed = if favorite {
        sqlx::query(
            "INSERT INTO favorites (user_id, post_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(user)
        .bind(post_id)
        .bind(now)
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query("DELETE FROM favorites WHERE user_id = $1 AND post_id = $2")
            .bind(user)
            .bind(post_id)
            .execute(&mut *tx)
            .await?
    };
    if changed.rows_affected() == 1 {
        let step: i64 = if favorite { 1 } else { -1 };
        sqlx::query("UPDATE posts SET favorites_count = favorites_count + $1 WHERE id = $2")
            .bind(step)
            .bind(post_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE users SET favorited_published = favorited_published + $1 WHERE id = $2",
        )
        .bind(step)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Which of `slugs` the user has favorited. The placeholders are numbered, never the input.
pub async fn favorited_among(db: &Db, user: UserId, slugs: &[String]) -> DomainResult<Vec<String>> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (2..slugs.len() + 2).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT p.slug FROM posts p JOIN favorites f ON f.post_id = p.id AND f.user_id = $1 \
         WHERE p.slug IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(user);
    for slug in slugs {
        query = query.bind(slug);
    }
    Ok(query.fetch_all(db).await?)
}
