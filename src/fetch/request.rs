//! The data of a fetch: what to fetch ([`Request`], [`Validators`]), under which rules
//! ([`HostRules`]), and what came back ([`Fetched`], [`FetchOutcome`]). Pure: no I/O.

use std::time::Duration;

use chrono::{DateTime, Utc};
use url::Url;

use super::client::{Hop, HopMethod};
use super::{DEFAULT_DELAY, DEFAULT_PER_HOST};
use crate::model::{Page, PageHash, PageRole, SourceId};
use crate::Error;

/// What one source allows: its hosts, its pace, and whether its hosts may be private.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostRules {
    /// Hosts that may be fetched, as `host` or `host:port`, lower-case. `www.` is not
    /// implied: list both forms if the site uses both. A `host:port` entry matches that
    /// port only; a bare `host` matches the scheme's default port.
    pub allowed_hosts: Vec<String>,
    /// Least time between the starts of two requests to one host (robots.txt
    /// `Crawl-delay` may raise it).
    pub delay: Duration,
    /// Requests in flight at once to one host. The first source to reach a host sets
    /// its limit for the fetcher's lifetime.
    pub per_host: usize,
    /// Limit on one attempt, when the source sets its own (`None`: the fetcher's).
    pub timeout: Option<Duration>,
    /// Whether the hosts may be on loopback, private or link-local addresses (local
    /// mirrors and test servers).
    pub allow_private: bool,
}

impl HostRules {
    /// Rules allowing the public `hosts` with the default pace: one request at a time,
    /// the default delay, the fetcher's timeout.
    pub fn new<S: Into<String>>(hosts: impl IntoIterator<Item = S>) -> HostRules {
        HostRules {
            allowed_hosts: hosts.into_iter().map(Into::into).collect(),
            delay: DEFAULT_DELAY,
            per_host: DEFAULT_PER_HOST,
            timeout: None,
            allow_private: false,
        }
    }

    /// Whether `url` is an http(s) URL on one of the allowed hosts.
    #[must_use]
    pub fn allows(&self, url: &Url) -> bool {
        if !matches!(url.scheme(), "http" | "https") {
            return false;
        }
        let Some(key) = host_key(url) else {
            return false;
        };
        let with_default_port = url.port_or_known_default().map(|p| format!("{}:{p}", host_lower(url)));
        self.allowed_hosts.iter().any(|allowed| {
            let allowed = allowed.trim().to_ascii_lowercase();
            allowed == key || with_default_port.as_deref() == Some(allowed.as_str())
        })
    }
}

/// Stored validators of an earlier fetch, for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The earlier `ETag`, sent as `If-None-Match`.
    pub etag: Option<String>,
    /// The earlier `Last-Modified`, sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    /// The validators of a stored page; `None` when it had neither header.
    #[must_use]
    pub fn of(page: &Page) -> Option<Validators> {
        (page.etag.is_some() || page.last_modified.is_some())
            .then(|| Validators { etag: page.etag.clone(), last_modified: page.last_modified.clone() })
    }
}

/// What to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// A page; conditional when validators are given.
    Get {
        /// The URL.
        url: Url,
        /// From the last fetch of the URL, if any.
        validators: Option<Validators>,
    },
    /// A form POST, as a browser's XHR sends it (the dichvucong JSON gateway):
    /// `application/x-www-form-urlencoded; charset=UTF-8`, `X-Requested-With:
    /// XMLHttpRequest`, `Origin`, and `Referer` when given. Retried like a GET: the
    /// gateway's calls are read-only queries.
    PostForm {
        /// The URL.
        url: Url,
        /// Form fields, encoded in this order.
        form: Vec<(String, String)>,
        /// The page the request is made from.
        referer: Option<Url>,
    },
}

impl Request {
    /// A plain GET.
    #[must_use]
    pub fn get(url: Url) -> Request {
        Request::Get { url, validators: None }
    }

    /// The URL requested.
    #[must_use]
    pub fn url(&self) -> &Url {
        match self {
            Request::Get { url, .. } | Request::PostForm { url, .. } => url,
        }
    }

    /// The encoded form body of a POST (`None` for a GET), as sent on the wire.
    #[must_use]
    pub fn form_body(&self) -> Option<String> {
        match self {
            Request::Get { .. } => None,
            Request::PostForm { form, .. } => {
                Some(url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish())
            }
        }
    }

    pub(crate) fn first_hop(&self) -> Hop {
        match self {
            Request::Get { url, validators } => Hop { url: url.clone(), method: HopMethod::Get(validators.clone()) },
            Request::PostForm { url, referer, .. } => Hop {
                url: url.clone(),
                method: HopMethod::PostForm { body: self.form_body().unwrap_or_default(), referer: referer.clone() },
            },
        }
    }
}

/// A successful fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL requested.
    pub url: Url,
    /// The URL that answered, after redirects.
    pub final_url: Url,
    /// HTTP status (2xx).
    pub status: u16,
    /// `Content-Type` header.
    pub content_type: Option<String>,
    /// `ETag` header.
    pub etag: Option<String>,
    /// `Last-Modified` header.
    pub last_modified: Option<String>,
    /// The body, decompressed; at most `max_body` bytes.
    pub body: Vec<u8>,
    /// When the answer arrived (from the injected clock).
    pub fetched_at: DateTime<Utc>,
    /// HTTP requests sent for this fetch: retries and redirect hops count, robots.txt
    /// does not. 1 when the first try succeeded.
    pub attempts: u32,
}

