//! A blog engine: Leptos pages rendered on the server and hydrated in the browser, an axum
//! server with sqlx storage. One crate, two builds: `ssr` (the server) and `hydrate` (wasm).

pub mod api;
pub mod app;
pub mod model;

#[cfg(feature = "hydrate")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod server;

/// The wasm entry point: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A mark for the end2end tests (and anyone curious) that the app is interactive now.
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("data-hydrated", "");
    }
}
