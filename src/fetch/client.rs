//! The HTTP client: one request, one answer. Builds the reqwest client (user agent,
//! cookie store, no automatic redirects, connect timeout, a resolver that refuses
//! private addresses), sends one hop of a request with the headers a browser would
//! send, reads the body chunk by chunk under a size cap, and bounds the whole attempt
//! by the timeout. Redirects, retries, robots.txt and politeness are decided by the
//! caller (`fetch/mod.rs`). I/O: network.

use std::error::Error as StdError;
use std::fmt;
use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::StatusCode;
use url::{Host, Url};

use super::{FetchConfig, Validators};
use crate::Error;

/// `Accept` for page GETs.
const ACCEPT_PAGE: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
/// `Accept` for the JSON gateway, as jQuery sends it.
const ACCEPT_XHR: &str = "application/json, text/javascript, */*; q=0.01";
/// `Accept-Encoding`: the codings [`decode`] undoes.
const ACCEPT_ENCODING: &str = "gzip, deflate, br";
/// `Accept-Language`: the sites are Vietnamese.
const ACCEPT_LANGUAGE: &str = "vi-VN,vi;q=0.9,en;q=0.8";
/// `Content-Type` of a form POST, as browsers send it to dichvucong's rest.jsp.
pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=UTF-8";

/// Builds a shared reqwest client; with `allow_private` false its resolver refuses
/// names that resolve to non-public addresses.
pub(crate) fn build(config: &FetchConfig, allow_private: bool) -> Result<reqwest::Client, Error> {
    let user_agent = HeaderValue::from_str(&config.user_agent).map_err(|_| {
        Error::Input(format!(
            "fetch configuration: user agent {:?} is not a valid HTTP header value (use printable ASCII)",
            config.user_agent
        ))
    })?;
    let mut builder = reqwest::Client::builder()
        .user_agent(user_agent)
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .connect_timeout(config.timeout);
    if !allow_private {
        builder = builder.dns_resolver(Arc::new(PublicOnlyResolver));
    }
    builder
        .build()
        .map_err(|e| Error::Http { url: "-".into(), message: format!("building the HTTP client: {}", chain(&e)) })
}

/// One request on the wire: the first hop of a [`super::Request`], or a redirect hop.
#[derive(Debug, Clone)]
pub(crate) struct Hop {
    /// Where to send it.
    pub(crate) url: Url,
    /// GET, or POST with a form body.
    pub(crate) method: HopMethod,
}

/// The method of a hop.
#[derive(Debug, Clone)]
pub(crate) enum HopMethod {
    /// A GET, conditional when validators are given.
    Get(Option<Validators>),
    /// A form POST: the encoded body and the optional `Referer`.
    PostForm { body: String, referer: Option<Url> },
}

impl Hop {
    /// The hop a redirect with `status` to `to` leads to: 303, and 301/302 after a POST,
    /// become a GET (as browsers do); 307/308 repeat the request as it was.
    pub(crate) fn follow(&self, status: u16, to: Url) -> Hop {
        let method = match (&self.method, status) {
            (HopMethod::PostForm { .. }, 307 | 308) | (HopMethod::Get(_), _) => self.method.clone(),
            (HopMethod::PostForm { .. }, _) => HopMethod::Get(None),
        };
        Hop { url: to, method }
    }
}

/// How much of a body to read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimit {
    /// The most bytes kept (after decompression).
    pub(crate) cap: u64,
    /// The most bytes read of a compressed body.
    pub(crate) compressed_cap: u64,
    /// Past the cap: keep the first `cap` bytes (robots.txt) instead of failing.
    pub(crate) truncate: bool,
}

/// A response read to the end.
#[derive(Debug)]
pub(crate) struct Body {
    /// HTTP status (2xx).
    pub(crate) status: u16,
    /// `Content-Type`.
    pub(crate) content_type: Option<String>,
    /// `ETag`.
    pub(crate) etag: Option<String>,
    /// `Last-Modified`.
    pub(crate) last_modified: Option<String>,
    /// The decoded body.
    pub(crate) bytes: Vec<u8>,
}

