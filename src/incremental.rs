//! Incremental builds: what the last build was made of (the manifest, kept
//! in the output's state folder), and which pages a change can affect.
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
    /// The configuration.
    pub global: u64,
    /// Each template's hash (with the templates it uses), and each static file's.
    pub templates: BTreeMap<String, u64>,
    pub statics: BTreeMap<String, u64>,
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
    /// The discovery pages (by session, committee, agenda item, tag).
    pub listings: BTreeSet<String>,
    /// What the output folder held when the build ended: a later build
    /// trusts this manifest only while the folder still holds just that.
    pub output: crate::output::tally::Tally,
}

pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Where the manifest of the output folder `out` is kept: in its state
/// folder, which Plenary owns with the rest of the output.
pub fn manifest_path(out: &Path) -> PathBuf {
    out.join(crate::output::place::STATE_DIR).join("manifest.json")
}

/// Where the parse cache of the output folder `out` is kept.
pub fn cache_path(out: &Path) -> PathBuf {
    out.join(crate::output::place::STATE_DIR).join("cache.bin")
}

impl Manifest {
    /// The manifest of the last build into `out`, if it is there, readable
    /// and written by this version.
    pub fn read(out: &Path) -> Option<Manifest> {
        let bytes = std::fs::read(manifest_path(out)).ok()?;
        let m: Manifest = serde_json::from_slice(&bytes).ok()?;
        (m.version == env!("PLENARY_BUILD_ID") && out.is_dir()).then_some(m)
    }

