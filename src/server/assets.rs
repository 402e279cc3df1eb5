//! Static files: the wasm/JS/CSS bundle under `/pkg` and the files copied from `public/`.
//!
//! tower-http's `ServeDir` serves the `.br` / `.gz` siblings that `cargo leptos build
//! --precompress` writes, so nothing is compressed per request. Bundle names carry a content
//! hash, so browsers may keep them for a year; `public/` names do not, so those are revalidated.

use std::{convert::Infallible, path::PathBuf};

use axum::{
    body::Body,
    http::{HeaderValue, Request, Response, StatusCode, header::CACHE_CONTROL},
};
use leptos::prelude::LeptosOptions;
use tower::{Service, ServiceBuilder, util::BoxCloneSyncService};
use tower_http::services::ServeDir;

const HASHED: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const UNHASHED: HeaderValue = HeaderValue::from_static("public, max-age=3600, must-revalidate");

pub type FileService = BoxCloneSyncService<Request<Body>, Response<Body>, Infallible>;

/// `/pkg/*`: the bundle cargo-leptos builds.
pub fn bundle(options: &LeptosOptions) -> FileService {
    let dir = PathBuf::from(&*options.site_root).join(&*options.site_pkg_dir);
    let cache = if options.hash_files { HASHED } else { UNHASHED };
    with_cache_control(precompressed(ServeDir::new(dir)), cache)
}

/// Files from `public/`; any other path, and any method but GET and HEAD, goes to `page`
/// (the app, which answers unknown paths with its 404 page).
pub fn public_files_or<S>(options: &LeptosOptions, page: S) -> FileService
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Infallible>
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send,
{
    let files = precompressed(ServeDir::new(&*options.site_root))
        .call_fallback_on_method_not_allowed(true)
        .fallback(page);
    with_cache_control(files, UNHASHED)
}

fn precompressed(dir: ServeDir) -> ServeDir {
    dir.precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
}

/// Adds `Cache-Control` to files that were found, unless the response chose its own;
/// errors and 404s must not be cached.
fn with_cache_control<S, B>(files: S, cache: HeaderValue) -> FileService
where
    S: Service<Request<Body>, Response = Response<B>, Error = Infallible>
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send,
    B: http_body::Body<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let service = ServiceBuilder::new()
        .map_response(move |response: Response<B>| {
            let mut response = response.map(Body::new);
            let found =
                response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
            if found && !response.headers().contains_key(CACHE_CONTROL) {
                response.headers_mut().insert(CACHE_CONTROL, cache.clone());
            }
            response
        })
        .service(files);
    BoxCloneSyncService::new(service)
}
