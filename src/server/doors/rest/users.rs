//! `/api/users`, `/api/users/login`, `/api/user`: accounts and sessions, through the session
//! service. Tokens are delivered by `http::delivery`; the body carries the access token, as
//! the spec has it.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::{
    error::ApiError,
    input::{ApiJson, Caller, ContractBody, present, required},
};
use crate::server::{
    accounts::{Account, AccountChanges, NewAccount},
    auth::{
        second_factor::Challenge,
        sessions::{ClientInfo, Sessions, SignInStep, SignedIn},
    },
    http::delivery::Delivery,
};

/// `{"user": …}`; anything beside it is ignored.
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
pub struct SecondFactorFields {
    challenge: Option<String>,
    code: Option<String>,
}

#[derive(Deserialize)]
pub struct NewUserFields {
    username: Option<String>,
    email: Option<String>,
    password: Option<String>,
}

impl ContractBody for UserEnvelope<LoginUser> {
    const FIELDS: &'static [&'static str] = &["user", "email", "password"];
}

impl ContractBody for UserEnvelope<SecondFactorFields> {
    const FIELDS: &'static [&'static str] = &["user", "challenge", "code"];
}

impl ContractBody for UserEnvelope<NewUserFields> {
    const FIELDS: &'static [&'static str] = &["user", "username", "email", "password"];
}

impl ContractBody for UserEnvelope<UpdateUser> {
    const FIELDS: &'static [&'static str] = &[
        "user",
        "email",
        "username",
        "password",
        "bio",
        "image",
        "currentPassword",
    ];
    const NULLABLE: &'static [&'static str] = &["bio", "image"];
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateUser {
    email: Option<String>,
    username: Option<String>,
    password: Option<String>,
    #[serde(default, deserialize_with = "present")]
    bio: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    image: Option<Option<String>>,
    /// Not in the RealWorld spec: proves a new email or password is the owner's wish when
    /// the sign-in is not recent.
    current_password: Option<String>,
}

#[derive(Serialize)]
struct UserBody {
    email: String,
    token: String,
    username: String,
    bio: Option<String>,
    image: Option<String>,
}

fn user_response(account: Account, token: String) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "user": UserBody {
            email: account.email,
            token,
            username: account.username,
            bio: account.bio,
            image: account.image,
        }
    }))
}

pub async fn login(
    State(sessions): State<Sessions>,
    delivery: Delivery,
    client: ClientInfo,
    ApiJson(UserEnvelope { user }): ApiJson<UserEnvelope<LoginUser>>,
) -> Result<Response, ApiError> {
    let email = required("email", user.email)?;
    let password = required("password", user.password)?;
    match sessions.sign_in(&email, &password, &client).await? {
        SignInStep::SignedIn(signed_in) => {
            Ok(signed_in_response(StatusCode::OK, *signed_in, delivery))
        }
        SignInStep::SecondFactorRequired(challenge) => Ok(second_factor_required(&challenge)),
    }
}

/// The second step of a sign-in (an extension of the contract): `{"user": {"challenge",
/// "code"}}`, the code being the authenticator app's or a recovery code. Answers as `login`.
pub async fn login_second_factor(
    State(sessions): State<Sessions>,
    delivery: Delivery,
    client: ClientInfo,
    ApiJson(UserEnvelope { user }): ApiJson<UserEnvelope<SecondFactorFields>>,
) -> Result<Response, ApiError> {
    let challenge = required("challenge", user.challenge)?;
    let code = required("code", user.code)?;
    let signed_in = sessions
        .complete_sign_in(&challenge, &code, &client)
        .await?;
    Ok(signed_in_response(StatusCode::OK, signed_in, delivery))
}

/// 401 with no token of any kind: the password was right, and the account's second factor
/// is awaited at `/api/users/login/second-factor`.
fn second_factor_required(challenge: &Challenge) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(serde_json::json!({
            "errors": { "code": ["is required: this account has a second factor"] },
            "second_factor_required": {
                "challenge": challenge.token,
                "methods": ["totp", "recovery_code"],
                "expires_in": challenge.expires_in.as_secs(),
            }
        })),
    )
        .into_response()
}

pub async fn register(
    State(sessions): State<Sessions>,
    delivery: Delivery,
    client: ClientInfo,
    ApiJson(UserEnvelope { user }): ApiJson<UserEnvelope<NewUserFields>>,
) -> Result<Response, ApiError> {
    let new = NewAccount {
        username: required("username", user.username)?,
        email: required("email", user.email)?,
        password: required("password", user.password)?,
    };
    let signed_in = sessions.sign_up(new, &client).await?;
    Ok(signed_in_response(StatusCode::CREATED, signed_in, delivery))
}

/// The account and its tokens: the access token in the body (as the spec has it), and the
/// rest as `http::delivery` decides.
fn signed_in_response(status: StatusCode, signed_in: SignedIn, delivery: Delivery) -> Response {
    let token = signed_in.tokens.access.token.clone();
    let mut response = (status, user_response(signed_in.account, token)).into_response();
    delivery.deliver(&signed_in.tokens, response.headers_mut());
    response
}

/// The current user, with the token the request was served under (a fresh one would let a
/// revoked session live on).
pub async fn current(
    State(sessions): State<Sessions>,
    caller: Caller,
) -> Result<Json<serde_json::Value>, ApiError> {
    let account = sessions.account(&caller.subject).await?;
    Ok(user_response(account, caller.access_token))
}

pub async fn update(
    State(sessions): State<Sessions>,
    caller: Caller,
    client: ClientInfo,
    ApiJson(UserEnvelope { user }): ApiJson<UserEnvelope<UpdateUser>>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let changes = AccountChanges {
        username: user.username,
        email: user.email,
        password: user.password,
        bio: user.bio,
        image: user.image,
    };
    let current_password = user.current_password.as_deref();
    let account = sessions
        .update_account(&caller.subject, changes, current_password, &client)
        .await?;
    Ok(user_response(account, caller.access_token))
}
