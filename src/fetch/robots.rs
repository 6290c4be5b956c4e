//! robots.txt: turning the answer to `GET /robots.txt` into a [`RobotsPolicy`] for our
//! user agent, following RFC 9309 (4xx: everything allowed; 5xx or unreachable:
//! nothing allowed for this run). Parsing is done by the `texting_robots` crate.
//! Pure: no I/O; the fetcher (`fetch/mod.rs`) downloads the file and caches the policy.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

/// The most of a robots.txt the fetcher reads (RFC 9309 asks for at least 500 KiB).
pub const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

/// The longest `Crawl-delay` honoured; a larger value is lowered to this, so a stray
/// `Crawl-delay: 86400` slows a source down without stopping it.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// The robots.txt URL of `url`'s origin (scheme, host and port).
///
/// ```
/// use url::Url;
/// use dvcrank::fetch::robots::robots_url;
/// let u = Url::parse("https://dichvucong.gov.vn/p/home/x.html?a=1#top").unwrap();
/// assert_eq!(robots_url(&u).unwrap().as_str(), "https://dichvucong.gov.vn/robots.txt");
/// ```
#[must_use]
pub fn robots_url(url: &Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.join("/robots.txt").ok()
}

/// The product token robots.txt groups are matched against: the user agent up to the
/// first `/` or space (`dvcrank/0.1.0 (+https://…)` → `dvcrank`).
///
/// ```
/// use dvcrank::fetch::robots::product_token;
/// assert_eq!(product_token("dvcrank/0.1.0 (+https://example.org)"), "dvcrank");
/// assert_eq!(product_token("  "), "*");
/// ```
#[must_use]
pub fn product_token(user_agent: &str) -> &str {
    let token = user_agent.trim().split(['/', ' ']).next().unwrap_or("");
    if token.is_empty() {
        "*"
    } else {
        token
    }
}

/// What robots.txt says about one origin, for our user agent.
#[derive(Clone)]
pub enum RobotsPolicy {
    /// No usable robots.txt (4xx): every path may be fetched.
    AllowAll,
    /// The file's rules for our agent.
    Rules(Arc<texting_robots::Robot>),
    /// robots.txt could not be read (5xx, network failure, …): RFC 9309 says to assume
    /// complete disallow. The reason is shown in every error this produces.
    Unavailable {
        /// What went wrong when fetching robots.txt.
        reason: String,
    },
}

impl fmt::Debug for RobotsPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RobotsPolicy::AllowAll => f.write_str("AllowAll"),
            RobotsPolicy::Rules(robot) => f.debug_tuple("Rules").field(robot).finish(),
            RobotsPolicy::Unavailable { reason } => f.debug_struct("Unavailable").field("reason", reason).finish(),
        }
    }
}

/// The verdict on one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The URL may be fetched.
    Allowed,
    /// A rule forbids the URL.
    Disallowed,
    /// robots.txt could not be read, so nothing is fetched; the reason says why.
    Unavailable(String),
}

impl RobotsPolicy {
    /// The policy for a robots.txt answered with `status` and `body`, for the agent
    /// whose product token is `agent` (see [`product_token`]).
    ///
    /// - 2xx: the file's rules (a file that cannot be parsed allows everything, as an
    ///   empty file would);
    /// - 4xx (404, 410, 401, 403 …): everything allowed, per RFC 9309 §2.3.1.3;
    /// - anything else (5xx, a 3xx left unfollowed): everything disallowed.
    ///
    /// ```
    /// use dvcrank::fetch::robots::{RobotsPolicy, Verdict};
    /// let p = RobotsPolicy::from_response(200, b"User-agent: *\nDisallow: /private/\n", "dvcrank");
    /// assert_eq!(p.verdict("/private/a.html"), Verdict::Disallowed);
    /// assert_eq!(p.verdict("/public/a.html"), Verdict::Allowed);
    /// assert_eq!(RobotsPolicy::from_response(404, b"", "dvcrank").verdict("/x"), Verdict::Allowed);
    /// ```
    #[must_use]
    pub fn from_response(status: u16, body: &[u8], agent: &str) -> RobotsPolicy {
        match status {
            200..=299 => match texting_robots::Robot::new(agent, body) {
                Ok(robot) => RobotsPolicy::Rules(Arc::new(robot)),
                Err(_) => RobotsPolicy::AllowAll,
            },
            400..=499 => RobotsPolicy::AllowAll,
            _ => RobotsPolicy::Unavailable { reason: format!("robots.txt answered HTTP {status}") },
        }
    }

    /// The policy when robots.txt could not be fetched at all.
    #[must_use]
    pub fn unavailable(reason: impl Into<String>) -> RobotsPolicy {
        RobotsPolicy::Unavailable { reason: reason.into() }
    }

    /// The verdict on a path (with its query), or on a whole URL of the same origin.
    #[must_use]
    pub fn verdict(&self, path_or_url: &str) -> Verdict {
        match self {
            RobotsPolicy::AllowAll => Verdict::Allowed,
            RobotsPolicy::Rules(robot) if robot.allowed(path_or_url) => Verdict::Allowed,
            RobotsPolicy::Rules(_) => Verdict::Disallowed,
            RobotsPolicy::Unavailable { reason } => Verdict::Unavailable(reason.clone()),
        }
    }

