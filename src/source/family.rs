//! Families: `selectors/families/<family>.toml`, the selectors shared by the sites of one
//! CMS (SharePoint portals, Liferay portals, NukeViet sites …). A family file holds only
//! shared keys (`kind`, `[crawl]`, `[schedule]`, `[listing]`, `[article]`); a site file
//! says `family = "<family>"` and adds its own name, province, hosts and start pages,
//! and any key it sets overrides the family's. A family is not a source. A `family`
//! with no file is only a label (format 1 allowed any), so a site file copied alone
//! still compiles when it states every key. Reading the folder is I/O
//! ([`Families::load`]); parsing and merging are pure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::{config_error, FORMAT};
use crate::{Error, Result};

/// The folder of family files, inside the selectors folder.
pub const FAMILIES_DIR: &str = "families";

/// The top-level keys a family may set: what sites of one CMS share. A site's name,
/// province, hosts and start pages are its own.
const FAMILY_KEYS: &[&str] = &["format", "kind", "crawl", "schedule", "listing", "article"];

/// The family files of a selectors folder, by name.
#[derive(Debug, Clone, Default)]
pub struct Families {
    by_name: BTreeMap<String, Family>,
}

/// One family file, parsed.
#[derive(Debug, Clone)]
pub struct Family {
    /// The file.
    pub path: PathBuf,
    /// Its keys.
    pub table: Table,
}

impl Families {
    /// Reads every `*.toml` in `dir`; a missing folder is no families.
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Config`] naming the family file and key.
    pub fn load(dir: &Path) -> Result<Families> {
        let mut families = Families::default();
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(families),
            Err(e) => return Err(Error::io(dir, e)),
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            families.add(&path, &text)?;
        }
        Ok(families)
    }

    /// Adds the family file `path` (its stem is the family's name) with this text.
    ///
    /// # Errors
    /// [`Error::Config`] when the text is not TOML, its `format` is not this version's,
    /// or it sets a key that belongs to a site.
    pub fn add(&mut self, path: &Path, text: &str) -> Result<()> {
        let table = parse_table(path, text)?;
        match table.get("format") {
            Some(Value::Integer(n)) if *n == i64::from(FORMAT) => {}
            Some(other) => {
                return Err(config_error(path, "format", format!("format {other} is not supported; use {FORMAT}")))
            }
            None => return Err(config_error(path, "format", format!("a family file starts with `format = {FORMAT}`"))),
        }
        if let Some(key) = table.keys().find(|k| !FAMILY_KEYS.contains(&k.as_str())) {
            return Err(config_error(
                path,
                key,
                format!(
                    "a family file holds only what its sites share ({}); `{key}` belongs in each site's file",
                    FAMILY_KEYS.join(", ")
                ),
            ));
        }
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        self.by_name.insert(name, Family { path: path.to_path_buf(), table });
        Ok(())
    }

    /// The names of the families, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }

    /// What a site's `family` key refers to.
    ///
    /// # Errors
    /// [`Error::Config`] on the site's `family` key when it is not a string.
    pub fn of(&self, site_path: &Path, site: &Table) -> Result<Lineage<'_>> {
        let Some(value) = site.get("family") else { return Ok(Lineage::Standalone) };
        let Some(name) = value.as_str() else {
            return Err(config_error(site_path, "family", "the family is a name, e.g. `family = \"sharepoint\"`"));
        };
        Ok(self.by_name.get(name).map_or_else(|| Lineage::LabelOnly(name.to_string()), Lineage::Inherits))
    }

    /// Adds to an error about a site whose family has no file why the site may lack a
    /// key: it inherited nothing (a misspelt family, or a file copied without its family).
    #[must_use]
    pub fn note_missing(&self, error: Error, family: &str) -> Error {
        match error {
            Error::Config { path, key, message } => {
                let known = self.names().collect::<Vec<_>>();
                let mut note =
                    format!("family `{family}` has no file {FAMILIES_DIR}/{family}.toml, so nothing is inherited");
                if !known.is_empty() {
                    note = format!("{note}; {}", crate::text::unknown_choice("family", family, &known));
                }
                Error::Config { path, key, message: format!("{message} ({note})") }
            }
            other => other,
        }
    }
}

/// What a site's `family` key refers to.
#[derive(Debug, Clone)]
pub enum Lineage<'a> {
    /// The site names no family.
    Standalone,
    /// The family has a file: its keys are the site's defaults.
    Inherits(&'a Family),
    /// The family has no file: the name is only a label (format 1 allowed any), and
    /// the site must state every key itself.
    LabelOnly(String),
}

