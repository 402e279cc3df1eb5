//! The one routine that writes a post. Every verb (`create`, `update`, `schedule`, a
//! restore, the publisher's `publish_due`, `import`) decides what it wants written as a
//! [`Write`] and hands it here: the text is prepared off the async workers, one transaction
//! stores the post (its tags, counts and search entry with it) and the revision, and once
//! that commits the change is announced. Whatever must react to a post changing (the page
//! caches today; federation next) hooks in at [`Posts::announce_written`], once. What must
//! happen exactly once with the write (a post's first publication opening its newsletter)
//! is written in its transaction.

use super::Posts;
use crate::{
    model::{Post, PostKind, PostStatus, RevisionKind},
    server::{
        accounts::UserId,
        changes::Change,
        content::{
            store::{
                newsletters,
                posts::{self as post_store, PostWrite, Save, StoredPost},
                revisions::{self as revision_store, RevisionWrite},
            },
            text::{
                prepare::prepare,
                revision_changes::{Snapshot, changes_between},
                rules::PostText,
            },
        },
        error::DomainResult,
    },
};

/// A post as one verb wants it written.
pub(super) struct Write {
    /// The post as stored before, or `None` for a new one.
    pub before: Option<StoredPost>,
    /// Whose post it is (a new post's author; an existing post keeps its own).
    pub author: UserId,
    /// Who reads the post back afterwards (their favorites and follows show in it).
    pub viewer: UserId,
    pub slug: String,
    pub text: PostText,
    /// The tags to give it; `None` keeps those it has.
    pub tags: Option<Vec<String>>,
    pub status: PostStatus,
    pub dates: Dates,
    pub revision: RevisionOf,
    /// The publisher's claim: write only if the post is still scheduled as it was read.
    pub claim: Option<Claim>,
    /// Who set the schedule, when the post is scheduled.
    pub scheduled_by: Option<UserId>,
    /// A new post's kind; an existing one keeps its own.
    pub kind: PostKind,
}

impl Write {
    /// Whether this write makes a post public for the first time, as its author means it: an
    /// imported post was published elsewhere long ago, and a page is not news.
    fn first_publication(&self) -> bool {
        let kind = self.before.as_ref().map_or(self.kind, |before| before.kind);
        self.status == PostStatus::Published
            && kind == PostKind::Post
            && self.revision.kind != RevisionKind::Import
            && self
                .before
                .as_ref()
                .is_none_or(|before| before.published_at.is_none())
    }
}

/// The dates a post is written with, Unix milliseconds.
pub(super) struct Dates {
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    /// When a scheduled draft publishes itself.
    pub publish_at: Option<i64>,
    /// When this write happens: the revision's date.
    pub written_at: i64,
}

/// The revision a write leaves.
pub(super) struct RevisionOf {
    /// Who made it; `None` for the publisher.
    pub editor: Option<UserId>,
    pub kind: RevisionKind,
    pub restored_from: Option<i64>,
    /// Recorded even when nothing changed (a restore, the publisher and an import say they
    /// happened); otherwise a save that changes nothing leaves none.
    pub always: bool,
}

impl RevisionOf {
    /// A save by `editor`, recorded when it changed something.
    pub fn save(editor: UserId) -> Self {
        Self {
            editor: Some(editor),
            kind: RevisionKind::Save,
            restored_from: None,
            always: false,
        }
    }

    /// A kind of write that is always recorded.
    pub fn recorded(editor: Option<UserId>, kind: RevisionKind) -> Self {
        Self {
            editor,
            kind,
            restored_from: None,
            always: true,
        }
    }
}

/// A scheduled post as the publisher read it.
pub(super) struct Claim {
    pub publish_at: i64,
    pub updated_at: i64,
}

impl Posts {
    /// Writes `write` and announces it. `None` only when the publisher's claim was lost (another
    /// server published the post, or it was saved meanwhile): nothing was written.
    pub(super) async fn write(&self, write: Write) -> DomainResult<Option<Post>> {
        let stored_tags = write.before.as_ref().map(StoredPost::tags);
        let tags_after = match (&write.tags, &stored_tags) {
            (Some(tags), _) => tags.clone(),
            (None, Some(stored)) => stored.clone(),
            (None, None) => Vec::new(),
        };
        let previous_body = write.before.as_ref().map(|before| before.body.as_str());
        let prepared = prepare(&write.text, &tags_after, previous_body).await;
        let before = write
            .before
            .as_ref()
            .zip(stored_tags.as_deref())
            .map(|(stored, tags)| Snapshot::of(stored, tags));
        let after = Snapshot {
            title: &write.text.title,
            description: &write.text.description,
            tags: &tags_after,
            status: write.status,
            publish_at: write.dates.publish_at,
        };
        let changes = changes_between(before.as_ref(), &after, prepared.lines);

        let mut tx = self.db.begin().await?;
        if let (Some(claim), Some(stored)) = (&write.claim, &write.before)
            && !post_store::claim_scheduled(&mut tx, stored.id, claim.publish_at, claim.updated_at)
                .await?
        {
            return Ok(None);
        }
        let row = PostWrite {
            slug: &write.slug,
            text: &write.text,
            rendered: &prepared.rendered,
            search: &prepared.search,
            status: write.status,
            created_at: write.dates.created_at,
            updated_at: write.dates.updated_at,
            published_at: write.dates.published_at,
            publish_at: write.dates.publish_at,
            scheduled_by: write.dates.publish_at.and(write.scheduled_by),
            kind: write
                .before
                .as_ref()
                .map_or(write.kind, |before| before.kind),
        };
        let save_author = write.before.as_ref().map_or(write.author, |b| b.author_id);
        let save = Save {
            existing: write.before.as_ref(),
            author: save_author,
            row,
            tags: write.tags.as_deref(),
        };
        let id = post_store::save(&mut tx, save).await?;
        if write.first_publication() {
            newsletters::open(&mut tx, id, save_author, write.dates.written_at).await?;
        }
        if write.revision.always || changes.any() {
            let revision = RevisionWrite {
                post_id: id,
                editor: write.revision.editor,
                kind: write.revision.kind,
                status: write.status,
                text: &write.text,
                tags: &tags_after,
                changes: &changes,
                restored_from: write.revision.restored_from,
                created_at: write.dates.written_at,
            };
            revision_store::record(&mut tx, &revision).await?;
        }
        tx.commit().await?;

        let post = self.find(&write.slug, Some(write.viewer)).await?;
        self.announce_written(&post, write.before.as_ref());
        Ok(Some(post))
    }

    /// Tells whatever keeps copies of readers' pages that a post changed: its page, and,
    /// when it is or was public, the lists and its author's page.
    pub(super) fn announce_written(&self, post: &Post, before: Option<&StoredPost>) {
        let was_public = before.is_some_and(|before| before.status == PostStatus::Published);
        let public = post.summary.status == PostStatus::Published;
        if !(public || was_public) {
            return;
        }
        self.changes
            .announce(Change::Post(post.summary.slug.clone()));
        // Every post page links to its neighbours and related posts: a published post that
        // comes, goes or changes its title or tags may be one of them. A page is in no list
        // and links to no post: its own address is all it changes.
        if post.kind == PostKind::Post {
            self.changes.announce_all([
                Change::Lists,
                Change::profile(&post.summary.author.username),
                Change::PostLinks,
            ]);
        }
        if let Some(old) = before.filter(|before| before.slug != post.summary.slug) {
            self.changes.announce(Change::Post(old.slug.clone()));
        }
    }
}
