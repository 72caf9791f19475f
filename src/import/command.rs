//! `plenary import`: files in, content files out, never overwriting by
//! surprise.

use super::import;
use crate::content::{self, SourceFile};
use crate::diag::{Diagnostic, Diagnostics};
use std::io::Read;
use std::path::{Path, PathBuf};

/// What `plenary import` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    /// Content folder to write into, relative to the root.
    pub out: PathBuf,
    pub force: bool,
    pub strict: bool,
}

/// One line of the report for one input.
#[derive(Debug)]
pub struct Outcome {
    pub input: PathBuf,
    /// The symbol read, when the input was read that far.
    pub symbol: Option<String>,
    pub written: Option<PathBuf>,
    pub summary: String,
    pub warnings: usize,
    /// Why nothing was written for this input (its first error).
    pub failed: Option<String>,
}

impl Outcome {
    /// The result column of `plenary import DIR`'s table.
    pub fn result(&self) -> String {
        match (&self.failed, self.warnings) {
            (Some(why), _) => format!("failed: {why}"),
            (None, 0) => "imported".into(),
            (None, 1) => "imported with 1 warning".into(),
            (None, n) => format!("imported with {n} warnings"),
        }
    }
}

/// Imports every file (a folder: its `.txt` files in name order); all
/// problems of all files come back together, and one outcome per file.
pub fn run(opts: &Options) -> (Vec<Outcome>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut outcomes = Vec::new();
    for file in inputs(&opts.files, &mut diags) {
        match one(opts, &file) {
            Ok((outcome, warnings)) => {
                diags.extend(warnings);
                outcomes.push(outcome);
            }
            Err(d) => {
                let why = d.iter().find(|d| d.severity == crate::diag::Severity::Error);
                outcomes.push(Outcome {
                    input: file.clone(),
                    symbol: None,
                    written: None,
                    summary: String::new(),
                    warnings: 0,
                    failed: Some(why.map_or_else(|| "see the messages above".into(), |d| d.message.clone())),
                });
                diags.extend(d);
            }
        }
    }
    (outcomes, diags)
}

/// Whether any input is a folder (the report is then a table).
pub fn has_folder(files: &[PathBuf]) -> bool {
    files.iter().any(|f| f.is_dir())
}

/// The files to import: files as given, each folder as the `.txt` files
/// right inside it, sorted by name. A folder without any is an error.
fn inputs(files: &[PathBuf], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in files {
        if !f.is_dir() {
            out.push(f.clone());
            continue;
        }
        let entries = match std::fs::read_dir(f) {
            Ok(e) => e,
            Err(e) => {
                diags.push(crate::fsx::io_error("cannot list the folder", f, e));
                continue;
            }
        };
        let mut txt: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
            .collect();
        txt.sort();
        if txt.is_empty() {
            diags.push(
                Diagnostic::error("the folder holds no `.txt` file to import")
                    .in_file(f)
                    .help("put the resolutions' texts in it as `.txt` files, one resolution per file"),
            );
        }
        out.extend(txt);
    }
    out
}

fn one(opts: &Options, file: &Path) -> Result<(Outcome, Diagnostics), Diagnostics> {
    let stdin = file.as_os_str() == "-";
    let shown = if stdin {
        PathBuf::from("<stdin>")
    } else {
        file.to_path_buf()
    };
    let bytes = if stdin {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| Diagnostic::error(format!("cannot read standard input: {e}")))?;
        b
    } else {
        crate::fsx::read(file, &shown)?
    };
    let imported = import(&shown, bytes)?;
    let mut warnings = imported.warnings;
    if opts.strict && !warnings.is_empty() {
        let mut errors = Diagnostics::new();
        for mut w in warnings {
            w.severity = crate::diag::Severity::Error;
            errors.push(w);
        }
        return Err(errors);
    }
    let rel = PathBuf::from(format!("{}.md", imported.symbol.as_str()));
    let dest = opts.root.join(&opts.out).join(&rel);
    let shown_dest = opts.out.join(&rel);
    // The build reads back what was written; a failure here is a bug.
    let check = SourceFile::new(shown_dest.clone(), imported.markdown.clone());
    let (res, d) = content::parse(&check);
    let Some(res) = res else {
        let mut all = Diagnostics::new();
        all.push(
            Diagnostic::error("the imported content does not build; this is a bug in the importer").in_file(&shown),
        );
        all.extend(d);
        return Err(all);
    };
    warnings.extend(d);
    let summary = format!(
        "{} PP, {} OP, {} footnotes, {} annex{}",
        res.preamble.len(),
        res.operative.len(),
        res.footnotes.len(),
        res.annexes.len(),
        if res.annexes.len() == 1 { "" } else { "es" }
    );
    let written = write(&dest, &shown_dest, imported.markdown.as_bytes(), opts.force)?;
    Ok((
        Outcome {
            input: shown,
            symbol: Some(imported.symbol.to_string()),
            written: written.then_some(shown_dest),
            summary,
            warnings: warnings.warning_count(),
            failed: None,
        },
        warnings,
    ))
}

/// Writes unless an existing different file is there and `force` is off.
/// Returns whether the file changed.
fn write(dest: &Path, shown: &Path, bytes: &[u8], force: bool) -> Result<bool, Diagnostic> {
    if let Ok(existing) = std::fs::read(dest) {
        if existing == bytes {
            return Ok(false);
        }
        if !force {
            return Err(
                Diagnostic::error("the content file exists already and differs from this import")
                    .in_file(shown)
                    .help("pass --force to replace it, or delete it first"),
            );
        }
    }
    let tmp = dest.with_extension("md.plenary-tmp");
    crate::fsx::write(&tmp, bytes)?;
    std::fs::rename(&tmp, dest).map_err(|e| crate::fsx::io_error("cannot move the file into place", dest, e))?;
    Ok(true)
}
