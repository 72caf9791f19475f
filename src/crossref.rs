//! Cross-reference stage: from every paragraph's citations to the graph of
//! who cites whom, so that each page can list who cites it, resolutions can
//! list their relatives, and documents outside the collection get a page.

use crate::cite::Target;
use crate::content::Collection;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::{ParaId, ParaKind, Paragraph, Resolution};
use crate::symbol::Symbol;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One citing paragraph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Backlink {
    pub from: Symbol,
    pub para: ParaId,
    /// The cited paragraph, when one is named.
    pub target_para: Option<ParaId>,
    /// The citing paragraph's opening words: "Recalling", "Reaffirming also".
    pub lead: String,
}

/// Why two resolutions are related, and how strongly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub symbol: Symbol,
    pub score: usize,
    pub reasons: Vec<String>,
}

/// The citation graph of a collection.
#[derive(Debug, Default)]
pub struct Graph {
    /// Every cited document, in the collection or not: who cites it.
    pub cited_by: BTreeMap<Symbol, Vec<Backlink>>,
    /// What each resolution cites, its own paragraphs and footnotes together.
    pub cites: BTreeMap<Symbol, BTreeSet<Symbol>>,
    pub related: BTreeMap<Symbol, Vec<Related>>,
}

impl Graph {
    /// Documents cited but not in the collection: they get pages of their own.
    pub fn outside<'a>(&'a self, collection: &'a Collection) -> impl Iterator<Item = &'a Symbol> + 'a {
        self.cited_by.keys().filter(|s| !collection.contains_key(*s))
    }

    /// Who cites `symbol`, other than itself.
    pub fn citing(&self, symbol: &Symbol) -> Vec<&Backlink> {
        self.cited_by
            .get(symbol)
            .map(|v| v.iter().filter(|b| &b.from != symbol).collect())
            .unwrap_or_default()
    }

    /// Who cites paragraph `para` of `symbol` by number (itself included:
    /// "paragraph 36 above").
    pub fn citing_paragraph(&self, symbol: &Symbol, para: ParaId) -> Vec<&Backlink> {
        self.cited_by
            .get(symbol)
            .map(|v| v.iter().filter(|b| b.target_para == Some(para)).collect())
            .unwrap_or_default()
    }
}

/// Builds the graph; a citation of a paragraph that does not exist is a
/// warning naming the citing file and line.
pub fn build(collection: &Collection) -> (Graph, Diagnostics) {
    let mut graph = Graph::default();
    let mut diags = Diagnostics::new();
    for res in collection.values() {
        let own = res.symbol();
        for p in res.paragraphs() {
            for target in effective_cites(res, p) {
                let (symbol, target_para) = resolve(own, p.id, &target);
                if let (Some(tp), Some(cited)) = (target_para, collection.get(&symbol))
                    && cited.paragraphs().all(|q| q.id != tp)
                {
                    diags.push(
                        Diagnostic::warning(format!(
                            "{} cites paragraph {} of {symbol}, which has no such paragraph",
                            p.id, tp
                        ))
                        .in_file(&res.source)
                        .at(Pos::new(p.line, 1))
                        .help("check the paragraph number"),
                    );
                }
                if symbol != *own {
                    graph.cites.entry(own.clone()).or_default().insert(symbol.clone());
                }
                graph.cited_by.entry(symbol).or_default().push(Backlink {
                    from: own.clone(),
                    para: p.id,
                    target_para,
                    lead: lead(&p.text),
                });
            }
        }
    }
    for links in graph.cited_by.values_mut() {
        links.sort();
        links.dedup();
    }
    graph.related = related(collection, &graph);
    (graph, diags)
}

/// A paragraph's citations: its text's, then its footnotes'.
pub fn effective_cites(res: &Resolution, p: &Paragraph) -> Vec<Target> {
    let mut all = p.cites.clone();
    for label in &p.footnotes {
        if let Some(f) = res.footnote(label) {
            for c in &f.cites {
                if !all.contains(c) {
                    all.push(c.clone());
                }
            }
        }
    }
    all
}

