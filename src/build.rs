//! The build pipeline: load → parse → render → write, each stage a function
//! of the previous one's value. Problems of every stage are reported together.

use crate::config::Config;
use crate::content::{self, Collection};
use crate::crossref::{self, Graph};
use crate::diag::{Diagnostic, Diagnostics};
use crate::incremental::{self, Manifest};
use crate::output::{self, DirSink, Sink, Staging};
use crate::render::{self, Input};
use crate::symbol::Symbol;
use crate::theme::{self, Theme};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What the command line may override.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Ignore every cache: the manifest of the last build and the parse cache.
    pub full: bool,
}

/// A site loaded and parsed, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub theme: Theme,
    pub collection: Collection,
    pub graph: Graph,
    /// Warnings found while loading.
    pub warnings: Diagnostics,
}

impl Site {
    pub fn input(&self) -> Input<'_> {
        Input {
            config: &self.config,
            theme: &self.theme,
            collection: &self.collection,
            graph: &self.graph,
            listings: std::sync::OnceLock::new(),
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output)
    }
}

/// What a finished build reports.
#[derive(Debug)]
pub struct Summary {
    pub resolutions: usize,
    pub pages: usize,
    pub files: usize,
    /// Files written (all of them in a full build).
    pub written: usize,
    pub mode: Mode,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
    pub output: PathBuf,
}

/// What a build reads before parsing: configuration, theme, content files.
pub struct Inputs {
    pub root: PathBuf,
    pub config: Config,
    pub theme: Option<Theme>,
    pub files: Vec<content::SourceFile>,
    pub diags: Diagnostics,
}

impl Inputs {
    /// The configuration, hashed: when it changes, every page may. (The
    /// theme's templates and static files are compared one by one.)
    pub fn global_hash(&self) -> u64 {
        incremental::hash_of(&serde_json::to_string(&self.config).unwrap_or_default())
    }

    /// Whether a build of these inputs would give the site `old` describes:
    /// same content files (`sources`, from [`Self::source_hashes`]), same
    /// templates and static files, and nothing to report.
    pub fn unchanged_since(&self, old: &Manifest, sources: &BTreeMap<String, u64>) -> bool {
        let theme_same = self
            .theme
            .as_ref()
            .is_some_and(|t| t.template_hashes == old.templates && incremental::static_hashes(t) == old.statics);
        &old.sources == sources && theme_same && self.diags.is_empty()
    }

    /// Every content file and the hash of its text.
    pub fn source_hashes(&self) -> BTreeMap<String, u64> {
        self.files
            .iter()
            .map(|f| (f.path.display().to_string(), f.hash))
            .collect()
    }
}

/// Reads configuration, theme and content files.
pub fn read(opts: &Options) -> Inputs {
    read_cached(opts, None)
}

/// Like [`read`]; with a cache, content files unchanged since the last read
/// (and not among the watcher's `changed` paths) are not read again.
pub fn read_cached(
    opts: &Options,
    cache: Option<(&mut content::ReadCache, &std::collections::HashSet<PathBuf>)>,
) -> Inputs {
    let root = &opts.root;
    let mut diags = Diagnostics::new();
    let mut config = match Config::load(root) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            Config::default()
        }
    };
    if let Some(out) = &opts.output {
        config.output = out.clone();
    }
    if let Some(url) = &opts.base_url {
        config.base_url = url.clone();
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
    }
    let theme = theme::load(root, &config.theme).map_err(|d| diags.extend(d)).ok();
    let content_dir = root.join(&config.content);
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error(format!("there is no content folder at {}", content_dir.display())).help(
                "create it and put one Markdown file per resolution in it, or pass `--root` to the site's folder",
            ),
        );
    }
    let (files, d) = match cache {
        Some((cache, changed)) => content::load_cached(root, &content_dir, cache, changed),
        None => content::load(root, &content_dir),
    };
    diags.extend(d);
    Inputs {
        root: root.clone(),
        config,
        theme,
        files,
        diags,
    }
}

