//! The `media`, `uploads` and `post_media` tables. Only SQL and row mapping live here.

use crate::server::{accounts::UserId, db::Db, error::DomainResult};

/// A stored image.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MediaRow {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
    pub variants: String,
}

impl MediaRow {
    pub fn variants(&self) -> Vec<u32> {
        serde_json::from_str(&self.variants).unwrap_or_default()
    }
}

/// One of a user's uploads.
#[derive(Debug, sqlx::FromRow)]
pub struct UploadRow {
    #[sqlx(flatten)]
    pub media: MediaRow,
    pub file_name: String,
    pub uploaded_at: i64,
}

/// What is written for a new image.
pub struct NewMedia<'a> {
    pub name: &'a str,
    pub stored_sha256: &'a str,
    pub source_sha256: &'a str,
    pub content_type: &'a str,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub variants: &'a [u32],
    pub created_at: i64,
}

/// The image whose uploaded or stored bytes have this hash.
pub async fn by_hash(db: &Db, sha256: &str) -> DomainResult<Option<MediaRow>> {
    for statement in [
        "SELECT m.id, m.name, m.content_type, m.width, m.height, m.bytes, m.variants \
         FROM media m WHERE m.stored_sha256 = $1",
        "SELECT m.id, m.name, m.content_type, m.width, m.height, m.bytes, m.variants \
         FROM media m WHERE m.source_sha256 = $1 ORDER BY m.id LIMIT 1",
    ] {
        if let Some(row) = sqlx::query_as::<_, MediaRow>(statement)
            .bind(sha256)
            .fetch_optional(db)
            .await?
        {
            return Ok(Some(row));
        }
    }
    Ok(None)
}

/// Records a new image; an image with the same stored bytes, recorded meanwhile by another
/// upload, is that one.
pub async fn insert(db: &Db, media: NewMedia<'_>) -> DomainResult<MediaRow> {
    let variants = serde_json::to_string(media.variants).expect("widths serialize");
    sqlx::query(
        "INSERT INTO media (name, stored_sha256, source_sha256, content_type, width, height, \
                            bytes, variants, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
    )
    .bind(media.name)
    .bind(media.stored_sha256)
    .bind(media.source_sha256)
    .bind(media.content_type)
    .bind(i64::from(media.width))
    .bind(i64::from(media.height))
    .bind(i64::try_from(media.bytes).unwrap_or(i64::MAX))
    .bind(variants)
    .bind(media.created_at)
    .execute(db)
    .await?;
    Ok(sqlx::query_as::<_, MediaRow>(
        "SELECT m.id, m.name, m.content_type, m.width, m.height, m.bytes, m.variants \
         FROM media m WHERE m.stored_sha256 = $1",
    )
    .bind(media.stored_sha256)
    .fetch_one(db)
    .await?)
}

/// Records that `user` uploaded the image; uploading it again moves it to the top of their
/// list under its latest file name.
pub async fn record_upload(
    db: &Db,
    user: UserId,
    media: i64,
    file_name: &str,
    now: i64,
) -> DomainResult<()> {
    sqlx::query(
        "INSERT INTO uploads (user_id, media_id, file_name, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, media_id) \
         DO UPDATE SET file_name = excluded.file_name, created_at = excluded.created_at",
    )
    .bind(user)
    .bind(media)
    .bind(file_name)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// `$1`'s uploads, newest first: a slice of `uploads_by_user` in order.
pub const UPLOADS_OF: &str = concat!(
    "SELECT m.id, m.name, m.content_type, m.width, m.height, m.bytes, m.variants, ",
    "up.file_name, up.created_at AS uploaded_at ",
    "FROM uploads up JOIN media m ON m.id = up.media_id WHERE up.user_id = $1 ",
    "ORDER BY up.created_at DESC, up.media_id DESC LIMIT $2 OFFSET $3"
);

/// `limit` of `user`'s uploads after the first `offset`, and whether more follow.
pub async fn uploads_of(
    db: &Db,
    user: UserId,
    limit: i64,
    offset: i64,
) -> DomainResult<(Vec<UploadRow>, bool)> {
    let rows = sqlx::query_as::<_, UploadRow>(UPLOADS_OF)
        .bind(user)
        .bind(limit + 1)
        .bind(offset)
        .fetch_all(db)
        .await?;
    Ok(crate::server::db::with_more(rows, limit))
}

/// The posts showing image `$1` that viewer `$2` may see (published ones, their own, or all
/// when `$3` is 1), newest first, at most `$4`.
pub const USES: &str = concat!(
    "SELECT p.slug, p.title, p.status FROM post_media pm JOIN posts p ON p.id = pm.post_id ",
    "WHERE pm.media_id = $1 AND (p.status = 'published' OR p.author_id = $2 OR $3 = 1) ",
    "ORDER BY pm.post_id DESC LIMIT $4"
);

pub async fn uses(
    db: &Db,
    media: i64,
    viewer: UserId,
    sees_every_draft: bool,
    limit: i64,
) -> DomainResult<Vec<(String, String, crate::model::PostStatus)>> {
    Ok(sqlx::query_as(USES)
        .bind(media)
        .bind(viewer)
        .bind(i64::from(sees_every_draft))
        .bind(limit)
        .fetch_all(db)
        .await?)
}
