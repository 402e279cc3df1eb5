//! The edge's half of the write limits (`server::limits`): which requests write what, for
//! every door in one table, and the 429 each door answers in its own shape. Limits concern
//! requests from the network; the command line and the workers write unlimited.

use std::{net::IpAddr, time::Duration};

use axum::{
    extract::{Request, State},
    http::{HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::credentials::Credentials;
use crate::server::{
    accounts::UserId,
    auth::sessions::ClientInfo,
    error::DomainError,
    limits::{Write, WriteLimits},
};

/// The kind of write a request makes, by its method and path; `None` for reads and for the
/// writes limited elsewhere (signing in and up: the sign-in throttle).
pub fn write_of(method: &Method, path: &str) -> Option<Write> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let method = method.as_str();
    match (method, segments.as_slice()) {
        ("POST", ["api", "articles", _, "comments"] | ["rpc", "comments", "add"]) => {
            Some(Write::Comment)
        }
        ("POST", ["api", "articles"])
        | ("PUT" | "DELETE", ["api", "articles", _])
        | ("POST", ["rpc", "posts", "save" | "delete"] | ["rpc", "revisions", "restore"]) => {
            Some(Write::Post)
        }
        ("POST", ["rpc", "revisions", "autosave"]) => Some(Write::Autosave),
        ("POST", ["api", "uploads"]) => Some(Write::Upload),
        (
            "POST" | "DELETE",
            ["api", "articles", _, "favorite"] | ["api", "profiles", _, "follow"],
        )
        | ("POST", ["rpc", "posts", "favorite"] | ["rpc", "profiles", "follow"]) => {
            Some(Write::Reaction)
        }
        _ => None,
    }
}

/// The middleware, on each door that writes (inside the credentials middleware: it needs
/// to know who is writing). A refused write is answered with the door's own error `E` for a
/// throttled request (a 429), and `Retry-After`.
pub async fn limit_writes<E>(
    State(limits): State<WriteLimits>,
    request: Request,
    next: Next,
) -> Response
where
    E: From<DomainError> + IntoResponse,
{
    match count_write(&limits, &request).await {
        None => next.run(request).await,
        Some(seconds) => {
            let mut response = E::from(DomainError::Throttled {
                retry_after: Duration::from_secs(seconds),
            })
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
    }
}

/// Counts the write `request` makes, if any; `Some(seconds)` to wait when it is refused. A
/// store that is down refuses nothing.
pub fn count_write(
    limits: &WriteLimits,
    request: &Request,
) -> impl Future<Output = Option<u64>> + Send + 'static {
    let write = write_of(request.method(), request.uri().path());
    // What the credentials middleware found out.
    let account = request
        .extensions()
        .get::<Credentials>()
        .and_then(Credentials::subject)
        .map(|subject| subject.user_id);
    let address = request
        .extensions()
        .get::<ClientInfo>()
        .and_then(|client| client.address);
    let limits = limits.clone();
    async move { refused(&limits, write?, account, address).await }
}

async fn refused(
    limits: &WriteLimits,
    write: Write,
    account: Option<UserId>,
    address: Option<IpAddr>,
) -> Option<u64> {
    match limits.check(write, account, address).await {
        Ok(()) => None,
        Err(DomainError::Throttled { retry_after }) => Some(retry_after.as_secs().max(1)),
        Err(error) => {
            tracing::warn!(%error, "cannot count a write against its limits");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_door_s_writes_are_in_the_table_and_reads_are_not() {
        let post = Method::POST;
        assert_eq!(
            write_of(&post, "/api/articles/x/comments"),
            Some(Write::Comment)
        );
        assert_eq!(write_of(&post, "/rpc/comments/add"), Some(Write::Comment));
        assert_eq!(write_of(&Method::PUT, "/api/articles/x"), Some(Write::Post));
        assert_eq!(write_of(&post, "/rpc/posts/save"), Some(Write::Post));
        assert_eq!(
            write_of(&post, "/rpc/revisions/autosave"),
            Some(Write::Autosave)
        );
        assert_eq!(write_of(&post, "/api/uploads"), Some(Write::Upload));
        assert_eq!(
            write_of(&Method::DELETE, "/api/profiles/a/follow"),
            Some(Write::Reaction)
        );
        assert_eq!(write_of(&Method::GET, "/api/articles/x/comments"), None);
        assert_eq!(write_of(&post, "/api/users/login"), None);
        assert_eq!(write_of(&post, "/rpc/posts/list"), None);
    }
}
