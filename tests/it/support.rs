//! Helpers shared by the integration tests.

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where `Cargo.toml` is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Runs the `plenary` binary.
pub fn plenary(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(args)
        .output()
        .expect("run plenary")
}

/// Builds the site at `root` into a fresh temporary folder with the CLI,
/// asserting success; returns the folder (deleted when dropped).
pub fn build(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let o = plenary(&[
        "--root",
        root.to_str().expect("utf-8 path"),
        "build",
        "--output",
        site.to_str().expect("utf-8 path"),
    ]);
    assert!(
        o.status.success(),
        "build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

pub fn site(out: &tempfile::TempDir) -> PathBuf {
    out.path().join("site")
}

pub fn read(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

pub fn html(site: &Path, path: &str) -> Html {
    Html::parse_document(&read(site, path))
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e}"))
}

/// Text of the first element matching `selector`, whitespace collapsed.
pub fn text_of(doc: &Html, selector: &str) -> String {
    let el = doc
        .select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no element matches {selector}"));
    collapse(&el.text().collect::<String>())
}

pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under `dir`, as (path relative to `dir`, absolute path),
/// sorted; without Plenary's build state (`.plenary/`), which is not part
/// of the site.
pub fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == ".plenary"))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, e.into_path())
        })
        .collect();
    files.sort();
    files
}

/// Every file under `dir`, relative, sorted, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|(rel, path)| (rel, std::fs::read(path).expect("read")))
        .collect()
}

/// Copies a folder tree (fixtures are read-only in CI).
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let rel = e.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}