/// What one hop got back.
#[derive(Debug)]
pub(crate) enum Answer {
    /// 2xx, body read.
    Body(Body),
    /// 301, 302, 303, 307 or 308.
    Redirect {
        /// The status.
        status: u16,
        /// The raw `Location` header, if any.
        location: Option<String>,
    },
    /// 304 to a conditional GET.
    NotModified,
    /// Any other status; the body is not read.
    Status {
        /// The status.
        code: u16,
        /// The raw `Retry-After` header, if any.
        retry_after: Option<String>,
    },
}

/// A failed attempt, and whether trying again might help.
#[derive(Debug)]
pub(crate) struct Failure {
    /// What went wrong.
    pub(crate) error: Error,
    /// Timeouts, refused or reset connections: yes. Size cap, private address,
    /// undecodable body: no.
    pub(crate) retryable: bool,
}

/// Sends `hop` and reads the answer, all within `timeout`.
pub(crate) async fn send(
    client: &reqwest::Client,
    hop: &Hop,
    limit: BodyLimit,
    timeout: Duration,
    allow_private: bool,
) -> Result<Answer, Failure> {
    let url = hop.url.as_str();
    if !allow_private {
        if let Some(ip) = literal_ip(&hop.url).filter(|ip| !is_public(*ip)) {
            let error = Error::PrivateAddress { url: url.to_owned(), address: ip.to_string() };
            return Err(Failure { error, retryable: false });
        }
    }
    match tokio::time::timeout(timeout, exchange(client, hop, limit, timeout)).await {
        Ok(result) => result,
        Err(_elapsed) => Err(Failure { error: timeout_error(url, timeout), retryable: true }),
    }
}

async fn exchange(client: &reqwest::Client, hop: &Hop, limit: BodyLimit, timeout: Duration) -> Result<Answer, Failure> {
    let url = hop.url.as_str();
    let response = request(client, hop).send().await.map_err(|e| map_error(url, &e, timeout))?;
    let status = response.status();
    let conditional = matches!(&hop.method, HopMethod::Get(Some(_)));
    if status.is_success() {
        let headers = response.headers().clone();
        let coding = header_text(&headers, header::CONTENT_ENCODING);
        let raw_limit = match coding.as_deref() {
            None | Some("identity") => limit,
            Some(_) => BodyLimit { cap: limit.compressed_cap, ..limit },
        };
        let raw = read_body(url, response, raw_limit, timeout).await?;
        let bytes = decode(url, raw, coding.as_deref(), limit)?;
        return Ok(Answer::Body(Body {
            status: status.as_u16(),
            content_type: header_text(&headers, header::CONTENT_TYPE),
            etag: header_text(&headers, header::ETAG),
            last_modified: header_text(&headers, header::LAST_MODIFIED),
            bytes,
        }));
    }
    let headers = response.headers();
    Ok(match status {
        StatusCode::MOVED_PERMANENTLY
        | StatusCode::FOUND
        | StatusCode::SEE_OTHER
        | StatusCode::TEMPORARY_REDIRECT
        | StatusCode::PERMANENT_REDIRECT => {
            Answer::Redirect { status: status.as_u16(), location: header_text(headers, header::LOCATION) }
        }
        StatusCode::NOT_MODIFIED if conditional => Answer::NotModified,
        _ => Answer::Status { code: status.as_u16(), retry_after: header_text(headers, header::RETRY_AFTER) },
    })
}

/// The reqwest request for a hop, with browser-like headers.
fn request(client: &reqwest::Client, hop: &Hop) -> reqwest::RequestBuilder {
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static(ACCEPT_LANGUAGE));
    headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(ACCEPT_ENCODING));
    match &hop.method {
        HopMethod::Get(validators) => {
            headers.insert(header::ACCEPT, HeaderValue::from_static(ACCEPT_PAGE));
            if let Some(v) = validators {
                // Validators come from a stored page; a value that is not a valid header
                // is dropped, which only costs an unconditional fetch.
                if let Some(etag) = v.etag.as_deref().and_then(|s| HeaderValue::from_str(s).ok()) {
                    headers.insert(header::IF_NONE_MATCH, etag);
                }
                if let Some(lm) = v.last_modified.as_deref().and_then(|s| HeaderValue::from_str(s).ok()) {
                    headers.insert(header::IF_MODIFIED_SINCE, lm);
                }
            }
            client.get(hop.url.clone()).headers(headers)
        }
        HopMethod::PostForm { body, referer } => {
            headers.insert(header::ACCEPT, HeaderValue::from_static(ACCEPT_XHR));
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(FORM_CONTENT_TYPE));
            headers.insert("x-requested-with", HeaderValue::from_static("XMLHttpRequest"));
            if let Ok(origin) = HeaderValue::from_str(&hop.url.origin().ascii_serialization()) {
                headers.insert(header::ORIGIN, origin);
            }
            if let Some(referer) = referer.as_ref().and_then(|r| HeaderValue::from_str(r.as_str()).ok()) {
                headers.insert(header::REFERER, referer);
            }
            client.post(hop.url.clone()).headers(headers).body(body.clone())
        }
    }
}

