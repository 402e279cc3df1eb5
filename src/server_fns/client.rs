//! The one client every server function call goes through in the browser: it attaches the
//! stored access token, and stores any new one a response carries (the seed's frontend rule:
//! a response with a token overwrites the stored one; a response without leaves it alone).

use std::future::Future;

use leptos::server_fn::{
    Bytes,
    client::{Client, browser::BrowserClient},
    error::FromServerFnError,
    request::browser::BrowserRequest,
    response::browser::BrowserResponse,
};

pub struct AuthClient;

impl<E, InputStreamError, OutputStreamError> Client<E, InputStreamError, OutputStreamError>
    for AuthClient
where
    E: FromServerFnError,
    InputStreamError: FromServerFnError,
    OutputStreamError: FromServerFnError,
{
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    fn send(request: Self::Request) -> impl Future<Output = Result<Self::Response, E>> + Send {
        #[cfg(feature = "hydrate")]
        if let Some(token) = crate::client::token_store::load() {
            request
                .headers()
                .set("Authorization", &format!("Bearer {token}"));
        }
        let sent = <BrowserClient as Client<E, InputStreamError, OutputStreamError>>::send(request);
        async move {
            let response = sent.await?;
            #[cfg(feature = "hydrate")]
            crate::client::token_store::take_from(&response.generate_headers());
            Ok(response)
        }
    }

    fn open_websocket(
        path: &str,
    ) -> impl Future<
        Output = Result<
            (
                impl futures::Stream<Item = Result<Bytes, Bytes>> + Send + 'static,
                impl futures::Sink<Bytes> + Send + 'static,
            ),
            E,
        >,
    > + Send {
        <BrowserClient as Client<E, InputStreamError, OutputStreamError>>::open_websocket(path)
    }

    fn spawn(future: impl Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<E, InputStreamError, OutputStreamError>>::spawn(future)
    }
}
