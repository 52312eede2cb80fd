//! Streams out of a bulk file: typed rows parsed while the body arrives, or its raw bytes.
//!
//! The CSV reader of `balkanid_domain` is synchronous over `io::Read`. The bridge is two
//! bounded channels: an async task reads the HTTP body and sends its chunks into the first;
//! a blocking task reads them through [`ChannelReader`], parses rows and sends them into the
//! second, which [`Rows`] hands out as a `Stream`. Both channels are small, so at most a few
//! hundred kilobytes of the file and a few hundred rows are in memory at any time, whatever
//! the file's size; when the consumer is slower, the body is simply read more slowly.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes};
use futures::Stream;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use balkanid_domain::csv::{CsvError, Reader, Record};

use super::BulkResource;
use crate::cloud::error::Error;

/// Chunks of the body in flight between the network task and the parser.
pub(crate) const BYTE_CHANNEL_CHUNKS: usize = 16;

/// Parsed rows waiting for the consumer.
pub(crate) const ROW_CHANNEL_ROWS: usize = 256;

/// The typed rows of a bulk file, parsed while it downloads.
///
/// A `Stream` of `Result<T, Error>`: a malformed row is an [`Error::Csv`] naming the file,
/// line and column, and reading goes on with the next row; a connection that drops mid-file
/// is an [`Error::Truncated`] and ends the stream. Dropping `Rows` stops the download.
/// Collect with `futures::TryStreamExt::try_collect`, or read one row at a time with
/// `futures::StreamExt::next`.
pub struct Rows<T> {
    rows: mpsc::Receiver<Result<T, Error>>,
    network: JoinHandle<()>,
    resource: BulkResource,
}

impl<T> fmt::Debug for Rows<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rows")
            .field("resource", &self.resource)
            .finish_non_exhaustive()
    }
}

impl<T> Rows<T> {
    /// The resource being downloaded.
    pub fn resource(&self) -> BulkResource {
        self.resource
    }
}

impl<T: Record + Send + 'static> Rows<T> {
    /// Starts the parser on `bytes`, fed by the `network` task.
    pub(crate) fn start(
        resource: BulkResource,
        bytes: mpsc::Receiver<io::Result<Bytes>>,
        network: JoinHandle<()>,
    ) -> Self {
        let (row_sender, rows) = mpsc::channel(ROW_CHANNEL_ROWS);
        tokio::task::spawn_blocking(move || {
            let reader = Reader::<_, T>::new(ChannelReader::new(bytes));
            for item in reader {
                let item = item.map_err(from_csv_error);
                if row_sender.blocking_send(item).is_err() {
                    break;
                }
            }
        });
        Rows {
            rows,
            network,
            resource,
        }
    }
}

impl<T> Stream for Rows<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rows.poll_recv(cx)
    }
}

impl<T> Drop for Rows<T> {
    fn drop(&mut self) {
        self.network.abort();
    }
}

/// The raw bytes of a bulk file, as they arrive.
///
/// A `Stream` of `Result<Bytes, Error>`; a dropped connection is an [`Error::Truncated`].
pub struct ByteStream {
    chunks: mpsc::Receiver<io::Result<Bytes>>,
    network: JoinHandle<()>,
    resource: BulkResource,
    content_length: Option<u64>,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("resource", &self.resource)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    pub(crate) fn new(
        resource: BulkResource,
        chunks: mpsc::Receiver<io::Result<Bytes>>,
        network: JoinHandle<()>,
        content_length: Option<u64>,
    ) -> Self {
        ByteStream {
            chunks,
            network,
            resource,
            content_length,
        }
    }

    /// The resource being downloaded.
    pub fn resource(&self) -> BulkResource {
        self.resource
    }

    /// The file's length, when the server announced it.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks
            .poll_recv(cx)
            .map(|item| item.map(|res| res.map_err(from_io_error)))
    }
}

impl Drop for ByteStream {
    fn drop(&mut self) {
        self.network.abort();
    }
}

/// A blocking `io::Read` over the chunks an async task sends; for use off the async runtime
/// (in `spawn_blocking`), where waiting on the channel is allowed.
pub(crate) struct ChannelReader {
    chunks: mpsc::Receiver<io::Result<Bytes>>,
    current: Bytes,
}

impl ChannelReader {
    pub(crate) fn new(chunks: mpsc::Receiver<io::Result<Bytes>>) -> Self {
        ChannelReader {
            chunks,
            current: Bytes::new(),
        }
    }
}

impl io::Read for ChannelReader {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            match self.chunks.blocking_recv() {
                Some(Ok(chunk)) => self.current = chunk,
                Some(Err(error)) => return Err(error),
                None => return Ok(0),
            }
        }

        let n = buffer.len().min(self.current.len());
        buffer[..n].copy_from_slice(&self.current[..n]);
        self.current.advance(n);
        Ok(n)
    }
}

/// How a stream error names the file's origin, which it no longer knows.
const FILE_ORIGIN: &str = "the bulk file's host";

/// Wraps a client error to cross the `io::Read` boundary.
pub(crate) fn to_io_error(error: Error) -> io::Error {
    io::Error::other(error)
}

/// Recovers a client error that crossed the `io::Read` boundary; other IO errors become
/// transport errors.
pub(crate) fn from_io_error(error: io::Error) -> Error {
    if error.get_ref().is_some_and(|inner| inner.is::<Error>()) {
        let inner = error.into_inner();
        if let Some(Ok(client_error)) = inner.map(|boxed| boxed.downcast::<Error>()) {
            return *client_error;
        }
        return Error::Transport {
            origin: FILE_ORIGIN.to_owned(),
            source: "lost error".into(),
        };
    }
    Error::Transport {
        origin: FILE_ORIGIN.to_owned(),
        source: Box::new(error),
    }
}

/// A CSV error, unless it is the client's own error that crossed the `io::Read` boundary.
pub(crate) fn from_csv_error(error: CsvError) -> Error {
    match error {
        CsvError::Io { source, .. } if source.get_ref().is_some_and(|i| i.is::<Error>()) => {
            from_io_error(source)
        }
        other => Error::Csv(other),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[tokio::test]
    async fn channel_reader_joins_chunks_and_ends_when_the_sender_closes() {
        let (sender, receiver) = mpsc::channel(4);
        sender.send(Ok(Bytes::from_static(b"ab"))).await.unwrap();
        sender.send(Ok(Bytes::from_static(b"cde"))).await.unwrap();
        drop(sender);

        let text = tokio::task::spawn_blocking(move || {
            let mut text = String::new();
            ChannelReader::new(receiver)
                .read_to_string(&mut text)
                .map(|_| text)
        })
        .await
        .unwrap()
        .unwrap();

        assert_eq!(text, "abcde");
    }

    #[test]
    fn a_client_error_survives_the_trip_through_io_error() {
        let error = Error::Truncated {
            resource: "employees".into(),
            received: 10,
            expected: Some(20),
            source: None,
        };

        let back = from_io_error(to_io_error(error));

        assert!(matches!(
            back,
            Error::Truncated {
                received: 10,
                expected: Some(20),
                ..
            }
        ));
    }
}
