//! Page layout: tells the running text of a resolution apart from what the
//! PDF pages put around it — headers and footers, page numbers, job numbers,
//! running titles — and lifts out the footnote blocks.
//!
//! The result is a stream of text lines, blank lines and page breaks, plus
//! the footnote definitions, each remembering the break it was found at.

use super::Line;
use std::sync::LazyLock;

/// One element of the running text after furniture is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Text {
        no: usize,
        text: String,
    },
    Blank,
    /// A page boundary (furniture or a footnote block stood here).
    Break(usize),
}

/// A footnote as the page defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteDef {
    pub number: u32,
    pub text: String,
    pub line: usize,
    /// The id of the [`Item::Break`] where its block stood.
    pub block: usize,
}

static PAGE_NO: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^\d{1,3}\s*/\s*\d{1,3}$"));
static JOB_NO: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^\d{2}-\d{5}(\s*\([A-Z]\))?$"));
static BARCODE: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^\*\d{5,}\*$"));
static RULE: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^(_{3,}|-{3,}|[—–]{2,})$"));
static STRAY_RULE: LazyLock<regex::Regex> = LazyLock::new(|| re(r"\s+(?:-{3,}|[—–]{2,})$"));
static NOTE_START: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^(\d{1,3})\s+(\S.*)$"));
static URL_ONLY: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^(https?://|www\.)\S+$"));

fn re(s: &str) -> regex::Regex {
    regex::Regex::new(s).unwrap_or_else(|e| panic!("bad built-in pattern {s}: {e}"))
}

/// What a line of the body is, before paragraphs are formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Blank,
    Furniture,
    Rule,
}

/// Collapses runs of white space, for comparing lines with the title.
pub fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits the body into running text and footnotes.
pub fn layout(body: &[Line], symbol: &str, title: &str) -> (Vec<Item>, Vec<FootnoteDef>) {
    let (cleaned, broke) = strip_stray_rules(body);
    let body = &cleaned[..];
    let mut kinds: Vec<Kind> = body.iter().map(|l| classify(l, symbol)).collect();
    mark_running_titles(body, &mut kinds, title);
    let mut items = Vec::new();
    let mut notes: Vec<FootnoteDef> = Vec::new();
    let mut breaks = 0usize;
    let mut i = 0;
    while i < body.len() {
        match kinds[i] {
            Kind::Blank => items.push(Item::Blank),
            Kind::Furniture => {
                push_break(&mut items, &mut breaks);
            }
            Kind::Rule => {
                let id = push_break(&mut items, &mut breaks);
                i = read_notes(body, &kinds, i + 1, id, &mut notes, true);
                continue;
            }
            Kind::Text => {
                let text = body[i].text.trim();
                let after_blank = i == 0 || matches!(items.last(), Some(Item::Blank | Item::Break(_)));
                let next = notes.last().map_or(1, |n| n.number + 1);
                if after_blank && starts_note(text, next) && looks_like_note_block(body, &kinds, i) {
                    let id = push_break(&mut items, &mut breaks);
                    i = read_notes(body, &kinds, i, id, &mut notes, false);
                    continue;
                }
                if URL_ONLY.is_match(text) && notes.iter().any(|n| n.text.contains(text.trim_end_matches('.'))) {
                    // pdftotext repeats a footnote's URL as a line of its own.
                    i += 1;
                    continue;
                }
                items.push(Item::Text {
                    no: body[i].no,
                    text: text.to_string(),
                });
                if broke[i] {
                    push_break(&mut items, &mut breaks);
                }
            }
        }
        i += 1;
    }
    (items, notes)
}

/// "... and to report thereon ---": a rule some pipelines leave at the end
/// of the last line of a page. The line without it, and where a page broke.
fn strip_stray_rules(body: &[Line]) -> (Vec<Line>, Vec<bool>) {
    body.iter()
        .map(|l| match STRAY_RULE.find(&l.text) {
            Some(m) if !l.text[..m.start()].trim().is_empty() => (
                Line {
                    no: l.no,
                    text: l.text[..m.start()].trim_end().to_string(),
                },
                true,
            ),
            _ => (l.clone(), false),
        })
        .unzip()
}

