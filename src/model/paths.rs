//! The addresses of reader pages, written once for the UI's links and the feeds and sitemaps:
//! tags and usernames may hold spaces, slashes and any script.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but unreserved characters is escaped, `/` too.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One path segment, escaped.
pub fn path_segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// The address of a tag's page.
pub fn tag_href(tag: &str) -> String {
    format!("/tag/{}", path_segment(tag))
}

/// The address of an author's page.
pub fn profile_href(username: &str) -> String {
    format!("/profile/{}", path_segment(username))
}

/// The address of a post.
pub fn post_href(slug: &str) -> String {
    format!("/post/{}", path_segment(slug))
}
