//! How a revision is named in a few words: its kind, and what it changed.

use crate::{
    i18n::{Locale, td_string},
    model::{PostStatus, RevisionKind, RevisionSummary},
};

pub fn kind_name(kind: RevisionKind) -> &'static str {
    match kind {
        RevisionKind::Save => "save",
        RevisionKind::Autosave => "autosave",
        RevisionKind::Restore => "restore",
        RevisionKind::Import => "import",
        RevisionKind::Scheduled => "scheduled",
    }
}

pub fn kind_label(locale: Locale, kind: RevisionKind) -> &'static str {
    match kind {
        RevisionKind::Save => td_string!(locale, history.kind_save),
        RevisionKind::Autosave => td_string!(locale, history.kind_autosave),
        RevisionKind::Restore => td_string!(locale, history.kind_restore),
        RevisionKind::Import => td_string!(locale, history.kind_import),
        RevisionKind::Scheduled => td_string!(locale, history.kind_scheduled),
    }
}

/// What a revision changed, in a few words: "title, tags, +3 −1 lines, published".
pub fn summary(locale: Locale, revision: &RevisionSummary) -> String {
    let changes = &revision.changes;
    if changes.first {
        return td_string!(locale, history.first).to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    if changes.title {
        parts.push(td_string!(locale, history.changed_title).to_owned());
    }
    if changes.description {
        parts.push(td_string!(locale, history.changed_description).to_owned());
    }
    if changes.tags {
        parts.push(td_string!(locale, history.changed_tags).to_owned());
    }
    if changes.lines_added > 0 || changes.lines_removed > 0 {
        parts.push(format!(
            "+{} −{}",
            changes.lines_added, changes.lines_removed
        ));
    }
    match changes.status {
        Some(PostStatus::Published) => {
            parts.push(td_string!(locale, history.now_published).to_owned())
        }
        Some(PostStatus::Draft) => parts.push(td_string!(locale, history.now_draft).to_owned()),
        None => {}
    }
    if changes.schedule && changes.status.is_none() {
        parts.push(td_string!(locale, history.changed_schedule).to_owned());
    }
    if parts.is_empty() {
        td_string!(locale, history.nothing_changed).to_owned()
    } else {
        parts.join(", ")
    }
}
