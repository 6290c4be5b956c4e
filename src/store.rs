//! The store: the only module that names sled. I/O.
//!
//! Trees and keys (fixed width, big-endian, so range scans come out in order):
//!
//! | tree | key | value |
//! |---|---|---|
//! | `meta` | name | schema version, sample flag |
//! | `pages` | page hash (32) | body bytes, kept forever |
//! | `fetches` | url ∥ 0 ∥ fetched_at ms (8) | [`Page`] |
//! | `latest` | url | the latest [`Page`] of the url (conditional GET, reparse) |
//! | `observations` | metric (1) ∥ start (4) ∥ end (4) ∥ province (2) ∥ figure hash (8) | [`Observation`] |
//! | `obs_by_url` | url ∥ 0 ∥ observation key | — (replace a page's figures on re-extraction) |
//! | `scores` | period (4) ∥ level (1) ∥ unit id ∥ 0 ∥ captured_at ms (8) | [`IndexScore`] |
//! | `frontier` | source id | the saved crawl queue |
//! | `runs` | source id ∥ 0 ∥ finished_at ms (8) | a run summary |
//! | `extracted` | url | page hash (32) ∥ extractor version (4): what the stored figures were read from |
//!
//! Values are one version byte followed by JSON. sled (0.34) promises no stable on-disk
//! format, so raw pages are the asset: everything else can be rebuilt from them
//! (`dvcrank reparse`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::Digest;

use crate::model::{CalendarPeriod, IndexScore, Metric, Observation, Page, PageHash, ProvinceCode, UnitLevel};
use crate::{Error, Result};

/// The layout version this code writes. A store with a higher one was written by a newer
/// dvcrank and is refused.
pub const SCHEMA_VERSION: u32 = 1;
const VALUE_VERSION: u8 = 1;

/// An open store.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    db: sled::Db,
    meta: sled::Tree,
    pages: sled::Tree,
    fetches: sled::Tree,
    latest: sled::Tree,
    observations: sled::Tree,
    obs_by_url: sled::Tree,
    scores: sled::Tree,
    frontier: sled::Tree,
    runs: sled::Tree,
    extracted: sled::Tree,
    /// Mirror hosts (`127.0.0.1:port`) and the real hosts they stand for.
    aliases: Arc<RwLock<BTreeMap<String, String>>>,
}

/// What storing a fetched page did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagePut {
    /// The URL is new, or its body changed: a new version.
    NewVersion,
    /// Same body as the latest version (the fetch is still recorded).
    Unchanged,
}

/// Which observations to read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObservationFilter {
    /// Only this metric.
    pub metric: Option<Metric>,
    /// Only these provinces.
    pub provinces: Vec<ProvinceCode>,
    /// Only periods ending on or after this day.
    pub since: Option<NaiveDate>,
    /// Only periods ending on or before this day.
    pub until: Option<NaiveDate>,
}

/// How long `open` waits for a store's file lock before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(3);

