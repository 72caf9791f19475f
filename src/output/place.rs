//! Where a build may write: the output folder, resolved (symlinks and `..`)
//! and checked before anything in it is touched. Plenary replaces only a
//! folder that it made (it holds Plenary's marker) or an empty one, and
//! never one that is, holds or sits inside what a user keeps: the site's
//! sources and themes, a `.git`, the home folder, `/`.

use crate::diag::Diagnostic;
use crate::fsx;
use std::path::{Component, Path, PathBuf};

/// The folder inside the output that holds Plenary's build state (marker,
/// lock, manifest, parse cache). It is not part of the site.
pub const STATE_DIR: &str = ".plenary";

const MARKER: &str = "marker";
const SIGNATURE: &str = "This folder is a site built by Plenary.";

/// The marker file of the output folder `out`.
pub fn marker_path(out: &Path) -> PathBuf {
    out.join(STATE_DIR).join(MARKER)
}

/// Writes the marker that makes `out` a folder Plenary may replace.
pub fn write_marker(out: &Path) -> Result<(), Diagnostic> {
    let text =
        format!("{SIGNATURE}\nEach build replaces everything in it: keep nothing here that Plenary did not write.\n");
    fsx::write(&marker_path(out), text.as_bytes())
}

/// Whether `out` holds Plenary's marker.
pub fn is_marked(out: &Path) -> bool {
    std::fs::read_to_string(marker_path(out)).is_ok_and(|t| t.starts_with(SIGNATURE))
}

/// The places a build must not write into, resolved.
pub struct Guarded {
    pub root: PathBuf,
    pub content: PathBuf,
    pub themes: PathBuf,
}

/// `path` made absolute, with `.`, `..` and symbolic links resolved, also
/// when its last parts do not exist yet (they cannot be links).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            // `out` is already free of links here, so its parent is the real one.
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if out.symlink_metadata().is_ok() {
                    out = out.canonicalize()?;
                }
            }
        }
    }
    Ok(out)
}

/// Resolves the requested output folder and refuses places a build must
/// never replace. `shown` is the path as the user gave it, for messages.
pub fn check(requested: &Path, guarded: &Guarded) -> Result<PathBuf, Diagnostic> {
    let shown = requested.display().to_string();
    let out = resolve(requested).map_err(|e| {
        Diagnostic::error(format!("cannot resolve the output folder {shown}: {e}"))
            .help("check that every folder on the way exists and every symbolic link points somewhere")
    })?;
    if let Some(why) = forbidden(&out, guarded) {
        return Err(refusal(&shown, &out, &why).help(
            "choose a folder of its own for the site, e.g. `--output site` (the default) or `--output /tmp/un-site`",
        ));
    }
    Ok(out)
}

/// Why `out` (resolved) may never be an output folder, if it may not.
fn forbidden(out: &Path, g: &Guarded) -> Option<String> {
    let overlaps = |p: &Path| out.starts_with(p) || p.starts_with(out);
    if out.parent().is_none() {
        return Some("it is the root of the file system".into());
    }
    if let Some(home) = home()
        && home.starts_with(out)
    {
        return Some(if home == out {
            "it is your home folder".into()
        } else {
            format!("it holds your home folder {}", home.display())
        });
    }
    if g.root.starts_with(out) {
        return Some("it is the site's folder or holds it".into());
    }
    if overlaps(&g.content) {
        return Some(format!("it overlaps the content folder {}", g.content.display()));
    }
    if overlaps(&g.themes) {
        return Some(format!("it overlaps the themes folder {}", g.themes.display()));
    }
    if out.components().any(|c| c.as_os_str() == ".git") {
        return Some("it is inside a `.git` folder".into());
    }
    if out.join(".git").symlink_metadata().is_ok() {
        return Some("it holds a `.git` folder".into());
    }
    None
}

/// The user's home folder, resolved, when it is known.
fn home() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    resolve(Path::new(&home)).ok()
}

fn refusal(shown: &str, out: &Path, why: &str) -> Diagnostic {
    let resolved = if Path::new(shown) == out {
        String::new()
    } else {
        format!(" (that is {})", out.display())
    };
    Diagnostic::error(format!(
        "refusing to build into {shown}{resolved}: {why}, and a build replaces everything in its output folder"
    ))
}

/// Refuses an existing `out` that is not Plenary's to replace: a file, or
/// a folder holding anything while it lacks Plenary's marker.
pub fn check_owned(shown: &Path, out: &Path) -> Result<(), Diagnostic> {
    let shown = shown.display().to_string();
    let meta = match out.symlink_metadata() {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(fsx::io_error("cannot read the output folder", out, e)),
    };
    if !meta.is_dir() {
        return Err(
            refusal(&shown, out, "it is a file, not a folder").help("name a folder for the site, e.g. `--output site`")
        );
    }
    if is_marked(out) || only_state(out) {
        return Ok(());
    }
    let mut names: Vec<String> = std::fs::read_dir(out)
        .map_err(|e| fsx::io_error("cannot read the output folder", out, e))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    match names.first() {
        None => Ok(()),
        Some(first) => Err(refusal(
            &shown,
            out,
            &format!(
                "it holds files that Plenary did not write, such as {}",
                out.join(first).display()
            ),
        )
        .help(
            "build into a new or empty folder; if this folder is an old site you no longer need, delete it \
             yourself and build again",
        )),
    }
}

/// Whether `out` holds nothing but a state folder with at most a lock in
/// it: what another build leaves for a moment while it claims a new folder.
fn only_state(out: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(out) else {
        return false;
    };
    let names: Vec<_> = entries.filter_map(Result::ok).map(|e| e.file_name()).collect();
    if names.iter().any(|n| n != STATE_DIR) {
        return false;
    }
    std::fs::read_dir(out.join(STATE_DIR))
        .is_ok_and(|inner| inner.filter_map(Result::ok).all(|e| e.file_name() == "lock"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_follows_dot_dot_after_a_link_to_the_real_parent() {
        let tmp = tempfile::tempdir().expect("tmp");
        let base = tmp.path().canonicalize().expect("canon");
        std::fs::create_dir_all(base.join("a/b")).expect("mkdir");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("a/b"), base.join("link")).expect("link");
            // link/.. is a, not the folder holding the link.
            assert_eq!(resolve(&base.join("link/..")).expect("resolve"), base.join("a"));
            assert_eq!(
                resolve(&base.join("link/new/../x")).expect("resolve"),
                base.join("a/b/x")
            );
        }
        assert_eq!(resolve(&base.join("a/./b/../c")).expect("resolve"), base.join("a/c"));
    }
}
