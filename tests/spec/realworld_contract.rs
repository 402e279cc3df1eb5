//! The REST API's contract beyond its resources: JSON errors for bad bodies, oversized
//! bodies, unknown articles and routes; an OpenAPI document that matches the routes; and
//! CORS only for the origins the settings name.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn malformed_json_or_wrong_types_are_422_request() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let wrong_type = json!({"article": {"title": 5, "description": "D", "body": "B"}});
    let bad_signup =
        json!({"user": {"username": ["alice"], "email": "a@example.com", "password": PASSWORD}});
    let as_json = |text: &str| Some(("application/json", text.to_owned()));
    for reply in [
        app.api().by(&alice).post("/api/articles", wrong_type).await,
        app.api()
            .by(&alice)
            .send(Method::POST, "/api/articles", as_json(r#"{"article": {"#))
            .await,
        app.api()
            .by(&alice)
            .send(Method::PUT, "/api/user", as_json("not json at all"))
            .await,
        app.api().post("/api/users", bad_signup).await,
    ] {
        reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "request");
    }
}

#[tokio::test]
async fn fields_the_contract_does_not_name_are_ignored_and_eleven_tags_are_too_many() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    // Clients send more than the contract names (Conduit front ends send `id`, extra envelopes).
    let extra = json!({
        "article": {"title": "Extra", "description": "D", "body": "B", "id": 7, "nested": null},
        "client": {"version": "1.0"}
    });
    let reply = app.api().by(&alice).post("/api/articles", extra).await;
    reply.assert_status(StatusCode::CREATED);
    assert_eq!(reply.body["article"]["title"], "Extra");
    // More tags than a post may hold are refused as sent, repeated or not.
    let eleven = json!({"article": {"title": "Tags", "description": "D", "body": "B",
        "tagList": vec!["same"; 11]}});
    let reply = app.api().by(&alice).post("/api/articles", eleven).await;
    reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "tagList");
}

#[tokio::test]
async fn bodies_must_say_they_are_json() {
    let app = TestApp::new().await;
    // What a plain HTML form on another site would send: no preflight, so it is refused.
    let credentials = json!({"user": {"email": "a@example.com", "password": PASSWORD}});
    let reply = app
        .api()
        .send(
            Method::POST,
            "/api/users/login",
            Some(("text/plain", credentials.to_string())),
        )
        .await;
    reply.assert_status(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(reply.body["errors"]["request"][0].is_string(), "{reply:?}");
}

#[tokio::test]
async fn a_body_over_the_configured_limit_is_413_request() {
    let app = TestApp::with_settings(|s| s.api.max_body_bytes = 2048).await;
    let alice = app.user("alice").await;
    let big = json!({"article": {"title": "Big", "description": "D", "body": "x".repeat(5000)}});
    let reply = app.api().by(&alice).post("/api/articles", big).await;
    reply.assert_api_error_key(StatusCode::PAYLOAD_TOO_LARGE, "request");
    // A body under the limit still goes through.
    app.api().by(&alice).create_article("Small", &[]).await;
}

#[tokio::test]
async fn an_unknown_article_is_404_for_every_article_endpoint() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let uri = "/api/articles/no-such-article";
    let api = || app.api();
    for reply in [
        api().get(uri).await,
        api().by(&alice).get(uri).await,
        api()
            .by(&alice)
            .put(uri, json!({"article": {"title": "New"}}))
            .await,
        api().by(&alice).delete(uri).await,
        api().get(&format!("{uri}/comments")).await,
        api()
            .by(&alice)
            .post(
                &format!("{uri}/comments"),
                json!({"comment": {"body": "Hi"}}),
            )
            .await,
        api()
            .by(&alice)
            .post_empty(&format!("{uri}/favorite"))
            .await,
        api().by(&alice).delete(&format!("{uri}/favorite")).await,
    ] {
        reply.assert_api_error(StatusCode::NOT_FOUND, "article", "not found");
    }
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404() {
    let app = TestApp::new().await;
    for uri in ["/api/nope", "/api/articles/a/b/c", "/api/users/x/y"] {
        let reply = app.api().get(uri).await;
        reply.assert_api_error(StatusCode::NOT_FOUND, "route", "not found");
    }
}

/// Routed: neither 405 nor a 404 from no route (the JSON `route` error, or a page).
fn routed(reply: &Reply) -> bool {
    match reply.status {
        StatusCode::METHOD_NOT_ALLOWED => false,
        StatusCode::NOT_FOUND => reply.body["errors"]
            .as_object()
            .is_some_and(|errors| !errors.contains_key("route")),
        _ => true,
    }
}

/// The path part of a `servers` entry's url: `/api` from `/api` or `https://host/api/`.
fn server_prefix(servers: &Value) -> Option<String> {
    let url = servers.get(0)?.get("url")?.as_str()?;
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url,
    };
    Some(path.trim_end_matches('/').to_owned())
}

/// `/api/articles/{slug}` and `/api/articles/{name}` are the same route: `/api/articles/{}`.
fn template(path: &str) -> String {
    let mut out = String::new();
    let mut in_braces = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_braces = true;
                out.push_str("{}");
            }
            '}' => in_braces = false,
            _ if in_braces => {}
            _ => out.push(c),
        }
    }
    out
}

