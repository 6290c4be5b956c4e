//! A demo store (the sample mirror crawled end to end), built once per test binary and
//! shared by the export, report and WARC tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use dvcrank::demo::{self, DemoPaths};
use dvcrank::store::Store;

/// The project folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Demo {
    _dir: tempfile::TempDir,
    store: Store,
}

/// The shared demo store (sample data: the mirror crawled with the real fetcher).
pub fn store() -> &'static Store {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    &DEMO
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let mut paths: DemoPaths = demo::default_paths(&root());
            paths.store = dir.path().join("demo.db");
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("rt");
            let outcome = rt.block_on(demo::run(&paths)).expect("demo runs");
            Demo { _dir: dir, store: outcome.store }
        })
        .store
}