/// Opens the sled database, waiting up to `wait` while its file lock is held.
/// sled releases the lock from its flusher thread a moment after the last
/// handle drops, so a store closed just now (by this process or a dvcrank that
/// has just exited) is briefly still locked; a lock held longer than `wait`
/// means another dvcrank is using the store.
fn open_db_waiting_for_lock(path: &Path, wait: Duration) -> Result<sled::Db> {
    let started = Instant::now();
    loop {
        // Crawls write many small records: favour write throughput over file size.
        match sled::Config::new().path(path).mode(sled::Mode::HighThroughput).open() {
            Ok(db) => return Ok(db),
            // sled reports a held lock as an `Other` I/O error known only by its text.
            Err(sled::Error::Io(e)) if e.to_string().starts_with("could not acquire lock") => {
                if started.elapsed() >= wait {
                    return Err(store_err(
                        "open",
                        format!("{}: {e} (is another dvcrank using this store?)", path.display()),
                    ));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(store_err("open", format!("{}: {e}", path.display()))),
        }
    }
}

fn store_err(op: &str, e: impl std::fmt::Display) -> Error {
    Error::Store { op: op.to_string(), message: e.to_string() }
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = vec![VALUE_VERSION];
    serde_json::to_writer(&mut out, value).map_err(|e| store_err("encode", e))?;
    Ok(out)
}

fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T> {
    match bytes.split_first() {
        Some((&VALUE_VERSION, json)) => serde_json::from_slice(json).map_err(|e| store_err(&format!("read {what}"), e)),
        Some((v, _)) => Err(store_err(
            &format!("read {what}"),
            format!("value version {v} is unknown; written by a newer dvcrank?"),
        )),
        None => Err(store_err(&format!("read {what}"), "empty value")),
    }
}

fn millis(t: DateTime<Utc>) -> [u8; 8] {
    // Offset so that the big-endian bytes sort like the times, before 1970 included.
    (t.timestamp_millis() as u64 ^ (1 << 63)).to_be_bytes()
}

fn day(d: Option<NaiveDate>) -> [u8; 4] {
    d.map_or(u32::MAX, |d| d.num_days_from_ce() as u32).to_be_bytes()
}

fn province_bytes(p: Option<ProvinceCode>) -> [u8; 2] {
    p.map_or([0xFF, 0xFF], |c| [c.era.province_count() as u8, c.gso])
}

/// Fixed-width key of a calendar period: year, kind, number.
fn period_key(p: CalendarPeriod) -> [u8; 4] {
    let (kind, n) = match p {
        CalendarPeriod::Month { month, .. } => (0, month),
        CalendarPeriod::Quarter { quarter, .. } => (1, quarter),
        CalendarPeriod::Half { half, .. } => (2, half),
        CalendarPeriod::Year { .. } => (3, 0),
    };
    let y = u16::try_from(p.year().clamp(0, 9999)).unwrap_or(0).to_be_bytes();
    [y[0], y[1], kind, n]
}

fn period_from_key(k: &[u8]) -> Option<CalendarPeriod> {
    let year = i32::from(u16::from_be_bytes([*k.first()?, *k.get(1)?]));
    match (*k.get(2)?, *k.get(3)?) {
        (0, month) => Some(CalendarPeriod::Month { year, month }),
        (1, quarter) => Some(CalendarPeriod::Quarter { year, quarter }),
        (2, half) => Some(CalendarPeriod::Half { year, half }),
        (3, _) => Some(CalendarPeriod::Year { year }),
        _ => None,
    }
}

fn level_byte(l: UnitLevel) -> u8 {
    match l {
        UnitLevel::Province => 0,
        UnitLevel::Department => 1,
        UnitLevel::District => 2,
        UnitLevel::Commune => 3,
    }
}

fn metric_byte(m: Metric) -> u8 {
    Metric::ALL.iter().position(|x| *x == m).and_then(|i| u8::try_from(i).ok()).unwrap_or(u8::MAX)
}

/// The identity of a figure: which page (by URL) said what, where. The fetch time and
/// page hash are left out, so re-reading an unchanged page stores nothing new.
fn observation_key(o: &Observation, url_identity: &str) -> Vec<u8> {
    let mut h = sha2::Sha256::new();
    for part in [
        url_identity,
        o.scope.as_str(),
        &o.unit_name,
        &o.period.label,
        o.unit.as_str(),
        &o.evidence.text,
        &o.value.to_string(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    let mut key = Vec::with_capacity(19);
    key.push(metric_byte(o.metric));
    key.extend(day(o.period.start));
    key.extend(day(o.period.end));
    key.extend(province_bytes(o.province));
    key.extend(&digest[..8]);
    key
}

fn url_prefix(url: &str) -> Vec<u8> {
    let mut k = url.as_bytes().to_vec();
    k.push(0);
    k
}

impl Store {
    /// Opens the store at `path`, creating it if it does not exist.
    ///
    /// # Errors
    /// When `path` is a file or a folder that is not a store, when another process has it
    /// open, or when it was written by a newer dvcrank.
    pub fn open(path: &Path) -> Result<Store> {
        if path.is_file() {
            return Err(store_err(
                "open",
                format!("{} is a file, not a dvcrank store (give a folder path)", path.display()),
            ));
        }
        if path.is_dir() {
            let names: Vec<String> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect();
            if !names.is_empty() && !names.iter().any(|n| n == "conf" || n == "db") {
                return Err(store_err(
                    "open",
                    format!(
                        "{} is a folder with other files, not a dvcrank store; choose an empty or new folder",
                        path.display()
                    ),
                ));
            }
        }
        let db = open_db_waiting_for_lock(path, LOCK_WAIT)?;
        let tree = |name: &str| db.open_tree(name).map_err(|e| store_err("open tree", e));
        let store = Store {
            path: path.to_path_buf(),
            meta: tree("meta")?,
            pages: tree("pages")?,
            fetches: tree("fetches")?,
            latest: tree("latest")?,
            observations: tree("observations")?,
            obs_by_url: tree("obs_by_url")?,
            scores: tree("scores")?,
            frontier: tree("frontier")?,
            runs: tree("runs")?,
            extracted: tree("extracted")?,
            aliases: Arc::default(),
            db,
        };
        store.check_version()?;
        store.load_aliases()?;
        Ok(store)
    }

    fn check_version(&self) -> Result<()> {
        match self.meta.get("schema_version").map_err(|e| store_err("read meta", e))? {
            Some(v) => {
                let version = <[u8; 4]>::try_from(v.as_ref()).map(u32::from_be_bytes).unwrap_or(u32::MAX);
                if version > SCHEMA_VERSION {
                    return Err(store_err(
                        "open",
                        format!(
                            "{} was written by a newer dvcrank (schema {version}, this one reads {SCHEMA_VERSION}); upgrade dvcrank or rebuild the store from a WARC export",
                            self.path.display()
                        ),
                    ));
                }
                Ok(())
            }
            None => {
                let has_other_data =
                    self.db.tree_names().iter().any(|n| n.as_ref() != b"__sled__default" && n.as_ref() != b"meta")
                        && self.db.tree_names().iter().any(|n| {
                            self.db.open_tree(n).map(|t| !t.is_empty()).unwrap_or(false) && n.as_ref() != b"meta"
                        });
                if has_other_data {
                    return Err(store_err(
                        "open",
                        format!(
                            "{} holds data but no dvcrank schema version; not a dvcrank store",
                            self.path.display()
                        ),
                    ));
                }
                self.meta
                    .insert("schema_version", &SCHEMA_VERSION.to_be_bytes())
                    .map_err(|e| store_err("write meta", e))?;
                Ok(())
            }
        }
    }

    /// Where the store is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Marks the store as holding the bundled sample data (charts then carry a stamp).
    ///
    /// # Errors
    /// When sled fails.
    pub fn set_sample(&self, sample: bool) -> Result<()> {
        self.meta
            .insert("sample", if sample { &b"1"[..] } else { &b"0"[..] })
            .map_err(|e| store_err("write meta", e))?;
        Ok(())
    }

    /// Whether the store holds sample data.
    ///
    /// # Errors
    /// When sled fails.
    pub fn is_sample(&self) -> Result<bool> {
        Ok(self.meta.get("sample").map_err(|e| store_err("read meta", e))?.is_some_and(|v| v.as_ref() == b"1"))
    }

    /// Records that `host` (the demo's `127.0.0.1:port`) mirrors `real_host`: figures read
    /// from it are shown under the real host, and its pages are kept under
    /// `mirror://real_host/…`, so a mirror on another port next time is the same site.
    ///
    /// # Errors
    /// When sled fails.
    pub fn set_host_alias(&self, host: &str, real_host: &str) -> Result<()> {
        self.meta.insert(format!("alias:{host}"), real_host.as_bytes()).map_err(|e| store_err("write meta", e))?;
        if let Ok(mut a) = self.aliases.write() {
            a.insert(host.to_string(), real_host.to_string());
        }
        Ok(())
    }

    fn load_aliases(&self) -> Result<()> {
        let map = self.host_aliases()?;
        if let Ok(mut a) = self.aliases.write() {
            *a = map;
        }
        Ok(())
    }

    /// The identity a URL (or page key) is stored under: itself, or for a mirror host
    /// `mirror://real_host/…`.
    fn identity(&self, url: &str) -> String {
        let Some(rest) = url.strip_prefix("http://") else { return url.to_string() };
        let host = rest.split(['/', '?', ' ']).next().unwrap_or("");
        match self.aliases.read().ok().and_then(|a| a.get(host).cloned()) {
            Some(real) => format!("mirror://{real}{}", &rest[host.len()..]),
            None => url.to_string(),
        }
    }

    /// A URL as a reader should see it: itself, or for a page fetched from a mirror host,
    /// `mirror://real_host/…` (the demo's loopback port means nothing to a reader, and
    /// the real site never served that page).
    #[must_use]
    pub fn display_url(&self, url: &str) -> String {
        self.identity(url)
    }

    /// Every mirror host and the real host it stands for, in host order.
    ///
    /// # Errors
    /// When sled fails.
    pub fn host_aliases(&self) -> Result<BTreeMap<String, String>> {
        let mut map = BTreeMap::new();
        for kv in self.meta.scan_prefix("alias:") {
            let (k, v) = kv.map_err(|e| store_err("read meta", e))?;
            map.insert(
                String::from_utf8_lossy(&k["alias:".len()..]).into_owned(),
                String::from_utf8_lossy(&v).into_owned(),
            );
        }
        Ok(map)
    }

    /// The real host a mirror host stands for.
    ///
    /// # Errors
    /// When sled fails.
    pub fn host_alias(&self, host: &str) -> Result<Option<String>> {
        Ok(self
            .meta
            .get(format!("alias:{host}"))
            .map_err(|e| store_err("read meta", e))?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// Records a fetch and keeps its body (by hash; a changed page is a new version,
    /// never an overwrite).
    ///
    /// # Errors
    /// When sled fails.
    pub fn put_page(&self, page: &Page, body: &[u8]) -> Result<PagePut> {
        let key = page.hash.0;
        if !self.pages.contains_key(key).map_err(|e| store_err("read page", e))? {
            self.pages.insert(key, body).map_err(|e| store_err("write page", e))?;
        }
        let page_key = self.identity(&page.key());
        let mut fk = url_prefix(&page_key);
        fk.extend(millis(page.fetched_at));
        self.fetches.insert(fk, encode(page)?).map_err(|e| store_err("write fetch", e))?;
        let previous = self.latest_page(&page_key)?;
        let changed = previous.as_ref().is_none_or(|p| p.hash != page.hash);
        if previous.as_ref().is_none_or(|p| p.fetched_at <= page.fetched_at) {
            self.latest.insert(page_key.as_bytes(), encode(page)?).map_err(|e| store_err("write latest", e))?;
        }
        Ok(if changed { PagePut::NewVersion } else { PagePut::Unchanged })
    }

    /// Notes that a conditional GET found the page unchanged: its latest record gets the
    /// new check time.
    ///
    /// # Errors
    /// When sled fails.
    pub fn touch_page(&self, url: &str, checked_at: DateTime<Utc>) -> Result<()> {
        if let Some(mut page) = self.latest_page(url)? {
            page.fetched_at = checked_at;
            self.latest
                .insert(self.identity(url).as_bytes(), encode(&page)?)
                .map_err(|e| store_err("write latest", e))?;
        }
        Ok(())
    }

    /// The latest fetch of a page, by [`Page::key`] (the URL, for a GET).
    ///
    /// # Errors
    /// When sled fails or the record cannot be read.
    pub fn latest_page(&self, url: &str) -> Result<Option<Page>> {
        self.latest
            .get(self.identity(url).as_bytes())
            .map_err(|e| store_err("read latest", e))?
            .map(|v| decode(&v, "page"))
            .transpose()
    }

    /// Every URL's latest fetch, in URL order.
    ///
    /// # Errors
    /// When sled fails or a record cannot be read.
    pub fn latest_pages(&self) -> Result<Vec<Page>> {
        self.latest.iter().values().map(|v| decode(&v.map_err(|e| store_err("scan latest", e))?, "page")).collect()
    }

    /// Every fetch of a page (by [`Page::key`]), oldest first.
    ///
    /// # Errors
    /// When sled fails or a record cannot be read.
    pub fn fetches_of(&self, url: &str) -> Result<Vec<Page>> {
        self.fetches
            .scan_prefix(url_prefix(&self.identity(url)))
            .values()
            .map(|v| decode(&v.map_err(|e| store_err("scan fetches", e))?, "page"))
            .collect()
    }

    /// How many pages (distinct bodies) the store keeps.
    #[must_use]
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The body with this hash.
    ///
    /// # Errors
    /// When sled fails.
    pub fn page_body(&self, hash: PageHash) -> Result<Option<Vec<u8>>> {
        Ok(self.pages.get(hash.0).map_err(|e| store_err("read page", e))?.map(|v| v.to_vec()))
    }

    /// Replaces the figures read from `url` by `observations` (the page's latest
    /// reading). Returns how many were not stored before.
    ///
    /// # Errors
    /// When sled fails.
    pub fn replace_observations(&self, url: &str, observations: &[Observation]) -> Result<usize> {
        let prefix = url_prefix(&self.identity(url));
        let new_keys: Vec<Vec<u8>> =
            observations.iter().map(|o| observation_key(o, &self.identity(&o.provenance.url))).collect();
        let mut old_keys = Vec::new();
        for k in self.obs_by_url.scan_prefix(&prefix).keys() {
            let k = k.map_err(|e| store_err("scan observations", e))?;
            old_keys.push(k[prefix.len()..].to_vec());
        }
        let mut batch = sled::Batch::default();
        let mut index = sled::Batch::default();
        for k in old_keys.iter().filter(|k| !new_keys.contains(k)) {
            batch.remove(k.as_slice());
            let mut ik = prefix.clone();
            ik.extend(k);
            index.remove(ik);
        }
        let mut added = 0;
        for (o, k) in observations.iter().zip(&new_keys) {
            if !old_keys.contains(k) {
                added += 1;
            }
            batch.insert(k.as_slice(), encode(o)?);
            let mut ik = prefix.clone();
            ik.extend(k);
            index.insert(ik, &[]);
        }
        self.observations.apply_batch(batch).map_err(|e| store_err("write observations", e))?;
        self.obs_by_url.apply_batch(index).map_err(|e| store_err("write observations", e))?;
        Ok(added)
    }

    /// Records that the figures of `url` were read from the page `hash` by extractor
    /// `version`.
    ///
    /// # Errors
    /// When sled fails.
    pub fn mark_extracted(&self, url: &str, hash: PageHash, version: u32) -> Result<()> {
        let mut v = hash.0.to_vec();
        v.extend(version.to_be_bytes());
        self.extracted.insert(self.identity(url).as_bytes(), v).map_err(|e| store_err("write extracted", e))?;
        Ok(())
    }

    /// Whether the figures of `url` were read from page `hash` by extractor `version`.
    ///
    /// # Errors
    /// When sled fails.
    pub fn is_extracted(&self, url: &str, hash: PageHash, version: u32) -> Result<bool> {
        let mut v = hash.0.to_vec();
        v.extend(version.to_be_bytes());
        Ok(self
            .extracted
            .get(self.identity(url).as_bytes())
            .map_err(|e| store_err("read extracted", e))?
            .is_some_and(|s| s.as_ref() == v.as_slice()))
    }

    /// Observations matching `filter`, in key order (metric, period, province).
    ///
    /// # Errors
    /// When sled fails or a record cannot be read.
    pub fn observations(&self, filter: &ObservationFilter) -> Result<Vec<Observation>> {
        let iter = match filter.metric {
            Some(m) => self.observations.scan_prefix([metric_byte(m)]),
            None => self.observations.scan_prefix([]),
        };
        let mut out = Vec::new();
        for v in iter.values() {
            let o: Observation = decode(&v.map_err(|e| store_err("scan observations", e))?, "observation")?;
            let end = o.period.end.or(o.period.start);
            if filter.since.is_some_and(|s| end.is_none_or(|e| e < s))
                || filter.until.is_some_and(|u| end.is_none_or(|e| e > u))
            {
                continue;
            }
            if !filter.provinces.is_empty() && !o.province.is_some_and(|p| filter.provinces.contains(&p)) {
                continue;
            }
            out.push(o);
        }
        Ok(out)
    }

    /// How many observations are stored.
    #[must_use]
    pub fn observation_count(&self) -> usize {
        self.observations.len()
    }

    /// Stores index readings. A reading equal to the one in force at its capture time (the
    /// latest earlier capture of the same unit and period) adds nothing (a re-crawl of an unchanged table stores no new snapshot).
    /// Returns how many were stored.
    ///
    /// # Errors
    /// When sled fails.
    pub fn put_scores(&self, scores: &[IndexScore]) -> Result<usize> {
        let mut added = 0;
        for s in scores {
            let prefix = score_prefix(s.period, s.level, &s.unit_id);
            let mut key = prefix.clone();
            key.extend(millis(s.captured_at));
            // The reading in force at this capture time: the same one stored again (a
            // re-crawl, or a replay) adds nothing.
            let before: Option<IndexScore> = self
                .scores
                .range(prefix.clone()..=key.clone())
                .values()
                .next_back()
                .transpose()
                .map_err(|e| store_err("scan scores", e))?
                .map(|v| decode(&v, "score"))
                .transpose()?;
            if before.as_ref().is_some_and(|l| same_reading(l, s)) {
                continue;
            }
            self.scores.insert(key, encode(s)?).map_err(|e| store_err("write scores", e))?;
            added += 1;
        }
        Ok(added)
    }

    /// The scores of a period at one level, each unit's latest capture at or before
    /// `as_of` (or the latest of all).
    ///
    /// # Errors
    /// When sled fails or a record cannot be read.
    pub fn scores(
        &self,
        period: CalendarPeriod,
        level: UnitLevel,
        as_of: Option<DateTime<Utc>>,
    ) -> Result<Vec<IndexScore>> {
        let mut prefix = period_key(period).to_vec();
        prefix.push(level_byte(level));
        let limit = as_of.map(millis);
        // Keys sort by unit, then capture time: the last key of a unit at or before
        // `as_of` is its reading, and only that one is decoded (rankings read this on
        // every call; a live period has many captures).
        let mut out = Vec::new();
        let mut pending: Option<(Vec<u8>, sled::IVec)> = None;
        for kv in self.scores.scan_prefix(&prefix) {
            let (k, v) = kv.map_err(|e| store_err("scan scores", e))?;
            let Some(split) = k.len().checked_sub(8) else { continue };
            let (unit, at) = k.split_at(split);
            if limit.is_some_and(|l| at > l.as_slice()) {
                continue;
            }
            if let Some((previous, value)) = pending.take() {
                if previous != unit {
                    out.push(decode(&value, "score")?);
                }
            }
            pending = Some((unit.to_vec(), v));
        }
        if let Some((_, value)) = pending {
            out.push(decode(&value, "score")?);
        }
        Ok(out)
    }

    /// Every capture of a period at one level, oldest first within each unit.
    ///
    /// # Errors
    /// When sled fails or a record cannot be read.
    pub fn score_history(&self, period: CalendarPeriod, level: UnitLevel) -> Result<Vec<IndexScore>> {
        let mut prefix = period_key(period).to_vec();
        prefix.push(level_byte(level));
        self.scores
            .scan_prefix(&prefix)
            .values()
            .map(|v| decode(&v.map_err(|e| store_err("scan scores", e))?, "score"))
            .collect()
    }

    /// The periods that have index scores, in order.
    ///
    /// # Errors
    /// When sled fails.
    pub fn score_periods(&self) -> Result<Vec<CalendarPeriod>> {
        let mut out: Vec<CalendarPeriod> = Vec::new();
        for k in self.scores.iter().keys() {
            let k = k.map_err(|e| store_err("scan scores", e))?;
            if let Some(p) = period_from_key(&k) {
                if out.last() != Some(&p) {
                    out.push(p);
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// How many index readings are stored.
    #[must_use]
    pub fn score_count(&self) -> usize {
        self.scores.len()
    }

    /// Saves a source's crawl queue, so a killed crawl resumes.
    ///
    /// # Errors
    /// When sled fails.
    pub fn save_frontier<T: Serialize>(&self, source: &str, frontier: &T) -> Result<()> {
        self.frontier.insert(source.as_bytes(), encode(frontier)?).map_err(|e| store_err("write frontier", e))?;
        Ok(())
    }

    /// A source's saved crawl queue.
    ///
    /// # Errors
    /// When sled fails or the record cannot be read.
    pub fn load_frontier<T: DeserializeOwned>(&self, source: &str) -> Result<Option<T>> {
        self.frontier
            .get(source.as_bytes())
            .map_err(|e| store_err("read frontier", e))?
            .map(|v| decode(&v, "frontier"))
            .transpose()
    }

    /// Forgets a source's crawl queue (the crawl finished).
    ///
    /// # Errors
    /// When sled fails.
    pub fn clear_frontier(&self, source: &str) -> Result<()> {
        self.frontier.remove(source.as_bytes()).map_err(|e| store_err("write frontier", e))?;
        Ok(())
    }

    /// Records a finished run of a source.
    ///
    /// # Errors
    /// When sled fails.
    pub fn put_run<T: Serialize>(&self, source: &str, finished_at: DateTime<Utc>, summary: &T) -> Result<()> {
        let mut key = url_prefix(source);
        key.extend(millis(finished_at));
        self.runs.insert(key, encode(summary)?).map_err(|e| store_err("write run", e))?;
        Ok(())
    }

    /// A source's last run summary.
    ///
    /// # Errors
    /// When sled fails or the record cannot be read.
    pub fn last_run<T: DeserializeOwned>(&self, source: &str) -> Result<Option<T>> {
        self.runs
            .scan_prefix(url_prefix(source))
            .values()
            .next_back()
            .transpose()
            .map_err(|e| store_err("scan runs", e))?
            .map(|v| decode(&v, "run"))
            .transpose()
    }

    /// Writes everything to disk.
    ///
    /// # Errors
    /// When sled fails.
    pub fn flush(&self) -> Result<()> {
        self.db.flush().map_err(|e| store_err("flush", e))?;
        Ok(())
    }
}

fn score_prefix(period: CalendarPeriod, level: UnitLevel, unit_id: &str) -> Vec<u8> {
    let mut k = period_key(period).to_vec();
    k.push(level_byte(level));
    k.extend(unit_id.as_bytes());
    k.push(0);
    k
}

fn same_reading(a: &IndexScore, b: &IndexScore) -> bool {
    a.total == b.total
        && a.rank == b.rank
        && a.rank_of == b.rank_of
        && a.groups == b.groups
        && a.unit_name == b.unit_name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Era, Evidence, Provenance, Scope, SourceId, Unit};

    fn temp() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("db")).expect("opens");
        (dir, store)
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("time")
    }

    fn page(url: &str, body: &[u8], when: &str) -> Page {
        Page {
            url: url.into(),
            final_url: url.into(),
            request_body: None,
            source: SourceId("t".into()),
            fetched_at: at(when),
            status: 200,
            content_type: None,
            etag: None,
            last_modified: None,
            hash: PageHash::of(body),
            body_len: body.len() as u64,
            role: crate::model::PageRole::Unknown,
        }
    }

    fn obs(url: &str, value: f64) -> Observation {
        Observation {
            province: Some(ProvinceCode { era: Era::Pre2025, gso: 20 }),
            province_text: None,
            scope: Scope::ProvincialCenter,
            unit_name: "Trung tâm".into(),
            period: CalendarPeriod::Month { year: 2024, month: 3 }.to_period(),
            metric: Metric::ReceivedTotal,
            value,
            unit: Unit::Count,
            evidence: Evidence { text: format!("tiếp nhận {value}"), start: 0, end: 5 },
            provenance: Provenance {
                url: url.into(),
                page: PageHash::of(b"x"),
                fetched_at: at("2024-04-01T00:00:00Z"),
                extractor_version: 1,
            },
            flags: vec![],
        }
    }

    #[test]
    fn changed_page_is_a_new_version_and_old_bytes_stay() {
        let (_d, s) = temp();
        assert_eq!(s.put_page(&page("u", b"a", "2024-01-01T00:00:00Z"), b"a").expect("put"), PagePut::NewVersion);
        assert_eq!(s.put_page(&page("u", b"a", "2024-01-02T00:00:00Z"), b"a").expect("put"), PagePut::Unchanged);
        assert_eq!(s.put_page(&page("u", b"b", "2024-01-03T00:00:00Z"), b"b").expect("put"), PagePut::NewVersion);
        assert_eq!(s.fetches_of("u").expect("fetches").len(), 3);
        assert_eq!(s.page_body(PageHash::of(b"a")).expect("read").as_deref(), Some(&b"a"[..]));
        assert_eq!(s.latest_page("u").expect("latest").map(|p| p.hash), Some(PageHash::of(b"b")));
    }

    #[test]
    fn observations_are_replaced_per_page_and_idempotent() {
        let (_d, s) = temp();
        assert_eq!(s.replace_observations("u", &[obs("u", 1.0), obs("u", 2.0)]).expect("put"), 2);
        assert_eq!(s.replace_observations("u", &[obs("u", 1.0), obs("u", 2.0)]).expect("put"), 0);
        assert_eq!(s.observation_count(), 2);
        assert_eq!(s.replace_observations("u", &[obs("u", 3.0)]).expect("put"), 1);
        let all = s.observations(&ObservationFilter::default()).expect("read");
        assert_eq!(all.iter().map(|o| o.value).collect::<Vec<_>>(), vec![3.0]);
        s.replace_observations("v", &[obs("v", 3.0)]).expect("put");
        let filtered = s
            .observations(&ObservationFilter { metric: Some(Metric::ReceivedTotal), ..Default::default() })
            .expect("read");
        assert_eq!(filtered.len(), 2);
    }

    fn score(unit: &str, total: f64, when: &str) -> IndexScore {
        IndexScore {
            unit_id: unit.into(),
            unit_name: unit.into(),
            level: UnitLevel::Province,
            province: None,
            period: CalendarPeriod::Month { year: 2024, month: 4 },
            captured_at: at(when),
            total,
            rank: None,
            rank_of: None,
            groups: BTreeMap::new(),
            provenance: obs("g", 0.0).provenance,
            flags: vec![],
        }
    }

    #[test]
    fn score_snapshots_and_as_of() {
        let (_d, s) = temp();
        assert_eq!(s.put_scores(&[score("a", 70.0, "2024-04-10T00:00:00Z")]).expect("put"), 1);
        assert_eq!(s.put_scores(&[score("a", 70.0, "2024-04-11T00:00:00Z")]).expect("put"), 0, "unchanged reading");
        assert_eq!(s.put_scores(&[score("a", 72.0, "2024-04-20T00:00:00Z")]).expect("put"), 1);
        let period = CalendarPeriod::Month { year: 2024, month: 4 };
        assert_eq!(s.scores(period, UnitLevel::Province, None).expect("read")[0].total, 72.0);
        assert_eq!(
            s.scores(period, UnitLevel::Province, Some(at("2024-04-15T00:00:00Z"))).expect("read")[0].total,
            70.0
        );
        assert_eq!(s.score_periods().expect("periods"), vec![period]);
        assert_eq!(s.score_history(period, UnitLevel::Province).expect("history").len(), 2);
        // Another unit, captured in between: each unit's own latest capture.
        assert_eq!(s.put_scores(&[score("b", 60.0, "2024-04-12T00:00:00Z")]).expect("put"), 1);
        let mid: Vec<(String, f64)> = s
            .scores(period, UnitLevel::Province, Some(at("2024-04-15T00:00:00Z")))
            .expect("read")
            .into_iter()
            .map(|x| (x.unit_id, x.total))
            .collect();
        assert_eq!(mid, vec![("a".to_string(), 70.0), ("b".to_string(), 60.0)]);
        assert!(s.scores(period, UnitLevel::Province, Some(at("2024-04-01T00:00:00Z"))).expect("read").is_empty());
    }

    #[test]
    fn a_mirror_on_another_port_is_the_same_site() {
        let (_d, s) = temp();
        s.set_host_alias("127.0.0.1:4000", "example.vn").expect("alias");
        s.set_host_alias("127.0.0.1:5000", "example.vn").expect("alias");
        assert_eq!(
            s.replace_observations("http://127.0.0.1:4000/a", &[obs("http://127.0.0.1:4000/a", 1.0)]).expect("put"),
            1
        );
        assert_eq!(
            s.replace_observations("http://127.0.0.1:5000/a", &[obs("http://127.0.0.1:5000/a", 1.0)]).expect("put"),
            0
        );
        assert_eq!(s.observation_count(), 1);
        s.put_page(&page("http://127.0.0.1:4000/a", b"a", "2024-01-01T00:00:00Z"), b"a").expect("put");
        assert!(s.latest_page("http://127.0.0.1:5000/a").expect("read").is_some());
    }

    #[test]
    fn refuses_what_is_not_a_store() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("f");
        std::fs::write(&file, b"x").expect("write");
        assert!(Store::open(&file).expect_err("file").to_string().contains("is a file"));
        let other = dir.path().join("other");
        std::fs::create_dir(&other).expect("mkdir");
        std::fs::write(other.join("notes.txt"), b"x").expect("write");
        assert!(Store::open(&other).expect_err("folder").to_string().contains("not a dvcrank store"));
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db");
        {
            let s = Store::open(&path).expect("opens");
            s.meta.insert("schema_version", &(SCHEMA_VERSION + 1).to_be_bytes()).expect("write");
            s.flush().expect("flush");
        }
        let err = Store::open(&path).expect_err("newer");
        assert!(err.to_string().contains("newer dvcrank"), "{err}");
    }

    #[test]
    fn open_waits_for_a_lock_released_soon_and_names_one_held_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db");
        let held = Store::open(&path).expect("opens");
        let err = open_db_waiting_for_lock(&path, Duration::from_millis(100)).expect_err("still locked");
        assert!(err.to_string().contains("another dvcrank"), "{err}");
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            drop(held);
        });
        let reopened = Store::open(&path).expect("opens once the other handle is dropped");
        release.join().expect("release thread");
        assert_eq!(reopened.observation_count(), 0);
    }

    #[test]
    fn reopening_keeps_everything() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db");
        {
            let s = Store::open(&path).expect("opens");
            s.put_page(&page("u", b"a", "2024-01-01T00:00:00Z"), b"a").expect("put");
            s.set_sample(true).expect("meta");
            s.flush().expect("flush");
        }
        let s = Store::open(&path).expect("reopens");
        assert!(s.is_sample().expect("meta"));
        assert_eq!(s.latest_pages().expect("pages").len(), 1);
    }
}
