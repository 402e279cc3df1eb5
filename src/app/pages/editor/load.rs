//! Opening the editor: the post (or a new one) from the server, then any copy the browser
//! kept of typing that was never saved, with a word when it was typed over an older version.

use leptos::prelude::*;

use super::{
    autosave::Autosave,
    state::{EditorState, draft_of},
};
use crate::{
    app::{local_time, session::use_session},
    server_fns::post_for_editing,
};

/// Loads the post (or starts a new one), then brings back any copy left unsaved. Returns the
/// loading error, if any.
pub fn load_post(
    state: EditorState,
    autosave: Autosave,
    schedule_field: RwSignal<String>,
) -> RwSignal<Option<crate::model::AppError>> {
    let session = use_session();
    let error = RwSignal::new(None);
    let initial_slug = state.slug.get_untracked();
    let loaded = LocalResource::new(move || {
        let slug = initial_slug.clone();
        async move {
            match slug {
                Some(slug) => post_for_editing(slug).await.map(Some),
                None => Ok(None),
            }
        }
    });
    Effect::new(move || {
        let Some(result) = loaded.get() else { return };
        if state.ready.get_untracked() {
            return;
        }
        match result {
            Ok(post) => {
                let server_draft = post.as_ref().map(draft_of);
                let server_updated = post.as_ref().map(|post| post.summary.updated.millis);
                if let Some(post) = &post {
                    state.kind.set(post.kind);
                    state.status.set(post.summary.status);
                    state
                        .publish_at
                        .set(post.summary.scheduled.as_ref().map(|moment| moment.millis));
                    if let Some(at) = &post.summary.scheduled {
                        schedule_field.set(local_time::to_field(at.millis));
                    }
                }
                match (
                    autosave.restore(state.slug.get_untracked().as_deref()),
                    &server_draft,
                ) {
                    (Some(local), server) if Some(&local.draft) != server.as_ref() => {
                        state.fields.fill(&local.draft);
                        state.restored.set(true);
                        state
                            .restored_stale
                            .set(server.is_some() && local.base_updated != server_updated);
                    }
                    (_, Some(server)) => state.fields.fill(server),
                    (_, None) => {}
                }
                state.saved.set(server_draft);
                state.saved_updated.set(server_updated);
                state.ready.set(true);
            }
            Err(failure) => {
                session.check(&failure);
                error.set(Some(failure));
            }
        }
    });
    error
}
