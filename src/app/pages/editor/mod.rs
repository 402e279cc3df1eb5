//! The Markdown editor (`/editor`, `/editor/:slug`): a browser-only page for signed-in
//! authors. Nothing typed is lost: every change is copied to the browser until the server
//! confirms the save, and a moment after typing pauses to the post's history on the server
//! (`autosave`); the copy comes back after a reload or a new sign-in; leaving with unsaved
//! changes, by a link or otherwise, asks first (`guard`). The preview is the server's own
//! rendering. Images go in by pasting, dropping or picking (`images`); a draft can be
//! scheduled, in the author's time zone (`app::local_time`); the history compares and
//! restores revisions (`history`).

mod actions;
mod autosave;
mod fields;
mod guard;
mod history;
mod images;
mod load;
mod newsletter;
mod preview;
mod saving;
mod schedule;
mod state;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    app::{
        forms::FormError,
        session::{RequireUser, use_session},
    },
    i18n::{page_locale, td_string},
    model::{AppError, Post, PostKind, routes},
};
use actions::{EditorActions, SaveState};
use autosave::{Autosave, keep_on_server};
use fields::EditorFields;
use guard::guard_the_window;
use history::History;
use images::Images;
use load::load_post;
use saving::Saving;
use schedule::follow_the_schedule;
use state::EditorState;

#[component]
pub fn EditorPage() -> impl IntoView {
    let slug = use_params_map()
        .read_untracked()
        .get(crate::model::routes::param::SLUG);
    // `/editor?kind=page` starts a standalone page; an existing one brings its own kind.
    let new_page = slug.is_none()
        && use_query_map()
            .read_untracked()
            .get(routes::query::KIND)
            .as_deref()
            == Some("page");
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, editor.title) />
        <div class="editor-page" data-hydrate-now="">
            <EditorIsland slug new_page />
        </div>
    }
}

/// The whole editor is one island, whose code only authors who open it download.
#[island(lazy)]
fn EditorIsland(slug: Option<String>, new_page: bool) -> impl IntoView {
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
        Some(slug) => routes::editor_href(slug),
        None if new_page => routes::NEW_PAGE_HREF.to_owned(),
        None => "/editor".to_owned(),
    };
    let kind = if new_page {
        PostKind::Page
    } else {
        PostKind::Post
    };
    view! {
        <RequireUser here>
            {
                let slug = slug.clone();
                move || match username.get() {
                    Some(username) => view! { <Editor username slug=slug.clone() kind /> }.into_any(),
                    None => view! { <p>{td_string!(locale, editor.loading)}</p> }.into_any(),
                }
            }
        </RequireUser>
    }
}

#[component]
fn Editor(username: String, slug: Option<String>, kind: PostKind) -> impl IntoView {
    let locale = page_locale();
    let state = EditorState::new(slug, kind);
    let autosave = Autosave::start(username, state);
    let schedule_field = RwSignal::new(String::new());
    let load_error = load_post(state, autosave.clone(), schedule_field);
    let preview_html = preview::follow(state.fields.body);
    let body_area = NodeRef::<leptos::html::Textarea>::new();
    let images = Images::new(state.fields.body, body_area);
    let server_copy = keep_on_server(state, move || images.busy());
    let saving = Saving::new(state, autosave.clone(), images);
    guard_the_window(state, move || saving.save_as(state.status.get_untracked()));
    follow_the_schedule(state);
    let save_error = saving.error();
    let error = Signal::derive(move || save_error.get().or_else(|| load_error.get()));
    let on_restored = {
        let autosave = autosave.clone();
        Callback::new(move |post: Post| {
            autosave.forget(state.slug.get_untracked().as_deref());
            state.confirmed(&post);
            saving
                .notice
                .set(Some(td_string!(locale, history.restored)));
        })
    };
    // A post that is not there, or not this author's, is a page saying so, not a form.
    let refusal = Memo::new(move |_| match load_error.get() {
        Some(AppError::NotFound) => Some(Refusal::Missing),
        Some(AppError::Forbidden | AppError::NotPermitted(_)) => Some(Refusal::Forbidden),
        _ => None,
    });
    let form = view! {
        <section class="editor" aria-labelledby="editor-heading">
            <h1 id="editor-heading">
                {move || match (state.slug.get().is_some(), state.kind.get()) {
                    (true, PostKind::Post) => td_string!(locale, editor.edit_post),
                    (false, PostKind::Post) => td_string!(locale, editor.new_post),
                    (true, PostKind::Page) => td_string!(locale, editor.edit_page),
                    (false, PostKind::Page) => td_string!(locale, editor.new_page),
                }}
            </h1>
            <RestoredNotice state autosave />
            <form class="editor-form" novalidate on:submit=move |event| {
                event.prevent_default();
                saving.save_as(state.status.get_untracked());
            }>
                <EditorFields state images body_area preview_html error />
                <FormError error fields=&["title", "description", "tags", "body"] />
                // What the last save did, beside the buttons: on a phone, one bar that stays.
                <div class="editor-bar">
                    <SaveState state saving server_copy=server_copy.into() />
                    <EditorActions state saving schedule_field />
                </div>
                <newsletter::NewsletterFigure state />
                <p class="hint">{td_string!(locale, editor.shortcut_hint)}</p>
            </form>
            <History state on_restored />
        </section>
    }
    .into_any();
    let form = StoredValue::new_local(Some(form));
    move || match refusal.get() {
        Some(refusal) => view! { <EditorRefusal refusal /> }.into_any(),
        None => form
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
    }
}

/// Why the editor shows no form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refusal {
    Missing,
    Forbidden,
}

/// The editor's own not-found and not-yours pages, with somewhere to go.
#[component]
fn EditorRefusal(refusal: Refusal) -> impl IntoView {
    let locale = page_locale();
    let (heading, explanation) = match refusal {
        Refusal::Missing => (
            td_string!(locale, editor.missing_heading),
            td_string!(locale, editor.missing_explanation),
        ),
        Refusal::Forbidden => (
            td_string!(locale, editor.forbidden_heading),
            td_string!(locale, editor.forbidden_explanation),
        ),
    };
    // The page was served as the editor's; its tab says what it is now.
    #[cfg(feature = "hydrate")]
    document().set_title(heading);
    view! {
        <section class="not-found editor-refusal">
            <h1>{heading}</h1>
            <p>{explanation}</p>
            <p>
                <a href="/drafts">{td_string!(locale, editor.to_drafts)}</a>" · "
                <a href="/editor">{td_string!(locale, editor.write_new)}</a>
            </p>
        </section>
    }
}

/// Says that the fields hold a copy the browser kept, and lets the author go back to the
/// saved version.
#[component]
fn RestoredNotice(state: EditorState, autosave: Autosave) -> impl IntoView {
    let locale = page_locale();
    let discard = move |_| {
        autosave.forget(state.slug.get_untracked().as_deref());
        let server = state.saved.get_untracked().unwrap_or_default();
        state.fields.fill(&server);
        state.restored.set(false);
    };
    view! {
        <Show when=move || state.restored.get()>
            <p class="notice" role="status">
                {td_string!(locale, editor.restored)}
                {move || state.restored_stale.get().then_some(
                    td_string!(locale, editor.restored_stale)
                )}
                <button type="button" class="link-button" on:click=discard.clone()>
                    {td_string!(locale, editor.discard)}
                </button>
            </p>
        </Show>
    }
}
