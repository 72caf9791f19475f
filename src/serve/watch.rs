//! Watching the site's sources: which file-system events mean a rebuild.
//! Editors save in many ways (in place, temp file then rename, backup
//! files, swap files); only changes to content, theme and configuration
//! count, never the output or an editor's scratch files.

use crate::config::{CONFIG_FILE, Config};
use crate::fsx::is_ignored_name;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, FileIdMap, new_debouncer, new_debouncer_opt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long the file system must stay quiet before a rebuild: one save
/// (editors write, rename and delete within a millisecond) makes one
/// rebuild. Short, because it is part of every edit's latency; a longer
/// burst (a folder copied in) may make two rebuilds, each correct.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// How long edits must pause before the search index (which covers the
/// whole collection) is remade.
pub const SEARCH_PAUSE: Duration = Duration::from_millis(700);

/// How long a failed rebuild waits for more changes before reporting:
/// a slow save can show a half-written file to the first rebuild.
pub const SETTLE: Duration = Duration::from_millis(150);

/// Whether a change at `path` can change the site rooted at `root`.
pub fn relevant(root: &Path, config: &Config, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    // Any hidden or scratch component (".git", "4913", "x.swp", "x~").
    if rel
        .components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
    {
        return false;
    }
    if rel.starts_with(&config.output) {
        return false;
    }
    if rel == Path::new(CONFIG_FILE) {
        return true;
    }
    if rel.starts_with("themes") {
        return true;
    }
    if rel.starts_with(&config.content) {
        // A folder renamed or deleted has no extension; Markdown files count.
        return rel.extension().is_none_or(|e| e == "md");
    }
    false
}

/// A live watcher (dropping it stops watching) and its bursts of changes.
pub struct Watching {
    watcher: Box<dyn Register>,
    changes: mpsc::Receiver<Vec<PathBuf>>,
    /// The folders watched with all they hold: content and themes.
    trees: Vec<PathBuf>,
    watched: Vec<PathBuf>,
}

/// A debouncer of either kind (native events or polling).
trait Register: Send {
    fn add(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()>;
}

impl<T: notify::Watcher + Send, C: notify_debouncer_full::FileIdCache + Send> Register
    for notify_debouncer_full::Debouncer<T, C>
{
    fn add(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.watch(path, mode)
    }
}

impl Watching {
    /// Waits for the next burst of changes; folders created by it are
    /// watched from now on. `None` once the watcher has stopped.
    pub fn next_burst(&mut self) -> Option<Vec<PathBuf>> {
        let paths = self.changes.recv().ok()?;
        if let Err(e) = self.refresh() {
            eprintln!("warning: cannot watch a new folder: {e}");
        }
        Some(paths)
    }

    /// The next burst, if one comes within `wait`.
    pub fn burst_within(&mut self, wait: Duration) -> Option<Vec<PathBuf>> {
        let paths = self.changes.recv_timeout(wait).ok()?;
        if let Err(e) = self.refresh() {
            eprintln!("warning: cannot watch a new folder: {e}");
        }
        Some(paths)
    }

    /// Watches the content and theme folders that exist now and were not
    /// watched yet (created after the start, or deleted and created again).
    /// Only those: the output folder can hold more folders than the system
    /// lets one process watch.
    pub fn refresh(&mut self) -> notify::Result<()> {
        self.watched.retain(|d| d.is_dir());
        for dir in &self.trees {
            if dir.is_dir() && !self.watched.contains(dir) {
                self.watcher.add(dir, RecursiveMode::Recursive)?;
                self.watched.push(dir.clone());
            }
        }
        Ok(())
    }
}

/// Watches the site at `root` (its configuration file, content and
/// themes) and sends one message per quiet-after-changes burst.
pub fn watch(root: &Path, config: Config, poll: bool) -> notify::Result<Watching> {
    let (tx, rx) = mpsc::channel();
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let trees = vec![root_abs.join(&config.content), root_abs.join("themes")];
    let filter_root = root_abs.clone();
    let handler = move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
        let paths: Vec<PathBuf> = events
            .into_iter()
            // Reading a file is no change: a rebuild reads every file, and
            // reacting to that would rebuild forever.
            .filter(|e| !matches!(e.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths)
            .filter(|p| relevant(&filter_root, &config, p))
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    };
    let mut watcher: Box<dyn Register> = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
        Box::new(new_debouncer_opt::<_, notify::PollWatcher, FileIdMap>(
            DEBOUNCE,
            None,
            handler,
            FileIdMap::new(),
            config,
        )?)
    } else {
        Box::new(new_debouncer(DEBOUNCE, None, handler)?)
    };
    // The root itself, not what it holds: the configuration file, and
    // content or theme folders appearing.
    watcher.add(&root_abs, RecursiveMode::NonRecursive)?;
    let mut watching = Watching {
        watcher,
        changes: rx,
        trees,
        watched: Vec::new(),
    };
    watching.refresh()?;
    Ok(watching)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_changes_count() {
        let root = Path::new("/s");
        let c = Config::default();
        let yes = [
            "/s/content/A/RES/1/1.md",
            "/s/content/A",
            "/s/themes/default/templates/base.html",
            "/s/themes/default/static/style.css",
            "/s/plenary.yaml",
        ];
        let no = [
            "/s/site/index.html",
            "/s/content/A/RES/1/.1.md.swp",
            "/s/content/A/RES/1/1.md~",
            "/s/content/A/RES/1/4913",
            "/s/content/A/RES/1/1.md___jb_tmp___",
            "/s/content/notes.txt",
            "/s/.git/index",
            "/s/README.md",
            "/elsewhere/content/x.md",
            "/s/.site.plenary-manifest.json",
        ];
        for p in yes {
            assert!(relevant(root, &c, Path::new(p)), "{p}");
        }
        for p in no {
            assert!(!relevant(root, &c, Path::new(p)), "{p}");
        }
    }
}
