//! Import: official resolution text, as PDF-to-text tools give it, becomes
//! content (CONTRACT §1) that needs no fixing by hand.
//!
//! Stages: lines → front page ([`header`]) → page layout, furniture and
//! footnote blocks ([`layout`]) → paragraphs ([`segment`]) → footnote
//! markers ([`markers`]) → parts of the resolution ([`structure`]) →
//! Markdown ([`emit`]). Where the text leaves a doubt, a warning names the
//! input line instead of a silent guess.

pub mod command;
pub mod composite;
pub mod emit;
pub mod header;
pub mod layout;
pub mod markers;
pub mod pipeline;
pub mod segment;
pub mod structure;
pub mod sublabels;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::symbol::Symbol;
use std::path::Path;

/// Inputs larger than this are refused rather than processed slowly.
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// One input line, numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: usize,
    pub text: String,
}

/// An imported resolution.
#[derive(Debug)]
pub struct Imported {
    pub symbol: Symbol,
    pub markdown: String,
    pub warnings: Diagnostics,
    /// The structure the Markdown was written from.
    pub doc: structure::Doc,
}

impl Imported {
    /// The plain text of every paragraph in reading order, markers left out:
    /// what a build of the Markdown must give back.
    pub fn paragraph_texts(&self) -> Vec<String> {
        let d = &self.doc;
        d.preamble
            .iter()
            .chain(&d.operative)
            .chain(d.annexes.iter().flat_map(|a| &a.blocks))
            .map(|b| {
                let mut parts = vec![emit::without_markers(&b.text.text)];
                parts.extend(b.subs.iter().map(|s| emit::without_markers(&s.text)));
                layout::norm(&parts.join(" "))
            })
            .collect()
    }
}

/// Imports one resolution's text; `shown` names the input in messages.
pub fn import(shown: &Path, bytes: Vec<u8>) -> Result<Imported, Diagnostics> {
    if bytes.len() > MAX_INPUT {
        return Err(Diagnostic::error(format!(
            "the input is {} MiB; import takes at most {} MiB",
            bytes.len() / (1024 * 1024),
            MAX_INPUT / (1024 * 1024)
        ))
        .in_file(shown)
        .help("import one resolution per file")
        .into());
    }
    if bytes.contains(&0) {
        return Err(Diagnostic::error("the input is binary, not text")
            .in_file(shown)
            .help("give import the text a PDF-to-text tool made (e.g. `pdftotext -layout file.pdf`)")
            .into());
    }
    let text = crate::content::decode(shown, bytes)?;
    // Control characters would reach the content and be refused there (an
    // escaped one in the front matter is an error); the form feed is a page
    // break to the importer, so it stays.
    const FORM_FEED_STAND_IN: char = '\u{e000}';
    let kept = text.replace('\u{c}', &FORM_FEED_STAND_IN.to_string());
    let (clean, control_warnings) = crate::content::control::strip(shown, &kept);
    let text = clean.replace(FORM_FEED_STAND_IN, "\u{c}");
    let mut lines: Vec<Line> = text
        .replace('\u{c}', "\n\u{c}\n")
        .lines()
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            text: l.trim_end().to_string(),
        })
        .collect();
    let pipeline = pipeline::take(&mut lines, shown)?;
    let mut head = header::parse(&lines, shown)?;
    if let Some((line, second)) = header::second_resolution(&lines, &head) {
        return Err(two_resolutions(shown, &head, line, &second).into());
    }
    if let Some((line, letter)) = composite::find(&lines, &head) {
        return Err(composite_error(shown, &head, line, letter).into());
    }
    let body: Vec<Line> = match header::vote(&lines, head.body) {
        Some((first, last, text)) => {
            head.vote = Some(text);
            lines[head.body..first]
                .iter()
                .chain(&lines[last + 1..])
                .cloned()
                .collect()
        }
        None => lines[head.body..].to_vec(),
    };
    let body = &body[..];
    let (items, notes) = layout::layout(body, head.symbol.as_str(), head.running_title());
    let (paras, cuts) = segment::paragraphs(&items);
    let (found, mut doubts) = markers::find(&paras, &cuts, &notes);
    let inputs = emit::with_markers(&paras, &found);
    let mut doc = structure::structure(inputs, &mut doubts);
    sublabels::restore(&mut doc, &mut doubts);
    if let Some(d) = title_doubt(&head) {
        doubts.push(d);
    }
    let mut warnings = control_warnings;
    if let Some(p) = &pipeline {
        let adopted = head.adopted.or(doc.adopted);
        warnings.extend(pipeline::apply(p, &mut head, adopted, shown));
    }
    let markdown = emit::markdown(&head, &doc, &notes);
    for d in doubts {
        warnings.push(Diagnostic::warning(d.message).in_file(shown).at(Pos::new(d.line, 1)));
    }
    if doc.operative.is_empty() {
        warnings.push(
            Diagnostic::warning("no operative paragraph was found")
                .in_file(shown)
                .at(Pos::new(lines[head.body].no, 1))
                .help("operative paragraphs are numbered `1.`, `2.` ... after the preambular ones"),
        );
    }
    Ok(Imported {
        symbol: head.symbol,
        markdown,
        warnings,
        doc,
    })
}

/// The error for an input holding a second resolution from `line`: one
/// file is one content file, and guessing where the first one ends would
/// risk mixing their texts.
fn two_resolutions(shown: &Path, head: &header::Header, line: usize, second: &Symbol) -> Diagnostic {
    Diagnostic::error(format!(
        "the input holds two resolutions: {} and, from line {line}, {second}",
        head.symbol
    ))
    .in_file(shown)
    .at(Pos::new(line, 1))
    .help(format!(
        "import one resolution per file: split the file before line {line} (e.g. `head -n {} FILE > first.txt` and `tail -n +{line} FILE > second.txt`) and import both",
        line.saturating_sub(1)
    ))
}

/// The error for a composite resolution, which import does not read yet.
fn composite_error(shown: &Path, head: &header::Header, line: usize, letter: char) -> Diagnostic {
    Diagnostic::error(format!(
        "{} is a composite resolution (part {letter} starts at line {line}); import reads resolutions of one part and would leave parts out",
        head.symbol
    ))
    .in_file(shown)
    .at(Pos::new(line, 1))
    .help("composite resolutions (parts A, B ... under one number, each with its own formula) are not imported yet; write the content file by hand")
}

/// Titles are sometimes cut at the end of a line by the PDF conversion.
fn title_doubt(head: &header::Header) -> Option<markers::Doubt> {
    const DANGLING: &[&str] = &[
        "of", "the", "and", "in", "on", "for", "to", "a", "an", "with", "by", "against", "its",
    ];
    let last = head.title.split_whitespace().last()?.to_lowercase();
    if DANGLING.contains(&last.as_str()) {
        return Some(markers::Doubt {
            line: head.title_line,
            message: format!(
                "the title ends in `{last}` and looks cut at the end of a line; check it against the official text"
            ),
        });
    }
    // The agenda item often carries the same words in full: a title that is
    // a strict beginning of it, cut inside a phrase, may have lost its end.
    let agenda = head.agenda_title.as_deref()?;
    let rest = agenda.strip_prefix(head.title.as_str())?;
    let cut = rest.starts_with(' ') && !rest.trim_start().starts_with(['(', ':', ';']);
    cut.then(|| markers::Doubt {
        line: head.title_line,
        message: format!(
            "the title may be cut at the end of a line: the agenda item reads `{agenda}`; check it against the official text"
        ),
    })
}
