//! `If-None-Match` as RFC 9110 reads it: a list of tags, compared weakly, or `*`.

use axum::http::{HeaderMap, header};

/// Whether the client already holds the representation tagged `etag` (quoted).
pub fn client_has(request: &HeaderMap, etag: &str) -> bool {
    request
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|known| {
            known
                .split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
        })
}
