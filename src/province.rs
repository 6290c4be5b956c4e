//! The province registry: the 63 provinces before 2025-07-01 and the 34 after, their
//! aliases, and the merger lineage. Loaded from `data/provinces.toml`, embedded in the
//! binary. Pure: no I/O.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::model::{Era, ProvinceCode};
use crate::text::{closest, fold};

/// One province of one era.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    /// Era and GSO code.
    pub code: ProvinceCode,
    /// Official name, with diacritics ("Bắc Kạn").
    pub name: String,
    /// "Tỉnh" or "Thành phố".
    pub kind: String,
    /// Other spellings found in bulletins.
    pub aliases: Vec<String>,
    /// For a pre-2025 province: the post-2025 province it became part of.
    pub merged_into: Option<ProvinceCode>,
    /// For a post-2025 province: the pre-2025 provinces it was formed from.
    pub merged_from: Vec<ProvinceCode>,
}

/// A province named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The words as written.
    pub surface: String,
    /// Byte offset in the text.
    pub start: usize,
    /// Byte offset just past the mention.
    pub end: usize,
    /// Every province (of either era) the words can name.
    pub codes: Vec<ProvinceCode>,
}

/// A name that names no province, with the closest names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct UnknownProvince {
    /// What was given.
    pub input: String,
    /// The message, with suggestions.
    pub message: String,
}

/// All provinces of both eras, with name lookup.
#[derive(Debug)]
pub struct Registry {
    provinces: Vec<Province>,
    by_key: HashMap<String, Vec<usize>>,
    in_text: Regex,
    surface_to: HashMap<String, Vec<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: u32,
    province: Vec<RawProvince>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvince {
    era: String,
    code: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    merged_into: Option<String>,
    #[serde(default)]
    merged_from: Vec<String>,
    #[allow(dead_code)] // kept in the file for the statistics gateway; read by a later adapter
    dvc_authority_id: Option<String>,
}

/// The embedded registry file.
pub const PROVINCES_TOML: &str = include_str!("../data/provinces.toml");

/// Names that are also ordinary words or people's names, so they count in running text
/// only with a prefix ("Hồ Chí Minh" is also the president's name).
const NEEDS_PREFIX_IN_TEXT: &[&str] = &["Hồ Chí Minh", "Ho Chi Minh"];

impl Registry {
    /// The registry built into the binary.
    ///
    /// # Panics
    /// Never in practice: the embedded file is checked by this module's tests.
    #[must_use]
    #[allow(clippy::expect_used)]
    pub fn builtin() -> &'static Registry {
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        REGISTRY.get_or_init(|| Registry::parse(PROVINCES_TOML).expect("data/provinces.toml is valid (tested)"))
    }

