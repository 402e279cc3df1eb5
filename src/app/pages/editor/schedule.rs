//! Scheduling a draft: a date and time in the author's own time zone (the browser's), which
//! the server keeps as a moment and publishes at, on its own.

use leptos::prelude::*;

use super::state::EditorState;
use crate::{
    app::local_time,
    i18n::{page_locale, td_string},
};

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
            <input type="datetime-local" id="publish-at" bind:value=field />
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
