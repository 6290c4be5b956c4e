//! `dvcrank schedule` as a process: it crawls a due source once (not again within its
//! interval), logs a line per run, and on SIGTERM stops with exit code 0 and its state
//! saved: an interrupted crawl leaves its frontier in the store and the run marked
//! interrupted, and the next crawl resumes it to the end.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/proc.rs"]
mod proc;
#[path = "common/site.rs"]
mod site;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dvcrank::pipeline::SourceReport;
use dvcrank::store::Store;
use proc::{dvcrank, terminate, wait_exit, wait_until};
use site::{generate, listing_count, selectors_toml, Site};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime")
}

fn write_selectors(dir: &Path, site: &Site, crawl: &str) {
    let selectors = dir.join("selectors");
    std::fs::create_dir_all(&selectors).expect("mkdir");
    let text = selectors_toml(&site.host(), crawl, "[schedule]\nevery = \"1h\"");
    std::fs::write(selectors.join("generated.toml"), text).expect("write");
}

/// Collects the child's stderr lines in the background.
fn capture_stderr(child: &mut std::process::Child) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    let stderr = child.stderr.take().expect("piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

fn last_run(store: &Path) -> SourceReport {
    let store = Store::open(store).expect("store opens");
    store.last_run::<SourceReport>("generated").expect("read").expect("a run was recorded")
}

#[test]
fn runs_a_due_source_once_and_stops_cleanly_on_sigterm() {
    let rt = runtime();
    let (bulletins, per_listing) = (30, 10);
    let site = rt.block_on(Site::start(generate(bulletins, per_listing), Duration::ZERO));
    let dir = tempfile::tempdir().expect("tempdir");
    write_selectors(dir.path(), &site, "delay = \"0s\"");
    let mut child = dvcrank(dir.path(), &["schedule", "--store", "db", "--selectors", "selectors"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawns");
    let log = capture_stderr(&mut child);
    wait_until("the run's log line", Duration::from_secs(60), || {
        log.lock().unwrap().iter().any(|l| l.contains("run finished"))
    });
    // Due again only in an hour: a second look at the sources starts nothing.
    std::thread::sleep(Duration::from_millis(300));
    terminate(&child);
    let status = wait_exit(&mut child, Duration::from_secs(20));
    assert!(status.success(), "exit {status:?}; log: {:#?}", log.lock().unwrap());
    let pages = bulletins + listing_count(bulletins, per_listing);
    assert_eq!(site.requests(), pages + 1, "one crawl (and robots.txt)");
    let run = last_run(&dir.path().join("db"));
    assert!(!run.interrupted);
    assert_eq!(run.bulletins_read, bulletins);
    let runs = log.lock().unwrap().iter().filter(|l| l.contains("run finished")).count();
    assert_eq!(runs, 1, "one log line per run");
}

#[test]
fn sigterm_mid_crawl_saves_the_frontier_and_the_next_crawl_finishes_it() {
    let rt = runtime();
    let (bulletins, per_listing) = (200, 10);
    let site = rt.block_on(Site::start(generate(bulletins, per_listing), Duration::from_millis(20)));
    let dir = tempfile::tempdir().expect("tempdir");
    write_selectors(dir.path(), &site, "delay = \"0s\"\nmax_depth = 100");
    let mut child = dvcrank(dir.path(), &["schedule", "--store", "db", "--selectors", "selectors"])
        .stderr(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawns");
    wait_until("some pages", Duration::from_secs(60), || site.requests() >= 30);
    terminate(&child);
    let status = wait_exit(&mut child, Duration::from_secs(20));
    assert!(status.success(), "exit {status:?}");
    let pages = bulletins + listing_count(bulletins, per_listing);
    assert!(site.requests() < pages, "stopped before the end");
    {
        let run = last_run(&dir.path().join("db"));
        assert!(run.interrupted, "the run is recorded as interrupted");
        let store = Store::open(&dir.path().join("db")).expect("store");
        assert!(store.load_frontier::<serde_json::Value>("generated").expect("read").is_some(), "frontier saved");
    }

    let out =
        dvcrank(dir.path(), &["crawl", "--store", "db", "--selectors", "selectors", "--json"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&dir.path().join("db")).expect("store");
    assert_eq!(store.observation_count(), bulletins * 2, "every figure, once");
    assert!(store.load_frontier::<serde_json::Value>("generated").expect("read").is_none());
    assert!(!store.last_run::<SourceReport>("generated").expect("read").expect("run").interrupted);
}
