//! Footnote markers: finding, for every defined footnote, the digits in the
//! text that refer to it, and telling them from the numbers of the text
//! (years, dates, "paragraph 2", "vol. 2225", symbols).
//!
//! The document says a lot: footnotes are numbered 1, 2, 3 ... in order of
//! first reference, and a footnote is printed at the foot of the page that
//! refers to it. So the first marker of note k lies after the first marker of
//! note k − 1 and before the block that defines k; within that stretch the
//! candidate that is glued the way superscripts are glued wins.

use super::layout::FootnoteDef;
use super::segment::{Cuts, Para};

/// A marker found: the byte range of its digits (and of the space before a
/// spaced marker) in paragraph `para`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub para: usize,
    pub start: usize,
    pub end: usize,
    pub number: u32,
}

/// Something the importer is unsure of, with the source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubt {
    pub line: usize,
    pub message: String,
}

/// Words after which a number is the text's own ("the 2022 Group 6" may
/// still hold a marker when nothing else fits: see [`after_counted_word`]).
const COUNTED: &[&str] = &[
    "part",
    "parts",
    "principle",
    "principles",
    "goal",
    "goals",
    "target",
    "targets",
    "table",
    "figure",
    "amendment",
    "protocol",
    "phase",
    "level",
    "first",
    "last",
    "recommendation",
    "recommendations",
    "step",
    "option",
    "objective",
    "priority",
    "pillar",
    "cluster",
    "group",
    "module",
    "cycle",
    "track",
    "tier",
    "category",
    "class",
    "grade",
    "number",
    "stage",
    "round",
    "year",
    "years",
    "term",
    "version",
];

/// Whether a number after `word` (lower case) is the text's own.
fn counted(word: &str) -> bool {
    REFERRING.contains(&word) || COUNTED.contains(&word)
}

/// Abbreviations that a number follows without a space.
const ABBREVIATIONS: &[&str] = &[
    "rev", "add", "corr", "no", "nos", "vol", "vols", "para", "paras", "chap", "sect", "p", "pp", "art", "suppl",
    "amend", "ser", "inf", "misc", "wp", "l", "c", "res", "dec", "sess",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How sure a candidate is, higher is surer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// "the 2022 Group 6 to provide": alone after a word that can take a
    /// number; a marker only when the sequence leaves no other place.
    Counted,
    /// "Court 1 which": a number standing alone after a word.
    Spaced,
    /// "2010,6", "20064": glued to a number.
    AfterNumber,
    /// "Corruption3", "property,7", "(2005)3": glued the way superscripts are.
    Glued,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    para: usize,
    start: usize,
    end: usize,
    strength: Strength,
}

type Pos = (usize, usize);

