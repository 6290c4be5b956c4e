//! The store's raw pages as a WARC/1.1 file (ISO 28500, the web-archiving standard), and
//! back. The raw pages are the asset (sled promises no stable format), so a WARC export
//! outlives this tool, and `import` plus `reparse` rebuilds a store from one.
//!
//! What is written, in capture order:
//! - one `warcinfo` record: the software, whether the store holds sample data, and the
//!   demo's mirror hosts with the real hosts they stand for;
//! - per capture, a `response` record (the HTTP status line and the headers the store
//!   kept: Content-Type, ETag, Last-Modified; the body as stored, already decoded), or a
//!   `revisit` record (profile identical-payload-digest) when that body was written
//!   before; for a gateway POST, a `request` record with the form body first;
//! - a `revisit` record (profile server-not-modified) when a page's last check was a
//!   "304 Not Modified".
//!
//! Digests are `sha256:<hex>`, so `WARC-Payload-Digest` equals the `page_sha256` column
//! of the CSV exports. dvcrank's own facts travel in `WARC-dvcrank-*` headers: the source
//! (`WARC-dvcrank-Source`), what the page is to the crawl with its period
//! (`WARC-dvcrank-Role`, JSON), and the requested URL when a redirect changed it
//! (`WARC-dvcrank-Request-URI`). Record IDs are derived from the captures, so the same
//! store always gives the same bytes.
//!
//! The `warc` crate (0.4) was considered: it writes headers from a `HashMap` (a different
//! order on every run) and random record IDs, against "same input, same bytes out", so
//! records are written and read here; the tests read the output back with that crate.
//!
//! Record formatting and parsing are pure; [`write_store`] and [`import`] read and write
//! the store (I/O).

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};

use chrono::{DateTime, Utc};
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use sha2::{Digest, Sha256};

use crate::export::rows::timestamp;
use crate::model::{page_key, Page, PageHash, PageRole, SourceId};
use crate::store::{PagePut, Store};
use crate::{Error, Result, EXTRACTOR_VERSION};

const VERSION_LINE: &str = "WARC/1.1";
const PROFILE_IDENTICAL: &str = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";
const PROFILE_NOT_MODIFIED: &str = "http://netpreserve.org/warc/1.1/revisit/server-not-modified";
const HTTP_RESPONSE: &str = "application/http;msgtype=response";
const HTTP_REQUEST: &str = "application/http;msgtype=request";
/// The source of pages from a WARC that does not name one (another tool's archive).
pub const UNKNOWN_SOURCE: &str = "warc";
/// Largest record block read (a page body is capped far below this when crawled).
const MAX_BLOCK: u64 = 512 * 1024 * 1024;

/// One WARC record: named header fields, in order, and the content block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Header fields other than `Content-Length` (written from the block's length).
    pub headers: Vec<(String, String)>,
    /// The content block.
    pub block: Vec<u8>,
}

impl Record {
    /// The first value of a header field (names compare without case).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The record as bytes: version line, fields, `Content-Length`, blank line, block and
    /// the two line ends that close a record.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.block.len() + 512);
        out.extend_from_slice(VERSION_LINE.as_bytes());
        out.extend_from_slice(b"\r\n");
        for (name, value) in &self.headers {
            out.extend_from_slice(format!("{name}: {}\r\n", one_line(value)).as_bytes());
        }
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", self.block.len()).as_bytes());
        out.extend_from_slice(&self.block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }
}

/// A header value on one line: line breaks would start a new field.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

fn sha256_hex(bytes: &[u8]) -> String {
    PageHash(Sha256::digest(bytes).into()).to_string()
}

/// A record ID derived from what the record is, shaped as an RFC 9562 version-8 UUID.
fn record_id(kind: &str, key: &str, at: DateTime<Utc>) -> String {
    let mut h = Sha256::new();
    for part in [kind, key, &timestamp(at)] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0F) | 0x80;
    b[8] = (b[8] & 0x3F) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("<urn:uuid:{}-{}-{}-{}-{}>", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        203 => "Non-Authoritative Information",
        206 => "Partial Content",
        304 => "Not Modified",
        _ => "",
    }
}

