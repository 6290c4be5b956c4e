//! Every shipped selectors file compiles, and on its site's page in the offline mirror
//! finds bulletin links and reads an article (title, date, body).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::root;
use dvcrank::extract::article::read_article;
use dvcrank::extract::listing::read_listing;
use dvcrank::source::load_dir;
use url::Url;

/// The mirror's file for a URL (the rule of data/sample-site/README.md).
fn mirror_file(url: &Url) -> PathBuf {
    let mut p = root().join("data/sample-site").join(url.host_str().unwrap()).join(url.path().trim_start_matches('/'));
    if url.path().ends_with('/') {
        p = p.join("index.html");
    }
    if let Some(q) = url.query() {
        let name = format!("{}@{q}", p.file_name().unwrap().to_string_lossy());
        p.set_file_name(name);
    }
    p
}

#[test]
fn every_selectors_file_compiles_and_reads_its_mirror() {
    let sources = load_dir(&root().join("selectors")).expect("every selectors file compiles");
    assert!(sources.len() >= 5);
    let mut checked = 0;
    for s in &sources {
        let Some(spec) = &s.site else {
            assert!(s.index.is_some(), "{}: a source without a site has an index", s.id);
            continue;
        };
        let start = &s.start_urls[0];
        let file = mirror_file(start);
        if !file.exists() {
            continue; // a real site without a mirror page
        }
        let html = std::fs::read_to_string(&file).expect("listing page");
        let listing = read_listing(&html, start, spec);
        assert!(!listing.bulletins.is_empty(), "{}: no bulletin links on {}", s.id, file.display());
        let first = &listing.bulletins[0];
        let article_html = std::fs::read_to_string(mirror_file(first)).expect("bulletin page");
        let article = read_article(&article_html, spec).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        assert!(
            !article.title.is_empty() && article.published.is_some() && article.body.len() > 100,
            "{}: {article:?}",
            s.id
        );
        checked += 1;
    }
    assert!(checked >= 4, "mirrored sites checked: {checked}");
}

#[test]
fn a_bad_selectors_file_names_file_key_and_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(root().join("selectors/langson.toml")).expect("read");
    std::fs::write(dir.path().join("broken.toml"), good.replace("[listing]", "[listing]\nlinkz = \"a\""))
        .expect("write");
    let err = load_dir(dir.path()).expect_err("unknown key").to_string();
    assert!(err.contains("broken.toml") && err.contains("linkz"), "{err}");
}
