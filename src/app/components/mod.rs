//! Pieces several pages share.

mod post_list;
mod tag_cloud;

pub use post_list::{PostByline, PostList, TagLinks};
pub use tag_cloud::TagCloud;

/// The address of a tag's page; tags may hold spaces and other characters URLs escape.
pub fn tag_href(tag: &str) -> String {
    format!("/tag/{}", percent_encode_segment(tag))
}

pub fn profile_href(username: &str) -> String {
    format!("/profile/{}", percent_encode_segment(username))
}

fn percent_encode_segment(segment: &str) -> String {
    segment
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
