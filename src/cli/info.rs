//! `extract` and `provinces`: reading one file, and listing the provinces.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use dvcrank::clock::{Clock, SystemClock};
use dvcrank::extract::{extract_bulletin, extract_text, PageInput, TextInput};
use dvcrank::model::{Era, PageHash, Provenance};
use dvcrank::pipeline;
use dvcrank::province::Registry;
use dvcrank::source::{self, Source};
use dvcrank::Error;

pub(super) fn extract(
    file: &Path,
    json: bool,
    source_name: Option<&str>,
    selectors: &Path,
) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let fetched_at = SystemClock.now();
    let url = format!("file://{}", file.display());
    let is_html = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        || bytes.windows(5).take(2048).any(|w| w.eq_ignore_ascii_case(b"<html"));
    let doc = if is_html {
        let all = source::load_dir(selectors)?;
        let candidates: Vec<Source> = match source_name {
            Some(n) => pipeline::select_sources(&all, &[n.to_string()])?,
            None => all,
        };
        let input = PageInput { body: &bytes, url: &url, content_type: None, fetched_at };
        let mut last_err = None;
        let mut found = None;
        for s in &candidates {
            let Some(spec) = &s.site else { continue };
            match extract_bulletin(s, spec, &input) {
                Ok(doc) => {
                    found = Some(doc);
                    break;
                }
                Err(e) => last_err = Some(format!("{}: {e}", s.id)),
            }
        }
        found.ok_or_else(|| {
            Error::Input(format!(
                "no source's selectors read an article from {} ({})",
                file.display(),
                last_err.unwrap_or_default()
            ))
        })?
    } else {
        let text = dvcrank::extract::charset::decode(&bytes, None).text;
        let provenance =
            Provenance { url, page: PageHash::of(&bytes), fetched_at, extractor_version: dvcrank::EXTRACTOR_VERSION };
        let mut input = TextInput::from_saved_text(&text, provenance);
        // The publisher's province, when a selectors file names its host (the folder is
        // optional for a saved text).
        if selectors.is_dir() {
            input.default_province = source::publisher_province(&source::load_dir(selectors)?, &input.provenance.url);
        }
        extract_text(&input)
    };
    if doc.without_diacritics() {
        eprintln!(
            "note: {} has no Vietnamese diacritics; dvcrank reads figures only from text written with them",
            file.display()
        );
    }
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&doc.to_schema_json())?)?;
    } else {
        writeln!(
            out,
            "{} | {} | {}",
            doc.title.as_deref().unwrap_or("-"),
            doc.province_text.as_deref().unwrap_or("-"),
            doc.published.map_or_else(|| "-".to_string(), |d| d.to_string())
        )?;
        if doc.about_another_province() {
            let publisher = doc.publisher.map(|c| Registry::builtin().name(c)).unwrap_or_default();
            writeln!(out, "(about another province than its publisher's, {publisher})")?;
        }
        for o in doc.observations.iter().chain(&doc.set_aside) {
            let flags = o.flags.iter().map(dvcrank::model::Flag::describe).collect::<Vec<_>>().join("; ");
            writeln!(
                out,
                "{:<26} {:>12} {:<7} {:<17} {:<24} {}{}",
                o.metric,
                o.value,
                o.unit,
                o.scope,
                o.period.label,
                o.unit_name,
                if flags.is_empty() { String::new() } else { format!("  [{flags}]") }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn provinces() -> anyhow::Result<ExitCode> {
    let registry = Registry::builtin();
    let mut out = std::io::stdout().lock();
    writeln!(out, "63 provinces until 2025-06-30 → the province they became part of on 2025-07-01")?;
    for p in registry.of_era(Era::Pre2025) {
        let into = p.merged_into.map(|c| registry.name(c)).unwrap_or_default();
        writeln!(out, "  {}  {:<22} → {}", p.code, p.name, into)?;
    }
    writeln!(out, "34 provinces from 2025-07-01")?;
    for p in registry.of_era(Era::Post2025) {
        let from = p.merged_from.iter().map(|c| registry.name(*c)).collect::<Vec<_>>().join(", ");
        writeln!(out, "  {}  {:<22} ← {}", p.code, p.name, from)?;
    }
    Ok(ExitCode::SUCCESS)
}
