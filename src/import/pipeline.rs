//! The YAML header a PDF pipeline writes above the text (`---` ... `---`):
//! symbol, title and date that confirm or correct the text's, and the
//! provenance (`record_id`, `source_pdf`) kept in the content's front matter.

use super::Line;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::symbol::Symbol;
use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};
use std::path::Path;

/// A header this long without its closing `---` is not a header.
const MAX_LINES: usize = 200;

/// A value with the input line it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub line: usize,
}

/// What the pipeline header says; every key is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pipeline {
    pub symbol: Option<At<Symbol>>,
    pub title: Option<At<String>>,
    pub date: Option<At<NaiveDate>>,
    pub record_id: Option<String>,
    pub source_pdf: Option<String>,
    /// How many input lines the header takes, both `---` lines included.
    pub lines: usize,
}

/// Reads the header when the input starts with a `---` line; the lines it
/// takes are blanked in `lines` (keeping their numbers for messages).
pub fn take(lines: &mut [Line], shown: &Path) -> Result<Option<Pipeline>, Diagnostic> {
    if lines.first().is_none_or(|l| l.text.trim() != "---") {
        return Ok(None);
    }
    let Some(close) = lines
        .iter()
        .take(MAX_LINES)
        .skip(1)
        .position(|l| l.text.trim() == "---")
    else {
        return Err(Diagnostic::error("the pipeline header opened on line 1 is not closed")
            .in_file(shown)
            .at(Pos::new(1, 1))
            .help("end the YAML header with a line holding only `---` before the resolution's text"));
    };
    let close = close + 1;
    let yaml = lines[1..close]
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let map: Mapping = match serde_yaml::from_str(&yaml) {
        Ok(Value::Mapping(m)) => m,
        Ok(Value::Null) => Mapping::new(),
        Ok(_) => return Err(bad(shown, 2, "the pipeline header is not a list of `key: value` lines")),
        Err(e) => {
            let line = e.location().map_or(2, |l| l.line() + 1);
            return Err(bad(shown, line, &format!("the pipeline header is not valid YAML: {e}")));
        }
    };
    let mut p = Pipeline {
        lines: close + 1,
        ..Pipeline::default()
    };
    let key_line = |key: &str| {
        lines[1..close]
            .iter()
            .find(|l| l.text.trim_start().starts_with(&format!("{key}:")))
            .map_or(2, |l| l.no)
    };
    for (k, v) in &map {
        let Some(key) = k.as_str() else { continue };
        let line = key_line(key);
        let text = || text(v).ok_or_else(|| bad(shown, line, &format!("`{key}` in the pipeline header is not text")));
        match key {
            "symbol" => {
                let raw = text()?;
                let value = Symbol::parse(&raw).map_err(|e| {
                    bad(
                        shown,
                        line,
                        &format!("the pipeline header's symbol `{raw}` is not a document symbol: {e}"),
                    )
                    .help("write the symbol as the PDF shows it, e.g. `symbol: A/RES/80/21`")
                })?;
                p.symbol = Some(At { value, line });
            }
            "title" => {
                p.title = Some(At {
                    value: super::layout::norm(&text()?),
                    line,
                })
            }
            "date" => {
                let raw = text()?;
                let value = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
                    bad(
                        shown,
                        line,
                        &format!("the pipeline header's date `{raw}` is not a date"),
                    )
                    .help("write the date of adoption as YYYY-MM-DD, e.g. `date: 2025-12-03`")
                })?;
                p.date = Some(At { value, line });
            }
            "record_id" => p.record_id = Some(text()?),
            "source_pdf" => p.source_pdf = Some(text()?.trim().to_string()),
            _ => {}
        }
    }
    for l in &mut lines[..=close] {
        l.text.clear();
    }
    Ok(Some(p))
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn bad(shown: &Path, line: usize, message: &str) -> Diagnostic {
    Diagnostic::error(message.to_string())
        .in_file(shown)
        .at(Pos::new(line, 1))
}

/// Lets the header's symbol, title and date win over the text's; each
/// disagreement is a warning on the header's line.
pub fn apply(p: &Pipeline, head: &mut super::header::Header, adopted: Option<NaiveDate>, shown: &Path) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let mut differs = |line: usize, what: &str, header: &str, text: &str| {
        warnings.push(
            Diagnostic::warning(format!(
                "the pipeline header's {what} `{header}` differs from the text's `{text}`; the header's is used"
            ))
            .in_file(shown)
            .at(Pos::new(line, 1))
            .help(format!(
                "check the {what} against the official PDF and correct the header or the text"
            )),
        );
    };
    if let Some(s) = p.symbol.as_ref().filter(|s| s.value != head.symbol) {
        differs(s.line, "symbol", s.value.as_str(), head.symbol.as_str());
        head.organ = crate::organ::Organ::from_symbol(&s.value).unwrap_or(head.organ);
        head.symbol = s.value.clone();
    }
    if let Some(t) = &p.title {
        if !head.title_made && t.value != head.title {
            differs(t.line, "title", &t.value, &head.title);
        }
        head.title = t.value.clone();
    }
    if let Some(d) = &p.date {
        if let Some(text) = adopted.filter(|a| *a != d.value) {
            differs(d.line, "date", &d.value.to_string(), &text.to_string());
        }
        head.adopted = Some(d.value);
    }
    head.record_id = p.record_id.clone();
    head.source_pdf = p.source_pdf.clone();
    warnings
}
