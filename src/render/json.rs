//! `index.json` beside every resolution page (CONTRACT §4, parts §6).

use crate::cite::Target;
use crate::crossref::Graph;
use crate::model::{ParaKind, Resolution};
use crate::symbol::Symbol;
use serde::Serialize;

#[derive(Serialize)]
struct Json<'a> {
    symbol: &'a Symbol,
    title: &'a str,
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
    session: Option<String>,
    tags: &'a [String],
    paragraphs: Vec<Para<'a>>,
    footnotes: Vec<Note<'a>>,
    cites: Vec<Symbol>,
    cited_by: Vec<CitedBy>,
}

#[derive(Serialize)]
struct Para<'a> {
    id: String,
    kind: ParaKind,
    number: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    annex: Option<u32>,
    text: &'a str,
    footnotes: Vec<&'a str>,
    cites: Vec<Symbol>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    parts: Vec<Part>,
}

#[derive(Serialize)]
struct Note<'a> {
    label: &'a str,
    text: &'a str,
    cites: Vec<Symbol>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    parts: Vec<Part>,
}

/// A cited part of a composite resolution: `cites` names the whole.
#[derive(Serialize, PartialEq)]
struct Part {
    symbol: Symbol,
    part: char,
}

fn parts(targets: &[Target]) -> Vec<Part> {
    let mut out = Vec::new();
    for t in targets {
        if let Target::Part(symbol, part) = t {
            let p = Part {
                symbol: symbol.clone(),
                part: *part,
            };
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

#[derive(Serialize)]
struct CitedBy {
    symbol: Symbol,
    paragraph: String,
}

/// Canonical symbols a list of citations names, in order, without `own`.
fn symbols(own: &Symbol, targets: &[Target]) -> Vec<Symbol> {
    let mut out: Vec<Symbol> = Vec::new();
    for t in targets {
        if let Some(s) = t.symbol()
            && s != own
            && !out.contains(s)
        {
            out.push(s.clone());
        }
    }
    out
}

/// The machine-readable form of one resolution, pretty-printed.
pub fn resolution(res: &Resolution, graph: &Graph) -> Vec<u8> {
    let m = &res.meta;
    let own = res.symbol();
    let json = Json {
        symbol: res.symbol(),
        title: &m.title,
        adopted: m.adopted.map(|d| d.format("%Y-%m-%d").to_string()),
        meeting: m.meeting.as_deref(),
        committee: m.committee.as_deref(),
        report: m.report.as_deref(),
        agenda_item: m.agenda_item.as_deref(),
        session: m.session.clone().or_else(|| res.symbol().session().map(|s| s.label())),
        tags: &m.tags,
        paragraphs: res
            .paragraphs()
            .map(|p| Para {
                id: p.id.to_string(),
                kind: p.id.kind,
                number: p.id.number,
                annex: p.id.annex,
                text: &p.text,
                footnotes: p.footnotes.iter().map(|l| l.0.as_str()).collect(),
                cites: symbols(own, &p.cites),
                parts: parts(&p.cites),
            })
            .collect(),
        footnotes: res
            .footnotes
            .iter()
            .map(|f| Note {
                label: &f.label.0,
                text: &f.text,
                cites: symbols(own, &f.cites),
                parts: parts(&f.cites),
            })
            .collect(),
        cites: graph
            .cites
            .get(own)
            .map(|c| c.iter().cloned().collect())
            .unwrap_or_default(),
        cited_by: graph
            .citing(own)
            .into_iter()
            .map(|b| CitedBy {
                symbol: b.from.clone(),
                paragraph: b.para.to_string(),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&json).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
