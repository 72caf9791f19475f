//! Composite resolutions (parts A, B ... under one number, each with its own
//! title, formula and paragraphs) are recognised and refused: reading them as
//! one resolution would leave parts out.

use super::Line;
use super::header::{Header, is_formula};

/// A part letter alone on its line (`A`, `B`).
fn part_letter(text: &str) -> Option<char> {
    let t = text.trim();
    let mut chars = t.chars();
    let c = chars.next()?;
    (chars.next().is_none() && c.is_ascii_uppercase()).then_some(c)
}

/// The first part letter of a composite resolution, with its line number: a
/// letter alone on its line between the title line and the first formula,
/// or at most three lines of text before a later formula.
pub fn find(lines: &[Line], head: &Header) -> Option<(usize, char)> {
    let title = lines.iter().position(|l| l.no == head.title_line)?;
    let first = lines[title + 1..head.body]
        .iter()
        .find_map(|l| part_letter(&l.text).map(|c| (l.no, c)));
    first.or_else(|| {
        (head.body + 1..lines.len())
            .filter(|&i| is_formula(&lines[i].text))
            .find_map(|f| letter_before(&lines[head.body + 1..f]))
    })
}

fn letter_before(lines: &[Line]) -> Option<(usize, char)> {
    lines
        .iter()
        .rev()
        .filter(|l| !l.text.trim().is_empty())
        .take(4)
        .find_map(|l| part_letter(&l.text).map(|c| (l.no, c)))
}
