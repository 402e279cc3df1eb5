//! Sending an image to `POST /api/uploads`, the endpoint API clients use too, under the
//! signed-in author's access token, with progress as the bytes go (an XMLHttpRequest: `fetch`
//! reports no upload progress). A renewed token in the answer is stored, as every other
//! response's is.

use std::{cell::RefCell, rc::Rc};

use serde::Deserialize;
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{File, FormData, ProgressEvent, XmlHttpRequest};

use super::token_store;

/// The endpoint, in the REST API.
const UPLOADS: &str = "/api/uploads";

/// What the editor needs of a stored image.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Uploaded {
    pub url: String,
}

#[derive(Deserialize)]
struct Reply {
    upload: Uploaded,
}

/// The API's error shape: `{"errors": {"file": ["is not an image …"]}}`.
#[derive(Deserialize)]
struct Refusal {
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

/// Why an upload did not go through, in words for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadFailure {
    /// The session is over: sign in again (the file is still on the author's machine).
    SignedOut,
    /// The server refused the file and said why (in the page's language), if it did.
    Refused(Option<String>),
    /// The connection failed.
    Network,
}

type Callbacks = (
    Closure<dyn FnMut(ProgressEvent)>,
    Closure<dyn FnMut(web_sys::Event)>,
    Closure<dyn FnMut(web_sys::Event)>,
);

/// The files chosen in the file field an event came from, taken out of it so the same file
/// can be picked again.
pub fn take_picked(event: &web_sys::Event) -> Vec<File> {
    let Some(input) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map_or_else(Vec::new, |files| files_of(&files));
    input.set_value("");
    files
}

/// The files of a pasted, dropped or picked list.
pub fn files_of(list: &web_sys::FileList) -> Vec<File> {
    (0..list.length())
        .filter_map(|index| list.get(index))
        .collect()
}

/// Sends `file`; `progress` hears the fraction sent (0 to 1), `done` the outcome once.
pub fn send(
    file: &File,
    progress: impl Fn(f64) + 'static,
    done: impl FnOnce(Result<Uploaded, UploadFailure>) + 'static,
) {
    let Ok(request) = XmlHttpRequest::new() else {
        done(Err(UploadFailure::Network));
        return;
    };
    let Ok(form) = FormData::new() else {
        done(Err(UploadFailure::Network));
        return;
    };
    if form
        .append_with_blob_and_filename("file", file, &file.name())
        .is_err()
        || request.open("POST", UPLOADS).is_err()
    {
        done(Err(UploadFailure::Network));
        return;
    }
    // Refusals come in the page's language, not the browser's.
    let _ = request.set_request_header(
        "Accept-Language",
        crate::i18n::tag(crate::i18n::page_locale()),
    );
    if let Some(token) = token_store::load() {
        let _ = request.set_request_header("Authorization", &format!("Bearer {token}"));
    }
    // The three callbacks live until the request ends, then are dropped together.
    let keep: Rc<RefCell<Option<Callbacks>>> = Rc::new(RefCell::new(None));
    let done = Rc::new(RefCell::new(Some(done)));
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            progress(event.loaded() / event.total());
        }
    });
    let on_load = {
        let (request, keep, done) = (request.clone(), keep.clone(), done.clone());
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let outcome = outcome(&request);
            if let Some(done) = done.borrow_mut().take() {
                done(outcome);
            }
            release(&keep);
        })
    };
    let on_error = {
        let (keep, done) = (keep.clone(), done.clone());
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if let Some(done) = done.borrow_mut().take() {
                done(Err(UploadFailure::Network));
            }
            release(&keep);
        })
    };
    if let Ok(upload) = request.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    request.set_onload(Some(on_load.as_ref().unchecked_ref()));
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    *keep.borrow_mut() = Some((on_progress, on_load, on_error));
    if request.send_with_opt_form_data(Some(&form)).is_err() {
        keep.borrow_mut().take();
        if let Some(done) = done.borrow_mut().take() {
            done(Err(UploadFailure::Network));
        }
    }
}

/// Drops the callbacks once the one running has returned.
fn release(keep: &Rc<RefCell<Option<Callbacks>>>) {
    let callbacks = keep.borrow_mut().take();
    leptos::task::spawn_local(async move { drop(callbacks) });
}

fn outcome(request: &XmlHttpRequest) -> Result<Uploaded, UploadFailure> {
    if let Ok(Some(token)) = request.get_response_header(token_store::ACCESS_TOKEN_HEADER) {
        token_store::take(&token);
    }
    let status = request.status().unwrap_or(0);
    let body = request.response_text().ok().flatten().unwrap_or_default();
    match status {
        200..=299 => serde_json::from_str::<Reply>(&body)
            .map(|reply| reply.upload)
            .map_err(|_| UploadFailure::Network),
        401 => Err(UploadFailure::SignedOut),
        0 => Err(UploadFailure::Network),
        _ => Err(UploadFailure::Refused(
            serde_json::from_str::<Refusal>(&body)
                .ok()
                .and_then(|refusal| refusal.errors.into_values().next())
                .map(|messages| messages.join("; ")),
        )),
    }
}
