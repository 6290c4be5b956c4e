//! Exports of the demo store: CSV read back with the `csv` crate (byte-order mark,
//! columns, provenance on every row), JSON and JSON Lines round trips, filters, the
//! flagged list, and the files written beside charts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "export_demo/mod.rs"]
mod export_demo;

use assert_cmd::Command;
use chrono::{DateTime, NaiveDate};
use dvcrank::export::{
    flagged_items, observation_rows, ranking_rows, score_rows, write_records, ExportFilter, Format, ObservationRow,
    RankingRow, Record, ScoreRow, BOM,
};
use dvcrank::model::{Metric, ProvinceCode, Unit};
use export_demo::{root, store};

fn to_bytes<R: Record>(rows: &[R], format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    write_records(&mut out, rows, format).expect("write");
    out
}

/// Reads CSV bytes that start with a byte-order mark: header and records.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    assert!(bytes.starts_with(BOM), "CSV starts with a UTF-8 byte-order mark");
    let mut r = csv::Reader::from_reader(&bytes[BOM.len()..]);
    let header = r.headers().expect("header").iter().map(str::to_string).collect();
    let records =
        r.records().collect::<Result<Vec<_>, _>>().expect("every record parses with as many fields as the header");
    (header, records)
}

fn check_provenance(header: &[String], rec: &csv::StringRecord) {
    let col = |name: &str| rec.get(header.iter().position(|h| h == name).expect(name)).expect("field");
    assert!(!col("source_url").is_empty());
    DateTime::parse_from_rfc3339(col("captured_at")).expect("captured_at is RFC 3339");
    let hash = col("page_sha256");
    assert!(hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
    assert_eq!(col("sample"), "true");
}

#[test]
fn observations_csv_reads_back_with_provenance_on_every_row() {
    let store = store();
    let rows = observation_rows(store, &ExportFilter::default()).expect("rows");
    assert_eq!(rows.len(), store.observation_count(), "every stored figure is exported");
    let (header, records) = read_csv(&to_bytes(&rows, Format::Csv));
    assert_eq!(header, ObservationRow::COLUMNS);
    assert_eq!(records.len(), rows.len());
    for (rec, row) in records.iter().zip(&rows) {
        check_provenance(&header, rec);
        let evidence = rec.get(header.iter().position(|h| h == "evidence").unwrap()).unwrap();
        assert_eq!(evidence, row.evidence, "quotes, commas and line breaks survive");
        assert!(!evidence.is_empty());
        let value: f64 = rec.get(6).unwrap().parse().expect("value is a plain number");
        assert_eq!(value, row.value);
    }
    // Vietnamese text is written as UTF-8, not mangled.
    assert!(records.iter().any(|r| r.get(1) == Some("Lạng Sơn")));
    // Set-aside title figures are kept, flagged and marked.
    for r in rows.iter().filter(|r| r.set_aside) {
        assert!(r.flags.iter().any(|f| f.kind == "set_aside"), "{r:?}");
    }
    assert!(
        rows.iter().any(|r| r.source.source_url.starts_with("mirror://")),
        "the demo's loopback pages are shown under the host they mirror"
    );
    assert!(!rows.iter().any(|r| r.source.source_url.contains("127.0.0.1")));
}

#[test]
fn json_and_json_lines_round_trip() {
    let store = store();
    let obs = observation_rows(store, &ExportFilter::default()).expect("rows");
    let back: Vec<ObservationRow> = serde_json::from_slice(&to_bytes(&obs, Format::Json)).expect("JSON");
    assert_eq!(back, obs);
    let june = ExportFilter {
        since: NaiveDate::from_ymd_opt(2024, 4, 1),
        until: NaiveDate::from_ymd_opt(2024, 4, 30),
        ..ExportFilter::default()
    };
    let scores = score_rows(store, &june, false).expect("scores");
    assert!(!scores.is_empty());
    let lines = to_bytes(&scores, Format::JsonLines);
    let back: Vec<ScoreRow> = lines
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("line"))
        .collect();
    assert_eq!(back, scores);
    let rankings = ranking_rows(store, &june, None).expect("rankings");
    let back: Vec<RankingRow> = serde_json::from_slice(&to_bytes(&rankings, Format::Json)).expect("JSON");
    assert_eq!(back, rankings);
}

#[test]
fn filters_by_province_period_and_metric() {
    let store = store();
    let lang_son: ProvinceCode = "63:20".parse().unwrap();
    let filter = ExportFilter {
        provinces: vec![lang_son],
        since: NaiveDate::from_ymd_opt(2024, 1, 1),
        until: NaiveDate::from_ymd_opt(2024, 12, 31),
        metric: Some((Metric::ReceivedOnline, Some(Unit::Percent))),
        flagged_only: false,
    };
    let rows = observation_rows(store, &filter).expect("rows");
    assert!(!rows.is_empty(), "Lạng Sơn has online rates in 2024 in the sample");
    for r in &rows {
        assert_eq!(r.province_code, Some(lang_son));
        assert_eq!((r.metric.as_str(), r.unit.as_str()), ("received_online", "percent"));
        let end = r.period_end.expect("end");
        assert!(end.format("%Y").to_string() == "2024", "{end}");
    }
    let all = observation_rows(store, &ExportFilter::default()).expect("rows");
    assert!(rows.len() < all.len());
}

