//! What a revision changed against the one before it, worked out once when it is written, so
//! a post's history reads no bodies: which fields moved, lines added and removed (counted by
//! `diff` beforehand, off the async workers), the status and the schedule.

use crate::model::{PostStatus, RevisionChanges};
use crate::server::content::store::posts::StoredPost;

/// What a revision's "what changed" compares: a post's parts other than its body.
pub struct Snapshot<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub tags: &'a [String],
    pub status: PostStatus,
    pub publish_at: Option<i64>,
}

impl<'a> Snapshot<'a> {
    pub fn of(post: &'a StoredPost, tags: &'a [String]) -> Self {
        Self {
            title: &post.title,
            description: &post.description,
            tags,
            status: post.status,
            publish_at: post.publish_at,
        }
    }
}

/// What changed from `before` (none: the first revision) to `after`, given the body's line
/// counts.
pub fn changes_between(
    before: Option<&Snapshot>,
    after: &Snapshot,
    (lines_added, lines_removed): (u32, u32),
) -> RevisionChanges {
    let Some(before) = before else {
        return RevisionChanges {
            first: true,
            lines_added,
            schedule: after.publish_at.is_some(),
            ..RevisionChanges::default()
        };
    };
    RevisionChanges {
        first: false,
        title: before.title != after.title,
        description: before.description != after.description,
        tags: before.tags != after.tags,
        lines_added,
        lines_removed,
        status: (before.status != after.status).then_some(after.status),
        schedule: before.publish_at != after.publish_at,
    }
}
