//! The search tables: `post_search` (an FTS5 table on SQLite, a tsvector under a GIN index
//! on PostgreSQL) and `search_index_state`. Only published posts are in the index.

use sqlx::AnyConnection;

use super::{
    SearchDocument,
    terms::{Field, SearchQuery},
};
use crate::server::{
    accounts::UserId,
    content::{Page, store::summary::SummaryRow},
    db::{Backend, Db},
    error::DomainResult,
};

/// Puts a post in the index, or its new text in place of the old.
pub async fn store(
    connection: &mut AnyConnection,
    post_id: i64,
    document: &SearchDocument,
) -> DomainResult<()> {
    let terms = &document.terms;
    match Backend::of_connection(connection) {
        Backend::Sqlite => {
            forget(connection, post_id).await?;
            sqlx::query(
                "INSERT INTO post_search (rowid, title, tags, description, body, body_text) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(post_id)
            .bind(terms.joined(Field::Title))
            .bind(terms.joined(Field::Tags))
            .bind(terms.joined(Field::Description))
            .bind(terms.joined(Field::Body))
            .bind(&document.body_text)
            .execute(&mut *connection)
            .await?;
        }
        Backend::Postgres => {
            sqlx::query(
                "INSERT INTO post_search (post_id, body_text, terms) \
                 VALUES ($1, $2, CAST($3 AS tsvector)) \
                 ON CONFLICT (post_id) DO UPDATE \
                 SET body_text = excluded.body_text, terms = excluded.terms",
            )
            .bind(post_id)
            .bind(&document.body_text)
            .bind(terms.tsvector())
            .execute(&mut *connection)
            .await?;
        }
    }
    Ok(())
}

/// Takes a post out of the index (unpublished or deleted).
pub async fn forget(connection: &mut AnyConnection, post_id: i64) -> DomainResult<()> {
    let statement = match Backend::of_connection(connection) {
        Backend::Sqlite => "DELETE FROM post_search WHERE rowid = $1",
        Backend::Postgres => "DELETE FROM post_search WHERE post_id = $1",
    };
    sqlx::query(statement)
        .bind(post_id)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// A post found, with the plain text its excerpt is cut from.
#[derive(sqlx::FromRow)]
pub struct FoundRow {
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    pub body_text: String,
    /// How many posts match in all, counted in the same pass.
    pub total: i64,
}

/// Published posts (as of `now`) matching the query, best first.
/// Ranked by BM25 on SQLite and `ts_rank` on PostgreSQL, both weighing title over tags over
/// description over body.
pub async fn find(
    db: &Db,
    backend: Backend,
    query: &SearchQuery,
    viewer: Option<UserId>,
    now: i64,
    page: Page,
) -> DomainResult<(Vec<FoundRow>, i64)> {
    let (find, count, query_text) = match backend {
        Backend::Sqlite => (SQLITE_FIND, SQLITE_COUNT, query.fts5()),
        Backend::Postgres => (POSTGRES_FIND, POSTGRES_COUNT, query.tsquery()),
    };
    let rows = sqlx::query_as::<_, FoundRow>(find)
        .bind(&query_text)
        .bind(viewer)
        .bind(now)
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(db)
        .await?;
    let total = match rows.first() {
        Some(row) => row.total,
        None if page.offset == 0 => 0,
        // A page past the last: the count needs a pass of its own.
        None => {
            sqlx::query_scalar(count)
                .bind(&query_text)
                .bind(now)
                .fetch_one(db)
                .await?
        }
    };
    Ok((rows, total))
}

/// Whether `post_search` was built with the current term rules.
pub async fn built_with(db: &Db) -> DomainResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT terms_version FROM search_index_state WHERE id = 1")
            .fetch_one(db)
            .await?,
    )
}

pub async fn mark_built_with(connection: &mut AnyConnection, version: i64) -> DomainResult<()> {
    sqlx::query("UPDATE search_index_state SET terms_version = $1 WHERE id = 1")
        .bind(version)
        .execute(connection)
        .await?;
    Ok(())
}

/// Empties the index, for a rebuild.
pub async fn clear(connection: &mut AnyConnection) -> DomainResult<()> {
    sqlx::query("DELETE FROM post_search")
        .execute(connection)
        .await?;
    Ok(())
}

/// One batch of published posts to index, after the id `after`.
#[derive(sqlx::FromRow)]
pub struct PublishedText {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub body: String,
    pub tag_names: String,
}

pub async fn published_after(db: &Db, after: i64, limit: i64) -> DomainResult<Vec<PublishedText>> {
    Ok(sqlx::query_as(
        "SELECT id, title, description, body, tag_names FROM posts \
         WHERE status = 'published' AND kind = 'post' AND id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

// Both statements rank inside a subquery that carries only ids, ranks and the count (one
// pass over the matches), and read the posts and their text for the page alone: sorting every
// match with its text cost a sort of megabytes when a word is in every post.
//
// SQLite: `CROSS JOIN` makes the full-text match the outer loop (left to itself the planner
// may walk the publication index and run the match once per post: seconds at 1,000 posts).
// The matches are materialized before they are counted: FTS5's bm25() cannot be evaluated
// under a window function.
pub const SQLITE_FIND: &str = select_summaries!(
    "$2",
    ", s.body_text, r.total FROM ( \
         WITH matches AS MATERIALIZED ( \
             SELECT m.rowid AS id, bm25(post_search, 8.0, 4.0, 2.0, 1.0) AS rank, \
                    q.published_at AS published_at \
             FROM post_search m CROSS JOIN posts q \
             WHERE post_search MATCH $1 AND q.id = m.rowid \
               AND q.status = 'published' AND q.published_at <= $3 \
         ) \
         SELECT id, rank, published_at, COUNT(*) OVER () AS total FROM matches \
         ORDER BY rank, published_at DESC, id DESC \
         LIMIT $4 OFFSET $5 \
     ) r \
     CROSS JOIN posts p \
     JOIN users u ON u.id = p.author_id \
     JOIN post_search s ON s.rowid = r.id \
     WHERE p.id = r.id \
     ORDER BY r.rank, r.published_at DESC, r.id DESC"
);

pub const SQLITE_COUNT: &str = "SELECT COUNT(*) FROM post_search s \
     CROSS JOIN posts p \
     WHERE post_search MATCH $1 AND p.id = s.rowid \
       AND p.status = 'published' AND p.published_at <= $2";

pub const POSTGRES_FIND: &str = select_summaries!(
    "$2",
    ", s.body_text, r.total FROM ( \
         SELECT m.post_id AS id, ts_rank(m.terms, CAST($1 AS tsquery), 1) AS rank, \
                q.published_at AS published_at, COUNT(*) OVER () AS total \
         FROM post_search m JOIN posts q ON q.id = m.post_id \
         WHERE m.terms @@ CAST($1 AS tsquery) \
           AND q.status = 'published' AND q.published_at <= $3 \
         ORDER BY rank DESC, q.published_at DESC, q.id DESC \
         LIMIT $4 OFFSET $5 \
     ) r \
     JOIN posts p ON p.id = r.id \
     JOIN users u ON u.id = p.author_id \
     JOIN post_search s ON s.post_id = r.id \
     ORDER BY r.rank DESC, r.published_at DESC, r.id DESC"
);

pub const POSTGRES_COUNT: &str = "SELECT COUNT(*) FROM post_search s \
     JOIN posts p ON p.id = s.post_id \
     WHERE s.terms @@ CAST($1 AS tsquery) AND p.status = 'published' AND p.published_at <= $2";
