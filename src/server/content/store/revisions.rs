//! The `post_revisions` table. Only SQL and row mapping live here; who may read and restore
//! revisions, and when autosaves are merged and thinned, is decided in `revisions`.

use super::Tx;
use crate::server::content::{moment, text::rules::PostText};
use crate::{
    model::{PostStatus, RevisionChanges, RevisionKind, RevisionSummary},
    server::{accounts::UserId, db::Db, error::DomainResult},
};

/// A revision as it is written.
pub struct RevisionWrite<'a> {
    pub post_id: i64,
    pub editor: Option<UserId>,
    pub kind: RevisionKind,
    pub status: PostStatus,
    pub text: &'a PostText,
    pub tags: &'a [String],
    pub changes: &'a RevisionChanges,
    pub restored_from: Option<i64>,
    pub created_at: i64,
}

/// A revision as the history lists it.
#[derive(Debug, sqlx::FromRow)]
pub struct RevisionRow {
    pub id: i64,
    pub kind: RevisionKind,
    pub editor_id: Option<UserId>,
    pub editor_username: Option<String>,
    pub created_at: i64,
    pub status: PostStatus,
    pub title: String,
    changes: String,
    pub restored_from: Option<i64>,
}

impl RevisionRow {
    pub fn changes(&self) -> RevisionChanges {
        serde_json::from_str(&self.changes).unwrap_or_default()
    }

    pub fn into_summary(self) -> RevisionSummary {
        RevisionSummary {
            changes: self.changes(),
            id: self.id,
            kind: self.kind,
            editor: self.editor_username,
            created: moment(self.created_at),
            status: self.status,
            title: self.title,
            restored_from: self.restored_from,
        }
    }
}

/// A revision with its whole text, to compare or restore.
#[derive(Debug, sqlx::FromRow)]
pub struct FullRevision {
    #[sqlx(flatten)]
    pub row: RevisionRow,
    pub description: String,
    pub body: String,
    tag_names: String,
}

impl FullRevision {
    pub fn tags(&self) -> Vec<String> {
        serde_json::from_str(&self.tag_names).unwrap_or_default()
    }
}

/// `SELECT` of a revision's summary columns followed by the rest of the query.
macro_rules! select_revisions {
    ($($rest:expr),+) => {
        concat!(
            "SELECT r.id, r.kind, r.editor_id, u.username AS editor_username, r.created_at, ",
            "r.status, r.title, r.changes, r.restored_from",
            $($rest),+
        )
    };
}

pub async fn record(tx: &mut Tx<'_>, revision: &RevisionWrite<'_>) -> DomainResult<i64> {
    Ok(sqlx::query_scalar::<_, i64>(
        "INSERT INTO post_revisions (post_id, editor_id, kind, status, title, description, body, \
                                     tag_names, changes, restored_from, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(revision.post_id)
    .bind(revision.editor)
    .bind(revision.kind)
    .bind(revision.status)
    .bind(&revision.text.title)
    .bind(&revision.text.description)
    .bind(&revision.text.body)
    .bind(serde_json::to_string(revision.tags).expect("tags serialize"))
    .bind(serde_json::to_string(revision.changes).expect("changes serialize"))
    .bind(revision.restored_from)
    .bind(revision.created_at)
    .fetch_one(&mut **tx)
    .await?)
}

/// Writes `revision` over the autosave `id` (the same typing, a little further on). It keeps
/// its time, when that stretch of typing began: autosaves merge for ten minutes from there,
/// not for as long as the typing goes on.
pub async fn overwrite(tx: &mut Tx<'_>, id: i64, revision: &RevisionWrite<'_>) -> DomainResult<()> {
    sqlx::query(
        "UPDATE post_revisions SET title = $1, description = $2, body = $3, tag_names = $4, \
                changes = $5 WHERE id = $6",
    )
    .bind(&revision.text.title)
    .bind(&revision.text.description)
    .bind(&revision.text.body)
    .bind(serde_json::to_string(revision.tags).expect("tags serialize"))
    .bind(serde_json::to_string(revision.changes).expect("changes serialize"))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A page of the post's history, newest first: `$1` post, `$2` limit, `$3` offset.
pub const HISTORY: &str = select_revisions!(
    " FROM post_revisions r LEFT JOIN users u ON u.id = r.editor_id",
    " WHERE r.post_id = $1 ORDER BY r.id DESC LIMIT $2 OFFSET $3"
);

pub async fn history(
    db: &Db,
    post: i64,
    limit: i64,
    offset: i64,
) -> DomainResult<(Vec<RevisionRow>, bool)> {
    let rows = sqlx::query_as::<_, RevisionRow>(HISTORY)
        .bind(post)
        .bind(limit + 1)
        .bind(offset)
        .fetch_all(db)
        .await?;
    Ok(crate::server::db::with_more(rows, limit))
}

/// The newest revision of the post.
pub async fn latest(tx: &mut Tx<'_>, post: i64) -> DomainResult<Option<RevisionRow>> {
    Ok(sqlx::query_as::<_, RevisionRow>(select_revisions!(
        " FROM post_revisions r LEFT JOIN users u ON u.id = r.editor_id",
        " WHERE r.post_id = $1 ORDER BY r.id DESC LIMIT 1"
    ))
    .bind(post)
    .fetch_optional(&mut **tx)
    .await?)
}

/// How the post's newest revision was made: whether the post was last written by an import
/// or on the site. The newest row of `post_revisions_by_post`.
pub async fn latest_kind(db: &Db, post: i64) -> DomainResult<Option<RevisionKind>> {
    Ok(sqlx::query_scalar(
        "SELECT kind FROM post_revisions WHERE post_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(post)
    .fetch_optional(db)
    .await?)
}

/// Revision `id` of the post, whole.
pub async fn full(db: &Db, post: i64, id: i64) -> DomainResult<Option<FullRevision>> {
    Ok(sqlx::query_as::<_, FullRevision>(select_revisions!(
        ", r.description, r.body, r.tag_names",
        " FROM post_revisions r LEFT JOIN users u ON u.id = r.editor_id",
        " WHERE r.post_id = $1 AND r.id = $2"
    ))
    .bind(post)
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// Keeps only the post's `keep` newest autosaves.
pub async fn keep_newest_autosaves(tx: &mut Tx<'_>, post: i64, keep: i64) -> DomainResult<u64> {
    // Everything older than the `keep`th newest; nothing while there are fewer.
    Ok(sqlx::query(
        "DELETE FROM post_revisions WHERE post_id = $1 AND kind = 'autosave' AND id < (\
             SELECT id FROM post_revisions WHERE post_id = $1 AND kind = 'autosave' \
             ORDER BY id DESC LIMIT 1 OFFSET $2)",
    )
    .bind(post)
    .bind(keep - 1)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// Deletes up to `batch` autosaves made before `before` that a later save of their post
/// superseded, oldest first. Returns how many went.
pub async fn thin_autosaves(db: &Db, before: i64, batch: i64) -> DomainResult<u64> {
    Ok(sqlx::query(
        "DELETE FROM post_revisions WHERE id IN (\
             SELECT a.id FROM post_revisions a WHERE a.kind = 'autosave' AND a.created_at < $1 \
             AND EXISTS (SELECT 1 FROM post_revisions later WHERE later.post_id = a.post_id \
                         AND later.id > a.id AND later.kind <> 'autosave') \
             ORDER BY a.created_at LIMIT $2)",
    )
    .bind(before)
    .bind(batch)
    .execute(db)
    .await?
    .rows_affected())
}
