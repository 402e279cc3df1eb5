//! What came back from any door: the status, the headers and the body, read once. Each door
//! adds the assertions for its own error shape (see `doors`).

use axum::http::{HeaderMap, StatusCode, header};
use serde_json::Value;

use super::Page;

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as JSON: `Null` when empty, a string when it is not JSON.
    pub body: Value,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .finish()
    }
}

/// The name of the refresh cookie over plain HTTP.
const REFRESH_COOKIE: &str = "blog_refresh=";

impl Reply {
    pub fn new(status: StatusCode, headers: HeaderMap, bytes: Vec<u8>) -> Self {
        let body = match std::str::from_utf8(&bytes) {
            Ok("") | Err(_) => Value::Null,
            Ok(text) => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into())),
        };
        Self {
            status,
            headers,
            body,
            bytes,
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).expect("a UTF-8 body")
    }

    /// The body as an HTML page a reader would see.
    pub fn page(&self) -> Page {
        Page::parse(self.text())
    }

    pub fn header(&self, name: impl header::AsHeaderName) -> Option<&str> {
        self.headers
            .get(name)
            .map(|value| value.to_str().expect("a readable header"))
    }

    /// Every `Set-Cookie` of the answer, in order.
    pub fn cookies(&self) -> Vec<&str> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|value| value.to_str().expect("a readable cookie"))
            .collect()
    }

    /// The refresh token stored by the first `Set-Cookie: blog_refresh=…`, if it stores one.
    pub fn refresh_cookie(&self) -> Option<String> {
        self.cookies().into_iter().find_map(|cookie| {
            let value = cookie.split(';').next()?.strip_prefix(REFRESH_COOKIE)?;
            (!value.is_empty()).then(|| value.to_owned())
        })
    }

    /// A new access token in `X-Access-Token`.
    pub fn access_token(&self) -> Option<String> {
        self.header("x-access-token").map(str::to_owned)
    }

    /// A refresh token the caller can read: `X-Refresh-Token`.
    pub fn refresh_header(&self) -> Option<String> {
        self.header("x-refresh-token").map(str::to_owned)
    }

    /// Asserts the status, showing the whole answer otherwise.
    #[track_caller]
    pub fn assert_status(&self, status: StatusCode) -> &Self {
        assert_eq!(self.status, status, "{self:?}");
        self
    }

    /// Asserts there is no body at all.
    #[track_caller]
    pub fn assert_empty(&self) {
        assert!(self.bytes.is_empty(), "no body: {self:?}");
    }

    /// The body of a `200 OK`; fails the test with the answer otherwise.
    #[track_caller]
    pub fn ok(self) -> Value {
        self.assert_status(StatusCode::OK);
        self.body
    }
}
