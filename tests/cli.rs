//! The command line end to end: extraction to the schema's JSON, clear errors and exit
//! codes for bad input, and the demo.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use assert_cmd::Command;
use common::{eval_dir, root};

fn dvcrank() -> Command {
    let mut c = Command::cargo_bin("dvcrank").expect("binary");
    c.current_dir(root());
    c
}

#[test]
fn extract_prints_the_schema_shape() {
    let file = eval_dir().join("seed_002.txt");
    let out = dvcrank().args(["extract", file.to_str().unwrap(), "--json"]).output().expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["province"], "Bắc Kạn");
    assert_eq!(v["published"], "2024-04-27");
    let first = &v["observations"][0];
    for key in ["scope", "unit_name", "period", "metric", "value", "unit", "evidence"] {
        assert!(!first[key].is_null(), "missing {key}");
    }
}

fn fails_with(args: &[&str], code: i32, needles: &[&str]) {
    let out = dvcrank().args(args).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: expected {n:?} in {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_input_gets_clear_messages_and_exit_code_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("s");
    let store = store.to_str().unwrap();
    fails_with(&["trend", "--store", store, "--province", "Bac Kann"], 3, &["Bac Kann", "Bắc Kạn"]);
    fails_with(&["rank", "--store", store, "--period", "2024-13"], 3, &["2024-13", "2024-04"]);
    fails_with(
        &["rank", "--store", store, "--period", "2024-04", "--metric", "recieved_total"],
        3,
        &["received_total"],
    );
    fails_with(&["rank", "--store", store, "--period", "2024-04", "--group", "MDHX"], 3, &["MDHL"]);
    fails_with(&["rank", "--store", store, "--period", "2024-04"], 3, &["no index scores"]);
    let selectors = dir.path().join("sel");
    std::fs::create_dir(&selectors).unwrap();
    std::fs::write(selectors.join("bad.toml"), "format = 1\nname = \"x\"\nkind = \"news_site\"\nallowed_hosts = [\"a.vn\"]\nstart_urls = [\"https://a.vn/\"]\n[listing]\nlinks = \"a[\"\n[article]\ntitle = \"h1\"\nbody = \"p\"\n").unwrap();
    fails_with(
        &["crawl", "--store", store, "--selectors", selectors.to_str().unwrap()],
        3,
        &["bad.toml", "listing.links", "a["],
    );
    let file = dir.path().join("f");
    std::fs::write(&file, "x").unwrap();
    fails_with(&["rank", "--store", file.to_str().unwrap()], 1, &["is a file"]);
}

#[test]
fn demo_crawls_ranks_and_draws() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("demo.db");
    let charts = dir.path().join("charts");
    let out = dvcrank()
        .args(["demo", "--store", store.to_str().unwrap(), "--charts", charts.to_str().unwrap()])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("SAMPLE DATA"));
    assert!(stdout.contains("Lạng Sơn"));
    let charts_written: Vec<_> = std::fs::read_dir(&charts).unwrap().map(|e| e.unwrap().path()).collect();
    // Each chart as PNG and SVG, with its data (.csv) and metadata (.meta.json) beside it.
    assert_eq!(charts_written.len(), 8, "{charts_written:?}");
    // The store serves the other commands.
    let out = dvcrank()
        .args(["rank", "--store", store.to_str().unwrap(), "--period", "2024-04", "--format", "csv"])
        .output()
        .expect("runs");
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.lines().any(|l| l.starts_with("2024-04,17,63:06,Bắc Kạn,75.35,")), "{csv}");

    // The chart options: a cut, stacked, highlighted ranking; English small multiples.
    let store = store.to_str().unwrap();
    let out_dir = dir.path().join("more");
    let out = out_dir.to_str().unwrap();
    let ranking = [
        "chart",
        "ranking",
        "--store",
        store,
        "--period",
        "2024-04",
        "--out",
        out,
        "--stacked",
        "--top",
        "5",
        "--highlight",
        "Bắc Kạn",
        "--image",
        "svg",
    ];
    dvcrank().args(ranking).assert().success();
    let svg = std::fs::read_to_string(out_dir.join("ranking-2024-04-stacked-top5.svg")).expect("written");
    assert!(svg.contains("Bắc Kạn") && svg.contains("75,35") && svg.contains("Đà Nẵng"), "the top 5 and the highlight");
    assert!(!svg.contains("Đắk Nông"), "the last province is cut");
    assert!(!out_dir.join("ranking-2024-04-stacked-top5.png").exists(), "--image svg");
    let multiples = [
        "chart",
        "multiples",
        "--store",
        store,
        "--province",
        "Nam Định,Hà Nam,Ninh Bình",
        "--out",
        out,
        "--lang",
        "en",
        "--size",
        "square",
    ];
    dvcrank().args(multiples).assert().success();
    let stem = out_dir.join("multiples-index-nam-dinh-ninh-binh_ha-nam-ninh-binh_ninh-binh-en-square");
    let svg = std::fs::read_to_string(stem.with_extension("svg")).expect("written");
    assert!(svg.contains("Nam Định → Ninh Bình") && svg.contains("out of 100"), "English, names kept in Vietnamese");
    let png = std::fs::read(stem.with_extension("png")).expect("written");
    assert_eq!(&png[16..24], &[0, 0, 4, 56, 0, 0, 4, 56], "1080 × 1080");
}
