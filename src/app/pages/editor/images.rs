//! Images into the body: pasted, dropped or picked, each is uploaded (`client::uploads`, the
//! REST API's endpoint) with its progress shown, and its Markdown lands where the cursor was.
//! While it uploads, a placeholder holds that place in the text, so typing goes on around
//! it; a refusal takes the placeholder out again and says why.

use leptos::{html, prelude::*};

use crate::i18n::{page_locale, td_string};

/// An upload on its way, or one that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sending {
    pub id: u32,
    pub name: String,
    pub percent: u32,
    pub failure: Option<String>,
}

/// The body's uploads.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub struct Images {
    pub sending: RwSignal<Vec<Sending>>,
    next_id: StoredValue<u32>,
    body: RwSignal<String>,
    textarea: NodeRef<html::Textarea>,
}

/// A placeholder reads `![Uploading <name> (<n>)…]()` while its image uploads.
const PLACEHOLDER_START: &str = "![Uploading ";
const PLACEHOLDER_END: &str = "…]()";

/// `body` without the placeholders of uploads that never finished (the page was reloaded
/// while they were on their way), each with the line break that came with it.
pub fn without_placeholders(body: &str) -> String {
    let mut kept = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find(PLACEHOLDER_START) {
        let Some(length) = rest[start..].find(PLACEHOLDER_END) else {
            break;
        };
        kept.push_str(&rest[..start]);
        rest = &rest[start + length + PLACEHOLDER_END.len()..];
        if kept.is_empty() || kept.ends_with('\n') {
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        }
    }
    kept.push_str(rest);
    kept
}

/// The types the server takes; anything else is refused there too, with its reason.
pub const ACCEPTED_TYPES: &str = "image/png,image/jpeg,image/gif,image/webp";

impl Images {
    pub fn new(body: RwSignal<String>, textarea: NodeRef<html::Textarea>) -> Self {
        Self {
            sending: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
            body,
            textarea,
        }
    }

    /// Whether an upload is still on its way (the post is not saved with placeholders).
    pub fn busy(&self) -> bool {
        self.sending
            .with(|sending| sending.iter().any(|upload| upload.failure.is_none()))
    }

    /// Forgets a failed upload's message.
    pub fn dismiss(&self, id: u32) {
        self.sending
            .update(|sending| sending.retain(|upload| upload.id != id));
    }

