//! `POST /auth`, `POST /auth/refresh`, `POST /auth/logout` and `GET /protected`: the seed's
//! Flask-JWT quick start, so its httpie session runs unchanged against the blog. Errors keep
//! Flask-JWT's shape: `{"description", "error", "status_code"}`. Each handler calls the
//! session service once; tokens are delivered by `http::delivery`.

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, State, rejection::JsonRejection},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::server::{
    auth::{
        second_factor::Challenge,
        sessions::{ClientInfo, IssuedTokens, RefreshToken, Sessions, SignInStep},
        tokens::TokenSubject,
    },
    error::DomainError,
    http::{
        credentials::AuthRejection,
        delivery::{Delivery, OfferedRefreshToken},
        extract::{SignedInUser, credentials},
        origin::refuse_cross_site,
        renewal::{self, Renewal},
    },
    state::AppState,
};

/// The seed's endpoints; bodies over `body_limit` bytes get 413.
pub fn router(body_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/auth", post(sign_in))
        .route("/auth/refresh", post(refresh))
        .route("/auth/logout", post(sign_out))
        .route_layer(middleware::from_fn(refuse_cross_site))
        .route("/protected", get(protected))
        .layer(DefaultBodyLimit::max(body_limit))
}

/// An error in Flask-JWT's shape.
#[derive(Debug)]
pub struct FlaskError {
    status: StatusCode,
    error: &'static str,
    description: String,
    challenge: bool,
    retry_after: Option<u64>,
}

impl FlaskError {
    fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
            challenge: false,
            retry_after: None,
        }
    }

    fn unauthorized(error: &'static str, description: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, error, description)
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
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<DomainError> for FlaskError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::BadCredentials => Self::unauthorized("Bad Request", "Invalid credentials"),
            DomainError::BadSecondFactor => {
                Self::unauthorized("Bad Request", "Invalid code, or a code used already")
            }
            DomainError::SignInChallengeEnded => Self::unauthorized(
                "Bad Request",
                "The sign-in has expired or was completed; send the username and password again",
            ),
            DomainError::AccountSuspended => Self::new(
                StatusCode::FORBIDDEN,
                "Forbidden",
                "This account is suspended; ask the site's admins",
            ),
            DomainError::SessionEnded => {
                Self::unauthorized("Invalid token", "The session has ended; sign in again")
            }
            DomainError::Throttled { retry_after } | DomainError::Busy { retry_after } => {
                let seconds = retry_after.as_secs().max(1);
                Self {
                    retry_after: Some(seconds),
                    ..Self::new(
                        StatusCode::TOO_MANY_REQUESTS,
                        "Too Many Requests",
                        format!("Too many attempts; try again in {seconds} seconds"),
                    )
                }
            }
            DomainError::Unavailable(what) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "Service Unavailable",
                format!("{} is unavailable; try again shortly", sentence_start(what)),
            ),
            DomainError::Internal(error) => {
                tracing::error!(%error, "token endpoint failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal Server Error",
                    "The server could not complete the request",
                )
            }
            other => Self::new(StatusCode::BAD_REQUEST, "Bad Request", other.to_string()),
        }
    }
}

impl From<AuthRejection> for FlaskError {
    fn from(rejection: AuthRejection) -> Self {
        match rejection {
            AuthRejection::Missing => Self {
                challenge: true,
                ..Self::unauthorized(
                    "Authorization Required",
                    "Request does not contain an access token",
                )
            },
            AuthRejection::Invalid => {
                Self::unauthorized("Invalid token", "Signature verification failed")
            }
            AuthRejection::Expired => Self::unauthorized("Invalid token", "Signature has expired"),
            AuthRejection::SessionEnded => Self::unauthorized(
                "Invalid token",
                "Signature has expired and the session has ended; sign in again",
            ),
        }
    }
}

/// `username` and `password`, as Flask-JWT reads them; or, for an account with a second
/// factor, the `challenge` the first answer gave and a `code`.
#[derive(Deserialize)]
struct SignInRequest {
    username: Option<String>,
    password: Option<String>,
    challenge: Option<String>,
    code: Option<String>,
}

#[derive(Serialize)]
struct TokenResponse<'a> {
    access_token: &'a str,
    /// The refresh token to use next, for callers that are not browsers.
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<&'a str>,
    /// Seconds until the access token expires.
    expires_in: u64,
}

async fn sign_in(
    State(sessions): State<Sessions>,
    delivery: Delivery,
    client: ClientInfo,
    body: Result<Json<SignInRequest>, JsonRejection>,
) -> Result<Response, FlaskError> {
    let Json(request) = body.map_err(json_refused)?;
    if let (Some(challenge), Some(code)) = (&request.challenge, &request.code) {
        let signed_in = sessions.complete_sign_in(challenge, code, &client).await?;
        return Ok(token_response(&signed_in.tokens, delivery));
    }
    let (Some(username), Some(password)) = (request.username, request.password) else {
        return Err(DomainError::BadCredentials.into());
    };
    match sessions.sign_in(&username, &password, &client).await? {
        SignInStep::SignedIn(signed_in) => Ok(token_response(&signed_in.tokens, delivery)),
        SignInStep::SecondFactorRequired(challenge) => Ok(second_factor_required(&challenge)),
    }
}

