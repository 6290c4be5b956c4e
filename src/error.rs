//! The library's error type for the I/O stages (fetching, storing, configuration),
//! and the pure extraction error it wraps. No I/O of its own.

use std::path::PathBuf;

pub use crate::extract::ExtractError;

/// What went wrong, with the URL, path or key it is about and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be made or the connection failed.
    #[error("fetching {url}: {message}")]
    Http {
        /// The URL.
        url: String,
        /// What the HTTP client reported.
        message: String,
    },
    /// The server answered with an error status.
    #[error("fetching {url}: HTTP {code}")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        code: u16,
    },
    /// The server did not answer in time.
    #[error("fetching {url}: no answer within {seconds} s (raise the timeout in dvcrank.toml if the site is slow)")]
    Timeout {
        /// The URL.
        url: String,
        /// The timeout that expired.
        seconds: u64,
    },
    /// The body was larger than the cap.
    #[error("fetching {url}: body larger than {limit} bytes; not stored")]
    BodyTooLarge {
        /// The URL.
        url: String,
        /// The cap in bytes.
        limit: u64,
    },
    /// A redirect pointed to a host the source does not name.
    #[error("fetching {from}: redirected to {to}, outside the source's allowed hosts")]
    RedirectOffHost {
        /// The URL requested.
        from: String,
        /// Where the redirect pointed.
        to: String,
    },
    /// Too many redirects, or a loop.
    #[error("fetching {url}: too many redirects (a loop?)")]
    RedirectLoop {
        /// The URL requested.
        url: String,
    },
    /// robots.txt forbids the URL.
    #[error("{url} is disallowed by the site's robots.txt; not fetched")]
    RobotsDisallowed {
        /// The URL.
        url: String,
    },
    /// The URL's host is not one the source allows.
    #[error("{url} is outside the source's allowed hosts; not fetched")]
    HostNotAllowed {
        /// The URL.
        url: String,
    },
    /// The host is, or resolves to, a loopback, private or link-local address.
    #[error("{url}: host is or resolves to the non-public address {address}; not fetched (set allow_private for local servers)")]
    PrivateAddress {
        /// The URL.
        url: String,
        /// The offending address.
        address: String,
    },
    /// robots.txt could not be read (5xx, network failure), so the host is treated as
    /// disallowing everything for this run (RFC 9309).
    #[error(
        "{url} not fetched: the host's robots.txt could not be read ({reason}); nothing is fetched from it in this run"
    )]
    RobotsUnavailable {
        /// The URL that was not fetched.
        url: String,
        /// What went wrong with robots.txt.
        reason: String,
    },
    /// The server asked to wait (`Retry-After`) longer than the fetcher accepts.
    #[error("fetching {url}: HTTP {code} with Retry-After of {seconds} s, more than the {cap_seconds} s allowed; try again later")]
    RetryAfterTooLong {
        /// The URL.
        url: String,
        /// The status (429 or 503).
        code: u16,
        /// The wait the server asked for.
        seconds: u64,
        /// The longest wait accepted.
        cap_seconds: u64,
    },
    /// The store failed.
    #[error("store: {op}: {message}")]
    Store {
        /// What was being done.
        op: String,
        /// What went wrong.
        message: String,
    },
    /// A configuration or selectors file is wrong.
    #[error("{}: {key}: {message}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// The key (or `-` for the whole file).
        key: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A page could not be read into figures.
    #[error("extracting {url}: {source}")]
    Extract {
        /// The page.
        url: String,
        /// Why.
        source: ExtractError,
    },
    /// A chart could not be drawn.
    #[error("chart {}: {message}", path.display())]
    Chart {
        /// The output file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The command asked for something that does not exist (a province, a period …).
    #[error("{0}")]
    Input(String),
}

impl Error {
    /// Wraps an I/O error with the path it is about.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    /// Whether this is a configuration error (nothing ran; exit code 3).
    #[must_use]
    pub fn is_config(&self) -> bool {
        matches!(self, Error::Config { .. })
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
