//! The whole HTTP surface in one `Router`, so tests drive exactly what production serves.

use std::{convert::Infallible, sync::OnceLock};

use axum::{
    Router,
    body::Body,
    extract::Request,
    http::{Method, Request as HttpRequest, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::{
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use super::{
    assets,
    doors::{feeds, media_files, rest, seed, site_files, unsubscribe},
    health::healthz,
    http::{
        cookie::CookiePolicy,
        credentials::{CredentialsState, resolve_credentials},
        language::{choose_language, switch_language},
        origin::{is_same_origin, refuse_cross_site},
        security_headers::{LEPTOS_SCRIPTS, SecurityHeaders, add_security_headers},
        write_limits::count_write,
    },
    limits::WriteLimits,
    page_cache::serve_from_cache,
    state::AppState,
};
use crate::{
    app::{App, seo::PublicUrl, shell},
    i18n::Locale,
    model::{THEME_BOOT_SCRIPT, wire::SESSION_BOOT_SCRIPT},
};

pub fn router(state: AppState) -> Router {
    let server = &state.settings.server;
    let pages_body_limit = server.max_body_bytes;
    let max_upload_bytes = state.settings.media.max_upload_bytes;
    let https = server.is_https();
    // The language switch is a plain form: another site's page must not submit it.
    let language = Router::new()
        .route(
            "/language",
            axum::routing::post(move |form| switch_language(https, form)),
        )
        .route_layer(middleware::from_fn(refuse_cross_site));
    let doors = Router::new()
        .route("/healthz", get(healthz))
        .merge(language)
        .merge(seed::router(pages_body_limit))
        .merge(rest::router(
            &state.settings.api,
            max_upload_bytes,
            state.limits.clone(),
        ))
        .merge(media_files::router())
        .merge(site_files::router())
        .merge(unsubscribe::router())
        .merge(feeds::router(&state));
    let limits = state.limits.clone();
    let app = with_pages(doors, &state).layer(middleware::from_fn(move |request, next| {
        server_functions_guard(pages_body_limit, limits.clone(), request, next)
    }));
    with_edge(app, &state).with_state(state)
}

/// The Leptos pages (and the server functions they call), the bundle and the public files,
/// and the 404 page for everything else.
fn with_pages(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    let options = state.leptos_options.clone();
    let render_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };
    // What the UI reads about the site, handed over as context: it never reaches into the
    // server's state itself. The settings in effect as the page starts rendering.
    let site = state.site.clone();
    let public_url = PublicUrl(state.settings.server.public_url());
    let newsletters = state.newsletters.enabled();
    let page_context = move || {
        provide_context(crate::model::SiteInfo {
            newsletters,
            ..site.now().info.clone()
        });
        provide_context(public_url.clone());
        // The language `http::language` chose for this request.
        let locale = use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Locale>().copied())
            .unwrap_or_default();
        provide_context(locale);
    };
    // Paths no route or file takes render the app too, whole before it is sent (as a post
    // is): a standalone page's (`/<slug>`, which is not an axum route so that the public
    // files are found first), or the 404 page.
    let pages_and_not_found = {
        let state = state.clone();
        let page_context = page_context.clone();
        let render = leptos_axum::render_app_async_with_context(
            move || {
                provide_context(state.clone());
                page_context();
            },
            render_shell.clone(),
        );
        // The renderer is `Send` but not `Sync`; each request takes its own copy.
        let render = std::sync::Arc::new(std::sync::Mutex::new(render));
        tower::service_fn(move |request: HttpRequest<Body>| {
            let render = render
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone();
            async move { Ok::<_, Infallible>(render(request).await) }
        })
    };
    router
        .leptos_routes_with_context(state, route_list(), page_context, render_shell)
        .nest_service("/pkg", assets::bundle(&options))
        .fallback_service(assets::public_files_or(&options, pages_and_not_found))
}

/// What every request passes on its way in and out, innermost first: the seed's token rules,
/// the body and time limits, the security headers, compression, the page cache (which keeps a
/// copy per language, so outside it the language is chosen), and the request log.
fn with_edge(app: Router<AppState>, state: &AppState) -> Router<AppState> {
    let server = &state.settings.server;
    let credentials = CredentialsState {
        sessions: state.sessions.clone(),
        cookies: CookiePolicy::new(server.is_https()),
        trusted_proxy_hops: server.trusted_proxy_hops,
    };
    let options = &state.leptos_options;
    let loader = crate::app::island_loader::loader_script(options);
    let live_reload = live_reload_source(options);
    let reload_script = live_reload
        .as_ref()
        .and_then(|_| crate::app::live_reload_script(options))
        .unwrap_or_default();
    let [resources, chunks] = LEPTOS_SCRIPTS;
    let security_headers = SecurityHeaders::new(
        server.is_https(),
        live_reload,
        &[
            THEME_BOOT_SCRIPT,
            SESSION_BOOT_SCRIPT,
            &loader,
            resources,
            chunks,
            &reload_script,
        ],
    );
    // No door reads more than its own limit; this caps what any request may send at all.
    let max_upload_bytes = state.settings.media.max_upload_bytes;
    let body_cap = server
        .max_body_bytes
        .max(state.settings.api.max_body_bytes)
        .max(max_upload_bytes + rest::uploads::MULTIPART_OVERHEAD_BYTES);
    let time_limits = TimeLimits {
        request: server.request_timeout,
        upload: state.settings.media.upload_timeout,
    };
    let app = app
        .layer(middleware::from_fn_with_state(
            credentials,
            resolve_credentials,
        ))
        .layer(RequestBodyLimitLayer::new(body_cap))
        .layer(middleware::from_fn(move |request, next| {
            time_limit(time_limits, request, next)
        }))
        .layer(middleware::from_fn(rest::refusals_in_json))
        .layer(middleware::from_fn_with_state(
            security_headers,
            add_security_headers,
        ))
        // Server-rendered HTML and JSON; precompressed files and cached pages pass through.
        .layer(CompressionLayer::new());
    let app = match state.page_cache.clone() {
        Some(cache) => app.layer(middleware::from_fn_with_state(cache, serve_from_cache)),
        None => app,
    };
    let site = state.site.clone();
    app.layer(middleware::from_fn(move |request, next| {
        choose_language(site.now().language, request, next)
    }))
    .layer(
        TraceLayer::new_for_http()
            .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
            .on_request(())
            .on_response(DefaultOnResponse::new().level(Level::INFO)),
    )
}

/// The app's routes, worked out once per process: while Leptos generates them it suppresses
/// resource loading process-wide, which would stall any page rendering at that moment (a
/// second router built by a test, say).
/// The standalone pages' route (`/{slug}`) is left to the fallback, after the files.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| {
            generate_route_list(App)
                .into_iter()
                .filter(|route| !is_standalone_pages_route(route.path()))
                .collect()
        })
        .clone()
}

