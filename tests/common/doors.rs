//! Small clients for the three doors into the domain: the server functions under `/rpc`
//! (as the browser app calls them), the RealWorld REST API under `/api` (JSON), and the
//! seed's `/auth` and `/protected`. Each says who is calling (an access token, a refresh
//! token, a browser or not) and reads the answer into a [`Reply`].

use std::marker::PhantomData;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use super::{Reply, SignedIn, TestApp};

/// A door, and the `Authorization` scheme its own clients use.
pub trait Door {
    const SCHEME: &'static str;
}

/// `/rpc/…`: the server functions.
pub struct ServerFunctions;
/// `/api/…`: the RealWorld contract.
pub struct RestApi;
/// `/auth`, `/auth/refresh`, `/auth/logout`, `/protected`: the seed's Flask-JWT endpoints.
pub struct SeedApi;

impl Door for ServerFunctions {
    const SCHEME: &'static str = "Bearer";
}
impl Door for RestApi {
    const SCHEME: &'static str = "Token";
}
impl Door for SeedApi {
    const SCHEME: &'static str = "JWT";
}

/// One request being put together for a door.
pub struct Client<'a, D> {
    app: &'a TestApp,
    headers: Vec<(String, String)>,
    door: PhantomData<D>,
}

impl TestApp {
    /// Exchanges a refresh cookie for a new access token, as the browser app does.
    pub async fn refresh_with_cookie(&self, refresh_token: &str) -> Reply {
        self.rpc()
            .refresh_cookie(refresh_token)
            .form("auth/refresh", &[])
            .await
    }

    pub fn rpc(&self) -> Client<'_, ServerFunctions> {
        Client::new(self)
    }

    pub fn api(&self) -> Client<'_, RestApi> {
        Client::new(self)
    }

    pub fn seed(&self) -> Client<'_, SeedApi> {
        Client::new(self)
    }
}

impl<'a, D: Door> Client<'a, D> {
    fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            headers: Vec::new(),
            door: PhantomData,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Signed in as `who`, with the door's own `Authorization` scheme.
    pub fn by(self, who: &SignedIn) -> Self {
        self.token(&who.access_token)
    }

    pub fn token(self, access_token: &str) -> Self {
        let value = format!("{} {access_token}", D::SCHEME);
        self.header("authorization", &value)
    }

    /// Signed in with `who`'s token when there is someone.
    pub fn maybe_by(self, who: Option<&SignedIn>) -> Self {
        match who {
            Some(who) => self.by(who),
            None => self,
        }
    }

    /// The refresh cookie a browser sends back (plain HTTP).
    pub fn refresh_cookie(self, refresh_token: &str) -> Self {
        let value = format!("blog_refresh={refresh_token}");
        self.header("cookie", &value)
    }

    /// The refresh token an API client without cookies sends.
    pub fn refresh_header(self, refresh_token: &str) -> Self {
        self.header("x-refresh-token", refresh_token)
    }

    /// A request made by one of the site's own pages.
    pub fn browser(self) -> Self {
        self.header("sec-fetch-site", "same-origin")
    }

    /// Sends `content` (its media type and text) as it is: also what the helpers below
    /// would never write, such as malformed JSON.
    pub async fn send(self, method: Method, uri: &str, content: Option<(&str, String)>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let request = match content {
            Some((content_type, body)) => request
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body)),
            None => request.body(Body::empty()),
        };
        self.app.send(request.unwrap()).await
    }

    pub async fn get(self, uri: &str) -> Reply {
        self.send(Method::GET, uri, None).await
    }

    pub async fn delete(self, uri: &str) -> Reply {
        self.send(Method::DELETE, uri, None).await
    }

    pub async fn post(self, uri: &str, body: Value) -> Reply {
        self.send(Method::POST, uri, Some(json(body))).await
    }

    pub async fn put(self, uri: &str, body: Value) -> Reply {
        self.send(Method::PUT, uri, Some(json(body))).await
    }

    /// A POST without a body.
    pub async fn post_empty(self, uri: &str) -> Reply {
        self.send(Method::POST, uri, None).await
    }

    /// A body of any bytes, with its media type.
    pub async fn send_bytes(
        self,
        method: Method,
        uri: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::CONTENT_LENGTH, body.len());
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        self.app.send(request.body(Body::from(body)).unwrap()).await
    }
}

