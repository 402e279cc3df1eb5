//! What server functions share on the server side: the app state, the caller's credentials,
//! handing out tokens, and turning domain errors into `AppError` with the right status.

use axum::http::{HeaderMap, StatusCode, header, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use super::{
    auth::{
        cookie,
        credentials::{Credentials, Rejection},
        sessions::{Renewal, SessionError},
        tokens::TokenSubject,
    },
    content::ContentError,
    state::AppState,
    users::{UserError, UserRecord},
};
use crate::model::{AppError, SignedIn, User};

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>()
        .ok_or_else(|| AppError::Server("server state is not available".into()))
}

fn request_parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| AppError::Server("request is not available".into()))
}

pub fn request_headers() -> Result<HeaderMap, AppError> {
    Ok(request_parts()?.headers)
}

/// The signed-in caller, or `SignInRequired` (rule 3).
pub fn signed_in() -> Result<TokenSubject, AppError> {
    let credentials = request_parts()?
        .extensions
        .get::<Credentials>()
        .cloned()
        .unwrap_or(Credentials::Anonymous);
    match credentials {
        Credentials::Valid(subject) => Ok(subject),
        Credentials::Anonymous
        | Credentials::Rejected(
            Rejection::InvalidToken | Rejection::Expired | Rejection::SessionEnded,
        ) => Err(AppError::SignInRequired),
    }
}

/// Who is asking, for reads that differ by viewer (drafts, favorites); anonymous when the
/// credentials are missing or no good.
pub fn viewer() -> Option<super::auth::UserId> {
    signed_in().ok().map(|subject| subject.user_id)
}

/// Refuses requests made from another site's pages (refresh, sign-out).
pub fn require_same_origin() -> Result<(), AppError> {
    if cookie::is_same_origin(&request_headers()?) {
        Ok(())
    } else {
        Err(AppError::CrossSite)
    }
}

/// Issues an access token for the session and puts it, with any renewed refresh cookie,
/// on the response. Returns the access token.
pub fn hand_out(state: &AppState, renewal: &Renewal) -> Result<String, AppError> {
    let access = state.auth.tokens.issue(&TokenSubject {
        user_id: renewal.user_id,
        session_id: renewal.session_id.clone(),
    });
    let mut headers = HeaderMap::new();
    super::auth::credentials::hand_out(
        &mut headers,
        &access.token,
        renewal,
        cookie::is_https(&request_headers()?),
    );
    append_headers(headers)?;
    Ok(access.token)
}

/// Opens a session for a user who just proved who they are, and hands out its tokens.
pub async fn start_session(state: &AppState, user: UserRecord) -> Result<SignedIn, AppError> {
    let renewal = state.auth.sessions.open(user.user_id()).await?;
    let access_token = hand_out(state, &renewal)?;
    Ok(SignedIn {
        user: user.into(),
        access_token,
    })
}

/// Deletes the refresh cookie in the browser.
pub fn clear_refresh_cookie() -> Result<(), AppError> {
    let mut headers = HeaderMap::new();
    for value in cookie::clear(cookie::is_https(&request_headers()?)) {
        headers.append(header::SET_COOKIE, value);
    }
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
    if let Err(error) = &result {
        if let (Ok(response), Ok(status)) =
            (response_options(), StatusCode::from_u16(error.status()))
        {
            response.set_status(status);
        }
        if matches!(error, AppError::SignInRequired) {
            // Rule 3: whatever the browser holds is useless now.
            let _ = clear_refresh_cookie();
        }
    }
    result
}

impl From<UserError> for AppError {
    fn from(error: UserError) -> Self {
        match error {
            UserError::Invalid { field, message } => AppError::invalid(field, message),
            UserError::Taken { field } => AppError::Taken {
                field: field.to_owned(),
            },
            UserError::BadCredentials => AppError::BadCredentials,
            UserError::NotFound => AppError::SignInRequired,
            UserError::RegistrationClosed => AppError::RegistrationClosed,
            UserError::Hashing(error) => internal(error),
            UserError::Database(error) => internal(error),
        }
    }
}

impl From<ContentError> for AppError {
    fn from(error: ContentError) -> Self {
        match error {
            ContentError::Invalid { field, message } => AppError::invalid(field, message),
            ContentError::Taken { field } => AppError::Taken {
                field: field.to_owned(),
            },
            ContentError::NotFound(_) => AppError::NotFound,
            ContentError::Forbidden(_) => AppError::Forbidden,
            ContentError::Database(error) => internal(error),
        }
    }
}

impl From<SessionError> for AppError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::Ended => AppError::SignInRequired,
            SessionError::Database(error) => internal(error),
        }
    }
}

/// Logs the details; the browser learns only that something failed on our side.
pub fn internal(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "server function failed");
    AppError::Server("something went wrong on the server; please try again".into())
}

impl From<UserRecord> for User {
    fn from(record: UserRecord) -> Self {
        Self {
            role: record.role(),
            username: record.username,
            email: record.email,
            bio: record.bio,
            image: record.image,
        }
    }
}
