//! `dvcrank.toml`: optional settings for every command — where the store and the
//! selectors are, the contact address the user agent carries, politeness defaults for
//! sources that do not set their own, and the schedule of sources without a
//! `[schedule]` table. Every key is optional; a missing one takes the built-in default
//! (a `pub const` here or in [`crate::fetch`]), and a command-line flag beats both.
//! Unknown keys are refused, and errors name the file and the key. Reading the file is
//! I/O; [`Config::parse`] is pure.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::fetch::{DEFAULT_MAX_BODY, DEFAULT_MAX_COMPRESSED_BODY, DEFAULT_MAX_REDIRECTS, DEFAULT_RETRIES};
use crate::schedule::Schedule;
use crate::source::CrawlDefaults;
use crate::{Error, Result};

/// The file read when no `--config` is given (in the current folder; a missing file is
/// not an error).
pub const DEFAULT_CONFIG_FILE: &str = "dvcrank.toml";
/// The store used when neither the command line nor the file names one.
pub const DEFAULT_STORE: &str = "dvcrank.db";
/// The selectors folder used when neither the command line nor the file names one.
pub const DEFAULT_SELECTORS: &str = "selectors";
/// Requests in flight at once across all hosts.
pub const DEFAULT_CONCURRENCY: usize = 16;
/// Longest sleep of the scheduler between two looks at the sources: a source added or
/// a clock change is noticed within this time.
pub const DEFAULT_SCHEDULE_POLL: Duration = Duration::from_secs(60);
/// The schedule of a source whose selectors file has no `[schedule]` table and which
/// the configuration gives none: once a day.
pub const DEFAULT_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    store: Option<PathBuf>,
    selectors: Option<PathBuf>,
    contact: Option<String>,
    #[serde(default)]
    politeness: RawPoliteness,
    #[serde(default)]
    schedule: RawScheduleDefaults,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoliteness {
    #[serde(default, with = "humantime_serde")]
    delay: Option<Duration>,
    per_host: Option<usize>,
    concurrency: Option<usize>,
    #[serde(default, with = "humantime_serde")]
    timeout: Option<Duration>,
    max_body: Option<u64>,
    max_compressed_body: Option<u64>,
    max_redirects: Option<usize>,
    retries: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheduleDefaults {
    #[serde(default, with = "humantime_serde")]
    every: Option<Duration>,
    cron: Option<String>,
    #[serde(default, with = "humantime_serde")]
    poll: Option<Duration>,
}

/// Politeness and limits for every fetch; a source's own `[crawl]` keys win for that
/// source's delay, per-host concurrency and timeout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Politeness {
    /// Delay, per-host concurrency and timeout (one attempt: connect, send, read the
    /// body) for sources that do not set theirs.
    pub source_defaults: CrawlDefaults,
    /// Requests in flight at once across all hosts.
    pub concurrency: usize,
    /// Body cap in bytes, after decompression.
    pub max_body: u64,
    /// Cap in bytes on a compressed body as it arrives.
    pub max_compressed_body: u64,
    /// Redirects followed for one request.
    pub max_redirects: usize,
    /// Retries after the first attempt.
    pub retries: u32,
}

impl Default for Politeness {
    fn default() -> Politeness {
        Politeness {
            source_defaults: CrawlDefaults::default(),
            concurrency: DEFAULT_CONCURRENCY,
            max_body: DEFAULT_MAX_BODY,
            max_compressed_body: DEFAULT_MAX_COMPRESSED_BODY,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            retries: DEFAULT_RETRIES,
        }
    }
}

/// The settings of a run, after defaults were filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// The store folder.
    pub store: PathBuf,
    /// The selectors folder.
    pub selectors: PathBuf,
    /// Where site owners can reach whoever runs the crawler: an e-mail address or a URL.
    pub contact: Option<String>,
    /// Politeness defaults and limits.
    pub politeness: Politeness,
    /// The schedule of sources whose selectors file has none.
    pub default_schedule: Schedule,
    /// Longest sleep of the scheduler between two looks at the sources.
    pub poll: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            path: None,
            store: PathBuf::from(DEFAULT_STORE),
            selectors: PathBuf::from(DEFAULT_SELECTORS),
            contact: None,
            politeness: Politeness::default(),
            default_schedule: Schedule::Every(DEFAULT_EVERY),
            poll: DEFAULT_SCHEDULE_POLL,
        }
    }
}

fn config_error(path: &Path, key: &str, message: impl Into<String>) -> Error {
    Error::Config { path: path.to_path_buf(), key: key.to_string(), message: message.into() }
}

fn at_least_one(path: &Path, key: &str, value: Option<usize>) -> Result<Option<usize>> {
    match value {
        Some(0) => Err(config_error(path, key, "must be at least 1")),
        other => Ok(other),
    }
}

