//! The preview's builder. The first build, and any change to the theme, the
//! configuration or a folder, goes through the whole pipeline (reusing
//! what it read and parsed before). An edit to content files — the common
//! case while writing — only reads and parses those files and updates the
//! site kept in memory: the graph, the manifest and the pages an edit
//! reaches, so its cost does not grow with the size of the collection.

use crate::build::{self, Options, Site};
use crate::content::{self, ParseCache, Parsed, ReadCache, SourceFile};
use crate::diag::Diagnostics;
use crate::fsx;
use crate::incremental::{self, Manifest, Parts, Plan};
use crate::model::Resolution;
use crate::symbol::Symbol;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// The outcome of a rebuild: files to put, keys to drop, and whether the
/// files replace the whole site.
pub struct Rebuilt {
    pub files: Vec<(String, Vec<u8>)>,
    pub removed: Vec<String>,
    pub full: bool,
    /// Whether the quick path (content edits only) made it.
    pub quick: bool,
}

/// Builds in memory, keeping what the last build read, parsed and produced.
pub struct Engine {
    opts: Options,
    root_abs: PathBuf,
    files: ReadCache,
    cache: ParseCache,
    /// Content files edited through the quick path since the last full
    /// read: the full read reads them again whatever their time stamps say.
    edited: HashSet<PathBuf>,
    live: Option<Live>,
}

/// The site as last built, and every content file as last read.
struct Live {
    site: Site,
    manifest: Manifest,
    parts: Parts,
    /// Every content file (by shown path) with its parse.
    sources: BTreeMap<PathBuf, (SourceFile, Parsed)>,
    /// Which content file each resolution of the site comes from.
    by_path: HashMap<PathBuf, Symbol>,
    /// Content files read but not yet in the site (an error stood in the way).
    pending: BTreeSet<PathBuf>,
    /// Content files with errors, and the files of each symbol (folded):
    /// two files with one symbol is an error too.
    failed: BTreeSet<PathBuf>,
    folds: HashMap<String, BTreeSet<PathBuf>>,
    /// A full rebuild failed since: files may have moved that only the full
    /// path sees, so the next rebuild takes it too.
    stale: bool,
    /// The files of the search index served, and whether quick edits made
    /// it stale: it covers the whole collection, so it is remade once the
    /// edits pause ([`Engine::refresh_search`]), not on every save.
    search: BTreeSet<String>,
    search_stale: bool,
}

impl Engine {
    pub fn new(opts: Options) -> Engine {
        let root_abs = std::path::absolute(&opts.root).unwrap_or_else(|_| opts.root.clone());
        Engine {
            opts,
            root_abs,
            files: ReadCache::default(),
            cache: ParseCache::default(),
            edited: HashSet::new(),
            live: None,
        }
    }

    /// The citation graph and manifest of the site as last built (to
    /// compare with a clean build's).
    pub fn state(&self) -> Option<(&crate::crossref::Graph, &Manifest)> {
        self.live.as_ref().map(|l| (&l.site.graph, &l.manifest))
    }

    /// Remakes the search index if edits made it stale; the files that
    /// changed, or `None`.
    pub fn refresh_search(&mut self) -> Option<Rebuilt> {
        let live = self.live.as_mut().filter(|l| l.search_stale && !l.stale)?;
        let (files, removed) = build::sitewide_changes(&live.site, &live.search);
        live.search = files.iter().map(|f| f.path.clone()).collect();
        live.search_stale = false;
        Some(Rebuilt {
            files: files.into_iter().map(|f| (f.path, f.bytes)).collect(),
            removed,
            full: false,
            quick: true,
        })
    }

