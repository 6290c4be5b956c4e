//! The offline mirror: serves `data/sample-site/<host>/` folders on 127.0.0.1, one port
//! per host, and answers the national index's `rest.jsp` gateway from the stored JSON as
//! the real one answers (form-encoded `params`, string values, paging, `[]` for what it
//! has no data for, a cookie from the index page or 403): the ranking service from its
//! captures, and the breakdown service from the groups in force and the same capture's
//! ranking row. The demo and the tests crawl it. I/O: network and files.
//!
//! URL → file: `/<path>` is `<host>/<path>`, `/<path>?<query>` is `<host>/<path>@<query>`,
//! a path ending in `/` is `<path>/index.html` (see `data/sample-site/README.md`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use chrono::NaiveDate;
use tokio::task::JoinHandle;

use crate::{Error, Result};

/// The host whose folder also answers the JSON gateway.
pub const INDEX_HOST: &str = "dichvucong.gov.vn";
const GATEWAY_PATH: &str = "/jsp/rest.jsp";
const RANKING_SERVICE: &str = "report_tinh_766_service";
const BREAKDOWN_SERVICE: &str = "report_xuhuongdiem_chiso_service";
const WAF_COOKIE: &str = "TS01dvcrank_waf";

/// The mirror, running. Dropping it stops the servers.
#[derive(Debug)]
pub struct Mirror {
    hosts: BTreeMap<String, SocketAddr>,
    today: Arc<Mutex<Option<NaiveDate>>>,
    tasks: Vec<JoinHandle<()>>,
}

#[derive(Debug)]
struct HostState {
    root: PathBuf,
    gateway: bool,
    today: Arc<Mutex<Option<NaiveDate>>>,
}

impl Drop for Mirror {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl Mirror {
    /// Serves every host folder under `root` (folders whose name contains a dot).
    ///
    /// # Errors
    /// When `root` cannot be read or a port cannot be bound.
    pub async fn start(root: &Path) -> Result<Mirror> {
        let today = Arc::new(Mutex::new(None));
        let mut hosts = BTreeMap::new();
        let mut tasks = Vec::new();
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
            .map_err(|e| Error::io(root, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n.to_string_lossy().contains('.')))
            .collect();
        dirs.sort();
        for dir in dirs {
            let host = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let state = Arc::new(HostState { gateway: host == INDEX_HOST, root: dir, today: Arc::clone(&today) });
            let app = Router::new().fallback(serve).with_state(state);
            let listener =
                tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| Error::io("127.0.0.1:0", e))?;
            let addr = listener.local_addr().map_err(|e| Error::io("127.0.0.1:0", e))?;
            tasks.push(tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, app).await {
                    tracing::error!("mirror server stopped: {e}");
                }
            }));
            hosts.insert(host, addr);
        }
        Ok(Mirror { hosts, today, tasks })
    }

    /// Each mirrored host and the `127.0.0.1:port` serving it.
    #[must_use]
    pub fn host_map(&self) -> BTreeMap<String, String> {
        self.hosts.iter().map(|(h, a)| (h.clone(), a.to_string())).collect()
    }

    /// The address serving a host.
    #[must_use]
    pub fn addr(&self, host: &str) -> Option<SocketAddr> {
        self.hosts.get(host).copied()
    }

    /// The mirror's "today": the gateway answers with the latest capture on or before it
    /// (`None`: the latest of all).
    pub fn set_today(&self, day: Option<NaiveDate>) {
        if let Ok(mut t) = self.today.lock() {
            *t = day;
        }
    }
}