impl Family {
    /// Points an error about a merged source at the file its key came from: a key the
    /// site does not set came from the family.
    #[must_use]
    pub fn attribute(&self, error: Error, site_path: &Path, site: &Table) -> Error {
        match error {
            Error::Config { path, key, message } if path == site_path && key != "-" && !has_key(site, &key) => {
                Error::Config {
                    path: self.path.clone(),
                    key,
                    message: format!("{message} (inherited by {})", site_path.display()),
                }
            }
            other => other,
        }
    }
}

/// Whether a dotted key (`listing.links`, `article.exclude[1]`) is set in `table`.
fn has_key(table: &Table, key: &str) -> bool {
    let mut current = table;
    let mut parts = key.split('.').map(|p| p.split('[').next().unwrap_or(p)).peekable();
    while let Some(part) = parts.next() {
        match (current.get(part), parts.peek()) {
            (None, _) => return false,
            (Some(_), None) => return true,
            (Some(Value::Table(t)), Some(_)) => current = t,
            (Some(_), Some(_)) => return true,
        }
    }
    false
}

/// Parses a TOML file into a table; a syntax error names the line.
///
/// # Errors
/// [`Error::Config`] naming the file, the line and the problem.
pub fn parse_table(path: &Path, text: &str) -> Result<Table> {
    text.parse::<Table>().map_err(|e| {
        let key = e.span().map_or_else(
            || "-".to_string(),
            |s| format!("line {}", text.get(..s.start).map_or(0, |t| t.matches('\n').count()) + 1),
        );
        config_error(path, &key, e.message().to_string())
    })
}

/// `over` laid on `base`: tables merge key by key, any other value (a string, a list)
/// of `over` replaces `base`'s.
#[must_use]
pub fn merge(base: &Table, over: &Table) -> Table {
    let mut out = base.clone();
    for (key, value) in over {
        let merged = match (out.get(key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => Value::Table(merge(b, o)),
            _ => value.clone(),
        };
        out.insert(key.clone(), merged);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        parse_table(Path::new("t.toml"), text).expect("toml")
    }

    #[test]
    fn site_keys_override_family_keys_table_by_table() {
        let family = table("kind = \"provincial_portal\"\n[listing]\nlinks = \"a\"\nnext_page = \"a.next\"\n[article]\nexclude = [\"script\"]\n");
        let site = table("name = \"x\"\n[listing]\nlinks = \"h3 a\"\n[article]\nexclude = [\"figure\"]\n");
        let m = merge(&family, &site);
        assert_eq!(m["kind"].as_str(), Some("provincial_portal"));
        assert_eq!(m["listing"]["links"].as_str(), Some("h3 a"));
        assert_eq!(m["listing"]["next_page"].as_str(), Some("a.next"));
        assert_eq!(m["article"]["exclude"].as_array().map(Vec::len), Some(1));
        assert_eq!(m["name"].as_str(), Some("x"));
    }

    #[test]
    fn family_files_hold_only_shared_keys() {
        let mut f = Families::default();
        let e = f.add(Path::new("families/x.toml"), "format = 1\nprovince = \"Hà Nội\"\n").expect_err("site key");
        assert!(e.to_string().contains("families/x.toml: province"), "{e}");
        let e = f.add(Path::new("families/x.toml"), "[listing]\nlinks = \"a\"\n").expect_err("no format");
        assert!(e.to_string().contains("format"), "{e}");
        let e = f.add(Path::new("families/x.toml"), "format = 1\n[listing\n").expect_err("syntax");
        assert!(e.to_string().contains("families/x.toml: line 2"), "{e}");
        f.add(Path::new("families/x.toml"), "format = 1\n[listing]\nlinks = \"a\"\n").expect("good");
        assert_eq!(f.names().collect::<Vec<_>>(), ["x"]);
    }

    #[test]
    fn dotted_keys_are_looked_up() {
        let t = table("[listing]\nlinks = \"a\"\n[article]\nexclude = [\"a\", \"b\"]\n");
        assert!(has_key(&t, "listing.links"));
        assert!(has_key(&t, "article.exclude[1]"));
        assert!(!has_key(&t, "listing.next_page"));
        assert!(!has_key(&t, "crawl.delay"));
    }
}
