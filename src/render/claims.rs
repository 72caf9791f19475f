//! Every output path is claimed once: before anything is written, two
//! documents whose files would land on one path (or one's file where the
//! other needs a folder) are an error naming both sources.

use super::{Input, Job, is_sitewide};
use crate::diag::{Diagnostic, Diagnostics};
use crate::symbol::Symbol;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::collections::{BTreeSet, HashMap};

/// Checks that no two jobs of the site write one path, and that no job's
/// file stands where another job needs a folder.
///
/// Only jobs that can meet are compared: a document's files all lie under
/// its symbol's folder, symbols start with a capital series and Plenary's
/// own pages with a lower-case name, so two documents meet only when one
/// symbol continues another (`A/RES/65/232` and `A/RES/65/232/pp1`), and
/// theme files may meet anything. That keeps the check far below the cost
/// of listing every page of a large site.
pub fn claims(input: &Input<'_>) -> Result<(), Diagnostics> {
    let mut paths: Vec<(String, Job)> = candidates(input).into_par_iter().map(|j| (j.path(input), j)).collect();
    paths.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // One message per pair of sources, however many files they share.
    let mut clashes: BTreeMap<(String, String), String> = BTreeMap::new();
    for pair in paths.windows(2) {
        if pair[0].0 == pair[1].0 {
            let (a, b) = sorted(owner(input, &pair[0].1), owner(input, &pair[1].1));
            let message = format!("two documents claim the output file /{}: {a}, and {b}", pair[0].0);
            clashes.entry((a, b)).or_insert(message);
        }
    }
    // A file `P` and a file under `P/`: the first would need to be a folder.
    let inside: Vec<((String, String), String)> = paths
        .par_iter()
        .filter_map(|(path, job)| {
            let folder = format!("{path}/");
            let i = paths.partition_point(|(p, _)| p.as_str() < folder.as_str());
            let (below, other) = paths.get(i)?;
            below.starts_with(&folder).then(|| {
                let (file, needs) = (owner(input, job), owner(input, other));
                let message = format!("{needs} needs a folder at /{path}, where {file} writes a file");
                (sorted(file, needs), message)
            })
        })
        .collect();
    for (key, message) in inside {
        clashes.entry(key).or_insert(message);
    }
    let mut diags = Diagnostics::new();
    for ((a, b), message) in clashes {
        let help = if [a, b].iter().any(|o| o.starts_with(THEME_FILE)) {
            "rename or remove the theme's static file: Plenary writes that path itself"
        } else {
            "give one of them another symbol: no document's address may lie among another's pages"
        };
        diags.push(Diagnostic::error(message).help(help));
    }
    for (path, job) in &paths {
        if path.split('/').next() == Some(crate::output::place::STATE_DIR) || is_sitewide(path) {
            diags.push(
                Diagnostic::error(format!(
                    "{} would overwrite Plenary's own file /{path}",
                    owner(input, job)
                ))
                .help("rename the theme's static file"),
            );
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// The jobs of documents whose symbols continue one another or hold a
/// theme file, and every job that is not a document's.
fn candidates(input: &Input<'_>) -> Vec<Job> {
    let groups: Vec<&Symbol> = input
        .collection
        .keys()
        .chain(input.graph.outside(input.collection))
        .collect();
    let by_name: HashMap<&str, &Symbol> = groups.iter().map(|s| (s.as_str(), *s)).collect();
    let mut sorted: Vec<&str> = by_name.keys().copied().collect();
    sorted.sort_unstable();
    let mut involved: BTreeSet<&Symbol> = BTreeSet::new();
    let mut meet = |path: &str, whole: bool| -> bool {
        let mut hit = false;
        for (i, _) in path.match_indices('/') {
            if let Some(owner) = by_name.get(&path[..i]) {
                involved.insert(owner);
                hit = true;
            }
        }
        // A file where documents need a folder.
        if whole {
            let folder = format!("{path}/");
            let i = sorted.partition_point(|s| *s < folder.as_str());
            if let Some(under) = sorted.get(i).filter(|s| s.starts_with(&folder)) {
                involved.insert(by_name[under]);
                hit = true;
            }
        }
        hit
    };
    let mut extra = Vec::new();
    for s in &groups {
        if meet(s.as_str(), false) {
            extra.push(*s);
        }
    }
    for name in input.theme.static_files.keys() {
        meet(name, true);
    }
    involved.extend(extra);
    let mut jobs: Vec<Job> = jobs_outside_documents(input);
    for sym in involved {
        match input.collection.get(sym) {
            Some(res) => {
                jobs.push(Job::Resolution(sym.clone()));
                jobs.push(Job::Json(sym.clone()));
                jobs.push(Job::Akn(sym.clone()));
                jobs.extend((0..res.paragraph_count()).map(|i| Job::Paragraph(sym.clone(), i)));
            }
            None => jobs.push(Job::Outside(sym.clone())),
        }
    }
    jobs
}

/// Plenary's own pages and the theme's files.
fn jobs_outside_documents(input: &Input<'_>) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::NotFound,
        Job::Citations,
        Job::Search,
        Job::Robots,
        Job::Browse,
    ];
    if super::feeds::absolute(input) {
        jobs.push(Job::Feed);
    }
    jobs.extend(input.listings().keys().map(|(f, s)| Job::Listing(*f, s.clone())));
    jobs.extend(input.theme.static_files.keys().map(|k| Job::Static(k.clone())));
    jobs
}

const THEME_FILE: &str = "the theme's static file";

fn sorted(a: String, b: String) -> (String, String) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Who asks for a job's file, by its source, for messages.
fn owner(input: &Input<'_>, job: &Job) -> String {
    match job {
        Job::Resolution(s) | Job::Json(s) | Job::Akn(s) | Job::Paragraph(s, _) => {
            let source = input.collection[s].source.display();
            match job {
                Job::Paragraph(_, i) => {
                    let id = input.collection[s].paragraph_at(*i).map(|p| p.id.to_string());
                    format!("{source} (paragraph {} of {s})", id.unwrap_or_default())
                }
                _ => format!("{source} (the resolution {s})"),
            }
        }
        Job::Outside(s) => {
            let by = input
                .graph
                .citing(s)
                .first()
                .and_then(|b| input.collection.get(&b.from))
                .map(|r| r.source.display().to_string())
                .unwrap_or_default();
            format!("{by} (a citation of the document {s})")
        }
        Job::Static(name) => format!("{THEME_FILE} static/{name}"),
        other => format!("Plenary's own page /{}", other.path(input)),
    }
}