/// The HTTP response head the store can vouch for: status and the headers it kept.
fn response_head(status: u16, page: &Page) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in
        [("Content-Type", &page.content_type), ("ETag", &page.etag), ("Last-Modified", &page.last_modified)]
    {
        if let Some(v) = value {
            head.push_str(&format!("{name}: {}\r\n", one_line(v)));
        }
    }
    head.push_str("\r\n");
    head.into_bytes()
}

/// The HTTP request of a form POST.
fn request_block(url: &str, body: &str) -> Vec<u8> {
    let (host, target) = match url::Url::parse(url) {
        Ok(u) => {
            let host = match (u.host_str(), u.port()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.to_string(),
                _ => String::new(),
            };
            let mut target = u.path().to_string();
            if let Some(q) = u.query() {
                target.push('?');
                target.push_str(q);
            }
            (host, target)
        }
        Err(_) => (String::new(), url.to_string()),
    };
    format!(
        "POST {target} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn role_json(role: &PageRole) -> String {
    serde_json::to_string(role).unwrap_or_default()
}

/// Choices for writing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Compress each record as its own gzip member (a `.warc.gz`).
    pub gzip: bool,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteSummary {
    /// `response` records (bodies).
    pub responses: usize,
    /// `revisit` records (a body written before, or a "not modified").
    pub revisits: usize,
    /// `request` records (gateway POSTs).
    pub requests: usize,
}

/// Writes records, compressed one by one when asked.
struct Sink<'w, W: Write> {
    w: &'w mut W,
    gzip: bool,
}

impl<W: Write> Sink<'_, W> {
    fn put(&mut self, r: &Record) -> io::Result<()> {
        let bytes = r.to_bytes();
        if self.gzip {
            let mut enc = GzEncoder::new(Vec::new(), Compression::default());
            enc.write_all(&bytes)?;
            self.w.write_all(&enc.finish()?)
        } else {
            self.w.write_all(&bytes)
        }
    }
}

/// One capture to write: a fetch, or the last "not modified" check of a page.
struct Capture {
    page: Page,
    not_modified: bool,
}

/// Every capture in the store, oldest first.
fn captures(store: &Store) -> Result<Vec<Capture>> {
    let mut out = Vec::new();
    for latest in store.latest_pages()? {
        let fetches = store.fetches_of(&latest.key())?;
        let last_fetch = fetches.last().map(|p| p.fetched_at);
        out.extend(fetches.into_iter().map(|page| Capture { page, not_modified: false }));
        // A conditional GET answered 304 moves only the latest record's time.
        if last_fetch.is_some_and(|t| t < latest.fetched_at) {
            out.push(Capture { page: latest, not_modified: true });
        }
    }
    out.sort_by_cached_key(|c| (c.page.fetched_at, c.page.key()));
    Ok(out)
}

fn warcinfo(store: &Store, id: &str, date: DateTime<Utc>) -> Result<Record> {
    let mut fields = vec![
        format!("software: dvcrank/{}", env!("CARGO_PKG_VERSION")),
        "format: WARC File Format 1.1".to_string(),
        "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/".to_string(),
        "description: raw pages of a dvcrank store, every capture; HTTP heads hold only the headers dvcrank keeps, bodies are stored decoded".to_string(),
        format!("dvcrank-extractor-version: {EXTRACTOR_VERSION}"),
        format!("dvcrank-sample: {}", store.is_sample()?),
    ];
    for (mirror, real) in store.host_aliases()? {
        fields.push(format!("dvcrank-host-alias: {mirror} {real}"));
    }
    let block = fields.iter().map(|f| format!("{f}\r\n")).collect::<String>().into_bytes();
    Ok(Record {
        headers: vec![
            ("WARC-Type".into(), "warcinfo".into()),
            ("WARC-Record-ID".into(), id.to_string()),
            ("WARC-Date".into(), timestamp(date)),
            ("Content-Type".into(), "application/warc-fields".into()),
        ],
        block,
    })
}

