//! The names both sides of the wire agree on, in one place: the headers that carry tokens,
//! the session marker cookie the page reads, and the keys under which the browser app keeps
//! things in localStorage (the server renders scripts that read some of them).

/// The response header that carries a new access token; the browser app stores whatever
/// arrives in it, and API clients may do the same.
pub const ACCESS_TOKEN_HEADER: &str = "x-access-token";
/// The header API clients without cookies use to send their refresh token, and in which they
/// receive the next one.
pub const REFRESH_TOKEN_HEADER: &str = "x-refresh-token";
/// The cookie that holds the refresh token over plain HTTP (`HttpOnly`: no script reads it).
pub const REFRESH_COOKIE: &str = "blog_refresh";
/// The same over HTTPS, where the `__Host-` prefix pins it to this host and `Path=/`.
pub const HOST_REFRESH_COOKIE: &str = "__Host-blog_refresh";
/// A cookie without a secret (`1`) that tells the page a refresh cookie exists; `__Host-`
/// prefixed over HTTPS.
pub const SESSION_MARKER_COOKIE: &str = "blog_session";
/// The cookie that keeps the reader's choice of language.
pub const LANGUAGE_COOKIE: &str = "blog_lang";

/// Whether a `document.cookie` string says this browser holds a session.
pub fn has_session_marker(cookies: &str) -> bool {
    cookies.split(';').any(|cookie| {
        cookie
            .trim()
            .trim_start_matches("__Host-")
            .strip_prefix(SESSION_MARKER_COOKIE)
            .is_some_and(|rest| rest == "=1")
    })
}

/// The access token (a JSON string).
pub const ACCESS_TOKEN: &str = "blog.access_token";

/// Run in `<head>`, before the first paint: marks `<html data-session>` when this browser
/// holds a session (the [`SESSION_MARKER_COOKIE`] or a stored [`ACCESS_TOKEN`], the island
/// loader's test), so the page hides its sign-in prompts and keeps their space while the
/// islands find out who is signed in. The session island takes the mark away if the session
/// turns out to be over; the stylesheet shows the prompts again after a few seconds in case
/// the app never loads.
pub const SESSION_BOOT_SCRIPT: &str = r#"try{if(/(^|;\s*)(__Host-)?blog_session=1(;|$)/.test(document.cookie)||localStorage.getItem("blog.access_token")!==null)document.documentElement.dataset.session=""}catch(e){}"#;

/// The colour theme, when the reader chose one.
pub const THEME: &str = "blog.theme";

const EDITOR_PREFIX: &str = "blog.editor";
const COMMENT_PREFIX: &str = "blog.comment";
/// Stand for a post and a standalone page not saved yet; no slug can contain `:`.
const NEW_POST: &str = ":new";
const NEW_PAGE: &str = ":new-page";

/// The editor's unsaved copy of one author's post (`None`: the post not saved yet).
pub fn unsaved_post(username: &str, slug: Option<&str>) -> String {
    format!("{EDITOR_PREFIX}/{username}/{}", slug.unwrap_or(NEW_POST))
}

/// The editor's unsaved copy of one author's standalone page not saved yet.
pub fn unsaved_new_page(username: &str) -> String {
    format!("{EDITOR_PREFIX}/{username}/{NEW_PAGE}")
}

/// The text of the post or page one author deleted last, which the drafts page can bring
/// back as a draft ("Undo").
pub fn deleted_post(username: &str) -> String {
    format!("{EDITOR_PREFIX}/{username}/:deleted")
}

/// A comment one reader is typing under one post.
pub fn unsaved_comment(username: &str, slug: &str) -> String {
    format!("{}{slug}", unsaved_comments_of(username))
}

/// The prefix of every unsaved comment of one reader, forgotten when they sign out.
pub fn unsaved_comments_of(username: &str) -> String {
    format!("{COMMENT_PREFIX}/{username}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_boot_script_reads_the_names_the_app_writes() {
        assert!(SESSION_BOOT_SCRIPT.contains(&format!("(__Host-)?{SESSION_MARKER_COOKIE}=1")));
        assert!(SESSION_BOOT_SCRIPT.contains(&format!("\"{ACCESS_TOKEN}\"")));
    }
}