/// The capture dates of the mirror's index data, oldest first, each with the periods
/// captured that day.
///
/// # Errors
/// When the folder cannot be read.
pub fn capture_dates(root: &Path) -> Result<BTreeMap<NaiveDate, Vec<String>>> {
    let service = root.join(INDEX_HOST).join("rest").join(RANKING_SERVICE);
    let mut out: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    let periods = std::fs::read_dir(&service).map_err(|e| Error::io(&service, e))?;
    for period in periods.filter_map(std::result::Result::ok) {
        let name = period.file_name().to_string_lossy().into_owned();
        let Ok(captures) = std::fs::read_dir(period.path()) else { continue };
        for c in captures.filter_map(std::result::Result::ok) {
            if let Ok(day) = NaiveDate::parse_from_str(&c.file_name().to_string_lossy(), "%Y-%m-%d") {
                out.entry(day).or_default().push(name.clone());
            }
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    Ok(out)
}

fn respond(status: StatusCode, content_type: &str, body: impl Into<Body>) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

fn not_found() -> Response {
    respond(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", "404 Not Found")
}

/// The file for a request target, refusing anything that climbs out of the folder.
fn file_for(root: &Path, uri: &Uri) -> Option<PathBuf> {
    let path = uri.path().trim_start_matches('/');
    let mut rel = PathBuf::new();
    for part in Path::new(path).components() {
        match part {
            Component::Normal(p) => rel.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    let mut file = root.join(rel);
    if uri.path().ends_with('/') || path.is_empty() {
        file.push("index.html");
    }
    if let Some(q) = uri.query() {
        if q.contains('/') || q.contains("..") {
            return None;
        }
        let name = format!("{}@{q}", file.file_name()?.to_string_lossy());
        file.set_file_name(name);
    }
    Some(file)
}

fn content_type_of(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "json" => "application/json; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        _ => "text/html; charset=utf-8",
    }
}

async fn serve(
    State(state): State<Arc<HostState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if state.gateway && uri.path() == GATEWAY_PATH {
        return gateway(&state, &method, &headers, &body);
    }
    if method != Method::GET && method != Method::HEAD {
        return respond(StatusCode::METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "405");
    }
    let Some(file) = file_for(&state.root, &uri) else { return not_found() };
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let mut resp = respond(StatusCode::OK, content_type_of(&file), bytes);
            // The index page hands out the firewall cookie the gateway wants.
            if state.gateway && uri.path().ends_with(".html") {
                if let Ok(v) = format!("{WAF_COOKIE}=sample; Path=/").parse() {
                    resp.headers_mut().insert(header::SET_COOKIE, v);
                }
            }
            resp
        }
        Err(_) => not_found(),
    }
}

fn json_response(body: String) -> Response {
    respond(StatusCode::OK, "application/json; charset=utf-8", body)
}

fn gateway(state: &HostState, method: &Method, headers: &HeaderMap, body: &[u8]) -> Response {
    if method != Method::POST {
        return respond(StatusCode::METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "405");
    }
    let has_cookie = headers.get_all(header::COOKIE).iter().any(|v| v.to_str().is_ok_and(|s| s.contains(WAF_COOKIE)));
    if !has_cookie {
        return respond(
            StatusCode::FORBIDDEN,
            "text/html; charset=utf-8",
            "<html><body>Request Rejected</body></html>",
        );
    }
    let params = url::form_urlencoded::parse(body).find(|(k, _)| k == "params").map(|(_, v)| v.into_owned());
    let Some(params) = params.and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok()) else {
        return json_response("[]".into());
    };
    let field = |k: &str| {
        params
            .get(k)
            .and_then(|v| v.as_str().map(str::to_string).or_else(|| v.as_i64().map(|n| n.to_string())))
            .unwrap_or_default()
    };
    let num = |k: &str| field(k).parse::<u32>().unwrap_or(0);
    let period = match (field("p_nam"), num("p_thang"), num("p_quy"), num("p_6thang")) {
        (y, m, _, _) if m > 0 => format!("{y}-{m:02}"),
        (y, 0, q, _) if q > 0 => format!("{y}-Q{q}"),
        (y, 0, 0, h) if h > 0 => format!("{y}-H{h}"),
        (y, ..) => y,
    };
    let unit = field("p_tinh_id");
    let today = state.today.lock().ok().and_then(|t| *t);
    let rows = match field("service").as_str() {
        BREAKDOWN_SERVICE => breakdown_rows(&state.root, &period, &unit, &field("p_xa_id"), today),
        service => table_rows(&state.root, service, &period, &unit, today),
    };
    let size = num("pageSize").max(1) as usize;
    let index = num("pageIndex").max(1) as usize;
    let page: Vec<&serde_json::Value> = rows.iter().skip((index - 1) * size).take(size).collect();
    json_response(serde_json::to_string(&page).unwrap_or_else(|_| "[]".into()))
}

/// The ranking service's stored capture of a period: the latest on or before `today`.
fn capture_dir(root: &Path, period: &str, today: Option<NaiveDate>) -> Option<PathBuf> {
    let dir = root.join("rest").join(RANKING_SERVICE).join(period);
    let capture = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| {
            e.ok().and_then(|e| NaiveDate::parse_from_str(&e.file_name().to_string_lossy(), "%Y-%m-%d").ok())
        })
        .filter(|d| today.is_none_or(|t| *d <= t))
        .max()?;
    Some(dir.join(capture.to_string()))
}

