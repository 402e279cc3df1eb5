//! Posts rendered again by a newer renderer (`text::markdown::RENDERER_VERSION`), in batches,
//! without overwriting a save that came meanwhile.

use crate::server::{
    content::text::markdown::{RENDERER_VERSION, Rendered},
    db::Db,
    error::DomainResult,
};

/// Up to `limit` posts after id `after` that an older renderer rendered: their id, Markdown
/// and when they were last saved.
pub async fn rendered_by_older(
    db: &Db,
    after: i64,
    limit: i64,
) -> DomainResult<Vec<(i64, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT id, body, updated_at FROM posts WHERE rendered_by < $1 AND id > $2 \
         ORDER BY id LIMIT $3",
    )
    .bind(RENDERER_VERSION)
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// Stores a post's new rendering, unless it was saved (and so rendered) meanwhile.
pub async fn store_rendering(
    db: &Db,
    id: i64,
    updated_at: i64,
    rendered: &Rendered,
) -> DomainResult<bool> {
    let stored = sqlx::query(
        "UPDATE posts SET body_html = $1, word_count = $2, outline = $3, cover_image = $4, \
                rendered_by = $5 \
         WHERE id = $6 AND updated_at = $7 AND rendered_by < $5",
    )
    .bind(&rendered.html)
    .bind(rendered.word_count)
    .bind(rendered.outline_json())
    .bind(&rendered.cover_image)
    .bind(RENDERER_VERSION)
    .bind(id)
    .bind(updated_at)
    .execute(db)
    .await?;
    Ok(stored.rows_affected() == 1)
}
