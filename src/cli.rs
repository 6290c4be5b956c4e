//! Command-line interface (binary only): clap types and one function per subcommand.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use dvcrank::extract::{extract_text, TextInput};
use dvcrank::model::{PageHash, Provenance};

/// Crawl, rank and chart Vietnamese provinces' public-administration service figures.
#[derive(Debug, Parser)]
#[command(name = "dvcrank", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read the figures of one saved bulletin (.txt or .html).
    Extract {
        /// The file.
        file: PathBuf,
        /// Print JSON in the shape of the observation schema.
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract { file, json } => extract(&file, json),
    }
}

fn extract(file: &PathBuf, json: bool) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let provenance = Provenance {
        url: format!("file://{}", file.display()),
        page: PageHash::of(&bytes),
        fetched_at: chrono::Utc::now(),
        extractor_version: dvcrank::EXTRACTOR_VERSION,
    };
    let input = TextInput::from_saved_text(&text, provenance);
    let doc = extract_text(&input);
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&doc.to_schema_json())?)?;
    } else {
        for o in &doc.observations {
            writeln!(
                out,
                "{:<28} {:>12} {:<7} {:<18} {} | {}",
                o.metric, o.value, o.unit, o.scope, o.period.label, o.unit_name
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
