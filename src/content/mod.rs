//! Load and parse stages: content files on disk become [`Resolution`]s.
//!
//! `load` walks `content/` and reads every Markdown file as text; `parse`
//! turns one file into a resolution; `collect` checks the set (one file per
//! symbol) and orders it.

pub mod control;
pub mod front_matter;
pub mod html;
pub mod markdown;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::fsx;
use crate::model::Resolution;
use crate::symbol::Symbol;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A content file's text, line ends normalised, with its display path.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as messages show it (relative to the site root).
    pub path: PathBuf,
    /// Shared: a long-lived process keeps files between builds uncopied.
    pub text: Arc<str>,
    /// A hash of the text, computed once: builds compare files by it.
    pub hash: u64,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let hash = crate::incremental::hash_of(&text);
        SourceFile {
            path: path.into(),
            text: Arc::from(text),
            hash,
        }
    }
}

/// What a long-lived process (`serve`) remembers of content files between
/// builds: files whose size and time did not change are not read again.
#[derive(Default)]
pub struct ReadCache(HashMap<PathBuf, (std::time::SystemTime, u64, SourceFile)>);

/// Like [`load`], reading only files that are new, changed on disk, or in
/// `changed` (paths a watcher reported).
pub fn load_cached(
    root: &Path,
    content_dir: &Path,
    cache: &mut ReadCache,
    changed: &std::collections::HashSet<PathBuf>,
) -> (Vec<SourceFile>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let paths = fsx::walk_files(root, content_dir, &mut diags, |p| {
        p.extension().is_some_and(|e| e == "md")
    });
    let results: Vec<Result<(PathBuf, std::time::SystemTime, u64, SourceFile), Diagnostic>> = paths
        .par_iter()
        .map(|(abs, shown)| {
            let meta = std::fs::metadata(abs).ok();
            let stamp = meta
                .as_ref()
                .and_then(|m| m.modified().ok())
                .unwrap_or(std::time::UNIX_EPOCH);
            let len = meta.map_or(0, |m| m.len());
            let reported =
                !changed.is_empty() && changed.contains(&std::path::absolute(abs).unwrap_or_else(|_| abs.clone()));
            if !reported
                && let Some((t, l, f)) = cache.0.get(abs)
                && *t == stamp
                && *l == len
            {
                return Ok((abs.clone(), stamp, len, f.clone()));
            }
            read_source(abs, shown).map(|f| (abs.clone(), stamp, len, f))
        })
        .collect();
    cache.0.clear();
    let mut files = Vec::new();
    for r in results {
        match r {
            Ok((abs, stamp, len, f)) => {
                cache.0.insert(abs, (stamp, len, f.clone()));
                files.push(f);
            }
            Err(d) => diags.push(d),
        }
    }
    (files, diags)
}

/// The resolutions of a site, ordered by symbol.
/// Shared, so that a long-lived process hands unchanged resolutions from
/// one build to the next without copying them.
pub type Collection = BTreeMap<Symbol, Arc<Resolution>>;

/// Reads every `*.md` file under `content_dir`.
pub fn load(root: &Path, content_dir: &Path) -> (Vec<SourceFile>, Diagnostics) {
    load_cached(
        root,
        content_dir,
        &mut ReadCache::default(),
        &std::collections::HashSet::new(),
    )
}

