//! Saving and deleting the post: one submission each, and the rules every button follows
//! (never before the post has loaded, never while an image is still uploading). A save keeps
//! what was typed while it was in flight as an unsaved copy.

use leptos::prelude::*;

use super::{
    autosave::{Autosave, UnsavedCopy},
    images::Images,
    state::{EditorState, draft_of},
};
use crate::{
    app::{
        forms::Submission,
        session::{go_to, show_address},
    },
    i18n::{page_locale, td_string},
    model::{AppError, DeletedPost, Post, PostDraft, PostKind, PostStatus, Publication, routes},
    server_fns::{delete_post, save_post},
};

type SaveInput = (Option<String>, PostKind, PostDraft, Publication);

/// The editor's two writes, and the line that says what the last one did.
#[derive(Clone, Copy)]
pub struct Saving {
    state: EditorState,
    images: Images,
    save: Submission<SaveInput, Post>,
    remove: Submission<String, ()>,
    /// What the last write did, or why it did not happen.
    pub notice: RwSignal<Option<&'static str>>,
}

impl Saving {
    pub fn new(state: EditorState, autosave: Autosave, images: Images) -> Self {
        let notice = RwSignal::new(None);
        let save = {
            let autosave = autosave.clone();
            Submission::new(
                |(slug, kind, draft, publication): SaveInput| {
                    save_post(slug, kind, draft, publication)
                },
                move |post: Post| saved(state, &autosave, notice, &post),
            )
        };
        let remove = Submission::new(
            |slug: String| delete_post(slug),
            move |()| {
                autosave.forget(state.slug.get_untracked().as_deref());
                let draft = state.fields.draft_untracked();
                state.saved.set(Some(draft.clone()));
                autosave.keep_deleted(&DeletedPost {
                    kind: state.kind.get_untracked(),
                    draft: draft.clone(),
                });
                // The drafts page says what was deleted, where the eye lands.
                let title = match draft.title.trim() {
                    "" => state.slug.get_untracked().unwrap_or_default(),
                    title => title.to_owned(),
                };
                go_to(
                    &format!(
                        "/drafts?deleted={}",
                        crate::model::routes::query_value(&title)
                    ),
                    false,
                );
            },
        );
        Self {
            state,
            images,
            save,
            remove,
            notice,
        }
    }

    /// Saves the fields with a publication: a draft, published, or scheduled.
    pub fn save(&self, publication: Publication) {
        let state = self.state;
        // Never before the post has loaded: empty fields would overwrite it.
        if !state.ready.get_untracked() {
            return;
        }
        // Placeholders of images still uploading are not saved as the post's text.
        if self.images.busy() {
            let locale = page_locale();
            self.notice
                .set(Some(td_string!(locale, editor.wait_for_images)));
            return;
        }
        self.notice.set(None);
        self.save.submit((
            state.slug.get_untracked(),
            state.kind.get_untracked(),
            state.fields.draft_untracked(),
            publication,
        ));
    }

    /// Saves with `status`, keeping the schedule as it is.
    pub fn save_as(&self, status: PostStatus) {
        self.save(Publication::of(
            status,
            self.state.publish_at.get_untracked(),
        ));
    }

    /// Deletes the post, once the author confirms.
    pub fn delete(&self) {
        let Some(current) = self.state.slug.get_untracked() else {
            return;
        };
        let locale = page_locale();
        if window()
            .confirm_with_message(td_string!(locale, editor.confirm_delete))
            .unwrap_or(false)
        {
            self.remove.submit(current);
        }
    }

    /// Whether a write is under way or the post is still loading: the buttons wait.
    pub fn busy(&self) -> Signal<bool> {
        let (pending, ready) = (self.save.pending(), self.state.ready);
        Signal::derive(move || pending.get() || !ready.get())
    }

    /// The last write's error, if it failed.
    pub fn error(&self) -> Signal<Option<AppError>> {
        let (save, remove) = (self.save.error, self.remove.error);
        Signal::derive(move || save.get().or_else(|| remove.get()))
    }
}

/// Takes in what the server confirmed.
fn saved(
    state: EditorState,
    autosave: &Autosave,
    notice: RwSignal<Option<&'static str>>,
    post: &Post,
) {
    let locale = page_locale();
    autosave.forget(state.slug.get_untracked().as_deref());
    let new_slug = post.summary.slug.clone();
    // Typing may have gone on while the save was in flight: keep that copy.
    let typed = state.fields.draft_untracked();
    if typed != draft_of(post) {
        let copy = UnsavedCopy {
            draft: typed,
            base_updated: Some(post.summary.updated.millis),
        };
        autosave.keep(Some(&new_slug), &copy);
    }
    state.confirmed(post);
    notice.set(Some(match (post.summary.status, &post.summary.scheduled) {
        (PostStatus::Draft, None) => td_string!(locale, editor.draft_saved),
        (PostStatus::Draft, Some(_)) => td_string!(locale, editor.scheduled_saved),
        (PostStatus::Published, _) => td_string!(locale, editor.published),
    }));
    if state.slug.get_untracked().as_deref() != Some(new_slug.as_str()) {
        state.slug.set(Some(new_slug.clone()));
        show_address(&routes::editor_href(&new_slug));
    }
}
