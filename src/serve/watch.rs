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
/// (or a burst of them, or a folder copied in) makes one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(60);

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
pub type Watching = (Box<dyn std::any::Any + Send>, mpsc::Receiver<Vec<PathBuf>>);

/// Watches `root` and sends one message per quiet-after-changes burst.
pub fn watch(root: &Path, config: Config, poll: bool) -> notify::Result<Watching> {
    let (tx, rx) = mpsc::channel();
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
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
    if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
        let mut d =
            new_debouncer_opt::<_, notify::PollWatcher, FileIdMap>(DEBOUNCE, None, handler, FileIdMap::new(), config)?;
        d.watch(&root_abs, RecursiveMode::Recursive)?;
        Ok((Box::new(d), rx))
    } else {
        let mut d = new_debouncer(DEBOUNCE, None, handler)?;
        d.watch(&root_abs, RecursiveMode::Recursive)?;
        Ok((Box::new(d), rx))
    }
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
