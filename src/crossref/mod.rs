//! Cross-reference stage: from every paragraph's citations to the graph of
//! who cites whom, so that each page can list who cites it, resolutions can
//! list their relatives, and documents outside the collection get a page.

mod related;
pub mod update;

pub use related::{Related, candidates, title_key};

use crate::cite::Target;
use crate::content::Collection;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::{ParaId, ParaKind, Paragraph, Resolution};
use crate::symbol::Symbol;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One citing paragraph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Backlink {
    pub from: Symbol,
    pub para: ParaId,
    /// The cited paragraph, when one is named.
    pub target_para: Option<ParaId>,
    /// The citing paragraph's opening words: "Recalling", "Reaffirming also".
    pub lead: String,
}

/// The citation graph of a collection.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// Every cited document, in the collection or not: who cites it.
    pub cited_by: BTreeMap<Symbol, Vec<Backlink>>,
    /// What each resolution cites, its own paragraphs and footnotes together.
    pub cites: BTreeMap<Symbol, BTreeSet<Symbol>>,
    pub related: BTreeMap<Symbol, Vec<Related>>,
    /// The resolutions citing each document (`cites` inverted).
    pub citers: HashMap<Symbol, BTreeSet<Symbol>>,
    /// Resolutions by lower-cased title (annual resolutions on one item).
    pub by_title: HashMap<String, BTreeSet<Symbol>>,
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
    // Each resolution's citations in parallel; then merged in hash maps,
    // and sorted maps for the result (stable output).
    let t = std::time::Instant::now();
    let per_resolution: Vec<(Vec<(Symbol, Backlink)>, Diagnostics)> = collection
        .values()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|res| outgoing(collection, res))
        .collect();
    crate::build::timing("  outgoing", t);
    let t = std::time::Instant::now();
    let mut cited_by: HashMap<Symbol, Vec<Backlink>> = HashMap::new();
    let mut cites: HashMap<Symbol, BTreeSet<Symbol>> = HashMap::new();
    for (links, d) in per_resolution {
        diags.extend(d);
        for (symbol, link) in links {
            if symbol != link.from {
                cites.entry(link.from.clone()).or_default().insert(symbol.clone());
            }
            cited_by.entry(symbol).or_default().push(link);
        }
    }
    for links in cited_by.values_mut() {
        links.sort();
        links.dedup();
    }
    graph.cited_by = cited_by.into_iter().collect();
    graph.cites = cites.into_iter().collect();
    graph.citers = citers(&graph.cites);
    for res in collection.values() {
        let key = related::title_key(res);
        graph.by_title.entry(key).or_default().insert(res.symbol().clone());
    }
    crate::build::timing("  merge", t);
    let t = std::time::Instant::now();
    let symbols: Vec<&Symbol> = collection.keys().collect();
    let lists: Vec<(Symbol, Vec<Related>)> = symbols
        .par_iter()
        .map(|s| ((*s).clone(), related::related_of(s, collection, &graph)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    graph.related = lists.into_iter().collect();
    crate::build::timing("  related", t);
    (graph, diags)
}

/// `cites` inverted. Citing resolutions come in order, so each set is
/// built from a sorted list, in parallel.
fn citers(cites: &BTreeMap<Symbol, BTreeSet<Symbol>>) -> HashMap<Symbol, BTreeSet<Symbol>> {
    let mut by_target: HashMap<&Symbol, Vec<&Symbol>> = HashMap::new();
    for (from, targets) in cites {
        for to in targets {
            by_target.entry(to).or_default().push(from);
        }
    }
    by_target
        .into_par_iter()
        .map(|(to, froms)| (to.clone(), froms.into_iter().cloned().collect()))
        .collect()
}

/// Everything one resolution cites, as (cited symbol, backlink) pairs, and
/// warnings for cited paragraphs the collection does not have.
fn outgoing(collection: &Collection, res: &Resolution) -> (Vec<(Symbol, Backlink)>, Diagnostics) {
    let links = links(res);
    let mut diags = Diagnostics::new();
    for (symbol, link) in &links {
        if let (Some(tp), Some(cited)) = (link.target_para, collection.get(symbol))
            && cited.paragraphs().all(|q| q.id != tp)
        {
            let line = res.paragraphs().find(|p| p.id == link.para).map_or(1, |p| p.line);
            diags.push(
                Diagnostic::warning(format!(
                    "{} cites paragraph {} of {symbol}, which has no such paragraph",
                    link.para, tp
                ))
                .in_file(&res.source)
                .at(Pos::new(line, 1))
                .help("check the paragraph number"),
            );
        }
    }
    (links, diags)
}

/// Everything one resolution cites, as (cited symbol, backlink) pairs: a
/// function of the resolution alone, so an edit can take back its links.
pub fn links(res: &Resolution) -> Vec<(Symbol, Backlink)> {
    let own = res.symbol();
    let mut out = Vec::new();
    for p in res.paragraphs() {
        let cites = effective_cites(res, p);
        if cites.is_empty() {
            continue;
        }
        let lead = lead(&p.text);
        for target in cites {
            let (symbol, target_para) = resolve(own, p.id, &target);
            let link = Backlink {
                from: own.clone(),
                para: p.id,
                target_para,
                lead: lead.clone(),
            };
            out.push((symbol, link));
        }
    }
    out
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
        Target::Doc(s) | Target::Part(s, _) => (s.clone(), None),
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
        .take(3)
        .map(|w| w.trim_end_matches([',', ';', ':']))
        .collect();
    match words.as_slice() {
        [] => String::new(),
        [a, "into", b, ..] => format!("{a} into {b}"),
        [a, b @ ("also" | "further" | "note"), ..] => format!("{a} {b}"),
        [a, ..] => a.to_string(),
    }
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