/// The largest content file read: the longest resolutions, annexes
/// included, are a few hundred kilobytes of text; a file far past that is
/// a mistake (a data dump, a wrong file), refused before it is read.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads one file as UTF-8, naming the first bad byte when it is not.
pub fn read_source(abs: &Path, shown: &Path) -> Result<SourceFile, Diagnostic> {
    if let Ok(meta) = std::fs::metadata(abs)
        && meta.len() > MAX_FILE_BYTES
    {
        return Err(Diagnostic::error(format!(
            "the file is {:.1} MB; a content file may hold at most {} MB",
            meta.len() as f64 / 1e6,
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .in_file(shown)
        .help("one file holds one resolution: split the file, or move what is not a resolution out of `content/`"));
    }
    let bytes = fsx::read(abs, shown)?;
    let text = decode(shown, bytes)?;
    Ok(SourceFile::new(shown, text))
}

/// UTF-8 decoding with BOM and CRLF normalised, so a Windows-saved file
/// builds exactly like its LF twin.
pub fn decode(shown: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(normalise_newlines(s.strip_prefix('\u{feff}').unwrap_or(&s))),
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&bytes[..at]);
            let pos = Pos::of_offset(&valid, at);
            Err(Diagnostic::error(format!(
                "the file is not valid UTF-8: byte 0x{:02X} at offset {at} cannot start a character",
                bytes[at]
            ))
            .in_file(shown)
            .at(pos)
            .help("save the file as UTF-8"))
        }
    }
}

fn normalise_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

