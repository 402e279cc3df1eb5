//! What the server reads from request headers: the access token, cookies, the reader's
//! language, the client's address behind proxies, and where to go back to. Any header
//! values, never a panic; an address behind a proxy is one the header named.
#![no_main]

use blog::server::http::{client_address, cookie, credentials, language};
use http::{HeaderMap, HeaderValue, Request, header};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|values: (&[u8], &[u8], &[u8], &[u8], u8)| {
    let (authorization, cookies, accept_language, forwarded, hops) = values;
    let mut headers = HeaderMap::new();
    for (name, value) in [
        (header::AUTHORIZATION, authorization),
        (header::COOKIE, cookies),
        (header::ACCEPT_LANGUAGE, accept_language),
    ] {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.insert(name, value);
        }
    }
    let _ = credentials::bearer_token(&headers);
    let _ = cookie::request_cookie(&headers, "blog_refresh");
    let _ = cookie::CookiePolicy::new(true).read(&headers);
    let _ = language::language_of(&headers, Default::default());
    let Ok(forwarded) = HeaderValue::from_bytes(forwarded) else {
        return;
    };
    let (parts, ()) = Request::builder()
        .header("x-forwarded-for", forwarded.clone())
        .body(())
        .unwrap()
        .into_parts();
    if let Some(address) = client_address::client_address(&parts, usize::from(hops % 4) + 1) {
        let named = String::from_utf8_lossy(forwarded.as_bytes()).to_string();
        let canonical = named
            .split(',')
            .filter_map(|entry| entry.trim().parse::<std::net::IpAddr>().ok())
            .any(|entry| entry.to_canonical() == address);
        assert!(canonical, "{address} from {named}");
    }
    let _ = blog::model::routes::is_local_path(&String::from_utf8_lossy(authorization));
});
