//! Tables that reached us flattened into text (a statistics page copied as plain text):
//! a header line of column names, an optional line splitting columns into count and
//! percentage, then rows of a label and numbers. Pure.
//!
//! ```text
//! Mức độ Tổng Đã xử lý Chưa xử lý Trước hạn Đúng hạn Trễ hạn
//! Tổng % Tổng % Tổng %
//! Mức 1, 2 268763 257141 11622 124907 48,6% 102770 40% 19852 7,7%
//! ```

use crate::extract::article::{Grid, GridCell, TableBlock};
use crate::extract::lexicon::{self, Hint};
use crate::extract::number::find_numbers;
use crate::extract::table::is_number_cell;
use crate::model::{Metric, Unit};
use std::cmp::Reverse;

/// One column of a flattened table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextColumn {
    /// What the column counts.
    pub hint: Hint,
    /// Count or percentage.
    pub unit: Unit,
    /// Named as a rate ("Tỷ lệ đúng hạn"), not the share split off a count ("Đúng hạn" /
    /// "%"): a bare on-time rate counts early dossiers too.
    pub rate: bool,
}

/// A column a header line names: what it counts, and whether it is a rate.
pub(crate) type HeaderColumn = (Hint, bool);

/// A header line: the columns it names, when it names at least three and holds no
/// figure, each with whether it is a rate ("Tỷ lệ đúng hạn (%)"). Each column's name
/// starts with a capital ("Tiếp nhận Trực tuyến Đã giải quyết …"), so two neighbours are
/// not read as one phrase ("tiếp nhận trực tuyến").
pub(crate) fn header_columns(line: &str) -> Option<Vec<HeaderColumn>> {
    // A header is a short line of names, not a sentence: most lines end here, cheaply.
    if line.len() > 300
        || line.trim_end().ends_with(['.', ':', ';'])
        || line.chars().filter(char::is_ascii_digit).count() > 6
    {
        return None;
    }
    let lower = lexicon::lower_in_place(line);
    if lower.contains("tthc") || lower.contains("thủ tục") {
        return None;
    }
    // Digits only inside names ("Mức độ 3"), never a figure.
    let phrases = lexicon::phrases_in_lower(&lower);
    if find_numbers(line).iter().any(|n| !phrases.iter().any(|p| n.start >= p.start && n.start < p.end)) {
        return None;
    }
    let mut columns = Vec::new();
    for name in capitalised_names(line) {
        let lower = lexicon::lower_in_place(name);
        let hint = lexicon::phrases_in_lower(&lower).into_iter().find(|p| p.hint != Hint::Nothing).map(|p| p.hint);
        // A bare "Tổng"/"Tổng số" heading is the total received.
        let hint = hint.or_else(|| matches!(name.trim_end_matches(':'), "Tổng" | "Tổng số").then_some(Hint::Received));
        if let Some(hint) = hint {
            columns.push((hint, lower.contains("tỷ lệ") || lower.contains("tỉ lệ") || lower.contains('%')));
        }
    }
    (columns.len() >= 3).then_some(columns)
}

/// The pieces of a header line that each start with a capital letter.
fn capitalised_names(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in line.match_indices(' ') {
        if line[i + 1..].starts_with(char::is_uppercase) {
            out.push(line[start..i].trim());
            start = i + 1;
        }
    }
    out.push(line[start..].trim());
    out.retain(|n| !n.is_empty());
    out
}

/// Tables the text writes with bars or tabs between cells ("STT | Đơn vị | Tiếp nhận |
/// …", Markdown's "| … |", a statistics page copied with its tabs): runs of two or more
/// lines with two separators or more each, as grids whose first line is the header, with
/// their spans in `body`. Lines inside `skip` (the page's own tables, already grids) are
/// left out.
pub(crate) fn bar_tables(body: &str, skip: &[(usize, usize)]) -> Vec<TableBlock> {
    let mut out = Vec::new();
    // The run being read, and its separator: each line's start, its length with the line
    // break, its text.
    let mut run: Vec<(usize, usize, &str)> = Vec::new();
    let mut separator = '|';
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        // Tabs and bars at the line's end are kept: they delimit cells.
        let text = line.trim_end_matches(['\n', '\r']);
        let two = |c: u8| text.bytes().filter(|&b| b == c).nth(1).is_some();
        let cut = if skip.iter().any(|&(a, b)| pos >= a && pos < b) {
            None
        } else {
            [b'|', b'\t'].into_iter().find(|&c| two(c)).map(char::from)
        };
        if cut.is_none_or(|c| c != separator) {
            out.extend(bar_grid(&std::mem::take(&mut run), separator));
        }
        if let Some(c) = cut {
            separator = c;
            run.push((pos, line.len(), text));
        }
        pos += line.len();
    }
    out.extend(bar_grid(&run, separator));
    out
}

