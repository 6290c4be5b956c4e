//! The per-host gate: at most `per_host` requests in flight per host (one by default),
//! at least a delay between the starts of consecutive requests to the same host, and a
//! way for `Retry-After` or a backoff to push the host's next slot further back.
//! Different hosts never wait for each other. I/O: waits on the tokio timer (no network).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The schedule of one host.
#[derive(Debug)]
struct Host {
    /// Requests in flight; its size is the host's limit.
    in_flight: Arc<Semaphore>,
    /// The earliest start of the next request.
    next_start: Mutex<Option<Instant>>,
}

/// Gates for every host seen, keyed by `host` or `host:port`.
#[derive(Debug, Default)]
pub(crate) struct HostGates {
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

/// The right to send one request to a host. One of the host's `per_host` places stays
/// taken until this is dropped.
#[derive(Debug)]
pub(crate) struct Permit {
    host: Arc<Host>,
    /// `None` only if the semaphore were closed, which it never is.
    _place: Option<OwnedSemaphorePermit>,
}

impl HostGates {
    /// Waits for `host`'s turn: until fewer than `per_host` requests to it are in
    /// flight, and until `delay` after the start of the previous one (or a later time set
    /// by [`Permit::defer`]). The next request then waits at least `delay` from this
    /// start. A host's limit is fixed by its first request.
    pub(crate) async fn acquire(&self, host: &str, delay: Duration, per_host: usize) -> Permit {
        let host = {
            let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(hosts.entry(host.to_owned()).or_insert_with(|| {
                Arc::new(Host { in_flight: Arc::new(Semaphore::new(per_host.max(1))), next_start: Mutex::new(None) })
            }))
        };
        // tokio's Semaphore is fair: waiters get their places in the order they arrived.
        // It is never closed, so acquiring cannot fail; if it could, the request would
        // go ahead without a place rather than be lost.
        let place = Arc::clone(&host.in_flight).acquire_owned().await;
        let start = {
            let mut next = host.next_start.lock().unwrap_or_else(PoisonError::into_inner);
            // Book the slot before sleeping, so that requests waiting together are spaced
            // out rather than all released at the same instant.
            let start = next.map_or_else(Instant::now, |at| at.max(Instant::now()));
            *next = Some(start + delay);
            start
        };
        tokio::time::sleep_until(start).await;
        Permit { host, _place: place.ok() }
    }
}

impl Permit {
    /// Keeps the host's next request from starting before `wait` from now (a
    /// `Retry-After`, or a backoff after a failure). Never moves the slot earlier.
    pub(crate) fn defer(&mut self, wait: Duration) {
        let at = Instant::now() + wait;
        let mut next = self.host.next_start.lock().unwrap_or_else(PoisonError::into_inner);
        *next = Some(next.map_or(at, |t| t.max(at)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn spacing_per_host_and_hosts_independent() {
        let gates = HostGates::default();
        let delay = Duration::from_millis(200);
        let t0 = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..3 {
            let _permit = gates.acquire("a.vn", delay, 1).await;
            starts.push(t0.elapsed());
        }
        assert_eq!(starts, [Duration::ZERO, delay, delay * 2]);
        // Another host is not held back by a.vn's schedule.
        let _b = gates.acquire("b.vn", delay, 1).await;
        assert_eq!(t0.elapsed(), delay * 2);
    }

    #[tokio::test(start_paused = true)]
    async fn defer_pushes_the_next_slot_back() {
        let gates = HostGates::default();
        let t0 = Instant::now();
        {
            let mut permit = gates.acquire("a.vn", Duration::from_millis(100), 1).await;
            permit.defer(Duration::from_secs(2));
            permit.defer(Duration::from_millis(10)); // does not shorten
        }
        let _permit = gates.acquire("a.vn", Duration::from_millis(100), 1).await;
        assert_eq!(t0.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn one_in_flight_per_host() {
        let gates = Arc::new(HostGates::default());
        let first = gates.acquire("a.vn", Duration::ZERO, 1).await;
        let g = Arc::clone(&gates);
        let waiter = tokio::spawn(async move {
            let _p = g.acquire("a.vn", Duration::ZERO, 1).await;
        });
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert!(!waiter.is_finished(), "second request started while the first was in flight");
        drop(first);
        waiter.await.expect("joins");
    }

    #[tokio::test(start_paused = true)]
    async fn several_in_flight_when_allowed_and_still_spaced() {
        let gates = Arc::new(HostGates::default());
        let delay = Duration::from_millis(100);
        let t0 = Instant::now();
        let a = gates.acquire("a.vn", delay, 2).await;
        let b = gates.acquire("a.vn", delay, 2).await;
        // Two in flight at once, their starts a delay apart.
        assert_eq!(t0.elapsed(), delay);
        let g = Arc::clone(&gates);
        let third = tokio::spawn(async move {
            let _p = g.acquire("a.vn", delay, 2).await;
        });
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert!(!third.is_finished(), "a third request started while two were in flight");
        drop(a);
        third.await.expect("joins");
        drop(b);
    }
}
