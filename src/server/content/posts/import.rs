//! Posts as whole records, for moving a blog in and out (`blog import`, `blog export`).
//!
//! Unlike the editor's verbs (`editing`), an archived post arrives with its own slug and
//! dates, and importing the same folder again must change nothing: a post is matched by its
//! slug and rewritten only when something in it differs. The editor's rules still hold (the
//! same limits, tag cleaning), and the write goes through the same routine (`write`).

use super::{
    Posts,
    write::{Dates, RevisionOf, Write},
};
use crate::model::{PostKind, PostStatus, Publication, RevisionKind};
use crate::server::content::store::posts::{self as post_store, StoredPost};
use crate::server::content::store::revisions as revision_store;
use crate::server::content::text::{rules, rules::PostText, slugs};
use crate::server::{
    accounts::UserId,
    error::{DomainError, DomainResult},
};

/// A post with everything that makes it up, as it is exported and imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedPost {
    pub slug: String,
    pub title: String,
    pub description: String,
    /// Markdown.
    pub body: String,
    pub tags: Vec<String>,
    pub status: PostStatus,
    /// When it was published (a draft: written), Unix milliseconds. `None` on import: now
    /// for a new post, unchanged for an existing one.
    pub date: Option<i64>,
    /// When it was last changed, Unix milliseconds. `None` on import: `date` for a new post,
    /// now for a changed one.
    pub updated: Option<i64>,
    /// When a draft publishes itself, Unix milliseconds: kept through an export and imported
    /// again while it is ahead (a time gone by imports a plain draft).
    pub publish_at: Option<i64>,
    /// A post or a standalone page; an existing post keeps its own.
    pub kind: PostKind,
}

/// What an import did with one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    /// Rewritten from the file; it was last written by an import too.
    Updated,
    /// Rewritten from the file, replacing what was written on the site since (or a post made
    /// there): the replaced text stays in the post's history.
    Replaced,
    Unchanged,
}

impl Posts {
    /// Writes `post` under its slug: creates it (by `author`) when the slug is free, otherwise
    /// updates that post in place, keeping its author, if anything differs. `now` dates what
    /// the post itself leaves undated.
    pub async fn import(
        &self,
        author: UserId,
        post: ArchivedPost,
        now: i64,
    ) -> DomainResult<Outcome> {
        let (post, text, tags) = checked(post)?;
        let Some(stored) = post_store::stored(&self.db, &post.slug).await? else {
            self.write(new_from_archive(author, post, text, tags, now))
                .await?;
            return Ok(Outcome::Created);
        };
        let published = post.status == PostStatus::Published;
        // A draft that was once published keeps that date, and with it its fixed slug.
        let published_at = if published {
            Some(post.date.or(stored.published_at).unwrap_or(now))
        } else {
            stored.published_at
        };
        // A published post was written no later than it was published.
        let created_at = match (published, published_at, post.date) {
            (true, Some(published_at), _) => stored.created_at.min(published_at),
            (_, _, Some(date)) => date,
            (_, _, None) => stored.created_at,
        };
        // A schedule is kept while it is ahead; the file says when.
        let publish_at = post.publish_at.filter(|at| *at > now);
        let unchanged = stored.text() == text
            && stored.status == post.status
            && stored.publish_at == publish_at
            && stored.created_at == created_at
            && stored.published_at == published_at
            && post
                .updated
                .is_none_or(|updated| updated == stored.updated_at)
            && lowercase(&stored.tags()) == lowercase(&tags);
        if unchanged {
            return Ok(Outcome::Unchanged);
        }
        let written_on_site = revision_store::latest_kind(&self.db, stored.id)
            .await?
            .is_some_and(|kind| kind != RevisionKind::Import);
        let write = Write {
            author: stored.author_id,
            viewer: author,
            slug: stored.slug.clone(),
            text,
            tags: Some(tags),
            status: post.status,
            dates: Dates {
                created_at,
                updated_at: post.updated.unwrap_or(now),
                published_at,
                publish_at,
                written_at: now,
            },
            revision: RevisionOf::recorded(Some(author), RevisionKind::Import),
            claim: None,
            scheduled_by: publish_at.map(|_| author),
            kind: stored.kind,
            before: Some(stored),
        };
        self.write(write).await?;
        Ok(if written_on_site {
            Outcome::Replaced
        } else {
            Outcome::Updated
        })
    }

    /// Every post, drafts too, oldest first, with its dates filled in.
    pub async fn export_all(&self) -> DomainResult<Vec<ArchivedPost>> {
        let rows = post_store::all(&self.db).await?;
        Ok(rows.into_iter().map(archived).collect())
    }
}

/// A new post from an archive, dated as it says.
fn new_from_archive(
    author: UserId,
    post: ArchivedPost,
    text: PostText,
    tags: Vec<String>,
    now: i64,
) -> Write {
    let created_at = post.date.unwrap_or(now);
    let published = post.status == PostStatus::Published;
    let publish_at = post.publish_at.filter(|at| !published && *at > now);
    Write {
        before: None,
        author,
        viewer: author,
        slug: post.slug,
        text,
        tags: Some(tags),
        status: post.status,
        dates: Dates {
            created_at,
            updated_at: post.updated.unwrap_or(created_at),
            published_at: published.then_some(created_at),
            publish_at,
            written_at: now,
        },
        revision: RevisionOf::recorded(Some(author), RevisionKind::Import),
        claim: None,
        scheduled_by: publish_at.map(|_| author),
        kind: post.kind,
    }
}

/// A stored post as an archive keeps it.
fn archived(row: StoredPost) -> ArchivedPost {
    ArchivedPost {
        tags: row.tags(),
        status: row.status,
        // Published: when it was published. A draft: when it was written.
        date: Some(match row.status {
            PostStatus::Published => row.published_at.unwrap_or(row.created_at),
            PostStatus::Draft => row.created_at,
        }),
        updated: Some(row.updated_at),
        publish_at: row.publish_at,
        kind: row.kind,
        slug: row.slug,
        title: row.title,
        description: row.description,
        body: row.body,
    }
}

/// The editor's rules, applied to an archived post, and its slug checked.
fn checked(mut post: ArchivedPost) -> DomainResult<(ArchivedPost, PostText, Vec<String>)> {
    if post.kind == PostKind::Page {
        if !crate::model::routes::is_page_slug(&post.slug) {
            return Err(DomainError::invalid(
                "slug",
                super::access::reserved_page_slug(&post.slug),
            ));
        }
        // A page is in no list: it carries no tags.
        post.tags.clear();
    }
    if post.slug.is_empty() || slugs::base(&post.slug) != post.slug {
        return Err(DomainError::invalid(
            "slug",
            format!(
                "{:?} is not a slug: lowercase letters, digits and hyphens",
                post.slug
            ),
        ));
    }
    let text = PostText::validate(
        post.title.clone(),
        post.description.clone(),
        post.body.clone(),
        Publication::from(post.status),
    )?;
    let tags = rules::clean_tags(post.tags.clone())?;
    Ok((post, text, tags))
}

fn lowercase(tags: &[String]) -> Vec<String> {
    tags.iter().map(|tag| tag.to_lowercase()).collect()
}
