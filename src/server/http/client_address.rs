//! The client's address: the peer, or, behind `server.trusted_proxy_hops` proxies, the entry
//! that many hops from the right of `X-Forwarded-For` (entries further left are whatever the
//! client chose to send, so they are never believed). With its user agent, it is the
//! `ClientInfo` sessions keep.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::ConnectInfo,
    http::{header, request::Parts},
};

use crate::server::auth::sessions::ClientInfo;

const FORWARDED_FOR: &str = "x-forwarded-for";

/// Who the client is: its address and user agent.
pub fn client_info(parts: &Parts, trusted_proxy_hops: usize) -> ClientInfo {
    ClientInfo {
        user_agent: parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        address: client_address(parts, trusted_proxy_hops),
        language: parts
            .extensions
            .get::<crate::i18n::Locale>()
            .copied()
            .unwrap_or_else(|| super::language::asked_language(&parts.headers)),
    }
}

/// The client's address, canonical: an IPv4 client is the same address whether a listener on
/// `[::]` or a proxy writes it `::ffff:192.0.2.1` or `192.0.2.1`.
pub fn client_address(parts: &Parts, trusted_proxy_hops: usize) -> Option<IpAddr> {
    address_as_sent(parts, trusted_proxy_hops).map(|address| address.to_canonical())
}

fn address_as_sent(parts: &Parts, trusted_proxy_hops: usize) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    if trusted_proxy_hops == 0 {
        return peer;
    }
    let mut chain: Vec<IpAddr> = Vec::new();
    for value in parts.headers.get_all(FORWARDED_FOR) {
        let Ok(value) = value.to_str() else {
            return None;
        };
        for entry in value.split(',') {
            match entry.trim().parse::<IpAddr>() {
                Ok(address) => chain.push(address),
                // A mangled chain cannot be counted from the right.
                Err(_) => return None,
            }
        }
    }
    chain.extend(peer);
    let client = chain.len().saturating_sub(1 + trusted_proxy_hops);
    chain.get(client).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(forwarded: Option<&str>, peer: &str) -> Parts {
        let mut request = Request::builder();
        if let Some(forwarded) = forwarded {
            request = request.header(FORWARDED_FOR, forwarded);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        parts
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let parts = parts(Some("203.0.113.9"), "192.0.2.1:5000");
        assert_eq!(
            client_address(&parts, 0),
            Some("192.0.2.1".parse().unwrap())
        );
    }

    #[test]
    fn an_ipv4_mapped_address_is_the_ipv4_address() {
        let parts = parts(Some("::ffff:203.0.113.9"), "[::ffff:192.0.2.1]:5000");
        assert_eq!(
            client_address(&parts, 0),
            Some("192.0.2.1".parse().unwrap())
        );
        assert_eq!(
            client_address(&parts, 1),
            Some("203.0.113.9".parse().unwrap())
        );
    }

    #[test]
    fn behind_one_proxy_the_last_forwarded_entry_is_the_client() {
        // The client forged the first entry; the proxy appended the real one.
        let parts = parts(Some("10.9.9.9, 203.0.113.9"), "192.0.2.1:5000");
        assert_eq!(
            client_address(&parts, 1),
            Some("203.0.113.9".parse().unwrap())
        );
    }
}
