//! `POST /auth`, `POST /auth/refresh`, `POST /auth/logout` and `GET /protected`: the seed's
//! Flask-JWT quick start, so its httpie session runs unchanged against the blog. Errors keep
//! Flask-JWT's shape: `{"description", "error", "status_code"}`.

use axum::{
    Extension, Json, Router,
    extract::{State, rejection::JsonRejection},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    auth::{
        cookie,
        credentials::{Credentials, Rejection, hand_out, offered_refresh_token},
        sessions::{RefreshToken, Renewal, SessionError},
        tokens::TokenSubject,
    },
    settings::RefreshPolicy,
    state::AppState,
    users::{self, UserError},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth", post(sign_in))
        .route("/auth/refresh", post(refresh))
        .route("/auth/logout", post(sign_out))
        .route("/protected", get(protected))
}

/// An error in Flask-JWT's shape.
#[derive(Debug)]
pub struct FlaskError {
    status: StatusCode,
    error: &'static str,
    description: String,
    challenge: bool,
}

impl FlaskError {
    fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
            challenge: false,
        }
    }

    fn unauthorized(error: &'static str, description: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, error, description)
    }

    fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "token endpoint failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            "The server could not complete the request",
        )
    }
}

impl IntoResponse for FlaskError {
    fn into_response(self) -> Response {
        let body = json!({
            "description": self.description,
            "error": self.error,
            "status_code": self.status.as_u16(),
        });
        let mut response = (self.status, Json(body)).into_response();
        if self.challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(r#"JWT realm="Login Required""#),
            );
        }
        response
    }
}

#[derive(Deserialize)]
struct SignInRequest {
    username: Option<String>,
    password: Option<String>,
}

#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    /// The refresh token to use next: the new one under `rotate`, the same one under `fixed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    /// Seconds until the access token expires.
    expires_in: u64,
}

async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<SignInRequest>, JsonRejection>,
) -> Result<Response, FlaskError> {
    let Json(request) = body.map_err(|rejection| {
        FlaskError::new(
            StatusCode::BAD_REQUEST,
            "Bad Request",
            rejection.body_text(),
        )
    })?;
    let (Some(username), Some(password)) = (request.username, request.password) else {
        return Err(FlaskError::unauthorized(
            "Bad Request",
            "Invalid credentials",
        ));
    };
    let user = match users::authenticate(&state.db, &username, &password).await {
        Ok(user) => user,
        Err(UserError::BadCredentials) => {
            return Err(FlaskError::unauthorized(
                "Bad Request",
                "Invalid credentials",
            ));
        }
        Err(other) => return Err(FlaskError::internal(other)),
    };
    let renewal = state
        .auth
        .sessions
        .open(user.user_id())
        .await
        .map_err(FlaskError::internal)?;
    Ok(token_response(&state, &headers, renewal, None))
}

#[derive(Deserialize, Default)]
struct RefreshRequest {
    refresh_token: Option<String>,
}

/// The refresh token from the JSON body, else the cookie or `X-Refresh-Token`.
fn presented_refresh_token(
    headers: &HeaderMap,
    body: Option<Json<RefreshRequest>>,
) -> Result<RefreshToken, FlaskError> {
    if !cookie::is_same_origin(headers) {
        return Err(FlaskError::new(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "Cross-site requests cannot use the session",
        ));
    }
    body.and_then(|Json(body)| body.refresh_token)
        .map(RefreshToken)
        .or_else(|| offered_refresh_token(headers))
        .ok_or_else(|| {
            FlaskError::unauthorized(
                "Authorization Required",
                "Request does not contain a refresh token",
            )
        })
}

async fn refresh(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Option<Json<RefreshRequest>>,
) -> Result<Response, FlaskError> {
    let presented = presented_refresh_token(&headers, body)?;
    match state.auth.sessions.refresh(&presented).await {
        Ok(renewal) => Ok(token_response(&state, &headers, renewal, Some(presented))),
        Err(SessionError::Ended) => Err(FlaskError::unauthorized(
            "Invalid token",
            "The session has ended; sign in again",
        )),
        Err(SessionError::Database(error)) => Err(FlaskError::internal(error)),
    }
}

async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Option<Json<RefreshRequest>>,
) -> Result<Response, FlaskError> {
    let presented = presented_refresh_token(&headers, body)?;
    if let Some(session) = state
        .auth
        .sessions
        .session_of(&presented)
        .await
        .map_err(FlaskError::internal)?
    {
        state
            .auth
            .sessions
            .revoke(&session)
            .await
            .map_err(FlaskError::internal)?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    for value in cookie::clear(cookie::is_https(&headers)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

async fn protected(Extension(credentials): Extension<Credentials>) -> Result<Response, FlaskError> {
    match credentials {
        Credentials::Valid(subject) => Ok((
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            format!("User(id=\"{}\")", subject.user_id.0),
        )
            .into_response()),
        Credentials::Anonymous => Err(FlaskError {
            challenge: true,
            ..FlaskError::unauthorized(
                "Authorization Required",
                "Request does not contain an access token",
            )
        }),
        Credentials::Rejected(Rejection::InvalidToken) => Err(FlaskError::unauthorized(
            "Invalid token",
            "Signature verification failed",
        )),
        Credentials::Rejected(Rejection::Expired) => Err(FlaskError::unauthorized(
            "Invalid token",
            "Signature has expired",
        )),
        Credentials::Rejected(Rejection::SessionEnded) => Err(FlaskError::unauthorized(
            "Invalid token",
            "Signature has expired and the session has ended; sign in again",
        )),
    }
}

fn token_response(
    state: &AppState,
    headers: &HeaderMap,
    renewal: Renewal,
    presented: Option<RefreshToken>,
) -> Response {
    let access = state.auth.tokens.issue(&TokenSubject {
        user_id: renewal.user_id,
        session_id: renewal.session_id.clone(),
    });
    // A renewed token, or under `fixed` the one presented. A refresh served in the grace
    // window after another one rotated returns none: the caller already has the newer token.
    let refresh_token = renewal
        .refresh_token
        .clone()
        .or(presented.filter(|_| state.settings.auth.refresh_policy == RefreshPolicy::Fixed))
        .map(|token| token.0);
    let body = TokenResponse {
        access_token: access.token.clone(),
        refresh_token,
        expires_in: access.expires_in.as_secs(),
    };
    let mut response = Json(body).into_response();
    hand_out(
        response.headers_mut(),
        &access.token,
        &renewal,
        cookie::is_https(headers),
    );
    response
}
