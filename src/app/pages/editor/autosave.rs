//! The editor's copy of unsaved typing in the browser: every change is kept until the server
//! confirms the save, and comes back after a reload, a crash or a new sign-in.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::state::EditorState;
use crate::{
    app::persisted,
    model::{DeletedPost, PostDraft, PostKind, wire},
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
    /// A new page's copy is kept apart from a new post's.
    kind: PostKind,
}

impl Autosave {
    /// Keeps the editor's typing under the author's key for the post, while it differs from
    /// what the server has.
    pub fn start(username: String, state: EditorState) -> Self {
        let autosave = Self {
            username,
            kind: state.kind.get_untracked(),
        };
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
        match (slug, self.kind) {
            (None, PostKind::Page) => wire::unsaved_new_page(&self.username),
            (slug, _) => wire::unsaved_post(&self.username, slug),
        }
    }

    /// The copy kept for the post, without the placeholders of uploads a reload cut short.
    pub fn restore(&self, slug: Option<&str>) -> Option<UnsavedCopy> {
        persisted::restore::<UnsavedCopy>(&self.key(slug)).map(|mut copy| {
            copy.draft.body = super::images::without_placeholders(&copy.draft.body);
            copy
        })
    }

    pub fn keep(&self, slug: Option<&str>, copy: &UnsavedCopy) {
        persisted::store(&self.key(slug), copy);
    }

    pub fn forget(&self, slug: Option<&str>) {
        persisted::forget(&self.key(slug));
    }

    /// Keeps the text of a post being deleted, for the drafts page's "Undo".
    pub fn keep_deleted(&self, deleted: &DeletedPost) {
        persisted::store(&wire::deleted_post(&self.username), deleted);
    }
}

/// How long typing must pause before the server keeps a copy.
const SERVER_PAUSE: std::time::Duration = std::time::Duration::from_secs(5);

/// A moment after typing pauses, the unsaved typing of a post that exists goes to its history
/// on the server (`revisions/autosave`), so it survives a lost browser too; the post itself
/// does not change. Returns whether the server holds the latest typing.
pub fn keep_on_server(
    state: EditorState,
    uploading: impl Fn() -> bool + Copy + 'static,
) -> RwSignal<bool> {
    let session = crate::app::session::use_session();
    let kept = RwSignal::new(false);
    let generation = StoredValue::new(0u64);
    Effect::new(move || {
        let draft = state.fields.draft();
        let (Some(slug), true) = (state.slug.get(), state.dirty.get()) else {
            return;
        };
        kept.set(false);
        let current = generation.get_value() + 1;
        generation.set_value(current);
        set_timeout(
            move || {
                if generation.get_value() != current || uploading() {
                    return;
                }
                leptos::task::spawn_local(async move {
                    match crate::server_fns::autosave_post(slug, draft).await {
                        Ok(_) if generation.get_value() == current => kept.set(true),
                        Ok(_) => {}
                        // The copy in the browser is still there; nothing is lost.
                        Err(failure) => session.check(&failure),
                    }
                });
            },
            SERVER_PAUSE,
        );
    });
    kept
}