fn read_array(file: &Path) -> Vec<serde_json::Value> {
    std::fs::read(file).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

/// A ranking table: the national one (`p_tinh_id` 0) or a province's units.
fn table_rows(
    root: &Path,
    service: &str,
    period: &str,
    unit: &str,
    today: Option<NaiveDate>,
) -> Vec<serde_json::Value> {
    if service != RANKING_SERVICE {
        return Vec::new();
    }
    let Some(dir) = capture_dir(root, period, today) else { return Vec::new() };
    if unit.is_empty() || unit == "0" {
        read_array(&dir.join("national.json"))
    } else if unit.chars().all(|c| c.is_ascii_alphanumeric()) {
        read_array(&dir.join("units").join(format!("{unit}.json")))
    } else {
        Vec::new()
    }
}

/// The breakdown of one unit (a province, or with `p_xa_id` one of its units): the groups
/// in force at the period's end, each with the unit's score in the same capture.
fn breakdown_rows(
    root: &Path,
    period: &str,
    province: &str,
    unit: &str,
    today: Option<NaiveDate>,
) -> Vec<serde_json::Value> {
    let (table, id) = if unit.is_empty() || unit == "0" { ("0", province) } else { (province, unit) };
    let row = table_rows(root, RANKING_SERVICE, period, table, today)
        .into_iter()
        .find(|r| r.get("ID").and_then(serde_json::Value::as_str) == Some(id));
    let Some(row) = row else { return Vec::new() };
    // The groups file in force: the latest whose first month is not after the period's
    // last month (`2025` ends in 2025-12, `2025-H1` in 2025-06).
    let last_month = match period.split_once('-') {
        None => format!("{period}-12"),
        Some((y, p)) => match p.as_bytes().first() {
            Some(b'Q') => format!("{y}-{:02}", p[1..].parse::<u32>().unwrap_or(4) * 3),
            Some(b'H') => format!("{y}-{:02}", p[1..].parse::<u32>().unwrap_or(2) * 6),
            _ => period.to_string(),
        },
    };
    let groups_dir = root.join("rest").join(BREAKDOWN_SERVICE).join("groups");
    let mut files: Vec<String> = std::fs::read_dir(&groups_dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.strip_suffix(".json").is_some_and(|m| m <= last_month.as_str()))
        .collect();
    files.sort();
    let Some(file) = files.last() else { return Vec::new() };
    let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(serde_json::Value::as_str).unwrap_or("").to_string();
    read_array(&groups_dir.join(file))
        .iter()
        .map(|g| {
            let code = text(g, "CODE");
            let score = text(&row, &code);
            let max = text(g, "MAX_SCORE");
            let percent = match (score.parse::<f64>(), max.parse::<f64>()) {
                (Ok(s), Ok(m)) if m > 0.0 => gateway_number(s / m * 100.0),
                _ => String::new(),
            };
            serde_json::json!({
                "CODE": code, "DESCRIPTION": text(g, "DESCRIPTION"), "SCORE": score, "MAX_SCORE": max, "TB_SCORE": percent,
            })
        })
        .collect()
}

/// A number as the gateway writes it: two decimals at most, no trailing zeros ("75.35",
/// "80.1", "18").
fn gateway_number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_to_file_rule() {
        let root = Path::new("/m/h");
        let f = |u: &str| file_for(root, &u.parse::<Uri>().expect("uri")).map(|p| p.display().to_string());
        assert_eq!(f("/a/View_Detail.aspx?ItemID=3").as_deref(), Some("/m/h/a/View_Detail.aspx@ItemID=3"));
        assert_eq!(f("/").as_deref(), Some("/m/h/index.html"));
        assert_eq!(f("/tin/").as_deref(), Some("/m/h/tin/index.html"));
        assert_eq!(f("/../etc/passwd"), None);
    }

    #[test]
    fn numbers_as_the_gateway_writes_them() {
        assert_eq!(gateway_number(73.333_333), "73.33");
        assert_eq!(gateway_number(92.0), "92");
        assert_eq!(gateway_number(64.1), "64.1");
    }
}
