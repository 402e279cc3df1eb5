//! The whole HTTP surface in one `Router`, so tests drive exactly what production serves.

use std::convert::Infallible;

use axum::{Router, body::Body, http::Request, middleware, routing::get};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use super::{
    assets, auth::credentials::resolve_credentials, health::healthz, rest, state::AppState,
    token_api,
};
use crate::app::{App, shell};

pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let render_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };
    // Unknown paths render the app too, whose fallback route answers with the 404 page.
    let not_found_page = {
        let state = state.clone();
        let render = leptos_axum::render_app_to_stream_with_context(
            move || provide_context(state.clone()),
            render_shell.clone(),
        );
        tower::service_fn(move |request: Request<Body>| {
            let render = render.clone();
            async move { Ok::<_, Infallible>(render(request).await) }
        })
    };

    Router::new()
        .route("/healthz", get(healthz))
        .merge(token_api::router())
        .merge(rest::router(&state.settings.api))
        .leptos_routes(&state, routes, render_shell)
        .nest_service("/pkg", assets::bundle(&options))
        .fallback_service(assets::public_files_or(&options, not_found_page))
        // The seed's three rules, for every route (static files do not look at the result).
        .layer(middleware::from_fn_with_state(
            state.clone(),
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