/// Parses one file; warnings come back even when the file is fine.
/// Control characters are removed first (with a warning each): no later
/// stage sees them, so none reaches a page, and the renderer's `\0`
/// stand-in for the site root cannot come from the text.
pub fn parse(file: &SourceFile) -> (Option<Resolution>, Diagnostics) {
    let path = &file.path;
    let (text, mut diags) = control::strip(path, &file.text);
    let text = text.as_ref();
    let split = match front_matter::split(path, text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    let meta = front_matter::parse(path, text, &split);
    let symbol = meta.as_ref().ok().map(|m| &m.symbol);
    let (body, body_diags) = markdown::parse(path, text, split.body_offset, symbol);
    let meta = match meta {
        Ok(m) => m,
        Err(d) => {
            diags.push(d);
            diags.extend(body_diags);
            return (None, diags);
        }
    };
    diags.extend(body_diags);
    if diags.has_errors() {
        return (None, diags);
    }
    let res = Resolution {
        source: path.clone(),
        meta,
        formula: body.formula,
        preamble: body.preamble,
        operative: body.operative,
        annexes: body.annexes,
        footnotes: body.footnotes,
    };
    (Some(res), diags)
}

/// Parses all files in parallel and gathers them by symbol, refusing two
/// files with one symbol (also when the symbols differ only by case).
pub fn parse_all(files: &[SourceFile]) -> (Collection, Diagnostics) {
    parse_all_cached(files, &mut ParseCache::default())
}

/// Parse results by file and text hash, kept between builds (in memory by
/// `serve`, beside the output by `build`) so that only changed files are parsed.
#[derive(Default)]
pub struct ParseCache {
    map: HashMap<(PathBuf, u64), Parsed>,
    /// Entries that came from the stored base file: an edit stores only the
    /// others, in a small delta file, instead of rewriting everything.
    from_base: std::collections::HashSet<(PathBuf, u64)>,
}

/// One file's parse: the resolution, if it parsed, and what was said.
pub type Parsed = (Option<Arc<Resolution>>, Diagnostics);

/// The parse cache as stored: Plenary's version, then the entries.
type Stored = (String, Vec<(PathBuf, u64, Option<Resolution>, Diagnostics)>);

impl ParseCache {
    /// The cache previous builds stored at `path` (a base file and a delta);
    /// empty if there is none, or it is unreadable, or another version wrote it.
    pub fn load(path: &Path) -> ParseCache {
        let mut cache = ParseCache::default();
        let base = read_stored(path);
        cache.from_base = base.iter().map(|(p, h, _, _)| (p.clone(), *h)).collect();
        for (p, h, r, d) in base.into_iter().chain(read_stored(&delta_path(path))) {
            cache.map.insert((p, h), (r.map(Arc::new), d));
        }
        cache
    }

    /// The parse of the file `path` whose text hashes to `hash`, if cached.
    pub fn get(&self, path: &Path, hash: u64) -> Option<&Parsed> {
        self.map.get(&(path.to_path_buf(), hash))
    }

    /// Stores the cache at `path`: everything when `full` or when the delta
    /// has grown large, else only what is not in the base file.
    pub fn save(&self, path: &Path, full: bool) -> std::io::Result<()> {
        let fresh = self.map.keys().filter(|k| !self.from_base.contains(*k)).count();
        let gone = self.from_base.iter().filter(|k| !self.map.contains_key(*k)).count();
        if full || self.from_base.is_empty() || 10 * (fresh + gone) > self.map.len() {
            write_stored(path, self.map.iter())?;
            return match std::fs::remove_file(delta_path(path)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        write_stored(
            &delta_path(path),
            self.map.iter().filter(|(k, _)| !self.from_base.contains(*k)),
        )
    }
}

fn delta_path(path: &Path) -> PathBuf {
    path.with_extension("delta.bin")
}

/// The entries stored at `path`; none if absent, unreadable or of another version.
fn read_stored(path: &Path) -> Vec<(PathBuf, u64, Option<Resolution>, Diagnostics)> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    match bincode::serde::decode_from_slice::<Stored, _>(&bytes, bincode::config::standard()) {
        Ok(((version, entries), _)) if version == env!("PLENARY_BUILD_ID") => entries,
        _ => Vec::new(),
    }
}

fn write_stored<'a>(
    path: &Path,
    entries: impl Iterator<Item = (&'a (PathBuf, u64), &'a Parsed)>,
) -> std::io::Result<()> {
    let entries: Vec<(&PathBuf, u64, Option<&Resolution>, &Diagnostics)> =
        entries.map(|((p, h), (r, d))| (p, *h, r.as_deref(), d)).collect();
    let bytes = bincode::serde::encode_to_vec((env!("PLENARY_BUILD_ID"), entries), bincode::config::standard())
        .map_err(std::io::Error::other)?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(tmp, path)
}

/// Like [`parse_all`], parsing only files the cache has not seen as they are.
pub fn parse_all_cached(files: &[SourceFile], cache: &mut ParseCache) -> (Collection, Diagnostics) {
    let keys: Vec<(PathBuf, u64)> = files.iter().map(|f| (f.path.clone(), f.hash)).collect();
    let fresh: Vec<_> = files
        .par_iter()
        .zip(keys.par_iter())
        .filter(|(_, k)| !cache.map.contains_key(*k))
        .map(|(f, k)| {
            let (res, d) = parse(f);
            (k.clone(), (res.map(Arc::new), d))
        })
        .collect();
    let wanted: std::collections::HashSet<&(PathBuf, u64)> = keys.iter().collect();
    cache.map.retain(|k, _| wanted.contains(k));
    cache.map.extend(fresh);
    let parsed: Vec<Parsed> = keys.iter().filter_map(|k| cache.map.get(k).cloned()).collect();
    let mut diags = Diagnostics::new();
    let mut by_fold: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut collection = Collection::new();
    for (res, d) in parsed {
        diags.extend(d);
        let Some(res) = res else { continue };
        let key = res.symbol().fold_key();
        if let Some(first) = by_fold.get(&key) {
            let text = files.iter().find(|f| f.path == res.source).map(|f| &*f.text);
            diags.push(duplicate(&res, text.unwrap_or(""), first));
            continue;
        }
        by_fold.insert(key, res.source.clone());
        collection.insert(res.symbol().clone(), res);
    }
    (collection, diags)
}

/// The error for a second file (`res`, whose text is `text`) with the
/// symbol of the file `first`.
pub fn duplicate(res: &Resolution, text: &str, first: &Path) -> Diagnostic {
    let line = text.lines().position(|l| l.starts_with("symbol:")).map_or(1, |i| i + 1);
    Diagnostic::error(format!(
        "two files have the symbol {} (URL /{})",
        res.symbol(),
        res.symbol().url_path()
    ))
    .in_file(&res.source)
    .at(Pos::new(line, 1))
    .help(format!(
        "the other file is {}; give each resolution its own symbol or delete one file",
        first.display()
    ))
}
