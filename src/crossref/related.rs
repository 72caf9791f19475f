//! Related resolutions: who cites whom, who shares cited documents, who
//! carries the same title; ranked, ten at most. One resolution's list is
//! a function of its own neighbourhood, so an edit recomputes few lists.

use super::Graph;
use crate::content::Collection;
use crate::model::Resolution;
use crate::symbol::Symbol;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// Why two resolutions are related, and how strongly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Related {
    pub symbol: Symbol,
    pub score: usize,
    pub reasons: Vec<String>,
}

/// Documents cited by more resolutions than this say little about
/// kinship; titles held by more than this many, likewise.
pub const COMMON: usize = 50;

/// The key grouping resolutions of one title.
pub fn title_key(res: &Resolution) -> String {
    res.meta.title.to_lowercase()
}

/// The related resolutions of `a`, best first: citing, cited by, sharing
/// cited documents, and the same title.
pub fn related_of(a: &Symbol, collection: &Collection, graph: &Graph) -> Vec<Related> {
    let mut seen: Vec<(&Symbol, Kind)> = Vec::new();
    for to in graph.cites.get(a).into_iter().flatten() {
        if collection.contains_key(to) {
            seen.push((to, Kind::Cites));
        }
        if let Some(list) = graph.citers.get(to).filter(|l| l.len() <= COMMON) {
            seen.extend(list.iter().map(|b| (b, Kind::Shares)));
        }
    }
    if let Some(list) = graph.citers.get(a) {
        seen.extend(list.iter().map(|b| (b, Kind::CitedBy)));
    }
    if let Some(res) = collection.get(a)
        && let Some(list) = graph.by_title.get(&title_key(res)).filter(|l| l.len() <= COMMON)
    {
        seen.extend(list.iter().map(|b| (b, Kind::SameTitle)));
    }
    // Grouped by hash, not by sorting: natural order is dear to compare,
    // and only the ten best need it.
    let mut by_partner: HashMap<&Symbol, Pair> = HashMap::with_capacity(seen.len());
    for (b, kind) in seen {
        if b == a {
            continue;
        }
        let p = by_partner.entry(b).or_default();
        match kind {
            Kind::Cites => p.cites = true,
            Kind::CitedBy => p.cited_by = true,
            Kind::SameTitle => p.same_title = true,
            Kind::Shares => p.shared += 1,
        }
    }
    let mut pairs: Vec<(&Symbol, Pair)> = by_partner.into_iter().collect();
    let best = |(x, p): &(&Symbol, Pair), (y, q): &(&Symbol, Pair)| q.score().cmp(&p.score()).then_with(|| x.cmp(y));
    if pairs.len() > 10 {
        pairs.select_nth_unstable_by(9, best);
        pairs.truncate(10);
    }
    pairs.sort_by(best);
    pairs
        .into_iter()
        .map(|(b, p)| Related {
            symbol: b.clone(),
            score: p.score(),
            reasons: p.reasons(),
        })
        .collect()
}

/// Every resolution whose related list may name `a`, or may change when
/// `a`'s citations or title change: what it cites, who cites it, who
/// shares a cited document with it, who has its title. `a` included.
pub fn candidates(a: &Symbol, title: Option<&str>, graph: &Graph, out: &mut BTreeSet<Symbol>) {
    out.insert(a.clone());
    for to in graph.cites.get(a).into_iter().flatten() {
        out.insert(to.clone());
        if let Some(list) = graph.citers.get(to).filter(|l| l.len() <= COMMON) {
            out.extend(list.iter().cloned());
        }
    }
    out.extend(graph.citers.get(a).into_iter().flatten().cloned());
    if let Some(list) = title.and_then(|t| graph.by_title.get(t)).filter(|l| l.len() <= COMMON) {
        out.extend(list.iter().cloned());
    }
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
