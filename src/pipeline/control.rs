//! How a running crawl is steered and watched: a [`Stop`] request (a signal handler
//! holds the [`StopHandle`]) and a [`Progress`] sink. No I/O of its own.

use std::fmt;

use tokio::sync::watch;

use crate::model::SourceId;

use super::SourceReport;

/// Asks running crawls to stop (a signal handler holds it).
#[derive(Debug)]
pub struct StopHandle(watch::Sender<bool>);

/// Tells a crawl that it should stop: it then saves its frontier and returns.
#[derive(Debug, Clone)]
pub struct Stop(watch::Receiver<bool>);

/// A stop handle and the signal it sends.
#[must_use]
pub fn stop_pair() -> (StopHandle, Stop) {
    let (tx, rx) = watch::channel(false);
    (StopHandle(tx), Stop(rx))
}

impl StopHandle {
    /// Asks every crawl holding the matching [`Stop`] to stop.
    pub fn stop(&self) {
        self.0.send_replace(true);
    }
}

impl Stop {
    /// A signal that never fires.
    #[must_use]
    pub fn never() -> Stop {
        stop_pair().1
    }

    /// Whether a stop was asked for.
    #[must_use]
    pub fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves when a stop is asked for (never, once the handle is gone without one).
    pub async fn stopped(&mut self) {
        if self.0.wait_for(|stop| *stop).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Where a crawl reports its progress: bars at a terminal, log lines elsewhere.
pub trait Progress: Send + Sync + fmt::Debug {
    /// A source's crawl started.
    fn started(&self, source: &SourceId);
    /// A source's crawl has finished `done` pages and has `queued` more to go.
    fn advanced(&self, source: &SourceId, done: usize, queued: usize);
    /// A source's crawl ended.
    fn finished(&self, report: &SourceReport);
}

/// Progress reported nowhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn started(&self, _: &SourceId) {}
    fn advanced(&self, _: &SourceId, _: usize, _: usize) {}
    fn finished(&self, _: &SourceReport) {}
}

/// Pages between two progress log lines of one source.
pub const LOG_EVERY_PAGES: usize = 100;

/// Progress as `tracing` lines (for logs, where bars would be noise): one when a source
/// starts and one every [`LOG_EVERY_PAGES`] pages. The end of a run is the caller's
/// line to write (the crawl summary, the scheduler's run line).
#[derive(Debug, Clone, Copy, Default)]
pub struct LogProgress;

impl Progress for LogProgress {
    fn started(&self, source: &SourceId) {
        tracing::info!(source = %source, "crawl started");
    }

    fn advanced(&self, source: &SourceId, done: usize, queued: usize) {
        if done % LOG_EVERY_PAGES == 0 {
            tracing::info!(source = %source, done, queued, "crawling");
        }
    }

    fn finished(&self, _: &SourceReport) {}
}
