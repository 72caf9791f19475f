//! Diagnostics: problems that carry their place (file, line, column) and a fix.
//!
//! Every stage collects its problems into [`Diagnostics`] instead of stopping at
//! the first one, so that a build reports everything that is wrong at once, the
//! way rustc does.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a file, 1-based like editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }

    /// The position of byte `offset` in `text`; columns count characters.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Pos { line, column }
    }
}

/// Where each line of a text starts, to turn many offsets into positions
/// without counting lines from the top each time (a file of 50,000
/// paragraphs would take quadratic time).
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex(starts)
    }

    /// The same as [`Pos::of_offset`] on the indexed `text`.
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.0.partition_point(|&s| s <= offset);
        let start = self.0.get(line.saturating_sub(1)).copied().unwrap_or(0);
        Pos {
            line,
            column: text[start..offset].chars().count() + 1,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: Option<PathBuf>,
    pub pos: Option<Pos>,
    pub message: String,
    /// The offending source line, shown under the location.
    pub snippet: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            pos: None,
            message: message.into(),
            snippet: None,
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, pos: Pos) -> Self {
        self.pos = Some(pos);
        self
    }

    /// Sets the position and takes the snippet from that line of `source`.
    pub fn at_in(self, source: &str, pos: Pos) -> Self {
        let snippet = source
            .lines()
            .nth(pos.line.saturating_sub(1))
            .map(|l| l.trim_end().to_string());
        let mut d = self.at(pos);
        d.snippet = snippet;
        d
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column` as far as it is known.
    pub fn location(&self) -> Option<String> {
        let path = self.path.as_ref()?.display().to_string();
        Some(match self.pos {
            Some(p) => format!("{path}:{}:{}", p.line, p.column),
            None => path,
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{kind}: {}", self.message)?;
        if let Some(loc) = self.location() {
            writeln!(f, "  --> {loc}")?;
        }
        if let (Some(snippet), Some(pos)) = (&self.snippet, self.pos) {
            let num = pos.line.to_string();
            let pad = " ".repeat(num.len());
            let caret = " ".repeat(pos.column.saturating_sub(1));
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {snippet}")?;
            writeln!(f, "{pad} | {caret}^")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// All problems found by a stage, kept in a stable order.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file and position so output does not depend on thread timing.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.path, a.pos, a.severity, &a.message).cmp(&(&b.path, b.pos, b.severity, &b.message)));
        self.0.dedup();
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let (e, w) = (self.error_count(), self.warning_count());
        if e > 0 {
            let plural = if e == 1 { "" } else { "s" };
            write!(f, "error: build failed with {e} error{plural}")?;
            if w > 0 {
                write!(f, " and {w} warning{}", if w == 1 { "" } else { "s" })?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "ab\ncé d\n";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, 3), Pos::new(2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(Pos::of_offset(text, 6), Pos::new(2, 3));
    }

    #[test]
    fn the_line_index_agrees_with_counting() {
        let text = "ab\ncé d\n\n\nxyz";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.pos(text, offset), Pos::of_offset(text, offset), "offset {offset}");
        }
    }

    #[test]
    fn display_shows_location_snippet_and_help() {
        let d = Diagnostic::error("bad thing")
            .in_file("content/x.md")
            .at_in("one\ntwo three\n", Pos::new(2, 5))
            .help("do better");
        assert_eq!(
            d.to_string(),
            "error: bad thing\n  --> content/x.md:2:5\n  |\n2 | two three\n  |     ^\n  = help: do better\n"
        );
    }
}
