//! The REST API's one error type, answered in RealWorld's shape:
//! `{"errors": {"<field or resource>": ["<message>"]}}` with the status the spec gives.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::server::{
    error::{DomainError, Resource, SetupLinkRefusal},
    http::{credentials::AuthRejection, sentences::in_language},
};

#[derive(Debug)]
pub enum ApiError {
    /// 401 about the access token: missing, invalid, expired.
    Token(AuthRejection),
    /// 401 from the login endpoint.
    BadCredentials,
    /// 401 from the second step of a sign-in: a wrong or used code.
    BadSecondFactor,
    /// 401 from the second step of a sign-in: its challenge expired or was used.
    ChallengeEnded,
    /// 422: a field's value is not acceptable.
    Invalid { field: String, message: String },
    /// 422: the request could not be read (malformed JSON, wrong types, bad query string).
    BadRequest(String),
    /// 413: the body is larger than `api.max_body_bytes`.
    TooLarge(String),
    /// A refusal the HTTP edge made before the API's router (408, 413 over the server-wide
    /// cap), worded as the API words its own.
    Refused { status: StatusCode, message: String },
    /// 413: an uploaded file is larger than `media.max_upload_bytes`.
    FileTooLarge { field: String, message: String },
    /// 415: a body that does not say it is JSON.
    NotJson,
    /// 415: an uploaded file of a kind the site does not take.
    Unsupported { field: String, message: String },
    /// 409: a unique value is taken.
    Taken { field: String },
    /// 403: the resource is someone else's.
    Forbidden(Resource),
    /// 403: the account's role does not allow the action.
    NotPermitted {
        resource: Resource,
        reason: &'static str,
    },
    /// 404: no such resource.
    NotFound(Resource),
    /// 403: the site takes no new sign-ups.
    RegistrationClosed,
    /// 403: the right password, for a suspended account.
    AccountSuspended,
    /// 410: a setup link that makes no owner.
    SetupLink(SetupLinkRefusal),
    /// 404: no endpoint at this path.
    NoRoute,
    /// 405: the endpoint exists but not with this method.
    MethodNotAllowed,
    /// 403: a new password or email needs a recent sign-in.
    RecentSignInRequired,
    /// 429: too many attempts, or every hashing slot is busy.
    TooManyRequests { retry_after: u64 },
    /// 503: a store the request needs does not answer.
    Unavailable(&'static str),
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

    /// The same refusal with what it says about a value in `locale` (`http::sentences`), for
    /// the endpoints outside RealWorld's contract that answer in the client's language.
    pub fn in_language(self, locale: crate::i18n::Locale) -> Self {
        let say = |message: String| in_language(&message, locale);
        match self {
            Self::Invalid { field, message } => Self::Invalid {
                field,
                message: say(message),
            },
            Self::FileTooLarge { field, message } => Self::FileTooLarge {
                field,
                message: say(message),
            },
            Self::Unsupported { field, message } => Self::Unsupported {
                field,
                message: say(message),
            },
            other => other,
        }
    }

    fn status_and_key(&self) -> (StatusCode, String, String) {
        use ApiError::*;
        let (status, key, message): (StatusCode, &str, String) = match self {
            Token(AuthRejection::Invalid) => {
                (StatusCode::UNAUTHORIZED, "token", "is invalid".into())
            }
            Token(AuthRejection::Expired) => {
                (StatusCode::UNAUTHORIZED, "token", "has expired".into())
            }
            Token(AuthRejection::SessionEnded) => (
                StatusCode::UNAUTHORIZED,
                "token",
                "has expired and the session has ended; sign in again".into(),
            ),
            Token(AuthRejection::Missing) => {
                (StatusCode::UNAUTHORIZED, "token", "is missing".into())
            }
            BadCredentials => (StatusCode::UNAUTHORIZED, "credentials", "invalid".into()),
            BadSecondFactor => (
                StatusCode::UNAUTHORIZED,
                "code",
                "is wrong or was used already".into(),
            ),
            ChallengeEnded => (
                StatusCode::UNAUTHORIZED,
                "challenge",
                "has expired or was used; sign in with your password again".into(),
            ),
            Invalid { field, message } => {
                (StatusCode::UNPROCESSABLE_ENTITY, field, message.clone())
            }
            BadRequest(message) => (StatusCode::UNPROCESSABLE_ENTITY, "request", message.clone()),
            TooLarge(message) => (StatusCode::PAYLOAD_TOO_LARGE, "request", message.clone()),
            Refused { status, message } => (*status, "request", message.clone()),
            FileTooLarge { field, message } => {
                (StatusCode::PAYLOAD_TOO_LARGE, field, message.clone())
            }
            Unsupported { field, message } => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, field, message.clone())
            }
            NotJson => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "request",
                "must be JSON, sent with Content-Type: application/json".into(),
            ),
            Taken { field } => (StatusCode::CONFLICT, field, "has already been taken".into()),
            Forbidden(resource) => (StatusCode::FORBIDDEN, resource.as_str(), "forbidden".into()),
            NotPermitted { resource, reason } => {
                (StatusCode::FORBIDDEN, resource.as_str(), (*reason).into())
            }
            NotFound(resource) => (StatusCode::NOT_FOUND, resource.as_str(), "not found".into()),
            RegistrationClosed => (StatusCode::FORBIDDEN, "registration", "is closed".into()),
            AccountSuspended => (
                StatusCode::FORBIDDEN,
                "account",
                "is suspended; ask the site's admins".into(),
            ),
            SetupLink(refusal) => (StatusCode::GONE, "setup", refusal.to_string()),
            NoRoute => (StatusCode::NOT_FOUND, "route", "not found".into()),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method",
                "is not allowed on this path".into(),
            ),
            RecentSignInRequired => (
                StatusCode::FORBIDDEN,
                "credentials",
                "must be renewed: sign in again (or send currentPassword) to change the \
                 email or password"
                    .into(),
            ),
            TooManyRequests { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                "request",
                format!("too many attempts; try again in {retry_after} seconds"),
            ),
            Unavailable(what) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "server",
                format!("{what} is unavailable; try again shortly"),
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
        let retry_after = match &self {
            Self::TooManyRequests { retry_after } => Some(*retry_after),
            _ => None,
        };
        let (status, key, message) = self.status_and_key();
        let mut response = (status, Json(json!({ "errors": { key: [message] } }))).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The RealWorld contract's name for a domain field.
