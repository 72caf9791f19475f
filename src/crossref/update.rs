//! The graph after an edit, without rebuilding it: the changed resolutions'
//! links are taken back and added again, and only the related lists of
//! their neighbourhoods are recomputed. `serve` uses it so that an edit
//! costs the same in a collection of 500 or of 50,000 resolutions.
//!
//! The result equals [`super::build`] on the new collection (tests compare
//! them after random edits); only the warnings are not recomputed.

use super::related::{candidates, related_of, title_key};
use super::{Graph, links};
use crate::content::Collection;
use crate::model::Resolution;
use crate::symbol::Symbol;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What an update reached.
#[derive(Debug, Default)]
pub struct Touched {
    /// Symbols whose pages may show something new: the changed resolutions,
    /// what they cite and cited, and, when what they cite or their title
    /// changed, every resolution whose related list may name them (before
    /// and after the edit).
    pub groups: BTreeSet<Symbol>,
    /// Documents the changed resolutions cite or cited: their backlinks
    /// (and the paragraphs of theirs cited by number) may have changed.
    pub targets: BTreeSet<Symbol>,
}

/// Updates `graph` for a collection in which the resolutions named in
/// `before` changed; `before` holds each one's previous version (`None`
/// for a new resolution). `collection` is the collection after the edit.
pub fn update(
    graph: &mut Graph,
    collection: &Collection,
    before: &BTreeMap<Symbol, Option<Arc<Resolution>>>,
) -> Touched {
    let mut touched = Touched::default();
    // Resolutions whose kinship changes (what they cite, their title, or
    // whether they exist): only their neighbourhoods' related lists can
    // change; those are gathered before the edit and after it.
    let mut kin = BTreeSet::new();
    let mut moved = Vec::new();
    for (sym, prev) in before {
        let now = collection.get(sym);
        let cites_now: BTreeSet<Symbol> = now
            .map(|r| links(r).into_iter().map(|(t, _)| t).filter(|t| t != sym).collect())
            .unwrap_or_default();
        let same = now.is_some() == prev.is_some()
            && graph.cites.get(sym).map_or(cites_now.is_empty(), |c| *c == cites_now)
            && now.map(|r| title_key(r)) == prev.as_deref().map(title_key);
        if !same {
            let title = prev.as_deref().map(title_key);
            candidates(sym, title.as_deref(), graph, &mut kin);
            moved.push(sym);
        }
    }
    for (sym, prev) in before {
        if let Some(prev) = prev {
            unlink(graph, sym, prev, &mut touched.targets);
        }
    }
    for sym in before.keys() {
        if let Some(res) = collection.get(sym) {
            link(graph, res, &mut touched.targets);
        }
    }
    for sym in moved {
        let title = collection.get(sym).map(|r| title_key(r));
        candidates(sym, title.as_deref(), graph, &mut kin);
    }
    for sym in &kin {
        let list = if collection.contains_key(sym) {
            related_of(sym, collection, graph)
        } else {
            Vec::new()
        };
        if list.is_empty() {
            graph.related.remove(sym);
        } else {
            graph.related.insert(sym.clone(), list);
        }
    }
    touched.groups.extend(before.keys().cloned());
    touched.groups.extend(kin);
    touched.groups.extend(touched.targets.iter().cloned());
    touched
}

/// Takes back everything `prev` (the old version of `sym`) contributed.
fn unlink(graph: &mut Graph, sym: &Symbol, prev: &Resolution, targets: &mut BTreeSet<Symbol>) {
    for (target, _) in links(prev) {
        if let Some(list) = graph.cited_by.get_mut(&target) {
            list.retain(|b| &b.from != sym);
            if list.is_empty() {
                graph.cited_by.remove(&target);
            }
        }
        targets.insert(target);
    }
    for to in graph.cites.remove(sym).into_iter().flatten() {
        if let Some(set) = graph.citers.get_mut(&to) {
            set.remove(sym);
            if set.is_empty() {
                graph.citers.remove(&to);
            }
        }
    }
    let key = title_key(prev);
    if let Some(set) = graph.by_title.get_mut(&key) {
        set.remove(sym);
        if set.is_empty() {
            graph.by_title.remove(&key);
        }
    }
}

/// Adds what `res` contributes, keeping every list sorted as a full build does.
fn link(graph: &mut Graph, res: &Resolution, targets: &mut BTreeSet<Symbol>) {
    let from = res.symbol();
    for (target, backlink) in links(res) {
        if &target != from {
            graph.cites.entry(from.clone()).or_default().insert(target.clone());
            graph.citers.entry(target.clone()).or_default().insert(from.clone());
        }
        let list = graph.cited_by.entry(target.clone()).or_default();
        if let Err(i) = list.binary_search(&backlink) {
            list.insert(i, backlink);
        }
        targets.insert(target);
    }
    graph.by_title.entry(title_key(res)).or_default().insert(from.clone());
}
