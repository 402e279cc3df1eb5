//! The post's history beside the editor: every revision with who made it, when and what it
//! changed; any two compared line by line; any earlier one restored (as a new revision).
//! Restoring over unsaved typing first keeps the typing as an autosave, so nothing typed is
//! lost. `Timeline` holds what is shown and does the asking; `list` draws the revisions.

mod difference;
mod list;
mod words;

use leptos::prelude::*;

use super::state::{EditorState, draft_of};
use crate::{
    app::{forms::ErrorMessage, session::use_session},
    i18n::{page_locale, td_string},
    model::{AppError, Post, RevisionDiff, RevisionPage, RevisionSummary},
    server_fns::{autosave_post, compare_revisions, post_revisions, restore_revision},
};
use difference::Difference;
use list::RevisionList;

#[component]
pub fn History(state: EditorState, on_restored: Callback<Post>) -> impl IntoView {
    let locale = page_locale();
    let timeline = Timeline::new(state, on_restored);
    let open = RwSignal::new(false);
    // A save changes the history: reload it while it is open.
    Effect::new(move || {
        state.saved_updated.track();
        if open.get() {
            timeline.load();
        }
    });
    view! {
        <Show when=move || state.slug.get().is_some()>
            <details class="history" on:toggle=move |_| open.update(|open| *open = !*open)>
                <summary>{td_string!(locale, history.title)}</summary>
                {move || timeline.error.get().map(|error| view! { <ErrorMessage error /> })}
                {move || timeline.page.get().map(|page| view! { <RevisionList page timeline /> })}
                {move || timeline.diff.get().map(|diff| view! { <Difference diff /> })}
            </details>
        </Show>
    }
}

/// The history as shown: the pages loaded, the two revisions picked, their difference.
#[derive(Clone, Copy)]
struct Timeline {
    state: EditorState,
    on_restored: Callback<Post>,
    page: RwSignal<Option<RevisionPage>>,
    /// Pages shown so far: the newest first, older ones on request.
    pages: RwSignal<i64>,
    from: RwSignal<Option<i64>>,
    to: RwSignal<Option<i64>>,
    diff: RwSignal<Option<RevisionDiff>>,
    error: RwSignal<Option<AppError>>,
}

impl Timeline {
    fn new(state: EditorState, on_restored: Callback<Post>) -> Self {
        Self {
            state,
            on_restored,
            page: RwSignal::new(None),
            pages: RwSignal::new(1),
            from: RwSignal::new(None),
            to: RwSignal::new(None),
            diff: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    fn failed(&self, failure: AppError) {
        use_session().check(&failure);
        self.error.set(Some(failure));
    }

    /// Loads the pages shown so far again; the two newest are compared unless the author
    /// picks others.
    fn load(self) {
        let Some(slug) = self.state.slug.get_untracked() else {
            return;
        };
        let shown = self.pages.get_untracked();
        leptos::task::spawn_local(async move {
            let mut loaded = RevisionPage::default();
            for number in 1..=shown {
                match post_revisions(slug.clone(), number).await {
                    Ok(more) => {
                        loaded.revisions.extend(more.revisions);
                        loaded.more = more.more;
                    }
                    Err(failure) => return self.failed(failure),
                }
            }
            if shown == 1 {
                let mut ids = loaded.revisions.iter().map(|revision| revision.id);
                self.to.set(ids.next());
                self.from.set(ids.next());
            }
            self.page.set(Some(loaded));
            self.error.set(None);
        });
    }

    fn older(self) {
        self.pages.update(|pages| *pages += 1);
        self.load();
    }

    fn compare(self) {
        let (Some(slug), Some(first), Some(second)) = (
            self.state.slug.get_untracked(),
            self.from.get_untracked(),
            self.to.get_untracked(),
        ) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match compare_revisions(slug, first, second).await {
                Ok(found) => self.diff.set(Some(found)),
                Err(failure) => self.failed(failure),
            }
        });
    }

    /// Makes `revision` the post's text again, once the author confirms; unsaved typing is
    /// kept in the history first.
    fn restore(self, revision: RevisionSummary) {
        let state = self.state;
        let Some(slug) = state.slug.get_untracked() else {
            return;
        };
        let locale = page_locale();
        let unsaved = state.dirty.get_untracked();
        let question = if unsaved {
            td_string!(locale, history.confirm_restore_unsaved)
        } else {
            td_string!(locale, history.confirm_restore)
        };
        if !window().confirm_with_message(question).unwrap_or(false) {
            return;
        }
        let typed = unsaved.then(|| state.fields.draft_untracked());
        leptos::task::spawn_local(async move {
            if let Some(typed) = typed
                && let Err(failure) = autosave_post(slug.clone(), typed).await
            {
                return self.failed(failure);
            }
            match restore_revision(slug, revision.id).await {
                Ok(post) => {
                    self.diff.set(None);
                    state.fields.fill(&draft_of(&post));
                    self.on_restored.run(post);
                }
                Err(failure) => self.failed(failure),
            }
        });
    }
}
