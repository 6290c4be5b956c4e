//! Tables that reached us flattened into text (a statistics page copied as plain text):
//! a header line of column names, an optional line splitting columns into count and
//! percentage, then rows of a label and numbers. Pure.
//!
//! ```text
//! Mức độ Tổng Đã xử lý Chưa xử lý Trước hạn Đúng hạn Trễ hạn
//! Tổng % Tổng % Tổng %
//! Mức 1, 2 268763 257141 11622 124907 48,6% 102770 40% 19852 7,7%
//! ```

use crate::extract::lexicon::{self, Hint};
use crate::extract::number::find_numbers;
use crate::model::{Metric, Unit};

/// One column of a flattened table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextColumn {
    /// What the column counts.
    pub hint: Hint,
    /// Count or percentage.
    pub unit: Unit,
}

/// A header line: the columns it names, when it names at least three and holds no figure.
pub(crate) fn header_columns(line: &str) -> Option<Vec<Hint>> {
    // A header is a short line of names, not a sentence: most lines end here, cheaply.
    if line.len() > 300
        || line.trim_end().ends_with(['.', ':', ';'])
        || line.chars().filter(char::is_ascii_digit).count() > 6
    {
        return None;
    }
    let lower = line.to_lowercase();
    if lower.contains("tthc") || lower.contains("thủ tục") {
        return None;
    }
    let phrases = lexicon::phrases(line);
    let mut columns: Vec<(usize, Hint)> =
        phrases.iter().filter(|p| p.hint != Hint::Nothing).map(|p| (p.start, p.hint)).collect();
    // A bare "Tổng"/"Tổng số" heading is the total received.
    let mut pos = 0;
    for word in line.split(' ') {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        let covered = phrases.iter().any(|p| pos >= p.start && pos < p.end);
        if !covered && (w == "Tổng" || w == "Tổng số") {
            columns.push((pos, Hint::Received));
        }
        pos += word.len() + 1;
    }
    columns.sort_by_key(|c| c.0);
    let digits_outside =
        find_numbers(line).iter().any(|n| !phrases.iter().any(|p| n.start >= p.start && n.start < p.end));
    (columns.len() >= 3 && !digits_outside).then(|| columns.into_iter().map(|c| c.1).collect())
}

/// A line splitting the last columns into count and percentage ("Tổng % Tổng %"): how
/// many columns it splits.
pub(crate) fn split_line(line: &str) -> Option<usize> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let percents = words.iter().filter(|w| **w == "%").count();
    let all_known =
        words.iter().all(|w| matches!(*w, "%" | "Tổng" | "Số" | "lượng" | "SL" | "Hồ" | "sơ" | "Tỷ" | "lệ"));
    (percents > 0 && all_known).then_some(percents)
}

/// The columns once the last `split` of them are each a count and a percentage.
pub(crate) fn expand(columns: &[Hint], split: usize) -> Vec<TextColumn> {
    let first_split = columns.len().saturating_sub(split);
    columns
        .iter()
        .enumerate()
        .flat_map(|(i, &hint)| {
            let count = TextColumn { hint, unit: Unit::Count };
            if i >= first_split {
                vec![count, TextColumn { hint, unit: Unit::Percent }]
            } else {
                vec![count]
            }
        })
        .collect()
}

/// A data row: its label and its values, when it has at least as many numbers as
/// columns (numbers in the label, "Mức 1, 2", come first).
pub(crate) fn row(line: &str, width: usize) -> Option<(String, Vec<(f64, bool)>)> {
    let numbers = find_numbers(line);
    if numbers.len() < width || width == 0 {
        return None;
    }
    let values = &numbers[numbers.len() - width..];
    let label = line[..values[0].start].trim().trim_end_matches([',', ':']).to_string();
    if label.is_empty() || !label.chars().any(char::is_alphabetic) {
        return None;
    }
    Some((label, values.iter().map(|n| (n.value, n.percent)).collect()))
}

/// The metric of a total column in a row labelled by service level ("Mức 3": the online
/// dossiers at level 3).
pub(crate) fn level_metric(label: &str, hint: Hint) -> Option<Metric> {
    if hint != Hint::Received {
        return None;
    }
    let lower = label.to_lowercase();
    let level = lower.strip_prefix("mức độ").or_else(|| lower.strip_prefix("mức"))?.trim();
    match level {
        "3" => Some(Metric::OnlineLevel3),
        "4" => Some(Metric::OnlineLevel4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_flattened_table() {
        let cols = header_columns("Mức độ Tổng Đã xử lý Chưa xử lý Trước hạn Đúng hạn Trễ hạn").expect("header");
        assert_eq!(cols.len(), 6);
        assert_eq!(cols[0], Hint::Received);
        let split = split_line("Tổng % Tổng % Tổng %").expect("split");
        let expanded = expand(&cols, split);
        assert_eq!(expanded.len(), 9);
        let (label, values) = row("Mức 1, 2 268763 257141 11622 124907 48,6% 102770 40% 19852 7,7%", 9).expect("row");
        assert_eq!(label, "Mức 1, 2");
        assert_eq!(values[4], (48.6, true));
        assert_eq!(level_metric("Mức 3", Hint::Received), Some(Metric::OnlineLevel3));
        assert!(header_columns("Mức độ 1 Mức độ 2 Mức độ 3 Mức độ 4 TTHC").is_none());
    }
}
