//! Every 4xx from `/api` is JSON, as the contract promises. The edge's own refusals (a body
//! over the server-wide cap, a request that took too long) come from layers outside the API's
//! router, which answer in plain text; this rewrites them for `/api` on their way out.

use axum::{
    body::to_bytes,
    extract::Request,
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::error::ApiError;

/// The most of a plain-text refusal read to word the JSON one.
const REFUSAL_TEXT_BYTES: usize = 1024;

/// Answers the edge's plain-text 4xx for `/api` as `{"errors": {"request": [why]}}`.
pub async fn refusals_in_json(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let for_api = path == "/api" || path.starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !for_api || !status.is_client_error() || is_json {
        return response;
    }
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "the body is larger than this server accepts".to_owned(),
        _ => {
            let text = to_bytes(response.into_body(), REFUSAL_TEXT_BYTES)
                .await
                .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
                .unwrap_or_default();
            if text.is_empty() {
                status
                    .canonical_reason()
                    .unwrap_or("refused")
                    .to_lowercase()
            } else {
                text
            }
        }
    };
    ApiError::Refused { status, message }.into_response()
}