/// Writes every capture in the store as WARC records to `w`.
///
/// # Errors
/// When the store fails or writing fails.
pub fn write_store(store: &Store, w: &mut impl Write, opts: &WriteOptions) -> Result<WriteSummary> {
    let io_err = |e: io::Error| Error::io("WARC output", e);
    let captures = captures(store)?;
    // The warcinfo is dated by the data (its latest capture), never by the clock.
    let date = captures.iter().map(|c| c.page.fetched_at).max().unwrap_or_default();
    let info_id = record_id("warcinfo", "", date);
    let mut sink = Sink { w, gzip: opts.gzip };
    sink.put(&warcinfo(store, &info_id, date)?).map_err(io_err)?;
    let mut summary = WriteSummary::default();
    // Where each body was first written: (record ID, target URI, date).
    let mut written: BTreeMap<PageHash, (String, String, String)> = BTreeMap::new();
    for Capture { page, not_modified } in captures {
        let key = page.key();
        let target = if page.final_url.is_empty() { page.url.clone() } else { page.final_url.clone() };
        let date = timestamp(page.fetched_at);
        let kind = if not_modified { "not-modified" } else { "capture" };
        let id = record_id(kind, &key, page.fetched_at);
        let request_id = record_id(&format!("{kind}-request"), &key, page.fetched_at);
        if let Some(body) = &page.request_body {
            let block = request_block(&page.url, body);
            sink.put(&Record {
                headers: vec![
                    ("WARC-Type".into(), "request".into()),
                    ("WARC-Record-ID".into(), request_id.clone()),
                    ("WARC-Date".into(), date.clone()),
                    ("WARC-Target-URI".into(), page.url.clone()),
                    ("WARC-Concurrent-To".into(), id.clone()),
                    ("WARC-Warcinfo-ID".into(), info_id.clone()),
                    ("WARC-Block-Digest".into(), format!("sha256:{}", sha256_hex(&block))),
                    ("Content-Type".into(), HTTP_REQUEST.into()),
                ],
                block,
            })
            .map_err(io_err)?;
            summary.requests += 1;
        }
        let earlier = written.get(&page.hash).cloned();
        let revisit = not_modified || earlier.is_some();
        let mut headers = vec![
            ("WARC-Type".into(), if revisit { "revisit" } else { "response" }.to_string()),
            ("WARC-Record-ID".into(), id.clone()),
            ("WARC-Date".into(), date.clone()),
            ("WARC-Target-URI".into(), target.clone()),
            ("WARC-Warcinfo-ID".into(), info_id.clone()),
        ];
        if page.request_body.is_some() {
            headers.push(("WARC-Concurrent-To".into(), request_id));
        }
        let block = match (&earlier, not_modified) {
            (None, false) => {
                let body = store.page_body(page.hash)?.ok_or_else(|| Error::Store {
                    op: "export WARC".into(),
                    message: format!("the body of {key} ({}) is missing from the store", page.hash),
                })?;
                let mut block = response_head(page.status, &page);
                block.extend_from_slice(&body);
                written.insert(page.hash, (id.clone(), target.clone(), date.clone()));
                summary.responses += 1;
                block
            }
            (_, true) => {
                headers.push(("WARC-Profile".into(), PROFILE_NOT_MODIFIED.into()));
                summary.revisits += 1;
                response_head(304, &page)
            }
            (Some((first_id, first_uri, first_date)), false) => {
                headers.push(("WARC-Profile".into(), PROFILE_IDENTICAL.into()));
                headers.push(("WARC-Refers-To".into(), first_id.clone()));
                headers.push(("WARC-Refers-To-Target-URI".into(), first_uri.clone()));
                headers.push(("WARC-Refers-To-Date".into(), first_date.clone()));
                summary.revisits += 1;
                response_head(page.status, &page)
            }
        };
        headers.push(("WARC-Payload-Digest".into(), format!("sha256:{}", page.hash)));
        headers.push(("WARC-Block-Digest".into(), format!("sha256:{}", sha256_hex(&block))));
        headers.push(("Content-Type".into(), HTTP_RESPONSE.into()));
        headers.push(("WARC-dvcrank-Source".into(), page.source.0.clone()));
        headers.push(("WARC-dvcrank-Role".into(), role_json(&page.role)));
        if target != page.url {
            headers.push(("WARC-dvcrank-Request-URI".into(), page.url.clone()));
        }
        sink.put(&Record { headers, block }).map_err(io_err)?;
    }
    Ok(summary)
}

/// Reads WARC records one at a time from a plain or gzip-compressed stream.
#[derive(Debug)]
pub struct Reader<R> {
    r: R,
    offset: u64,
}