fn push_break(items: &mut Vec<Item>, breaks: &mut usize) -> usize {
    // Blank lines around a page boundary say nothing about paragraphs.
    while matches!(items.last(), Some(Item::Blank)) {
        items.pop();
    }
    if let Some(Item::Break(id)) = items.last() {
        return *id;
    }
    *breaks += 1;
    items.push(Item::Break(*breaks));
    *breaks
}

fn classify(line: &Line, symbol: &str) -> Kind {
    let t = line.text.trim();
    if t.is_empty() {
        return Kind::Blank;
    }
    if t == "\u{c}" {
        return Kind::Furniture;
    }
    if RULE.is_match(t) {
        return Kind::Rule;
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    // Reissued documents carry an asterisk: "A/RES/80/6*".
    if compact.trim_end_matches('*') == symbol || PAGE_NO.is_match(t) || JOB_NO.is_match(t) || BARCODE.is_match(t) {
        return Kind::Furniture;
    }
    Kind::Text
}

/// Running titles: pieces of the title next to page furniture, and whole
/// lines equal to the title standing alone (unwrapped layouts).
fn mark_running_titles(body: &[Line], kinds: &mut [Kind], title: &str) {
    let title = norm(title);
    if title.len() < 8 {
        return;
    }
    let is_piece = |i: usize| {
        let t = norm(&body[i].text);
        t.len() >= 8 && title.contains(&t)
    };
    for i in 0..body.len() {
        if kinds[i] != Kind::Furniture {
            continue;
        }
        // Upwards from a header: title lines stand right above the symbol.
        let mut j = i;
        while j > 0 && kinds[j - 1] == Kind::Text && is_piece(j - 1) {
            j -= 1;
            kinds[j] = Kind::Furniture;
        }
        // Downwards: title lines between this anchor and the next one.
        let mut k = i + 1;
        let mut pieces = Vec::new();
        while k < body.len() && (kinds[k] == Kind::Blank || (kinds[k] == Kind::Text && is_piece(k))) {
            if kinds[k] == Kind::Text {
                pieces.push(k);
            }
            k += 1;
        }
        if k < body.len() && kinds[k] == Kind::Furniture {
            for p in pieces {
                kinds[p] = Kind::Furniture;
            }
        }
    }
    for i in 0..body.len() {
        let alone = (i == 0 || kinds[i - 1] == Kind::Blank) && (i + 1 == body.len() || kinds[i + 1] == Kind::Blank);
        if kinds[i] != Kind::Text || !alone || norm(&body[i].text) != title {
            continue;
        }
        let prev = (0..i).rev().find(|&j| kinds[j] != Kind::Blank);
        let after_annex = prev.is_some_and(|j| norm(&body[j].text).starts_with("Annex"));
        if !after_annex {
            kinds[i] = Kind::Furniture;
        }
    }
}

/// Whether `text` opens footnote `n`: its number, then its text.
fn starts_note(text: &str, n: u32) -> bool {
    NOTE_START
        .captures(text)
        .is_some_and(|c| c[1].parse::<u32>() == Ok(n) && !c[2].starts_with(|ch: char| ch.is_lowercase()))
}

/// In unwrapped layouts a footnote block is a paragraph of note lines; a
/// body paragraph opening with a number is not followed by another note.
fn looks_like_note_block(body: &[Line], kinds: &[Kind], i: usize) -> bool {
    let text = body[i].text.trim();
    // A note is short, or another note follows it.
    text.len() < 400 || kinds.get(i + 1).is_some_and(|k| *k != Kind::Text)
}

/// Reads footnote entries from line `i`; returns the first line after them.
fn read_notes(
    body: &[Line],
    kinds: &[Kind],
    mut i: usize,
    block: usize,
    notes: &mut Vec<FootnoteDef>,
    after_rule: bool,
) -> usize {
    let mut current: Option<FootnoteDef> = None;
    let mut saw_blank = false;
    while i < body.len() {
        let line = &body[i];
        let text = line.text.trim();
        match kinds[i] {
            Kind::Blank => {
                saw_blank = true;
                i += 1;
                continue;
            }
            Kind::Furniture | Kind::Rule => break,
            Kind::Text => {}
        }
        let next = current
            .as_ref()
            .map_or_else(|| notes.last().map_or(1, |n| n.number + 1), |c| c.number + 1);
        // A note too long for its page goes on under the next page's rule.
        let carried = current.is_none() && after_rule && !starts_note(text, next);
        if carried && notes.last().is_some_and(|n| !n.text.ends_with('.')) {
            current = notes.pop();
            if let Some(c) = current.as_mut() {
                join_into(&mut c.text, text);
            }
            i += 1;
            continue;
        }
        if starts_note(text, next) {
            if let Some(c) = current.take() {
                notes.push(c);
            }
            let caps = NOTE_START.captures(text).expect("checked by starts_note");
            current = Some(FootnoteDef {
                number: next,
                text: norm(&caps[2]),
                line: line.no,
                block,
            });
            saw_blank = false;
            i += 1;
            continue;
        }
        // A continuation line: only right after the note, never after a
        // blank line, never indented like the first line of a page, and
        // only when the line before did not end the note with a full stop.
        let indented = line.text.starts_with(char::is_whitespace);
        let page_start = after_rule && indented;
        let finished = i > 0 && ends_note(&body[i - 1].text);
        let continues = current.is_some() && !saw_blank && !page_start && !finished && !starts_paragraph(text);
        if !continues {
            break;
        }
        if let Some(c) = current.as_mut() {
            join_into(&mut c.text, text);
        }
        i += 1;
    }
    if let Some(c) = current.take() {
        notes.push(c);
    }
    i
}

/// Whether a footnote line ends the note: a full stop that is not an
/// abbreviation's ("No.", "vol.", "chap.") nor a symbol's ("A/65/L.").
fn ends_note(line: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "no", "nos", "vol", "vols", "para", "paras", "chap", "sect", "p", "pp", "rev", "add", "corr", "suppl", "art",
        "e.g", "i.e", "ibid", "see", "op", "cit", "ser", "st", "mr", "ms", "dr", "l", "inf", "misc", "wp",
    ];
    let t = line.trim_end();
    let Some(body) = t.strip_suffix('.') else { return false };
    let word = body
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '/')
        .next()
        .unwrap_or_default();
    !ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// A line that can only open a body paragraph: an operative number.
