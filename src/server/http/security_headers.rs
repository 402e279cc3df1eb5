//! Security headers on every response, and a Content-Security-Policy under which the
//! hydrated app runs and an injected script does not.
//!
//! Pages carry a few inline scripts (the theme boot script, the hydration loader, the data
//! the server resolved for hydration). Rather than a fresh nonce per response, which would
//! make every page uncacheable, the policy lists the SHA-256 of each inline script the page
//! actually holds: computed from the finished HTML, so a cached page keeps a policy that fits.

use std::sync::Arc;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use sha2::{Digest, Sha256};

/// Pages larger than this are sent with the policy that allows no inline script at all.
const MAX_HASHED_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// The fixed parts of the headers, decided once from the settings.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    inner: Arc<Fixed>,
}

#[derive(Debug)]
struct Fixed {
    /// `Strict-Transport-Security`, when the site is served over HTTPS.
    hsts: Option<HeaderValue>,
    /// Extra `connect-src` sources (the development server's live-reload socket).
    connect_extra: String,
}

impl SecurityHeaders {
    pub fn new(https: bool, live_reload: Option<String>) -> Self {
        Self {
            inner: Arc::new(Fixed {
                hsts: https
                    .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
                connect_extra: live_reload
                    .map(|source| format!(" {source}"))
                    .unwrap_or_default(),
            }),
        }
    }

    /// The policy for a page whose inline scripts have these hashes.
    fn policy(&self, script_hashes: &[String]) -> String {
        let scripts: String = script_hashes
            .iter()
            .map(|hash| format!(" 'sha256-{hash}'"))
            .collect();
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; \
             style-src 'self'; img-src 'self' https: http: data:; font-src 'self'; \
             connect-src 'self'{connect}; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'",
            connect = self.inner.connect_extra,
        )
    }

    fn apply(&self, headers: &mut HeaderMap, script_hashes: &[String]) {
        if let Ok(policy) = HeaderValue::from_str(&self.policy(script_hashes)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
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

/// The middleware: HTML is read whole to hash its inline scripts; anything else passes
/// through untouched but for the headers.
pub async fn add_security_headers(
    State(headers): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if !is_html(response.headers()) {
        let mut response = response;
        headers.apply(response.headers_mut(), &[]);
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_HASHED_PAGE_BYTES).await else {
        tracing::error!("a page too large to hash its scripts was not sent");
        headers.apply(&mut parts.headers, &[]);
        return Response::from_parts(parts, Body::empty());
    };
    let hashes = inline_script_hashes(&String::from_utf8_lossy(&bytes));
    headers.apply(&mut parts.headers, &hashes);
    Response::from_parts(parts, Body::from(bytes))
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"))
}

/// Base64 SHA-256 of the text of every `<script>` without a `src`, as CSP hashes them.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start + "<script".len()..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let attributes = &rest[..open_end];
        rest = &rest[open_end + 1..];
        let Some(close) = rest.find("</script>") else {
            break;
        };
        let text = &rest[..close];
        rest = &rest[close + "</script>".len()..];
        if !attributes.contains("src=") && !text.is_empty() {
            let hash = STANDARD.encode(Sha256::digest(text.as_bytes()));
            if !hashes.contains(&hash) {
                hashes.push(hash);
            }
        }
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed_each_once() {
        let html = r#"<script>a()</script><script src="/pkg/x.js"></script>
            <script type="module">a()</script><script>b()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        assert_eq!(hashes[0], STANDARD.encode(Sha256::digest(b"a()")));
    }
}