/// Opens a WARC stream, plain or gzip-compressed (one member per record or one for all).
///
/// # Errors
/// When the stream cannot be read.
pub fn reader<'a, R: BufRead + 'a>(mut r: R) -> io::Result<Reader<Box<dyn BufRead + 'a>>> {
    let gzip = r.fill_buf()?.starts_with(&[0x1F, 0x8B]);
    let inner: Box<dyn BufRead + 'a> =
        if gzip { Box::new(BufReader::new(MultiGzDecoder::new(r))) } else { Box::new(r) };
    Ok(Reader { r: inner, offset: 0 })
}

fn bad(offset: u64, what: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("WARC record at byte {offset} (uncompressed): {what}"))
}

impl<R: BufRead> Reader<R> {
    fn line(&mut self) -> io::Result<Option<String>> {
        let mut buf = Vec::new();
        let n = self.r.read_until(b'\n', &mut buf)?;
        self.offset += n as u64;
        if n == 0 {
            return Ok(None);
        }
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    /// The next record, or `None` at the end of the stream.
    ///
    /// # Errors
    /// When the stream is not WARC, or ends inside a record.
    pub fn next_record(&mut self) -> io::Result<Option<Record>> {
        let start = self.offset;
        // Records are separated by two line ends; tolerate extra blank lines.
        let version = loop {
            match self.line()? {
                None => return Ok(None),
                Some(l) if l.trim().is_empty() => continue,
                Some(l) => break l,
            }
        };
        if !version.starts_with("WARC/1.") {
            return Err(bad(start, format!("expected a WARC/1.x version line, found {:?}", truncate(&version))));
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut length: Option<u64> = None;
        loop {
            let Some(line) = self.line()? else { return Err(bad(start, "the stream ends inside the header")) };
            if line.is_empty() {
                break;
            }
            if line.starts_with([' ', '\t']) {
                // A folded line continues the previous field.
                if let Some((_, v)) = headers.last_mut() {
                    v.push(' ');
                    v.push_str(line.trim());
                }
                continue;
            }
            let Some((name, value)) = line.split_once(':') else {
                return Err(bad(start, format!("header line without a colon: {:?}", truncate(&line))));
            };
            let (name, value) = (name.trim().to_string(), value.trim().to_string());
            if name.eq_ignore_ascii_case("Content-Length") {
                length = Some(value.parse().map_err(|_| bad(start, format!("Content-Length {value:?}")))?);
            } else {
                headers.push((name, value));
            }
        }
        let length = length.ok_or_else(|| bad(start, "no Content-Length"))?;
        if length > MAX_BLOCK {
            return Err(bad(start, format!("a block of {length} bytes is larger than dvcrank reads")));
        }
        let mut block = Vec::new();
        (&mut self.r).take(length).read_to_end(&mut block)?;
        self.offset += block.len() as u64;
        if (block.len() as u64) < length {
            return Err(bad(start, format!("the stream ends after {} of {length} block bytes", block.len())));
        }
        Ok(Some(Record { headers, block }))
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

/// An HTTP message split into its head and payload.
struct Http<'a> {
    status: Option<u16>,
    headers: Vec<(String, String)>,
    payload: &'a [u8],
}

impl Http<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn parse_http(block: &[u8]) -> Option<Http<'_>> {
    let (head_len, sep) = match block.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(i) => (i, 4),
        None => (block.windows(2).position(|w| w == b"\n\n")?, 2),
    };
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.lines();
    let first = lines.next()?;
    let status = if first.starts_with("HTTP/") { first.split_whitespace().nth(1)?.parse().ok() } else { None };
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    Some(Http { status, headers, payload: &block[head_len + sep..] })
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Captures recorded (responses and identical-payload revisits).
    pub captures: usize,
    /// Captures that were a new version of their page.
    pub new_pages: usize,
    /// "Not modified" checks applied.
    pub not_modified: usize,
    /// Records not imported, each with why.
    pub skipped: usize,
    /// Why records were skipped (the first few).
    pub problems: Vec<String>,
}

impl ImportSummary {
    fn skip(&mut self, target: &str, why: impl std::fmt::Display) {
        self.skipped += 1;
        if self.problems.len() < 20 {
            self.problems.push(format!("{target}: {why}"));
        }
        tracing::debug!(target, %why, "WARC record not imported");
    }
}

fn digest_of(r: &Record, name: &str) -> Option<PageHash> {
    r.header(name)?.strip_prefix("sha256:")?.parse().ok()
}

/// Applies a `warcinfo` record: the sample flag and the mirror hosts.
fn apply_info(store: &Store, r: &Record) -> Result<()> {
    for line in String::from_utf8_lossy(&r.block).lines() {
        let Some((name, value)) = line.split_once(':') else { continue };
        match (name.trim(), value.trim()) {
            ("dvcrank-sample", "true") => store.set_sample(true)?,
            ("dvcrank-host-alias", v) => {
                if let Some((mirror, real)) = v.split_once(' ') {
                    store.set_host_alias(mirror.trim(), real.trim())?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Reads a WARC stream (plain or gzip) into the store: every response and revisit
/// becomes a [`Page`] record with its body, as the crawl stored it. Records of other
/// kinds, bodies sent with a transfer or content encoding (other tools' archives keep
/// them encoded; the store keeps decoded bodies) and digests that do not match are
/// skipped and counted. Run `reparse` afterwards to read the pages into figures.
///
/// # Errors
/// When the stream is not WARC or the store fails.
pub fn import(store: &Store, input: impl BufRead) -> Result<ImportSummary> {
    let io_err = |e: io::Error| Error::io("WARC input", e);
    let mut records = reader(input).map_err(io_err)?;
    let mut summary = ImportSummary::default();
    // The form body of the latest request record, by the ID of the response it precedes.
    let mut requests: BTreeMap<String, String> = BTreeMap::new();
    while let Some(r) = records.next_record().map_err(io_err)? {
        let target = r.header("WARC-Target-URI").unwrap_or("").to_string();
        match r.header("WARC-Type").unwrap_or("") {
            "warcinfo" => apply_info(store, &r)?,
            "request" => {
                if let (Some(response), Some(http)) = (r.header("WARC-Concurrent-To"), parse_http(&r.block)) {
                    if http.status.is_none() && !http.payload.is_empty() {
                        requests.insert(response.to_string(), String::from_utf8_lossy(http.payload).into_owned());
                    }
                }
            }
            kind @ ("response" | "revisit") => {
                let id = r.header("WARC-Record-ID").unwrap_or("");
                let request_body = requests.remove(id);
                if let Err(why) = import_capture(store, &r, kind, request_body, &mut summary) {
                    summary.skip(&target, why);
                }
            }
            _ => {}
        }
    }
    Ok(summary)
}

/// Imports one response or revisit; `Err` says why it was skipped.
fn import_capture(
    store: &Store,
    r: &Record,
    kind: &str,
    request_body: Option<String>,
    summary: &mut ImportSummary,
) -> std::result::Result<(), String> {
    let target = r.header("WARC-Target-URI").ok_or("no WARC-Target-URI")?;
    let date = r.header("WARC-Date").ok_or("no WARC-Date")?;
    let fetched_at: DateTime<Utc> =
        DateTime::parse_from_rfc3339(date).map_err(|e| format!("WARC-Date {date:?}: {e}"))?.with_timezone(&Utc);
    let http = parse_http(&r.block).ok_or("the block is not an HTTP response")?;
    let url = r.header("WARC-dvcrank-Request-URI").unwrap_or(target).to_string();
    let profile = r.header("WARC-Profile").unwrap_or("");
    if kind == "revisit" && profile.ends_with("/server-not-modified") {
        store.touch_page(&page_key(&url, request_body.as_deref()), fetched_at).map_err(|e| e.to_string())?;
        summary.not_modified += 1;
        return Ok(());
    }
    for (name, identity) in [("Transfer-Encoding", "identity"), ("Content-Encoding", "identity")] {
        if let Some(v) = http.header(name).filter(|v| !v.eq_ignore_ascii_case(identity)) {
            return Err(format!("{name}: {v} (dvcrank stores decoded bodies)"));
        }
    }
    let body: Vec<u8> = if kind == "response" {
        let body = http.payload.to_vec();
        if let Some(stated) = digest_of(r, "WARC-Payload-Digest") {
            if stated != PageHash::of(&body) {
                return Err(format!("the body does not match its WARC-Payload-Digest {stated}"));
            }
        }
        body
    } else if profile.ends_with("/identical-payload-digest") {
        let hash = digest_of(r, "WARC-Payload-Digest").ok_or("a revisit without a sha256 WARC-Payload-Digest")?;
        store.page_body(hash).map_err(|e| e.to_string())?.ok_or("a revisit of a body not imported before")?
    } else {
        return Err(format!("revisit profile {profile:?} is not one dvcrank reads"));
    };
    let role = r.header("WARC-dvcrank-Role").and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default();
    let page = Page {
        url,
        final_url: target.to_string(),
        request_body,
        source: SourceId(r.header("WARC-dvcrank-Source").unwrap_or(UNKNOWN_SOURCE).to_string()),
        fetched_at,
        status: http.status.ok_or("no HTTP status line")?,
        content_type: http.header("Content-Type").map(str::to_string),
        etag: http.header("ETag").map(str::to_string),
        last_modified: http.header("Last-Modified").map(str::to_string),
        hash: PageHash::of(&body),
        body_len: body.len() as u64,
        role,
    };
    if store.put_page(&page, &body).map_err(|e| e.to_string())? == PagePut::NewVersion {
        summary.new_pages += 1;
    }
    summary.captures += 1;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> io::Result<Vec<Record>> {
        let mut r = reader(bytes)?;
        let mut out = Vec::new();
        while let Some(rec) = r.next_record()? {
            out.push(rec);
        }
        Ok(out)
    }

    #[test]
    fn records_round_trip_plain_and_gzip() {
        let rec = Record {
            headers: vec![("WARC-Type".into(), "resource".into()), ("X".into(), "a\r\nb".into())],
            block: "Bắc Kạn\r\n\r\nWARC/1.1 inside a block".as_bytes().to_vec(),
        };
        let plain = [rec.to_bytes(), rec.to_bytes()].concat();
        let back = read_all(&plain).expect("reads");
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].block, rec.block);
        assert_eq!(back[0].header("x"), Some("a  b"), "a line break in a value cannot start a field");
        let mut gz = Vec::new();
        for _ in 0..2 {
            let mut sink = Sink { w: &mut gz, gzip: true };
            sink.put(&rec).expect("write");
        }
        assert_eq!(read_all(&gz).expect("reads gzip"), back);
    }

    #[test]
    fn truncated_and_foreign_input_is_an_error() {
        let rec = Record { headers: vec![("WARC-Type".into(), "resource".into())], block: vec![b'x'; 100] };
        let bytes = rec.to_bytes();
        let err = read_all(&bytes[..bytes.len() - 60]).expect_err("truncated");
        assert!(err.to_string().contains("ends after"), "{err}");
        let err = read_all(b"<html>not a warc</html>\r\n").expect_err("not WARC");
        assert!(err.to_string().contains("version line"), "{err}");
    }

    #[test]
    fn record_ids_are_stable_uuids() {
        let at: DateTime<Utc> = "2024-04-10T03:00:00Z".parse().expect("time");
        let a = record_id("capture", "https://a.vn/", at);
        assert_eq!(a, record_id("capture", "https://a.vn/", at));
        assert_ne!(a, record_id("capture", "https://a.vn/x", at));
        assert_eq!(a.len(), "<urn:uuid:>".len() + 36);
        assert_eq!(&a[24..25], "8", "version-8 UUID: {a}");
    }

    #[test]
    fn http_heads_split_from_bodies() {
        let h = parse_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>\r\n\r\n</p>").expect("parses");
        assert_eq!(h.status, Some(200));
        assert_eq!(h.header("content-type"), Some("text/html"));
        assert_eq!(h.payload, b"<p>\r\n\r\n</p>");
        let req = request_block("https://dichvucong.gov.vn/jsp/rest.jsp?x=1", "params=%7B%7D");
        let h = parse_http(&req).expect("parses");
        assert_eq!(h.status, None);
        assert_eq!(h.payload, b"params=%7B%7D");
        assert!(
            String::from_utf8_lossy(&req).starts_with("POST /jsp/rest.jsp?x=1 HTTP/1.1\r\nHost: dichvucong.gov.vn\r\n")
        );
    }
}