/// `/{slug}` (or however Leptos spells a lone parameter): one segment, all parameter.
fn is_standalone_pages_route(path: &str) -> bool {
    let segment = path.trim_start_matches('/');
    !segment.is_empty()
        && !segment.contains('/')
        && (segment.starts_with('{') || segment.starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::routes::{RESERVED_NAMES, is_page_slug};

    #[test]
    fn no_standalone_page_can_take_a_route_of_the_app() {
        let all = generate_route_list(App);
        assert!(
            all.iter()
                .any(|route| is_standalone_pages_route(route.path()))
        );
        for route in route_list() {
            let first = route
                .path()
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap();
            assert!(!is_standalone_pages_route(route.path()), "{}", route.path());
            assert!(
                first.is_empty() || RESERVED_NAMES.contains(&first),
                "{first} (of {}) must be a reserved name",
                route.path()
            );
            assert!(!is_page_slug(first));
        }
    }
}

/// How long a request may take: an upload (a file on a slow connection, then decoding) gets
/// longer than everything else.
#[derive(Clone, Copy)]
struct TimeLimits {
    request: std::time::Duration,
    upload: std::time::Duration,
}

/// Answers 408 to a request that takes longer than its limit (reading its body included).
async fn time_limit(limits: TimeLimits, request: Request, next: Next) -> Response {
    let limit = if request.uri().path() == rest::uploads::PATH {
        limits.upload
    } else {
        limits.request
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// The development server's live-reload socket, which the page must be allowed to reach.
fn live_reload_source(options: &leptos::prelude::LeptosOptions) -> Option<String> {
    (options.env == leptos::config::Env::DEV)
        .then(|| format!("ws://{}:{}", options.site_addr.ip(), options.reload_port))
}

/// Server functions (`/rpc/…`) accept form posts, which another site's page can send
/// without a CORS preflight: only the site's own pages may call them. Their bodies are held
/// to `server.max_body_bytes`, and their errors answered with their own status.
async fn server_functions_guard(
    body_limit: usize,
    limits: WriteLimits,
    request: Request,
    next: Next,
) -> Response {
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
    if let Some(seconds) = count_write(&limits, &request).await {
        return crate::server_fns::context::too_many_requests(seconds);
    }
    // Arguments are read whole anyway; reading them here answers an oversized body with 413.
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, body_limit).await else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than the {body_limit} bytes this server accepts\n"),
        )
            .into_response();
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    crate::server_fns::context::answer_errors_by_status(request, next).await
}
