//! Security headers on every response, and a Content-Security-Policy under which the
//! hydrated app runs and an injected script does not.
//!
//! Pages carry a few inline scripts, all of them the server's own and the same on every page
//! of a build: the theme boot script, the island loader, and the two lines Leptos writes for
//! its resources. The policy allows exactly those, by their SHA-256, and no other: an inline
//! script that reached a page some other way (an injection) is never allowed, and pages stay
//! cacheable (no nonce per response). JSON-LD blocks are data, not scripts; they need no hash.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use sha2::{Digest, Sha256};

/// The two scripts Leptos writes into every server-rendered page for its resources. The
/// security headers test checks that every inline script of every page is allowed, so a
/// Leptos that writes others is noticed.
pub const LEPTOS_SCRIPTS: [&str; 2] = [
    "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];",
    "__INCOMPLETE_CHUNKS=[];",
];

/// The headers, decided once from the settings and the build.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    inner: Arc<Fixed>,
}

#[derive(Debug)]
struct Fixed {
    policy: Option<HeaderValue>,
    /// `Strict-Transport-Security`, when the site is served over HTTPS.
    hsts: Option<HeaderValue>,
}

impl SecurityHeaders {
    /// Headers whose policy allows the inline `scripts` the server writes, and connections to
    /// `live_reload` (the development server's socket), if any.
    pub fn new(https: bool, live_reload: Option<String>, scripts: &[&str]) -> Self {
        let hashes: String = scripts
            .iter()
            .filter(|script| !script.is_empty())
            .map(|script| format!(" 'sha256-{}'", script_hash(script)))
            .collect();
        let connect = live_reload
            .map(|source| format!(" {source}"))
            .unwrap_or_default();
        let policy = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
             style-src 'self'; img-src 'self' https: http: data:; font-src 'self'; \
             connect-src 'self'{connect}; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        );
        Self {
            inner: Arc::new(Fixed {
                policy: HeaderValue::from_str(&policy).ok(),
                hsts: https
                    .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
            }),
        }
    }

    fn apply(&self, headers: &mut HeaderMap) {
        if let Some(policy) = &self.inner.policy {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy.clone());
        }
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        if let Some(hsts) = &self.inner.hsts {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
        }
    }
}

/// The middleware: the same headers on every response, whatever its body.
pub async fn add_security_headers(
    State(headers): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    headers.apply(response.headers_mut());
    response
}

/// Base64 SHA-256 of a script's text, as CSP hashes it.
pub fn script_hash(script: &str) -> String {
    STANDARD.encode(Sha256::digest(script.as_bytes()))
}

#[cfg(test)]
mod tests {
    use axum::{Router, body::Body, middleware, routing::get};
    use tower::ServiceExt;

    use super::*;

    #[tokio::test]
    async fn only_the_servers_own_scripts_are_allowed_whatever_a_page_holds() {
        let headers = SecurityHeaders::new(false, None, &["boot()"]);
        let page = "<script>boot()</script><p>hi</p><script>steal(document.cookie)</script>";
        let app = Router::new()
            .route("/", get(move || async move { axum::response::Html(page) }))
            .layer(middleware::from_fn_with_state(
                headers,
                add_security_headers,
            ));
        let response = app
            .oneshot(Request::get("/").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(policy.contains(&script_hash("boot()")), "{policy}");
        assert!(
            !policy.contains(&script_hash("steal(document.cookie)")),
            "{policy}"
        );
    }
}