    /// Rebuilds after changes at `changed` (absolute paths from the watcher;
    /// empty means "look at everything"); returns what changed, or `None`
    /// when nothing did.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Option<Rebuilt>, Diagnostics> {
        if let Some(edits) = self.quick_edits(changed) {
            return self.edit(edits);
        }
        if self.theme_only(changed) {
            return self.retheme();
        }
        self.full(changed)
    }

    /// Whether every change is to a theme file (a template or static file).
    fn theme_only(&self, changed: &[PathBuf]) -> bool {
        let themes = self.root_abs.join("themes");
        self.live.as_ref().is_some_and(|l| !l.stale && l.pending.is_empty())
            && !changed.is_empty()
            && changed.iter().all(|p| p.starts_with(&themes))
    }

    /// Loads the theme again and renders the pages of the templates that
    /// changed and the static files that did; the content is as it was.
    fn retheme(&mut self) -> Result<Option<Rebuilt>, Diagnostics> {
        let Some(live) = self.live.as_mut() else {
            return Ok(None);
        };
        let theme = crate::theme::load(&self.opts.root, &live.site.config.theme)?;
        let statics = incremental::static_hashes(&theme);
        let plan = incremental::theme_plan(&live.manifest, &theme.template_hashes, &statics);
        if plan.templates.is_empty() && plan.statics.is_empty() && plan.statics_removed.is_empty() {
            return Ok(None);
        }
        let old_theme = std::mem::replace(&mut live.site.theme, theme);
        match build::changes(&live.site, &plan, |s| live.manifest.paragraphs.get(s)) {
            Ok(ch) => {
                live.manifest.templates = live.site.theme.template_hashes.clone();
                live.manifest.statics = statics;
                Ok(Some(Rebuilt {
                    files: ch.files.into_iter().map(|f| (f.path, f.bytes)).collect(),
                    removed: ch.removed,
                    full: false,
                    quick: true,
                }))
            }
            Err(d) => {
                // The pages served are still the old theme's.
                live.site.theme = old_theme;
                Err(d)
            }
        }
    }

    /// The content files behind `changed`, when every change is an edit,
    /// creation or deletion of a plain Markdown file under `content/` (or
    /// of a scratch file beside one, such as `sed -i` leaves).
    fn quick_edits(&self, changed: &[PathBuf]) -> Option<Vec<PathBuf>> {
        let live = self.live.as_ref().filter(|l| !l.stale)?;
        if changed.is_empty() {
            return None;
        }
        let content = self.root_abs.join(&live.site.config.content);
        let mut edits = Vec::new();
        for path in changed {
            let rel = path.strip_prefix(&self.root_abs).ok()?;
            if !path.starts_with(&content) || fsx::has_symlink_ancestor(&content, path) {
                return None;
            }
            let markdown = path.extension().is_some_and(|e| e == "md");
            match path.symlink_metadata() {
                Ok(m) if m.file_type().is_file() => {
                    if markdown {
                        edits.push(rel.to_path_buf());
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if markdown {
                        edits.push(rel.to_path_buf());
                    } else if live
                        .sources
                        .range(rel.to_path_buf()..)
                        .next()
                        .is_some_and(|(p, _)| p.starts_with(rel))
                    {
                        // A folder of content went away.
                        return None;
                    }
                }
                // Folders, links and the unreadable take the full path.
                _ => return None,
            }
        }
        Some(edits)
    }

    /// Reads and parses the edited files, then updates the site.
    fn edit(&mut self, edits: Vec<PathBuf>) -> Result<Option<Rebuilt>, Diagnostics> {
        let Some(live) = self.live.as_mut() else {
            return Ok(None);
        };
        let t = Instant::now();
        for shown in edits {
            let abs = self.opts.root.join(&shown);
            self.edited.insert(self.root_abs.join(&shown));
            let now = match abs.exists() {
                true => Some(match content::read_source(&abs, &shown) {
                    Ok(file) => {
                        let parsed = content::parse(&file);
                        (file, (parsed.0.map(Arc::new), parsed.1))
                    }
                    Err(d) => (SourceFile::new(&shown, String::new()), (None, d.into())),
                }),
                false => None,
            };
            let before = live.sources.get(&shown).map(|(f, (_, d))| (f.hash, d.has_errors()));
            let after = now.as_ref().map(|(f, (_, d))| (f.hash, d.has_errors()));
            if before == after && after.is_some_and(|(_, failed)| !failed) {
                continue;
            }
            live.set_source(shown.clone(), now);
            live.pending.insert(shown);
        }
        build::timing("read and parse", t);
        let t = Instant::now();
        let errors = live.errors();
        build::timing("errors", t);
        if errors.has_errors() {
            return Err(errors);
        }
        if live.pending.is_empty() {
            return Ok(None);
        }
        match live.apply() {
            Ok(r) => Ok(Some(r)),
            Err(d) => {
                // Half applied: the next rebuild starts from scratch.
                self.live = None;
                Err(d)
            }
        }
    }

    /// The whole pipeline: reads what changed on disk, parses what changed,
    /// renders the groups whose fingerprints changed (everything the first time).
    fn full(&mut self, changed: &[PathBuf]) -> Result<Option<Rebuilt>, Diagnostics> {
        let result = self.full_pipeline(changed);
        if result.is_err()
            && let Some(live) = &mut self.live
        {
            live.stale = true;
        }
        result
    }

    fn full_pipeline(&mut self, changed: &[PathBuf]) -> Result<Option<Rebuilt>, Diagnostics> {
        let t = Instant::now();
        let mut reread: HashSet<PathBuf> = changed.iter().cloned().collect();
        reread.extend(self.edited.drain());
        let inputs = build::read_cached(&self.opts, Some((&mut self.files, &reread)));
        build::timing("read", t);
        let (global, sources) = (inputs.global_hash(), inputs.source_hashes());
        let old = self.live.as_ref().map(|l| &l.manifest).filter(|m| m.global == global);
        if old.is_some_and(|m| inputs.unchanged_since(m, &sources)) {
            if let Some(live) = &mut self.live {
                live.pending.clear();
            }
            return Ok(None);
        }
        let files = inputs.files.clone();
        let t = Instant::now();
        let site = build::assemble_cached(inputs, &mut self.cache)?;
        build::timing("assemble", t);
        let t = Instant::now();
        let (manifest, parts) = Manifest::with_parts(&site, global, sources);
        build::timing("manifest", t);
        let t = Instant::now();
        let indexed = self.live.as_ref().map(|l| l.search.clone()).unwrap_or_default();
        let (rebuilt, search) = match old {
            Some(old) => {
                let plan = incremental::plan(old, &manifest);
                let mut ch = build::changes(&site, &plan, |s| old.paragraphs.get(s))?;
                let stale = self.live.as_ref().is_some_and(|l| l.search_stale);
                let search = if plan.content_changed() || stale {
                    let (files, removed) = build::sitewide_changes(&site, &indexed);
                    let names = files.iter().map(|f| f.path.clone()).collect();
                    ch.files.extend(files);
                    ch.removed.extend(removed);
                    names
                } else {
                    indexed
                };
                let rebuilt = Rebuilt {
                    files: ch.files.into_iter().map(|f| (f.path, f.bytes)).collect(),
                    removed: ch.removed,
                    full: false,
                    quick: false,
                };
                (rebuilt, search)
            }
            None => {
                let input = site.input();
                let jobs = crate::render::jobs(&input);
                let refs: Vec<&crate::render::Job> = jobs.iter().collect();
                let mut files = build::render_jobs(&input, &refs)?;
                let index = crate::render::sitewide(&input);
                let search = index.iter().map(|f| f.path.clone()).collect();
                files.extend(index);
                let rebuilt = Rebuilt {
                    files: files.into_iter().map(|f| (f.path, f.bytes)).collect(),
                    removed: Vec::new(),
                    full: true,
                    quick: false,
                };
                (rebuilt, search)
            }
        };
        build::timing("render", t);
        let sources = files
            .into_iter()
            .filter_map(|f| {
                let parsed = self.cache.get(&f.path, f.hash)?.clone();
                Some((f.path.clone(), (f, parsed)))
            })
            .collect();
        let mut live = Live::new(site, manifest, parts, sources);
        live.search = search;
        self.live = Some(live);
        Ok(Some(rebuilt))
    }
}

