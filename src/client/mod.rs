//! Browser-only code: what the wasm app keeps in the browser between visits.

pub mod theme_store;