    /// Parses a registry file in the format of `data/provinces.toml`.
    ///
    /// # Errors
    /// A message naming the entry and the problem.
    pub fn parse(toml_text: &str) -> Result<Registry, String> {
        let raw: RawFile = toml::from_str(toml_text).map_err(|e| format!("provinces file: {e}"))?;
        if raw.format != 1 {
            return Err(format!("provinces file: format {} is not supported (expected 1)", raw.format));
        }
        let era_of = |s: &str| match s {
            "63" => Ok(Era::Pre2025),
            "34" => Ok(Era::Post2025),
            other => Err(format!("provinces file: era `{other}` (expected \"63\" or \"34\")")),
        };
        let code_in = |era: Era, s: &str| -> Result<ProvinceCode, String> {
            s.parse::<u8>()
                .map(|gso| ProvinceCode { era, gso })
                .map_err(|_| format!("provinces file: code `{s}` is not a number"))
        };
        let mut provinces = Vec::with_capacity(raw.province.len());
        for p in raw.province {
            let era = era_of(&p.era)?;
            let merged_into = p.merged_into.as_deref().map(|c| code_in(Era::Post2025, c)).transpose()?;
            let merged_from = p.merged_from.iter().map(|c| code_in(Era::Pre2025, c)).collect::<Result<_, _>>()?;
            provinces.push(Province {
                code: code_in(era, &p.code)?,
                name: crate::text::nfc(&p.name),
                kind: p.kind,
                aliases: p.aliases.iter().map(|a| crate::text::nfc(a)).collect(),
                merged_into,
                merged_from,
            });
        }
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut surface_to: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in provinces.iter().enumerate() {
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                let entry = by_key.entry(name_key(name)).or_default();
                if !entry.contains(&i) {
                    entry.push(i);
                }
                let surfaces = if NEEDS_PREFIX_IN_TEXT.contains(&name.as_str()) {
                    vec![
                        format!("TP. {name}"),
                        format!("TP.{name}"),
                        format!("TP {name}"),
                        format!("thành phố {name}"),
                        format!("Thành phố {name}"),
                        // A banner in capitals, title-cased ("THÀNH PHỐ HỒ CHÍ MINH").
                        format!("Thành Phố {name}"),
                    ]
                } else {
                    vec![name.clone()]
                };
                for s in surfaces {
                    let entry = surface_to.entry(s).or_default();
                    if !entry.contains(&i) {
                        entry.push(i);
                    }
                }
            }
        }
        let mut surfaces: Vec<&String> = surface_to.keys().collect();
        surfaces.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        let alternation = surfaces.iter().map(|s| regex::escape(s)).collect::<Vec<_>>().join("|");
        // Word boundaries are checked by hand: a Unicode `\b` keeps the regex off its fast
        // engines on Vietnamese text.
        let in_text = regex::RegexBuilder::new(&format!(r"(?:{alternation})"))
            .size_limit(64 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|e| format!("provinces file: {e}"))?;
        Ok(Registry { provinces, by_key, in_text, surface_to })
    }

    /// Every province of both eras.
    #[must_use]
    pub fn all(&self) -> &[Province] {
        &self.provinces
    }

    /// The provinces of one era, in GSO-code order.
    pub fn of_era(&self, era: Era) -> impl Iterator<Item = &Province> {
        self.provinces.iter().filter(move |p| p.code.era == era)
    }

    /// The province with this code.
    #[must_use]
    pub fn get(&self, code: ProvinceCode) -> Option<&Province> {
        self.provinces.iter().find(|p| p.code == code)
    }

    /// The official name of a code, or the code itself if unknown.
    #[must_use]
    pub fn name(&self, code: ProvinceCode) -> String {
        self.get(code).map_or_else(|| code.to_string(), |p| p.name.clone())
    }

    /// Every province (of either era) a name can mean, matched without diacritics,
    /// case or prefixes ("tỉnh", "thành phố", "TP.").
    ///
    /// # Errors
    /// [`UnknownProvince`] with the closest names.
    pub fn resolve(&self, name: &str) -> Result<Vec<ProvinceCode>, UnknownProvince> {
        match self.by_key.get(&name_key(name)) {
            Some(ids) if !ids.is_empty() => Ok(ids.iter().map(|&i| self.provinces[i].code).collect()),
            _ => {
                let names: Vec<&str> = self.provinces.iter().map(|p| p.name.as_str()).collect();
                let near = closest(name, &names, 3);
                let message = if near.is_empty() {
                    format!("unknown province `{name}`; `dvcrank provinces` lists them all")
                } else {
                    format!(
                        "unknown province `{name}`; did you mean {}? (`dvcrank provinces` lists them all)",
                        near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    )
                };
                Err(UnknownProvince { input: name.to_string(), message })
            }
        }
    }

    /// The province a name means in one era. A pre-2025 name asked for in the
    /// 34-province era gives the province it merged into.
    ///
    /// # Errors
    /// [`UnknownProvince`] with the closest names.
    pub fn resolve_in(&self, name: &str, era: Era) -> Result<ProvinceCode, UnknownProvince> {
        let codes = self.resolve(name)?;
        if let Some(code) = codes.iter().find(|c| c.era == era) {
            return Ok(*code);
        }
        match era {
            Era::Post2025 => Ok(codes.iter().find_map(|c| self.successor(*c)).unwrap_or(codes[0])),
            // A post-2025 name in the old era is not one province; keep the post code.
            Era::Pre2025 => Ok(codes[0]),
        }
    }

    /// The post-2025 province a code belongs to (itself for a post-2025 code).
    #[must_use]
    pub fn successor(&self, code: ProvinceCode) -> Option<ProvinceCode> {
        match code.era {
            Era::Post2025 => Some(code),
            Era::Pre2025 => self.get(code).and_then(|p| p.merged_into),
        }
    }

    /// The pre-2025 provinces a post-2025 province was formed from.
    #[must_use]
    pub fn predecessors(&self, code: ProvinceCode) -> Vec<ProvinceCode> {
        match code.era {
            Era::Pre2025 => vec![code],
            Era::Post2025 => self.get(code).map(|p| p.merged_from.clone()).unwrap_or_default(),
        }
    }

    /// Province names in running text, case-sensitive (names are capitalised; "hòa
    /// bình" is "peace"), in order of appearance.
    #[must_use]
    pub fn find_in_text(&self, text: &str) -> Vec<Mention> {
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        self.in_text
            .find_iter(text)
            .filter(|m| !word(text[..m.start()].chars().next_back()) && !word(text[m.end()..].chars().next()))
            .map(|m| Mention {
                surface: m.as_str().to_string(),
                start: m.start(),
                end: m.end(),
                codes: self
                    .surface_to
                    .get(m.as_str())
                    .map(|ids| ids.iter().map(|&i| self.provinces[i].code).collect())
                    .unwrap_or_default(),
            })
            .collect()
    }
}

