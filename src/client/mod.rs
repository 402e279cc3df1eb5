//! Browser-only code: what the wasm app keeps in the browser between visits (the access
//! token, the theme choice).

pub mod theme_store;
pub mod token_store;