fn bar_grid(run: &[(usize, usize, &str)], separator: char) -> Option<TableBlock> {
    let (&(start, _, _), &(last, last_len, _)) = (run.first()?, run.last()?);
    if run.len() < 2 {
        return None;
    }
    // Edge bars ("| a | b |") open and close every line; a blank first cell on one line
    // is an empty cell ("  | Tổng cộng | 6.874").
    let edge = |t: &str| t.trim_matches(' ').to_string();
    let lead = run.iter().all(|(_, _, t)| edge(t).starts_with(separator));
    let trail = run.iter().all(|(_, _, t)| edge(t).ends_with(separator));
    let mut rows: Vec<Vec<GridCell>> = Vec::new();
    for &(at, _, text) in run {
        let inner = text.trim_matches(' ');
        let inner = if lead { &inner[1..] } else { inner };
        let inner = if trail { &inner[..inner.len() - 1] } else { inner };
        let cells: Vec<&str> = inner.split(separator).map(str::trim).collect();
        // Markdown's rule under the header: "|---|:---:|".
        if cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
            continue;
        }
        let header = rows.is_empty();
        rows.push(
            cells.into_iter().map(|c| GridCell { text: c.to_string(), header, line: (at, at + text.len()) }).collect(),
        );
    }
    let width = rows.iter().map(Vec::len).max()?;
    for row in &mut rows {
        row.resize(width, GridCell::default());
    }
    Some(TableBlock { start, end: last + last_len, grid: Grid { caption: None, rows } })
}

/// A line of an aligned table: its start in the body, its length with the line break,
/// and its cells.
struct AlignedLine<'a> {
    at: usize,
    len: usize,
    text: &'a str,
    cells: Vec<AlignedCell<'a>>,
}

/// A cell of an aligned line: its first and past-the-end character columns (a copied
/// page keeps its columns aligned in characters, not bytes) and its text.
type AlignedCell<'a> = (usize, usize, &'a str);

/// A line's cells, where runs of two spaces or more part them.
fn aligned_cells(text: &str) -> Vec<AlignedCell<'_>> {
    let mut cells = Vec::new();
    // The open cell's first column and byte, the spaces since its last letter, and its end.
    let mut open: Option<(usize, usize)> = None;
    let mut spaces = 0;
    let mut end = (0, 0);
    for (col, (byte, c)) in text.char_indices().enumerate() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        match open {
            Some((first, from)) if spaces >= 2 => {
                cells.push((first, end.0, &text[from..end.1]));
                open = Some((col, byte));
            }
            None => open = Some((col, byte)),
            Some(_) => {}
        }
        spaces = 0;
        end = (col + 1, byte + c.len_utf8());
    }
    if let Some((first, from)) = open {
        cells.push((first, end.0, &text[from..end.1]));
    }
    cells
}

/// Tables a statistics page's text keeps aligned with runs of spaces: one or two header
/// lines of names standing over their columns, then rows of a label and numbers
/// ("1    Sở Tư pháp    3184    1207 …"). A second header line splits the first's groups
/// ("Tiếp nhận" over "Tổng số  Trực tuyến  Trực tiếp"); a group with no names under it
/// spans both lines. Lines inside `skip` (tables read already) are left out.
pub(crate) fn aligned_tables(body: &str, skip: &[(usize, usize)]) -> Vec<TableBlock> {
    let mut out = Vec::new();
    let (mut headers, mut rows): (Vec<AlignedLine>, Vec<AlignedLine>) = (Vec::new(), Vec::new());
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let at = pos;
        pos += line.len();
        let cells = if text.contains("  ") && !skip.iter().any(|&(a, b)| at >= a && at < b) {
            aligned_cells(text)
        } else {
            Vec::new()
        };
        let numbers = cells.iter().filter(|c| is_number_cell(c.2)).count();
        let aligned = AlignedLine { at, len: line.len(), text, cells };
        if numbers >= 2 && !headers.is_empty() {
            rows.push(aligned);
            continue;
        }
        out.extend(aligned_grid(&headers, &rows));
        if !rows.is_empty() {
            headers.clear();
            rows.clear();
        }
        if aligned.cells.len() >= 2 && numbers == 0 {
            // The two lines just above the rows are the header.
            if headers.len() == 2 {
                headers.remove(0);
            }
            headers.push(aligned);
        } else {
            headers.clear();
        }
    }
    out.extend(aligned_grid(&headers, &rows));
    out
}

