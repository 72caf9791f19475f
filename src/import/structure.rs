//! The parts of a resolution from its paragraphs: formula, preambular and
//! operative paragraphs with their sub-paragraphs and section headings, the
//! closing meeting line, and annexes.

use super::header::parse_date;
use super::markers::Doubt;
use super::segment::{Start, ends_clause, numbered_section};
use chrono::NaiveDate;

/// A paragraph's text with its markers, ready for writing out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub line: usize,
}

/// A numbered (or, in an annex, unnumbered) paragraph with what belongs to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub number: Option<u32>,
    /// Section headings printed right before it.
    pub headings: Vec<String>,
    pub text: Text,
    /// Sub-paragraphs and unnumbered continuations.
    pub subs: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexDoc {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// The whole resolution, structured.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    pub formula: String,
    pub preamble: Vec<Block>,
    pub operative: Vec<Block>,
    pub annexes: Vec<AnnexDoc>,
    pub meeting: Option<String>,
    pub adopted: Option<NaiveDate>,
    /// A resolution whose only operative paragraph has no number.
    pub unnumbered_operative: bool,
}

/// One paragraph as the structurer sees it.
pub struct Input {
    pub start: Start,
    pub text: String,
    pub line: usize,
}

#[derive(PartialEq)]
enum State {
    Preamble,
    Operative,
    Closing,
    Annex,
}

/// Builds the document; `paras[0]` is the formula.
pub fn structure(paras: Vec<Input>, doubts: &mut Vec<Doubt>) -> Doc {
    let mut doc = Doc::default();
    let mut state = State::Preamble;
    let mut headings: Vec<String> = Vec::new();
    let mut iter = paras.into_iter().peekable();
    if let Some(first) = iter.next() {
        doc.formula = first.text;
    }
    while let Some(p) = iter.next() {
        let next_is_number = iter.peek().is_some_and(|n| matches!(n.start, Start::Number(_)));
        let text = Text {
            text: p.text.clone(),
            line: p.line,
        };
        match p.start {
            Start::Meeting => {
                closing(&mut doc, &p.text);
                state = State::Closing;
            }
            Start::Annex => {
                doc.annexes.push(AnnexDoc {
                    heading: p.text.clone(),
                    blocks: Vec::new(),
                });
                state = State::Annex;
            }
            Start::Number(n) => {
                if state == State::Preamble || state == State::Closing && doc.annexes.is_empty() {
                    state = State::Operative;
                }
                let blocks = blocks_of(&mut doc, &state);
                if blocks.iter().any(|b| b.number == Some(n)) {
                    // A number seen twice in one part cannot be a new paragraph.
                    doubts.push(Doubt {
                        line: p.line,
                        message: format!(
                            "paragraph number {n} appears twice; the second is kept as text of the paragraph before"
                        ),
                    });
                    match blocks.last_mut() {
                        Some(b) => b.subs.push(text),
                        None => blocks.push(plain(text, std::mem::take(&mut headings))),
                    }
                    continue;
                }
                let body = strip_number(&p.text, n);
                let block = Block {
                    number: Some(n),
                    headings: std::mem::take(&mut headings),
                    text: Text {
                        text: body,
                        line: p.line,
                    },
                    subs: Vec::new(),
                };
                blocks_of(&mut doc, &state).push(block);
            }
            Start::Label(_) => match blocks_of(&mut doc, &state).last_mut() {
                Some(b) => b.subs.push(text),
                None => blocks_of(&mut doc, &state).push(plain(text, std::mem::take(&mut headings))),
            },
            Start::Plain => match state {
                State::Closing => {
                    if let Some(d) = parse_date(&p.text) {
                        doc.adopted.get_or_insert(d);
                    } else {
                        doubts.push(Doubt {
                            line: p.line,
                            message: format!("text after the closing meeting line is left out: `{}`", clip(&p.text)),
                        });
                    }
                }
                // A short unpunctuated line right before the first operative
                // paragraph heads the operative part.
                State::Preamble if heading_like(&p.text) && next_is_number => headings.push(p.text),
                State::Preamble => doc.preamble.push(plain(text, std::mem::take(&mut headings))),
                State::Operative | State::Annex => {
                    let blocks = blocks_of(&mut doc, &state);
                    let numbered = blocks.iter().any(|b| b.number.is_some());
                    let section = numbered_section(&p.text);
                    if heading_like(&p.text) && (next_is_number || !numbered || section) {
                        headings.push(p.text);
                    } else if let (true, true, Some(b)) = (numbered, headings.is_empty(), blocks.last_mut()) {
                        // Text under a new section heading is a paragraph
                        // of its own, not the end of the one before.
                        b.subs.push(text);
                    } else {
                        blocks.push(plain(text, std::mem::take(&mut headings)));
                    }
                }
            },
        }
    }
    single_unnumbered_operative(&mut doc);
    bare_formula_doubt(&doc, doubts);
    doc
}

