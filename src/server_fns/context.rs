//! The server-function door's helpers: the app state, who is calling, delivering tokens, and
//! the one mapping from domain errors to `AppError` and its HTTP status.

use axum::{
    body::Body,
    extract::Request,
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    middleware::Next,
    response::Response,
};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::model::{AppError, SignedIn};
use crate::server::{
    accounts::UserId,
    auth::{
        sessions::{ClientInfo, IssuedTokens, SignedIn as DomainSignedIn},
        tokens::TokenSubject,
    },
    error::DomainError,
    http::{
        credentials::AuthRejection,
        delivery::Delivery,
        extract::{self, SignedInUser},
    },
    state::AppState,
};

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>()
        .ok_or_else(|| AppError::Server("server state is not available".into()))
}

fn request_parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| AppError::Server("request is not available".into()))
}

/// The signed-in caller, or `SignInRequired` (rule 3).
pub async fn signed_in() -> Result<TokenSubject, AppError> {
    leptos_axum::extract::<SignedInUser>()
        .await
        .map(|user| user.subject)
        .map_err(|_| AppError::SignInRequired)
}

/// Who is asking, for reads that differ by viewer (drafts, favorites); anonymous when the
/// credentials are missing or no good.
pub fn viewer() -> Option<UserId> {
    let parts = request_parts().ok()?;
    extract::credentials(&parts)
        .subject()
        .map(|subject| subject.user_id)
}

pub fn client() -> Result<ClientInfo, AppError> {
    Ok(extract::client_info(&request_parts()?))
}

pub fn delivery() -> Result<Delivery, AppError> {
    Ok(extract::delivery(&request_parts()?))
}

pub fn request_headers() -> Result<HeaderMap, AppError> {
    Ok(request_parts()?.headers)
}

/// Puts issued tokens on the response, as `http::delivery` decides.
pub fn deliver(tokens: &IssuedTokens) -> Result<(), AppError> {
    deliver_by(delivery()?, tokens)
}

/// Puts issued tokens on the response by the given rules.
pub fn deliver_by(delivery: Delivery, tokens: &IssuedTokens) -> Result<(), AppError> {
    let mut headers = HeaderMap::new();
    delivery.deliver(tokens, &mut headers);
    append_headers(headers)
}

/// Delivers a new session's tokens and answers with the account and the access token.
pub fn signed_in_answer(signed_in: DomainSignedIn) -> Result<SignedIn, AppError> {
    deliver(&signed_in.tokens)?;
    Ok(SignedIn {
        access_token: signed_in.tokens.access.token,
        user: signed_in.account.into(),
    })
}

/// Deletes the refresh cookie in the browser.
pub fn forget_refresh_cookie() -> Result<(), AppError> {
    let mut headers = HeaderMap::new();
    delivery()?.forget(&mut headers);
    append_headers(headers)
}

fn append_headers(headers: HeaderMap) -> Result<(), AppError> {
    let response = response_options()?;
    for (name, value) in &headers {
        response.append_header(name.clone(), value.clone());
    }
    Ok(())
}

fn response_options() -> Result<ResponseOptions, AppError> {
    use_context::<ResponseOptions>()
        .ok_or_else(|| AppError::Server("response is not available".into()))
}

/// Runs a server function body and gives its error the matching HTTP status.
pub async fn respond<T>(body: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let result = body.await;
    if let Err(error) = &result
        && let Ok(response) = response_options()
    {
        if let Ok(status) = StatusCode::from_u16(error.status()) {
            response.set_status(status);
        }
        if let AppError::TooManyRequests { retry_after } = error
            && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.insert_header(header::RETRY_AFTER, value);
        }
        if matches!(error, AppError::SignInRequired) {
            // Rule 3: whatever the browser holds is useless now.
            let _ = forget_refresh_cookie();
        }
    }
    result
}

/// Largest framework error body looked into.
const FRAMEWORK_ERROR_MAX_BYTES: usize = 64 * 1024;

/// Arguments that do not deserialize fail before a server function's body runs, and the
/// framework answers them 500. They are the caller's mistake: this makes them 400.
pub async fn arguments_errors_are_bad_requests(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FRAMEWORK_ERROR_MAX_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(AppError::BadRequest(_)) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}

impl From<DomainError> for AppError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Invalid { field, message }
            | DomainError::Unsupported { field, message }
            | DomainError::TooLarge { field, message } => AppError::invalid(field, message),
            DomainError::Taken { field } => AppError::Taken {
                field: field.to_owned(),
            },
            DomainError::BadCredentials => AppError::BadCredentials,
            DomainError::SessionEnded => AppError::SignInRequired,
            DomainError::ReauthenticationRequired => AppError::RecentSignInRequired,
            DomainError::NotFound(_) => AppError::NotFound,
            DomainError::Forbidden(_) => AppError::Forbidden,
            DomainError::NotPermitted { reason, .. } => AppError::NotPermitted(reason.into()),
            DomainError::RegistrationClosed => AppError::RegistrationClosed,
            DomainError::Throttled { retry_after } | DomainError::Busy { retry_after } => {
                AppError::TooManyRequests {
                    retry_after: retry_after.as_secs().max(1),
                }
            }
            DomainError::Unavailable(what) => AppError::Unavailable(what.to_owned()),
            DomainError::Internal(error) => {
                tracing::error!(%error, "server function failed");
                AppError::Server("something went wrong on the server; please try again".into())
            }
        }
    }
}

impl From<AuthRejection> for AppError {
    fn from(_: AuthRejection) -> Self {
        AppError::SignInRequired
    }
}
