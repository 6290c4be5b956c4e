//! Extraction throughput: the sample site's bulletin pages (HTML in, observations out)
//! and the labelled real bulletins (text in). Reported per document and per byte.
#![allow(missing_docs)]

// The allocator of the `dvcrank` binary (src/main.rs), so the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dvcrank::extract::{extract_bulletin, extract_text, PageInput, TextInput};
use dvcrank::source::{load_dir, Source};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every bulletin page of the mirror, with the source whose selectors read it.
fn pages(sources: &[Source]) -> Vec<(usize, Vec<u8>)> {
    let gold = root().join("tests/fixtures/sample-gold");
    let mut out = Vec::new();
    for host in std::fs::read_dir(&gold).expect("gold dir").filter_map(Result::ok).filter(|e| e.path().is_dir()) {
        let host_name = host.file_name().to_string_lossy().into_owned();
        let Some(si) = sources.iter().position(|s| s.allowed_hosts.contains(&host_name)) else { continue };
        for g in std::fs::read_dir(host.path()).expect("host dir").filter_map(Result::ok) {
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(g.path()).expect("gold")).expect("json");
            let path = v["url_path"].as_str().unwrap_or("").replace('?', "@");
            let mut file = root().join("data/sample-site").join(&host_name).join(path.trim_start_matches('/'));
            if file.is_dir() {
                file = file.join("index.html");
            }
            out.push((si, std::fs::read(&file).expect("page")));
        }
    }
    out
}

fn texts(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("bulletins")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| std::fs::read_to_string(e.path()).expect("text"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let sources = load_dir(&root().join("selectors")).expect("selectors");
    let pages = pages(&sources);
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::ElementsAndBytes { elements: pages.len() as u64, bytes: bytes as u64 });
    group.bench_function(format!("html_{}_pages", pages.len()), |b| {
        b.iter(|| {
            let mut n = 0;
            for (si, body) in &pages {
                let s = &sources[*si];
                let Some(spec) = &s.site else { continue };
                let input = PageInput {
                    body,
                    url: "http://sample/",
                    content_type: None,
                    fetched_at: chrono::DateTime::UNIX_EPOCH,
                };
                if let Ok(doc) = extract_bulletin(s, spec, &input) {
                    n += doc.observations.len();
                }
            }
            n
        });
    });
    let texts = texts(&root().join("tests/fixtures/bulletins"));
    let text_bytes: usize = texts.iter().map(String::len).sum();
    group.throughput(Throughput::ElementsAndBytes { elements: texts.len() as u64, bytes: text_bytes as u64 });
    group.bench_function(format!("text_{}_bulletins", texts.len()), |b| {
        b.iter(|| texts.iter().map(|t| extract_text(&TextInput::new(t)).observations.len()).sum::<usize>());
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
