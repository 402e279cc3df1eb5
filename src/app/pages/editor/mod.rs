//! The Markdown editor (`/editor`, `/editor/:slug`): a browser-only page for signed-in
//! authors. Nothing typed is lost: every change is copied to the browser until the server
//! confirms the save, and a moment after typing pauses to the post's history on the server
//! (`autosave`); the copy comes back after a reload or a new sign-in; leaving with unsaved
//! changes, by a link or otherwise, asks first (`guard`). The preview is the server's own
//! rendering. Images go in by pasting, dropping or picking (`images`); a draft can be
//! scheduled, in the author's time zone (`app::local_time`); the history compares and
//! restores revisions (`history`).

mod autosave;
mod guard;
mod history;
mod images;
mod preview;
mod schedule;
mod state;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    app::{
        forms::{Field, FormError, Submission},
        local_time,
        session::{RequireUser, go_to, show_address, use_session},
    },
    i18n::{page_locale, td_string},
    model::{Action, Post, PostDraft, PostStatus, Publication},
    server_fns::{delete_post, post_for_editing, save_post},
};
use autosave::{Autosave, UnsavedCopy, keep_on_server};
use guard::guard_the_window;
use history::History;
use images::{ImageTools, Images};
use schedule::{ScheduleControls, follow_the_schedule};
use state::{EditorState, draft_of};

#[component]
pub fn EditorPage() -> impl IntoView {
    let slug = use_params_map()
        .read_untracked()
        .get(crate::model::routes::param::SLUG);
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, editor.title) />
        <div data-hydrate-now="">
            <EditorIsland slug />
        </div>
    }
}

/// The whole editor is one island, whose code only authors who open it download.
#[island(lazy)]
fn EditorIsland(slug: Option<String>) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    // Only a change of person re-creates the editor (and its unsaved state), not a refreshed
    // account record.
    let username = Memo::new(move |_| {
        session
            .user
            .with(|user| user.as_ref().map(|user| user.username.clone()))
    });
    let here = match &slug {
        Some(slug) => format!("/editor/{slug}"),
        None => "/editor".to_owned(),
    };
    view! {
        <RequireUser here>
            {
                let slug = slug.clone();
                move || match username.get() {
                    Some(username) => view! { <Editor username slug=slug.clone() /> }.into_any(),
                    None => view! { <p>{td_string!(locale, editor.loading)}</p> }.into_any(),
                }
            }
        </RequireUser>
    }
}

