//! `[media]`: where uploaded images are kept and how much work one may cost.

use std::{path::PathBuf, time::Duration};

use serde::{Deserialize, Serialize};

/// Uploaded images (`server::media`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaSettings {
    /// Where image files are kept.
    pub store: MediaStoreKind,
    /// `disk`: the folder, created on first start.
    pub folder: PathBuf,
    /// `s3`: the bucket and how to reach it.
    pub s3: S3Settings,
    /// Largest upload accepted, in bytes; larger ones get 413.
    pub max_upload_bytes: usize,
    /// Largest image accepted, in pixels (width × height), before it is decoded.
    pub max_pixels: u64,
    /// Images decoded and resized at once (each holds a core); 0: half the cores, at least 1.
    pub processing_permits: usize,
    /// How long an upload waits for a processing permit before it is answered 429.
    #[serde(with = "humantime_serde")]
    pub processing_queue_wait: Duration,
    /// How long an upload may take, sending its file included (other requests have
    /// `server.request_timeout`).
    #[serde(with = "humantime_serde")]
    pub upload_timeout: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaStoreKind {
    /// `media.folder` on this machine: one server, or a folder every server mounts.
    Disk,
    /// An S3-compatible bucket (AWS, MinIO, R2, …) that every server shares.
    S3,
}

/// An S3-compatible bucket. Empty keys fall back to the usual AWS environment and instance
/// credentials.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Settings {
    pub bucket: String,
    pub region: String,
    /// Empty: AWS itself; else e.g. `http://127.0.0.1:9000` for MinIO.
    pub endpoint: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for S3Settings {
    /// Never the secret key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

impl MediaSettings {
    /// Processing permits, with 0 resolved to half the cores.
    pub fn processing_permits(&self) -> usize {
        match self.processing_permits {
            0 => std::thread::available_parallelism().map_or(1, |cores| (cores.get() / 2).max(1)),
            permits => permits,
        }
    }
}