/// Whether the formula has no comma ("The General Assembly"): the Editorial
/// Manual writes it so when no preambular paragraph follows.
fn bare_formula(doc: &Doc) -> bool {
    !super::emit::without_markers(&doc.formula).trim_end().ends_with(',')
}

/// A formula without its comma promises no preamble: preambular paragraphs
/// after it mean a comma lost or paragraph numbers not read.
fn bare_formula_doubt(doc: &Doc, doubts: &mut Vec<Doubt>) {
    if !bare_formula(doc) || doc.preamble.is_empty() {
        return;
    }
    let first = &doc.preamble[0];
    doubts.push(Doubt {
        line: first.text.line,
        message: format!(
            "the formula `{}` has no comma, which announces no preambular paragraphs, but {} preambular paragraph(s) follow it; check the formula and the paragraph numbers against the official text",
            super::emit::without_markers(&doc.formula).trim(),
            doc.preamble.len()
        ),
    });
}

fn plain(text: Text, headings: Vec<String>) -> Block {
    Block {
        number: None,
        headings,
        text,
        subs: Vec::new(),
    }
}

fn blocks_of<'d>(doc: &'d mut Doc, state: &State) -> &'d mut Vec<Block> {
    match (state, doc.annexes.last_mut()) {
        (State::Annex, Some(a)) => &mut a.blocks,
        (State::Preamble, _) => &mut doc.preamble,
        _ => &mut doc.operative,
    }
}

/// "71st plenary meeting 21 December 2010" (the date may follow on its own line).
fn closing(doc: &mut Doc, text: &str) {
    let cut = text.find(" meeting").map_or(text.len(), |i| i + " meeting".len());
    doc.meeting = Some(text[..cut].trim().to_string());
    let rest = text[cut..].trim();
    if let Some(d) = parse_date(rest) {
        doc.adopted.get_or_insert(d);
    }
}

fn strip_number(text: &str, n: u32) -> String {
    let prefix = format!("{n}.");
    text.strip_prefix(&prefix).unwrap_or(text).trim_start().to_string()
}

/// A short line without final punctuation: a section heading.
pub fn heading_like(text: &str) -> bool {
    if text.contains(super::emit::OPEN) {
        return false; // headings carry no footnotes in UN texts
    }
    let words = text.split_whitespace().count();
    text.len() <= 160 && words <= 20 && !ends_clause(text) && text.starts_with(|c: char| c.is_uppercase())
}

/// Without numbered paragraphs, the paragraph that ends in a full stop after
/// preambular ones ending in commas is the one operative paragraph; so is a
/// paragraph standing alone after the formula (with or without its comma:
/// a resolution has an operative part, a preamble alone is none).
fn single_unnumbered_operative(doc: &mut Doc) {
    if !doc.operative.is_empty() || doc.preamble.is_empty() {
        return;
    }
    let n = doc.preamble.len();
    let last = super::emit::without_markers(&doc.preamble[n - 1].text.text);
    let last = last.trim_end();
    let sole = n == 1;
    let after_preamble = n >= 2 && last.ends_with('.') && {
        let before = super::emit::without_markers(&doc.preamble[n - 2].text.text);
        before.trim_end().ends_with(',')
    };
    if sole || after_preamble {
        let Some(mut op) = doc.preamble.pop() else { return };
        op.number = Some(1);
        doc.operative.push(op);
        doc.unnumbered_operative = true;
    }
}

fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        s.chars().take(60).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}
