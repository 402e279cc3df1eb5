//! Connections over a real socket: a client that never finishes its headers is cut off, an
//! idle keep-alive connection does not stay forever, and connections past the cap wait in
//! the queue instead of being served at once. Generous bounds guard against hanging; nothing
//! here measures speed.

use std::time::Duration;

use blog::server::listener::{self, ConnectionLimits};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

use crate::common::*;

/// Serves the app on a free local port with these limits; stops when the test ends.
async fn serve(app: &TestApp, limits: ConnectionLimits) -> std::net::SocketAddr {
    let socket = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = socket.local_addr().unwrap();
    let router = app.router();
    tokio::spawn(listener::serve(
        socket,
        router,
        limits,
        std::future::pending(),
    ));
    address
}

const LIMITS: ConnectionLimits = ConnectionLimits {
    max_connections: 1,
    header_read_timeout: Duration::from_secs(1),
    shutdown_grace: Duration::from_secs(1),
};

/// Reads until the server closes the connection; what it sent.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut received));
    read.await.expect("the server closes the connection").ok();
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_finishes_its_headers_is_cut_off_and_the_next_one_served() {
    let app = TestApp::new().await;
    let address = serve(&app, LIMITS).await;
    // A slowloris: half a request, then silence. It holds the only connection slot.
    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: blog\r\n")
        .await
        .unwrap();
    // The next client waits in the queue until the slow one is cut off, then is served.
    let mut next = TcpStream::connect(address).await.unwrap();
    next.write_all(b"GET /healthz HTTP/1.1\r\nHost: blog\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut next).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let cut_off = read_until_closed(&mut slow).await;
    assert!(!cut_off.contains("200 OK"), "{cut_off}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_keep_alive_connection_is_closed() {
    let app = TestApp::new().await;
    let address = serve(&app, LIMITS).await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: blog\r\n\r\n")
        .await
        .unwrap();
    // The answer, then nothing more from the client: the server hangs up.
    let received = read_until_closed(&mut stream).await;
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
}