/// Parses what was read and cross-references it; all errors come back together.
pub fn assemble(inputs: Inputs) -> Result<Site, Diagnostics> {
    assemble_cached(inputs, &mut content::ParseCache::default())
}

/// Like [`assemble`], reusing what `cache` parsed before.
pub fn assemble_cached(inputs: Inputs, cache: &mut content::ParseCache) -> Result<Site, Diagnostics> {
    let Inputs {
        root,
        config,
        theme,
        files,
        mut diags,
    } = inputs;
    let t = Instant::now();
    let (collection, d) = content::parse_all_cached(&files, cache);
    diags.extend(d);
    timing("parse", t);
    let t = Instant::now();
    let (graph, d) = crossref::build(&collection);
    diags.extend(d);
    timing("cross-reference", t);
    diags.sort();
    let site = match theme {
        Some(theme) if !diags.has_errors() => Site {
            root,
            config,
            theme,
            collection,
            graph,
            warnings: diags,
        },
        _ => return Err(diags),
    };
    let t = Instant::now();
    let claimed = render::claims(&site.input());
    timing("claim output paths", t);
    claimed.map(|()| site)
}

/// Loads configuration, theme and content; all errors come back together.
pub fn load(opts: &Options) -> Result<Site, Diagnostics> {
    assemble(read(opts))
}

/// How a build went about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every page rendered into a staging folder swapped in at the end.
    Full,
    /// Only pages a change can affect rendered; unchanged files untouched.
    Incremental,
    /// Nothing changed since the last build: nothing done.
    Unchanged,
}

/// Builds the site into its output folder. The first build (or one after a
/// change of configuration or theme, or of much of the content, or of the
/// output folder itself) renders everything into a staging folder and swaps
/// it in; later builds render only the pages a change can affect and write
/// only files whose bytes changed; a build with nothing changed writes nothing.
pub fn build(opts: &Options) -> Result<Summary, Diagnostics> {
    let start = Instant::now();
    let inputs = read(opts);
    timing("read", start);
    let shown = inputs.root.join(&inputs.config.output);
    let claimed = output::claim(&shown, &guarded(&inputs))?;
    let out = claimed.dir.clone();
    let (global, sources) = (inputs.global_hash(), inputs.source_hashes());
    let t = Instant::now();
    let (old, mut notes) = trusted_manifest(&out, global, opts.full)?;
    timing("survey the output", t);
    if let Some(old) = &old
        && inputs.unchanged_since(old, &sources)
    {
        return Ok(Summary {
            resolutions: old.paragraphs.len(),
            pages: 0,
            files: 0,
            written: 0,
            mode: Mode::Unchanged,
            elapsed: start.elapsed(),
            warnings: Diagnostics::new(),
            output: shown,
        });
    }
    // What earlier builds parsed, to parse only the files that changed.
    let mut cache = match &old {
        Some(_) => content::ParseCache::load(&incremental::cache_path(&out)),
        None => content::ParseCache::default(),
    };
    let mut site = assemble_cached(inputs, &mut cache)?;
    timing("load, parse, cross-reference", start);
    let t = Instant::now();
    let mut manifest = Manifest::of(&site, global, sources);
    timing("manifest", t);
    let plan = old.as_ref().map(|old| incremental::plan(old, &manifest));
    // Past a third of the site, a full build into a fresh folder is faster.
    let small = plan.as_ref().is_some_and(|p| {
        3 * (p.dirty.len() + p.removed.len()) <= manifest.groups.len().max(1)
            && (p.templates.is_empty()
                || 3 * render::jobs_for(&site.input(), p).len() <= render::counts(&site.input()).1)
    });
    let (pages, files, written, mode) = match (old, plan) {
        (Some(old), Some(plan)) if small => {
            let t = Instant::now();
            let (pages, files, written) = update(&site, &out, &plan, &old, &mut manifest)?;
            timing("update", t);
            // A cache that cannot be written only makes the next build slower.
            let _ = cache.save(&incremental::cache_path(&out), false);
            (pages, files, written, Mode::Incremental)
        }
        _ => {
            let (pages, files) = full(&site, &out, &cache, &mut manifest)?;
            (pages, files, files, Mode::Full)
        }
    };
    site.warnings.extend(std::mem::take(&mut notes));
    drop(claimed);
    Ok(Summary {
        resolutions: site.collection.len(),
        pages,
        files,
        written,
        mode,
        elapsed: start.elapsed(),
        warnings: site.warnings,
        output: shown,
    })
}

