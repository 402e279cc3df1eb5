//! The REST API under `/api`: the RealWorld ("Conduit") contract, so existing RealWorld front
//! ends and test suites work against the blog. Handlers parse, call the same domain services
//! as the server functions (`auth::sessions`, `content`) and format; the credentials
//! middleware has already applied the seed's token rules by the time they run.

mod articles;
mod comments;
mod edge;
pub mod error;
mod input;
mod profiles;
mod search;
pub mod uploads;
mod users;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, Method, header},
    middleware,
    response::IntoResponse,
    routing::{delete, get, post},
};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::server::{
    http::{ACCESS_TOKEN_HEADER, REFRESH_TOKEN_HEADER, write_limits::limit_writes},
    limits::WriteLimits,
    settings::ApiSettings,
    state::AppState,
};
pub use edge::refusals_in_json;
use error::ApiError;

/// The contract the server implements, served at `/api/openapi.json`; a test checks that
/// every operation in it is routed.
pub const OPENAPI_DOCUMENT: &str = include_str!("openapi.json");

/// `max_upload_bytes` is `media.max_upload_bytes`: `/api/uploads` reads that much (and its
/// multipart envelope) where every other endpoint reads `api.max_body_bytes`.
pub fn router(
    settings: &ApiSettings,
    max_upload_bytes: usize,
    limits: WriteLimits,
) -> Router<AppState> {
    let api = Router::new()
        .route("/users/login", post(users::login))
        .route(
            "/users/login/second-factor",
            post(users::login_second_factor),
        )
        .route("/users", post(users::register))
        .route("/user", get(users::current).put(users::update))
        .route("/profiles/{username}", get(profiles::get))
        .route(
            "/profiles/{username}/follow",
            post(profiles::follow).delete(profiles::unfollow),
        )
        .route("/articles", get(articles::list).post(articles::create))
        .route("/articles/feed", get(articles::feed))
        .route(
            "/articles/{slug}",
            get(articles::get)
                .put(articles::update)
                .delete(articles::delete),
        )
        .route(
            "/articles/{slug}/comments",
            get(comments::list).post(comments::add),
        )
        .route("/articles/{slug}/comments/{id}", delete(comments::delete))
        .route(
            "/articles/{slug}/favorite",
            post(articles::favorite).delete(articles::unfavorite),
        )
        .route("/tags", get(articles::tags))
        .route("/search", get(search::find))
        .route(
            "/uploads",
            post(uploads::create).layer(DefaultBodyLimit::max(
                max_upload_bytes + uploads::MULTIPART_OVERHEAD_BYTES,
            )),
        )
        .route("/openapi.json", get(openapi_document))
        .fallback(|| async { ApiError::NoRoute })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(settings.max_body_bytes));
    let api = match cors(settings) {
        Some(cors) => api.layer(cors),
        None => api,
    };
    // Outside the nest, where the paths are whole, as the write limits' table names them.
    Router::new()
        .nest("/api", api)
        .layer(middleware::from_fn_with_state(
            limits,
            limit_writes::<ApiError>,
        ))
}

async fn openapi_document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        OPENAPI_DOCUMENT,
    )
}

/// Browser pages from the configured origins may call the API and read the renewed access
/// token. None are configured by default: same-origin pages and other clients need no CORS.
fn cors(settings: &ApiSettings) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = settings
        .cors_allowed_origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin.trim_end_matches('/')).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static(REFRESH_TOKEN_HEADER),
            ])
            .expose_headers([HeaderName::from_static(ACCESS_TOKEN_HEADER)])
            .max_age(std::time::Duration::from_secs(60 * 60)),
    )
}
