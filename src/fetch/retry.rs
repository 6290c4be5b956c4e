//! When to try a request again and how long to wait first: which statuses and failures
//! are worth a retry, the exponential backoff with full jitter, and `Retry-After`.
//! Pure: no I/O, no clock and no randomness of its own. The caller passes "now" and a
//! random fraction, so the schedule is tested without sleeping.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};

/// Default first backoff step; attempt `n` (0-based) waits up to `base · 2ⁿ`.
pub const DEFAULT_BACKOFF_BASE: Duration = Duration::from_millis(500);

/// Default ceiling of one backoff wait.
pub const DEFAULT_BACKOFF_CAP: Duration = Duration::from_secs(60);

/// Default longest `Retry-After` the fetcher accepts; a server asking for more fails the
/// fetch instead of stalling the crawl.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(10 * 60);

/// Whether an HTTP status is worth another attempt: 429 and every 5xx.
/// Other 4xx describe the request, which would fail the same way again.
///
/// ```
/// use dvcrank::fetch::retry::is_retryable_status;
/// assert!(is_retryable_status(503));
/// assert!(is_retryable_status(429));
/// assert!(!is_retryable_status(404));
/// ```
#[must_use]
pub fn is_retryable_status(code: u16) -> bool {
    code == 429 || (500..600).contains(&code)
}

/// Whether a status may carry a `Retry-After` that the fetcher honours (429 and 503).
#[must_use]
pub fn honours_retry_after(code: u16) -> bool {
    code == 429 || code == 503
}

/// The backoff schedule: exponential from `base`, capped at `cap`, with full jitter
/// (each wait is uniform in `[0, min(cap, base · 2ⁿ)]`, the AWS "full jitter" scheme,
/// which spreads out clients that failed together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The first step.
    pub base: Duration,
    /// The largest wait.
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff { base: DEFAULT_BACKOFF_BASE, cap: DEFAULT_BACKOFF_CAP }
    }
}

impl Backoff {
    /// The upper bound of the wait before retry number `attempt + 1`, where `attempt`
    /// counts the failures so far from 0: `min(cap, base · 2^attempt)`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use dvcrank::fetch::retry::Backoff;
    /// let b = Backoff { base: Duration::from_millis(100), cap: Duration::from_secs(1) };
    /// assert_eq!(b.ceiling(0), Duration::from_millis(100));
    /// assert_eq!(b.ceiling(3), Duration::from_millis(800));
    /// assert_eq!(b.ceiling(4), Duration::from_secs(1));
    /// ```
    #[must_use]
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX);
        self.base.checked_mul(factor).map_or(self.cap, |d| d.min(self.cap))
    }

    /// The wait before the next attempt, given a random `fraction` in `[0, 1]`
    /// (values outside are clamped; NaN counts as 0).
    ///
    /// ```
    /// use std::time::Duration;
    /// use dvcrank::fetch::retry::Backoff;
    /// let b = Backoff { base: Duration::from_millis(100), cap: Duration::from_secs(1) };
    /// assert_eq!(b.wait(2, 0.5), Duration::from_millis(200));
    /// assert_eq!(b.wait(2, 0.0), Duration::ZERO);
    /// ```
    #[must_use]
    pub fn wait(&self, attempt: u32, fraction: f64) -> Duration {
        let fraction = if fraction.is_nan() { 0.0 } else { fraction.clamp(0.0, 1.0) };
        self.ceiling(attempt).mul_f64(fraction)
    }
}