#[component]
fn Editor(username: String, slug: Option<String>) -> impl IntoView {
    let locale = page_locale();
    let state = EditorState::new(slug);
    let autosave = Autosave::start(username, state);
    let notice = RwSignal::new(None::<&'static str>);
    let schedule_field = RwSignal::new(String::new());
    let load_error = load_post(state, autosave.clone(), schedule_field);
    let preview_html = preview::follow(state.fields.body);
    let body_area = NodeRef::<leptos::html::Textarea>::new();
    let images = Images::new(state.fields.body, body_area);
    let server_copy = keep_on_server(state, move || images.busy());

    let save = {
        let autosave = autosave.clone();
        Submission::new(
            |(slug, draft, publication): (Option<String>, PostDraft, Publication)| {
                save_post(slug, draft, publication)
            },
            move |post: Post| {
                autosave.forget(state.slug.get_untracked().as_deref());
                let new_slug = post.summary.slug.clone();
                // Typing may have gone on while the save was in flight: keep that copy.
                let typed = state.fields.draft_untracked();
                if typed != draft_of(&post) {
                    let copy = UnsavedCopy {
                        draft: typed,
                        base_updated: Some(post.summary.updated.millis),
                    };
                    autosave.keep(Some(&new_slug), &copy);
                }
                state.confirmed(&post);
                notice.set(Some(match (post.summary.status, &post.summary.scheduled) {
                    (PostStatus::Draft, None) => td_string!(locale, editor.draft_saved),
                    (PostStatus::Draft, Some(_)) => td_string!(locale, editor.scheduled_saved),
                    (PostStatus::Published, _) => td_string!(locale, editor.published),
                }));
                if state.slug.get_untracked().as_deref() != Some(new_slug.as_str()) {
                    state.slug.set(Some(new_slug.clone()));
                    show_address(&format!("/editor/{new_slug}"));
                }
            },
        )
    };
    let error = save.error;
    // Saves with a status and a schedule (drafts only; publishing now cancels it).
    let save_with = move |new_status: PostStatus, publish_at: Option<i64>| {
        // Never before the post has loaded: empty fields would overwrite it.
        if !state.ready.get_untracked() {
            return;
        }
        // Placeholders of images still uploading are not saved as the post's text.
        if images.busy() {
            notice.set(Some(td_string!(locale, editor.wait_for_images)));
            return;
        }
        notice.set(None);
        save.submit((
            state.slug.get_untracked(),
            state.fields.draft_untracked(),
            Publication::of(new_status, publish_at),
        ));
    };
    // Saving keeps the schedule as it is.
    let save_as =
        move |new_status: PostStatus| save_with(new_status, state.publish_at.get_untracked());
    guard_the_window(state, move || save_as(state.status.get_untracked()));
    follow_the_schedule(state);
    if schedule_field.get_untracked().is_empty() {
        schedule_field.set(local_time::to_field(local_time::suggested(
            local_time::now(),
        )));
    }

    let remove = {
        let autosave = autosave.clone();
        Submission::new(
            |slug: String| delete_post(slug),
            move |()| {
                autosave.forget(state.slug.get_untracked().as_deref());
                state.saved.set(Some(state.fields.draft_untracked()));
                go_to("/drafts", false);
            },
        )
    };
    let confirm_delete = move |_| {
        let Some(current) = state.slug.get_untracked() else {
            return;
        };
        if window()
            .confirm_with_message(td_string!(locale, editor.confirm_delete))
            .unwrap_or(false)
        {
            remove.submit(current);
        }
    };
    let restored_autosave = autosave.clone();
    let discard_restored = move |_| {
        autosave.forget(state.slug.get_untracked().as_deref());
        let server = state.saved.get_untracked().unwrap_or_default();
        state.fields.fill(&server);
        state.restored.set(false);
    };

    let shown_error = Signal::derive(move || {
        error
            .get()
            .or_else(|| remove.error.get())
            .or_else(|| load_error.get())
    });
    let field_error = move |name: &'static str, label: &'static str| {
        move || {
            shown_error
                .get()
                .and_then(|error| error.for_field(name))
                .map(|message| format!("{label} {message}"))
        }
    };
    let body_invalid = move || {
        shown_error
            .get()
            .and_then(|error| error.for_field("body"))
            .map(|_| "true")
    };
    let slug = state.slug;
    let fields = state.fields;
    let dirty = state.dirty;
    let published = move || state.status.get() == PostStatus::Published;
    // Contributors save drafts; an editor publishes them (the server refuses it anyway).
    let session = use_session();
    let may_publish = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.role.may(Action::PublishOwn))
        })
    };
    let save_pending = save.pending();
    let saving = move || save_pending.get() || !state.ready.get();

    view! {
        <section class="editor" aria-labelledby="editor-heading">
            <h1 id="editor-heading">
                {move || if slug.get().is_some() {
                    td_string!(locale, editor.edit_post)
                } else {
                    td_string!(locale, editor.new_post)
                }}
            </h1>
            <Show when=move || state.restored.get()>
                <p class="notice" role="status">
                    {td_string!(locale, editor.restored)}
                    {move || state.restored_stale.get().then_some(
                        td_string!(locale, editor.restored_stale)
                    )}
                    <button type="button" class="link-button" on:click=discard_restored.clone()>
                        {td_string!(locale, editor.discard)}
                    </button>
                </p>
            </Show>
            <form class="editor-form" novalidate on:submit=move |event| {
                event.prevent_default();
                save_as(state.status.get_untracked());
            }>
                <Field name="title" label=td_string!(locale, editor.field_title) value=fields.title error=shown_error />
                <Field name="description" label=td_string!(locale, editor.field_description)
                    value=fields.description error=shown_error
                    hint=td_string!(locale, editor.description_hint) />
                <Field name="tags" label=td_string!(locale, editor.field_tags) value=fields.tags error=shown_error
                    hint=td_string!(locale, editor.tags_hint) />
                <div class="editor-panes">
                    <div class="field">
                        <label for="post-body">{td_string!(locale, editor.field_body)}</label>
                        <textarea id="post-body" name="body" rows="20" bind:value=fields.body
                            node_ref=body_area spellcheck="true"
                            on:paste=move |event| images.pasted(&event)
                            on:dragover=move |event| event.prevent_default()
                            on:drop=move |event| images.dropped(&event)
                            aria-invalid=body_invalid aria-describedby="post-body-error post-body-hint"></textarea>
                        <p class="field-error" id="post-body-error" role="alert">{field_error("body", td_string!(locale, editor.body))}</p>
                        <ImageTools images />
                    </div>
                    <div class="preview-pane">
                        <h2 class="preview-label" id="preview-heading">{td_string!(locale, editor.preview)}</h2>
                        <div class="prose preview" aria-labelledby="preview-heading" aria-live="off"
                            inner_html=move || preview_html.get()></div>
                    </div>
                </div>
                <FormError error=shown_error fields=&["title", "description", "tags", "body"] />
                <p class="save-state" role="status" aria-live="polite">
                    {move || {
                        if saving() {
                            td_string!(locale, forms.saving)
                        } else if let Some(notice) = notice.get().filter(|_| !dirty.get()) {
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
                <div class="editor-actions">
                    <Show
                        when=published
                        fallback=move || view! {
                            <button type="button" on:click=move |_| save_as(PostStatus::Draft) disabled=saving>
                                {td_string!(locale, editor.save_draft)}
                            </button>
                            <Show when=may_publish fallback=move || view! {
                                <p class="hint">{td_string!(locale, editor.submit_hint)}</p>
                            }>
                                <button type="button" class="primary" on:click=move |_| save_with(PostStatus::Published, None) disabled=saving>
                                    {move || if state.publish_at.get().is_some() {
                                        td_string!(locale, editor.publish_now)
                                    } else {
                                        td_string!(locale, editor.publish)
                                    }}
                                </button>
                                <Show when=move || state.publish_at.get().is_some()>
                                    <button type="button" on:click=move |_| save_with(PostStatus::Draft, None) disabled=saving>
                                        {td_string!(locale, editor.unschedule)}
                                    </button>
                                </Show>
                                <ScheduleControls state field=schedule_field saving=Signal::derive(saving)
                                    schedule=Callback::new(move |at| save_with(PostStatus::Draft, Some(at))) />
                            </Show>
                        }
                    >
                        <button type="button" class="primary" on:click=move |_| save_as(PostStatus::Published) disabled=saving>
                            {td_string!(locale, editor.update_post)}
                        </button>
                        <button type="button" on:click=move |_| save_as(PostStatus::Draft) disabled=saving>
                            {td_string!(locale, editor.unpublish)}
                        </button>
                        <a href=move || crate::model::routes::post_href(&slug.get().unwrap_or_default())>{td_string!(locale, editor.view_post)}</a>
                    </Show>
                    <Show when=move || slug.get().is_some()>
                        <button type="button" class="danger" on:click=confirm_delete disabled=saving>
                            {td_string!(locale, editor.delete_post)}
                        </button>
                    </Show>
                </div>
                <p class="hint">{td_string!(locale, editor.shortcut_hint)}</p>
            </form>
            <History state on_restored=Callback::new(move |post: Post| {
                restored_autosave.forget(state.slug.get_untracked().as_deref());
                state.confirmed(&post);
                notice.set(Some(td_string!(locale, history.restored)));
            }) />
        </section>
    }
}

/// Loads the post (or starts a new one), then brings back any copy left unsaved. Returns the
/// loading error, if any.
fn load_post(
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