/// A path to try for a template: `1` for ids, `dummy` for anything else.
fn dummy_path(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{id}" => "1",
            s if s.starts_with('{') => "dummy",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn the_openapi_document_describes_routes_that_exist() {
    let app = TestApp::new().await;
    let reply = app.api().get("/api/openapi.json").await;
    reply.assert_status(StatusCode::OK);
    let content_type = reply.header("content-type").unwrap_or_default();
    assert!(content_type.starts_with("application/json"), "{reply:?}");
    let doc = reply.body;
    let version = doc["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with("3.1"), "OpenAPI 3.1: {version}");
    let top = server_prefix(&doc["servers"]).unwrap_or_default();
    let paths = doc["paths"].as_object().expect("paths");

    let mut served = BTreeSet::new();
    for (path, item) in paths {
        let item_prefix = server_prefix(&item["servers"]);
        for (method, operation) in item.as_object().expect("a path item") {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            if !["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&method.as_str()) {
                continue;
            }
            let prefix = server_prefix(&operation["servers"])
                .or_else(|| item_prefix.clone())
                .unwrap_or_else(|| top.clone());
            let mut candidates = vec![format!("{prefix}{path}"), path.clone()];
            if !path.starts_with("/api") {
                candidates.push(format!("/api{path}"));
            }
            let mut seen = BTreeSet::new();
            candidates.retain(|candidate| seen.insert(candidate.clone()));
            let mut hit = None;
            let mut tried = Vec::new();
            for candidate in candidates {
                let body = matches!(method, Method::POST | Method::PUT)
                    .then(|| ("application/json", "{}".to_owned()));
                let uri = dummy_path(&candidate);
                let reply = app.api().send(method.clone(), &uri, body).await;
                if routed(&reply) {
                    hit = Some(candidate);
                    break;
                }
                tried.push((candidate, reply.status));
            }
            let hit = hit.unwrap_or_else(|| panic!("{method} {path} is not routed: {tried:?}"));
            served.insert(format!("{method} {}", template(&hit)));
        }
    }

    let expected = [
        "POST /api/users/login",
        "POST /api/users",
        "GET /api/user",
        "PUT /api/user",
        "GET /api/profiles/{}",
        "POST /api/profiles/{}/follow",
        "DELETE /api/profiles/{}/follow",
        "GET /api/articles/feed",
        "GET /api/articles",
        "POST /api/articles",
        "GET /api/articles/{}",
        "PUT /api/articles/{}",
        "DELETE /api/articles/{}",
        "GET /api/articles/{}/comments",
        "POST /api/articles/{}/comments",
        "DELETE /api/articles/{}/comments/{}",
        "POST /api/articles/{}/favorite",
        "DELETE /api/articles/{}/favorite",
        "GET /api/tags",
        "GET /api/search",
        "POST /auth",
        "POST /auth/refresh",
        "POST /auth/logout",
        "GET /protected",
    ];
    let missing: Vec<&str> = expected
        .into_iter()
        .filter(|operation| !served.contains(*operation))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the document: {missing:?}; it has {served:?}"
    );
}

/// What a page on `origin` sends: a preflight for a POST, or a plain GET.
async fn from_origin(app: &TestApp, origin: &str, preflight: bool) -> Reply {
    let client = app.api().header("origin", origin);
    if !preflight {
        return client.get("/api/articles").await;
    }
    client
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .send(Method::OPTIONS, "/api/articles", None)
        .await
}

#[tokio::test]
async fn no_origin_may_call_the_api_from_a_browser_by_default() {
    let app = TestApp::new().await;
    let preflight = from_origin(&app, "https://app.example", true).await;
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        None,
        "{preflight:?}"
    );
    let get = from_origin(&app, "https://app.example", false).await;
    get.assert_status(StatusCode::OK);
    assert_eq!(get.header("access-control-allow-origin"), None, "{get:?}");
}

#[tokio::test]
async fn a_configured_origin_may_call_the_api_and_read_the_renewed_token() {
    let app = TestApp::with_settings(|s| {
        s.api.cors_allowed_origins = vec!["https://app.example".into()];
    })
    .await;
    let reply = from_origin(&app, "https://app.example", true).await;
    assert!(reply.status.is_success(), "{reply:?}");
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let allowed = |name: &str| reply.header(name).unwrap_or_default().to_ascii_lowercase();
    let methods = allowed("access-control-allow-methods");
    assert!(methods.contains("post") || methods == "*", "{reply:?}");
    let headers = allowed("access-control-allow-headers");
    assert!(
        headers.contains("authorization") || headers == "*",
        "{reply:?}"
    );

    let reply = from_origin(&app, "https://app.example", false).await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap_or_default();
    assert!(
        exposed.to_ascii_lowercase().contains("x-access-token"),
        "{reply:?}"
    );
}

#[tokio::test]
async fn an_origin_not_in_the_list_gets_no_cors_permission() {
    let app = TestApp::with_settings(|s| {
        s.api.cors_allowed_origins = vec!["https://app.example".into()];
    })
    .await;
    for preflight in [true, false] {
        let reply = from_origin(&app, "https://evil.example", preflight).await;
        assert_eq!(
            reply.header("access-control-allow-origin"),
            None,
            "{reply:?}"
        );
    }
}
