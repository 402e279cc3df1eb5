//! The owner's list of standalone pages. A page is a row of `posts` (`kind = 'page'`) and is
//! written like any post (`posts`); only this list, which no reader sees, is its own.

use crate::{
    model::PostStatus,
    server::{db::Db, error::DomainResult},
};

/// The site's standalone pages, drafts too, by title: few, and read from their own partial
/// index (`posts_pages`), whatever the number of posts.
pub const PAGES: &str = "SELECT slug, title, status, updated_at FROM posts \
     WHERE kind = 'page' ORDER BY title, id LIMIT $1";

/// The standalone pages, by title, at most `limit`: slug, title, status, last change.
pub async fn pages(db: &Db, limit: i64) -> DomainResult<Vec<(String, String, PostStatus, i64)>> {
    Ok(sqlx::query_as(PAGES).bind(limit).fetch_all(db).await?)
}
