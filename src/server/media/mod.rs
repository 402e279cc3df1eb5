//! Images in posts: one way in for the editor, the REST API and `blog import` (`upload`), and
//! one way out (`open`, for `/media/<name>`).
//!
//! An upload is trusted for nothing: its bytes decide its type (`inspect`), it is decoded
//! within size and pixel limits and encoded afresh without its metadata (`process`, on the
//! blocking pool, a permit at a time so uploads never take every core), and stored under a
//! hash of what is served (`names`), once however often it is uploaded. Refusals store
//! nothing.

pub mod inspect;
pub mod names;
pub mod process;
pub mod storage;
pub mod store;

use std::{sync::Arc, time::Duration};

use axum::body::Bytes;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use self::{
    inspect::{PixelLimits, Refusal},
    names::MediaName,
    storage::{MediaStorage, StoredFile},
    store::{MediaRow, NewMedia, UploadRow},
};
use crate::{
    model::{Action, MediaItem, MediaPage, MediaUse, PostLink, Upload},
    server::{
        accounts::{Accounts, UserId},
        clock::{Clock, moment},
        db::Db,
        error::{DomainError, DomainResult, Resource},
        settings::MediaSettings,
    },
};

/// The longer side of an image accepted, whatever its pixel count.
pub const MAX_SIDE: u32 = 16_384;

/// Posts shown as using an upload on the media page.
const USES_SHOWN: i64 = 5;

/// Uploads on a page of the media page.
pub const UPLOADS_PER_PAGE: i64 = 24;

/// Longest file name kept for the media page.
const FILE_NAME_MAX_CHARS: usize = 200;

/// What uploads may be and cost.
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    pub max_bytes: usize,
    pub pixels: PixelLimits,
    pub queue_wait: Duration,
}

