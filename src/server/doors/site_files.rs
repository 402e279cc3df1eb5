//! `/site.css`: the owner's stylesheet (accent colour and custom CSS), for anyone. Pages link
//! it as `/site.css?v=<version>`, so a browser keeps that address for a year and fetches the
//! next version when the settings change; any other version is answered with the current
//! text, kept only briefly.

use axum::{
    Router,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;

use crate::server::{
    http::etag::client_has,
    site::{LiveSite, STYLESHEET_PATH},
    state::AppState,
};

const CURRENT_VERSION: &str = "public, max-age=31536000, immutable";
const OTHER_VERSION: &str = "public, max-age=60";

pub fn router() -> Router<AppState> {
    Router::new().route(STYLESHEET_PATH, get(serve))
}

#[derive(Deserialize)]
struct Version {
    v: Option<String>,
}

async fn serve(
    State(site): State<LiveSite>,
    Query(asked): Query<Version>,
    headers: HeaderMap,
) -> Response {
    let now = site.now();
    let (css, version) = now
        .stylesheet
        .as_ref()
        .map_or(("", ""), |(css, version)| (css.as_str(), version.as_str()));
    let etag = format!("\"{version}\"");
    let current = client_has(&headers, &etag);
    let mut response = if current {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        css.to_owned().into_response()
    };
    let cache_control = if asked.v.as_deref() == Some(version) && !version.is_empty() {
        CURRENT_VERSION
    } else {
        OTHER_VERSION
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    response
}