    /// Pasted files: the images among them are uploaded instead of pasted as text. Text that
    /// comes with a picture of itself (Word, spreadsheets) is pasted as text.
    pub fn pasted(&self, event: &leptos::ev::ClipboardEvent) {
        #[cfg(feature = "hydrate")]
        if let Some(data) = event.clipboard_data() {
            let has_text = data
                .get_data("text/plain")
                .is_ok_and(|text| !text.trim().is_empty());
            if !has_text
                && let Some(files) = data.files()
                && self.take(crate::client::uploads::files_of(&files))
            {
                event.prevent_default();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    }

    /// Dropped files.
    pub fn dropped(&self, event: &leptos::ev::DragEvent) {
        #[cfg(feature = "hydrate")]
        if let Some(files) = event.data_transfer().and_then(|data| data.files())
            && self.take(crate::client::uploads::files_of(&files))
        {
            event.prevent_default();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    }

    /// Files picked with the file field.
    pub fn picked(&self, event: &leptos::ev::Event) {
        #[cfg(feature = "hydrate")]
        self.take(crate::client::uploads::take_picked(event));
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    }

    /// Uploads the images among `files`; whether there was one.
    #[cfg(feature = "hydrate")]
    fn take(&self, files: Vec<web_sys::File>) -> bool {
        let images: Vec<web_sys::File> = files
            .into_iter()
            .filter(|file| file.type_().starts_with("image/"))
            .collect();
        for file in &images {
            self.upload(file);
        }
        !images.is_empty()
    }

    #[cfg(feature = "hydrate")]
    fn upload(&self, file: &web_sys::File) {
        use crate::client::uploads;

        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let name = file.name();
        let placeholder = format!(
            "{PLACEHOLDER_START}{} ({id}){PLACEHOLDER_END}",
            name.replace([']', '['], "")
        );
        // The placeholder on a line of its own, as it went in (to take out again on failure).
        let inserted = self.insert_at_cursor(&placeholder);
        self.sending.update(|sending| {
            sending.push(Sending {
                id,
                name: name.clone(),
                percent: 0,
                failure: None,
            })
        });
        let (sending, body) = (self.sending, self.body);
        let alt = alt_text(&name);
        let locale = page_locale();
        uploads::send(
            file,
            move |fraction| {
                sending.update(|sending| {
                    if let Some(upload) = sending.iter_mut().find(|upload| upload.id == id) {
                        upload.percent = (fraction * 100.0).round().clamp(0.0, 100.0) as u32;
                    }
                })
            },
            move |outcome| match outcome {
                Ok(uploaded) => {
                    let markdown = format!("![{alt}]({})", uploaded.url);
                    body.update(|text| match text.find(&placeholder) {
                        Some(at) => text.replace_range(at..at + placeholder.len(), &markdown),
                        // The placeholder was typed over: the image goes at the end.
                        None => {
                            if !text.is_empty() && !text.ends_with('\n') {
                                text.push('\n');
                            }
                            text.push_str(&markdown);
                            text.push('\n');
                        }
                    });
                    sending.update(|sending| sending.retain(|upload| upload.id != id));
                }
                Err(failure) => {
                    body.update(|text| {
                        for added in [&inserted, &placeholder] {
                            if let Some(at) = text.find(added.as_str()) {
                                text.replace_range(at..at + added.len(), "");
                                break;
                            }
                        }
                    });
                    let message = crate::app::errors::upload_failure(failure, locale);
                    sending.update(|sending| {
                        if let Some(upload) = sending.iter_mut().find(|upload| upload.id == id) {
                            upload.failure = Some(message);
                        }
                    });
                }
            },
        );
    }

    /// Puts `text` where the cursor is (on a line of its own), or at the end; returns what went
    /// in, line breaks included.
    #[cfg(feature = "hydrate")]
    fn insert_at_cursor(&self, text: &str) -> String {
        let cursor = self
            .textarea
            .get_untracked()
            .and_then(|area| area.selection_start().ok().flatten());
        let mut inserted = String::new();
        self.body.update(|body| {
            // The browser counts UTF-16 units; the string is UTF-8.
            let at = match cursor {
                Some(units) => byte_index(body, units as usize),
                None => body.len(),
            };
            let before = if at == 0 || body[..at].ends_with('\n') {
                ""
            } else {
                "\n"
            };
            let after = if body[at..].starts_with('\n') {
                ""
            } else {
                "\n"
            };
            inserted = format!("{before}{text}{after}");
            body.insert_str(at, &inserted);
        });
        inserted
    }
}

/// The byte offset of the `units`th UTF-16 unit of `text`.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn byte_index(text: &str, units: usize) -> usize {
    let mut counted = 0;
    for (index, c) in text.char_indices() {
        if counted >= units {
            return index;
        }
        counted += c.len_utf16();
    }
    text.len()
}

/// An image's description from its file name: `holiday-photo.jpg` says "holiday photo".
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn alt_text(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    stem.chars()
        .map(|c| if matches!(c, '-' | '_') { ' ' } else { c })
        .filter(|c| !matches!(c, '[' | ']'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The picker, the hint, and each upload's progress or failure, under the body.
#[component]
pub fn ImageTools(images: Images) -> impl IntoView {
    let locale = page_locale();
    view! {
        <div class="image-tools">
            <label class="button" for="image-picker">{td_string!(locale, editor.add_image)}</label>
            <input type="file" id="image-picker" class="visually-hidden" accept=ACCEPTED_TYPES multiple
                on:change=move |event| images.picked(&event) />
            <span class="hint" id="post-body-hint">{td_string!(locale, editor.image_hint)}</span>
        </div>
        <ul class="uploads" aria-live="polite">
            {move || images.sending.get().into_iter().map(|upload| {
                let id = upload.id;
                match upload.failure {
                    None => view! {
                        <li class="upload">
                            <span>{upload.name.clone()}</span>" "
                            <progress max="100" value=upload.percent aria-label=upload.name></progress>
                            " "{upload.percent}"%"
                        </li>
                    }.into_any(),
                    Some(reason) => view! {
                        <li class="upload failed" role="alert">
                            {td_string!(locale, editor.upload_failed)}" "{upload.name}": "{reason}" "
                            <button type="button" class="link-button" on:click=move |_| images.dismiss(id)>
                                {td_string!(locale, editor.dismiss)}
                            </button>
                        </li>
                    }.into_any(),
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::without_placeholders;

    #[test]
    fn unfinished_uploads_leave_no_trace() {
        let body = "Intro\n![Uploading cat.png (1)…]()\nMore ![Uploading a.jpg (2)…]() text\n";
        assert_eq!(without_placeholders(body), "Intro\nMore  text\n");
        assert_eq!(without_placeholders("![Uploading x (3)…]()"), "");
        assert_eq!(without_placeholders("No uploads."), "No uploads.");
    }
}