    /// Writes the manifest into `out`'s state folder, atomically.
    pub fn write(&self, out: &Path) -> std::io::Result<()> {
        let path = manifest_path(out);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec(self).unwrap_or_default())?;
        std::fs::rename(tmp, path)
    }

    /// The manifest describing `site`.
    pub fn of(site: &Site, global: u64, sources: BTreeMap<String, u64>) -> Manifest {
        Manifest::with_parts(site, global, sources).0
    }

    /// The manifest describing `site`, and the parts its hashes are made
    /// of (kept by `serve` to update the manifest after an edit).
    pub fn with_parts(site: &Site, global: u64, sources: BTreeMap<String, u64>) -> (Manifest, Parts) {
        let resolutions: Vec<_> = site.collection.values().collect();
        let per_resolution: Vec<(Symbol, u64, u64)> = resolutions
            .par_iter()
            .map(|r| (r.symbol().clone(), face(site, r), home_entry(r)))
            .collect();
        let cited: Vec<&Symbol> = site.graph.cited_by.keys().collect();
        let citations: HashMap<Symbol, u64> = cited
            .par_iter()
            .filter_map(|s| Some(((*s).clone(), citation_entry(site, s)?)))
            .collect();
        let mut parts = Parts {
            citations,
            ..Parts::default()
        };
        for (sym, face, home) in per_resolution {
            parts.faces.insert(sym.clone(), face);
            parts.home.insert(sym, home);
        }
        let faces = &parts.faces;
        let symbols: Vec<&Symbol> = site
            .collection
            .keys()
            .chain(site.graph.outside(&site.collection))
            .collect();
        let groups = symbols
            .par_iter()
            .map(|sym| ((*sym).clone(), fingerprint(site, sym, &sources, faces)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let paragraphs = site
            .collection
            .iter()
            .map(|(s, r)| (s.clone(), paragraph_ids(r)))
            .collect();
        let manifest = Manifest {
            version: env!("PLENARY_BUILD_ID").to_string(),
            global,
            templates: site.theme.template_hashes.clone(),
            statics: static_hashes(&site.theme),
            sources,
            groups,
            paragraphs,
            home: sum(&parts.home),
            citations: sum(&parts.citations),
            listings: crate::render::listings::paths(&site.collection),
            output: Default::default(),
        };
        (manifest, parts)
    }

    /// Brings the manifest up to date after an edit that changed the
    /// resolutions in `changed`, the content files in `sources` (a hash, or
    /// `None` for a file gone) and reached `touched` in the graph; returns
    /// what must be rendered again. Only the edit's neighbourhood is hashed.
    pub fn update(
        &mut self,
        site: &Site,
        parts: &mut Parts,
        changed: &BTreeSet<Symbol>,
        sources: BTreeMap<String, Option<u64>>,
        touched: &crate::crossref::update::Touched,
    ) -> Plan {
        for (path, hash) in sources {
            match hash {
                Some(h) => self.sources.insert(path, h),
                None => self.sources.remove(&path),
            };
        }
        let mut groups = touched.groups.clone();
        for sym in changed.iter().chain(&touched.targets) {
            set(&mut parts.home, sym, site.collection.get(sym).map(|r| home_entry(r)));
            set(&mut parts.citations, sym, citation_entry(site, sym));
            let now = site.collection.get(sym).map(|r| face(site, r));
            let was = set(&mut parts.faces, sym, now);
            if was != now {
                // Pages that show this resolution's face (title, date,
                // paragraphs cited by number) must be hashed again.
                let title = site.collection.get(sym).map(|r| crate::crossref::title_key(r));
                crate::crossref::candidates(sym, title.as_deref(), &site.graph, &mut groups);
            }
        }
        let mut plan = Plan::default();
        for sym in groups {
            let is_group = site.collection.contains_key(&sym) || site.graph.cited_by.contains_key(&sym);
            if is_group {
                let f = fingerprint(site, &sym, &self.sources, &parts.faces);
                if self.groups.insert(sym.clone(), f) != Some(f) {
                    plan.dirty.insert(sym);
                }
            } else if self.groups.remove(&sym).is_some() {
                plan.removed.insert(sym);
            }
        }
        for sym in changed {
            match site.collection.get(sym) {
                Some(r) => self.paragraphs.insert(sym.clone(), paragraph_ids(r)),
                None => self.paragraphs.remove(sym),
            };
        }
        let (home, citations) = (sum(&parts.home), sum(&parts.citations));
        plan.home = std::mem::replace(&mut self.home, home) != home;
        if plan.home {
            // Facet values are part of the home entries: only then can the
            // set of discovery pages change.
            let listings = crate::render::listings::paths(&site.collection);
            plan.listings_removed = self.listings.difference(&listings).cloned().collect();
            self.listings = listings;
        }
        plan.citations = std::mem::replace(&mut self.citations, citations) != citations;
        plan
    }
}

/// The per-symbol hashes a manifest is made of: faces (what other groups'
/// pages show of a resolution) and the entries of the home page and of the
/// citations index, whose sums are the hashes of those pages.
#[derive(Debug, Default)]
pub struct Parts {
    pub faces: HashMap<Symbol, u64>,
    pub home: HashMap<Symbol, u64>,
    pub citations: HashMap<Symbol, u64>,
}

/// Each static file of the theme, hashed.
pub fn static_hashes(theme: &crate::theme::Theme) -> BTreeMap<String, u64> {
    theme
        .static_files
        .iter()
        .map(|(k, v)| (k.clone(), hash_of(v)))
        .collect()
}

/// Sets or removes `sym`'s entry; returns the previous one.
fn set(map: &mut HashMap<Symbol, u64>, sym: &Symbol, value: Option<u64>) -> Option<u64> {
    match value {
        Some(v) => map.insert(sym.clone(), v),
        None => map.remove(sym),
    }
}

/// A hash of a set of entries, updated by replacing one entry: the home
/// page and the citations index list their entries in symbol order, and
/// each entry's hash includes its symbol.
fn sum(entries: &HashMap<Symbol, u64>) -> u64 {
    entries.values().fold(0u64, |a, b| a.wrapping_add(*b))
}

fn paragraph_ids(r: &crate::model::Resolution) -> Vec<String> {
    r.paragraphs().map(|p| p.id.to_string()).collect()
}

/// What the home page, the feed and the discovery pages show of a
/// resolution: symbol, title, date, and the values it is listed under.
fn home_entry(r: &crate::model::Resolution) -> u64 {
    let m = &r.meta;
    hash_of(&(
        r.symbol(),
        &m.title,
        &m.adopted,
        &m.session,
        &m.committee,
        &m.agenda_item,
        &m.tags,
    ))
}

/// What the citations index shows of a cited document: how many
/// paragraphs of how many other resolutions cite it, and its title.
fn citation_entry(site: &Site, sym: &Symbol) -> Option<u64> {
    let links = site.graph.cited_by.get(sym)?;
    let others: Vec<&Symbol> = links.iter().map(|b| &b.from).filter(|f| *f != sym).collect();
    let mut resolutions = others.clone();
    resolutions.dedup();
    let title = site.collection.get(sym).map(|r| &r.meta.title);
    Some(hash_of(&(sym, others.len(), resolutions.len(), title)))
}

/// What the pages of other groups show of a resolution, hashed: its title
/// and date, and the text of its paragraphs that are cited by number
/// (citation previews quote them). Lead words of citing paragraphs travel
/// in the backlinks, which are hashed with the cited group.
fn face(site: &Site, r: &crate::model::Resolution) -> u64 {
    let cited: BTreeSet<crate::model::ParaId> = site
        .graph
        .cited_by
        .get(r.symbol())
        .into_iter()
        .flatten()
        .filter_map(|b| b.target_para)
        .collect();
    let mut h = DefaultHasher::new();
    (&r.meta.title, &r.meta.adopted).hash(&mut h);
    for p in r.paragraphs().filter(|p| cited.contains(&p.id)) {
        (p.id, &p.text).hash(&mut h);
    }
    h.finish()
}

/// Everything the pages of `sym` show, hashed: its own source, the faces
/// of its neighbours, and the lists of who cites it and its relatives.
fn fingerprint(site: &Site, sym: &Symbol, sources: &BTreeMap<String, u64>, faces: &HashMap<Symbol, u64>) -> u64 {
    let source_of = |s: &Symbol| {
        site.collection
            .get(s)
            .and_then(|r| sources.get(&r.source.display().to_string()).copied())
            .unwrap_or(0)
    };
    let face_of = |s: &Symbol| faces.get(s).copied().unwrap_or(0);
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
    /// Templates whose pages are all rendered again.
    pub templates: BTreeSet<String>,
    /// Static files copied again (new or changed), and removed.
    pub statics: BTreeSet<String>,
    pub statics_removed: BTreeSet<String>,
    /// Discovery pages whose value no resolution has any more.
    pub listings_removed: BTreeSet<String>,
}

impl Plan {
    /// Whether a resolution changed, came or went (the search index and
    /// other site-wide files then change).
    pub fn content_changed(&self) -> bool {
        !self.dirty.is_empty() || !self.removed.is_empty()
    }
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
        listings_removed: old.listings.difference(&new.listings).cloned().collect(),
        ..theme_plan(old, &new.templates, &new.statics)
    }
}

/// What a change of theme alone (to these template and static file
/// hashes) makes stale.
pub fn theme_plan(old: &Manifest, templates: &BTreeMap<String, u64>, statics: &BTreeMap<String, u64>) -> Plan {
    Plan {
        templates: changed_keys(&old.templates, templates),
        statics: statics
            .iter()
            .filter(|(k, h)| old.statics.get(*k) != Some(*h))
            .map(|(k, _)| k.clone())
            .collect(),
        statics_removed: old
            .statics
            .keys()
            .filter(|k| !statics.contains_key(*k))
            .cloned()
            .collect(),
        ..Plan::default()
    }
}

/// Keys added, removed or with another value.
fn changed_keys(old: &BTreeMap<String, u64>, new: &BTreeMap<String, u64>) -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = old.keys().chain(new.keys()).cloned().collect();
    keys.retain(|k| old.get(k) != new.get(k));
    keys
}