impl Client<'_, RestApi> {
    /// `POST /api/uploads` with one file in the multipart field `file`, as a browser's form
    /// sends it: `file_name` and `content_type` are what the client claims.
    pub async fn upload(self, file_name: &str, content_type: &str, bytes: &[u8]) -> Reply {
        let (boundary_type, body) = multipart("file", file_name, content_type, bytes);
        self.send_bytes(Method::POST, "/api/uploads", &boundary_type, body)
            .await
    }
}

/// A `multipart/form-data` body with one file part: its `Content-Type` and bytes.
pub fn multipart(
    field: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> (String, Vec<u8>) {
    const BOUNDARY: &str = "----blog-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
         Content-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

fn json(body: Value) -> (&'static str, String) {
    ("application/json", body.to_string())
}

impl Client<'_, ServerFunctions> {
    /// A server function that reads its arguments as JSON (posts, comments, tags).
    pub async fn call(self, endpoint: &str, arguments: Value) -> Reply {
        self.post(&format!("/rpc/{endpoint}"), arguments).await
    }

    /// A server function that reads a form, as the sign-in and account forms post it.
    pub async fn form(self, endpoint: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(key, value)| format!("{key}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
            .collect::<Vec<_>>()
            .join("&");
        let form = ("application/x-www-form-urlencoded", body);
        let uri = format!("/rpc/{endpoint}");
        self.send(Method::POST, &uri, Some(form)).await
    }
}

/// A server function's error: `AppError` as JSON, with its status.
impl Reply {
    #[track_caller]
    pub fn assert_error(&self, status: StatusCode, error: Value) {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(self.body, error, "{self:?}");
    }

    /// A 422 that names `field`, with a message the user can act on.
    #[track_caller]
    pub fn assert_invalid(&self, field: &str) {
        self.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(self.body["Invalid"]["field"], field, "{self:?}");
        assert!(
            self.body["Invalid"]["message"]
                .as_str()
                .is_some_and(|message| !message.is_empty()),
            "a message the user can act on: {self:?}"
        );
    }
}

/// The REST API's errors: `{"errors": {key: [message, …]}}`.
impl Reply {
    /// Exactly `{"errors": {key: [message]}}` with that status.
    #[track_caller]
    pub fn assert_api_error(&self, status: StatusCode, key: &str, message: &str) {
        self.assert_status(status);
        let expected = serde_json::json!({"errors": {key: [message]}});
        assert_eq!(self.body, expected, "{self:?}");
    }

    /// 422 `{"errors": {field: ["can't be blank"]}}`.
    #[track_caller]
    pub fn assert_blank(&self, field: &str) {
        self.assert_api_error(StatusCode::UNPROCESSABLE_ENTITY, field, "can't be blank");
    }

    /// `{"errors": {key: [<any messages>]}}` with that status and no other key.
    #[track_caller]
    pub fn assert_api_error_key(&self, status: StatusCode, key: &str) {
        self.assert_status(status);
        let errors = self.body["errors"]
            .as_object()
            .unwrap_or_else(|| panic!("an errors object: {self:?}"));
        let keys: Vec<&String> = errors.keys().collect();
        assert_eq!(keys, [key], "errors keyed by {key}: {self:?}");
        let messages = errors[key].as_array().expect("an array of messages");
        assert!(
            !messages.is_empty() && messages.iter().all(Value::is_string),
            "{self:?}"
        );
    }
}
