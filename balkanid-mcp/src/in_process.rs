//! Calling one tool without a transport to the outside: the server and rmcp's client talk
//! over an in-memory pipe, so `balkanid-mcp call` runs exactly the code a real client
//! reaches.

use rmcp::model::{CallToolRequestParams, CallToolResult, JsonObject};
use rmcp::service::{ClientInitializeError, ServiceError};
use rmcp::{ServerHandler, ServiceExt};

/// The pipe's buffer size; results are capped well below it, but a larger buffer avoids
/// needless back-and-forth.
const PIPE_BYTES: usize = 256 * 1024;

/// Why an in-process call could not be made (a tool that fails still returns a result with
/// `isError: true`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InProcessError {
    /// The client could not connect to the server.
    #[error("the in-process client could not connect")]
    Connect(#[source] Box<ClientInitializeError>),
    /// The server answered with a protocol error, such as an unknown tool.
    #[error("the call failed")]
    Call(#[source] Box<ServiceError>),
}

/// Calls `tool` with `arguments` on `server` through rmcp's client and returns its result.
///
/// # Errors
///
/// [`InProcessError::Connect`] when the handshake fails; [`InProcessError::Call`] for a
/// protocol error, such as a tool the server does not offer.
pub async fn call_in_process<S>(
    server: S,
    tool: &str,
    arguments: JsonObject,
) -> Result<CallToolResult, InProcessError>
where
    S: ServerHandler,
{
    let (server_io, client_io) = tokio::io::duplex(PIPE_BYTES);
    let serving = tokio::spawn(async move {
        match server.serve(server_io).await {
            Ok(running) => {
                let _ = running.waiting().await;
            }
            Err(error) => tracing::error!(%error, "the in-process server did not start"),
        }
    });

    let client = ().serve(client_io).await.map_err(|e| InProcessError::Connect(Box::new(e)))?;
    let request = CallToolRequestParams::new(tool.to_string()).with_arguments(arguments);
    let res = client
        .call_tool(request)
        .await
        .map_err(|e| InProcessError::Call(Box::new(e)));

    let _ = client.cancel().await;
    let _ = serving.await;
    res
}
