//! Control characters in content files: removed before parsing, each with a
//! warning at its place, so that none reaches HTML, JSON or XML.
//!
//! XML 1.0 cannot hold C0 controls other than tab and line ends, nor U+FFFE
//! and U+FFFF; in HTML they are parse errors; and the renderer uses U+0000
//! as its own stand-in for the path to the site root. Removing them once,
//! here, keeps every later stage free of them.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use std::borrow::Cow;
use std::path::Path;

/// Warnings given one by one per file; past this, one more sums up the
/// rest (a binary file renamed `.md` would otherwise print thousands).
const MAX_WARNINGS: usize = 20;

/// Whether `c` is removed from content: C0 and C1 controls (tab and line
/// ends excepted, as text needs them) and the noncharacters U+FFFE and
/// U+FFFF.
pub fn is_removed(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// `text` without control characters, and a warning for each one removed.
/// The text is borrowed as it is when it has none (the usual case).
pub fn strip<'t>(path: &Path, text: &'t str) -> (Cow<'t, str>, Diagnostics) {
    let mut diags = Diagnostics::new();
    if !text.contains(is_removed) {
        return (Cow::Borrowed(text), diags);
    }
    let mut clean = String::with_capacity(text.len());
    let (mut line, mut column, mut removed) = (1, 1, 0usize);
    for (i, c) in text.char_indices() {
        if is_removed(c) {
            removed += 1;
            if removed <= MAX_WARNINGS {
                diags.push(warning(path, text, i, Pos::new(line, column), c));
            }
        } else {
            clean.push(c);
        }
        (line, column) = if c == '\n' { (line + 1, 1) } else { (line, column + 1) };
    }
    if removed > MAX_WARNINGS {
        let more = removed - MAX_WARNINGS;
        diags.push(
            Diagnostic::warning(format!("{more} more control characters were removed from this file"))
                .in_file(path)
                .help("is this a text file? control characters have no place in a resolution's text"),
        );
    }
    (Cow::Owned(clean), diags)
}

/// The warning for the control character `c` at byte `offset`, at `pos`.
fn warning(path: &Path, text: &str, offset: usize, pos: Pos, c: char) -> Diagnostic {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let mut d = Diagnostic::warning(format!("a control character U+{:04X} was removed", c as u32))
        .in_file(path)
        .at(pos)
        .help("control characters cannot be shown in HTML or written to XML; delete it (your editor may not show it)");
    d.snippet = Some(visible(&text[start..end]));
    d
}

/// A line as a terminal may print it: each control character shown as its
/// Unicode picture (␀, ␇ ...), one column wide like the character it stands
/// for, so that the caret still points at it.
pub fn visible(line: &str) -> String {
    line.chars()
        .map(|c| match c as u32 {
            n @ 0..=0x1f if c != '\t' => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
            0x7f => '\u{2421}',
            _ if is_removed(c) => '\u{fffd}',
            _ => c,
        })
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_go_and_each_is_placed() {
        let (clean, diags) = strip(Path::new("x.md"), "ab\ncd\u{0}e\u{7}\tf\u{ffff}\n");
        assert_eq!(clean, "ab\ncde\tf\n");
        let places: Vec<_> = diags.iter().map(|d| (d.pos, d.message.clone())).collect();
        assert_eq!(
            places,
            [
                (
                    Some(Pos::new(2, 3)),
                    "a control character U+0000 was removed".to_string()
                ),
                (
                    Some(Pos::new(2, 5)),
                    "a control character U+0007 was removed".to_string()
                ),
                (
                    Some(Pos::new(2, 8)),
                    "a control character U+FFFF was removed".to_string()
                ),
            ]
        );
        assert_eq!(
            diags.iter().next().and_then(|d| d.snippet.as_deref()),
            Some("cd␀e␇\tf\u{fffd}")
        );
        assert!(!diags.has_errors());
    }

    #[test]
    fn clean_text_is_borrowed() {
        let (clean, diags) = strip(Path::new("x.md"), "é\ttab\n");
        assert!(matches!(clean, Cow::Borrowed(_)));
        assert!(diags.is_empty());
    }

    #[test]
    fn many_controls_are_summed_up() {
        let (_, diags) = strip(Path::new("x.md"), &"\u{1}".repeat(25));
        assert_eq!(diags.iter().count(), MAX_WARNINGS + 1);
        assert!(
            diags
                .iter()
                .any(|d| d.message == "5 more control characters were removed from this file")
        );
    }
}
