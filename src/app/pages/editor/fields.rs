//! The fields an author types into: title, description, tags, and the Markdown body beside
//! its preview (the server's own rendering; on a phone, a tab of its own), with images
//! pasted, dropped or picked into it.

use leptos::prelude::*;

use super::{
    images::{ImageTools, Images},
    state::EditorState,
};
use crate::{
    app::forms::Field,
    i18n::{page_locale, td_string},
    model::{AppError, PostKind},
};

#[component]
pub fn EditorFields(
    state: EditorState,
    images: Images,
    body_area: NodeRef<leptos::html::Textarea>,
    preview_html: RwSignal<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = page_locale();
    let fields = state.fields;
    let body_error = move || {
        error
            .get()
            .and_then(|error| error.for_field("body"))
            .map(|message| {
                crate::app::errors::with_label(td_string!(locale, editor.body), &message, locale)
            })
    };
    let body_invalid = move || {
        error
            .get()
            .and_then(|error| error.for_field("body"))
            .map(|_| "true")
    };
    let previewing = RwSignal::new(false);
    view! {
        <Field name="title" label=td_string!(locale, editor.field_title) value=fields.title error />
        <Field name="description" label=td_string!(locale, editor.field_description)
            value=fields.description error
            hint=td_string!(locale, editor.description_hint) />
        // A standalone page is in no list, so it has no tags.
        <Show when=move || state.kind.get() == PostKind::Post>
            <Field name="tags" label=td_string!(locale, editor.field_tags) value=fields.tags error
                hint=td_string!(locale, editor.tags_hint) />
        </Show>
        // On a narrow screen the text and its preview take turns (a body error brings the
        // text back); where there is room they stand side by side and the switch is hidden.
        <div class="pane-switch" role="group" aria-label=td_string!(locale, editor.panes)>
            <button type="button" aria-pressed=move || (!previewing.get()).to_string()
                on:click=move |_| previewing.set(false)>{td_string!(locale, editor.write_tab)}</button>
            <button type="button" aria-pressed=move || previewing.get().to_string()
                on:click=move |_| previewing.set(true)>{td_string!(locale, editor.preview)}</button>
        </div>
        <div class="editor-panes" data-pane=move || {
            if previewing.get() && body_invalid().is_none() { "preview" } else { "write" }
        }>
            <div class="field body-field">
                <label for="post-body">{td_string!(locale, editor.field_body)}</label>
                <textarea id="post-body" name="body" rows="20" bind:value=fields.body
                    node_ref=body_area spellcheck="true"
                    on:paste=move |event| images.pasted(&event)
                    on:dragover=move |event| event.prevent_default()
                    on:drop=move |event| images.dropped(&event)
                    aria-invalid=body_invalid aria-describedby="post-body-error post-body-hint"></textarea>
                <p class="field-error" id="post-body-error" role="alert">{body_error}</p>
                <ImageTools images />
            </div>
            <div class="preview-pane">
                <h2 class="preview-label" id="preview-heading">{td_string!(locale, editor.preview)}</h2>
                <div class="prose preview" role="region" aria-labelledby="preview-heading" aria-live="off"
                    inner_html=move || preview_html.get()></div>
            </div>
        </div>
    }
}