/// Reads the body as it arrives, chunk by chunk, stopping at the cap (for a compressed
/// body, the compressed cap; [`decode`] holds the decoded bytes to the other).
async fn read_body(
    url: &str,
    mut response: reqwest::Response,
    limit: BodyLimit,
    timeout: Duration,
) -> Result<Vec<u8>, Failure> {
    if response.content_length().is_some_and(|len| len > limit.cap) && !limit.truncate {
        return Err(too_large(url, limit));
    }
    let cap = usize::try_from(limit.cap).unwrap_or(usize::MAX);
    let hint = response.content_length().and_then(|len| usize::try_from(len).ok()).unwrap_or(0);
    let mut body = Vec::with_capacity(hint.min(cap).min(1 << 20));
    while let Some(chunk) = response.chunk().await.map_err(|e| map_error(url, &e, timeout))? {
        if body.len() + chunk.len() > cap {
            if limit.truncate {
                body.extend_from_slice(&chunk[..cap - body.len()]);
                break;
            }
            return Err(too_large(url, limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Undoes the `Content-Encoding` (gzip, deflate, br; several in the order applied),
/// holding the output to the cap: a gzip bomb stops here. A body that does not decode
/// is the same on every try, so it is not retried.
fn decode(url: &str, raw: Vec<u8>, coding: Option<&str>, limit: BodyLimit) -> Result<Vec<u8>, Failure> {
    let Some(coding) = coding else { return Ok(raw) };
    let mut body = raw;
    for name in coding.split(',').map(|c| c.trim().to_ascii_lowercase()).rev() {
        let reader: Box<dyn Read + '_> = match name.as_str() {
            "identity" | "" => continue,
            "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(&body[..])),
            // Servers send both zlib-wrapped and raw deflate under this name.
            "deflate" if body.first().is_some_and(|b| b & 0x0F == 8) => {
                Box::new(flate2::read::ZlibDecoder::new(&body[..]))
            }
            "deflate" => Box::new(flate2::read::DeflateDecoder::new(&body[..])),
            "br" => Box::new(brotli_decompressor::Decompressor::new(&body[..], 8 * 1024)),
            other => {
                let message = format!("unsupported Content-Encoding `{other}`");
                return Err(Failure { error: Error::Http { url: url.to_owned(), message }, retryable: false });
            }
        };
        body = read_capped(url, reader, &name, limit)?;
    }
    Ok(body)
}

/// Reads a decoder to its end or to the cap.
fn read_capped(url: &str, reader: impl Read, coding: &str, limit: BodyLimit) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    // One byte past the cap tells "exactly the cap" from "more".
    match reader.take(limit.cap.saturating_add(1)).read_to_end(&mut out) {
        Ok(_) => {}
        // A truncated robots.txt keeps what decoded before the cut.
        Err(_) if limit.truncate && !out.is_empty() => {}
        Err(e) => {
            let message = format!("body does not decode as {coding}: {e}");
            return Err(Failure { error: Error::Http { url: url.to_owned(), message }, retryable: false });
        }
    }
    if out.len() as u64 > limit.cap {
        if !limit.truncate {
            return Err(too_large(url, limit));
        }
        out.truncate(usize::try_from(limit.cap).unwrap_or(usize::MAX));
    }
    Ok(out)
}

/// A body over its cap: the same on every try.
fn too_large(url: &str, limit: BodyLimit) -> Failure {
    Failure { error: Error::BodyTooLarge { url: url.to_owned(), limit: limit.cap }, retryable: false }
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(|s| s.trim().to_owned())
}

/// The error for an attempt that ran out of time.
pub(crate) fn timeout_error(url: &str, timeout: Duration) -> Error {
    let seconds = timeout.as_secs() + u64::from(timeout.subsec_nanos() > 0);
    Error::Timeout { url: url.to_owned(), seconds }
}

/// Turns a reqwest error into ours, deciding whether it is worth a retry.
fn map_error(url: &str, e: &reqwest::Error, timeout: Duration) -> Failure {
    if let Some(private) = find_source::<PrivateAddressError>(e) {
        let error = Error::PrivateAddress { url: url.to_owned(), address: private.address.to_string() };
        return Failure { error, retryable: false };
    }
    if e.is_timeout() {
        // The connect timeout.
        return Failure { error: timeout_error(url, timeout), retryable: true };
    }
    // A connection that fails (refused, reset, closed mid-body) may work next time.
    let retryable = !e.is_builder() && (e.is_connect() || e.is_request() || e.is_body() || e.is_decode());
    Failure { error: Error::Http { url: url.to_owned(), message: chain(e) }, retryable }
}

/// An error and its sources, joined: reqwest's own message rarely says what happened.
pub(crate) fn chain(e: &dyn StdError) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

fn find_source<'a, T: StdError + 'static>(e: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current = Some(e);
    while let Some(err) = current {
        if let Some(found) = err.downcast_ref::<T>() {
            return Some(found);
        }
        current = err.source();
    }
    None
}

/// The IP address of a URL whose host is written as one.
fn literal_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        Host::Domain(_) => None,
    }
}

/// Whether an address is on the public internet: not loopback, private (RFC 1918,
/// unique-local), link-local, shared (CGNAT), unspecified, broadcast, multicast or
/// documentation space. IPv4-mapped IPv6 addresses are judged as IPv4.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // 100.64.0.0/10, shared address space
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // fc00::/7, unique local
        || (first & 0xffc0) == 0xfe80 // fe80::/10, link local
        || (first & 0xffc0) == 0xfec0 // fec0::/10, old site local
        || first == 0x2001 && ip.segments()[1] == 0x0db8) // documentation
}