impl Config {
    /// Reads `path`. With `required` false a missing file gives the defaults (the
    /// implicit `./dvcrank.toml`); with `required` true (`--config FILE`) it is an error.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, [`Error::Config`] naming the key
    /// when it is wrong.
    pub fn load(path: &Path, required: bool) -> Result<Config> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(path, &text),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Parses the text of a configuration file; `path` names it in errors. Relative
    /// paths in it are kept as written (relative to where dvcrank runs).
    ///
    /// # Errors
    /// [`Error::Config`] naming the file, the key and what is wrong.
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let key = e.span().map_or_else(|| "-".to_string(), |s| format!("at byte {}", s.start));
            config_error(path, &key, e.message().to_string())
        })?;
        let defaults = Config::default();
        if let Some(contact) = &raw.contact {
            if contact.trim().is_empty() || !contact.chars().all(|c| c.is_ascii_graphic()) {
                return Err(config_error(
                    path,
                    "contact",
                    format!("{contact:?} must be an e-mail address or URL in printable ASCII without spaces"),
                ));
            }
        }
        let p = raw.politeness;
        let source_defaults = CrawlDefaults {
            delay: p.delay.unwrap_or(defaults.politeness.source_defaults.delay),
            per_host: at_least_one(path, "politeness.per_host", p.per_host)?
                .unwrap_or(defaults.politeness.source_defaults.per_host),
            timeout: match p.timeout {
                Some(t) if t.is_zero() => {
                    return Err(config_error(path, "politeness.timeout", "must be longer than 0s"));
                }
                Some(t) => t,
                None => defaults.politeness.source_defaults.timeout,
            },
        };
        let politeness = Politeness {
            source_defaults,
            concurrency: at_least_one(path, "politeness.concurrency", p.concurrency)?
                .unwrap_or(defaults.politeness.concurrency),
            max_body: p.max_body.unwrap_or(defaults.politeness.max_body),
            max_compressed_body: p.max_compressed_body.unwrap_or(defaults.politeness.max_compressed_body),
            max_redirects: p.max_redirects.unwrap_or(defaults.politeness.max_redirects),
            retries: p.retries.unwrap_or(defaults.politeness.retries),
        };
        let s = raw.schedule;
        let default_schedule = match (s.every, s.cron) {
            (Some(_), Some(_)) => {
                return Err(config_error(path, "schedule", "give `every` or `cron`, not both"));
            }
            (Some(every), None) => Schedule::every(every).map_err(|m| config_error(path, "schedule.every", m))?,
            (None, Some(cron)) => Schedule::cron(&cron).map_err(|m| config_error(path, "schedule.cron", m))?,
            (None, None) => defaults.default_schedule,
        };
        let poll = match s.poll {
            Some(d) if d.is_zero() => return Err(config_error(path, "schedule.poll", "must be longer than 0s")),
            Some(d) => d,
            None => defaults.poll,
        };
        Ok(Config {
            path: Some(path.to_path_buf()),
            store: raw.store.unwrap_or(defaults.store),
            selectors: raw.selectors.unwrap_or(defaults.selectors),
            contact: raw.contact,
            politeness,
            default_schedule,
            poll,
        })
    }

    /// The user agent: dvcrank, its version, and the contact (`+mailto:` for an e-mail
    /// address) or the project page when no contact is set.
    ///
    /// ```
    /// use dvcrank::config::Config;
    /// let c = Config { contact: Some("lab@example.org".into()), ..Config::default() };
    /// assert!(c.user_agent().ends_with("(+mailto:lab@example.org)"));
    /// ```
    #[must_use]
    pub fn user_agent(&self) -> String {
        user_agent(self.contact.as_deref())
    }
}

/// The user agent for a contact; see [`Config::user_agent`].
#[must_use]
pub fn user_agent(contact: Option<&str>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match contact {
        Some(c) if c.contains("://") || c.starts_with("mailto:") => format!("dvcrank/{version} (+{c})"),
        Some(c) if c.contains('@') => format!("dvcrank/{version} (+mailto:{c})"),
        Some(c) => format!("dvcrank/{version} (+{c})"),
        None => crate::fetch::DEFAULT_USER_AGENT.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../data/dvcrank.example.toml");

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("dvcrank.toml"), text)
    }

    #[test]
    fn the_shipped_example_loads() {
        let c = parse(EXAMPLE).expect("the example loads");
        assert_eq!(c.contact.as_deref(), Some("someone@example.org"));
        assert_eq!(c.user_agent(), format!("dvcrank/{} (+mailto:someone@example.org)", env!("CARGO_PKG_VERSION")));
        assert_eq!(c.politeness.source_defaults.delay, Duration::from_secs(1));
        assert_eq!(c.politeness.source_defaults.per_host, 1);
        assert!(matches!(c.default_schedule, Schedule::Cron(_)));
    }

    #[test]
    fn empty_file_is_the_defaults() {
        let c = parse("").expect("empty is fine");
        assert_eq!(Config { path: None, ..c }, Config::default());
        assert_eq!(Config::default().user_agent(), crate::fetch::DEFAULT_USER_AGENT);
    }

    #[test]
    fn errors_name_the_key() {
        let e = parse("colour = 1").expect_err("unknown key").to_string();
        assert!(e.contains("colour") && e.contains("dvcrank.toml"), "{e}");
        let e = parse("[politeness]\ndelay = \"soon\"").expect_err("bad duration").to_string();
        assert!(e.contains("dvcrank.toml"), "{e}");
        let e = parse("[politeness]\nper_host = 0").expect_err("zero").to_string();
        assert!(e.contains("politeness.per_host"), "{e}");
        let e = parse("contact = \"a b@c\"").expect_err("space").to_string();
        assert!(e.contains("contact"), "{e}");
        let e = parse("[schedule]\ncron = \"every day\"").expect_err("bad cron").to_string();
        assert!(e.contains("schedule.cron"), "{e}");
        let e = parse("[schedule]\nevery = \"1d\"\ncron = \"0 6 * * *\"").expect_err("both").to_string();
        assert!(e.contains("not both"), "{e}");
    }

    #[test]
    fn missing_file_is_defaults_unless_required() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("dvcrank.toml");
        assert_eq!(Config::load(&missing, false).expect("defaults"), Config::default());
        assert!(matches!(Config::load(&missing, true), Err(Error::Io { .. })));
    }

    #[test]
    fn user_agents() {
        assert!(user_agent(Some("https://lab.example.org/crawler")).ends_with("(+https://lab.example.org/crawler)"));
        assert!(user_agent(Some("mailto:a@b.vn")).ends_with("(+mailto:a@b.vn)"));
        assert!(user_agent(Some("a@b.vn")).starts_with("dvcrank/"));
    }
}
