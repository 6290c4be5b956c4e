//! `dvcrank schedule`: when each source is due, and the long-running loop that crawls
//! it then. The core is pure: a [`Schedule`] (an interval, or a cron expression read in
//! Vietnam's time), [`next_due`] from the last run, and [`plan`], which picks the sources
//! to start and when to look again, all with "now" passed in. Missed runs are caught up
//! with one run, not one per missed slot. [`run`] is the I/O part: it reads the last
//! runs from the store, starts one crawl per due source (never two of one source),
//! sleeps on the tokio timer, logs a line per run, and on a stop request lets the
//! crawls save their frontiers and returns.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Offset as _, Utc};
use tokio::task::JoinSet;

use crate::clock::Clock;
use crate::fetch::Fetch;
use crate::pipeline::{Crawler, SourceReport, Stop};
use crate::source::Source;
use crate::store::Store;

/// Vietnam's offset from UTC (UTC+7 all year, no daylight saving): cron expressions
/// are read in this time.
pub const VIETNAM_OFFSET_SECONDS: i32 = 7 * 60 * 60;

/// How long [`run`] waits for the crawls to save their state after a stop request
/// before it gives up on them (their frontiers are then as last saved).
pub const STOP_GRACE: Duration = Duration::from_secs(10);

/// When a source is crawled.
#[derive(Debug, Clone)]
pub enum Schedule {
    /// Every so often, counted from the start of the last run.
    Every(Duration),
    /// At the times of a cron expression, in Vietnam's time.
    Cron(CronSchedule),
}

/// A parsed cron expression and the text it came from.
#[derive(Debug, Clone)]
pub struct CronSchedule {
    text: String,
    // Boxed: a parsed expression is a few hundred bytes, an interval sixteen.
    schedule: Box<cron::Schedule>,
}

impl CronSchedule {
    /// The expression as written.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Schedule {
    fn eq(&self, other: &Schedule) -> bool {
        match (self, other) {
            (Schedule::Every(a), Schedule::Every(b)) => a == b,
            (Schedule::Cron(a), Schedule::Cron(b)) => a.text == b.text,
            _ => false,
        }
    }
}

impl std::fmt::Display for Schedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Schedule::Every(d) => write!(f, "every {}", humantime::format_duration(*d)),
            Schedule::Cron(c) => write!(f, "cron \"{}\" (UTC+7)", c.text),
        }
    }
}

fn vietnam() -> FixedOffset {
    // 7 h is within ±24 h, so the fallback is never taken.
    FixedOffset::east_opt(VIETNAM_OFFSET_SECONDS).unwrap_or_else(|| Utc.fix())
}

impl Schedule {
    /// An interval schedule.
    ///
    /// # Errors
    /// A message when the interval is zero.
    pub fn every(interval: Duration) -> Result<Schedule, String> {
        if interval.is_zero() {
            return Err("the interval must be longer than 0s".into());
        }
        Ok(Schedule::Every(interval))
    }

    /// A cron schedule: the usual five fields (minute hour day-of-month month
    /// day-of-week), or six/seven with seconds first and a year last. Days of the week
    /// are best written as names (`Mon-Fri`).
    ///
    /// ```
    /// use dvcrank::schedule::Schedule;
    /// assert!(Schedule::cron("0 6 * * *").is_ok());
    /// assert!(Schedule::cron("30 5 * * Mon-Fri").is_ok());
    /// assert!(Schedule::cron("every morning").is_err());
    /// ```
    ///
    /// # Errors
    /// A message naming the expression when it cannot be read.
    pub fn cron(expression: &str) -> Result<Schedule, String> {
        let text = expression.trim();
        // The cron crate wants a seconds field; the common five-field form has none.
        let full = if text.split_whitespace().count() == 5 { format!("0 {text}") } else { text.to_string() };
        let schedule = cron::Schedule::from_str(&full)
            .map_err(|e| format!("`{text}` is not a cron expression (minute hour day month weekday): {e}"))?;
        Ok(Schedule::Cron(CronSchedule { text: text.to_string(), schedule: Box::new(schedule) }))
    }

