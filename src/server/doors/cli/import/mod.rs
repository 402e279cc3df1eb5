//! `blog import <dir>`: Markdown files from Zola, Hugo or Jekyll become posts.
//!
//! A file's slug (from its front matter, else its name) says which post it is, so importing
//! the same folder again updates posts in place and creates no duplicates. A file that cannot
//! be imported is reported and skipped; the others still go in.
//!
//! The images a post shows from the folder (`![](cat.jpg)` beside it, or `/images/cat.jpg`
//! under the folder or its `static/`) are uploaded as the editor's are, and the post points at
//! the site's copies; an image that cannot come along is reported, and its post still goes in.

use std::{
    collections::HashMap,
    fmt,
    path::{Path, PathBuf},
};

mod images;

use super::{
    front_matter::{self, Document},
    progress,
};
use crate::{
    model::{PostKind, PostStatus},
    server::{
        accounts::Accounts,
        clock::Clock,
        content::{
            Posts,
            posts::{ArchivedPost, Outcome},
            text::slugs,
        },
        error::DomainError,
        media::Media,
    },
};
use images::{Brought, Images};

/// Larger files are skipped unread: a post body is at most 200,000 characters.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// What an import did, file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub created: usize,
    /// Counted in `updated` too: the posts whose text written on the site since (or made
    /// there) the files replaced; it stays in each post's history.
    pub replaced: Vec<String>,
    pub updated: usize,
    pub unchanged: usize,
    pub failures: Vec<Failure>,
    /// Images brought along (each file once per post).
    pub images: usize,
    /// Images that could not come along; their posts were imported without them.
    pub image_failures: Vec<Failure>,
}

/// A file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: PathBuf,
    pub problem: String,
}

impl ImportSummary {
    /// Files looked at, imported or not.
    pub fn total(&self) -> usize {
        self.created + self.updated + self.unchanged + self.failures.len()
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} posts: {} created, {} updated, {} unchanged, {} failed",
            self.total(),
            self.created,
            self.updated,
            self.unchanged,
            self.failures.len(),
        )?;
        if !self.replaced.is_empty() {
            write!(
                f,
                "; {} of the updated had been written on the site since, and the files \
                 replaced it (the earlier text is in each post's history): {}",
                self.replaced.len(),
                self.replaced.join(", ")
            )?;
        }
        if self.images > 0 || !self.image_failures.is_empty() {
            write!(
                f,
                "; {} images brought along, {} missing",
                self.images,
                self.image_failures.len()
            )?;
        }
        Ok(())
    }
}

/// Why the import as a whole could not go on.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no user is called {0:?}")]
    NoSuchAuthor(String),
    #[error(
        "there is no admin to own the posts: create one with `blog user create --admin`, or \
         name an author with --author"
    )]
    NoAdmin,
    #[error(transparent)]
    Domain(#[from] DomainError),
}

