//! Extractors whose type says what a handler needs: a signed-in user, maybe a user, the
//! delivery rules, who the client is. Each door picks its own rejection type `E` (anything
//! `From<AuthRejection>`), so a REST handler answers in RealWorld's shape and a seed endpoint
//! in Flask-JWT's, from the same extractor. Server functions use them through
//! `server_fns::context`.

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
        let (subject, access_token) = signed_in(parts)?.ok_or(AuthRejection::Missing)?;
        Ok(Self {
            subject,
            access_token,
            boundary: PhantomData,
        })
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
        Ok(Self {
            user: signed_in(parts)?.map(|(subject, _)| subject.user_id),
            boundary: PhantomData,
        })
    }
}

/// The subject and access token of good credentials, `None` without any; credentials that
/// are no good are rejected.
fn signed_in(parts: &Parts) -> Result<Option<(TokenSubject, String)>, AuthRejection> {
    match credentials(parts) {
        Credentials::Valid {
            subject,
            access_token,
        } => Ok(Some((subject, access_token))),
        Credentials::Rejected(rejection) => Err(rejection),
        Credentials::Anonymous => Ok(None),
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

/// Extractors for what the middleware always leaves (or a default where it did not run).
macro_rules! always_there {
    ($($kind:ty => $read:ident),+ $(,)?) => {
        $(impl<S: Send + Sync> FromRequestParts<S> for $kind {
            type Rejection = std::convert::Infallible;

            async fn from_request_parts(
                parts: &mut Parts,
                _state: &S,
            ) -> Result<Self, Self::Rejection> {
                Ok($read(parts))
            }
        })+
    };
}

always_there!(Delivery => delivery, ClientInfo => client_info);

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

/// Who the client is, as the middleware found out; from the headers alone where it did not
/// run.
pub fn client_info(parts: &Parts) -> ClientInfo {
    parts
        .extensions
        .get::<ClientInfo>()
        .cloned()
        .unwrap_or_else(|| super::client_address::client_info(parts, 0))
}
