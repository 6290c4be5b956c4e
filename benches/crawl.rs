//! Crawl throughput: a generated 5,000-page site (50 listing pages, 4,950 bulletins with
//! figures) served from memory on 127.0.0.1, crawled into a fresh temporary store with
//! politeness off (no delay, no robots.txt, 64 requests in flight per host) and a
//! global concurrency of 64: fetch, store the page, extract and store the figures.
//! Prints pages per second for each run and the process's peak resident memory
//! (`VmHWM`), and the CPU time per page, which unlike the rate does not depend on what
//! else the machine is doing. The server runs in the same process, on the same cores.
//!
//! `cargo bench --bench crawl` (`-- --runs N` for more runs; the default is 3).
#![allow(clippy::unwrap_used, clippy::expect_used)]

// The allocator of the `dvcrank` binary (src/main.rs), so the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/site.rs"]
mod site;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dvcrank::clock::{Clock, SystemClock};
use dvcrank::fetch::{FetchConfig, Fetcher};
use dvcrank::pipeline::{CrawlOptions, Crawler};
use dvcrank::source::compile;
use dvcrank::store::Store;
use site::{generate, listing_count, selectors_toml, Site};

const BULLETINS: usize = 4_950;
const PER_LISTING: usize = 99;
const CONCURRENCY: usize = 64;

/// CPU time (user + system) this process has used, from `/proc/self/stat` (Linux;
/// clock ticks assumed to be the usual 100 per second). On a machine shared with
/// other work the wall-clock rate varies from run to run; CPU time per page does not.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// Peak resident memory of this process in KiB, from `/proc/self/status` (Linux).
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let runs = std::env::args().skip_while(|a| a != "--runs").nth(1).and_then(|n| n.parse::<usize>().ok()).unwrap_or(3);
    // `cargo test --benches` runs this with `--bench` absent: one small run to check it works.
    let quick = !std::env::args().any(|a| a == "--bench");
    let (bulletins, per_listing) = if quick { (198, 99) } else { (BULLETINS, PER_LISTING) };
    let pages = bulletins + listing_count(bulletins, per_listing);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let site = rt.block_on(Site::start(generate(bulletins, per_listing), Duration::ZERO));
    let crawl = format!("delay = \"0s\"\nper_host = {CONCURRENCY}\nmax_depth = 1000\nmax_pages = 100000");
    let source =
        compile(Path::new("generated.toml"), &selectors_toml(&site.host(), &crawl, "")).expect("selectors compile");
    println!(
        "crawl: {pages} pages ({bulletins} bulletins), politeness off, concurrency {CONCURRENCY}, {} cores",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    );
    for run in 1..=if quick { 1 } else { runs } {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("store")).expect("store");
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let config = FetchConfig { allow_private: true, respect_robots: false, ..FetchConfig::default() };
        let fetcher = Fetcher::new(config, Arc::clone(&clock)).expect("fetcher");
        let crawler = Arc::new(
            Crawler::new(store.clone(), fetcher, clock, CrawlOptions::default()).with_concurrency(CONCURRENCY),
        );
        let started = Instant::now();
        let cpu_before = cpu_seconds();
        let report = rt.block_on(crawler.run(std::slice::from_ref(&source)));
        store.flush().expect("flush");
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_before.zip(cpu_seconds()).map(|(a, b)| b - a);
        let s = &report.sources[0];
        assert!(!report.has_failures(), "{report:#?}");
        assert_eq!((s.fetched, s.bulletins_read), (pages, bulletins), "the whole site was crawled");
        assert_eq!(store.observation_count(), bulletins * 2, "two figures per bulletin");
        println!(
            "run {run}: {pages} pages in {seconds:.2} s = {:.0} pages/s; {} figures stored{}",
            pages as f64 / seconds,
            s.observations_added,
            cpu.map_or_else(String::new, |c| format!(
                "; CPU {c:.2} s = {:.0} µs per page (server included)",
                c * 1e6 / pages as f64
            ))
        );
    }
    match peak_memory_kib() {
        Some(kib) => println!("peak memory (VmHWM): {:.1} MiB", kib as f64 / 1024.0),
        None => println!("peak memory: not available (no /proc/self/status)"),
    }
}
