//! One build at a time into an output folder: an advisory lock on a file
//! in the folder's state folder. A second build waits, saying who holds it.

use super::place::STATE_DIR;
use crate::diag::Diagnostic;
use crate::fsx;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Held while a build writes into its output folder; released when dropped
/// (and by the system when the process dies).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

fn lock_path(out: &Path) -> PathBuf {
    out.join(STATE_DIR).join("lock")
}

/// Locks the output folder `out`, waiting for another build to finish.
pub fn acquire(out: &Path) -> Result<Lock, Diagnostic> {
    let path = lock_path(out);
    let mut told = false;
    loop {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| fsx::io_error("cannot create the state folder", dir, e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| fsx::io_error("cannot open the build lock", &path, e))?;
        if file.try_lock().is_err() {
            if !told {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                let holder = holder.trim();
                let who = if holder.is_empty() {
                    String::new()
                } else {
                    format!(" (process {holder})")
                };
                eprintln!("waiting for another build into {}{who} to finish", out.display());
                told = true;
            }
            file.lock()
                .map_err(|e| fsx::io_error("cannot lock the output folder", &path, e))?;
        }
        // A full build swaps in a new folder with a new lock file: a lock
        // taken on the old one guards nothing, so take the current one.
        if same_file(&file, &path) {
            let _ = file.set_len(0);
            let _ = write!(file, "{}", std::process::id());
            return Ok(Lock { _file: file });
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}
