//! Write stage: rendered files go to a sink. On disk the site is built in a
//! staging folder beside the output and swapped in only when the whole build
//! succeeded, so a failed or killed build never leaves a half-written site.

use crate::diag::Diagnostic;
use crate::fsx;
use crate::render::OutputFile;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
}

/// Writes files under a folder.
pub struct DirSink {
    pub dir: PathBuf,
}

impl Sink for DirSink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let rel = safe_relative(&file.path)?;
        fsx::write(&self.dir.join(rel), &file.bytes)
    }
}

/// Keeps files in memory, for previews and tests.
#[derive(Default)]
pub struct MemSink(pub Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for MemSink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        safe_relative(&file.path)?;
        let mut map = self
            .0
            .lock()
            .map_err(|_| Diagnostic::error("the in-memory site is poisoned"))?;
        map.insert(file.path, file.bytes);
        Ok(())
    }
}

/// A relative path with no `..`, root or prefix, so no file lands outside.
fn safe_relative(path: &str) -> Result<PathBuf, Diagnostic> {
    let p = Path::new(path);
    if path.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(Diagnostic::error(format!(
            "refusing to write `{path}` outside the output folder"
        )));
    }
    Ok(p.to_path_buf())
}

/// A staging folder that becomes the output on `commit`, and is removed
/// if dropped before.
pub struct Staging {
    pub tmp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn begin(target: &Path) -> Result<Staging, Diagnostic> {
        let tmp = sibling(target, "tmp");
        if tmp.exists() {
            remove_tree(&tmp).map_err(|e| fsx::io_error("cannot clear the staging folder", &tmp, e))?;
        }
        std::fs::create_dir_all(&tmp).map_err(|e| fsx::io_error("cannot create the staging folder", &tmp, e))?;
        Ok(Staging {
            tmp,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Swaps the staged site in place of the old one.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        // Where the system can, swap the two folders in one step: there is
        // never a moment without a complete site.
        if self.target.is_dir() && exchange(&self.tmp, &self.target) {
            self.committed = true;
            return remove_tree(&self.tmp).map_err(|e| fsx::io_error("cannot remove the previous site", &self.tmp, e));
        }
        let old = sibling(&self.target, "old");
        if self.target.exists() {
            std::fs::rename(&self.target, &old)
                .map_err(|e| fsx::io_error("cannot move the previous site aside", &self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.target) {
            // Put the previous site back rather than leave none.
            let _ = std::fs::rename(&old, &self.target);
            return Err(fsx::io_error("cannot move the new site into place", &self.target, e));
        }
        self.committed = true;
        if old.exists() {
            remove_tree(&old).map_err(|e| fsx::io_error("cannot remove the previous site", &old, e))?;
        }
        Ok(())
    }
}

/// Atomically exchanges two paths (Linux `renameat2(RENAME_EXCHANGE)`);
/// false where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Removes a folder tree, its subfolders in parallel: a site has tens of
/// thousands of files, and removing them one by one is slow.
pub fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mut subdirs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            subdirs.push(entry.path());
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    subdirs.par_iter().try_for_each(|d| remove_tree(d))?;
    std::fs::remove_dir(dir)
}

/// A hidden file or folder beside the output folder, e.g. `.site.plenary-tmp`:
/// build state that is never published with the site.
pub fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or("site".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.plenary-{what}"))
}

/// Refuses output folders whose replacement would destroy sources: the site
/// root or a folder above it, the content folder or one inside it, a theme
/// folder, or any folder holding `.git`.
pub fn check_output(root: &Path, content: &Path, output: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, content, out) = (abs(root), abs(content), abs(output));
    let bad = if root.starts_with(&out) {
        Some("it is the site's folder or contains it")
    } else if out.starts_with(&content) || content.starts_with(&out) {
        Some("it overlaps the content folder")
    } else if out.starts_with(root.join("themes")) {
        Some("it is inside the themes folder")
    } else if out.join(".git").exists() {
        Some("it holds a `.git` folder")
    } else {
        None
    };
    match bad {
        Some(why) => Err(Diagnostic::error(format!(
            "refusing to build into {}: {why}, and building replaces the whole folder",
            output.display()
        ))
        .help("choose a separate output folder, e.g. `--output site`")),
        None => Ok(()),
    }
}

/// A file written beside its place, to be moved there by [`Pending::commit`].
#[derive(Debug)]
pub struct Pending {
    tmp: PathBuf,
    path: PathBuf,
}

impl Pending {
    /// Moves the file into place (one rename: readers see the old file or
    /// the new one, never a part).
    pub fn commit(self) -> Result<(), Diagnostic> {
        std::fs::rename(&self.tmp, &self.path)
            .map_err(|e| fsx::io_error("cannot move the file into place", &self.path, e))
    }

    /// Removes the written file (when the update is given up).
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Writes `file` beside its place in `out` when its bytes differ from
/// what is there; `None` when they are the same. An update writes all its
/// files this way first and moves them into place only once all are
/// written, so a failure (a full disk) leaves the site as it was, and a
/// killed update can mix old and new pages only during the renames.
pub fn prepare(out: &Path, file: &OutputFile) -> Result<Option<Pending>, Diagnostic> {
    let path = out.join(safe_relative(&file.path)?);
    if std::fs::read(&path).is_ok_and(|old| old == file.bytes) {
        return Ok(None);
    }
    let tmp = path.with_file_name(format!(
        ".{}.plenary-tmp",
        path.file_name()
            .map_or("file".into(), |n| n.to_string_lossy().into_owned())
    ));
    fsx::write(&tmp, &file.bytes)?;
    Ok(Some(Pending { tmp, path }))
}

/// The files of a page group: a resolution's page, JSON and paragraph
/// pages (given its paragraph ids), or the page of a document outside.
pub fn group_files(symbol: &crate::symbol::Symbol, paragraphs: Option<&Vec<String>>) -> Vec<String> {
    let base = symbol.url_path();
    let mut files = vec![format!("{base}index.html")];
    if let Some(ids) = paragraphs {
        files.push(format!("{base}index.json"));
        files.push(format!("{base}akn.xml"));
        files.extend(ids.iter().map(|id| format!("{base}{id}/index.html")));
    }
    files
}

/// Removes a page that went away, and its folder when that is left empty.
pub fn remove_page(out: &Path, rel: &str) -> Result<(), Diagnostic> {
    let path = out.join(safe_relative(rel)?);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(fsx::io_error("cannot remove the page", &path, e)),
    }
    // Folders left empty go too (their parents may hold other pages).
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}
