//! Fetching: turns a [`Request`] into a [`FetchOutcome`], politely. The [`Fetcher`] checks
//! the source's allowed hosts, asks robots.txt (fetched once per origin and cached),
//! waits for the host's turn (one request in flight per host unless the source allows
//! more, a delay between starts, `Retry-After`), sends the request, follows redirects itself (each hop checked against
//! the allowed hosts, loops caught), retries transient failures with jittered backoff,
//! caps the body and honours conditional GET. I/O: network and the tokio timer.
//!
//! The pieces: `request` (the types above, pure), `client` (one HTTP exchange, I/O),
//! `politeness` (per-host gate, I/O: timer), [`retry`] (backoff schedule, pure),
//! [`robots`] (robots.txt rules, pure), [`frontier`] (the URL queue of a crawl, pure).

mod client;
pub mod frontier;
mod politeness;
mod request;
pub mod retry;
pub mod robots;

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::OnceCell;
use url::Url;

use self::client::{Answer, BodyLimit, Failure, Hop, HopMethod};
use self::politeness::HostGates;
use self::retry::{Backoff, RetryAfter};
use self::robots::{RobotsPolicy, Verdict};
use crate::clock::Clock;
use crate::Error;

pub use self::frontier::{Frontier, FrontierEntry, FrontierLimits, LinkKind, Push};
pub use self::request::{host_key, FetchOutcome, Fetched, HostRules, Request, Validators};
pub use self::retry::{DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_CAP, DEFAULT_MAX_RETRY_AFTER};
pub use self::robots::{MAX_CRAWL_DELAY, MAX_ROBOTS_BYTES};

/// The user agent sent with every request: names the crawler and where to read about it.
pub const DEFAULT_USER_AGENT: &str =
    concat!("dvcrank/", env!("CARGO_PKG_VERSION"), " (+https://github.com/dvcrank/dvcrank; research crawler)");
/// Default least time between the starts of two requests to one host.
pub const DEFAULT_DELAY: Duration = Duration::from_secs(1);
/// Default requests in flight at once to one host.
pub const DEFAULT_PER_HOST: usize = 1;
/// Default limit on one attempt: connecting, sending and reading the whole body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default body cap in bytes, counted after decompression.
pub const DEFAULT_MAX_BODY: u64 = 20 * 1024 * 1024;
/// Default cap in bytes on a compressed body as it arrives.
pub const DEFAULT_MAX_COMPRESSED_BODY: u64 = 5 * 1024 * 1024;
/// Default number of redirects followed for one request.
pub const DEFAULT_MAX_REDIRECTS: usize = 5;
/// Default number of retries after the first attempt.
pub const DEFAULT_RETRIES: u32 = 3;

/// How the fetcher behaves; the same for every source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    /// `User-Agent` header; its first word (`dvcrank`) is matched against robots.txt groups.
    pub user_agent: String,
    /// Limit on one attempt (connect, send, read the body).
    pub timeout: Duration,
    /// Body cap in bytes, after decompression.
    pub max_body: u64,
    /// Cap in bytes on a compressed body as it arrives (an uncompressed one is held to
    /// `max_body`).
    pub max_compressed_body: u64,
    /// Redirects followed for one request.
    pub max_redirects: usize,
    /// Retries after the first attempt, for 5xx, 429, timeouts and failed connections.
    pub retries: u32,
    /// First backoff step: retry `n` waits a random time up to `backoff_base · 2ⁿ`.
    pub backoff_base: Duration,
    /// Longest backoff wait.
    pub backoff_cap: Duration,
    /// Longest `Retry-After` honoured; a longer one fails the fetch.
    pub max_retry_after: Duration,
    /// Seed for the backoff jitter, for reproducible runs and tests; `None`: random.
    pub jitter_seed: Option<u64>,
    /// Whether hosts on loopback, private or link-local addresses may be fetched for
    /// every source (tests); a source can also allow them for itself
    /// ([`HostRules::allow_private`]).
    pub allow_private: bool,
    /// Whether robots.txt is consulted.
    pub respect_robots: bool,
}

impl Default for FetchConfig {
    fn default() -> FetchConfig {
        FetchConfig {
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            max_body: DEFAULT_MAX_BODY,
            max_compressed_body: DEFAULT_MAX_COMPRESSED_BODY,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            retries: DEFAULT_RETRIES,
            backoff_base: DEFAULT_BACKOFF_BASE,
            backoff_cap: DEFAULT_BACKOFF_CAP,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            jitter_seed: None,
            allow_private: false,
            respect_robots: true,
        }
    }
}

