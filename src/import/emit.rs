//! Writing the imported resolution as content: YAML front matter and the
//! Markdown body of CONTRACT §1, escaped so that the build reads back
//! exactly the text that was imported.

use super::header::Header;
use super::layout::FootnoteDef;
use super::markers::Marker;
use super::segment::Para;
use super::structure::{Block, Doc, Input};
use serde::Serialize;

pub const OPEN: char = '\u{E000}';
pub const CLOSE: char = '\u{E001}';

/// The text with its marker sentinels taken out.
pub fn without_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            OPEN => inside = true,
            CLOSE => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Paragraph texts with their markers in place (as private-use sentinels,
/// so escaping leaves them alone).
pub fn with_markers(paras: &[Para], markers: &[Marker]) -> Vec<Input> {
    paras
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut text = String::with_capacity(p.text.len() + 16);
            let mut at = 0;
            for m in markers.iter().filter(|m| m.para == i) {
                if m.start < at {
                    continue;
                }
                text.push_str(&p.text[at..m.start]);
                text.push_str(&format!("{OPEN}{}{CLOSE}", m.number));
                at = m.end;
            }
            text.push_str(&p.text[at..]);
            Input {
                start: p.start.clone(),
                text,
                line: p.first_line(),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Front<'a> {
    symbol: &'a str,
    title: &'a str,
    organ: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    adopted: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    committee: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agenda_item: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agenda_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    operative_unnumbered: bool,
    // Provenance and the vote line, when the input has them (`import::pipeline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    vote: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    record_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_pdf: Option<&'a str>,
}

/// The content file for `doc`.
pub fn markdown(head: &Header, doc: &Doc, notes: &[FootnoteDef]) -> String {
    let front = Front {
        symbol: head.symbol.as_str(),
        title: &head.title,
        organ: head.organ.name(),
        adopted: head.adopted.or(doc.adopted).map(|d| d.format("%Y-%m-%d").to_string()),
        meeting: head.meeting.as_deref().or(doc.meeting.as_deref()),
        committee: head.committee.as_deref(),
        report: head.report.as_deref(),
        agenda_item: head.agenda_item.as_deref(),
        agenda_title: head.agenda_title.as_deref(),
        session: head.symbol.session().map(|s| s.label()),
        operative_unnumbered: doc.unnumbered_operative,
        vote: head.vote.as_deref(),
        record_id: head.record_id.as_deref(),
        source_pdf: head.source_pdf.as_deref(),
    };
    let yaml = serde_yaml::to_string(&front).unwrap_or_default();
    let mut out = format!("---\n{yaml}---\n\n");
    out.push_str(&paragraph(&doc.formula));
    out.push_str("\n\n");
    for b in &doc.preamble {
        block(&mut out, b);
    }
    for b in &doc.operative {
        block(&mut out, b);
    }
    for a in &doc.annexes {
        out.push_str(&format!("## {}\n\n", inline(&a.heading)));
        for b in &a.blocks {
            block(&mut out, b);
        }
    }
    for n in notes {
        out.push_str(&format!("[^{}]: {}\n", n.number, inline(&n.text)));
    }
    let trimmed = out.trim_end().to_string();
    trimmed + "\n"
}

fn block(out: &mut String, b: &Block) {
    for h in &b.headings {
        out.push_str(&format!("### {}\n\n", inline(h)));
    }
    let indent = match b.number {
        Some(n) => {
            let marker = format!("{n}. ");
            out.push_str(&marker);
            out.push_str(&paragraph(&b.text.text));
            " ".repeat(marker.len())
        }
        None => {
            out.push_str(&paragraph(&b.text.text));
            "   ".to_string()
        }
    };
    out.push_str("\n\n");
    for s in &b.subs {
        out.push_str(&indent);
        out.push_str(&paragraph(&s.text));
        out.push_str("\n\n");
    }
}

/// A paragraph of its own: its opening must not read as Markdown syntax.
fn paragraph(text: &str) -> String {
    let escaped = inline(text);
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    let rest = &escaped[digits..];
    if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")") {
        // "2025. Something" would be a list item.
        return format!("{}\\{}", &escaped[..digits], rest);
    }
    escaped
}

/// Escapes what Markdown would read as syntax and puts markers in place.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            OPEN => {
                out.push_str("[^");
                for d in chars.by_ref() {
                    if d == CLOSE {
                        break;
                    }
                    out.push(d);
                }
                out.push(']');
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if first => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        first = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_syntax() {
        assert_eq!(inline("a *b* [c] <d> & e_f"), "a \\*b\\* \\[c\\] \\<d\\> \\& e\\_f");
        assert_eq!(paragraph("2025. The year"), "2025\\. The year");
        assert_eq!(paragraph("# not a heading"), "\\# not a heading");
        assert_eq!(inline(&format!("Crime,{OPEN}1{CLOSE} which")), "Crime,[^1] which");
    }
}