impl UploadLimits {
    pub fn from_settings(settings: &MediaSettings) -> Self {
        Self {
            max_bytes: settings.max_upload_bytes,
            pixels: PixelLimits {
                max_pixels: settings.max_pixels,
                max_side: MAX_SIDE,
            },
            queue_wait: settings.processing_queue_wait,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Media {
    db: Db,
    clock: Clock,
    accounts: Accounts,
    storage: MediaStorage,
    limits: UploadLimits,
    permits: Arc<Semaphore>,
}

impl Media {
    pub fn new(
        db: Db,
        clock: Clock,
        accounts: Accounts,
        storage: MediaStorage,
        limits: UploadLimits,
        permits: usize,
    ) -> Self {
        Self {
            db,
            clock,
            accounts,
            storage,
            limits,
            permits: Arc::new(Semaphore::new(permits.max(1))),
        }
    }

    pub fn limits(&self) -> UploadLimits {
        self.limits
    }

    /// Stores an uploaded image for `user`, or finds it stored already, and says where it
    /// is served. `file_name` is only remembered for the media page.
    pub async fn upload(
        &self,
        user: UserId,
        file_name: &str,
        bytes: Bytes,
    ) -> DomainResult<Upload> {
        if !self.accounts.role(user).await?.may(Action::Upload) {
            return Err(DomainError::NotPermitted {
                resource: Resource::Upload,
                reason: "this account may not upload images; an admin can change its role",
            });
        }
        if bytes.len() > self.limits.max_bytes {
            return Err(refused(Refusal::TooLarge {
                bytes: bytes.len(),
                max: self.limits.max_bytes,
            }));
        }
        let file_name = clean_file_name(file_name);
        let now = self.clock.now_millis();
        // Hashing and looking at the bytes are one pass each: off the async workers, without
        // a permit.
        let pixels = self.limits.pixels;
        let looked_at = bytes.clone();
        let (source_sha256, inspected) = blocking(move || {
            let hash = hex::encode(Sha256::digest(&looked_at));
            (hash, inspect::inspect(&looked_at, pixels))
        })
        .await;
        if let Some(stored) = store::by_hash(&self.db, &source_sha256).await? {
            store::record_upload(&self.db, user, stored.id, &file_name, now).await?;
            return Ok(upload_of(&stored, &file_name, now));
        }
        let inspected = inspected.map_err(refused)?;
        let (processed, stored_sha256) = self.process(bytes, inspected).await?;
        let stored = self
            .keep(processed, &stored_sha256, &source_sha256, now)
            .await?;
        store::record_upload(&self.db, user, stored.id, &file_name, now).await?;
        Ok(upload_of(&stored, &file_name, now))
    }

    /// Decodes and encodes the image afresh, with its smaller copies, on the blocking pool,
    /// as many at once as there are permits; a caller that waits too long for one is told
    /// to try again. Returns the image and the digest of the bytes that will be served.
    async fn process(
        &self,
        bytes: Bytes,
        inspected: inspect::Inspected,
    ) -> DomainResult<(process::Processed, String)> {
        let pixels = self.limits.pixels;
        let permit =
            tokio::time::timeout(self.limits.queue_wait, self.permits.clone().acquire_owned())
                .await
                .map_err(|_| DomainError::Busy {
                    retry_after: Duration::from_secs(5),
                })?
                .expect("the semaphore is never closed");
        // The permit goes with the work: a caller that gives up (a timeout, a closed
        // connection) does not free the slot while the image is still being decoded.
        let processed = blocking(move || {
            let _permit = permit;
            let processed = process::process(&bytes, inspected, pixels)?;
            let stored_sha256 = hex::encode(Sha256::digest(&processed.bytes));
            Ok::<_, Refusal>((processed, stored_sha256))
        })
        .await;
        processed.map_err(refused)
    }

    /// Stores a processed image and its copies, and records it.
    async fn keep(
        &self,
        processed: process::Processed,
        stored_sha256: &str,
        source_sha256: &str,
        now: i64,
    ) -> DomainResult<store::MediaRow> {
        let name = MediaName::new(
            stored_sha256,
            processed.width,
            processed.height,
            processed.format,
        );
        // The copies first: once the image is there, a page may ask for any of them.
        let mut variants = Vec::with_capacity(processed.copies.len());
        for (width, copy) in processed.copies {
            self.storage
                .put(&name.copy(width).to_string(), copy)
                .await?;
            variants.push(width);
        }
        variants.sort_unstable();
        let stored_bytes = processed.bytes.len() as u64;
        self.storage.put(&name.to_string(), processed.bytes).await?;
        store::insert(
            &self.db,
            NewMedia {
                name: &name.to_string(),
                stored_sha256,
                source_sha256,
                content_type: processed.format.content_type(),
                width: processed.width,
                height: processed.height,
                bytes: stored_bytes,
                variants: &variants,
                created_at: now,
            },
        )
        .await
    }

    /// A page (from 1) of `user`'s uploads, newest first, each with the posts showing it that
    /// `user` may see.
    pub async fn uploads_of(&self, user: UserId, page: i64) -> DomainResult<MediaPage> {
        let sees_every_draft = self.accounts.role(user).await?.may(Action::EditOthers);
        let offset = page
            .saturating_sub(1)
            .max(0)
            .saturating_mul(UPLOADS_PER_PAGE);
        let (rows, more) = store::uploads_of(&self.db, user, UPLOADS_PER_PAGE, offset).await?;
        let mut items = Vec::with_capacity(rows.len());
        for UploadRow {
            media,
            file_name,
            uploaded_at,
        } in rows
        {
            let used_in = store::uses(&self.db, media.id, user, sees_every_draft, USES_SHOWN)
                .await?
                .into_iter()
                .map(|(slug, title, status)| MediaUse {
                    post: PostLink { slug, title },
                    status,
                })
                .collect();
            items.push(MediaItem {
                upload: upload_of(&media, &file_name, uploaded_at),
                used_in,
            });
        }
        Ok(MediaPage { items, more })
    }

    /// The stored file behind a `/media/` name, if there is one.
    pub async fn open(&self, name: &str) -> DomainResult<Option<StoredFile>> {
        if MediaName::parse(name).is_none() {
            return Ok(None);
        }
        Ok(self.storage.get(name).await?)
    }

    /// The whole stored file, for `blog export`.
    pub async fn read(&self, name: &str) -> DomainResult<Option<Bytes>> {
        if MediaName::parse(name).is_none() {
            return Ok(None);
        }
        Ok(self.storage.read(name).await?)
    }
}

fn upload_of(row: &MediaRow, file_name: &str, uploaded_at: i64) -> Upload {
    Upload {
        url: format!("{}{}", names::URL_PREFIX, row.name),
        name: row.name.clone(),
        file_name: file_name.to_owned(),
        content_type: row.content_type.clone(),
        width: u32::try_from(row.width).unwrap_or_default(),
        height: u32::try_from(row.height).unwrap_or_default(),
        bytes: u64::try_from(row.bytes).unwrap_or_default(),
        variants: row.variants(),
        uploaded: moment(uploaded_at),
    }
}

/// The last part of a path as a browser or a shell gives it, without control characters.
fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(FILE_NAME_MAX_CHARS)
        .collect();
    match cleaned.trim() {
        "" => "image".to_owned(),
        trimmed => trimmed.to_owned(),
    }
}

fn refused(refusal: Refusal) -> DomainError {
    let message = refusal.to_string();
    match refusal {
        Refusal::NotAnImage | Refusal::Svg => DomainError::Unsupported {
            field: "file",
            message,
        },
        Refusal::TooLarge { .. } => DomainError::TooLarge {
            field: "file",
            message,
        },
        _ => DomainError::Invalid {
            field: "file",
            message,
        },
    }
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        Err(failure) => std::panic::resume_unwind(failure.into_panic()),
    }
}
