//! The URL queue of one crawl: dedupe on a normalised URL, a depth limit, a page budget,
//! and breadth-first order (shallower first, first-in first-out within a depth).
//! It is serialisable so that the pipeline can save it in the store and a killed crawl
//! resumes where it stopped. Pure: no I/O.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};
use url::Url;

/// Default depth limit: seeds are depth 0, links found on them depth 1, …
pub const DEFAULT_MAX_DEPTH: u32 = 3;

/// Default number of URLs one crawl may accept.
pub const DEFAULT_MAX_PAGES: usize = 1000;

/// What a queued URL is expected to be, so the pipeline knows what to do with its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A start URL from the source's configuration.
    Seed,
    /// A page listing bulletins (found via the listing selectors or pagination).
    Listing,
    /// A bulletin (article) page.
    Bulletin,
    /// Anything else worth fetching.
    Other,
}

/// One queued URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontierEntry<K = LinkKind> {
    /// The URL, normalised (see [`normalise`]).
    pub url: Url,
    /// Links followed from a seed to reach it.
    pub depth: u32,
    /// What it is expected to be.
    pub kind: K,
}

/// Why [`Frontier::push`] did or did not queue a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Push {
    /// Queued.
    Added,
    /// Already seen in this crawl (queued, in flight or done).
    Duplicate,
    /// Deeper than the limit.
    TooDeep,
    /// The page budget is spent.
    OverBudget,
    /// Not an `http`/`https` URL with a host.
    Unsupported,
}

/// The limits of one crawl.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontierLimits {
    /// The deepest depth accepted (inclusive).
    pub max_depth: u32,
    /// How many distinct URLs may be accepted in total.
    pub max_pages: usize,
}

impl Default for FrontierLimits {
    fn default() -> FrontierLimits {
        FrontierLimits { max_depth: DEFAULT_MAX_DEPTH, max_pages: DEFAULT_MAX_PAGES }
    }
}

/// The queue of one crawl. `K` is the kind tag kept with each URL.
///
/// ```
/// use url::Url;
/// use dvcrank::fetch::frontier::{Frontier, FrontierLimits, LinkKind, Push};
/// let mut f = Frontier::new(FrontierLimits { max_depth: 1, max_pages: 10 });
/// let seed = Url::parse("https://Example.gov.vn:443/tin-tuc#top").unwrap();
/// assert_eq!(f.push(seed, 0, LinkKind::Seed), Push::Added);
/// let again = Url::parse("https://example.gov.vn/tin-tuc").unwrap();
/// assert_eq!(f.push(again, 1, LinkKind::Listing), Push::Duplicate);
/// let next = f.pop().unwrap();
/// assert_eq!(next.url.as_str(), "https://example.gov.vn/tin-tuc");
/// f.done(&next.url);
/// assert!(f.is_finished());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "K: Serialize", deserialize = "K: Deserialize<'de>"))]
pub struct Frontier<K = LinkKind> {
    limits: FrontierLimits,
    /// Waiting URLs by depth; each depth is first-in first-out.
    queue: BTreeMap<u32, VecDeque<FrontierEntry<K>>>,
    /// Handed out by `pop` and not yet reported `done`, in the order they were popped.
    in_flight: Vec<FrontierEntry<K>>,
    /// Every normalised URL accepted so far.
    seen: BTreeSet<String>,
}

impl<K> Frontier<K> {
    /// An empty frontier with these limits.
    #[must_use]
    pub fn new(limits: FrontierLimits) -> Frontier<K> {
        Frontier { limits, queue: BTreeMap::new(), in_flight: Vec::new(), seen: BTreeSet::new() }
    }

    /// The limits.
    #[must_use]
    pub fn limits(&self) -> FrontierLimits {
        self.limits
    }