/// Imports every `*.md` (and `*.markdown`) file under `dir`; new posts belong to `author`
/// (a username) or, without one, to the first admin.
pub async fn run(
    posts: &Posts,
    accounts: &Accounts,
    media: &Media,
    dir: &Path,
    author: Option<&str>,
) -> Result<ImportSummary, ImportError> {
    let author = match author {
        Some(name) => accounts
            .id_by_username(name)
            .await?
            .ok_or_else(|| ImportError::NoSuchAuthor(name.to_owned()))?,
        None => accounts.first_admin().await?.ok_or(ImportError::NoAdmin)?,
    };
    // Walking the folder is blocking file-system work: off the async workers.
    let folder = dir.to_path_buf();
    let mut files = tokio::task::spawn_blocking(move || {
        let mut files = Vec::new();
        collect_markdown_files(&folder, &mut files).map(|()| files)
    })
    .await
    .unwrap_or_else(|failure| std::panic::resume_unwind(failure.into_panic()))?;
    files.sort();
    let bar = progress::bar(files.len(), "importing");
    let mut summary = ImportSummary::default();
    // Two files claiming one slug would overwrite each other on every run.
    let mut slug_owners: HashMap<String, PathBuf> = HashMap::new();
    let root = tokio::fs::canonicalize(dir)
        .await
        .map_err(|source| ImportError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
    let images = Images {
        media,
        author,
        root: &root,
    };
    for path in files {
        let shown = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
        bar.set_message(shown.display().to_string());
        let imported = import_file(posts, &images, &path, &shown, &mut slug_owners).await;
        let (outcome, brought) = match imported {
            Ok((outcome, brought, slug)) => (Ok((outcome, slug)), Some(brought)),
            Err(error) => (Err(error), None),
        };
        if let Some(brought) = brought {
            summary.images += brought.images;
            for problem in brought.problems {
                progress::report(&bar, &format!("{}: {problem}", shown.display()));
                summary.image_failures.push(Failure {
                    path: shown.clone(),
                    problem,
                });
            }
        }
        match outcome {
            Ok((Outcome::Created, _)) => summary.created += 1,
            Ok((Outcome::Updated, _)) => summary.updated += 1,
            Ok((Outcome::Replaced, slug)) => {
                summary.updated += 1;
                summary.replaced.push(slug);
            }
            Ok((Outcome::Unchanged, _)) => summary.unchanged += 1,
            Err(FileError::Skipped(problem)) => {
                progress::report(&bar, &format!("{}: {problem}", shown.display()));
                summary.failures.push(Failure {
                    path: shown,
                    problem,
                });
            }
            Err(FileError::Fatal(error)) => {
                bar.abandon();
                return Err(error);
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(summary)
}

enum FileError {
    /// This file only: report it and go on.
    Skipped(String),
    /// The database failed: nothing further would go in either.
    Fatal(ImportError),
}

impl From<DomainError> for FileError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Internal(_) => Self::Fatal(error.into()),
            other => Self::Skipped(other.to_string()),
        }
    }
}

async fn import_file(
    posts: &Posts,
    images: &Images<'_>,
    path: &Path,
    shown: &Path,
    slug_owners: &mut HashMap<String, PathBuf>,
) -> Result<(Outcome, Brought, String), FileError> {
    let unreadable = |error: std::io::Error| FileError::Skipped(format!("cannot read it: {error}"));
    let size = tokio::fs::metadata(path).await.map_err(unreadable)?.len();
    if size > MAX_FILE_BYTES {
        return Err(FileError::Skipped(format!(
            "it is {size} bytes; a post file may have at most {MAX_FILE_BYTES}"
        )));
    }
    let text = tokio::fs::read_to_string(path).await.map_err(unreadable)?;
    let document =
        front_matter::parse(&text).map_err(|error| FileError::Skipped(error.to_string()))?;
    let mut post = archived(path, document).map_err(FileError::Skipped)?;
    if let Some(other) = slug_owners.insert(post.slug.clone(), shown.to_path_buf()) {
        return Err(FileError::Skipped(format!(
            "its slug `{}` is already the slug of {}",
            post.slug,
            other.display()
        )));
    }
    let folder = path.parent().unwrap_or(images.root);
    let (body, brought) = images.bring(folder, &post.body).await?;
    post.body = body;
    let now = Clock::system().now_millis();
    let slug = post.slug.clone();
    let outcome = posts.import(images.author, post, now).await?;
    Ok((outcome, brought, slug))
}

/// The post a file describes, with what its name says filling the gaps.
fn archived(path: &Path, document: Document) -> Result<ArchivedPost, String> {
    let front = document.front;
    let title = front
        .title
        .filter(|title| !title.trim().is_empty())
        .ok_or("no title: add `title` to the front matter")?;
    let named = NamedAfter::path(path);
    let slug = front
        .slug
        .filter(|slug| !slug.trim().is_empty())
        .unwrap_or(named.slug);
    Ok(ArchivedPost {
        slug: slugs::base(&slug),
        title,
        description: front.description.unwrap_or_default(),
        body: document.body,
        tags: front.tags,
        // A post with a time to publish at is a draft until then.
        status: if front.draft || front.publish_at.is_some() {
            PostStatus::Draft
        } else {
            PostStatus::Published
        },
        date: front.date.or(named.date),
        updated: front.updated,
        publish_at: front.publish_at,
        kind: if front.page {
            PostKind::Page
        } else {
            PostKind::Post
        },
    })
}

/// What a file's name says: Jekyll's `2024-01-02-my-post.md` gives a date and a slug, a page
/// bundle's `my-post/index.md` takes its folder's name.
struct NamedAfter {
    slug: String,
    date: Option<i64>,
}

impl NamedAfter {
    fn path(path: &Path) -> Self {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let name = if stem == "index" {
            path.parent()
                .and_then(Path::file_name)
                .map(|folder| folder.to_string_lossy())
                .unwrap_or(stem)
        } else {
            stem
        };
        let jekyll = name
            .get(..10)
            .zip(name.get(11..))
            .filter(|(_, rest)| name.as_bytes()[10] == b'-' && !rest.is_empty())
            .and_then(|(date, rest)| Some((front_matter::parse_time(date)?, rest)));
        match jekyll {
            Some((date, rest)) => Self {
                slug: rest.to_owned(),
                date: Some(date),
            },
            None => Self {
                slug: name.into_owned(),
                date: None,
            },
        }
    }
}

/// Markdown files under `dir`, skipping hidden folders (`.git`) and Zola/Hugo section pages
/// (`_index.md`), which describe a list rather than a post.
fn collect_markdown_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    let folder_error = |source| ImportError::Folder {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(folder_error)? {
        let entry = entry.map_err(folder_error)?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name.starts_with("_index.") {
            continue;
        }
        let kind = entry.file_type().map_err(folder_error)?;
        let path = entry.path();
        if kind.is_dir() {
            collect_markdown_files(&path, files)?;
        } else if kind.is_file() && is_markdown(&path) {
            files.push(path);
        }
    }
    Ok(())
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown")
        })
}
