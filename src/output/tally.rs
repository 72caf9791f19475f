//! What the output folder holds, in one number: an order-free digest of
//! every file's path, size and modification time. A build records the
//! tally of what it wrote; the next one walks the folder and trusts its
//! manifest only when the tally is the same (nothing deleted, altered or
//! added since).

use super::place::STATE_DIR;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How many files, and the sum of their entries' hashes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub files: u64,
    pub digest: u64,
}

impl Tally {
    pub fn add(&mut self, rel: &str, meta: &Metadata) {
        self.files += 1;
        self.digest = self.digest.wrapping_add(entry(rel, meta));
    }

    pub fn remove(&mut self, rel: &str, meta: &Metadata) {
        self.files = self.files.saturating_sub(1);
        self.digest = self.digest.wrapping_sub(entry(rel, meta));
    }

    fn merge(self, other: Tally) -> Tally {
        Tally {
            files: self.files + other.files,
            digest: self.digest.wrapping_add(other.digest),
        }
    }
}

/// A tally kept by threads writing at once.
#[derive(Debug, Default)]
pub struct SharedTally {
    files: AtomicU64,
    digest: AtomicU64,
}

impl SharedTally {
    pub fn add(&self, rel: &str, meta: &Metadata) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.digest.fetch_add(entry(rel, meta), Ordering::Relaxed);
    }

    pub fn get(&self) -> Tally {
        Tally {
            files: self.files.load(Ordering::Relaxed),
            digest: self.digest.load(Ordering::Relaxed),
        }
    }
}

/// One file's contribution: its `/`-separated path, size and time.
fn entry(rel: &str, meta: &Metadata) -> u64 {
    let time = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let link = meta.file_type().is_symlink();
    crate::incremental::hash_of(&(rel, meta.len(), time, link))
}

/// What a walk of the output folder found.
#[derive(Debug, PartialEq, Eq)]
pub enum Survey {
    /// Only files and folders a build writes: their tally.
    Files(Tally),
    /// Something no build leaves (an empty folder, a pipe): never trust
    /// the manifest.
    Stray(PathBuf),
    /// A `.git` folder: the folder is someone's repository now.
    Git(PathBuf),
}

/// Walks `out` (but its state folder). The top folders are walked in
/// parallel; below, one thread walks a whole subtree: most folders hold a
/// single page, and a task per folder costs more than the folder.
pub fn survey(out: &Path) -> std::io::Result<Survey> {
    walk(out, &mut String::new(), 0)
}

fn walk(dir: &Path, rel: &mut String, depth: usize) -> std::io::Result<Survey> {
    let mut tally = Tally::default();
    let mut subdirs = Vec::new();
    let mut any = false;
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        any = true;
        let name = e.file_name();
        if name == ".git" {
            return Ok(Survey::Git(e.path()));
        }
        let Some(name) = name.to_str() else {
            return Ok(Survey::Stray(e.path()));
        };
        let kind = e.file_type()?;
        if kind.is_dir() {
            if !(depth == 0 && name == STATE_DIR) {
                subdirs.push(name.to_string());
            }
        } else if kind.is_file() || kind.is_symlink() {
            let meta = e.metadata()?;
            let len = rel.len();
            if len > 0 {
                rel.push('/');
            }
            rel.push_str(name);
            tally.add(rel, &meta);
            rel.truncate(len);
        } else {
            return Ok(Survey::Stray(e.path()));
        }
    }
    if !any && depth > 0 {
        return Ok(Survey::Stray(dir.to_path_buf()));
    }
    let child = |name: &String, rel: &mut String| {
        let len = rel.len();
        if len > 0 {
            rel.push('/');
        }
        rel.push_str(name);
        let found = walk(&dir.join(name), rel, depth + 1);
        rel.truncate(len);
        found
    };
    let parts: Vec<std::io::Result<Survey>> = if depth < 3 {
        subdirs.par_iter().map(|n| child(n, &mut rel.clone())).collect()
    } else {
        subdirs.iter().map(|n| child(n, rel)).collect()
    };
    for part in parts {
        match part? {
            Survey::Files(t) => tally = tally.merge(t),
            other => return Ok(other),
        }
    }
    Ok(Survey::Files(tally))
}

/// The `/`-separated path of `path` under `out`; `None` if not UTF-8
/// (a build writes none such).
pub fn rel(out: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(out).ok()?.to_str()?;
    Some(rel.replace(std::path::MAIN_SEPARATOR, "/"))
}
