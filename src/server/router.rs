//! The whole HTTP surface in one `Router`, so tests drive exactly what production serves.

use std::convert::Infallible;

use axum::{
    Router,
    body::Body,
    extract::Request,
    http::{Method, Request as HttpRequest, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use super::{
    assets,
    health::healthz,
    http::{
        cookie::CookiePolicy,
        credentials::{CredentialsState, resolve_credentials},
        origin::is_same_origin,
    },
    rest, rpc, seed_api,
    state::AppState,
};
use crate::{
    app::{App, shell},
    model::SiteInfo,
};

pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let render_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };
    // What the UI reads about the site, handed over as context: it never reaches into the
    // server's state itself.
    let site = SiteInfo {
        title: state.settings.site.title.clone(),
    };
    let page_context = move || provide_context(site.clone());
    // Unknown paths render the app too, whose fallback route answers with the 404 page.
    let not_found_page = {
        let state = state.clone();
        let page_context = page_context.clone();
        let render = leptos_axum::render_app_to_stream_with_context(
            move || {
                provide_context(state.clone());
                page_context();
            },
            render_shell.clone(),
        );
        tower::service_fn(move |request: HttpRequest<Body>| {
            let render = render.clone();
            async move { Ok::<_, Infallible>(render(request).await) }
        })
    };
    let credentials = CredentialsState {
        sessions: state.sessions.clone(),
        cookies: CookiePolicy::new(state.settings.server.is_https()),
    };

    Router::new()
        .route("/healthz", get(healthz))
        .merge(seed_api::router())
        .merge(rest::router(&state.settings.api))
        .leptos_routes_with_context(&state, routes, page_context, render_shell)
        .nest_service("/pkg", assets::bundle(&options))
        .fallback_service(assets::public_files_or(&options, not_found_page))
        .layer(middleware::from_fn(server_functions_guard))
        // The seed's three rules, for every route (static files do not look at the result).
        .layer(middleware::from_fn_with_state(
            credentials,
            resolve_credentials,
        ))
        .layer(
            ServiceBuilder::new()
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                        .on_request(())
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                // Server-rendered HTML and JSON; precompressed files pass through untouched.
                .layer(CompressionLayer::new()),
        )
        .with_state(state)
}

/// Server functions (`/rpc/…`) accept form posts, which another site's page can send
/// without a CORS preflight: only the site's own pages may call them. Their unreadable
/// arguments are the caller's mistake (400), not the server's.
async fn server_functions_guard(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/rpc/") {
        return next.run(request).await;
    }
    if !is_same_origin(request.headers()) && request.method() != Method::GET {
        return (
            StatusCode::FORBIDDEN,
            "requests from other sites are refused\n",
        )
            .into_response();
    }
    rpc::arguments_errors_are_bad_requests(request, next).await
}
