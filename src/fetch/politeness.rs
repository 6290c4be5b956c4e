//! The per-host gate: at most one request in flight per host, at least a delay between
//! the starts of consecutive requests to the same host, and a way for `Retry-After` or a
//! backoff to push the host's next slot further back. Different hosts never wait for
//! each other. I/O: waits on the tokio timer (no network).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};
use tokio::time::Instant;

/// The schedule of one host.
#[derive(Debug, Default)]
struct Slot {
    /// The earliest start of the next request.
    next_start: Option<Instant>,
}

/// Gates for every host seen, keyed by `host` or `host:port`.
#[derive(Debug, Default)]
pub(crate) struct HostGates {
    hosts: Mutex<HashMap<String, Arc<AsyncMutex<Slot>>>>,
}

/// The right to send one request to a host. The host's next request waits until this
/// is dropped, and then until the slot time.
#[derive(Debug)]
pub(crate) struct Permit {
    slot: OwnedMutexGuard<Slot>,
}

impl HostGates {
    /// Waits for `host`'s turn: until no other request to it is in flight, and until
    /// `delay` after the start of the previous one (or a later time set by
    /// [`Permit::defer`]). The next request then waits at least `delay` from now.
    pub(crate) async fn acquire(&self, host: &str, delay: Duration) -> Permit {
        let gate = {
            let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(hosts.entry(host.to_owned()).or_default())
        };
        // tokio's Mutex is fair: waiters are served in the order they arrived.
        let mut slot = gate.lock_owned().await;
        if let Some(at) = slot.next_start {
            tokio::time::sleep_until(at).await;
        }
        slot.next_start = Some(Instant::now() + delay);
        Permit { slot }
    }
}

impl Permit {
    /// Keeps the host's next request from starting before `wait` from now (a
    /// `Retry-After`, or a backoff after a failure). Never moves the slot earlier.
    pub(crate) fn defer(&mut self, wait: Duration) {
        let at = Instant::now() + wait;
        self.slot.next_start = Some(self.slot.next_start.map_or(at, |t| t.max(at)));
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
            let _permit = gates.acquire("a.vn", delay).await;
            starts.push(t0.elapsed());
        }
        assert_eq!(starts, [Duration::ZERO, delay, delay * 2]);
        // Another host is not held back by a.vn's schedule.
        let _b = gates.acquire("b.vn", delay).await;
        assert_eq!(t0.elapsed(), delay * 2);
    }

    #[tokio::test(start_paused = true)]
    async fn defer_pushes_the_next_slot_back() {
        let gates = HostGates::default();
        let t0 = Instant::now();
        {
            let mut permit = gates.acquire("a.vn", Duration::from_millis(100)).await;
            permit.defer(Duration::from_secs(2));
            permit.defer(Duration::from_millis(10)); // does not shorten
        }
        let _permit = gates.acquire("a.vn", Duration::from_millis(100)).await;
        assert_eq!(t0.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn one_in_flight_per_host() {
        let gates = Arc::new(HostGates::default());
        let first = gates.acquire("a.vn", Duration::ZERO).await;
        let g = Arc::clone(&gates);
        let waiter = tokio::spawn(async move {
            let _p = g.acquire("a.vn", Duration::ZERO).await;
        });
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert!(!waiter.is_finished(), "second request started while the first was in flight");
        drop(first);
        waiter.await.expect("joins");
    }
}
