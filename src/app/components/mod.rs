//! Pieces several pages share.

mod favorite;
mod follow;
mod post_list;
mod tag_cloud;

pub use favorite::FavoriteButton;
pub use follow::FollowButton;
pub use post_list::{PostByline, PostList, TagLinks};
pub use tag_cloud::TagCloud;

/// The address of a tag's page; tags may hold spaces and other characters URLs escape.
pub fn tag_href(tag: &str) -> String {
    format!("/tag/{}", percent_encode_segment(tag))
}

pub fn profile_href(username: &str) -> String {
    format!("/profile/{}", percent_encode_segment(username))
}

/// One path segment: everything but unreserved characters escaped (`/` too).
fn percent_encode_segment(segment: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// A page number (from 1) read from the query parameter `name`; 1 when absent or bad.
pub fn page_in_query(name: &'static str) -> leptos::prelude::Memo<i64> {
    use leptos::prelude::*;
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        query
            .read()
            .get(name)
            .and_then(|page| page.parse::<i64>().ok())
            .filter(|page| *page >= 1)
            .unwrap_or(1)
    })
}
