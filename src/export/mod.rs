//! Exports for people who take the data elsewhere: rankings as a terminal table, and
//! observations, index scores, rankings and flagged figures as CSV, JSON Lines or JSON,
//! every row with its provenance (source URL, capture time, page hash, evidence, flags).
//!
//! The writers ([`write_records`], [`write_ranking_table`] …) are pure formatting over
//! `impl Write`; [`gather`] and [`flagged`] read the store (I/O) and build the rows.
//!
//! CSV starts with a UTF-8 byte-order mark, because spreadsheet programs otherwise
//! guess a legacy code page and garble Vietnamese; the columns of each kind of row are
//! listed in the README ("Export columns") and in each row type's `COLUMNS`.

pub mod flagged;
pub mod gather;
mod ranking;
pub mod rows;

use std::io::{self, Write};

use serde::Serialize;

pub use self::flagged::{flagged_items, write_flagged_table, FlaggedItem};
pub use self::gather::{observation_rows, ranking_rows, score_rows, ExportFilter};
pub use self::ranking::{write_ranking_csv, write_ranking_json, write_ranking_table};
pub use self::rows::{FlagRow, ObservationRow, RankingRow, ScoreRow};

/// The UTF-8 byte-order mark that starts every CSV export.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file format for records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values, UTF-8 with a byte-order mark, one header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
    /// One pretty-printed JSON array.
    Json,
}

impl Format {
    /// The format a file name asks for (`.csv`, `.jsonl`/`.ndjson`, `.json`).
    #[must_use]
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// A row that can be exported: serialised as is for JSON, flattened into `COLUMNS` for
/// CSV (nested values such as flags and group scores become one cell or one column each).
pub trait Record: Serialize {
    /// The CSV header, in order.
    const COLUMNS: &'static [&'static str];
    /// The CSV cells, one per column.
    fn cells(&self) -> Vec<String>;
}

/// A CSV writer over `w` that writes the byte-order mark first.
///
/// # Errors
/// When writing fails.
pub(crate) fn csv_writer<W: Write>(mut w: W, bom: bool) -> io::Result<csv::Writer<W>> {
    if bom {
        w.write_all(BOM)?;
    }
    Ok(csv::WriterBuilder::new().from_writer(w))
}

/// Writes `rows` in `format`.
///
/// # Errors
/// When writing fails.
pub fn write_records<R: Record>(w: &mut impl Write, rows: &[R], format: Format) -> io::Result<()> {
    match format {
        Format::Csv => {
            let mut out = csv_writer(&mut *w, true)?;
            out.write_record(R::COLUMNS)?;
            for r in rows {
                out.write_record(r.cells())?;
            }
            out.flush()?;
        }
        Format::JsonLines => {
            for r in rows {
                serde_json::to_writer(&mut *w, r).map_err(io::Error::other)?;
                writeln!(w)?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, rows).map_err(io::Error::other)?;
            writeln!(w)?;
        }
    }
    Ok(())
}

/// A number as a CSV cell: shortest exact form, empty for none.
pub(crate) fn cell_num(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}
