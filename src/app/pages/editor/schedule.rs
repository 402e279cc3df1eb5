//! Scheduling a draft: a date and time in the author's own time zone (the browser's), which
//! the server keeps as a moment and publishes at, on its own.

use leptos::prelude::*;

use super::state::EditorState;
use crate::{
    app::local_time,
    i18n::{page_locale, td_string},
    model::PostStatus,
    server_fns::post_for_editing,
};

/// How long after its time the editor asks whether a scheduled post went out, and how often
/// again while the server has not got to it (its clock may be behind the browser's).
const CHECK_AFTER_MS: i64 = 1500;
const CHECK_AGAIN_MS: u64 = 3000;
const CHECKS: u32 = 10;

/// Longest wait a browser timer takes (about 24 days); an editor open longer is not watched.
const LONGEST_TIMER_MS: i64 = i32::MAX as i64;

/// Once a scheduled post's time comes, the editor learns that it went out, so its buttons
/// publish and unpublish a live post instead of saving a draft whose time has passed. What
/// is being typed stays as it is.
pub fn follow_the_schedule(state: EditorState) {
    Effect::new(move || {
        let (Some(at), Some(slug)) = (state.publish_at.get(), state.slug.get()) else {
            return;
        };
        let wait = at - local_time::now() + CHECK_AFTER_MS;
        if wait > LONGEST_TIMER_MS {
            return;
        }
        set_timeout(
            move || check(state, slug, at, CHECKS),
            std::time::Duration::from_millis(wait.max(0) as u64),
        );
    });
}

fn check(state: EditorState, slug: String, at: i64, tries_left: u32) {
    // Rescheduled or saved meanwhile: the effect watches the new time.
    if state.publish_at.get_untracked() != Some(at) || tries_left == 0 {
        return;
    }
    leptos::task::spawn_local(async move {
        match post_for_editing(slug.clone()).await {
            Ok(post) if post.summary.status == PostStatus::Published => state.went_public(&post),
            _ => set_timeout(
                move || check(state, slug, at, tries_left - 1),
                std::time::Duration::from_millis(CHECK_AGAIN_MS),
            ),
        }
    });
}

/// The time field and its button; `schedule` gets the moment chosen, once it is in the future.
#[component]
pub fn ScheduleControls(
    state: EditorState,
    field: RwSignal<String>,
    saving: Signal<bool>,
    schedule: Callback<i64>,
) -> impl IntoView {
    let locale = page_locale();
    let error = RwSignal::new(None::<&'static str>);
    let schedule_it = move |_| match local_time::from_field(&field.get_untracked()) {
        Some(at) if at > local_time::now() => {
            error.set(None);
            schedule.run(at);
        }
        _ => error.set(Some(td_string!(locale, editor.schedule_in_future))),
    };
    view! {
        <div class="schedule">
            <label for="publish-at">
                {td_string!(locale, editor.schedule_label)}
                <span class="muted">" · "{local_time::time_zone()}</span>
            </label>
            // Empty until the author turns to it (a time already there looks scheduled), then
            // a suggestion to adjust rather than a date to type from nothing.
            <input type="datetime-local" id="publish-at" bind:value=field on:focus=move |_| {
                if field.get_untracked().is_empty() {
                    field.set(local_time::to_field(local_time::suggested(local_time::now())));
                }
            } />
            <button type="button" on:click=schedule_it disabled=move || saving.get()>
                {move || if state.publish_at.get().is_some() {
                    td_string!(locale, editor.reschedule)
                } else {
                    td_string!(locale, editor.schedule)
                }}
            </button>
            {move || error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
        </div>
    }
    .into_any()
}