fn aligned_grid(headers: &[AlignedLine], rows: &[AlignedLine]) -> Option<TableBlock> {
    let (first, names, last) = (headers.first()?, headers.last()?, rows.last()?);
    if rows.len() < 2 {
        return None;
    }
    // The columns: the character spans the rows' cells cover, merged where they overlap
    // (numbers aligned left or right).
    let mut spans: Vec<(usize, usize)> = rows.iter().flat_map(|r| r.cells.iter().map(|c| (c.0, c.1))).collect();
    spans.sort_unstable();
    let mut columns: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match columns.last_mut() {
            Some(column) if s < column.1 => column.1 = column.1.max(e),
            _ => columns.push((s, e)),
        }
    }
    let width = columns.len();
    // The column a cell stands over: the one it overlaps most, else the nearest.
    let column_of = |&(s, e, _): &AlignedCell| -> usize {
        (0..width)
            .max_by_key(|&i| {
                let (a, b) = columns[i];
                (e.min(b).saturating_sub(s.max(a)), Reverse(s.abs_diff(a)))
            })
            .unwrap_or(0)
    };
    let place = |line: &AlignedLine, header: bool| -> Vec<GridCell> {
        let mut cells =
            vec![GridCell { text: String::new(), header, line: (line.at, line.at + line.text.len()) }; width];
        for cell in &line.cells {
            let text = &mut cells[column_of(cell)].text;
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(cell.2);
        }
        cells
    };
    let mut grid_rows = Vec::new();
    let mut bottom = place(names, true);
    if headers.len() == 2 {
        // Each group spans the columns from the one it stands over to the next group's.
        let mut top = place(first, true);
        let starts: Vec<usize> = first.cells.iter().map(column_of).collect();
        for (k, &from) in starts.iter().enumerate() {
            let to = starts.get(k + 1).copied().unwrap_or(width).clamp(from + 1, width);
            let text = top[from].text.clone();
            for (i, cell) in top.iter_mut().enumerate().take(to).skip(from + 1) {
                cell.text.clone_from(&text);
                if bottom[i].text.is_empty() {
                    bottom[i].text.clone_from(&text);
                }
            }
            if bottom[from].text.is_empty() {
                bottom[from].text.clone_from(&text);
            }
        }
        grid_rows.push(top);
    }
    grid_rows.push(bottom);
    grid_rows.extend(rows.iter().map(|r| place(r, false)));
    Some(TableBlock { start: first.at, end: last.at + last.len, grid: Grid { caption: None, rows: grid_rows } })
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
pub(crate) fn expand(columns: &[HeaderColumn], split: usize) -> Vec<TextColumn> {
    let first_split = columns.len().saturating_sub(split);
    columns
        .iter()
        .enumerate()
        .flat_map(|(i, &(hint, rate))| {
            let count = TextColumn { hint, unit: if rate { Unit::Percent } else { Unit::Count }, rate };
            if i >= first_split {
                vec![count, TextColumn { hint, unit: Unit::Percent, rate: false }]
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
    // A row's values stand side by side at its end, apart only by spaces or bars; a
    // sentence after the table ("… mức độ 3, 4 là 23.960 hồ sơ (chiếm 45,8%).") is prose.
    let apart = |gap: &str| gap.chars().all(|c| c.is_whitespace() || c == '|');
    if !values.windows(2).all(|w| apart(&line[w[0].end..w[1].start]))
        || !apart(line[values[width - 1].end..].trim_end_matches('.'))
    {
        return None;
    }
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
    fn bars_and_tabs_make_grids() {
        let body = "Kết quả như sau:\n| STT | Đơn vị | Tiếp nhận |\n|---|---|---|\n| 1 | Sở Tư pháp | 2.341 |\n|  | Tổng cộng | 2.341 |\nHết.\nSTT\tĐơn vị\tTiếp nhận\n1\tUBND huyện Tuy An\t986\n";
        let tables = bar_tables(body, &[]);
        assert_eq!(tables.len(), 2);
        let texts = |t: &TableBlock| -> Vec<Vec<String>> {
            t.grid.rows.iter().map(|r| r.iter().map(|c| c.text.clone()).collect()).collect()
        };
        assert_eq!(
            texts(&tables[0]),
            [["STT", "Đơn vị", "Tiếp nhận"], ["1", "Sở Tư pháp", "2.341"], ["", "Tổng cộng", "2.341"]]
        );
        assert!(tables[0].grid.rows[0][0].header && !tables[0].grid.rows[1][0].header);
        assert_eq!(
            &body[tables[0].start..tables[0].end],
            "| STT | Đơn vị | Tiếp nhận |\n|---|---|---|\n| 1 | Sở Tư pháp | 2.341 |\n|  | Tổng cộng | 2.341 |\n"
        );
        assert_eq!(texts(&tables[1])[1], ["1", "UBND huyện Tuy An", "986"]);
        // A line with one bar is not a table's.
        assert!(bar_tables("Tin tức | Sự kiện\nA | B", &[]).is_empty());
        // The page's own tables are grids already.
        assert!(bar_tables(body, &[(0, body.len())]).is_empty());
    }

    #[test]
    fn aligned_columns_make_grids_with_their_two_header_lines() {
        let body = concat!(
            "Trang chủ   Thống kê   Hỏi đáp\n\n",
            "STT  Đơn vị          Tiếp nhận              Đã giải quyết        Đang giải quyết\n",
            "                     Tổng số   Trực tuyến   Tổng số   Trễ hạn\n",
            "1    Sở Tư pháp      3184      1207         3102      7          82\n",
            "2    Sở Xây dựng     562       18           540       0          22\n",
            "     Tổng cộng       3746      1225         3642      7          104\n",
            "Ghi chú: số liệu tự động.\n",
        );
        let tables = aligned_tables(body, &[]);
        assert_eq!(tables.len(), 1);
        let rows: Vec<Vec<&str>> =
            tables[0].grid.rows.iter().map(|r| r.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(
            rows[0],
            ["STT", "Đơn vị", "Tiếp nhận", "Tiếp nhận", "Đã giải quyết", "Đã giải quyết", "Đang giải quyết"]
        );
        assert_eq!(rows[1], ["STT", "Đơn vị", "Tổng số", "Trực tuyến", "Tổng số", "Trễ hạn", "Đang giải quyết"]);
        assert_eq!(rows[2], ["1", "Sở Tư pháp", "3184", "1207", "3102", "7", "82"]);
        assert_eq!(rows[4], ["", "Tổng cộng", "3746", "1225", "3642", "7", "104"]);
        assert!(body[tables[0].start..tables[0].end].starts_with("STT") && body[..tables[0].end].ends_with("104\n"));
        // Double spaces in prose, or a header over no rows, are no table.
        assert!(aligned_tables("Trung tâm tiếp nhận  3.215 hồ sơ,  giải quyết  3.106 hồ sơ.\nHết.", &[]).is_empty());
        assert!(aligned_tables(body, &[(0, body.len())]).is_empty());
    }

    #[test]
    fn a_sentence_after_a_table_is_not_a_row() {
        assert!(row(
            "Lũy kế, Trung tâm tiếp nhận 52.318 hồ sơ; số hồ sơ mức độ 3, 4 là 23.960 hồ sơ (chiếm 45,8%).",
            4
        )
        .is_none());
    }

    #[test]
    fn reads_a_flattened_table() {
        let cols = header_columns("Mức độ Tổng Đã xử lý Chưa xử lý Trước hạn Đúng hạn Trễ hạn").expect("header");
        assert_eq!(cols.len(), 6);
        assert_eq!(cols[0], (Hint::Received, false));
        let cols = header_columns("STT Đơn vị Tiếp nhận Đã giải quyết Trễ hạn Tỷ lệ đúng hạn (%)").expect("header");
        assert_eq!(cols.iter().map(|c| c.1).collect::<Vec<_>>(), [false, false, false, true]);
        let separate = header_columns("STT Đơn vị Tiếp nhận Trực tuyến Đã giải quyết Trễ hạn").expect("header");
        assert_eq!(separate[1], (Hint::Metric(Metric::ReceivedOnline), false));
        assert_eq!(separate[0], (Hint::Received, false));
        let cols = header_columns("Mức độ Tổng Đã xử lý Chưa xử lý Trước hạn Đúng hạn Trễ hạn").expect("header");
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