/// The cited document and paragraph; "paragraph 5 above" stays in its part.
fn resolve(own: &Symbol, from: ParaId, target: &Target) -> (Symbol, Option<ParaId>) {
    match target {
        Target::Doc(s) => (s.clone(), None),
        Target::Para(s, n) => (s.clone(), Some(ParaId::new(ParaKind::Operative, *n))),
        Target::Internal(n) => (
            own.clone(),
            Some(ParaId {
                annex: from.annex,
                kind: ParaKind::Operative,
                number: *n,
            }),
        ),
    }
}

/// "Recalling also ..." → "Recalling also"; "Takes note of ..." → "Takes note".
pub fn lead(text: &str) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', ';', ':']))
        .collect();
    match words.as_slice() {
        [] => String::new(),
        [a, "into", b, ..] => format!("{a} into {b}"),
        [a, b @ ("also" | "further" | "note"), ..] => format!("{a} {b}"),
        [a, ..] => a.to_string(),
    }
}

/// Documents cited by more resolutions than this say little about kinship.
const COMMON: usize = 50;

/// Relatives of each resolution, ranked: citing, cited by, sharing cited
/// documents, and the same title (annual resolutions on one item).
fn related(collection: &Collection, graph: &Graph) -> BTreeMap<Symbol, Vec<Related>> {
    let mut scores: BTreeMap<(Symbol, Symbol), (usize, BTreeSet<&'static str>, usize)> = BTreeMap::new();
    let mut bump = |a: &Symbol, b: &Symbol, score: usize, reason: &'static str, shared: usize| {
        if a == b {
            return;
        }
        let e = scores.entry((a.clone(), b.clone())).or_default();
        e.0 += score;
        e.1.insert(reason);
        e.2 += shared;
    };
    for (from, targets) in &graph.cites {
        for to in targets.iter().filter(|t| collection.contains_key(*t)) {
            bump(from, to, 10, "cites", 0);
            bump(to, from, 10, "cited by", 0);
        }
    }
    // Shared citations through an inverted index, skipping very common ones.
    let mut citers: BTreeMap<&Symbol, Vec<&Symbol>> = BTreeMap::new();
    for (from, targets) in &graph.cites {
        for t in targets {
            citers.entry(t).or_default().push(from);
        }
    }
    for list in citers.values().filter(|l| l.len() <= COMMON) {
        for a in list {
            for b in list {
                bump(a, b, 1, "shares", 1);
            }
        }
    }
    let mut by_title: BTreeMap<String, Vec<&Symbol>> = BTreeMap::new();
    for r in collection.values() {
        by_title
            .entry(r.meta.title.to_lowercase())
            .or_default()
            .push(r.symbol());
    }
    for list in by_title.values().filter(|l| l.len() <= COMMON) {
        for a in list {
            for b in list {
                bump(a, b, 5, "same title", 0);
            }
        }
    }
    let mut out: BTreeMap<Symbol, Vec<Related>> = BTreeMap::new();
    for ((a, b), (score, reasons, shared)) in scores {
        let mut words: Vec<String> = Vec::new();
        for r in ["cites", "cited by", "same title"] {
            if reasons.contains(r) {
                words.push(r.to_string());
            }
        }
        if shared > 0 {
            words.push(format!(
                "shares {shared} cited document{}",
                if shared == 1 { "" } else { "s" }
            ));
        }
        out.entry(a).or_default().push(Related {
            symbol: b,
            score,
            reasons: words,
        });
    }
    for list in out.values_mut() {
        list.sort_by(|x, y| y.score.cmp(&x.score).then_with(|| y.symbol.cmp(&x.symbol)));
        list.truncate(10);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_are_the_opening_words() {
        assert_eq!(lead("Recalling also the high-level meeting"), "Recalling also");
        assert_eq!(lead("Reaffirming its resolutions"), "Reaffirming");
        assert_eq!(lead("Takes note of the report"), "Takes note");
        assert_eq!(lead("Taking into consideration all"), "Taking into consideration");
    }
}
