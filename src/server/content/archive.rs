//! Posts as whole records, for moving a blog in and out (`blog import`, `blog export`).
//!
//! Unlike the editor's path in `posts`, an archived post arrives with its own slug and dates,
//! and importing the same folder again must change nothing: a post is matched by its slug and
//! rewritten only when something in it differs. The editor's rules still hold: the same limits,
//! tag cleaning, rendering once on write.

use super::{
    post_store::{self, PostWrite, Save, StoredPost},
    prepare::prepare,
    revision_changes::{Snapshot, changes_between},
    revision_store::{self, RevisionWrite},
    rules::{self, PostText},
    slugs,
};
use crate::{
    model::{PostStatus, RevisionKind},
    server::{
        accounts::UserId,
        db::Db,
        error::{DomainError, DomainResult},
    },
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
}

/// What an import did with one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Writes `post` under its slug: creates it (by `author`) when the slug is free, otherwise
/// updates that post in place, keeping its author, if anything differs. `now` dates what the
/// post itself leaves undated.
pub async fn upsert(
    db: &Db,
    author: UserId,
    post: ArchivedPost,
    now: i64,
) -> DomainResult<Outcome> {
    let (post, text, tags) = checked(post)?;
    let published = post.status == PostStatus::Published;
    let existing = post_store::stored(db, &post.slug).await?;
    let prepared = prepare(
        &text,
        &tags,
        existing.as_ref().map(|stored| stored.body.as_str()),
    )
    .await;
    let mut tx = db.begin().await?;
    let Some(stored) = post_store::stored(&mut *tx, &post.slug).await? else {
        let created_at = post.date.unwrap_or(now);
        let row = PostWrite {
            slug: &post.slug,
            text: &text,
            rendered: &prepared.rendered,
            search: &prepared.search,
            status: post.status,
            created_at,
            updated_at: post.updated.unwrap_or(created_at),
            published_at: published.then_some(created_at),
            publish_at: None,
        };
        let save = Save {
            existing: None,
            author,
            row,
            tags: Some(&tags),
        };
        let id = post_store::save(&mut tx, save).await?;
        let after = snapshot(&text, &tags, post.status);
        let changes = changes_between(None, &after, prepared.lines);
        let revision = import_revision(id, author, post.status, &text, &tags, &changes, now);
        revision_store::record(&mut tx, &revision).await?;
        tx.commit().await?;
        return Ok(Outcome::Created);
    };
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
    let stored_tags = stored.tags();
    let unchanged = stored.title == text.title
        && stored.description == text.description
        && stored.body == text.body
        && stored.status == post.status
        && stored.created_at == created_at
        && stored.published_at == published_at
        && post
            .updated
            .is_none_or(|updated| updated == stored.updated_at)
        && lowercase(&stored_tags) == lowercase(&tags);
    if unchanged {
        return Ok(Outcome::Unchanged);
    }
    let row = PostWrite {
        slug: &stored.slug,
        text: &text,
        rendered: &prepared.rendered,
        search: &prepared.search,
        status: post.status,
        created_at,
        updated_at: post.updated.unwrap_or(now),
        published_at,
        // An imported post is what the file says: published or a draft, not scheduled.
        publish_at: None,
    };
    let save = Save {
        existing: Some(&stored),
        author: stored.author_id,
        row,
        tags: Some(&tags),
    };
    post_store::save(&mut tx, save).await?;
    let before = Snapshot::of(&stored, &stored_tags);
    let changes = changes_between(
        Some(&before),
        &snapshot(&text, &tags, post.status),
        prepared.lines,
    );
    let revision = import_revision(stored.id, author, post.status, &text, &tags, &changes, now);
    revision_store::record(&mut tx, &revision).await?;
    tx.commit().await?;
    Ok(Outcome::Updated)
}

fn snapshot<'a>(text: &'a PostText, tags: &'a [String], status: PostStatus) -> Snapshot<'a> {
    Snapshot {
        title: &text.title,
        description: &text.description,
        tags,
        status,
        publish_at: None,
    }
}

/// The revision an import leaves, credited to the author it imports as.
fn import_revision<'a>(
    post_id: i64,
    editor: UserId,
    status: PostStatus,
    text: &'a PostText,
    tags: &'a [String],
    changes: &'a crate::model::RevisionChanges,
    now: i64,
) -> RevisionWrite<'a> {
    RevisionWrite {
        post_id,
        editor: Some(editor),
        kind: RevisionKind::Import,
        status,
        text,
        tags,
        changes,
        restored_from: None,
        created_at: now,
    }
}

/// Every post, drafts too, oldest first, with its dates filled in.
pub async fn all(db: &Db) -> DomainResult<Vec<ArchivedPost>> {
    let rows = post_store::all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row: StoredPost| ArchivedPost {
            tags: row.tags(),
            status: row.status,
            // Published: when it was published. A draft: when it was written.
            date: Some(match row.status {
                PostStatus::Published => row.published_at.unwrap_or(row.created_at),
                PostStatus::Draft => row.created_at,
            }),
            updated: Some(row.updated_at),
            slug: row.slug,
            title: row.title,
            description: row.description,
            body: row.body,
        })
        .collect())
}

/// The editor's rules, applied to an archived post, and its slug checked.
fn checked(post: ArchivedPost) -> DomainResult<(ArchivedPost, PostText, Vec<String>)> {
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
        post.status,
    )?;
    let tags = rules::clean_tags(post.tags.clone())?;
    Ok((post, text, tags))
}

fn lowercase(tags: &[String]) -> Vec<String> {
    tags.iter().map(|tag| tag.to_lowercase()).collect()
}
