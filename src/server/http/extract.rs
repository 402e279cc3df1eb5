//! Extractors whose type says what a handler needs: a signed-in user, maybe a user, the
//! delivery rules, who the client is. Each door picks its own rejection type `E` (anything
//! `From<AuthRejection>`), so a REST handler answers in RealWorld's shape and a seed endpoint
//! in Flask-JWT's, from the same extractor. Server functions use them through
//! `rpc::extract`.

use std::marker::PhantomData;

use axum::{extract::FromRequestParts, http::request::Parts, response::IntoResponse};

use super::{
    credentials::{AuthRejection, Credentials},
    delivery::Delivery,
};
use crate::server::{accounts::UserId, auth::sessions::ClientInfo, auth::tokens::TokenSubject};

/// The signed-in caller and the access token the request is served under; anything else is
/// rejected with `E`.
#[derive(Debug)]
pub struct SignedInUser<E = AuthRejection> {
    pub subject: TokenSubject,
    pub access_token: String,
    boundary: PhantomData<fn() -> E>,
}

impl<E> SignedInUser<E> {
    pub fn id(&self) -> UserId {
        self.subject.user_id
    }
}

impl<S, E> FromRequestParts<S> for SignedInUser<E>
where
    S: Send + Sync,
    E: From<AuthRejection> + IntoResponse,
{
    type Rejection = E;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, E> {
        match credentials(parts) {
            Credentials::Valid {
                subject,
                access_token,
            } => Ok(Self {
                subject,
                access_token,
                boundary: PhantomData,
            }),
            Credentials::Rejected(rejection) => Err(rejection.into()),
            Credentials::Anonymous => Err(AuthRejection::Missing.into()),
        }
    }
}

/// The caller if signed in. A token that is present but no good is still rejected: the
/// client believes it is signed in and should learn otherwise.
#[derive(Debug)]
pub struct MaybeUser<E = AuthRejection> {
    pub user: Option<UserId>,
    boundary: PhantomData<fn() -> E>,
}

impl<S, E> FromRequestParts<S> for MaybeUser<E>
where
    S: Send + Sync,
    E: From<AuthRejection> + IntoResponse,
{
    type Rejection = E;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, E> {
        match credentials(parts) {
            Credentials::Valid { subject, .. } => Ok(Self {
                user: Some(subject.user_id),
                boundary: PhantomData,
            }),
            Credentials::Rejected(rejection) => Err(rejection.into()),
            Credentials::Anonymous => Ok(Self {
                user: None,
                boundary: PhantomData,
            }),
        }
    }
}

/// What the credentials middleware established; anonymous where it did not run.
pub fn credentials(parts: &Parts) -> Credentials {
    parts
        .extensions
        .get::<Credentials>()
        .cloned()
        .unwrap_or(Credentials::Anonymous)
}

impl<S: Send + Sync> FromRequestParts<S> for Delivery {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(delivery(parts))
    }
}

/// The delivery rules the middleware chose for this request; the plain-HTTP ones where it
/// did not run.
pub fn delivery(parts: &Parts) -> Delivery {
    parts
        .extensions
        .get::<Delivery>()
        .copied()
        .unwrap_or_else(|| {
            Delivery::for_request(&parts.headers, super::cookie::CookiePolicy::new(false))
        })
}

impl<S: Send + Sync> FromRequestParts<S> for ClientInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(client_info(parts))
    }
}

/// Who the client is, as the middleware found out; from the headers alone where it did not
/// run.
pub fn client_info(parts: &Parts) -> ClientInfo {
    parts
        .extensions
        .get::<ClientInfo>()
        .cloned()
        .unwrap_or_else(|| super::client_address::client_info(parts, 0))
}