    /// The first time the schedule fires strictly after `t`; `None` when it never fires
    /// again (a cron expression limited to past years).
    #[must_use]
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Schedule::Every(d) => chrono::Duration::from_std(*d).ok().and_then(|d| t.checked_add_signed(d)),
            Schedule::Cron(c) => c.schedule.after(&t.with_timezone(&vietnam())).next().map(|at| at.with_timezone(&Utc)),
        }
    }
}

/// What the scheduler needs to know about a source's last run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastRun {
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Whether it ran to the end (an interrupted run is resumed at once).
    pub completed: bool,
}

impl LastRun {
    /// From a stored run summary; `None` when it has no times.
    #[must_use]
    pub fn of(report: &SourceReport) -> Option<LastRun> {
        let started_at = report.started_at.or(report.finished_at)?;
        Some(LastRun { started_at, completed: !report.interrupted })
    }
}

/// When a source is next due: at once when it never ran or its last run was
/// interrupted; otherwise the schedule's first time after the last start. A time in
/// the past means "now", however many slots were missed: one run catches up.
/// `None`: never again.
///
/// ```
/// use std::time::Duration;
/// use chrono::{TimeZone, Utc};
/// use dvcrank::schedule::{next_due, LastRun, Schedule};
/// let daily = Schedule::every(Duration::from_secs(86_400)).unwrap();
/// let now = Utc.with_ymd_and_hms(2024, 5, 10, 0, 0, 0).unwrap();
/// assert_eq!(next_due(&daily, None, now), Some(now));
/// let last = LastRun { started_at: Utc.with_ymd_and_hms(2024, 5, 9, 12, 0, 0).unwrap(), completed: true };
/// assert_eq!(next_due(&daily, Some(&last), now), Some(Utc.with_ymd_and_hms(2024, 5, 10, 12, 0, 0).unwrap()));
/// ```
#[must_use]
pub fn next_due(schedule: &Schedule, last: Option<&LastRun>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match last {
        None => Some(now),
        Some(l) if !l.completed => Some(now),
        Some(l) => schedule.next_after(l.started_at),
    }
}

/// One source as the planner sees it.
#[derive(Debug, Clone, Copy)]
pub struct SourceState<'a> {
    /// Its schedule.
    pub schedule: &'a Schedule,
    /// Its last run.
    pub last: Option<LastRun>,
    /// Whether a crawl of it is running now.
    pub running: bool,
}

/// What to do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Indexes of the sources to start now.
    pub start: Vec<usize>,
    /// The earliest time an idle source falls due after those (`None`: none will).
    pub wake_at: Option<DateTime<Utc>>,
}

