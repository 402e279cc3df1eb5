//! Browser-only code: what the wasm app keeps in the browser between visits (the access
//! token, the theme choice, the editor's and the comment form's unsaved text).

pub mod draft_store;
pub mod theme_store;
pub mod token_store;
pub mod unsaved;