/// A host name that resolved to a non-public address.
#[derive(Debug)]
struct PrivateAddressError {
    host: String,
    address: IpAddr,
}

impl fmt::Display for PrivateAddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} resolves to the non-public address {}", self.host, self.address)
    }
}

impl StdError for PrivateAddressError {}

/// Resolves names with the system resolver and refuses any name with a non-public
/// address. Checking here, where the connection's addresses are chosen, also covers
/// redirects and a name that changes its answer between two lookups.
#[derive(Debug)]
struct PublicOnlyResolver;

impl reqwest::dns::Resolve for PublicOnlyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
                let err: Box<dyn StdError + Send + Sync> = Box::new(PrivateAddressError { address: bad.ip(), host });
                return Err(err);
            }
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("valid ip")
    }

    #[test]
    fn public_and_private_addresses() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip(private)), "{private}");
        }
        for public in
            ["203.162.4.190", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2404:6800:4005::200e", "::ffff:8.8.8.8"]
        {
            assert!(is_public(ip(public)), "{public}");
        }
    }

    #[test]
    fn redirects_turn_posts_into_gets_like_browsers() {
        let url = Url::parse("https://a.vn/rest.jsp").expect("valid url");
        let post = Hop { url: url.clone(), method: HopMethod::PostForm { body: "a=1".into(), referer: None } };
        assert!(matches!(post.follow(302, url.clone()).method, HopMethod::Get(None)));
        assert!(matches!(post.follow(303, url.clone()).method, HopMethod::Get(None)));
        assert!(matches!(post.follow(307, url.clone()).method, HopMethod::PostForm { .. }));
        let get = Hop { url: url.clone(), method: HopMethod::Get(None) };
        assert!(matches!(get.follow(308, url).method, HopMethod::Get(None)));
    }

    #[test]
    fn error_chain_is_joined_without_repeats() {
        let inner = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by peer");
        let outer = std::io::Error::other(inner);
        assert_eq!(chain(&outer), "reset by peer");
    }
}
