//! The HTML report of the demo store: files, sample banner on every page, nothing
//! fetched from outside, one page per province; then opened in headless Chromium (when
//! `/usr/bin/chromium` is installed; `.ci/run` installs it): the ranking table's rows
//! counted in the DOM after the script ran, and screenshots at desktop and phone sizes
//! kept in `target/test-report/` for a person to look at.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "export_demo/mod.rs"]
mod export_demo;

use std::path::{Path, PathBuf};
use std::process::Command;

use dvcrank::report;
use export_demo::store;

const CHROMIUM: &str = "/usr/bin/chromium";

fn write_report(dir: &Path) -> report::ReportData {
    let data =
        report::collect(store(), "2024-04".parse().unwrap(), &["dvcrank".into(), "report".into()]).expect("collect");
    report::write_report(dir, &data).expect("write");
    data
}

/// Rows of `<tbody>` in the table with `id`.
fn table_rows(html: &str, id: &str) -> usize {
    let start = html.find(&format!("id=\"{id}\"")).expect("table");
    let body = &html[start..];
    let body = &body[body.find("<tbody").expect("tbody")..body.find("</tbody>").expect("end of tbody")];
    body.matches("<tr").count()
}

#[test]
fn report_pages_are_self_contained_and_marked_as_sample() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_report(dir.path());
    let mut pages: Vec<PathBuf> =
        vec![dir.path().join("index.html"), dir.path().join("flagged.html"), dir.path().join("method.html")];
    pages.extend(std::fs::read_dir(dir.path().join("provinces")).unwrap().map(|e| e.unwrap().path()));
    assert_eq!(pages.len(), 3 + 63);
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        assert!(html.contains("DỮ LIỆU MẪU / SAMPLE DATA"), "{}", page.display());
        assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"vi\">"));
        for external in ["<script src", "<link", "@import", "url(", "<img", "<iframe", "src=\"http"] {
            assert!(!html.contains(external), "{external} in {}", page.display());
        }
        // Every local link points at a file of the report.
        for href in html.split("href=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]) {
            if href.starts_with("http") || href.starts_with('#') {
                continue;
            }
            let target = page.parent().unwrap().join(href);
            assert!(target.exists(), "{href} from {}", page.display());
        }
    }
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    assert_eq!(table_rows(&index, "ranking"), 63);
    assert!(index.contains("<svg"), "the ranking chart is inline");
    assert!(index.contains(">Bắc Kạn</a>"));
    let bac_kan = std::fs::read_to_string(dir.path().join("provinces/63-06-bac-kan.html")).unwrap();
    assert!(bac_kan.contains("<b>17/63</b>") && bac_kan.contains("75,35"), "rank and score as published");
    let lang_son = data.provinces.iter().find(|p| p.name == "Lạng Sơn").expect("Lạng Sơn");
    assert!(!lang_son.figures.is_empty(), "Lạng Sơn's bulletins are in the sample");
    let page = std::fs::read_to_string(dir.path().join(format!("provinces/{}.html", lang_son.slug))).unwrap();
    assert!(page.contains("<blockquote>"), "evidence sentences are shown");
    assert!(page.contains("mirror://langson.gov.vn"), "sources are named (the mirror is not linked as the real site)");
    for chart in ["ranking-2024-04.svg", "ranking-2024-04.csv", "ranking-2024-04.meta.json"] {
        assert!(dir.path().join("charts").join(chart).exists(), "{chart}");
    }
    // Same data, same bytes.
    let again = tempfile::tempdir().unwrap();
    write_report(again.path());
    assert_eq!(index, std::fs::read_to_string(again.path().join("index.html")).unwrap());
}

fn chromium(dir: &Path, args: &[&str], url: &str) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            // This machine is offline: Chromium's own background connections would be refused.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .current_dir(dir)
        .output()
        .expect("chromium runs")
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn report_opens_in_headless_chromium() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("SKIPPED: {CHROMIUM} is missing, so the report was not opened in a browser; install it with `apt-get install -y chromium` (.ci/run does)");
        return;
    }
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("test-report");
    let _ = std::fs::remove_dir_all(&out);
    write_report(&out);
    let index = format!("file://{}", out.join("index.html").display());
    let dom = chromium(&out, &["--dump-dom"], &index);
    assert!(dom.status.success(), "{}", String::from_utf8_lossy(&dom.stderr));
    let dom = String::from_utf8(dom.stdout).unwrap();
    assert_eq!(table_rows(&dom, "ranking"), 63, "63 rows in the ranking table as the browser built it");
    assert!(dom.contains("tabindex=\"0\""), "the script ran: sortable headers are focusable");
    for (name, size, page) in [
        ("index-desktop", (1280, 1800), "index.html"),
        ("index-phone", (390, 1600), "index.html"),
        ("province-phone", (390, 2400), "provinces/63-20-lang-son.html"),
        ("flagged-desktop", (1280, 1400), "flagged.html"),
    ] {
        let shot = out.join(format!("{name}.png"));
        let run = chromium(
            &out,
            &[&format!("--window-size={},{}", size.0, size.1), &format!("--screenshot={}", shot.display())],
            &format!("file://{}", out.join(page).display()),
        );
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        assert_eq!(png_size(&std::fs::read(&shot).expect("screenshot written")), size, "{name}");
        eprintln!("screenshot: {}", shot.display());
    }
}
