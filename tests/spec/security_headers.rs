//! The headers every response carries: a Content-Security-Policy that allows exactly the
//! inline scripts the server writes (by hash, the same on every page), no framing, no
//! sniffing, a referrer policy, and HSTS when the site is served over HTTPS.

use axum::http::StatusCode;
use base64::{Engine, engine::general_purpose::STANDARD};
use sha2::{Digest, Sha256};

use crate::common::*;

/// The inline scripts a browser would run: not the data blocks (JSON-LD).
fn inline_scripts(html: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    let scripts =
        scraper::Selector::parse("script:not([src]):not([type='application/ld+json'])").unwrap();
    page.select(&scripts)
        .map(|script| script.text().collect::<String>())
        .filter(|text| !text.is_empty())
        .collect()
}

#[tokio::test]
async fn a_page_allows_its_own_inline_scripts_by_hash_and_nothing_else() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    app.publish(&alice, "Hello", "Body", &["rust"]).await;
    for path in [
        "/",
        "/post/hello",
        "/tag/rust",
        "/profile/alice",
        "/no/such/page",
        "/editor",
        "/signin",
        "/drafts",
        "/settings",
        "/search?q=hello",
    ] {
        let reply = app.get(path).await;
        let policy = reply
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no policy"));
        for directive in [
            "default-src 'self'",
            "'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(
                policy.contains(directive),
                "{path}: {directive} in {policy}"
            );
        }
        assert!(!policy.contains("'unsafe-inline'"), "{policy}");
        let scripts = inline_scripts(reply.text());
        assert!(!scripts.is_empty(), "{path}: the page has its boot scripts");
        for script in scripts {
            let hash = STANDARD.encode(Sha256::digest(script.as_bytes()));
            assert!(
                policy.contains(&format!("'sha256-{hash}'")),
                "{path}: {script}"
            );
        }
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(
            reply.header("referrer-policy"),
            Some("strict-origin-when-cross-origin")
        );
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        assert_eq!(
            reply.header("strict-transport-security"),
            None,
            "plain HTTP"
        );
    }
}

#[tokio::test]
async fn json_and_files_carry_the_headers_too_and_https_adds_hsts() {
    let app = TestApp::with_settings(|settings| {
        settings.server.public_url = "https://blog.example".into()
    })
    .await;
    app.write_site_file("favicon.svg", b"<svg/>");
    for path in ["/api/articles", "/favicon.svg", "/healthz", "/"] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(reply.header("content-security-policy").is_some(), "{path}");
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert!(
            reply
                .header("strict-transport-security")
                .is_some_and(|hsts| hsts.contains("max-age=31536000")),
            "{path}"
        );
    }
}
