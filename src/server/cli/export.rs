//! `blog export <dir>`: every post, drafts too, as `<slug>.md` with Zola's TOML front matter.
//! `blog import` of the folder gives the same posts back, and Zola can build a site from it.

use std::{
    fmt,
    path::{Path, PathBuf},
};

use super::{
    front_matter::{self, FrontMatter},
    progress,
};
use crate::{
    model::PostStatus,
    server::{content::archive, db::Db, error::DomainError},
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub written: usize,
    pub dir: PathBuf,
}

impl fmt::Display for ExportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exported {} posts to {}",
            self.written,
            self.dir.display()
        )
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
pub async fn run(db: &Db, dir: &Path) -> Result<ExportSummary, ExportError> {
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|source| ExportError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
    let posts = archive::all(db).await?;
    let bar = progress::bar(posts.len(), "exporting");
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
        };
        let path = dir.join(format!("{}.md", post.slug));
        if let Err(source) = tokio::fs::write(&path, front_matter::write(&front, &post.body)).await
        {
            bar.abandon();
            return Err(ExportError::Write { path, source });
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(ExportSummary {
        written: posts.len(),
        dir: dir.to_path_buf(),
    })
}
