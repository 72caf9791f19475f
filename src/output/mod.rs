//! Write stage: rendered files go to a sink. On disk the site is built in a
//! staging folder beside the output and swapped in only when the whole build
//! succeeded, so a failed or killed build never leaves a half-written site;
//! and only into a folder Plenary may replace ([`claim`]).

pub mod lock;
pub mod place;
pub mod tally;

use crate::diag::Diagnostic;
use crate::fsx;
use crate::render::OutputFile;
use lock::Lock;
pub use place::Guarded;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use tally::{SharedTally, Tally};

/// Where rendered files go.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
}

/// Writes files under a folder, keeping the tally of what it wrote.
pub struct DirSink {
    pub dir: PathBuf,
    pub tally: SharedTally,
}

impl DirSink {
    pub fn new(dir: PathBuf) -> DirSink {
        DirSink {
            dir,
            tally: SharedTally::default(),
        }
    }
}

impl Sink for DirSink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let path = self.dir.join(safe_relative(&file.path)?);
        fsx::write(&path, &file.bytes)?;
        let meta =
            std::fs::symlink_metadata(&path).map_err(|e| fsx::io_error("cannot read the written file", &path, e))?;
        self.tally.add(&file.path, &meta);
        Ok(())
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

/// A staging folder beside the output, made for this build alone (it is
/// created anew, never taken over), that becomes the output on `commit`
/// and is removed if dropped before.
pub struct Staging {
    pub tmp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn begin(target: &Path) -> Result<Staging, Diagnostic> {
        let tmp = fresh_sibling(target, "staging")?;
        let staging = Staging {
            tmp,
            target: target.to_path_buf(),
            committed: false,
        };
        place::write_marker(&staging.tmp)?;
        Ok(staging)
    }

    /// Swaps the staged site in place of the old one, then removes the old.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        // Where the system can, swap the two folders in one step: there is
        // never a moment without a complete site.
        if self.target.is_dir() && exchange(&self.tmp, &self.target) {
            self.committed = true;
            return remove_tree(&self.tmp).map_err(|e| fsx::io_error("cannot remove the previous site", &self.tmp, e));
        }
        let old = fresh_sibling(&self.target, "old")?;
        std::fs::remove_dir(&old).map_err(|e| fsx::io_error("cannot prepare the swap", &old, e))?;
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

/// A new, empty hidden folder beside `target`, e.g. `.site.plenary-staging-417`,
/// created here and now (an existing one is never reused).
fn fresh_sibling(target: &Path, what: &str) -> Result<PathBuf, Diagnostic> {
    let prefix = sibling_prefix(target);
    let pid = std::process::id();
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| fsx::io_error("cannot create the folder", parent, e))?;
    }
    for n in 0..1000 {
        let path = target.with_file_name(format!("{prefix}{what}-{pid}-{n}"));
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(
                    fsx::io_error("cannot create a staging folder beside the output", &path, e)
                        .help("the folder holding the output folder must be writable"),
                );
            }
        }
    }
    Err(Diagnostic::error("cannot find a free name for a staging folder").in_file(target))
}

/// What the names of a build's temporary folders beside `target` start with.
fn sibling_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or("site".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.plenary-")
}

/// Removes what killed builds left beside `target`: staging folders that
/// carry Plenary's marker (or are still empty), never anything else.
fn remove_stale_siblings(target: &Path) {
    let (Some(parent), prefix) = (target.parent(), sibling_prefix(target)) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let ours = ["staging-", "old-"]
            .iter()
            .any(|w| name.strip_prefix(&prefix).is_some_and(|r| r.starts_with(w)));
        if !ours || !e.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = e.path();
        if place::is_marked(&path) {
            let _ = remove_tree(&path);
        } else {
            let _ = std::fs::remove_dir(&path);
        }
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

/// A file written beside its place, to be moved there by [`Pending::commit`];
/// removed if dropped before (every error path cleans up after itself).
#[derive(Debug)]
pub struct Pending {
    tmp: PathBuf,
    path: PathBuf,
    rel: String,
    done: bool,
}

impl Pending {
    /// Moves the file into place (one rename: readers see the old file or
    /// the new one, never a part), keeping `tally` up to date.
    pub fn commit(mut self, tally: &mut Tally) -> Result<(), Diagnostic> {
        let before = std::fs::symlink_metadata(&self.path).ok();
        std::fs::rename(&self.tmp, &self.path)
            .map_err(|e| fsx::io_error("cannot move the file into place", &self.path, e))?;
        self.done = true;
        if let Some(before) = before {
            tally.remove(&self.rel, &before);
        }
        let after = std::fs::symlink_metadata(&self.path)
            .map_err(|e| fsx::io_error("cannot read the written file", &self.path, e))?;
        tally.add(&self.rel, &after);
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
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
    let pending = Pending {
        tmp,
        path,
        rel: file.path.clone(),
        done: false,
    };
    fsx::write(&pending.tmp, &file.bytes)?;
    Ok(Some(pending))
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
pub fn remove_page(out: &Path, rel: &str, tally: &mut Tally) -> Result<(), Diagnostic> {
    let path = out.join(safe_relative(rel)?);
    let before = std::fs::symlink_metadata(&path).ok();
    match std::fs::remove_file(&path) {
        Ok(()) => {
            if let Some(before) = before {
                tally.remove(rel, &before);
            }
        }
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

/// An output folder this build may write into: resolved, Plenary's (or
/// empty, or not there yet), and locked against other builds until dropped.
#[derive(Debug)]
pub struct Claimed {
    /// The folder, symbolic links and `..` resolved.
    pub dir: PathBuf,
    /// None while the folder does not exist: a build then makes it whole
    /// (staged, renamed into place) or not at all, so a failed build
    /// leaves nothing behind.
    _lock: Option<Lock>,
}

/// Claims the output folder `requested` (shown as given) for a build:
/// refuses places that must never be replaced and folders holding what
/// Plenary did not write, waits for any other build into it, and clears
/// what killed builds left beside it.
pub fn claim(requested: &Path, guarded: &Guarded) -> Result<Claimed, Diagnostic> {
    let dir = place::check(requested, guarded)?;
    place::check_owned(requested, &dir)?;
    if !dir.exists() {
        return Ok(Claimed { dir, _lock: None });
    }
    let lock = lock::acquire(&dir)?;
    // Another build may have replaced the folder while this one waited.
    place::check_owned(requested, &dir)?;
    remove_stale_siblings(&dir);
    Ok(Claimed { dir, _lock: Some(lock) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Case 26: files written beside their place and never moved in (an
    /// update given up on an error) are removed, not left in the site.
    #[test]
    fn pending_files_given_up_leave_nothing_behind() {
        let tmp = tempfile::tempdir().expect("tmp");
        let file = |p: &str| OutputFile {
            path: p.into(),
            bytes: b"new".to_vec(),
        };
        let a = prepare(tmp.path(), &file("a/index.html")).expect("prepare");
        let b = prepare(tmp.path(), &file("b/index.html")).expect("prepare");
        assert!(tmp.path().join("a/.index.html.plenary-tmp").is_file());
        let mut tally = Tally::default();
        a.expect("pending").commit(&mut tally).expect("commit");
        drop(b);
        assert_eq!(std::fs::read(tmp.path().join("a/index.html")).expect("a"), b"new");
        assert!(!tmp.path().join("b/.index.html.plenary-tmp").exists());
        assert!(!tmp.path().join("b/index.html").exists());
        assert_eq!(tally.files, 1);
    }
}
