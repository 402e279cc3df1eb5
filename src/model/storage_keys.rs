//! The names under which the browser app keeps things in localStorage, in one place: the
//! server renders the theme boot script with one of them, and the client reads and writes
//! them all.

/// The access token (a JSON string).
pub const ACCESS_TOKEN: &str = "blog.access_token";
/// The colour theme, when the reader chose one.
pub const THEME: &str = "blog.theme";

const EDITOR_PREFIX: &str = "blog.editor";
const COMMENT_PREFIX: &str = "blog.comment";
/// Stands for a post not saved yet; no slug can contain `:`.
const NEW_POST: &str = ":new";

/// The editor's unsaved copy of one author's post (`None`: the post not saved yet).
pub fn unsaved_post(username: &str, slug: Option<&str>) -> String {
    format!("{EDITOR_PREFIX}/{username}/{}", slug.unwrap_or(NEW_POST))
}

/// A comment one reader is typing under one post.
pub fn unsaved_comment(username: &str, slug: &str) -> String {
    format!("{}{slug}", unsaved_comments_of(username))
}

/// The prefix of every unsaved comment of one reader, forgotten when they sign out.
pub fn unsaved_comments_of(username: &str) -> String {
    format!("{COMMENT_PREFIX}/{username}/")
}