    /// Queues `url` unless it was seen before, is too deep, the budget is spent, or it is
    /// not an http(s) URL. The URL is normalised first (see [`normalise`]).
    pub fn push(&mut self, url: Url, depth: u32, kind: K) -> Push {
        let Some(url) = normalise(&url) else {
            return Push::Unsupported;
        };
        if self.seen.contains(url.as_str()) {
            return Push::Duplicate;
        }
        if depth > self.limits.max_depth {
            return Push::TooDeep;
        }
        if self.seen.len() >= self.limits.max_pages {
            return Push::OverBudget;
        }
        self.seen.insert(url.as_str().to_owned());
        self.queue.entry(depth).or_default().push_back(FrontierEntry { url, depth, kind });
        Push::Added
    }

    /// The next URL: the shallowest, oldest one. It stays "in flight" until [`Frontier::done`],
    /// so that a frontier saved meanwhile hands it out again after [`Frontier::resume`].
    pub fn pop(&mut self) -> Option<FrontierEntry<K>>
    where
        K: Clone,
    {
        let mut first = self.queue.first_entry()?;
        let entry = first.get_mut().pop_front();
        if first.get().is_empty() {
            first.remove();
        }
        let entry = entry?;
        self.in_flight.push(entry.clone());
        Some(entry)
    }

    /// Marks a popped URL as finished (fetched, failed or skipped). Returns whether it was
    /// in flight.
    pub fn done(&mut self, url: &Url) -> bool {
        let key = normalise(url).unwrap_or_else(|| url.clone());
        let before = self.in_flight.len();
        self.in_flight.retain(|e| e.url != key);
        self.in_flight.len() != before
    }

    /// Puts every URL still in flight back at the front of its depth's queue: call this
    /// after loading a frontier saved by a crawl that was stopped.
    pub fn resume(&mut self) {
        let in_flight = std::mem::take(&mut self.in_flight);
        // Reversed, so that pushing each to the front keeps their original order.
        for entry in in_flight.into_iter().rev() {
            self.queue.entry(entry.depth).or_default().push_front(entry);
        }
    }

    /// Whether `url` (normalised) was accepted in this crawl.
    #[must_use]
    pub fn contains(&self, url: &Url) -> bool {
        normalise(url).is_some_and(|u| self.seen.contains(u.as_str()))
    }

    /// URLs waiting to be popped.
    #[must_use]
    pub fn len(&self) -> usize {
        self.queue.values().map(VecDeque::len).sum()
    }

    /// Whether no URL is waiting (some may still be in flight).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// URLs popped and not yet done.
    #[must_use]
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Whether nothing is waiting and nothing is in flight.
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.queue.is_empty() && self.in_flight.is_empty()
    }

    /// Distinct URLs accepted so far (what the budget counts).
    #[must_use]
    pub fn accepted(&self) -> usize {
        self.seen.len()
    }

    /// How many more URLs the budget allows.
    #[must_use]
    pub fn remaining_budget(&self) -> usize {
        self.limits.max_pages.saturating_sub(self.seen.len())
    }
}

/// The form a URL is deduplicated under: `http`/`https` only, host lower-case, default
/// port removed, fragment removed, session tokens and click trackers removed (a
/// `;jsessionid=` path parameter; `jsessionid`, `phpsessid`, `aspsessionid…`,
/// WebCenter's `_afrLoop` and `_adf.ctrl-state`, `utm_…`, `fbclid`, `gclid` query keys),
/// so one article reached from two sessions is one page; the rest of the path and query
/// kept as they are (query order too, since sites such as `?page=2&cat=1` may depend on
/// it). `None` for other schemes or URLs without a host.
///
/// ```
/// use url::Url;
/// use dvcrank::fetch::frontier::normalise;
/// let u = Url::parse("HTTP://SoNoiVu.BacKan.gov.vn:80/tin?b=2&a=1#x").unwrap();
/// assert_eq!(normalise(&u).unwrap().as_str(), "http://sonoivu.backan.gov.vn/tin?b=2&a=1");
/// let s = Url::parse("https://a.gov.vn/web/guest/tin;jsessionid=AB12?id=7&utm_source=fb").unwrap();
/// assert_eq!(normalise(&s).unwrap().as_str(), "https://a.gov.vn/web/guest/tin?id=7");
/// assert!(normalise(&Url::parse("mailto:a@b.vn").unwrap()).is_none());
/// ```
#[must_use]
pub fn normalise(url: &Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let mut out = url.clone();
    out.set_fragment(None);
    if out.host_str() != Some(host.as_str()) {
        out.set_host(Some(&host)).ok()?;
    }
    if out.port().is_some() && out.port() == default_port(out.scheme()) {
        out.set_port(None).ok()?;
    }
    let path = out.path();
    if let Some(at) = path.to_ascii_lowercase().find(";jsessionid=") {
        let end = path[at + 1..].find('/').map_or(path.len(), |i| at + 1 + i);
        let kept = format!("{}{}", &path[..at], &path[end..]);
        out.set_path(&kept);
    }
    if let Some(query) = out.query() {
        let kept: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty() && !is_session_key(pair)).collect();
        if kept.len() != query.split('&').count() {
            let kept = kept.join("&");
            out.set_query((!kept.is_empty()).then_some(kept.as_str()));
        }
    }
    Some(out)
}