/// Which sources to start at `now`, and when to look again. A running source is never
/// started twice; its next time is worked out when its run has finished.
#[must_use]
pub fn plan(sources: &[SourceState<'_>], now: DateTime<Utc>) -> Plan {
    let mut start = Vec::new();
    let mut wake_at: Option<DateTime<Utc>> = None;
    for (i, s) in sources.iter().enumerate().filter(|(_, s)| !s.running) {
        match next_due(s.schedule, s.last.as_ref(), now) {
            Some(at) if at <= now => start.push(i),
            Some(at) => wake_at = Some(wake_at.map_or(at, |w| w.min(at))),
            None => {}
        }
    }
    Plan { start, wake_at }
}

/// A source with the schedule it runs on (its own, or the configuration's default).
#[derive(Debug, Clone)]
pub struct Scheduled {
    /// The source.
    pub source: Source,
    /// When it runs.
    pub schedule: Schedule,
}

/// Runs crawls on schedule until `stop` is requested: starts each due source (at most
/// one crawl per source at a time), logs a line when a run ends, and looks again when
/// the next source falls due, a run ends, or after `poll` at the latest. On a stop the
/// running crawls save their frontiers (see [`Crawler`]) and this returns the reports
/// of every run it saw end.
///
/// # Errors
/// When the store cannot be read.
pub async fn run<F: Fetch + 'static>(
    crawler: Arc<Crawler<F>>,
    store: &Store,
    sources: &[Scheduled],
    clock: Arc<dyn Clock>,
    poll: Duration,
    mut stop: Stop,
) -> crate::Result<Vec<SourceReport>> {
    let mut last: Vec<Option<LastRun>> = Vec::with_capacity(sources.len());
    for s in sources {
        last.push(store.last_run::<SourceReport>(&s.source.id.0)?.as_ref().and_then(LastRun::of));
    }
    // Running crawls: the task's id → the source's index.
    let mut running: HashMap<tokio::task::Id, usize> = HashMap::new();
    let mut tasks: JoinSet<SourceReport> = JoinSet::new();
    let mut finished = Vec::new();
    loop {
        let now = clock.now();
        let states: Vec<SourceState<'_>> = sources
            .iter()
            .zip(&last)
            .enumerate()
            .map(|(i, (s, l))| SourceState {
                schedule: &s.schedule,
                last: *l,
                running: running.values().any(|r| *r == i),
            })
            .collect();
        let next = plan(&states, now);
        for i in next.start {
            let (crawler, source) = (Arc::clone(&crawler), sources[i].source.clone());
            tracing::info!(source = %source.id, schedule = %sources[i].schedule, "run starting");
            let task = tasks.spawn(async move { crawler.crawl(&source).await });
            running.insert(task.id(), i);
        }
        let sleep = next
            .wake_at
            .and_then(|at| (at - clock.now()).to_std().ok())
            .map_or(poll, |d| d.min(poll))
            .max(Duration::from_millis(10));
        tokio::select! {
            () = tokio::time::sleep(sleep) => {}
            Some(done) = tasks.join_next_with_id(), if !tasks.is_empty() => {
                let (id, report) = ended(done);
                let Some(i) = running.remove(&id) else { continue };
                // A crawl task that failed outright waits for its next slot rather than
                // being started again at once, over and over.
                last[i] = report.as_ref().and_then(LastRun::of).or(Some(LastRun { started_at: now, completed: true }));
                finished.extend(report);
            }
            () = stop.stopped() => break,
        }
    }
    tracing::info!(running = tasks.len(), "stopping: crawls save their frontiers");
    let drain = async {
        while let Some(done) = tasks.join_next_with_id().await {
            finished.extend(ended(done).1);
        }
    };
    if tokio::time::timeout(STOP_GRACE, drain).await.is_err() {
        tracing::warn!("crawls did not stop in time; their frontiers are as last saved");
        tasks.abort_all();
    }
    Ok(finished)
}

/// Resolves on the next SIGINT or SIGTERM (Ctrl-C elsewhere than on Unix).
///
/// # Errors
/// When the signal handlers cannot be installed.
pub async fn shutdown_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}

