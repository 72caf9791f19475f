//! The build pipeline: load → parse → render → write, each stage a function
//! of the previous one's value. Problems of every stage are reported together.

use crate::config::Config;
use crate::content::{self, Collection};
use crate::crossref::{self, Graph};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{self, DirSink, Sink, Staging};
use crate::render::{self, Input};
use crate::theme::{self, Theme};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What the command line may override.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
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
    pub elapsed: Duration,
    pub warnings: Diagnostics,
    pub output: PathBuf,
}

/// Loads configuration, theme and content; all errors come back together.
pub fn load(opts: &Options) -> Result<Site, Diagnostics> {
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
    let (files, d) = content::load(root, &content_dir);
    diags.extend(d);
    let (collection, d) = content::parse_all(&files);
    diags.extend(d);
    let (graph, d) = crossref::build(&collection);
    diags.extend(d);
    diags.sort();
    match theme {
        Some(theme) if !diags.has_errors() => Ok(Site {
            root: root.clone(),
            config,
            theme,
            collection,
            graph,
            warnings: diags,
        }),
        _ => Err(diags),
    }
}

/// Builds the site into its output folder, replacing it only on success.
pub fn build(opts: &Options) -> Result<Summary, Diagnostics> {
    let start = Instant::now();
    let site = load(opts)?;
    timing("load, parse, cross-reference", start);
    let out = site.output_dir();
    output::check_output(&site.root, &site.root.join(&site.config.content), &out)?;
    let staging = Staging::begin(&out)?;
    let render_start = Instant::now();
    let (pages, files) = write_all(
        &site.input(),
        &DirSink {
            dir: staging.tmp.clone(),
        },
    )?;
    timing("render and write", render_start);
    let swap = Instant::now();
    staging.commit()?;
    timing("swap", swap);
    Ok(Summary {
        resolutions: site.collection.len(),
        pages,
        files,
        elapsed: start.elapsed(),
        warnings: site.warnings,
        output: out,
    })
}

/// With `PLENARY_TIMINGS` set, prints how long a stage took (for benchmarks).
fn timing(stage: &str, since: Instant) {
    if std::env::var_os("PLENARY_TIMINGS").is_some() {
        eprintln!("timing: {stage}: {:.3} s", since.elapsed().as_secs_f64());
    }
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
    let jobs = render::jobs(input);
    let errors = Mutex::new(Diagnostics::new());
    jobs.par_iter().for_each(|job| {
        if let Err(d) = render::render(input, job).and_then(|f| sink.put(f)) {
            if let Ok(mut e) = errors.lock() {
                e.push(d);
            }
        }
    });
    let errors = errors.into_inner().unwrap_or_default();
    if errors.has_errors() {
        return Err(once_per_cause(errors));
    }
    let pages = jobs.iter().filter(|j| j.is_page()).count();
    Ok((pages, jobs.len()))
}
