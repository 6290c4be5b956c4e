//! A raw HTTP/1.1 server on 127.0.0.1 for the fetch tests that wiremock cannot express:
//! bodies without `Content-Length`, bodies that trickle, connections closed without an
//! answer, and answers held back until another server has seen a request. I/O: loopback
//! TCP only.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// What the server does with one connection (after reading the request head).
#[derive(Debug, Clone)]
pub enum Script {
    /// Close the connection without answering.
    Close,
    /// Write these bytes, then close.
    Raw(Vec<u8>),
    /// Write `head`, then `chunk` every `every`, `count` times, then close.
    Trickle {
        /// Status line and headers, ending in a blank line.
        head: Vec<u8>,
        /// Bytes written at each tick.
        chunk: Vec<u8>,
        /// Time between ticks.
        every: Duration,
        /// Number of ticks.
        count: usize,
    },
    /// Wake `signal` (another script may be waiting on it), then answer with `bytes`.
    Signal {
        /// Woken when the request has arrived.
        signal: Arc<Notify>,
        /// The answer.
        bytes: Vec<u8>,
    },
    /// Wait until `signal` is woken, then answer with `bytes`.
    WaitFor {
        /// What to wait for.
        signal: Arc<Notify>,
        /// The answer.
        bytes: Vec<u8>,
    },
}

/// A running raw server; stopped when dropped.
#[derive(Debug)]
pub struct RawServer {
    addr: SocketAddr,
    hits: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Starts a server; connection `i` runs `scripts[i]` (the last script repeats).
    pub async fn start(scripts: Vec<Script>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&hits);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let i = counter.fetch_add(1, Ordering::SeqCst);
                let script = scripts.get(i).or(scripts.last()).cloned().unwrap_or(Script::Close);
                tokio::spawn(serve(stream, script));
            }
        });
        RawServer { addr, hits, task }
    }

    /// `host:port`, as allowed hosts name it.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// A URL on this server.
    pub fn url(&self, path: &str) -> url::Url {
        url::Url::parse(&format!("http://{}{path}", self.addr)).expect("valid url")
    }

    /// Connections accepted so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, script: Script) {
    read_head(&mut stream).await;
    // Write errors mean the client gave up, which is what some tests want.
    match script {
        Script::Close => {}
        Script::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
        }
        Script::Trickle { head, chunk, every, count } => {
            if stream.write_all(&head).await.is_err() {
                return;
            }
            for _ in 0..count {
                tokio::time::sleep(every).await;
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
            }
        }
        Script::Signal { signal, bytes } => {
            signal.notify_one();
            let _ = stream.write_all(&bytes).await;
        }
        Script::WaitFor { signal, bytes } => {
            signal.notified().await;
            let _ = stream.write_all(&bytes).await;
        }
    }
    let _ = stream.shutdown().await;
}

/// Reads until the blank line that ends the request head (bodies are not needed here).
async fn read_head(stream: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

/// A complete `200 OK` with `Content-Length`, closing the connection.
pub fn ok(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A `200 OK` sent with `Transfer-Encoding: chunked`, so no length is known in advance.
pub fn chunked(parts: &[&[u8]]) -> Vec<u8> {
    let mut out =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            .to_vec();
    for part in parts {
        out.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        out.extend_from_slice(part);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}