/// Anything that fetches like a [`Fetcher`]: the pipeline can be generic over it and
/// tested with a fake that serves canned pages.
pub trait Fetch: Send + Sync {
    /// Fetches `request` under `rules`; see [`Fetcher::fetch`].
    fn fetch(&self, request: &Request, rules: &HostRules) -> impl Future<Output = FetchOutcome> + Send;
}

impl Fetch for Fetcher {
    fn fetch(&self, request: &Request, rules: &HostRules) -> impl Future<Output = FetchOutcome> + Send {
        Fetcher::fetch(self, request, rules)
    }
}

/// The polite HTTP fetcher. Cheap to clone (clones share the client, cookies, robots
/// cache and host schedules); `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// For sources on public hosts: its resolver refuses private addresses.
    client: reqwest::Client,
    /// For sources that allow private hosts.
    open_client: reqwest::Client,
    config: FetchConfig,
    clock: Arc<dyn Clock>,
    gates: HostGates,
    robots: Mutex<HashMap<String, Arc<OnceCell<RobotsPolicy>>>>,
    rng: Mutex<fastrand::Rng>,
}

impl Fetcher {
    /// A fetcher with this configuration; `clock` stamps `fetched_at`.
    ///
    /// # Errors
    /// [`Error::Input`] when the user agent is not a valid header value, [`Error::Http`]
    /// when the HTTP client cannot be built.
    pub fn new(config: FetchConfig, clock: Arc<dyn Clock>) -> Result<Fetcher, Error> {
        let client = client::build(&config, config.allow_private)?;
        let open_client = if config.allow_private { client.clone() } else { client::build(&config, true)? };
        let rng = config.jitter_seed.map_or_else(fastrand::Rng::new, fastrand::Rng::with_seed);
        Ok(Fetcher {
            inner: Arc::new(Inner {
                client,
                open_client,
                config,
                clock,
                gates: HostGates::default(),
                robots: Mutex::new(HashMap::new()),
                rng: Mutex::new(rng),
            }),
        })
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &FetchConfig {
        &self.inner.config
    }

    /// Fetches `request` under `rules`. Never panics and never returns early with `?`:
    /// every failure is a [`FetchOutcome::Failed`] naming the URL.
    pub async fn fetch(&self, request: &Request, rules: &HostRules) -> FetchOutcome {
        let mut attempts = 0;
        match self.run(request, rules, &mut attempts).await {
            Ok(outcome) => outcome,
            Err(error) => {
                tracing::debug!(url = %request.url(), attempts, %error, "fetch failed");
                FetchOutcome::Failed(error)
            }
        }
    }

    /// The robots.txt policy for `url`'s origin, fetching robots.txt on first use
    /// (through the host's politeness gate) and caching it for the fetcher's lifetime.
    pub async fn robots(&self, url: &Url, rules: &HostRules) -> RobotsPolicy {
        let origin = url.origin().ascii_serialization();
        let cell = {
            let mut cache = self.inner.robots.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(cache.entry(origin).or_default())
        };
        cell.get_or_init(|| self.fetch_robots(url, rules)).await.clone()
    }

    async fn run(&self, request: &Request, rules: &HostRules, attempts: &mut u32) -> Result<FetchOutcome, Error> {
        let url = request.url();
        if !rules.allows(url) {
            return Err(Error::HostNotAllowed { url: url.to_string() });
        }
        let mut hop = request.first_hop();
        let mut visited = HashSet::from([frontier::normalise(url).unwrap_or_else(|| url.clone())]);
        let mut redirects = 0;
        loop {
            self.check_public(&hop.url, rules).await?;
            let delay = if self.inner.config.respect_robots {
                let policy = self.robots(&hop.url, rules).await;
                match policy.verdict_for(&hop.url) {
                    Verdict::Allowed => {}
                    Verdict::Disallowed => return Err(Error::RobotsDisallowed { url: hop.url.to_string() }),
                    Verdict::Unavailable(reason) => {
                        return Err(Error::RobotsUnavailable { url: hop.url.to_string(), reason })
                    }
                }
                policy.effective_delay(rules.delay)
            } else {
                rules.delay
            };
            let c = &self.inner.config;
            let limit = BodyLimit { cap: c.max_body, compressed_cap: c.max_compressed_body, truncate: false };
            match self.send_with_retries(&hop, rules, delay, limit, attempts).await? {
                Answer::Body(body) => {
                    return Ok(FetchOutcome::Fetched(Fetched {
                        url: url.clone(),
                        final_url: hop.url,
                        status: body.status,
                        content_type: body.content_type,
                        etag: body.etag,
                        last_modified: body.last_modified,
                        body: body.bytes,
                        fetched_at: self.inner.clock.now(),
                        attempts: *attempts,
                    }));
                }
                Answer::NotModified => {
                    return Ok(FetchOutcome::NotModified { url: url.clone(), fetched_at: self.inner.clock.now() });
                }
                Answer::Redirect { status, location } => {
                    let to = redirect_target(&hop.url, location.as_deref())?;
                    if !rules.allows(&to) {
                        return Err(Error::RedirectOffHost { from: hop.url.to_string(), to: to.to_string() });
                    }
                    redirects += 1;
                    let fresh = visited.insert(frontier::normalise(&to).unwrap_or_else(|| to.clone()));
                    if !fresh || redirects > self.inner.config.max_redirects {
                        return Err(Error::RedirectLoop { url: url.to_string() });
                    }
                    tracing::debug!(from = %hop.url, to = %to, status, "following redirect");
                    hop = hop.follow(status, to);
                }
                Answer::Status { code, .. } => return Err(Error::Status { url: hop.url.to_string(), code }),
            }
        }
    }

    /// Sends one hop through the host's gate, retrying transient failures. Returns any
    /// answer that is not a retryable status; gives up with the last error.
    async fn send_with_retries(
        &self,
        hop: &Hop,
        rules: &HostRules,
        delay: Duration,
        limit: BodyLimit,
        attempts: &mut u32,
    ) -> Result<Answer, Error> {
        let config = &self.inner.config;
        let host = host_key(&hop.url).ok_or_else(|| Error::HostNotAllowed { url: hop.url.to_string() })?;
        let backoff = Backoff { base: config.backoff_base, cap: config.backoff_cap };
        let allow_private = config.allow_private || rules.allow_private;
        let http = if allow_private { &self.inner.open_client } else { &self.inner.client };
        let timeout = rules.timeout.unwrap_or(config.timeout);
        let mut attempt = 0;
        loop {
            let mut permit = self.inner.gates.acquire(&host, delay, rules.per_host).await;
            *attempts += 1;
            let result = client::send(http, hop, limit, timeout, allow_private).await;
            let last = attempt >= config.retries;
            let wait = match result {
                Ok(Answer::Status { code, retry_after }) if retry::is_retryable_status(code) => {
                    let error = Error::Status { url: hop.url.to_string(), code };
                    if last {
                        return Err(error);
                    }
                    let asked = retry_after
                        .filter(|_| retry::honours_retry_after(code))
                        .and_then(|v| retry::parse_retry_after(&v, self.inner.clock.now()));
                    match asked.map(|w| retry::check_retry_after(w, config.max_retry_after)) {
                        Some(RetryAfter::Wait(w)) => w,
                        Some(RetryAfter::TooLong(w)) => {
                            return Err(Error::RetryAfterTooLong {
                                url: hop.url.to_string(),
                                code,
                                seconds: w.as_secs(),
                                cap_seconds: config.max_retry_after.as_secs(),
                            });
                        }
                        None => self.jittered(&backoff, attempt),
                    }
                }
                Ok(answer) => return Ok(answer),
                Err(Failure { error, retryable: true }) if !last => {
                    tracing::debug!(url = %hop.url, %error, attempt, "retrying");
                    self.jittered(&backoff, attempt)
                }
                Err(Failure { error, .. }) => return Err(error),
            };
            // Hold the whole host back, not only this request: the server is struggling
            // or asked us to slow down.
            permit.defer(wait);
            drop(permit);
            attempt += 1;
        }
    }

    /// Refuses a host that is, or currently resolves to, a non-public address, before
    /// anything (robots.txt included) is sent to it. The client's resolver checks again
    /// when it connects, so a name that changes its answer in between is still refused.
    async fn check_public(&self, url: &Url, rules: &HostRules) -> Result<(), Error> {
        if self.inner.config.allow_private || rules.allow_private {
            return Ok(());
        }
        let refuse = |ip: std::net::IpAddr| Error::PrivateAddress { url: url.to_string(), address: ip.to_string() };
        match url.host() {
            Some(url::Host::Ipv4(ip)) if !client::is_public(ip.into()) => Err(refuse(ip.into())),
            Some(url::Host::Ipv6(ip)) if !client::is_public(ip.into()) => Err(refuse(ip.into())),
            Some(url::Host::Domain(name)) => {
                // A failed lookup is left for the request itself to report.
                let addrs =
                    tokio::net::lookup_host((name, 0)).await.map(Iterator::collect::<Vec<_>>).unwrap_or_default();
                match addrs.iter().find(|a| !client::is_public(a.ip())) {
                    Some(bad) => Err(refuse(bad.ip())),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    fn jittered(&self, backoff: &Backoff, attempt: u32) -> Duration {
        let fraction = self.inner.rng.lock().unwrap_or_else(PoisonError::into_inner).f64();
        backoff.wait(attempt, fraction)
    }

    /// Downloads and interprets robots.txt for `url`'s origin. Redirects are followed
    /// (up to 5, as RFC 9309 asks, to any public host); more than that counts as no
    /// robots.txt.
    async fn fetch_robots(&self, url: &Url, rules: &HostRules) -> RobotsPolicy {
        let Some(robots_url) = robots::robots_url(url) else {
            return RobotsPolicy::AllowAll;
        };
        let agent = robots::product_token(&self.inner.config.user_agent);
        let limit = BodyLimit { cap: MAX_ROBOTS_BYTES, compressed_cap: MAX_ROBOTS_BYTES, truncate: true };
        let mut hop = Hop { url: robots_url.clone(), method: HopMethod::Get(None) };
        let mut attempts = 0;
        let policy = 'hops: {
            for _ in 0..=5 {
                match self.send_with_retries(&hop, rules, rules.delay, limit, &mut attempts).await {
                    Ok(Answer::Body(body)) => break 'hops RobotsPolicy::from_response(body.status, &body.bytes, agent),
                    Ok(Answer::Status { code, .. }) => {
                        break 'hops RobotsPolicy::from_response(code, b"", agent);
                    }
                    Ok(Answer::Redirect { status, location }) => match redirect_target(&hop.url, location.as_deref()) {
                        Ok(to) => hop = hop.follow(status, to),
                        Err(e) => break 'hops RobotsPolicy::unavailable(e.to_string()),
                    },
                    Ok(Answer::NotModified) => break 'hops RobotsPolicy::AllowAll,
                    Err(e) => break 'hops RobotsPolicy::unavailable(e.to_string()),
                }
            }
            RobotsPolicy::AllowAll
        };
        if let RobotsPolicy::Unavailable { reason } = &policy {
            tracing::warn!(robots = %robots_url, %reason, "robots.txt unavailable; not fetching from this host in this run");
        }
        policy
    }
}

/// Where a redirect leads, resolved against the URL that answered.
fn redirect_target(from: &Url, location: Option<&str>) -> Result<Url, Error> {
    let location = location
        .ok_or_else(|| Error::Http { url: from.to_string(), message: "redirect without a Location header".into() })?;
    from.join(location).map_err(|e| Error::Http {
        url: from.to_string(),
        message: format!("redirect to an unusable Location {location:?}: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("valid url")
    }

    #[test]
    fn redirect_targets() {
        let from = url("https://a.vn/x/y");
        assert_eq!(redirect_target(&from, Some("../z")).map(String::from).ok().as_deref(), Some("https://a.vn/z"));
        assert_eq!(redirect_target(&from, Some("//b.vn/")).map(String::from).ok().as_deref(), Some("https://b.vn/"));
        assert!(matches!(redirect_target(&from, None), Err(Error::Http { .. })));
        assert!(matches!(redirect_target(&from, Some("http://[bad")), Err(Error::Http { .. })));
    }

    #[test]
    fn fetcher_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Fetcher>();
        let bad = FetchConfig { user_agent: "bad\nagent".into(), ..FetchConfig::default() };
        assert!(matches!(Fetcher::new(bad, Arc::new(crate::clock::SystemClock)), Err(Error::Input(_))));
    }
}
