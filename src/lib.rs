//! A blog engine: Leptos pages rendered on the server and hydrated in the browser, an axum
//! server with sqlx storage. One crate, two builds: `ssr` (the server) and `hydrate` (wasm).

// The editor's view is one deeply nested type; laying out its async rendering on the server
// needs more than the default depth.
#![recursion_limit = "256"]

pub mod app;
pub mod i18n;
pub mod model;
pub mod server_fns;

#[cfg(feature = "hydrate")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod server;

/// The wasm entry point: readies the page's islands (each is hydrated by the loader in
/// `app::island_loader`, when it is needed; the loader marks `<html data-hydrated>` once a
/// page's islands are all live).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console while developing; in release builds the formatting code
    // would cost readers several kilobytes of wasm for a message nobody reads.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
