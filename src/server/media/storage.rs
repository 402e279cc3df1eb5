//! Where media files live: a folder on disk (the default, under the data folder), or an
//! S3-compatible bucket that several app servers share. Both through `object_store`, so the
//! rest of the blog sees one store. Names are content hashes: a file, once written, never
//! changes, and writing it again writes the same bytes.

use std::{path::PathBuf, sync::Arc};

use axum::body::Bytes;
use futures_util::stream::BoxStream;
use object_store::{
    ObjectStore, PutPayload, aws::AmazonS3Builder, local::LocalFileSystem, path::Path,
};

use crate::server::settings::{MediaSettings, MediaStoreKind};

/// Why the store cannot be opened; stops start-up with the key to fix.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("settings key `media.folder`: cannot create {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("settings keys `media.s3.*`: {0}")]
    S3(String),
    #[error("{0}")]
    Store(#[from] object_store::Error),
}

/// A stored file, ready to stream.
pub struct StoredFile {
    pub size: u64,
    pub body: BoxStream<'static, Result<Bytes, object_store::Error>>,
}

#[derive(Clone)]
pub struct MediaStorage {
    store: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for MediaStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MediaStorage({})", self.store)
    }
}

impl MediaStorage {
    pub fn from_settings(settings: &MediaSettings) -> Result<Self, StorageError> {
        let store: Arc<dyn ObjectStore> = match settings.store {
            MediaStoreKind::Disk => {
                let folder = &settings.folder;
                std::fs::create_dir_all(folder).map_err(|source| StorageError::Folder {
                    path: folder.clone(),
                    source,
                })?;
                Arc::new(LocalFileSystem::new_with_prefix(folder)?)
            }
            MediaStoreKind::S3 => {
                let s3 = &settings.s3;
                if s3.bucket.is_empty() {
                    return Err(StorageError::S3(
                        "media.s3.bucket must name the bucket when media.store is \"s3\"".into(),
                    ));
                }
                let mut builder = AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_allow_http(s3.endpoint.starts_with("http://"));
                if !s3.endpoint.is_empty() {
                    builder = builder.with_endpoint(&s3.endpoint);
                }
                if !s3.access_key_id.is_empty() {
                    builder = builder
                        .with_access_key_id(&s3.access_key_id)
                        .with_secret_access_key(&s3.secret_access_key);
                }
                Arc::new(
                    builder
                        .build()
                        .map_err(|error| StorageError::S3(error.to_string()))?,
                )
            }
        };
        Ok(Self { store })
    }

    /// Writes a file under its name.
    pub async fn put(&self, name: &str, bytes: Vec<u8>) -> Result<(), object_store::Error> {
        self.store
            .put(&Path::from(name), PutPayload::from(bytes))
            .await
            .map(drop)
    }

    /// The file under `name`, or `None` when there is none.
    pub async fn get(&self, name: &str) -> Result<Option<StoredFile>, object_store::Error> {
        match self.store.get(&Path::from(name)).await {
            Ok(result) => Ok(Some(StoredFile {
                size: result.meta.size,
                body: result.into_stream(),
            })),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The whole file under `name`, for `blog export`.
    pub async fn read(&self, name: &str) -> Result<Option<Bytes>, object_store::Error> {
        match self.store.get(&Path::from(name)).await {
            Ok(result) => Ok(Some(result.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }
}