/// What a build must never write into: the site's folder, its content
/// and its themes, resolved.
fn guarded(inputs: &Inputs) -> output::Guarded {
    let resolve = |p: &Path| output::place::resolve(p).unwrap_or_else(|_| p.to_path_buf());
    output::Guarded {
        root: resolve(&inputs.root),
        content: resolve(&inputs.root.join(&inputs.config.content)),
        themes: resolve(&inputs.root.join("themes")),
    }
}

/// The last build's manifest, when it can be trusted: written by this
/// Plenary with this configuration, and the output still holding exactly
/// what that build left (a walk compares sizes and times). A note says why
/// a manifest that was there is not used.
fn trusted_manifest(out: &Path, global: u64, full: bool) -> Result<(Option<Manifest>, Diagnostics), Diagnostics> {
    let mut notes = Diagnostics::new();
    if !out.exists() {
        return Ok((None, notes));
    }
    let survey = output::tally::survey(out)
        .map_err(|e| Diagnostics::from(crate::fsx::io_error("cannot read the output folder", out, e)))?;
    let tally = match survey {
        output::tally::Survey::Git(path) => {
            return Err(Diagnostics::from(
                Diagnostic::error(format!(
                    "refusing to build into {}: it holds a `.git` folder ({}), and a build replaces everything in its output folder",
                    out.display(),
                    path.display()
                ))
                .help("keep repositories out of the output folder: publish from a copy, or build into another folder"),
            ));
        }
        output::tally::Survey::Files(t) => Some(t),
        output::tally::Survey::Stray(_) => None,
    };
    let old = if full {
        None
    } else {
        Manifest::read(out).filter(|m| m.global == global)
    };
    let Some(old) = old else {
        return Ok((None, notes));
    };
    if tally != Some(old.output) {
        notes.push(
            Diagnostic::warning(format!(
                "the output folder {} was changed since the last build (files added, altered or removed)",
                out.display()
            ))
            .help("it is built again in full; keep edits in content/ and themes/, not in the output"),
        );
        return Ok((None, notes));
    }
    Ok((Some(old), notes))
}

/// Renders every page into a staging folder with the manifest and parse
/// cache, and swaps it in for `out`; returns (pages, files).
fn full(
    site: &Site,
    out: &Path,
    cache: &content::ParseCache,
    manifest: &mut Manifest,
) -> Result<(usize, usize), Diagnostics> {
    let staging = Staging::begin(out)?;
    let render_start = Instant::now();
    let sink = DirSink::new(staging.tmp.clone());
    // The parse cache is stored while the pages render: writing it is
    // mostly waiting on the disk. One that cannot be written only makes
    // the next build slower.
    let cache_path = incremental::cache_path(&staging.tmp);
    let written = std::thread::scope(|scope| {
        let saver = scope.spawn(|| cache.save(&cache_path, true));
        let written = write_all(&site.input(), &sink);
        let _ = saver.join();
        written
    });
    let (pages, files) = written?;
    timing("render and write", render_start);
    manifest.output = sink.tally.get();
    let path = incremental::manifest_path(&staging.tmp);
    manifest
        .write(&staging.tmp)
        .map_err(|e| crate::fsx::io_error("cannot write the build manifest", &path, e))?;
    let swap = Instant::now();
    staging.commit()?;
    timing("swap", swap);
    Ok((pages, files))
}

