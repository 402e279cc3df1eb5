//! `/api/users`, `/api/users/login`, `/api/user`: accounts, through `server::users`.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::{
    error::ApiError,
    extract::{ApiJson, AuthUser, present, required},
};
use crate::server::{
    auth::{
        REFRESH_TOKEN_HEADER, cookie, credentials::hand_out, sessions::Renewal,
        tokens::TokenSubject,
    },
    state::AppState,
    users::{self, AccountChanges, NewUser, UserRecord},
};

#[derive(Deserialize)]
pub struct UserEnvelope<T> {
    user: T,
}

#[derive(Deserialize)]
pub struct LoginUser {
    email: Option<String>,
    password: Option<String>,
}

#[derive(Deserialize)]
pub struct NewUserFields {
    username: Option<String>,
    email: Option<String>,
    password: Option<String>,
}

#[derive(Deserialize)]
pub struct UpdateUser {
    email: Option<String>,
    password: Option<String>,
    username: Option<String>,
    #[serde(default, deserialize_with = "present")]
    bio: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    image: Option<Option<String>>,
}

#[derive(Serialize)]
struct UserBody {
    email: String,
    token: String,
    username: String,
    bio: Option<String>,
    image: Option<String>,
}

fn user_response(record: UserRecord, token: String) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "user": UserBody {
            email: record.email,
            token,
            username: record.username,
            bio: record.bio,
            image: record.image,
        }
    }))
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(UserEnvelope { user }): ApiJson<UserEnvelope<LoginUser>>,
) -> Result<Response, ApiError> {
    let email = required("email", user.email)?;
    let password = required("password", user.password)?;
    let record = users::authenticate(&state.db, &email, &password).await?;
    start_session(&state, &headers, record, StatusCode::OK).await
}

pub async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(UserEnvelope { user }): ApiJson<UserEnvelope<NewUserFields>>,
) -> Result<Response, ApiError> {
    let new = NewUser {
        username: required("username", user.username)?,
        email: required("email", user.email)?,
        password: required("password", user.password)?,
    };
    let record = users::sign_up(&state.db, state.settings.site.registration, new).await?;
    start_session(&state, &headers, record, StatusCode::CREATED).await
}

pub async fn current(
    State(state): State<AppState>,
    caller: AuthUser,
) -> Result<Json<serde_json::Value>, ApiError> {
    let record = users::find(&state.db, caller.id()).await?;
    Ok(user_response(record, caller.token))
}

pub async fn update(
    State(state): State<AppState>,
    caller: AuthUser,
    ApiJson(UserEnvelope { user }): ApiJson<UserEnvelope<UpdateUser>>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let password_changed = user.password.is_some();
    let changes = AccountChanges {
        username: user.username,
        email: user.email,
        password: user.password,
        bio: user.bio,
        image: user.image,
    };
    let record = users::update_account(&state.db, caller.id(), changes).await?;
    if password_changed {
        // As on the settings page: a new password signs out every other session.
        state
            .auth
            .sessions
            .revoke_others(caller.id(), &caller.subject.session_id)
            .await?;
    }
    Ok(user_response(record, caller.token))
}

/// Opens a session: the access token in the body (as the spec has it) and in `X-Access-Token`;
/// the refresh token in the `HttpOnly` cookie, and for clients other than browsers also in
/// `X-Refresh-Token`.
async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    record: UserRecord,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let renewal: Renewal = state.auth.sessions.open(record.user_id()).await?;
    let access = state.auth.tokens.issue(&TokenSubject {
        user_id: renewal.user_id,
        session_id: renewal.session_id.clone(),
    });
    let mut response = (status, user_response(record, access.token.clone())).into_response();
    hand_out(
        response.headers_mut(),
        &access.token,
        &renewal,
        cookie::is_https(headers),
    );
    // Browsers (which say where a request comes from) have the HttpOnly cookie; only other
    // clients get the refresh token where scripts could read it.
    let from_browser = headers.contains_key("sec-fetch-site");
    if !from_browser
        && let Some(refresh) = &renewal.refresh_token
        && let Ok(value) = HeaderValue::from_str(&refresh.0)
    {
        response.headers_mut().insert(REFRESH_TOKEN_HEADER, value);
    }
    Ok(response)
}
