//! File-system helpers whose every error names the path it is about.

use crate::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Reads a whole file; `shown` is the path messages use.
pub fn read(abs: &Path, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(abs).map_err(|e| {
        Diagnostic::error(format!("cannot read the file: {e}"))
            .in_file(shown)
            .help("check that it exists and is readable")
    })
}

/// Writes a file, creating its folders.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error("cannot create the folder", parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| io_error("cannot write the file", path, e))
}

pub fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("{what}: {e}")).in_file(path)
}

/// Whether a file name is an editor's temporary or backup file, or hidden.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains("___jb_")
        || name.starts_with('#')
        || name == "4913"
}

/// The files under `dir` that `keep` accepts, sorted, as (absolute path,
/// path relative to `root`). Symlinks are followed only while they stay
/// inside `root`; loops and unreadable folders are errors.
pub fn walk_files(
    root: &Path,
    dir: &Path,
    diags: &mut Diagnostics,
    keep: impl Fn(&Path) -> bool,
) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    if !dir.exists() {
        return out;
    }
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| shown(root, p)).unwrap_or_else(|| dir.to_path_buf());
                let what = if e.loop_ancestor().is_some() {
                    "a symbolic link loops back to a folder that contains it".to_string()
                } else {
                    format!("cannot read: {}", e.io_error().map_or(e.to_string(), |i| i.to_string()))
                };
                diags.push(
                    Diagnostic::error(what)
                        .in_file(path)
                        .help("remove the link or fix the permissions"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() || !keep(entry.path()) {
            continue;
        }
        let path = entry.path();
        let shown_path = shown(root, path);
        if path.to_str().is_none() {
            diags.push(
                Diagnostic::error("the file name is not valid UTF-8")
                    .in_file(&shown_path)
                    .help("rename the file using UTF-8 characters"),
            );
            continue;
        }
        if entry.path_is_symlink() || has_symlink_ancestor(dir, path) {
            let inside = path.canonicalize().is_ok_and(|c| c.starts_with(&canon_root));
            if !inside {
                diags.push(
                    Diagnostic::error("a symbolic link points outside the site's folder")
                        .in_file(&shown_path)
                        .help("copy the file into the site instead of linking to it"),
                );
                continue;
            }
        }
        out.push((path.to_path_buf(), shown_path));
    }
    out
}

pub fn has_symlink_ancestor(dir: &Path, path: &Path) -> bool {
    path.ancestors()
        .take_while(|a| *a != dir)
        .any(|a| a.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()))
}

/// `path` relative to `root` when it is inside, for messages.
pub fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
