//! Aligned text columns. Cells are padded by character count (not bytes), so
//! long names and the `█`/`×` characters still line up; trailing spaces are cut.

use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Rows of cells, rendered with two spaces between columns.
#[derive(Debug)]
pub struct Columns {
    aligns: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Columns {
    pub fn new(aligns: &[Align]) -> Self {
        Columns { aligns: aligns.to_vec(), rows: Vec::new() }
    }

    /// A table whose first row is `header`.
    pub fn with_header(aligns: &[Align], header: &[&str]) -> Self {
        let mut columns = Columns::new(aligns);
        columns.row(header.iter().map(ToString::to_string).collect());
        columns
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Appends the rows, each ending in a newline.
    pub fn render(&self, out: &mut String) {
        let widths = self.widths();
        for row in &self.rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let width = widths.get(i).copied().unwrap_or(0);
                let align = self.aligns.get(i).copied().unwrap_or(Align::Left);
                pad(&mut line, cell, width, align);
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = Vec::new();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                let len = cell.chars().count();
                match widths.get_mut(i) {
                    Some(width) => *width = (*width).max(len),
                    None => widths.push(len),
                }
            }
        }
        widths
    }
}

fn pad(line: &mut String, cell: &str, width: usize, align: Align) {
    let fill = " ".repeat(width.saturating_sub(cell.chars().count()));
    match align {
        Align::Left => {
            line.push_str(cell);
            line.push_str(&fill);
        }
        Align::Right => {
            line.push_str(&fill);
            line.push_str(cell);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_by_characters_and_trims_the_end() {
        let mut columns = Columns::with_header(&[Align::Left, Align::Right, Align::Left], &["NAME", "N", ""]);
        columns.row(vec!["a-very-long-name".into(), "3.00×".into(), "██".into()]);
        columns.row(vec!["b".into(), "1.0%".into(), String::new()]);
        let mut out = String::new();
        columns.render(&mut out);
        assert_eq!(out, "NAME                  N\na-very-long-name  3.00×  ██\nb                  1.0%\n");
    }
}
