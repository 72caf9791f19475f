//! Cross-reference stage: from every paragraph's citations to the graph of
//! who cites whom, so that each page can list who cites it, resolutions can
//! list their relatives, and documents outside the collection get a page.

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

/// Why two resolutions are related, and how strongly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
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
    crate::build::timing("  merge", t);
    let t = std::time::Instant::now();
    graph.related = related(collection, &graph);
    crate::build::timing("  related", t);
    (graph, diags)
}

/// Everything one resolution cites, as (cited symbol, backlink) pairs.
fn outgoing(collection: &Collection, res: &Resolution) -> (Vec<(Symbol, Backlink)>, Diagnostics) {
    let own = res.symbol();
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    for p in res.paragraphs() {
        let cites = effective_cites(res, p);
        if cites.is_empty() {
            continue;
        }
        let lead = lead(&p.text);
        for target in cites {
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
            let link = Backlink {
                from: own.clone(),
                para: p.id,
                target_para,
                lead: lead.clone(),
            };
            out.push((symbol, link));
        }
    }
    (out, diags)
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

/// Documents cited by more resolutions than this say little about kinship.
const COMMON: usize = 50;

/// Relatives of each resolution, ranked: citing, cited by, sharing cited
/// documents, and the same title (annual resolutions on one item). Pairs
/// are counted by index in a hash map: the collection can be large.
fn related(collection: &Collection, graph: &Graph) -> BTreeMap<Symbol, Vec<Related>> {
    let symbols: Vec<&Symbol> = collection.keys().collect();
    let index: HashMap<&Symbol, u32> = symbols.iter().enumerate().map(|(i, s)| (*s, i as u32)).collect();
    // Inverted indexes: who cites each document, and each title's holders.
    let mut citers: HashMap<&Symbol, Vec<u32>> = HashMap::new();
    let mut cites: Vec<Vec<&Symbol>> = vec![Vec::new(); symbols.len()];
    for (from, targets) in &graph.cites {
        let Some(&a) = index.get(from) else { continue };
        for to in targets {
            citers.entry(to).or_default().push(a);
            cites[a as usize].push(to);
        }
    }
    let mut by_title: HashMap<String, Vec<u32>> = HashMap::new();
    let titles: Vec<String> = collection.values().map(|r| r.meta.title.to_lowercase()).collect();
    for (i, t) in titles.iter().enumerate() {
        by_title.entry(t.clone()).or_default().push(i as u32);
    }
    // Each resolution gathers its partners on its own: no shared map, so
    // the work splits across cores and stays near-linear.
    let lists: Vec<(usize, Vec<Related>)> = (0..symbols.len())
        .into_par_iter()
        .map(|a| {
            let mut seen: Vec<(u32, Kind)> = Vec::new();
            for to in &cites[a] {
                if let Some(&b) = index.get(*to) {
                    seen.push((b, Kind::Cites));
                }
                if let Some(list) = citers.get(*to).filter(|l| l.len() <= COMMON) {
                    seen.extend(list.iter().map(|&b| (b, Kind::Shares)));
                }
            }
            if let Some(list) = citers.get(symbols[a]) {
                seen.extend(list.iter().map(|&b| (b, Kind::CitedBy)));
            }
            if let Some(list) = by_title.get(&titles[a]).filter(|l| l.len() <= COMMON) {
                seen.extend(list.iter().map(|&b| (b, Kind::SameTitle)));
            }
            seen.retain(|(b, _)| *b as usize != a);
            seen.sort_unstable();
            let mut pairs: Vec<(u32, Pair)> = Vec::new();
            for (b, kind) in seen {
                if pairs.last().is_none_or(|(x, _)| *x != b) {
                    pairs.push((b, Pair::default()));
                }
                if let Some((_, p)) = pairs.last_mut() {
                    match kind {
                        Kind::Cites => p.cites = true,
                        Kind::CitedBy => p.cited_by = true,
                        Kind::SameTitle => p.same_title = true,
                        Kind::Shares => p.shared += 1,
                    }
                }
            }
            pairs.sort_by(|(x, p), (y, q)| q.score().cmp(&p.score()).then_with(|| x.cmp(y)));
            pairs.truncate(10);
            let related = pairs
                .into_iter()
                .map(|(b, p)| Related {
                    symbol: symbols[b as usize].clone(),
                    score: p.score(),
                    reasons: p.reasons(),
                })
                .collect();
            (a, related)
        })
        .collect();
    lists
        .into_iter()
        .filter(|(_, l): &(usize, Vec<Related>)| !l.is_empty())
        .map(|(a, l)| (symbols[a].clone(), l))
        .collect()
}

/// How one resolution relates to another, before counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Cites,
    CitedBy,
    SameTitle,
    Shares,
}

/// What links two resolutions.
#[derive(Debug, Default, Clone, Copy)]
struct Pair {
    cites: bool,
    cited_by: bool,
    same_title: bool,
    shared: usize,
}

impl Pair {
    fn score(&self) -> usize {
        10 * usize::from(self.cites) + 10 * usize::from(self.cited_by) + 5 * usize::from(self.same_title) + self.shared
    }

    fn reasons(&self) -> Vec<String> {
        let mut words = Vec::new();
        for (on, word) in [
            (self.cites, "cites"),
            (self.cited_by, "cited by"),
            (self.same_title, "same title"),
        ] {
            if on {
                words.push(word.to_string());
            }
        }
        if self.shared > 0 {
            let s = if self.shared == 1 { "" } else { "s" };
            words.push(format!("shares {} cited document{s}", self.shared));
        }
        words
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