impl Live {
    fn new(site: Site, manifest: Manifest, parts: Parts, sources: BTreeMap<PathBuf, (SourceFile, Parsed)>) -> Live {
        let by_path = site
            .collection
            .iter()
            .map(|(s, r)| (r.source.clone(), s.clone()))
            .collect();
        let mut live = Live {
            site,
            manifest,
            parts,
            sources: BTreeMap::new(),
            by_path,
            pending: BTreeSet::new(),
            failed: BTreeSet::new(),
            folds: HashMap::new(),
            stale: false,
            search: BTreeSet::new(),
            search_stale: false,
        };
        for (path, entry) in sources {
            live.set_source(path, Some(entry));
        }
        live
    }

    /// Records a content file as read now (`None`: gone).
    fn set_source(&mut self, path: PathBuf, entry: Option<(SourceFile, Parsed)>) {
        let fold = |e: &(SourceFile, Parsed)| e.1.0.as_ref().map(|r| r.symbol().fold_key());
        if let Some(key) = self.sources.get(&path).and_then(fold)
            && let Some(set) = self.folds.get_mut(&key)
        {
            set.remove(&path);
            if set.is_empty() {
                self.folds.remove(&key);
            }
        }
        self.failed.remove(&path);
        let Some(entry) = entry else {
            self.sources.remove(&path);
            return;
        };
        if let Some(key) = fold(&entry) {
            self.folds.entry(key).or_default().insert(path.clone());
        }
        if entry.1.1.has_errors() {
            self.failed.insert(path.clone());
        }
        self.sources.insert(path, entry);
    }

