//! A post's history. Every save leaves a revision: who, when, how, and what changed against
//! the one before (worked out once, on write). The editor's autosaves keep unsaved typing on
//! the server without changing the post; any two revisions compare line by line; any one can
//! be made the post's text again, as a new revision. Who may do any of it is who may edit the
//! post.
//!
//! Growth: while someone keeps typing, their autosaves merge into one revision per ten
//! minutes; a post keeps its newest twenty autosaves; and autosaves a later save superseded
//! are deleted after thirty days (`thin`, hourly). Saves themselves are kept.

use std::{sync::Arc, time::Duration};

use tokio::sync::Semaphore;

use super::{
    posts::{PostChanges, Posts, UpdateOrigin},
    store::revisions::{self as revision_store, FullRevision, RevisionWrite},
    text::{
        diff,
        revision_changes::{Snapshot, changes_between},
        rules::{self, PostText},
    },
};
use crate::{
    model::{
        Post, PostDraft, RevisionDiff, RevisionKind, RevisionPage, RevisionSummary, TextChange,
    },
    server::{
        accounts::UserId,
        clock::Clock,
        db::Db,
        error::{DomainError, DomainResult, Resource},
    },
};

/// Revisions on a page of a post's history.
pub const REVISIONS_PER_PAGE: i64 = 50;

/// An autosave this soon after the same person's last one replaces it.
const AUTOSAVE_MERGE_WINDOW: Duration = Duration::from_secs(10 * 60);

/// Autosaves kept per post, newest first.
const AUTOSAVES_KEPT_PER_POST: i64 = 20;

/// How long a comparison waits for a permit before the caller is told to try again.
const COMPARE_QUEUE_WAIT: Duration = Duration::from_secs(2);

/// Superseded autosaves older than this are thinned out.
pub const SUPERSEDED_AUTOSAVES_KEPT_FOR: Duration = Duration::from_secs(30 * 24 * 60 * 60);

#[derive(Clone, Debug)]
pub struct Revisions {
    db: Db,
    clock: Clock,
    posts: Posts,
    comparing: Arc<Semaphore>,
}

