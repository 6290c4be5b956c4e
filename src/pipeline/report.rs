//! What a crawl did: per-source [`SourceReport`]s, the [`RunReport`] of a run, its
//! [`RunSummary`] (what `crawl --json` prints), and failures by class. Pure data: no I/O.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Error;

/// A page that could not be fetched or read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The URL (and query, for the gateway).
    pub url: String,
    /// Why, in words.
    pub reason: String,
}

/// Why a page failed, in a few classes for the run summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// 5xx or 429 after every retry.
    ServerError,
    /// Another error status (404, 403 …).
    Status,
    /// No answer in time.
    Timeout,
    /// Refused, reset or broken connections, bodies that could not be decoded.
    Connection,
    /// A body over the cap.
    BodyTooLarge,
    /// Too many redirects, or a loop.
    RedirectLoop,
    /// A redirect off the source's hosts.
    RedirectOffHost,
    /// A host that is or resolves to a private address.
    PrivateAddress,
    /// A URL outside the source's hosts.
    HostNotAllowed,
    /// The host's robots.txt could not be read, so nothing is fetched from it.
    RobotsUnavailable,
    /// A `Retry-After` longer than accepted.
    RetryAfterTooLong,
    /// The store failed.
    Store,
    /// Anything else (an unreadable gateway answer …).
    Other,
}

impl FailureKind {
    /// The class of an error.
    #[must_use]
    pub fn of(error: &Error) -> FailureKind {
        match error {
            Error::Status { code, .. } if *code == 429 || *code >= 500 => FailureKind::ServerError,
            Error::Status { .. } => FailureKind::Status,
            Error::Timeout { .. } => FailureKind::Timeout,
            Error::Http { .. } => FailureKind::Connection,
            Error::BodyTooLarge { .. } => FailureKind::BodyTooLarge,
            Error::RedirectLoop { .. } => FailureKind::RedirectLoop,
            Error::RedirectOffHost { .. } => FailureKind::RedirectOffHost,
            Error::PrivateAddress { .. } => FailureKind::PrivateAddress,
            Error::HostNotAllowed { .. } => FailureKind::HostNotAllowed,
            Error::RobotsUnavailable { .. } => FailureKind::RobotsUnavailable,
            Error::RetryAfterTooLong { .. } => FailureKind::RetryAfterTooLong,
            Error::Store { .. } => FailureKind::Store,
            _ => FailureKind::Other,
        }
    }
}

/// What one source's crawl did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceReport {
    /// The source.
    pub source: String,
    /// When the crawl started and finished.
    pub started_at: Option<DateTime<Utc>>,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Pages fetched.
    pub fetched: usize,
    /// Conditional GETs answered "not modified".
    pub not_modified: usize,
    /// Pages new or changed since the last crawl.
    pub new_versions: usize,
    /// Pages skipped because robots.txt disallows them.
    pub robots_disallowed: Vec<String>,
    /// Pages that failed.
    pub failed: Vec<Failure>,
    /// Selectors that matched nothing (the site may have changed its layout).
    pub selector_misses: Vec<String>,
    /// Bulletins read into figures.
    pub bulletins_read: usize,
    /// Figures stored that were not stored before.
    pub observations_added: usize,
    /// Index periods read.
    pub periods_read: usize,
    /// Index readings stored.
    pub scores_added: usize,
    /// Index unit names that match no province (kept, flagged).
    pub unmatched_units: Vec<String>,
    /// Failures counted by class (those recorded through a fetch; see
    /// [`RunReport::summary`] for the rest).
    #[serde(default)]
    pub failed_by_reason: BTreeMap<FailureKind, usize>,
    /// Whether the crawl was stopped before its end (its frontier is saved; the next
    /// crawl resumes it).
    #[serde(default)]
    pub interrupted: bool,
}

impl SourceReport {
    /// Records a failed page.
    pub fn fail(&mut self, url: String, error: &Error) {
        *self.failed_by_reason.entry(FailureKind::of(error)).or_default() += 1;
        self.failed.push(Failure { url, reason: error.to_string() });
    }

    /// Adds the counts and lists of `other` (part of the same crawl) into this one.
    pub fn absorb(&mut self, other: SourceReport) {
        self.fetched += other.fetched;
        self.not_modified += other.not_modified;
        self.new_versions += other.new_versions;
        self.robots_disallowed.extend(other.robots_disallowed);
        self.failed.extend(other.failed);
        self.selector_misses.extend(other.selector_misses);
        self.bulletins_read += other.bulletins_read;
        self.observations_added += other.observations_added;
        self.periods_read += other.periods_read;
        self.scores_added += other.scores_added;
        for u in other.unmatched_units {
            if !self.unmatched_units.contains(&u) {
                self.unmatched_units.push(u);
            }
        }
        for (kind, n) in other.failed_by_reason {
            *self.failed_by_reason.entry(kind).or_default() += n;
        }
        self.interrupted |= other.interrupted;
    }
}

/// The totals of a run, for `crawl --json` and the scheduler's log.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct RunSummary {
    /// Pages fetched (2xx).
    pub pages_fetched: usize,
    /// Conditional GETs answered "not modified".
    pub not_modified: usize,
    /// Pages new or changed since the last crawl.
    pub new_versions: usize,
    /// Pages skipped because robots.txt disallows them.
    pub robots_disallowed: usize,
    /// Pages that failed.
    pub failed: usize,
    /// Failed pages by class.
    pub failed_by_reason: BTreeMap<FailureKind, usize>,
    /// Figures stored that were not stored before.
    pub figures_added: usize,
    /// Index readings stored.
    pub scores_added: usize,
    /// Whether some source's crawl was stopped before its end.
    pub interrupted: bool,
}

/// What a whole run did, per source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RunReport {
    /// One per source, in the order given.
    pub sources: Vec<SourceReport>,
}

impl RunReport {
    /// Whether some page failed or a selector matched nothing (exit code 2).
    #[must_use]
    pub fn has_failures(&self) -> bool {
        self.sources.iter().any(|s| !s.failed.is_empty() || !s.selector_misses.is_empty())
    }

    /// The totals over every source. Failures recorded without a class count as
    /// [`FailureKind::Other`].
    #[must_use]
    pub fn summary(&self) -> RunSummary {
        let mut sum = RunSummary::default();
        for s in &self.sources {
            sum.pages_fetched += s.fetched;
            sum.not_modified += s.not_modified;
            sum.new_versions += s.new_versions;
            sum.robots_disallowed += s.robots_disallowed.len();
            sum.failed += s.failed.len();
            let mut classified = 0;
            for (kind, n) in &s.failed_by_reason {
                *sum.failed_by_reason.entry(*kind).or_default() += n;
                classified += n;
            }
            if s.failed.len() > classified {
                *sum.failed_by_reason.entry(FailureKind::Other).or_default() += s.failed.len() - classified;
            }
            sum.figures_added += s.observations_added;
            sum.scores_added += s.scores_added;
            sum.interrupted |= s.interrupted;
        }
        sum
    }
}
