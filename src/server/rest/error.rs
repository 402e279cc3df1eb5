//! The REST API's one error type, answered in RealWorld's shape:
//! `{"errors": {"<field or resource>": ["<message>"]}}` with the status the spec gives.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::server::{
    auth::credentials::Rejection,
    content::{ContentError, Resource},
    users::UserError,
};

#[derive(Debug)]
pub enum ApiError {
    /// 401 about the access token: missing, invalid, expired.
    Token(Rejection),
    /// 401 for the endpoints that need a user, called without a token.
    TokenMissing,
    /// 401 from the login endpoint.
    BadCredentials,
    /// 422: a field's value is not acceptable.
    Invalid { field: String, message: String },
    /// 422: the request could not be read (malformed JSON, wrong types, bad query string).
    BadRequest(String),
    /// 413: the body is larger than `api.max_body_bytes`.
    TooLarge(String),
    /// 415: a body that does not say it is JSON.
    NotJson,
    /// 409: a unique value is taken.
    Taken { field: String },
    /// 403: the resource is someone else's.
    Forbidden(Resource),
    /// 404: no such resource.
    NotFound(Resource),
    /// 403: the site takes no new sign-ups.
    RegistrationClosed,
    /// 404: no endpoint at this path.
    NoRoute,
    /// 405: the endpoint exists but not with this method.
    MethodNotAllowed,
    /// 500: logged where it happened; the client learns nothing more.
    Internal,
}

impl ApiError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    pub fn blank(field: &str) -> Self {
        Self::invalid(field, "can't be blank")
    }

    fn status_and_key(&self) -> (StatusCode, String, String) {
        use ApiError::*;
        let (status, key, message): (StatusCode, &str, String) = match self {
            Token(Rejection::InvalidToken) => {
                (StatusCode::UNAUTHORIZED, "token", "is invalid".into())
            }
            Token(Rejection::Expired) => (StatusCode::UNAUTHORIZED, "token", "has expired".into()),
            Token(Rejection::SessionEnded) => (
                StatusCode::UNAUTHORIZED,
                "token",
                "has expired and the session has ended; sign in again".into(),
            ),
            TokenMissing => (StatusCode::UNAUTHORIZED, "token", "is missing".into()),
            BadCredentials => (StatusCode::UNAUTHORIZED, "credentials", "invalid".into()),
            Invalid { field, message } => {
                (StatusCode::UNPROCESSABLE_ENTITY, field, message.clone())
            }
            BadRequest(message) => (StatusCode::UNPROCESSABLE_ENTITY, "request", message.clone()),
            TooLarge(message) => (StatusCode::PAYLOAD_TOO_LARGE, "request", message.clone()),
            NotJson => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "request",
                "must be JSON, sent with Content-Type: application/json".into(),
            ),
            Taken { field } => (StatusCode::CONFLICT, field, "has already been taken".into()),
            Forbidden(resource) => (StatusCode::FORBIDDEN, resource.as_str(), "forbidden".into()),
            NotFound(resource) => (StatusCode::NOT_FOUND, resource.as_str(), "not found".into()),
            RegistrationClosed => (StatusCode::FORBIDDEN, "registration", "is closed".into()),
            NoRoute => (StatusCode::NOT_FOUND, "route", "not found".into()),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method",
                "is not allowed on this path".into(),
            ),
            Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "server",
                "something went wrong; please try again".into(),
            ),
        };
        (status, key.to_owned(), message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, key, message) = self.status_and_key();
        (status, Json(json!({ "errors": { key: [message] } }))).into_response()
    }
}

/// Logs the details of a failure on our side.
fn internal(error: impl std::fmt::Display) -> ApiError {
    tracing::error!(%error, "API request failed");
    ApiError::Internal
}

impl From<ContentError> for ApiError {
    fn from(error: ContentError) -> Self {
        match error {
            ContentError::Invalid { field, message } => Self::invalid(field, message),
            ContentError::Taken { field } => Self::Taken {
                field: field.to_owned(),
            },
            ContentError::NotFound(resource) => Self::NotFound(resource),
            ContentError::Forbidden(resource) => Self::Forbidden(resource),
            ContentError::Database(error) => internal(error),
        }
    }
}

impl From<UserError> for ApiError {
    fn from(error: UserError) -> Self {
        match error {
            UserError::Invalid { field, message } => Self::invalid(field, message),
            UserError::Taken { field } => Self::Taken {
                field: field.to_owned(),
            },
            UserError::BadCredentials => Self::BadCredentials,
            // The token's user is gone (deleted account): the token is no good.
            UserError::NotFound => Self::Token(Rejection::InvalidToken),
            UserError::RegistrationClosed => Self::RegistrationClosed,
            UserError::Hashing(error) => internal(error),
            UserError::Database(error) => internal(error),
        }
    }
}

impl From<crate::server::auth::sessions::SessionError> for ApiError {
    fn from(error: crate::server::auth::sessions::SessionError) -> Self {
        internal(error)
    }
}