/// Finds the markers of all `notes` in `paras`; `cuts[b]` is where block `b` stood.
pub fn find(paras: &[Para], cuts: &Cuts, notes: &[FootnoteDef]) -> (Vec<Marker>, Vec<Doubt>) {
    let mut markers: Vec<Marker> = Vec::new();
    let mut doubts = Vec::new();
    let mut after: Pos = (0, 0);
    let mut prev_block: Pos = (0, 0);
    for (idx, note) in notes.iter().enumerate() {
        let block = cuts.get(note.block).copied().unwrap_or((paras.len(), 0));
        // The page of note k starts where the previous page's block stood.
        let page_start = if idx > 0 && notes[idx - 1].block != note.block {
            prev_block
        } else {
            (0, 0)
        };
        let lo = after.max(page_start);
        let mut found = candidates(paras, note.number, lo, block);
        if found.is_empty() {
            // Fall back to anywhere after the previous marker.
            found = candidates(paras, note.number, after, (paras.len(), 0));
            if let Some(c) = found.first() {
                doubts.push(Doubt {
                    line: paras[c.para].line_at(c.start),
                    message: format!(
                        "the marker of footnote {} is not on the page of its footnote; taken to be the `{}` here",
                        note.number, note.number
                    ),
                });
            }
        }
        let best = found.iter().map(|c| c.strength).max();
        let top: Vec<&Candidate> = found.iter().filter(|c| Some(c.strength) == best).collect();
        match top.first() {
            Some(c) => {
                if c.strength == Strength::Counted {
                    doubts.push(Doubt {
                        line: paras[c.para].line_at(c.start),
                        message: format!(
                            "footnote {}: the only place for its marker is the number after a word that can take one; taken to be the marker",
                            note.number
                        ),
                    });
                }
                if top.len() > 1 {
                    doubts.push(Doubt {
                        line: paras[c.para].line_at(c.start),
                        message: format!(
                            "footnote {}: {} places could be its marker; taken to be the first",
                            note.number,
                            top.len()
                        ),
                    });
                }
                markers.push(Marker {
                    para: c.para,
                    start: c.start,
                    end: c.end,
                    number: note.number,
                });
                after = (c.para, c.end);
            }
            None => {
                // No marker at all: attach the note where its page ended.
                let (para, offset) = block;
                let para = para.min(paras.len().saturating_sub(1));
                let offset = offset.min(paras.get(para).map_or(0, |p| p.text.len()));
                doubts.push(Doubt {
                    line: note.line,
                    message: format!(
                        "no marker found for footnote {}; it is attached at the end of the text before its footnote block",
                        note.number
                    ),
                });
                markers.push(Marker {
                    para,
                    start: offset,
                    end: offset,
                    number: note.number,
                });
            }
        }
        prev_block = block;
    }
    repeats(paras, &mut markers);
    markers.sort_by_key(|m| (m.para, m.start));
    (markers, doubts)
}

/// Later references to a note already given (UN texts repeat the number):
/// only markers glued the way superscripts are count.
fn repeats(paras: &[Para], markers: &mut Vec<Marker>) {
    let firsts: Vec<Marker> = markers.clone();
    for first in &firsts {
        let found = candidates(paras, first.number, (first.para, first.end), (paras.len(), 0));
        for c in found.into_iter().filter(|c| c.strength == Strength::Glued) {
            let taken = markers
                .iter()
                .any(|m| m.para == c.para && m.start < c.end && c.start < m.end.max(m.start + 1));
            if !taken {
                markers.push(Marker {
                    para: c.para,
                    start: c.start,
                    end: c.end,
                    number: first.number,
                });
            }
        }
    }
}

/// All places between `lo` and `hi` where `n` could be a footnote marker.
fn candidates(paras: &[Para], n: u32, lo: Pos, hi: Pos) -> Vec<Candidate> {
    let digits = n.to_string();
    let mut out = Vec::new();
    for (pi, para) in paras
        .iter()
        .enumerate()
        .skip(lo.0)
        .take((hi.0 + 1).saturating_sub(lo.0))
    {
        let text = &para.text;
        let mut from = 0;
        while let Some(i) = text[from..].find(&digits) {
            let start = from + i;
            let end = start + digits.len();
            from = start + 1;
            let pos = (pi, start);
            if pos < lo || (pi, end) > hi {
                continue;
            }
            if let Some((s, strength)) = judge(text, start, end) {
                out.push(Candidate {
                    para: pi,
                    start: s,
                    end,
                    strength,
                });
            }
        }
    }
    out
}