    /// Every error of the content files as they are now: their own, and
    /// symbols held by two files (as a full build reports them).
    fn errors(&self) -> Diagnostics {
        let mut errors = Diagnostics::new();
        for path in &self.failed {
            if let Some((_, (_, diags))) = self.sources.get(path) {
                errors.extend(diags.clone());
            }
        }
        for paths in self.folds.values().filter(|p| p.len() > 1) {
            let mut paths = paths.iter();
            let Some(first) = paths.next() else { continue };
            for path in paths {
                if let Some((file, (Some(res), _))) = self.sources.get(path) {
                    errors.push(content::duplicate(res, &file.text, first));
                }
            }
        }
        errors.sort();
        errors
    }

    /// Puts the pending files into the site and renders what they reach.
    fn apply(&mut self) -> Result<Rebuilt, Diagnostics> {
        let t = Instant::now();
        self.search_stale = true;
        let pending = std::mem::take(&mut self.pending);
        let collection = &mut self.site.collection;
        let mut before: BTreeMap<Symbol, Option<Arc<Resolution>>> = BTreeMap::new();
        for path in &pending {
            if let Some(sym) = self.by_path.remove(path) {
                let prev = collection.remove(&sym);
                before.entry(sym).or_insert(prev);
            }
        }
        let mut sources = BTreeMap::new();
        for path in &pending {
            let entry = self.sources.get(path);
            sources.insert(path.display().to_string(), entry.map(|(f, _)| f.hash));
            if let Some((_, (Some(res), _))) = entry {
                let sym = res.symbol().clone();
                before
                    .entry(sym.clone())
                    .or_insert_with(|| collection.get(&sym).cloned());
                collection.insert(sym.clone(), res.clone());
                self.by_path.insert(path.clone(), sym);
            }
        }
        let touched = crate::crossref::update::update(&mut self.site.graph, &self.site.collection, &before);
        build::timing("graph update", t);
        // A new document may claim another's URL (edits elsewhere cannot).
        if before.values().any(Option::is_none) {
            crate::render::claims(&self.site.input())?;
        }
        let t = Instant::now();
        let old_paragraphs: BTreeMap<Symbol, Vec<String>> = before
            .keys()
            .filter_map(|s| Some((s.clone(), self.manifest.paragraphs.get(s)?.clone())))
            .collect();
        let changed: BTreeSet<Symbol> = before.into_keys().collect();
        let plan: Plan = self
            .manifest
            .update(&self.site, &mut self.parts, &changed, sources, &touched);
        build::timing("manifest update", t);
        let t = Instant::now();
        let manifest = &self.manifest;
        let ch = build::changes(&self.site, &plan, |s| {
            old_paragraphs.get(s).or_else(|| manifest.paragraphs.get(s))
        })?;
        build::timing("render", t);
        Ok(Rebuilt {
            files: ch.files.into_iter().map(|f| (f.path, f.bytes)).collect(),
            removed: ch.removed,
            full: false,
            quick: true,
        })
    }
}
