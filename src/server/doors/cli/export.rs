//! `blog export <dir>`: every post, drafts too, as `<slug>.md` with Zola's TOML front matter,
//! and the images they show in `media/` beside them, linked as `media/<name>`. `blog import`
//! of the folder gives the same posts and images back, and Zola can build a site from it.

use std::{
    fmt,
    path::{Path, PathBuf},
};

use super::{
    front_matter::{self, FrontMatter},
    links, progress,
};
use crate::{
    model::{PostKind, PostStatus},
    server::{
        content::Posts,
        error::DomainError,
        media::{Media, names::MediaName},
    },
};

/// The folder beside the Markdown files that holds their images.
pub const MEDIA_FOLDER: &str = "media";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub written: usize,
    pub images: usize,
    pub dir: PathBuf,
    /// The scheduled posts: drafts in the files, with their time in `[extra] publish_at`.
    pub scheduled: Vec<String>,
}

impl fmt::Display for ExportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exported {} posts and {} images to {}",
            self.written,
            self.images,
            self.dir.display()
        )?;
        if !self.scheduled.is_empty() {
            write!(
                f,
                "; {} scheduled, written as drafts with their time in [extra] publish_at \
                 (`blog import` schedules them again; Zola shows them as drafts): {}",
                self.scheduled.len(),
                self.scheduled.join(", ")
            )?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot create the folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Domain(#[from] DomainError),
}

/// Writes every post into `dir`, creating it when missing and overwriting files of the same
/// name.
pub async fn run(posts: &Posts, media: &Media, dir: &Path) -> Result<ExportSummary, ExportError> {
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|source| ExportError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
    let posts = posts.export_all().await?;
    let bar = progress::bar(posts.len(), "exporting");
    let mut written_images = std::collections::HashSet::new();
    for post in &posts {
        bar.set_message(post.slug.clone());
        let front = FrontMatter {
            title: Some(post.title.clone()),
            slug: Some(post.slug.clone()),
            date: post.date,
            updated: post.updated,
            tags: post.tags.clone(),
            draft: post.status == PostStatus::Draft,
            description: Some(post.description.clone()),
            publish_at: post.publish_at,
            page: post.kind == PostKind::Page,
        };
        let body = match export_images(media, dir, &post.body, &mut written_images).await {
            Ok(body) => body,
            Err(error) => {
                bar.abandon();
                return Err(error);
            }
        };
        let path = dir.join(format!("{}.md", post.slug));
        if let Err(source) = tokio::fs::write(&path, front_matter::write(&front, &body)).await {
            bar.abandon();
            return Err(ExportError::Write { path, source });
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(ExportSummary {
        written: posts.len(),
        images: written_images.len(),
        dir: dir.to_path_buf(),
        scheduled: posts
            .iter()
            .filter(|post| post.publish_at.is_some())
            .map(|post| post.slug.clone())
            .collect(),
    })
}

/// Writes the stored images `body` shows into `dir/media/`, once each, and returns the body
/// showing those files.
async fn export_images(
    media: &Media,
    dir: &Path,
    body: &str,
    written: &mut std::collections::HashSet<String>,
) -> Result<String, ExportError> {
    let mut exported = std::collections::HashSet::new();
    for (kind, destination) in links::destinations(body) {
        // Images only: `blog import` brings images back, and a plain link to `/media/…` keeps
        // working as the site's own address.
        if kind != links::LinkKind::Image {
            continue;
        }
        let Some(name) = MediaName::from_url(&destination) else {
            continue;
        };
        let file = name.to_string();
        if !written.contains(&file) {
            let Some(bytes) = media.read(&file).await? else {
                // Linked but not stored: the link stays as it is.
                continue;
            };
            let folder = dir.join(MEDIA_FOLDER);
            tokio::fs::create_dir_all(&folder)
                .await
                .map_err(|source| ExportError::Folder {
                    path: folder.clone(),
                    source,
                })?;
            let path = folder.join(&file);
            tokio::fs::write(&path, &bytes)
                .await
                .map_err(|source| ExportError::Write { path, source })?;
            written.insert(file.clone());
        }
        exported.insert(destination);
    }
    Ok(links::rewrite(body, |kind, destination| {
        (kind == links::LinkKind::Image && exported.contains(destination)).then(|| {
            format!(
                "{MEDIA_FOLDER}/{}",
                destination.trim_start_matches(crate::server::media::names::URL_PREFIX)
            )
        })
    }))
}