    /// The verdict on `url` (its path and query are what robots.txt rules match).
    #[must_use]
    pub fn verdict_for(&self, url: &Url) -> Verdict {
        let mut target = url.path().to_owned();
        if let Some(query) = url.query() {
            target.push('?');
            target.push_str(query);
        }
        self.verdict(&target)
    }

    /// The `Crawl-delay` for our agent, capped at [`MAX_CRAWL_DELAY`].
    #[must_use]
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            RobotsPolicy::Rules(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::try_from_secs_f32(d).unwrap_or(MAX_CRAWL_DELAY).min(MAX_CRAWL_DELAY)),
            _ => None,
        }
    }

    /// The delay to keep between requests to the host: the larger of the source's
    /// `delay` and the `Crawl-delay`.
    #[must_use]
    pub fn effective_delay(&self, delay: Duration) -> Duration {
        self.crawl_delay().map_or(delay, |c| c.max(delay))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &[u8] = b"# comment\n\
        User-agent: *\n\
        Disallow: /admin/\n\
        Disallow: /*.pdf$\n\
        Allow: /admin/public/\n\
        \n\
        User-agent: dvcrank\n\
        Disallow: /search\n\
        Crawl-delay: 5\n\
        \n\
        Sitemap: https://example.gov.vn/sitemap.xml\n";

    #[test]
    fn our_group_wins_over_star() {
        let p = RobotsPolicy::from_response(200, TXT, "dvcrank");
        assert_eq!(p.verdict("/search?q=h%E1%BB%93+s%C6%A1"), Verdict::Disallowed);
        // Only our group applies once it exists, so /admin/ is open to us.
        assert_eq!(p.verdict("/admin/x"), Verdict::Allowed);
        assert_eq!(p.crawl_delay(), Some(Duration::from_secs(5)));
        assert_eq!(p.effective_delay(Duration::from_secs(1)), Duration::from_secs(5));
        assert_eq!(p.effective_delay(Duration::from_secs(9)), Duration::from_secs(9));
    }

    #[test]
    fn star_group_for_other_agents() {
        let p = RobotsPolicy::from_response(200, TXT, "otherbot");
        assert_eq!(p.verdict("/admin/x"), Verdict::Disallowed);
        assert_eq!(p.verdict("/admin/public/x"), Verdict::Allowed);
        assert_eq!(p.verdict("/files/report.pdf"), Verdict::Disallowed);
        assert_eq!(p.verdict("/files/report.pdf?v=1"), Verdict::Allowed);
        assert_eq!(p.verdict("/search"), Verdict::Allowed);
        assert_eq!(p.crawl_delay(), None);
    }

    #[test]
    fn agent_match_is_case_insensitive() {
        let p = RobotsPolicy::from_response(200, b"User-agent: DVCrank\nDisallow: /\n", "dvcrank");
        assert_eq!(p.verdict("/anything"), Verdict::Disallowed);
        assert_eq!(p.verdict("/robots.txt"), Verdict::Allowed);
    }

    #[test]
    fn verdict_for_uses_path_and_query() {
        let p = RobotsPolicy::from_response(200, b"User-agent: *\nDisallow: /*?print=\n", "dvcrank");
        let url = |s| Url::parse(s).expect("valid url");
        assert_eq!(p.verdict_for(&url("https://a.vn/tin/1.html?print=1")), Verdict::Disallowed);
        assert_eq!(p.verdict_for(&url("https://a.vn/tin/1.html#print=1")), Verdict::Allowed);
    }

    #[test]
    fn statuses_follow_rfc_9309() {
        for code in [400, 401, 403, 404, 410, 451] {
            assert_eq!(RobotsPolicy::from_response(code, b"Disallow: /", "dvcrank").verdict("/"), Verdict::Allowed);
        }
        for code in [500, 502, 503, 301] {
            let v = RobotsPolicy::from_response(code, b"", "dvcrank").verdict("/");
            assert!(matches!(&v, Verdict::Unavailable(r) if r.contains(&code.to_string())), "{code}: {v:?}");
        }
        let v = RobotsPolicy::unavailable("connection refused").verdict("/");
        assert_eq!(v, Verdict::Unavailable("connection refused".into()));
    }

    #[test]
    fn junk_and_empty_files_allow_everything() {
        for body in [&b""[..], b"\xff\xfe\x00garbage<html>", b"Disallow /no-colon"] {
            let p = RobotsPolicy::from_response(200, body, "dvcrank");
            assert_eq!(p.verdict("/a"), Verdict::Allowed, "{body:?}");
        }
    }

    #[test]
    fn crawl_delay_is_capped() {
        let p = RobotsPolicy::from_response(200, b"User-agent: *\nCrawl-delay: 86400\n", "dvcrank");
        assert_eq!(p.crawl_delay(), Some(MAX_CRAWL_DELAY));
        let p = RobotsPolicy::from_response(200, b"User-agent: *\nCrawl-delay: 0.5\n", "dvcrank");
        assert_eq!(p.crawl_delay(), Some(Duration::from_millis(500)));
    }

    #[test]
    fn robots_url_and_token() {
        let u = Url::parse("http://127.0.0.1:8080/a/b?c").expect("valid url");
        assert_eq!(robots_url(&u).map(String::from).as_deref(), Some("http://127.0.0.1:8080/robots.txt"));
        assert_eq!(robots_url(&Url::parse("mailto:a@b.vn").expect("valid url")), None);
        assert_eq!(product_token("dvcrank/0.1.0"), "dvcrank");
        assert_eq!(product_token("dvcrank"), "dvcrank");
    }
}
