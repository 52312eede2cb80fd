//! Shared set-up of the cloud client's wiremock tests: a fresh mock server with a catch-all
//! that fails loudly, a client pointed at it with a simulated clock, the bulk download flow's
//! three mocks, and a raw HTTP server for bodies wiremock cannot send (cut short, or streamed
//! without ever being held in memory).

#![allow(dead_code)]

use std::time::{Duration, SystemTime};

use balkanid_api::cloud::Client;
use balkanid_api::cloud::time::SimulatedClock;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The API key id the tests use.
pub const KEY_ID: &str = "test-key-id";
/// The API key secret the tests use; no output may ever contain it.
pub const SECRET: &str = "TEST-SECRET-5c3a9e1f7b2d";
/// The REST base path on the mock server.
pub const REST: &str = "/api/rest/v0";
/// The GraphQL path on the mock server.
pub const GRAPHQL: &str = "/api/public";
/// The simulated clock's wall-clock start: 2023-11-14 22:13:20 UTC.
pub const START_SECONDS: u64 = 1_700_000_000;

/// A fresh mock server whose catch-all answers 599 to anything no other mock matched, and
/// fails the test when the server is dropped if that happened.
pub async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(599).set_body_string("unexpected request"))
        .with_priority(u8::MAX)
        .named("catch-all for unexpected requests")
        .expect(0)
        .mount(&server)
        .await;
    server
}

/// The simulated clock tests start with.
pub fn clock() -> SimulatedClock {
    SimulatedClock::starting_at(SystemTime::UNIX_EPOCH + Duration::from_secs(START_SECONDS))
}

/// A client for `server`, with a simulated clock.
pub fn client(server: &MockServer) -> (Client, SimulatedClock) {
    let clock = clock();
    let client = builder(server)
        .clock(clock.clone())
        .build()
        .expect("client");
    (client, clock)
}

/// A builder for `server`, without a clock.
pub fn builder(server: &MockServer) -> balkanid_api::cloud::ClientBuilder {
    Client::builder()
        .base_url(format!("{}{REST}", server.uri()))
        .graphql_url(format!("{}{GRAPHQL}", server.uri()))
        .key_id(KEY_ID)
        .key_secret(SECRET)
        .attempt_timeout(Duration::from_secs(5))
        .ignore_environment()
}

/// Mounts `POST {REST}/{resource}/download-url` answering with a file URL and a polling URL
/// on `file_host` (the mock server's own URI unless another is given).
pub async fn mount_links(server: &MockServer, resource: &str, file_host: &str) {
    let body = serde_json::json!({
        "url": format!("{file_host}/files/{resource}.csv?X-Amz-Signature=sig123"),
        "pollingUrl": format!("{file_host}/poll/{resource}"),
    });
    Mock::given(method("POST"))
        .and(path(format!("{REST}/{resource}/download-url")))
        .and(header("x-api-key-id", KEY_ID))
        .and(header("x-api-key-secret", SECRET))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .named(format!("{resource} download-url"))
        .mount(server)
        .await;
}

/// Mounts the whole download flow of `resource` serving `csv`: links, a ready poll, the file.
pub async fn mount_download(server: &MockServer, resource: &str, csv: &str) {
    mount_links(server, resource, &server.uri()).await;
    Mock::given(method("HEAD"))
        .and(path(format!("/poll/{resource}")))
        .respond_with(ResponseTemplate::new(200))
        .named(format!("{resource} poll"))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/files/{resource}.csv")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(csv.as_bytes().to_vec(), "text/csv"))
        .named(format!("{resource} file"))
        .mount(server)
        .await;
}

/// A reference sample of the domain crate's fixtures.
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../balkanid-domain/tests/fixtures/reference/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// What a raw server answers to every request.
#[derive(Clone, Debug)]
pub enum RawAnswer {
    /// Announces `announced` bytes with `Content-Length`, sends `body` (shorter) and closes.
    CutShort { announced: usize, body: Vec<u8> },
    /// Streams `header` then `n_rows` generated lines from `row(i)`, chunked, generating each
    /// piece as it goes.
    Generated {
        header: String,
        n_rows: usize,
        row: fn(usize) -> String,
    },
}

/// Starts a raw HTTP/1.1 server on loopback that answers every connection with `answer`;
/// returns its base URL.
pub async fn raw_server(answer: RawAnswer) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let _ = write_answer(&mut socket, &answer).await;
            });
        }
    });
    format!("http://{address}")
}

async fn write_answer(
    socket: &mut tokio::net::TcpStream,
    answer: &RawAnswer,
) -> std::io::Result<()> {
    match answer {
        RawAnswer::CutShort { announced, body } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: {announced}\r\n\r\n"
            );
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(body).await?;
            socket.flush().await?;
            socket.shutdown().await
        }
        RawAnswer::Generated {
            header,
            n_rows,
            row,
        } => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n";
            socket.write_all(head.as_bytes()).await?;
            let mut piece = header.clone();
            for i in 0..*n_rows {
                piece.push_str(&row(i));
                if piece.len() >= 32 * 1024 {
                    write_chunk(socket, piece.as_bytes()).await?;
                    piece.clear();
                }
            }
            if !piece.is_empty() {
                write_chunk(socket, piece.as_bytes()).await?;
            }
            socket.write_all(b"0\r\n\r\n").await?;
            socket.flush().await
        }
    }
}

async fn write_chunk(socket: &mut tokio::net::TcpStream, bytes: &[u8]) -> std::io::Result<()> {
    socket
        .write_all(format!("{:x}\r\n", bytes.len()).as_bytes())
        .await?;
    socket.write_all(bytes).await?;
    socket.write_all(b"\r\n").await
}
