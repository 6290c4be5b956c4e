//! Helpers shared by the integration tests: paths into the project, the gold-file
//! scorer (the same rules as `shared/eval/score.py`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The project folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The labelled real bulletins (a copy of `shared/eval/bulletins`: the texts, their
/// hand-made labels and INDEX.md).
pub fn eval_dir() -> PathBuf {
    root().join("tests").join("fixtures").join("bulletins")
}

/// Precision/recall counts of predicted against gold observations.
#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    pub tp: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Score {
    pub fn add(&mut self, other: Score) {
        self.tp += other.tp;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            if self.gold == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            self.tp as f64 / self.predicted as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn matches(g: &Value, p: &Value, strict: bool) -> bool {
    if g["metric"] != p["metric"] || g["unit"] != p["unit"] {
        return false;
    }
    let (Some(gv), Some(pv)) = (g["value"].as_f64(), p["value"].as_f64()) else { return false };
    let tol = if g["unit"] == "count" { 0.0 } else { 0.011 };
    if (gv - pv).abs() > tol + 1e-9 {
        return false;
    }
    if strict {
        if g["scope"].is_string() && g["scope"] != p["scope"] {
            return false;
        }
        for end in ["start", "end"] {
            let gd = &g["period"][end];
            if gd.is_string() && *gd != p["period"][end] {
                return false;
            }
        }
    }
    true
}

/// Scores one document the way `score.py` does: `other` is not scored, each gold
/// observation matches at most once.
pub fn score(gold: &Value, pred: &Value, strict: bool) -> Score {
    let scored = |v: &Value| -> Vec<Value> {
        v["observations"]
            .as_array()
            .map(|a| a.iter().filter(|o| o["metric"] != "other").cloned().collect())
            .unwrap_or_default()
    };
    let gobs = scored(gold);
    let pobs = scored(pred);
    let mut used = vec![false; gobs.len()];
    let mut tp = 0;
    for p in &pobs {
        if let Some(i) = (0..gobs.len()).find(|&i| !used[i] && matches(&gobs[i], p, strict)) {
            used[i] = true;
            tp += 1;
        }
    }
    Score { tp, predicted: pobs.len(), gold: gobs.len() }
}

/// Whether the predicted province agrees with the gold one (when the gold names one).
pub fn province_ok(gold: &Value, pred: &Value) -> Option<bool> {
    let g = gold["province"].as_str()?;
    Some(pred["province"].as_str().is_some_and(|p| p.trim().to_lowercase() == g.trim().to_lowercase()))
}

pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .expect("json")
}