/// Parses a `Retry-After` value, either delay-seconds (`120`) or an HTTP date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`, and the two obsolete forms RFC 9110 still asks
/// recipients to accept). A date in the past gives zero. `None` when unparseable.
///
/// ```
/// use std::time::Duration;
/// use chrono::{TimeZone, Utc};
/// use dvcrank::fetch::retry::parse_retry_after;
/// let now = Utc.with_ymd_and_hms(2024, 4, 1, 8, 0, 0).unwrap();
/// assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
/// assert_eq!(parse_retry_after("Mon, 01 Apr 2024 08:00:30 GMT", now), Some(Duration::from_secs(30)));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
#[must_use]
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long digit strings saturate; the caller's cap rejects them.
        return Some(Duration::from_secs(value.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let at = parse_http_date(value)?;
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// Parses an HTTP date in any of its three RFC 9110 forms.
fn parse_http_date(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc2822(value) {
        return Some(d.with_timezone(&Utc));
    }
    // RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994").
    ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
        .iter()
        .find_map(|fmt| NaiveDateTime::parse_from_str(value, fmt).ok())
        .map(|naive| naive.and_utc())
}

/// What to do after a `Retry-After` was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// Wait this long (at least) before the next request to the host.
    Wait(Duration),
    /// The server asks for more than the cap: give up on this fetch.
    TooLong(Duration),
}

/// Checks a parsed `Retry-After` against the cap.
///
/// ```
/// use std::time::Duration;
/// use dvcrank::fetch::retry::{check_retry_after, RetryAfter};
/// let cap = Duration::from_secs(600);
/// assert_eq!(check_retry_after(Duration::from_secs(5), cap), RetryAfter::Wait(Duration::from_secs(5)));
/// assert_eq!(check_retry_after(Duration::from_secs(3600), cap), RetryAfter::TooLong(Duration::from_secs(3600)));
/// ```
#[must_use]
pub fn check_retry_after(wait: Duration, cap: Duration) -> RetryAfter {
    if wait > cap {
        RetryAfter::TooLong(wait)
    } else {
        RetryAfter::Wait(wait)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn backoff() -> Backoff {
        Backoff { base: Duration::from_millis(100), cap: Duration::from_secs(5) }
    }

    #[test]
    fn ceiling_doubles_then_caps() {
        let b = backoff();
        let ceilings: Vec<u128> = (0..8).map(|n| b.ceiling(n).as_millis()).collect();
        assert_eq!(ceilings, [100, 200, 400, 800, 1600, 3200, 5000, 5000]);
    }

    #[test]
    fn ceiling_never_overflows() {
        let b = Backoff { base: Duration::from_secs(u64::MAX / 2), cap: Duration::from_secs(60) };
        assert_eq!(b.ceiling(u32::MAX), Duration::from_secs(60));
        assert_eq!(backoff().ceiling(u32::MAX), Duration::from_secs(5));
    }

    #[test]
    fn jitter_stays_within_zero_and_ceiling() {
        let b = backoff();
        let mut rng = fastrand::Rng::with_seed(7);
        for attempt in 0..12 {
            for _ in 0..200 {
                let w = b.wait(attempt, rng.f64());
                assert!(w <= b.ceiling(attempt), "{w:?} > {:?}", b.ceiling(attempt));
                assert!(w <= b.cap);
            }
        }
        assert_eq!(b.wait(3, 1.0), b.ceiling(3));
        assert_eq!(b.wait(3, 7.0), b.ceiling(3));
        assert_eq!(b.wait(3, -1.0), Duration::ZERO);
        assert_eq!(b.wait(3, f64::NAN), Duration::ZERO);
    }

    #[test]
    fn same_seed_same_schedule() {
        let b = backoff();
        let schedule = |seed| {
            let mut rng = fastrand::Rng::with_seed(seed);
            (0..4).map(|n| b.wait(n, rng.f64())).collect::<Vec<_>>()
        };
        assert_eq!(schedule(42), schedule(42));
    }

    #[test]
    fn retryable_statuses() {
        for code in [429, 500, 502, 503, 504, 599] {
            assert!(is_retryable_status(code), "{code}");
        }
        for code in [200, 301, 304, 400, 401, 403, 404, 410, 418] {
            assert!(!is_retryable_status(code), "{code}");
        }
        assert!(honours_retry_after(429) && honours_retry_after(503) && !honours_retry_after(500));
    }

    #[test]
    fn retry_after_forms() {
        let now = Utc.with_ymd_and_hms(1994, 11, 6, 8, 49, 0).single().expect("valid date");
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("99999999999999999999999", now), Some(Duration::from_secs(u64::MAX)));
        for date in ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            assert_eq!(parse_retry_after(date, now), Some(Duration::from_secs(37)), "{date}");
        }
        // In the past: go now.
        assert_eq!(parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now), Some(Duration::ZERO));
        for bad in ["", "-1", "1.5", "tomorrow", "Sun, 99 Nov 1994 08:49:37 GMT"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn retry_after_cap() {
        let cap = DEFAULT_MAX_RETRY_AFTER;
        assert_eq!(check_retry_after(cap, cap), RetryAfter::Wait(cap));
        let over = cap + Duration::from_secs(1);
        assert_eq!(check_retry_after(over, cap), RetryAfter::TooLong(over));
    }
}