/// Whether the digits at `start..end` read as a marker, and how surely.
/// Returns where the marker starts (a spaced marker takes its space along).
fn judge(text: &str, start: usize, end: usize) -> Option<(usize, Strength)> {
    let before = &text[..start];
    let after = &text[end..];
    let next = after.chars().next();
    if next.is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic() || c == '/' || c == '%') {
        return None;
    }
    if next == Some('.') && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None; // 2.5
    }
    if next == Some(',') && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None; // 1,000
    }
    let prev = before.chars().next_back()?;
    if prev.is_ascii_digit() {
        return glued_to_year(before, end - start).map(|_| (start, Strength::AfterNumber));
    }
    if prev.is_alphabetic() {
        let word: String = before.chars().rev().take_while(|c| c.is_alphabetic()).collect();
        // UN80, G77, CO2: acronyms carry their numbers.
        if !word.chars().any(char::is_lowercase) {
            return None;
        }
        // Roman/letter series like "Add.1" come after a period, not a letter.
        return Some((start, Strength::Glued));
    }
    if matches!(prev, ')' | ']' | '”' | '’' | '"') {
        return Some((start, Strength::Glued));
    }
    if matches!(prev, ',' | ';' | ':' | '.') {
        let before_punct = before[..before.len() - 1].chars().next_back();
        if prev == '.' && before_punct.is_some_and(|c| c.is_ascii_digit() || c.is_uppercase()) {
            return None; // 1.5, "No.2", "Add.1"
        }
        if before_punct.is_some_and(|c| c.is_ascii_digit()) {
            // "2010,6" — but "2, 3" lists and thousands have been excluded.
            return (prev != '.').then_some((start, Strength::AfterNumber));
        }
        if prev == '.' && ABBREVIATIONS.contains(&last_word(before).to_lowercase().as_str()) {
            return None; // Rev.1, Add.2, para.3
        }
        return Some((start, Strength::Glued));
    }
    if prev == ' ' {
        if spaced(before, after) {
            return Some((start - 1, Strength::Spaced));
        }
        return after_counted_word(before, after).then(|| (start - 1, Strength::Counted));
    }
    None
}

/// Words whose number is always the text's own, even when the footnote
/// sequence has no other place for a marker.
const REFERRING: &[&str] = &[
    "paragraph",
    "paragraphs",
    "para",
    "paras",
    "resolution",
    "resolutions",
    "decision",
    "decisions",
    "article",
    "articles",
    "vol",
    "vols",
    "no",
    "nos",
    "chap",
    "chapter",
    "chapters",
    "sect",
    "section",
    "sections",
    "annex",
    "annexes",
    "item",
    "items",
    "rule",
    "rules",
    "page",
    "pages",
    "p",
    "pp",
    "and",
    "or",
    "to",
    "from",
    "of",
    "than",
    "over",
    "under",
    "about",
    "some",
    "at",
    "by",
    "per",
    "the",
    "on",
    "in",
    "between",
    "session",
    "meeting",
    "meetings",
];

/// "Group 6 to": a capitalised word that can take a number, not one that
/// always does, and no day before its month.
fn after_counted_word(before: &str, after: &str) -> bool {
    let ahead = before.trim_end();
    let word = last_word(ahead);
    if !word.starts_with(char::is_uppercase) || REFERRING.contains(&word.to_lowercase().as_str()) {
        return false;
    }
    let following = after.trim_start();
    let next_word: String = following.chars().take_while(|c| c.is_alphabetic()).collect();
    !MONTHS.contains(&next_word.as_str()) && !following.starts_with("per cent")
}

/// "20064" is the year 2006 and note 4: the digits before are a year.
fn glued_to_year(before: &str, _len: usize) -> Option<()> {
    let run: String = before.chars().rev().take_while(char::is_ascii_digit).collect();
    if run.len() != 4 {
        return None;
    }
    let year: String = run.chars().rev().collect();
    let y: u32 = year.parse().ok()?;
    let ahead = &before[..before.len() - 4];
    let prev_word = last_word(ahead);
    let counted = counted(&prev_word.to_lowercase());
    ((1900..=2099).contains(&y) && !counted).then_some(())
}

/// A number alone after a space: a marker only after a word or punctuation
/// that is not counting something, and not a day before its month.
fn spaced(before: &str, after: &str) -> bool {
    let ahead = before.trim_end();
    let Some(prev) = ahead.chars().next_back() else {
        return false;
    };
    if prev.is_ascii_digit() || prev == '–' || prev == '-' || prev == '(' {
        return false;
    }
    let word = last_word(ahead).to_lowercase();
    if counted(&word) {
        return false;
    }
    let following = after.trim_start();
    let next_word: String = following.chars().take_while(|c| c.is_alphabetic()).collect();
    if MONTHS.contains(&next_word.as_str()) || following.starts_with("per cent") {
        return false;
    }
    true
}