impl Revisions {
    pub fn new(db: Db, clock: Clock, posts: Posts) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            db,
            clock,
            posts,
            comparing: Arc::new(Semaphore::new((cores / 2).max(1))),
        }
    }

    /// Runs a comparison of two texts on the blocking pool, a permit at a time per two cores:
    /// each is bounded by `diff`'s deadline, and the permit bounds how many run at once, so
    /// a stream of autosaves or comparisons never takes every core. A caller that cannot get
    /// a permit soon is told to try again.
    async fn compare<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> DomainResult<T> {
        let permit =
            tokio::time::timeout(COMPARE_QUEUE_WAIT, self.comparing.clone().acquire_owned())
                .await
                .map_err(|_| DomainError::Busy {
                    retry_after: Duration::from_secs(2),
                })?
                .expect("the semaphore is never closed");
        match tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        {
            Ok(value) => Ok(value),
            Err(failure) => std::panic::resume_unwind(failure.into_panic()),
        }
    }

    /// A page (from 1) of the post's history, newest first.
    pub async fn history(
        &self,
        actor: UserId,
        slug: &str,
        page: i64,
    ) -> DomainResult<RevisionPage> {
        let post = self.posts.editable(actor, slug).await?;
        let offset = page
            .saturating_sub(1)
            .max(0)
            .saturating_mul(REVISIONS_PER_PAGE);
        let (rows, more) =
            revision_store::history(&self.db, post.id, REVISIONS_PER_PAGE, offset).await?;
        Ok(RevisionPage {
            revisions: rows.into_iter().map(|row| row.into_summary()).collect(),
            more,
        })
    }

    /// How two revisions of the post differ, the older one first whichever way they are
    /// asked for.
    pub async fn diff(
        &self,
        actor: UserId,
        slug: &str,
        first: i64,
        second: i64,
    ) -> DomainResult<RevisionDiff> {
        let post = self.posts.editable(actor, slug).await?;
        let (older, newer) = (first.min(second), first.max(second));
        let from = self.revision(post.id, older).await?;
        let to = self.revision(post.id, newer).await?;
        let work = move || {
            let (body, body_approximate) = diff::lines(&from.body, &to.body);
            let changed = |before: &str, after: &str| {
                (before != after).then(|| TextChange {
                    before: before.to_owned(),
                    after: after.to_owned(),
                })
            };
            RevisionDiff {
                title: changed(&from.row.title, &to.row.title),
                description: changed(&from.description, &to.description),
                tags: changed(&from.tags().join(", "), &to.tags().join(", ")),
                body,
                body_approximate,
                from: from.row.into_summary(),
                to: to.row.into_summary(),
            }
        };
        self.compare(work).await
    }

    /// Makes revision `id` the post's text again (its title, description, tags and body; the
    /// post stays published or draft as it is), leaving a new revision that says so.
    pub async fn restore(&self, actor: UserId, slug: &str, id: i64) -> DomainResult<Post> {
        let post = self.posts.editable(actor, slug).await?;
        let revision = self.revision(post.id, id).await?;
        let changes = PostChanges {
            tags: Some(revision.tags()),
            title: Some(revision.row.title),
            description: Some(revision.description),
            body: Some(revision.body),
            publication: None,
        };
        self.posts
            .apply(actor, post, changes, UpdateOrigin::Restore(id))
            .await
    }

    /// Keeps what the editor holds but has not saved, as an autosave revision; the post
    /// itself does not change. Returns the revision, or `None` when the typing is what is
    /// saved.
    pub async fn autosave(
        &self,
        actor: UserId,
        slug: &str,
        draft: PostDraft,
    ) -> DomainResult<Option<RevisionSummary>> {
        let post = self.posts.editable(actor, slug).await?;
        rules::check_length("title", &draft.title, rules::TITLE_MAX_CHARS)?;
        rules::check_length(
            "description",
            &draft.description,
            rules::DESCRIPTION_MAX_CHARS,
        )?;
        rules::check_length("body", &draft.body, rules::BODY_MAX_CHARS)?;
        let tags = rules::clean_tags(draft.tags)?;
        // As typed: a draft in progress may have no title yet.
        let typed = PostText {
            title: draft.title.trim().to_owned(),
            description: draft.description.trim().to_owned(),
            body: draft.body,
        };
        let stored_tags = post.tags();
        if typed.title == post.title
            && typed.description == post.description
            && typed.body == post.body
            && tags == stored_tags
        {
            return Ok(None);
        }
        let (saved_body, typed_body) = (post.body.clone(), typed.body.clone());
        let lines = self
            .compare(move || diff::line_counts(&saved_body, &typed_body))
            .await?;
        let after = Snapshot {
            title: &typed.title,
            description: &typed.description,
            tags: &tags,
            status: post.status,
            publish_at: post.publish_at,
        };
        let changes = changes_between(Some(&Snapshot::of(&post, &stored_tags)), &after, lines);
        let now = self.clock.now_millis();
        let revision = RevisionWrite {
            post_id: post.id,
            editor: Some(actor),
            kind: RevisionKind::Autosave,
            status: post.status,
            text: &typed,
            tags: &tags,
            changes: &changes,
            restored_from: None,
            created_at: now,
        };
        let merge_window = i64::try_from(AUTOSAVE_MERGE_WINDOW.as_millis()).unwrap_or(i64::MAX);
        let mut tx = self.db.begin().await?;
        let latest = revision_store::latest(&mut tx, post.id).await?;
        let id = match latest {
            Some(latest)
                if latest.kind == RevisionKind::Autosave
                    && latest.editor_id == Some(actor)
                    && now - latest.created_at < merge_window =>
            {
                revision_store::overwrite(&mut tx, latest.id, &revision).await?;
                latest.id
            }
            _ => {
                let id = revision_store::record(&mut tx, &revision).await?;
                revision_store::keep_newest_autosaves(&mut tx, post.id, AUTOSAVES_KEPT_PER_POST)
                    .await?;
                id
            }
        };
        tx.commit().await?;
        Ok(Some(self.revision(post.id, id).await?.row.into_summary()))
    }

    /// Deletes autosaves that a later save superseded, once they are older than
    /// [`SUPERSEDED_AUTOSAVES_KEPT_FOR`]. Returns how many went.
    pub async fn thin(&self) -> DomainResult<u64> {
        const BATCH: i64 = 500;
        let kept_for = i64::try_from(SUPERSEDED_AUTOSAVES_KEPT_FOR.as_millis()).unwrap_or(0);
        let before = self.clock.now_millis() - kept_for;
        let mut thinned = 0;
        loop {
            let deleted = revision_store::thin_autosaves(&self.db, before, BATCH).await?;
            thinned += deleted;
            if deleted < BATCH as u64 {
                return Ok(thinned);
            }
        }
    }

    async fn revision(&self, post: i64, id: i64) -> DomainResult<FullRevision> {
        revision_store::full(&self.db, post, id)
            .await?
            .ok_or(DomainError::NotFound(Resource::Revision))
    }
}
