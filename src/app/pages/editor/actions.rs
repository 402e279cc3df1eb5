//! The editor's buttons and what they say: save a draft, publish (now or at a time),
//! update, unpublish, delete; and the line that tells what happened to the last save.

use leptos::prelude::*;

use super::{saving::Saving, schedule::ScheduleControls, state::EditorState};
use crate::{
    app::{local_time, session::use_session},
    i18n::{page_locale, td_string},
    model::{Action, PostKind, PostStatus, Publication, routes},
};

/// The buttons, as the post stands: a draft (or a scheduled one) or a published post.
#[component]
pub fn EditorActions(
    state: EditorState,
    saving: Saving,
    schedule_field: RwSignal<String>,
) -> impl IntoView {
    let locale = page_locale();
    let busy = saving.busy();
    let published = move || state.status.get() == PostStatus::Published;
    let slug = state.slug;
    view! {
        <div class="editor-actions">
            <Show
                when=published
                fallback=move || view! { <DraftActions state saving schedule_field /> }
            >
                <button type="button" class="primary" on:click=move |_| saving.save_as(PostStatus::Published) disabled=busy>
                    {td_string!(locale, editor.update_post)}
                </button>
                <button type="button" on:click=move |_| saving.save_as(PostStatus::Draft) disabled=busy>
                    {td_string!(locale, editor.unpublish)}
                </button>
                <a href=move || {
                    let slug = slug.get().unwrap_or_default();
                    match state.kind.get() {
                        PostKind::Post => routes::post_href(&slug),
                        PostKind::Page => routes::page_href(&slug),
                    }
                }>
                    {move || match state.kind.get() {
                        PostKind::Post => td_string!(locale, editor.view_post),
                        PostKind::Page => td_string!(locale, editor.view_page),
                    }}
                </a>
            </Show>
            <Show when=move || slug.get().is_some()>
                <button type="button" class="danger" on:click=move |_| saving.delete() disabled=busy>
                    {td_string!(locale, editor.delete_post)}
                </button>
            </Show>
        </div>
    }
}

/// A draft's buttons: save it, and for those who may, publish or schedule it.
#[component]
fn DraftActions(
    state: EditorState,
    saving: Saving,
    schedule_field: RwSignal<String>,
) -> impl IntoView {
    let locale = page_locale();
    let busy = saving.busy();
    // Contributors save drafts; an editor publishes them (the server refuses it anyway).
    let session = use_session();
    let may_publish = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.role.may(Action::PublishOwn))
        })
    };
    let scheduled = move || state.publish_at.get().is_some();
    view! {
        <button type="button" on:click=move |_| saving.save_as(PostStatus::Draft) disabled=busy>
            {td_string!(locale, editor.save_draft)}
        </button>
        <Show when=may_publish fallback=move || view! {
            <p class="hint">{td_string!(locale, editor.submit_hint)}</p>
        }>
            <button type="button" class="primary" on:click=move |_| saving.save(Publication::Published) disabled=busy>
                {move || if scheduled() {
                    td_string!(locale, editor.publish_now)
                } else {
                    td_string!(locale, editor.publish)
                }}
            </button>
            <Show when=scheduled>
                <button type="button" on:click=move |_| saving.save(Publication::Draft) disabled=busy>
                    {td_string!(locale, editor.unschedule)}
                </button>
            </Show>
            <ScheduleControls state field=schedule_field saving=busy
                schedule=Callback::new(move |at| saving.save(Publication::Scheduled { at })) />
        </Show>
    }
}

/// What happened to the typing: saving, saved (and how), unsaved, kept in the history; and
/// when a scheduled draft goes out.
#[component]
pub fn SaveState(state: EditorState, saving: Saving, server_copy: Signal<bool>) -> impl IntoView {
    let locale = page_locale();
    let busy = saving.busy();
    let dirty = state.dirty;
    let published = move || state.status.get() == PostStatus::Published;
    // A save that went through is said plainly, marked done, until the next keystroke.
    let done = move || !busy.get() && !dirty.get() && saving.notice.get().is_some();
    view! {
        <p class="save-state" class:done=done role="status" aria-live="polite">
            {move || {
                if busy.get() {
                    td_string!(locale, forms.saving)
                } else if let Some(notice) = saving.notice.get().filter(|_| !dirty.get()) {
                    notice
                } else if dirty.get() {
                    td_string!(locale, editor.unsaved)
                } else {
                    ""
                }
            }}
            {move || (dirty.get() && server_copy.get()).then(|| td_string!(locale, editor.kept_in_history))}
        </p>
        <Show when=move || state.publish_at.get().is_some() && !published()>
            <p class="scheduled-at" role="status">
                {td_string!(locale, editor.scheduled_for)}" "
                <strong>{move || state.publish_at.get().map(|at| local_time::shown(at, locale)).unwrap_or_default()}</strong>
            </p>
        </Show>
    }
}
