//! Incremental builds: what the last build was made of (the manifest, kept
//! beside the output), and which pages a change can affect.
//!
//! Pages come in groups, one per symbol: a resolution's page, its JSON and
//! its paragraph pages; or the page of a document outside the collection.
//! A group's fingerprint hashes everything its pages show from other
//! groups: its own source, the sources of what it cites, of who cites it and
//! of its related resolutions, and those lists themselves. A group whose
//! fingerprint is unchanged renders to the same bytes, so it is skipped.

use crate::build::Site;
use crate::symbol::Symbol;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// What one build was made of.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Which build of Plenary (version and a hash of its sources): another
    /// build may render differently.
    pub version: String,
    /// Configuration and theme.
    pub global: u64,
    /// Every content file (path as shown) and the hash of its text.
    pub sources: BTreeMap<String, u64>,
    /// Every page group and its fingerprint.
    pub groups: BTreeMap<Symbol, u64>,
    /// The paragraph ids of each resolution, to remove pages that went away.
    pub paragraphs: BTreeMap<Symbol, Vec<String>>,
    /// Fingerprints of the pages about the whole site: the home page (every
    /// resolution's symbol, title and date) and the citations index.
    pub home: u64,
    pub citations: u64,
}

pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Where the manifest of the output folder `out` is kept: beside it, so it
/// is never published with the site.
pub fn manifest_path(out: &Path) -> PathBuf {
    crate::output::sibling(out, "manifest.json")
}

/// Where the parse cache of the output folder `out` is kept.
pub fn cache_path(out: &Path) -> PathBuf {
    crate::output::sibling(out, "cache.bin")
}

impl Manifest {
    /// The manifest of the last build into `out`, if it is there, readable
    /// and written by this version.
    pub fn read(out: &Path) -> Option<Manifest> {
        let bytes = std::fs::read(manifest_path(out)).ok()?;
        let m: Manifest = serde_json::from_slice(&bytes).ok()?;
        (m.version == env!("PLENARY_BUILD_ID") && out.is_dir()).then_some(m)
    }

    /// Writes the manifest beside `out`, atomically.
    pub fn write(&self, out: &Path) -> std::io::Result<()> {
        let path = manifest_path(out);
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec(self).unwrap_or_default())?;
        std::fs::rename(tmp, path)
    }

    /// The manifest describing `site`.
    pub fn of(site: &Site, global: u64, sources: BTreeMap<String, u64>) -> Manifest {
        let by_symbol: HashMap<&Symbol, u64> = site
            .collection
            .values()
            .map(|r| {
                (
                    r.symbol(),
                    sources.get(&r.source.display().to_string()).copied().unwrap_or(0),
                )
            })
            .collect();
        let source_of = |s: &Symbol| by_symbol.get(s).copied().unwrap_or(0);
        let faces = faces(site);
        let face_of = |s: &Symbol| faces.get(s).copied().unwrap_or(0);
        let symbols: Vec<&Symbol> = site
            .collection
            .keys()
            .chain(site.graph.outside(&site.collection))
            .collect();
        let groups = symbols
            .par_iter()
            .map(|sym| ((*sym).clone(), fingerprint(site, sym, &source_of, &face_of)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let paragraphs = site
            .collection
            .iter()
            .map(|(s, r)| (s.clone(), r.paragraphs().map(|p| p.id.to_string()).collect()))
            .collect();
        let home = hash_of(
            &site
                .collection
                .values()
                .map(|r| (r.symbol(), &r.meta.title, &r.meta.adopted))
                .collect::<Vec<_>>(),
        );
        let citations = hash_of(
            &site
                .graph
                .cited_by
                .iter()
                .map(|(s, links)| (s, links.len(), site.collection.get(s).map(|r| &r.meta.title)))
                .collect::<Vec<_>>(),
        );
        Manifest {
            version: env!("PLENARY_BUILD_ID").to_string(),
            global,
            sources,
            groups,
            paragraphs,
            home,
            citations,
        }
    }
}

/// What the pages of other groups show of each resolution, hashed: its
/// title and date, and the text of its paragraphs that are cited by number
/// (citation previews quote them). Lead words of citing paragraphs travel
/// in the backlinks, which are hashed with the cited group.
fn faces(site: &Site) -> HashMap<&Symbol, u64> {
    let mut cited: HashMap<&Symbol, BTreeSet<crate::model::ParaId>> = HashMap::new();
    for (sym, links) in &site.graph.cited_by {
        for p in links.iter().filter_map(|b| b.target_para) {
            cited.entry(sym).or_default().insert(p);
        }
    }
    site.collection
        .values()
        .map(|r| {
            let mut h = DefaultHasher::new();
            (&r.meta.title, &r.meta.adopted).hash(&mut h);
            if let Some(paras) = cited.get(r.symbol()) {
                for p in r.paragraphs().filter(|p| paras.contains(&p.id)) {
                    (p.id, &p.text).hash(&mut h);
                }
            }
            (r.symbol(), h.finish())
        })
        .collect()
}

/// Everything the pages of `sym` show, hashed: its own source, the faces
/// of its neighbours, and the lists of who cites it and its relatives.
fn fingerprint(
    site: &Site,
    sym: &Symbol,
    source_of: &(dyn Fn(&Symbol) -> u64 + Sync),
    face_of: &(dyn Fn(&Symbol) -> u64 + Sync),
) -> u64 {
    let graph = &site.graph;
    let mut neighbours: BTreeSet<&Symbol> = BTreeSet::new();
    if let Some(cites) = graph.cites.get(sym) {
        neighbours.extend(cites.iter().filter(|c| site.collection.contains_key(*c)));
    }
    let citing = graph.citing(sym);
    neighbours.extend(citing.iter().map(|b| &b.from));
    let related = graph.related.get(sym);
    if let Some(list) = related {
        neighbours.extend(list.iter().map(|r| &r.symbol));
    }
    let mut h = DefaultHasher::new();
    sym.hash(&mut h);
    source_of(sym).hash(&mut h);
    for n in neighbours {
        n.hash(&mut h);
        face_of(n).hash(&mut h);
    }
    citing.hash(&mut h);
    related.hash(&mut h);
    h.finish()
}

/// What an incremental build must do.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Groups whose pages are rendered again.
    pub dirty: BTreeSet<Symbol>,
    /// Groups whose pages are removed.
    pub removed: BTreeSet<Symbol>,
    pub home: bool,
    pub citations: bool,
}

/// Compares the last build with this one.
pub fn plan(old: &Manifest, new: &Manifest) -> Plan {
    let dirty = new
        .groups
        .iter()
        .filter(|(s, f)| old.groups.get(*s) != Some(*f))
        .map(|(s, _)| s.clone())
        .collect();
    let removed = old
        .groups
        .keys()
        .filter(|s| !new.groups.contains_key(*s))
        .cloned()
        .collect();
    Plan {
        dirty,
        removed,
        home: old.home != new.home,
        citations: old.citations != new.citations,
    }
}