/// The files a change produces and the pages it removes.
pub struct Changes {
    pub files: Vec<render::OutputFile>,
    pub removed: Vec<String>,
}

/// Renders the groups `plan` names (and the pages every change touches)
/// into memory, and lists the pages that went away. Nothing is written.
/// `old_paragraphs` gives the paragraph ids each group had before.
pub fn changes<'a>(
    site: &Site,
    plan: &incremental::Plan,
    old_paragraphs: impl Fn(&Symbol) -> Option<&'a Vec<String>>,
) -> Result<Changes, Diagnostics> {
    let input = site.input();
    let jobs = render::jobs_for(&input, plan);
    let t = Instant::now();
    let chosen: Vec<&render::Job> = jobs.iter().collect();
    let files = render_jobs(&input, &chosen)?;
    timing("  render jobs", t);
    let keep: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let removed = plan
        .dirty
        .iter()
        .chain(&plan.removed)
        .flat_map(|sym| output::group_files(sym, old_paragraphs(sym)))
        .chain(plan.statics_removed.iter().cloned())
        .chain(plan.listings_removed.iter().cloned())
        .filter(|path| !keep.contains(path.as_str()))
        .collect();
    Ok(Changes { files, removed })
}

/// Renders jobs in parallel into memory; all errors or all files.
pub fn render_jobs(input: &Input<'_>, jobs: &[&render::Job]) -> Result<Vec<render::OutputFile>, Diagnostics> {
    let rendered: Vec<Result<render::OutputFile, Diagnostic>> =
        jobs.par_iter().map(|j| render::render(input, j)).collect();
    let mut errors = Diagnostics::new();
    let mut files = Vec::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    if errors.has_errors() {
        return Err(once_per_cause(errors));
    }
    Ok(files)
}

/// Applies `changes` to the output folder: writes the files whose bytes
/// changed, removes the pages that went away, and writes `manifest` with
/// the tally of what the folder then holds.
fn update(
    site: &Site,
    out: &Path,
    plan: &incremental::Plan,
    old: &Manifest,
    manifest: &mut Manifest,
) -> Result<(usize, usize, usize), Diagnostics> {
    // The site-wide files are made while the pages render.
    let (ch, sitewide) = rayon::join(
        || changes(site, plan, |s| old.paragraphs.get(s)),
        || {
            plan.content_changed()
                .then(|| sitewide_changes(site, &sitewide_on_disk(out)))
        },
    );
    let mut ch = ch?;
    if let Some((files, removed)) = sitewide {
        ch.files.extend(files);
        ch.removed.extend(removed);
    }
    // Everything is written beside its place first; only then moved in.
    // Pending files not moved in are removed when dropped.
    let prepared: Vec<Result<Option<output::Pending>, Diagnostic>> =
        ch.files.par_iter().map(|f| output::prepare(out, f)).collect();
    let mut pending = Vec::new();
    let mut errors = Diagnostics::new();
    for p in prepared {
        match p {
            Ok(Some(p)) => pending.push(p),
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    // From here the folder no longer matches the old manifest: without
    // one, a build killed midway is followed by a full one.
    let manifest_path = incremental::manifest_path(out);
    match std::fs::remove_file(&manifest_path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(crate::fsx::io_error("cannot replace the build manifest", &manifest_path, e).into());
        }
        _ => {}
    }
    let count = pending.len();
    let mut tally = old.output;
    for p in pending {
        p.commit(&mut tally).map_err(Diagnostics::from)?;
    }
    for path in &ch.removed {
        output::remove_page(out, path, &mut tally).map_err(Diagnostics::from)?;
    }
    manifest.output = tally;
    manifest
        .write(out)
        .map_err(|e| crate::fsx::io_error("cannot write the build manifest", &manifest_path, e))?;
    let (pages, total) = render::counts(&site.input());
    Ok((pages, total + sitewide_on_disk(out).len(), count))
}

/// The site-wide files of `site` (search index, sitemaps), and which of
/// `old` (those files as they were) are no longer part of the site.
pub fn sitewide_changes(site: &Site, old: &BTreeSet<String>) -> (Vec<render::OutputFile>, Vec<String>) {
    let files = render::sitewide(&site.input());
    let now: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let removed = old.iter().filter(|p| !now.contains(p.as_str())).cloned().collect();
    (files, removed)
}

/// The site-wide files in the output folder `out`.
fn sitewide_on_disk(out: &Path) -> BTreeSet<String> {
    ["search", "sitemaps", "sitemap.xml"]
        .iter()
        .flat_map(|p| walkdir::WalkDir::new(out.join(p)).into_iter().filter_map(Result::ok))
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(out).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .filter(|rel| render::is_sitewide(rel))
        .collect()
}

static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks for stage timings (`--verbose`).
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// With `--verbose` or `PLENARY_TIMINGS` set, prints how long a stage took.
pub fn timing(stage: &str, since: Instant) {
    if VERBOSE.load(std::sync::atomic::Ordering::Relaxed) || std::env::var_os("PLENARY_TIMINGS").is_some() {
        eprintln!("timing: {stage}: {:.3} s", since.elapsed().as_secs_f64());
    }
}

/// A progress bar for long builds, on a terminal only.
fn progress(total: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if total < 20_000 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    let style = indicatif::ProgressStyle::with_template("{spinner} rendering {pos}/{len} files [{bar:30}] {eta} left")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style.progress_chars("=> "));
    bar
}

