//! Every output path is claimed once: before anything is written, two
//! documents whose files would land on one path (or one's file where the
//! other needs a folder) are an error naming both sources.

use super::{Input, Job, is_sitewide, jobs};
use crate::diag::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Checks that no two jobs of the site write one path, and that no job's
/// file stands where another job needs a folder.
pub fn claims(input: &Input<'_>) -> Result<(), Diagnostics> {
    let mut paths: Vec<(String, Job)> = jobs(input).into_par_iter().map(|j| (j.path(input), j)).collect();
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
    for message in clashes.into_values() {
        diags.push(
            Diagnostic::error(message)
                .help("give one of them another symbol: no document's address may lie among another's pages"),
        );
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
        Job::Static(name) => format!("the theme's static file static/{name}"),
        other => format!("Plenary's own page {other:?}"),
    }
}
