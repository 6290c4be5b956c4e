//! dvcrank crawls what Vietnam's provinces publish about their public-administration
//! service, turns it into dated, sourced figures, ranks provinces and draws charts.
//!
//! ```text
//! selectors/*.toml ──> Source ──> fetch (robots, politeness, retries, conditional GET)
//!                                   │
//!                                   ▼
//!                      store: pages (raw bytes + headers + fetched_at + sha256)
//!                                   │  extract (pure: bytes in, records out)
//!                                   ▼
//!        store: observations (bulletin figures)   store: scores (national index)
//!                                   │
//!                                   ▼
//!                     rank / trend (pure) ──> chart (PNG + SVG, with data and metadata beside)
//!                                         ──> export (CSV, JSON, WARC), report (static HTML)
//! ```
//!
//! Extraction is a pure function of text:
//!
//! ```
//! use dvcrank::extract::{extract_text, TextInput};
//! let input = TextInput::new("Trong tháng 10 năm 2023, Trung tâm Phục vụ hành chính công tỉnh \
//!     đã tiếp nhận 8.000 hồ sơ, trong đó trực tuyến 3.663 hồ sơ (chiếm 45,79%).");
//! let doc = extract_text(&input);
//! assert_eq!(doc.observations[0].value, 8000.0);
//! assert_eq!(doc.observations[1].metric.as_str(), "received_online");
//! ```

pub mod chart;
pub mod clock;
pub mod config;
pub mod demo;
pub mod error;
pub mod export;
pub mod extract;
pub mod fetch;
pub mod mirror;
pub mod model;
pub mod pipeline;
pub mod province;
pub mod query;
pub mod rank;
pub mod report;
pub mod schedule;
pub mod sidecar;
pub mod source;
pub mod store;
pub mod text;
pub mod warc;

pub use error::{Error, Result};

/// Version of the extraction rules; stored with every figure so `reparse` knows what
/// an older run produced.
pub const EXTRACTOR_VERSION: u32 = 1;
