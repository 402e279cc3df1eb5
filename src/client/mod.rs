//! Browser-only code: what the wasm app keeps in the browser between visits (the access
//! token, the theme choice, unsaved typing), and sending images to the upload endpoint.
//! Depends on `model` only, never on `app`.

pub mod storage;
pub mod theme_store;
pub mod token_store;
pub mod uploads;