/// The lookup key of a name: folded, punctuation as spaces, prefixes removed.
fn name_key(name: &str) -> String {
    let folded = fold(name);
    let spaced: String = folded.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut words: Vec<&str> = spaced.split_whitespace().collect();
    loop {
        match words.as_slice() {
            ["tinh" | "tp", rest @ ..] if !rest.is_empty() => words = rest.to_vec(),
            ["thanh", "pho", rest @ ..] if !rest.is_empty() => words = rest.to_vec(),
            _ => break,
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> &'static Registry {
        Registry::builtin()
    }

    #[test]
    fn registry_has_both_eras() {
        assert_eq!(reg().of_era(Era::Pre2025).count(), 63);
        assert_eq!(reg().of_era(Era::Post2025).count(), 34);
    }

    #[test]
    fn every_name_and_alias_resolves_to_its_province() {
        for p in reg().all() {
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                let codes = reg().resolve(name).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(codes.contains(&p.code), "{name} should name {}", p.code);
                assert_eq!(reg().resolve_in(name, p.code.era).ok(), Some(p.code), "{name} in {:?}", p.code.era);
                let unaccented = fold(name);
                assert!(reg().resolve(&unaccented).is_ok_and(|c| c.contains(&p.code)), "{unaccented}");
            }
        }
    }

    #[test]
    fn prefixes_and_spellings() {
        let hcm = ProvinceCode { era: Era::Pre2025, gso: 79 };
        for name in ["TP. Hồ Chí Minh", "TP.HCM", "thành phố Hồ Chí Minh", "Ho Chi Minh"] {
            assert_eq!(reg().resolve_in(name, Era::Pre2025).ok(), Some(hcm), "{name}");
        }
        let brvt = ProvinceCode { era: Era::Pre2025, gso: 77 };
        for name in ["Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu", "tỉnh Bà Rịa – Vũng Tàu", "ba ria vung tau"]
        {
            assert_eq!(reg().resolve_in(name, Era::Pre2025).ok(), Some(brvt), "{name}");
        }
        let hue_old = ProvinceCode { era: Era::Pre2025, gso: 46 };
        assert_eq!(reg().resolve_in("Huế", Era::Pre2025).ok(), Some(hue_old));
        assert_eq!(
            reg().resolve_in("Thừa Thiên Huế", Era::Post2025).ok(),
            Some(ProvinceCode { era: Era::Post2025, gso: 46 })
        );
    }

    #[test]
    fn merger_lineage() {
        let bac_kan = reg().resolve_in("Bắc Kạn", Era::Pre2025).expect("known");
        let thai_nguyen = ProvinceCode { era: Era::Post2025, gso: 19 };
        assert_eq!(reg().successor(bac_kan), Some(thai_nguyen));
        assert_eq!(reg().resolve_in("Bắc Kạn", Era::Post2025).ok(), Some(thai_nguyen));
        let from = reg().predecessors(thai_nguyen);
        assert_eq!(from.len(), 2);
        assert!(from.contains(&bac_kan));
        for p in reg().of_era(Era::Pre2025) {
            assert!(p.merged_into.is_some_and(|c| reg().get(c).is_some()), "{} has a successor", p.name);
        }
        let total: usize = reg().of_era(Era::Post2025).map(|p| p.merged_from.len()).sum();
        assert_eq!(total, 63);
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let err = reg().resolve("Bac Kann").expect_err("unknown");
        assert!(err.message.contains("Bắc Kạn"), "{}", err.message);
    }

    #[test]
    fn mentions_in_text() {
        let text = "Học tập tấm gương Hồ Chí Minh. UBND tỉnh Lạng Sơn và TP.HCM; hòa bình.";
        let found: Vec<String> = reg().find_in_text(text).into_iter().map(|m| m.surface).collect();
        assert_eq!(found, vec!["Lạng Sơn", "TP.HCM"]);
    }
}