/// The last word before the end of `s`, punctuation stripped.
fn last_word(s: &str) -> &str {
    let s = s.trim_end().trim_end_matches(['.', ',', ';', ':']);
    let start = s
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    &s[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strength(text: &str, n: &str) -> Option<Strength> {
        let start = text.rfind(n).expect("in text");
        judge(text, start, start + n.len()).map(|(_, s)| s)
    }

    #[test]
    fn markers_glued_to_words_years_and_punctuation() {
        assert_eq!(strength("against Corruption3 and", "3"), Some(Strength::Glued));
        assert_eq!(strength("September 20064 and", "4"), Some(Strength::AfterNumber));
        assert_eq!(strength("8 September 2010,6", "6"), Some(Strength::AfterNumber));
        assert_eq!(strength("resolution 64/179;17", "17"), Some(Strength::AfterNumber));
        assert_eq!(strength("cultural property,7 the", "7"), Some(Strength::Glued));
        assert_eq!(strength("Drugs and Crime, 1 which", "1"), Some(Strength::Spaced));
        // Footnote markers glued to numbers (issue 14).
        assert_eq!(
            strength("adopted on 10 December 19881 and", "1"),
            Some(Strength::AfterNumber)
        );
        assert_eq!(strength("in December 20233 the", "3"), Some(Strength::AfterNumber));
        assert_eq!(
            strength("for the period 2025–20288 and", "8"),
            Some(Strength::AfterNumber)
        );
        assert_eq!(strength("its resolution 79/43,4 and", "4"), Some(Strength::AfterNumber));
        assert_eq!(strength("the 2022 Group 6 to provide", "6"), Some(Strength::Counted));
        assert_eq!(strength("paragraph 6 to", "6"), None);
    }

    /// Issue 14: "the 2022 Group 6 to provide", where 6 is the marker, is
    /// taken when the sequence of notes leaves no other place for it.
    #[test]
    fn a_marker_after_a_counting_word_is_taken_only_when_nothing_else_fits() {
        use crate::import::layout::FootnoteDef;
        use crate::import::segment::Start;
        let para = |t: &str| Para {
            text: t.to_string(),
            spans: vec![(0, 10)],
            start: Start::Plain,
        };
        let note = |n: u32| FootnoteDef {
            number: n,
            text: "A/77/123.".into(),
            line: 20,
            block: 0,
        };
        // Nothing else fits: "Group 6" is the marker, with a warning.
        let paras = [para("Welcoming the work of the 2022 Group 6 to provide advice,")];
        let (markers, doubts) = find(&paras, &vec![(1, 0)], &[note(6)]);
        assert_eq!(&paras[0].text[markers[0].start..markers[0].end], " 6");
        assert_eq!(doubts.len(), 1);
        // A marker glued as superscripts are wins over it.
        let paras = [para("Welcoming the work of the 2022 Group 6 to provide advice,6")];
        let (markers, doubts) = find(&paras, &vec![(1, 0)], &[note(6)]);
        assert_eq!(markers[0].start, paras[0].text.len() - 1);
        assert!(doubts.is_empty());
    }

    #[test]
    fn numbers_of_the_text_are_not_markers() {
        assert_eq!(strength("article 14, paragraph 2, of", "2"), None);
        assert_eq!(strength("Treaty Series, vol. 2225", "2225"), None);
        assert_eq!(strength("held on 4 and 5 September", "5"), None);
        assert_eq!(strength("the UN80 Initiative", "80"), None);
        assert_eq!(strength("No. 39574", "4"), None);
        assert_eq!(strength("A/80/L.2/Rev.1", "1"), None);
        assert_eq!(strength("over 1,000 people", "1"), None);
        assert_eq!(strength("resolution 60/1 of", "1"), None);
    }
}