#[test]
fn rankings_carry_rank_grade_change_and_the_reading() {
    let store = store();
    let april = ExportFilter {
        since: NaiveDate::from_ymd_opt(2024, 4, 1),
        until: NaiveDate::from_ymd_opt(2024, 4, 30),
        ..ExportFilter::default()
    };
    let rows = ranking_rows(store, &april, None).expect("rows");
    assert_eq!(rows.len(), 63);
    assert!(rows.windows(2).all(|w| w[0].rank <= w[1].rank));
    let bac_kan = rows.iter().find(|r| r.province == "Bắc Kạn").expect("Bắc Kạn");
    assert_eq!((bac_kan.rank, bac_kan.value), (17, 75.35), "the figure dichvucong.gov.vn published");
    assert_eq!(bac_kan.grade.as_deref(), Some("Khá"));
    assert!(rows.iter().all(|r| r.rank_change.is_some()), "March 2024 is stored, so every line has a change");
    let (header, records) = read_csv(&to_bytes(&rows, Format::Csv));
    assert_eq!(header, RankingRow::COLUMNS);
    for rec in &records {
        check_provenance(&header, rec);
    }
}

#[test]
fn flagged_items_come_from_flagged_figures_most_serious_first() {
    let store = store();
    let items = flagged_items(store, &ExportFilter::default()).expect("items");
    let flagged =
        observation_rows(store, &ExportFilter { flagged_only: true, ..ExportFilter::default() }).expect("rows");
    let flags_on_figures: usize = flagged.iter().map(|r| r.flags.len()).sum();
    let on_scores = items.iter().filter(|i| i.evidence.is_none()).count();
    assert_eq!(items.len(), flags_on_figures + on_scores, "one item per flag");
    assert!(!items.is_empty(), "the sample has flagged figures");
    let order = ["contradiction", "set_aside", "inconsistent", "period_corrected", "approximate"];
    let ranks: Vec<usize> =
        items.iter().map(|i| order.iter().position(|k| *k == i.kind).expect("known kind")).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
}

fn dvcrank() -> Command {
    let mut c = Command::cargo_bin("dvcrank").expect("binary");
    c.current_dir(root());
    c
}

#[test]
fn cli_export_check_and_chart_sidecars() {
    let store = store();
    let db = store.path().to_str().unwrap().to_string();
    store.flush().expect("flush");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("obs.csv");
    // The store is open in this process; sled allows one process, so the CLI runs on a
    // copy of it.
    let copy = dir.path().join("copy.db");
    copy_dir(std::path::Path::new(&db), &copy);
    let copy = copy.to_str().unwrap();
    let run = dvcrank()
        .args(["export", "--store", copy, "--province", "Lạng Sơn", "--metric", "received_total", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let (header, records) = read_csv(&std::fs::read(&out).expect("written"));
    assert!(!records.is_empty());
    let metric = header.iter().position(|h| h == "metric").unwrap();
    assert!(records.iter().all(|r| &r[metric] == "received_total" && &r[1] == "Lạng Sơn"));

    let run = dvcrank().args(["check", "--store", copy, "--format", "json"]).output().expect("runs");
    assert!(run.status.success());
    let items: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON");
    assert!(!items.as_array().expect("array").is_empty());

    let charts = dir.path().join("charts");
    let run = dvcrank()
        .args(["chart", "ranking", "--store", copy, "--period", "2024-04", "--out"])
        .arg(&charts)
        .output()
        .expect("runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let (header, records) =
        read_csv(&std::fs::read(charts.join("ranking-2024-04.csv")).expect("data beside the chart"));
    assert_eq!(records.len(), 63);
    assert_eq!(&header[..5], ["period", "rank", "province_code", "province", "value"]);
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(charts.join("ranking-2024-04.meta.json")).expect("meta")).expect("JSON");
    assert_eq!(meta["charts"], serde_json::json!(["ranking-2024-04.png", "ranking-2024-04.svg"]));
    assert_eq!(meta["sample"], true);
    assert_eq!(meta["sources"][0]["host"], "dichvucong.gov.vn");
    assert_eq!(meta["command"][0], "dvcrank");
    assert_eq!(meta["command"][1], "chart");
    assert!(meta["dvcrank_version"].is_string() && meta["extractor_version"].is_number());

    let run =
        dvcrank().args(["export", "rankings", "--store", copy, "--metric", "received_total"]).output().expect("runs");
    assert_eq!(run.status.code(), Some(3), "a filter that does not apply is refused");
    assert!(String::from_utf8_lossy(&run.stderr).contains("--metric applies to"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