fn contract_field(field: &str) -> &str {
    match field {
        "tags" => "tagList",
        "current_password" => "currentPassword",
        "query" => "q",
        "new_password" => "password",
        "publish_at" => "publishAt",
        other => other,
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Invalid { field, message } => {
                Self::invalid(contract_field(field), message)
            }
            DomainError::Unsupported { field, message } => Self::Unsupported {
                field: contract_field(field).to_owned(),
                message,
            },
            DomainError::TooLarge { field, message } => Self::FileTooLarge {
                field: contract_field(field).to_owned(),
                message,
            },
            DomainError::Taken { field } => Self::Taken {
                field: contract_field(field).to_owned(),
            },
            DomainError::BadCredentials => Self::BadCredentials,
            DomainError::BadSecondFactor => Self::BadSecondFactor,
            DomainError::SignInChallengeEnded => Self::ChallengeEnded,
            // The token's session or user is gone: the token is no good.
            DomainError::SessionEnded => Self::Token(AuthRejection::SessionEnded),
            DomainError::ReauthenticationRequired => Self::RecentSignInRequired,
            DomainError::NotFound(resource) => Self::NotFound(resource),
            DomainError::Forbidden(resource) => Self::Forbidden(resource),
            DomainError::NotPermitted { resource, reason } => {
                Self::NotPermitted { resource, reason }
            }
            DomainError::RegistrationClosed => Self::RegistrationClosed,
            DomainError::AccountSuspended => Self::AccountSuspended,
            DomainError::SetupLink(refusal) => Self::SetupLink(refusal),
            DomainError::Throttled { retry_after } | DomainError::Busy { retry_after } => {
                Self::TooManyRequests {
                    retry_after: retry_after.as_secs().max(1),
                }
            }
            DomainError::Unavailable(what) => Self::Unavailable(what),
            DomainError::Internal(error) => {
                tracing::error!(%error, "API request failed");
                Self::Internal
            }
        }
    }
}

impl From<AuthRejection> for ApiError {
    fn from(rejection: AuthRejection) -> Self {
        Self::Token(rejection)
    }
}