/// The id and report of a finished crawl task, logged; no report when the task itself
/// failed.
fn ended(
    done: Result<(tokio::task::Id, SourceReport), tokio::task::JoinError>,
) -> (tokio::task::Id, Option<SourceReport>) {
    match done {
        Ok((id, report)) => {
            tracing::info!(
                source = %report.source,
                fetched = report.fetched,
                not_modified = report.not_modified,
                failed = report.failed.len(),
                figures_added = report.observations_added,
                scores_added = report.scores_added,
                interrupted = report.interrupted,
                "run finished"
            );
            (id, Some(report))
        }
        Err(e) => {
            tracing::error!("a crawl task failed: {e}");
            (e.id(), None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().expect("valid time")
    }

    fn done(at: DateTime<Utc>) -> Option<LastRun> {
        Some(LastRun { started_at: at, completed: true })
    }

    #[test]
    fn cron_is_read_in_vietnam_time() {
        let daily = Schedule::cron("0 6 * * *").expect("parses");
        // 06:00 in Vietnam is 23:00 UTC the day before.
        assert_eq!(daily.next_after(utc(2024, 5, 9, 12, 0)), Some(utc(2024, 5, 9, 23, 0)));
        assert_eq!(daily.next_after(utc(2024, 5, 9, 23, 0)), Some(utc(2024, 5, 10, 23, 0)));
        let seconds = Schedule::cron("0 30 5 * * Mon").expect("six fields");
        // 2024-05-13 is a Monday; 05:30 UTC+7 is 22:30 UTC on Sunday.
        assert_eq!(seconds.next_after(utc(2024, 5, 10, 0, 0)), Some(utc(2024, 5, 12, 22, 30)));
        assert!(Schedule::cron("61 * * * *").is_err());
        assert!(Schedule::every(Duration::ZERO).is_err());
    }

    #[test]
    fn missed_runs_are_caught_up_once() {
        let daily = Schedule::cron("0 6 * * *").expect("parses");
        // Down for ten days: due at once, one run.
        let now = utc(2024, 5, 20, 3, 0);
        let last = done(utc(2024, 5, 10, 0, 0));
        let p = plan(&[SourceState { schedule: &daily, last, running: false }], now);
        assert_eq!(p.start, vec![0]);
        // That run started now; the next is the coming 06:00 (23:00 UTC), not the
        // ten slots that were missed.
        let after = done(now);
        let p = plan(&[SourceState { schedule: &daily, last: after, running: false }], now);
        assert!(p.start.is_empty());
        assert_eq!(p.wake_at, Some(utc(2024, 5, 20, 23, 0)));
    }

    #[test]
    fn never_run_and_interrupted_runs_are_due_now() {
        let every = Schedule::every(Duration::from_secs(3600)).expect("valid");
        let now = utc(2024, 5, 20, 3, 0);
        let interrupted = Some(LastRun { started_at: now, completed: false });
        let states = [
            SourceState { schedule: &every, last: None, running: false },
            SourceState { schedule: &every, last: interrupted, running: false },
            SourceState { schedule: &every, last: done(utc(2024, 5, 20, 2, 30)), running: false },
        ];
        let p = plan(&states, now);
        assert_eq!(p.start, vec![0, 1]);
        assert_eq!(p.wake_at, Some(utc(2024, 5, 20, 3, 30)));
    }

    #[test]
    fn a_running_source_is_not_started_twice() {
        let every = Schedule::every(Duration::from_secs(60)).expect("valid");
        let now = utc(2024, 5, 20, 3, 0);
        let p = plan(&[SourceState { schedule: &every, last: None, running: true }], now);
        assert_eq!(p, Plan { start: vec![], wake_at: None });
    }

    #[test]
    fn the_clock_moving_makes_sources_due() {
        let every = Schedule::every(Duration::from_secs(24 * 3600)).expect("valid");
        let last = done(utc(2024, 5, 20, 3, 0));
        let state = [SourceState { schedule: &every, last, running: false }];
        assert!(plan(&state, utc(2024, 5, 21, 2, 59)).start.is_empty());
        assert_eq!(plan(&state, utc(2024, 5, 21, 3, 0)).start, vec![0]);
    }

    #[test]
    fn cron_limited_to_the_past_never_fires() {
        let past = Schedule::cron("0 0 6 1 1 * 2001").expect("seven fields");
        let now = utc(2024, 5, 20, 3, 0);
        assert_eq!(next_due(&past, done(utc(2020, 1, 1, 0, 0)).as_ref(), now), None);
        assert_eq!(plan(&[SourceState { schedule: &past, last: done(now), running: false }], now).wake_at, None);
    }
}
