//! Kill and resume: `dvcrank crawl` is killed with SIGKILL in the middle of a crawl of a
//! slow generated site, started again, and its store compared with the store of an
//! uninterrupted crawl of the same site: the same figures, none lost, none twice, and
//! the second start resumed the saved frontier instead of starting over.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/proc.rs"]
mod proc;
#[path = "common/site.rs"]
mod site;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use dvcrank::store::{ObservationFilter, Store};
use proc::{dvcrank, wait_exit, wait_until};
use site::{generate, listing_count, selectors_toml, Site};

/// Every stored figure, without its fetch time; and how many records there are.
fn figures(path: &Path) -> (BTreeSet<String>, usize) {
    let store = Store::open(path).expect("store opens");
    let all = store.observations(&ObservationFilter::default()).expect("read");
    let set = all
        .iter()
        .map(|o| {
            format!(
                "{} {} {:?} {} {} {}",
                o.provenance.url,
                o.metric.as_str(),
                o.province,
                o.period.label,
                o.value,
                o.evidence.text
            )
        })
        .collect();
    assert!(store.load_frontier::<serde_json::Value>("generated").expect("read").is_none(), "frontier cleared");
    (set, all.len())
}

#[test]
fn sigkill_mid_crawl_then_resume_stores_what_an_uninterrupted_crawl_stores() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    let (bulletins, per_listing) = (300, 10);
    let pages = bulletins + listing_count(bulletins, per_listing);
    let site = rt.block_on(Site::start(generate(bulletins, per_listing), Duration::from_millis(10)));
    let dir = tempfile::tempdir().expect("tempdir");
    let selectors = dir.path().join("selectors");
    std::fs::create_dir(&selectors).expect("mkdir");
    let crawl = "delay = \"0s\"\nper_host = 2\nmax_depth = 100\nmax_pages = 1000";
    std::fs::write(selectors.join("generated.toml"), selectors_toml(&site.host(), crawl, "")).expect("write");
    fn args(store: &str) -> [&str; 6] {
        ["crawl", "--store", store, "--selectors", "selectors", "--json"]
    }

    let whole = dvcrank(dir.path(), &args("whole")).output().expect("runs");
    assert!(whole.status.success(), "{}", String::from_utf8_lossy(&whole.stderr));
    let uninterrupted_requests = site.requests();
    assert_eq!(uninterrupted_requests, pages + 1, "every page once, and robots.txt");

    // Killed when about half the pages are done: some work is saved, some is not.
    site.reset_counts();
    let mut child = dvcrank(dir.path(), &args("killed"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns");
    wait_until("half the pages", Duration::from_secs(120), || site.requests() >= pages / 2);
    child.kill().expect("SIGKILL");
    let status = wait_exit(&mut child, Duration::from_secs(10));
    assert!(!status.success(), "killed, not finished");
    assert!(site.requests() < pages, "the kill came before the end ({} requests)", site.requests());

    site.reset_counts();
    let resumed = dvcrank(dir.path(), &args("killed")).output().expect("runs");
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    let report: serde_json::Value = serde_json::from_slice(&resumed.stdout).expect("JSON summary");
    assert_eq!(report["summary"]["interrupted"], false);
    let resumed_requests = site.requests();
    assert!(
        resumed_requests < uninterrupted_requests * 3 / 4,
        "the second start resumed ({resumed_requests} requests) rather than starting over"
    );

    let (want, want_records) = figures(&dir.path().join("whole"));
    let (got, got_records) = figures(&dir.path().join("killed"));
    assert_eq!(want.len(), bulletins * 2);
    assert_eq!(want_records, want.len());
    assert_eq!(got_records, got.len(), "no figure stored twice");
    let lost: Vec<_> = want.difference(&got).take(3).collect();
    assert!(lost.is_empty(), "{} figures lost, e.g. {lost:?}", want.difference(&got).count());
    assert_eq!(got, want);
}