impl Fetched {
    /// The page's metadata for the store; `request` is what was fetched (its form body
    /// is kept for a POST).
    #[must_use]
    pub fn page(&self, source: SourceId, request: &Request, role: PageRole) -> Page {
        Page {
            url: self.url.to_string(),
            final_url: self.final_url.to_string(),
            request_body: request.form_body(),
            source,
            fetched_at: self.fetched_at,
            status: self.status,
            content_type: self.content_type.clone(),
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
            hash: PageHash::of(&self.body),
            body_len: self.body.len() as u64,
            role,
        }
    }
}

/// The result of [`Fetcher::fetch`](super::Fetcher::fetch). Failures are values: one bad page never stops a run.
#[derive(Debug)]
pub enum FetchOutcome {
    /// The page.
    Fetched(Fetched),
    /// The server answered 304 to a conditional GET: the stored page is current.
    NotModified {
        /// The URL requested.
        url: Url,
        /// When the answer arrived.
        fetched_at: DateTime<Utc>,
    },
    /// Not fetched; the error names the URL and why.
    Failed(Error),
}

impl FetchOutcome {
    /// The page, if fetched.
    #[must_use]
    pub fn fetched(self) -> Option<Fetched> {
        match self {
            FetchOutcome::Fetched(f) => Some(f),
            _ => None,
        }
    }

    /// The error, if failed.
    #[must_use]
    pub fn error(&self) -> Option<&Error> {
        match self {
            FetchOutcome::Failed(e) => Some(e),
            _ => None,
        }
    }
}

fn host_lower(url: &Url) -> String {
    url.host_str().unwrap_or_default().trim_end_matches('.').to_ascii_lowercase()
}

/// The key hosts are scheduled and allowed by: `host`, or `host:port` when the URL
/// names a port other than the scheme's default.
#[must_use]
pub fn host_key(url: &Url) -> Option<String> {
    url.host_str()?;
    let host = host_lower(url);
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("valid url")
    }

    #[test]
    fn allowed_hosts() {
        let rules = HostRules::new(["dichvucong.gov.vn", "127.0.0.1:8080", "Sonoivu.BacKan.gov.vn"]);
        assert!(rules.allows(&url("https://dichvucong.gov.vn/p/home/x.html")));
        assert!(rules.allows(&url("http://DICHVUCONG.gov.vn./x")));
        assert!(rules.allows(&url("https://dichvucong.gov.vn:443/x")));
        assert!(rules.allows(&url("https://sonoivu.backan.gov.vn/")));
        assert!(rules.allows(&url("http://127.0.0.1:8080/")));
        assert!(!rules.allows(&url("http://127.0.0.1:8081/")));
        assert!(!rules.allows(&url("http://127.0.0.1/")));
        assert!(!rules.allows(&url("https://www.dichvucong.gov.vn/")), "www. is not implied");
        assert!(!rules.allows(&url("https://dichvucong.gov.vn.evil.com/")));
        assert!(!rules.allows(&url("ftp://dichvucong.gov.vn/")));
        assert!(!rules.allows(&url("https://dichvucong.gov.vn:8443/")));
        let explicit = HostRules::new(["a.vn:443"]);
        assert!(explicit.allows(&url("https://a.vn/")));
        assert!(!explicit.allows(&url("http://a.vn/")));
    }

    #[test]
    fn host_keys() {
        assert_eq!(host_key(&url("https://A.vn/x")).as_deref(), Some("a.vn"));
        assert_eq!(host_key(&url("https://a.vn:443/x")).as_deref(), Some("a.vn"));
        assert_eq!(host_key(&url("http://127.0.0.1:3000/")).as_deref(), Some("127.0.0.1:3000"));
        assert_eq!(host_key(&url("http://[::1]:3000/")).as_deref(), Some("[::1]:3000"));
    }

    #[test]
    fn form_body_encoding() {
        let req = Request::PostForm {
            url: url("https://dichvucong.gov.vn/jsp/rest.jsp"),
            form: vec![("params".into(), r#"{"service":"report_tinh_766_service","p_nam":"2024"}"#.into())],
            referer: None,
        };
        assert_eq!(
            req.form_body().as_deref(),
            Some("params=%7B%22service%22%3A%22report_tinh_766_service%22%2C%22p_nam%22%3A%222024%22%7D")
        );
        assert_eq!(Request::get(url("https://a.vn/")).form_body(), None);
    }

    #[test]
    fn page_metadata_and_validators() {
        let request = Request::PostForm {
            url: url("https://dichvucong.gov.vn/jsp/rest.jsp"),
            form: vec![("params".into(), "{}".into())],
            referer: None,
        };
        let at = chrono::DateTime::<Utc>::UNIX_EPOCH;
        let fetched = Fetched {
            url: request.url().clone(),
            final_url: request.url().clone(),
            status: 200,
            content_type: Some("application/json".into()),
            etag: Some("\"e\"".into()),
            last_modified: None,
            body: b"[]".to_vec(),
            fetched_at: at,
            attempts: 1,
        };
        let page = fetched.page(SourceId("dichvucong".into()), &request, PageRole::IndexPage);
        assert_eq!(page.request_body.as_deref(), Some("params=%7B%7D"));
        assert_eq!((page.body_len, page.hash), (2, PageHash::of(b"[]")));
        assert_eq!(page.fetched_at, at);
        assert_eq!(Validators::of(&page), Some(Validators { etag: Some("\"e\"".into()), last_modified: None }));
        let bare = Page { etag: None, ..page };
        assert_eq!(Validators::of(&bare), None);
    }
}