/// 401 in Flask-JWT's shape, with no token of any kind: the password was right, and the
/// account's second factor is awaited (`POST /auth` again with `challenge` and `code`).
fn second_factor_required(challenge: &Challenge) -> Response {
    let body = json!({
        "description": "This account has a second factor: POST /auth again with the challenge \
                        and a code from the authenticator app (or a recovery code)",
        "error": "Second Factor Required",
        "status_code": 401,
        "second_factor_required": {
            "challenge": challenge.token,
            "methods": ["totp", "recovery_code"],
            "expires_in": challenge.expires_in.as_secs(),
        },
    });
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}

#[derive(Default)]
struct RefreshRequest {
    refresh_token: Option<String>,
}

/// The optional JSON body of `/auth/refresh` and `/auth/logout`: none when the request sends
/// no JSON (the token is then in the cookie or a header), a 400 in Flask-JWT's shape when it
/// sends JSON that cannot be read.
struct RefreshBody(Option<RefreshRequest>);

impl<S: Send + Sync> axum::extract::FromRequest<S> for RefreshBody {
    type Rejection = FlaskError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, FlaskError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.trim_start().starts_with("application/json"));
        if !is_json {
            return Ok(Self(None));
        }
        let Json(body) = Json::<serde_json::Value>::from_request(request, state)
            .await
            .map_err(json_refused)?;
        let unreadable = |description: &str| {
            FlaskError::new(StatusCode::BAD_REQUEST, "Bad Request", description)
        };
        let serde_json::Value::Object(body) = body else {
            return Err(unreadable("the body must be a JSON object"));
        };
        let refresh_token = match body.get("refresh_token") {
            None => None,
            Some(serde_json::Value::String(token)) => Some(token.clone()),
            Some(_) => return Err(unreadable("refresh_token must be a string")),
        };
        Ok(Self(Some(RefreshRequest { refresh_token })))
    }
}

/// A JSON body that could not be read, in Flask-JWT's shape.
fn json_refused(rejection: JsonRejection) -> FlaskError {
    let status = match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::BAD_REQUEST,
    };
    let error = status.canonical_reason().unwrap_or("Bad Request");
    FlaskError::new(status, error, rejection.body_text())
}

/// The refresh token from the JSON body, else the cookie or `X-Refresh-Token`.
fn presented_refresh_token(
    delivery: &Delivery,
    headers: &HeaderMap,
    body: RefreshBody,
) -> Option<OfferedRefreshToken> {
    body.0
        .and_then(|body| body.refresh_token)
        .map(|token| OfferedRefreshToken {
            token: RefreshToken(token),
            from_cookie: false,
        })
        .or_else(|| delivery.offered(headers))
}

fn no_refresh_token() -> FlaskError {
    FlaskError::unauthorized(
        "Authorization Required",
        "Request does not contain a refresh token",
    )
}

async fn refresh(
    State(sessions): State<Sessions>,
    delivery: Delivery,
    headers: HeaderMap,
    body: RefreshBody,
) -> Result<Response, FlaskError> {
    let offered =
        presented_refresh_token(&delivery, &headers, body).ok_or_else(no_refresh_token)?;
    let renewal = renewal::renew(&sessions, delivery, &offered, None).await?;
    let mut response = match &renewal {
        Renewal::Renewed { tokens, delivery } => token_body(tokens, *delivery),
        Renewal::SessionEnded { .. } => FlaskError::from(DomainError::SessionEnded).into_response(),
    };
    renewal.write_to(response.headers_mut());
    Ok(response)
}

/// Ends the session of the refresh token (body, cookie or header) and of the access token,
/// whichever the request carries, like the sign-out button.
async fn sign_out(
    State(sessions): State<Sessions>,
    delivery: Delivery,
    user: MaybeSignedIn,
    headers: HeaderMap,
    body: RefreshBody,
) -> Result<Response, FlaskError> {
    let offered = presented_refresh_token(&delivery, &headers, body);
    if offered.is_none() && user.0.is_none() {
        return Err(no_refresh_token());
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    renewal::sign_out(
        &sessions,
        delivery,
        offered.as_ref(),
        user.0.as_ref(),
        response.headers_mut(),
    )
    .await?;
    Ok(response)
}

/// The access token's subject when it is good, whatever is wrong with it otherwise: signing
/// out must work with an expired or revoked token too.
struct MaybeSignedIn(Option<TokenSubject>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for MaybeSignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(credentials(parts).subject().cloned()))
    }
}

async fn protected(user: SignedInUser<FlaskError>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!("User(id=\"{}\")", user.id().0),
    )
        .into_response()
}

/// A new session's tokens: in the body, and on the response as `http::delivery` decides.
fn token_response(tokens: &IssuedTokens, delivery: Delivery) -> Response {
    let mut response = token_body(tokens, delivery);
    delivery.deliver(tokens, response.headers_mut());
    response
}

/// The tokens in Flask-JWT's body; the refresh token only for callers that may read it.
fn token_body(tokens: &IssuedTokens, delivery: Delivery) -> Response {
    let body = TokenResponse {
        access_token: &tokens.access.token,
        refresh_token: delivery.readable_refresh_token(tokens),
        expires_in: tokens.access.expires_in.as_secs(),
    };
    Json(body).into_response()
}

/// `what` ("the session store") as the start of a sentence ("The session store").
fn sentence_start(what: &str) -> String {
    let mut characters = what.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}