/// Whether a `key=value` query pair is a session token or a click tracker.
fn is_session_key(pair: &str) -> bool {
    let key = pair.split('=').next().unwrap_or("").to_ascii_lowercase();
    matches!(key.as_str(), "jsessionid" | "phpsessid" | "_afrloop" | "_adf.ctrl-state" | "fbclid" | "gclid")
        || key.starts_with("aspsessionid")
        || key.starts_with("utm_")
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("valid url")
    }

    fn frontier(max_depth: u32, max_pages: usize) -> Frontier {
        Frontier::new(FrontierLimits { max_depth, max_pages })
    }

    #[test]
    fn normalisation() {
        let cases = [
            ("https://A.GOV.VN/Tin-Tuc/", "https://a.gov.vn/Tin-Tuc/"),
            ("https://a.gov.vn:443/x", "https://a.gov.vn/x"),
            ("http://a.gov.vn:80/x", "http://a.gov.vn/x"),
            ("http://a.gov.vn:8080/x", "http://a.gov.vn:8080/x"),
            ("https://a.gov.vn/x#frag", "https://a.gov.vn/x"),
            ("https://a.gov.vn", "https://a.gov.vn/"),
            ("https://a.gov.vn/x?z=1&a=2", "https://a.gov.vn/x?z=1&a=2"),
            ("https://a.gov.vn/x;JSESSIONID=F00D", "https://a.gov.vn/x"),
            ("https://a.gov.vn/a;jsessionid=F00D/b?id=1", "https://a.gov.vn/a/b?id=1"),
            ("https://a.gov.vn/x?PHPSESSID=1&page=2", "https://a.gov.vn/x?page=2"),
            (
                "https://a.gov.vn/webcenter/portal/x?dDocName=ABC&_afrLoop=123&_adf.ctrl-state=zz_4",
                "https://a.gov.vn/webcenter/portal/x?dDocName=ABC",
            ),
            ("https://a.gov.vn/x?utm_source=fb&utm_medium=s", "https://a.gov.vn/x"),
            ("https://a.gov.vn/x?ASPSESSIONIDQA=1&sid=3", "https://a.gov.vn/x?sid=3"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalise(&url(raw)).map(String::from).as_deref(), Some(want), "{raw}");
        }
        for raw in ["ftp://a.gov.vn/x", "file:///etc/passwd", "data:text/plain,hi"] {
            assert_eq!(normalise(&url(raw)), None, "{raw}");
        }
    }

    #[test]
    fn dedupe_on_normalised_form() {
        let mut f = frontier(5, 100);
        assert_eq!(f.push(url("https://a.vn/x"), 0, LinkKind::Seed), Push::Added);
        assert_eq!(f.push(url("https://A.vn:443/x#top"), 1, LinkKind::Bulletin), Push::Duplicate);
        assert_eq!(f.push(url("https://a.vn/x?p=2"), 1, LinkKind::Listing), Push::Added);
        assert_eq!(f.push(url("http://a.vn/x"), 1, LinkKind::Listing), Push::Added);
        assert_eq!(f.push(url("javascript:void(0)"), 1, LinkKind::Other), Push::Unsupported);
        assert_eq!(f.len(), 3);
        // Still a duplicate once popped and done.
        while let Some(e) = f.pop() {
            f.done(&e.url);
        }
        assert_eq!(f.push(url("https://a.vn/x"), 0, LinkKind::Seed), Push::Duplicate);
        assert!(f.contains(&url("https://A.VN/x#y")));
    }

    #[test]
    fn depth_limit_and_budget() {
        let mut f = frontier(1, 3);
        assert_eq!(f.push(url("https://a.vn/deep"), 2, LinkKind::Bulletin), Push::TooDeep);
        assert_eq!(f.push(url("https://a.vn/1"), 0, LinkKind::Seed), Push::Added);
        assert_eq!(f.push(url("https://a.vn/2"), 1, LinkKind::Bulletin), Push::Added);
        assert_eq!(f.remaining_budget(), 1);
        assert_eq!(f.push(url("https://a.vn/3"), 1, LinkKind::Bulletin), Push::Added);
        assert_eq!(f.push(url("https://a.vn/4"), 1, LinkKind::Bulletin), Push::OverBudget);
        // Duplicates are reported as such even when the budget is spent.
        assert_eq!(f.push(url("https://a.vn/1"), 1, LinkKind::Bulletin), Push::Duplicate);
        // Popping does not give budget back.
        let e = f.pop().expect("queued");
        f.done(&e.url);
        assert_eq!(f.push(url("https://a.vn/5"), 1, LinkKind::Bulletin), Push::OverBudget);
        assert_eq!(f.accepted(), 3);
    }

    #[test]
    fn breadth_first_then_fifo() {
        let mut f = frontier(5, 100);
        f.push(url("https://a.vn/d1-a"), 1, LinkKind::Listing);
        f.push(url("https://a.vn/d2-a"), 2, LinkKind::Bulletin);
        f.push(url("https://a.vn/d0-a"), 0, LinkKind::Seed);
        f.push(url("https://a.vn/d1-b"), 1, LinkKind::Listing);
        f.push(url("https://a.vn/d0-b"), 0, LinkKind::Seed);
        let mut order = Vec::new();
        while let Some(e) = f.pop() {
            order.push(e.url.path().trim_start_matches('/').to_owned());
            if e.url.path() == "/d0-a" {
                // Found while crawling; still after the other depth-1 URLs already queued.
                f.push(url("https://a.vn/d1-c"), 1, LinkKind::Bulletin);
            }
        }
        assert_eq!(order, ["d0-a", "d0-b", "d1-a", "d1-b", "d1-c", "d2-a"]);
        assert_eq!(f.in_flight(), 6);
        assert!(f.is_empty() && !f.is_finished());
    }

    #[test]
    fn serde_round_trip_and_resume() {
        let mut f = frontier(2, 10);
        f.push(url("https://a.vn/0"), 0, LinkKind::Seed);
        f.push(url("https://a.vn/1"), 1, LinkKind::Listing);
        f.push(url("https://a.vn/2"), 1, LinkKind::Bulletin);
        let first = f.pop().expect("queued");
        let second = f.pop().expect("queued");
        assert!(f.done(&first.url));
        // Saved while `second` was being fetched, then the process was killed.
        let json = serde_json::to_string(&f).expect("serialises");
        let mut back: Frontier = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, f);
        assert_eq!(back.in_flight(), 1);
        back.resume();
        assert_eq!(back.in_flight(), 0);
        let again = back.pop().expect("requeued");
        assert_eq!(again, second);
        assert_eq!(back.pop().map(|e| e.url.path().to_owned()).as_deref(), Some("/2"));
        assert_eq!(back.push(url("https://a.vn/0"), 0, LinkKind::Seed), Push::Duplicate);
    }

    #[test]
    fn custom_kind() {
        let mut f: Frontier<&str> = Frontier::new(FrontierLimits::default());
        f.push(url("https://a.vn/"), 0, "index-page");
        assert_eq!(f.pop().map(|e| e.kind), Some("index-page"));
    }
}
