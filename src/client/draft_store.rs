//! How the editor's unsaved copies are named and what they hold; `client::unsaved` keeps
//! them in localStorage.

use serde::{Deserialize, Serialize};

use crate::model::PostDraft;

const KEY_PREFIX: &str = "blog.editor";
/// Stands for a post not saved yet; no slug can contain `:`.
const NEW_POST: &str = ":new";

/// The unsaved text, and the version of the post it was typed over (the post's `updated`
/// time), so a copy made over an older version can be told apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsavedCopy {
    pub draft: PostDraft,
    pub base_updated: Option<i64>,
}

/// One copy per author and post (`None`: the post not saved yet).
pub fn key(username: &str, slug: Option<&str>) -> String {
    format!("{KEY_PREFIX}/{username}/{}", slug.unwrap_or(NEW_POST))
}
