//! The editor's copy of unsaved typing in the browser: every change is kept until the server
//! confirms the save, and comes back after a reload, a crash or a new sign-in.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::state::EditorState;
use crate::{
    app::persisted,
    model::{PostDraft, storage_keys},
};

/// The unsaved text, and the version of the post it was typed over (the post's `updated`
/// time), so a copy made over an older version can be told apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsavedCopy {
    pub draft: PostDraft,
    pub base_updated: Option<i64>,
}

#[derive(Clone)]
pub struct Autosave {
    username: String,
}

impl Autosave {
    /// Keeps the editor's typing under the author's key for the post, while it differs from
    /// what the server has.
    pub fn start(username: String, state: EditorState) -> Self {
        let autosave = Self { username };
        let keeper = autosave.clone();
        persisted::keep_in_browser(
            move || {
                state
                    .ready
                    .get()
                    .then(|| keeper.key(state.slug.get().as_deref()))
            },
            move || {
                let draft = state.fields.draft();
                state.dirty.get().then(|| UnsavedCopy {
                    draft,
                    base_updated: state.saved_updated.get_untracked(),
                })
            },
        );
        autosave
    }

    pub fn key(&self, slug: Option<&str>) -> String {
        storage_keys::unsaved_post(&self.username, slug)
    }

    pub fn restore(&self, slug: Option<&str>) -> Option<UnsavedCopy> {
        persisted::restore(&self.key(slug))
    }

    pub fn keep(&self, slug: Option<&str>, copy: &UnsavedCopy) {
        persisted::store(&self.key(slug), copy);
    }

    pub fn forget(&self, slug: Option<&str>) {
        persisted::forget(&self.key(slug));
    }
}
