//! A post's history as the editor shows it: each revision with who made it and what changed,
//! and the difference between any two.

use serde::{Deserialize, Serialize};

use super::{Moment, PostStatus};

/// How a revision came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RevisionKind {
    /// Saved, published or unpublished by someone.
    Save,
    /// The editor's copy of unsaved typing, kept on the server; the post itself did not
    /// change. Old ones are thinned out.
    Autosave,
    /// An earlier revision made the post's text again.
    Restore,
    /// Written by `blog import`.
    Import,
    /// Published by the schedule.
    Scheduled,
}

/// What a revision changed against the one before it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionChanges {
    /// The post's first revision: everything is new.
    #[serde(default)]
    pub first: bool,
    #[serde(default)]
    pub title: bool,
    #[serde(default)]
    pub description: bool,
    #[serde(default)]
    pub tags: bool,
    /// Lines of the body added and removed.
    #[serde(default)]
    pub lines_added: u32,
    #[serde(default)]
    pub lines_removed: u32,
    /// The status it moved to, when it moved.
    #[serde(default)]
    pub status: Option<PostStatus>,
    /// The time it is scheduled to publish at was set, moved or cleared.
    #[serde(default)]
    pub schedule: bool,
}

impl RevisionChanges {
    /// Whether the text or the status changed at all.
    pub fn any(&self) -> bool {
        self.first
            || self.title
            || self.description
            || self.tags
            || self.lines_added > 0
            || self.lines_removed > 0
            || self.status.is_some()
            || self.schedule
    }
}

/// One revision in a post's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionSummary {
    pub id: i64,
    pub kind: RevisionKind,
    /// Who made it; `None` for the schedule, or an account since deleted.
    pub editor: Option<String>,
    pub created: Moment,
    /// The post's status with this revision.
    pub status: PostStatus,
    pub title: String,
    pub changes: RevisionChanges,
    /// The revision this one brought back, for a restore.
    pub restored_from: Option<i64>,
}

/// A page of a post's history, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionPage {
    pub revisions: Vec<RevisionSummary>,
    /// Whether older revisions follow on the next page.
    pub more: bool,
}

/// A one-line field before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextChange {
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineChange {
    Same,
    Added,
    Removed,
    /// Unchanged lines left out between two changes.
    Skipped,
}

/// A line of the body's difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub change: LineChange,
    /// Line numbers in the older and the newer text (from 1), where the line is in it.
    pub old_line: Option<u32>,
    pub new_line: Option<u32>,
    /// The line without its line break; for `Skipped`, empty.
    pub text: String,
}

/// How two revisions of a post differ, older first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionDiff {
    pub from: RevisionSummary,
    pub to: RevisionSummary,
    pub title: Option<TextChange>,
    pub description: Option<TextChange>,
    pub tags: Option<TextChange>,
    /// The body's changed lines with a few lines of context around each; empty when the
    /// bodies are the same.
    pub body: Vec<DiffLine>,
    /// The bodies differ too much to compare line by line within the time allowed: `body`
    /// shows them as one removal and one addition.
    pub body_approximate: bool,
}