fn starts_paragraph(text: &str) -> bool {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    !digits.is_empty() && text[digits.len()..].starts_with('.') && !text[digits.len()..].starts_with(".0")
}

/// Appends a wrapped line: a line ending in a hyphen joins without a space
/// ("post-|conflict"), except a suspended one ("pre-|and post-conflict").
pub fn join_into(buf: &mut String, line: &str) {
    let line = mend_hyphens(&norm(line));
    if line.is_empty() {
        return;
    }
    let hyphen =
        buf.ends_with(['-', '\u{2011}', '\u{2010}']) && buf.chars().rev().nth(1).is_some_and(char::is_alphabetic);
    let glue = hyphen && !suspended(&line);
    if !buf.is_empty() && !glue {
        buf.push(' ');
    }
    buf.push_str(&line);
}

/// Words a suspended hyphen is followed by: "small- and medium-sized".
fn suspended(rest: &str) -> bool {
    let word = rest.split_whitespace().next().unwrap_or_default();
    matches!(word, "and" | "or" | "to" | "nor" | "as")
}

/// PDF conversion leaves "nuclear-weapon- free" where a compound was broken
/// at the end of a PDF line; the space goes, suspended hyphens stay.
fn mend_hyphens(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("- ") {
        let (head, tail) = rest.split_at(i);
        let after = &tail[2..];
        let glued = head.chars().next_back().is_some_and(char::is_alphabetic)
            && after.starts_with(|c: char| c.is_lowercase())
            && !suspended(after);
        out.push_str(head);
        out.push('-');
        if !glued {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}