/// A broken template fails every page that uses it: report it once, with
/// the number of pages, instead of once per page.
fn once_per_cause(errors: Diagnostics) -> Diagnostics {
    let mut by_cause: BTreeMap<(Option<PathBuf>, String), (Diagnostic, usize)> = BTreeMap::new();
    for d in errors {
        let key = (d.path.clone(), d.message.clone());
        let entry = by_cause.entry(key).or_insert_with(|| (d.clone(), 0));
        entry.1 += 1;
        // Threads finish in any order; the smallest page keeps output stable.
        if d.help < entry.0.help {
            entry.0 = d;
        }
    }
    let mut out = Diagnostics::new();
    for (_, (mut d, n)) in by_cause {
        if n > 1 {
            d.message.push_str(&format!(" ({n} pages)"));
        }
        out.push(d);
    }
    out
}

/// Renders every job in parallel into `sink`; returns (pages, files).
pub fn write_all(input: &Input<'_>, sink: &dyn Sink) -> Result<(usize, usize), Diagnostics> {
    let t = Instant::now();
    let jobs = render::jobs(input);
    timing("  list jobs", t);
    let errors = Mutex::new(Diagnostics::new());
    let bar = progress(jobs.len());
    // The site-wide files (one sequential pass over the collection) are
    // made while the pages render.
    let ((), sitewide) = rayon::join(
        || {
            jobs.par_iter().for_each(|job| {
                if let Err(d) = render::render(input, job).and_then(|f| sink.put(f))
                    && let Ok(mut e) = errors.lock()
                {
                    e.push(d);
                }
                bar.inc(1);
            })
        },
        || {
            let t = Instant::now();
            let files = render::sitewide(input);
            timing("  site-wide files (beside the pages)", t);
            files
        },
    );
    bar.finish_and_clear();
    let mut errors = errors.into_inner().unwrap_or_default();
    let indexed = sitewide.len();
    for f in sitewide {
        if let Err(d) = sink.put(f) {
            errors.push(d);
        }
    }
    if errors.has_errors() {
        return Err(once_per_cause(errors));
    }
    let pages = jobs.iter().filter(|j| j.is_page()).count();
    Ok((pages, jobs.len() + indexed))
}
