//! What the REST door reads from a request, failing with the API's own errors: the caller
//! (the HTTP edge's extractors, with this door's rejection), a JSON body, query parameters.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{StatusCode, request::Parts},
};
use serde::{Deserialize, Deserializer, de::DeserializeOwned};

use super::error::ApiError;
use crate::server::{
    content::Page,
    http::extract::{MaybeUser, SignedInUser},
};

/// The signed-in caller, answered in RealWorld's shape when there is none.
pub type Caller = SignedInUser<ApiError>;
/// The caller if signed in; a token that is present but no good is still a 401.
pub type MaybeCaller = MaybeUser<ApiError>;

/// A RealWorld request body. In the contract `null` never means "leave it as it is": each of
/// the body's `FIELDS` (its envelope's and the envelope's object's) sent as `null` is refused
/// (422, "can't be null"), except those in `NULLABLE`, where `null` clears a value (`bio`,
/// `image`). Fields the contract does not name are ignored, whatever they hold.
pub trait ContractBody: DeserializeOwned {
    const FIELDS: &'static [&'static str];
    const NULLABLE: &'static [&'static str] = &[];
}

/// A JSON body: what cannot be read is a 422 that says why, an oversized body a 413. The
/// `Content-Type` must say JSON, so that a plain HTML form on another site (which needs no
/// CORS preflight) cannot sign someone in or up.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: ContractBody> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(|media| {
                let media = media.trim().to_ascii_lowercase();
                media == "application/json" || media.ends_with("+json")
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::NotJson);
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::TooLarge("the body is larger than this server accepts".into())
                } else {
                    ApiError::BadRequest(rejection.body_text())
                }
            })?;
        let unreadable = |error: serde_json::Error| {
            ApiError::BadRequest(format!("the body is not what this endpoint reads: {error}"))
        };
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(unreadable)?;
        // serde reads a struct from an array as readily as from an object: the contract's
        // envelope (`{"user": {…}}`) is an object holding an object, and nothing else.
        let envelope = T::FIELDS.first().copied().unwrap_or_default();
        match &value {
            serde_json::Value::Object(fields) => {
                if fields
                    .get(envelope)
                    .is_some_and(|inner| !inner.is_object() && !inner.is_null())
                {
                    return Err(ApiError::invalid(envelope, "must be an object"));
                }
            }
            _ => {
                return Err(ApiError::BadRequest(
                    "the body is not what this endpoint reads: a JSON object".into(),
                ));
            }
        }
        if let Some(field) = null_field(&value, T::FIELDS, T::NULLABLE) {
            return Err(ApiError::invalid(
                &field,
                "can't be null; leave it out to keep the current value",
            ));
        }
        serde_json::from_value(value).map(Self).map_err(unreadable)
    }
}

/// The first of `fields` (depth first) whose value is `null` and that is not `nullable`.
fn null_field(value: &serde_json::Value, fields: &[&str], nullable: &[&str]) -> Option<String> {
    let serde_json::Value::Object(object) = value else {
        return None;
    };
    object
        .iter()
        .filter(|(name, _)| fields.contains(&name.as_str()))
        .find_map(|(name, value)| match value {
            serde_json::Value::Null if !nullable.contains(&name.as_str()) => Some(name.clone()),
            nested => null_field(nested, fields, nullable),
        })
}

/// Query parameters, or a 422 saying what is wrong with them.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::try_from_uri(&parts.uri)
            .map(|axum::extract::Query(query)| Self(query))
            .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
    }
}

/// The furthest a list may be paged into (its OpenAPI document says so too).
pub const MAX_OFFSET: i64 = 1_000_000_000;

/// `limit` and `offset` as the client sent them; checked by [`Paging::page`].
#[derive(Debug, Default, Deserialize)]
pub struct Paging {
    limit: Option<String>,
    offset: Option<String>,
}

impl Paging {
    /// `limit` 1 to 100 (default 20), `offset` 0 or more (default 0).
    pub fn page(&self) -> Result<Page, ApiError> {
        self.page_or(Page::DEFAULT_LIMIT)
    }

    /// As [`Paging::page`], with another default `limit`.
    pub fn page_or(&self, default_limit: i64) -> Result<Page, ApiError> {
        let limit = match self.limit.as_deref().map(str::trim) {
            None => default_limit,
            Some(raw) => raw
                .parse::<i64>()
                .ok()
                .filter(|limit| (1..=Page::MAX_LIMIT).contains(limit))
                .ok_or_else(|| {
                    ApiError::invalid(
                        "limit",
                        format!("must be a whole number from 1 to {}", Page::MAX_LIMIT),
                    )
                })?,
        };
        let offset = match self.offset.as_deref().map(str::trim) {
            None => 0,
            Some(raw) => raw
                .parse::<i64>()
                .ok()
                .filter(|offset| (0..=MAX_OFFSET).contains(offset))
                .ok_or_else(|| {
                    ApiError::invalid(
                        "offset",
                        format!("must be a whole number from 0 to {MAX_OFFSET}"),
                    )
                })?,
        };
        Ok(Page { limit, offset })
    }
}

/// For fields where `null` and absent mean different things (`tagList`, `bio`, `image`):
/// absent is `None`, `null` is `Some(None)`. Use with `#[serde(default)]`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A required text field: absent or blank is the spec's "can't be blank".
pub fn required(field: &str, value: Option<String>) -> Result<String, ApiError> {
    value
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| ApiError::blank(field))
}
