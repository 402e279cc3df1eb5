//! `/media/<name>`: the stored images, for anyone (a door). A name is a hash of the file's
//! bytes, so a file never changes: browsers and proxies keep it a year without asking again,
//! and a copy they hold is always current (`If-None-Match` is answered 304 without reading).
//! The file is streamed from the store with the type its name says.

use axum::{
    Router,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

use crate::server::{
    http::etag::client_has,
    media::{Media, names::MediaName},
    state::AppState,
};

/// A year: the longest `max-age` caches honour.
const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

pub fn router() -> Router<AppState> {
    Router::new().route("/media/{name}", get(serve))
}

async fn serve(
    State(media): State<Media>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(parsed) = MediaName::parse(&name) else {
        return not_found();
    };
    let etag = format!("\"{name}\"");
    let current = client_has(&headers, &etag);
    let mut response = if current {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        match media.open(&name).await {
            Ok(Some(stored)) => {
                let mut response = Response::new(Body::from_stream(stored.body));
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from(stored.size));
                response
            }
            Ok(None) => return not_found(),
            Err(error) => {
                tracing::error!(%error, "cannot read a media file");
                return (StatusCode::SERVICE_UNAVAILABLE, "try again shortly\n").into_response();
            }
        }
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(parsed.format.content_type()),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    // Shown in the page, never a download; the security headers add `nosniff`.
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    response
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "no such image\n").into_response()
}
