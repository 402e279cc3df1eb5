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

/// The signed-in caller and the address they came from, for the changes the audit log
/// keeps.
pub async fn requester() -> Result<crate::server::accounts::Requester, AppError> {
    let subject = signed_in().await?;
    Ok(crate::server::accounts::Requester {
        id: subject.user_id,
        address: client()?.address,
    })
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
    let delivery = delivery()?;
    write_headers(|headers| delivery.deliver(tokens, headers))
}

/// Delivers a new session's tokens and answers with the account and the access token.
pub fn signed_in_answer(signed_in: DomainSignedIn) -> Result<SignedIn, AppError> {
    deliver(&signed_in.tokens)?;
    Ok(SignedIn {
        access_token: signed_in.tokens.access.token,
        user: signed_in.account.into(),
    })
}

/// A password's answer: signed in (tokens delivered), or the challenge for the second step.
pub fn sign_in_step_answer(
    step: crate::server::auth::sessions::SignInStep,
) -> Result<crate::model::SignInStep, AppError> {
    use crate::{model::SecondFactorChallenge, server::auth::sessions::SignInStep};
    Ok(match step {
        SignInStep::SignedIn(signed_in) => {
            crate::model::SignInStep::SignedIn(signed_in_answer(*signed_in)?)
        }
        SignInStep::SecondFactorRequired(challenge) => {
            crate::model::SignInStep::SecondFactorRequired {
                second_factor_required: SecondFactorChallenge {
                    challenge: challenge.token,
                    expires_in: challenge.expires_in.as_secs(),
                },
            }
        }
    })
}

/// Adds the headers `write` puts in a map to the function's response.
pub fn write_headers(write: impl FnOnce(&mut HeaderMap)) -> Result<(), AppError> {
    let mut headers = HeaderMap::new();
    write(&mut headers);
    let response = use_context::<ResponseOptions>()
        .ok_or_else(|| AppError::Server("response is not available".into()))?;
    for (name, value) in &headers {
        response.append_header(name.clone(), value.clone());
    }
    Ok(())
}

/// A call refused before it ran (the write limits): 429 with `Retry-After`, and the error in
/// the body as the browser's client reads every server function's error.
pub fn too_many_requests(seconds: u64) -> Response {
    let error = AppError::TooManyRequests {
        retry_after: seconds,
    };
    let mut response = Response::new(Body::from(
        serde_json::to_vec(&error).expect("an error serializes"),
    ));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    headers.insert(
        leptos::server_fn::error::SERVER_FN_ERROR_HEADER,
        HeaderValue::from_static("limits"),
    );
    response
}

/// Largest error body looked into.
const ERROR_BODY_MAX_BYTES: usize = 64 * 1024;

/// Every server function's error leaves with the status that says what it is (`AppError::
/// status`), in this one place: the framework answers every error 500. A `Retry-After`
/// goes with a 429, and a 401 deletes the refresh cookie (rule 3: whatever the browser holds
/// is of no use). Arguments that do not deserialize come out as `BadRequest`, a 400.
pub async fn answer_errors_by_status(request: Request, next: Next) -> Response {
    let delivery = request.extensions().get::<Delivery>().copied();
    let response = next.run(request).await;
    if !response
        .headers()
        .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ERROR_BODY_MAX_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(parts.status);
        if let AppError::TooManyRequests { retry_after } = error {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        if let (AppError::SignInRequired, Some(delivery)) = (&error, delivery) {
            delivery.forget(&mut parts.headers);
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The language of the page that called: the request's, as `http::language` chose it.
pub fn caller_language() -> crate::i18n::Locale {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<crate::i18n::Locale>().copied())
        .unwrap_or_default()
}

/// The server's sentences in the caller's language (`server::http::sentences`); which variant it is, and
/// so the client's own wording of the rest, stays as it is.
impl From<DomainError> for AppError {
    fn from(error: DomainError) -> Self {
        let in_language =
            |message: &str| crate::server::http::sentences::in_language(message, caller_language());
        match error {
            DomainError::Invalid { field, message }
            | DomainError::Unsupported { field, message }
            | DomainError::TooLarge { field, message } => {
                AppError::invalid(field, in_language(&message))
            }
            DomainError::Taken { field } => AppError::Taken {
                field: field.to_owned(),
            },
            DomainError::BadCredentials => AppError::BadCredentials,
            DomainError::BadSecondFactor => AppError::BadSecondFactor,
            DomainError::SignInChallengeEnded => AppError::SignInChallengeEnded,
            DomainError::SessionEnded => AppError::SignInRequired,
            DomainError::ReauthenticationRequired => AppError::RecentSignInRequired,
            DomainError::NotFound(_) => AppError::NotFound,
            DomainError::Forbidden(_) => AppError::Forbidden,
            DomainError::NotPermitted { reason, .. } => AppError::NotPermitted(in_language(reason)),
            DomainError::RegistrationClosed => AppError::RegistrationClosed,
            DomainError::AccountSuspended => AppError::AccountSuspended,
            DomainError::SetupLink(refusal) => AppError::SetupLink(refusal),
            DomainError::Throttled { retry_after } | DomainError::Busy { retry_after } => {
                AppError::TooManyRequests {
                    retry_after: retry_after.as_secs().max(1),
                }
            }
            DomainError::Unavailable(what) => AppError::Unavailable(in_language(what)),
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
