//! The images a post shows from the imported folder (`![](cat.jpg)` beside it, or
//! `/images/cat.jpg` under the folder or its `static/`), uploaded as the editor's are; the
//! post then points at the site's copies. Nothing is read from outside the folder.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
};

use super::{FileError, ImportError};
use crate::server::{
    accounts::UserId,
    doors::cli::links::{self, LinkKind},
    error::DomainError,
    media::Media,
};

/// What bringing a post's images along did.
#[derive(Default)]
pub(super) struct Brought {
    pub images: usize,
    pub problems: Vec<String>,
}

/// Where images come from and go to.
pub(super) struct Images<'a> {
    pub media: &'a Media,
    pub author: UserId,
    /// The imported folder, resolved: no image is read from outside it.
    pub root: &'a Path,
}

impl Images<'_> {
    /// Uploads the local images `body` shows and points it at the uploads.
    pub async fn bring(&self, folder: &Path, body: &str) -> Result<(String, Brought), FileError> {
        let mut brought = Brought::default();
        let mut urls: HashMap<String, String> = HashMap::new();
        for (kind, destination) in links::destinations(body) {
            if kind != LinkKind::Image || urls.contains_key(&destination) {
                continue;
            }
            let Some(candidates) = self.candidates(folder, &destination) else {
                continue;
            };
            match self.upload(&candidates).await {
                Ok(url) => {
                    brought.images += 1;
                    urls.insert(destination, url);
                }
                Err(ImageProblem::Fatal(error)) => return Err(FileError::Fatal(error)),
                Err(ImageProblem::Skipped(problem)) => brought
                    .problems
                    .push(format!("image {destination}: {problem}")),
            }
        }
        let body = links::rewrite(body, |kind, destination| {
            (kind == LinkKind::Image)
                .then(|| urls.get(destination).cloned())
                .flatten()
        });
        Ok((body, brought))
    }

    /// The files a local image link may mean, in order; `None` for an address elsewhere.
    fn candidates(&self, folder: &Path, destination: &str) -> Option<Vec<PathBuf>> {
        let remote = destination.contains("://")
            || destination.starts_with("//")
            || destination.starts_with("data:")
            || destination.starts_with('#')
            || destination.starts_with(crate::server::media::names::URL_PREFIX);
        if remote || destination.is_empty() {
            return None;
        }
        let path = destination.split(['?', '#']).next().unwrap_or_default();
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned();
        Some(match path.strip_prefix('/') {
            // Site-absolute, as Hugo and Jekyll write them: under `static/` or the folder.
            Some(under_root) => vec![
                self.root.join("static").join(under_root),
                self.root.join(under_root),
            ],
            None => vec![folder.join(path)],
        })
    }

    async fn upload(&self, candidates: &[PathBuf]) -> Result<String, ImageProblem> {
        let mut found = None;
        for candidate in candidates {
            if let Ok(resolved) = tokio::fs::canonicalize(candidate).await {
                found = Some(resolved);
                break;
            }
        }
        let Some(path) = found else {
            return Err(ImageProblem::Skipped("no such file".into()));
        };
        if !path.starts_with(self.root) {
            return Err(ImageProblem::Skipped(
                "is outside the imported folder, so it is not read".into(),
            ));
        }
        let max = self.media.limits().max_bytes;
        let size = tokio::fs::metadata(&path)
            .await
            .map_err(|error| ImageProblem::Skipped(format!("cannot read it: {error}")))?
            .len();
        if size > max as u64 {
            return Err(ImageProblem::Skipped(format!(
                "is {size} bytes; uploads are limited to {max} bytes"
            )));
        }
        let bytes = tokio::fs::read(&path)
            .await
            .map_err(|error| ImageProblem::Skipped(format!("cannot read it: {error}")))?;
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        match self.media.upload(self.author, &name, bytes.into()).await {
            Ok(upload) => Ok(upload.url),
            Err(DomainError::Internal(error)) => Err(ImageProblem::Fatal(ImportError::Domain(
                DomainError::Internal(error),
            ))),
            Err(refused) => Err(ImageProblem::Skipped(refused.to_string())),
        }
    }
}

enum ImageProblem {
    Skipped(String),
    Fatal(ImportError),
}
