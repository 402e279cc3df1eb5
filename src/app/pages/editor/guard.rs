//! The editor never loses work by leaving: Ctrl+S / Cmd+S saves, and with unsaved changes
//! any way out asks first. A link or a form elsewhere on the page (the header's, the
//! preview's) asks with the editor's own question; closing, reloading or going back gets the
//! browser's. The copy kept in the browser (`autosave`) stays either way.

use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

use super::state::EditorState;
use crate::i18n::{page_locale, td_string};

pub fn guard_the_window(state: EditorState, save: impl Fn() + 'static) {
    let locale = page_locale();
    // Once the author has agreed to leave, the browser's own question would be a second one.
    let agreed_to_leave = StoredValue::new(false);
    let may_leave = move || {
        if !state.dirty.get_untracked() || agreed_to_leave.get_value() {
            return true;
        }
        let agreed = window()
            .confirm_with_message(td_string!(locale, editor.leave_confirm))
            .unwrap_or(false);
        agreed_to_leave.set_value(agreed);
        agreed
    };

    let keys = window_event_listener(ev::keydown, move |event| {
        let key = event.key();
        if (event.ctrl_key() || event.meta_key()) && (key == "s" || key == "S") {
            event.prevent_default();
            save();
        }
    });
    let links = window_event_listener(ev::click, move |event| {
        let opens_elsewhere = event.ctrl_key()
            || event.meta_key()
            || event.shift_key()
            || event.alt_key()
            || event.button() != 0;
        if event.default_prevented() || opens_elsewhere {
            return;
        }
        let Some(link) = closest(event.target(), "a[href]") else {
            return;
        };
        let stays_on_page = link
            .get_attribute("href")
            .is_some_and(|href| href.starts_with('#'));
        let new_tab = link
            .get_attribute("target")
            .is_some_and(|target| target != "_self");
        if stays_on_page || new_tab || link.has_attribute("download") {
            return;
        }
        if !may_leave() {
            event.prevent_default();
        }
    });
    let forms = window_event_listener(ev::submit, move |event| {
        // The editor's own form saves; any other (search, language) leaves the page.
        let leaves = closest(event.target(), "form")
            .is_some_and(|form| !form.class_list().contains("editor-form"));
        if leaves && !event.default_prevented() && !may_leave() {
            event.prevent_default();
        }
    });
    let unloading = window_event_listener(ev::beforeunload, move |event| {
        if state.dirty.get_untracked() && !agreed_to_leave.get_value() {
            event.prevent_default();
            event.set_return_value(td_string!(locale, editor.leave_warning));
        }
    });
    on_cleanup(move || {
        keys.remove();
        links.remove();
        forms.remove();
        unloading.remove();
    });
}

/// The nearest element from `target` upwards that matches `selector`.
fn closest(
    target: Option<leptos::web_sys::EventTarget>,
    selector: &str,
) -> Option<leptos::web_sys::Element> {
    target?
        .dyn_into::<leptos::web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}
