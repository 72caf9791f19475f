//! The preview's quick path (an edit updates the graph, the manifest and
//! the pages in place) against clean builds: after every step of random
//! edit sequences on a generated collection, the served files, the graph
//! and the manifest equal those of a clean build.

use plenary::bench::{self, Rng};
use plenary::build::{self, Options};
use plenary::incremental::Manifest;
use plenary::output::MemSink;
use plenary::serve::engine::{Engine, Rebuilt};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

type Served = BTreeMap<String, Vec<u8>>;

fn apply(served: &mut Served, r: Rebuilt) -> bool {
    let quick = r.quick;
    if r.full {
        served.clear();
    }
    for k in r.removed {
        served.remove(&k);
    }
    served.extend(r.files);
    quick
}

/// The content files of the site, relative to `root`.
fn content_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write");
}

/// One random edit; returns the paths it touched and whether it leaves
/// the content broken (the next edit repairs it).
fn edit(rng: &mut Rng, root: &Path, step: usize) -> (Vec<PathBuf>, Option<(PathBuf, Option<String>)>) {
    let files = content_files(root);
    let file = rng.pick(&files).clone();
    // Steps 3 and 4 of every ten retitle and re-tag the first file: the
    // tag of step 3 goes away at step 4, and its discovery page with it.
    let kind = match step % 10 {
        5 => 10,
        3 | 4 => 5,
        _ => rng.range(0, 10),
    };
    let file = if kind == 5 { files[0].clone() } else { file };
    let text = read(&file);
    let symbols: Vec<String> = files
        .iter()
        .filter_map(|f| {
            read(f)
                .lines()
                .find_map(|l| l.strip_prefix("symbol: A/RES/").map(str::to_string))
        })
        .collect();
    let other = rng.pick(&symbols).clone();
    // Every tenth edit is to the theme (which takes the full path).
    match kind {
        // The theme: a static file, or a template.
        10 => {
            let theme = root.join("themes/default");
            let (rel, text) = if rng.chance(0.5) {
                ("static/style.css", format!("body {{ margin: {step}px }}\n"))
            } else {
                let base = std::fs::read_to_string(crate::support::repo().join("themes/default/templates/404.html"))
                    .expect("template");
                ("templates/404.html", base.replace("</h1>", &format!(" {step}</h1>")))
            };
            let path = theme.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            write(&path, &text);
            return (vec![path], None);
        }
        // A word in a paragraph.
        0 | 1 => write(&file, &text.replacen(" the ", &format!(" the w{step} "), 1)),
        // A citation of another resolution, or of one of its paragraphs.
        2 => write(
            &file,
            &text.replacen(",\n", &format!(", recalling its resolution {other},\n"), 1),
        ),
        3 => write(
            &file,
            &text.replacen(
                ";\n",
                &format!(", as called for in paragraph 2 of resolution {other};\n"),
                1,
            ),
        ),
        // Citations taken out.
        4 => write(&file, &text.replace("its resolution", "its text")),
        // A title shared with another resolution, or a new one.
        5 => {
            let title = files
                .iter()
                .map(|f| read(f))
                .find_map(|t| t.lines().find(|l| l.starts_with("title:")).map(str::to_string))
                .unwrap_or_default();
            let new = if rng.chance(0.5) {
                title
            } else {
                format!("title: \"New title {step}\"")
            };
            // And a committee and tags, for the discovery pages.
            let new = format!("{new}\ncommittee: Committee {}\ntags: [t{step}]", step % 2);
            let old = text
                .lines()
                .find(|l| l.starts_with("title:"))
                .unwrap_or_default()
                .to_string();
            let text: String = text
                .lines()
                .filter(|l| !l.starts_with("committee:") && !l.starts_with("tags:"))
                .map(|l| format!("{l}\n"))
                .collect();
            write(&file, &text.replacen(&old, &new, 1));
        }
        // A new resolution, a deleted one, a renamed file, a new symbol.
        6 => {
            let new = file.with_file_name(format!("new{step}.md"));
            let sym = text.lines().find(|l| l.starts_with("symbol:")).unwrap_or_default();
            write(&new, &text.replacen(sym, &format!("symbol: A/RES/90/{step}"), 1));
            return (vec![new], None);
        }
        7 => {
            if files.len() > 20 {
                std::fs::remove_file(&file).expect("rm");
            }
        }
        8 => {
            let to = file.with_file_name(format!("moved{step}.md"));
            std::fs::rename(&file, &to).expect("mv");
            return (vec![file, to], None);
        }
        // Broken: bad front matter, or a second file with a taken symbol.
        _ => {
            if rng.chance(0.5) {
                write(&file, &text.replacen("---\n", "---\nsymbol: [\n", 1));
                return (vec![file.clone()], Some((file, Some(text))));
            }
            let twin = file.with_file_name(format!("twin{step}.md"));
            write(&twin, &text);
            return (vec![twin.clone()], Some((twin, None)));
        }
    }
    (vec![file], None)
}

fn clean(opts: &Options) -> (Served, plenary::crossref::Graph, Manifest) {
    let inputs = build::read(opts);
    let (global, sources) = (inputs.global_hash(), inputs.source_hashes());
    let site = build::assemble(inputs).expect("clean build");
    let sink = MemSink::default();
    build::write_all(&site.input(), &sink).expect("render");
    let manifest = Manifest::of(&site, global, sources);
    (sink.0.into_inner().expect("sink"), site.graph, manifest)
}

fn first_difference(a: &Served, b: &Served) -> String {
    for (k, v) in a {
        match b.get(k) {
            None => return format!("{k} served but not in a clean build"),
            Some(w) if w != v => return format!("{k} differs from a clean build"),
            _ => {}
        }
    }
    b.keys()
        .find(|k| !a.contains_key(*k))
        .map_or(String::new(), |k| format!("{k} missing"))
}

#[test]
fn quick_edits_give_the_clean_build_graph_manifest_and_pages() {
    for seed in [1, 2] {
        let tmp = tempfile::tempdir().expect("tmp");
        let root = std::path::absolute(tmp.path()).expect("abs");
        bench::generate(30, &root, seed, false).expect("generate");
        let opts = Options {
            root: root.clone(),
            output: None,
            base_url: Some("/".into()),
            full: false,
        };
        let mut engine = Engine::new(opts.clone());
        let mut served = Served::new();
        apply(&mut served, engine.rebuild(&[]).expect("first build").expect("files"));
        let mut quick = 0;
        let mut rng = Rng::new(seed);
        let mut broken: Option<(PathBuf, Option<String>)> = None;
        for step in 0..30 {
            let paths = match broken.take() {
                // Repair what the last step broke.
                Some((path, Some(text))) => {
                    write(&path, &text);
                    vec![path]
                }
                Some((path, None)) => {
                    std::fs::remove_file(&path).expect("rm twin");
                    vec![path]
                }
                None => {
                    let (paths, b) = edit(&mut rng, &root, step);
                    broken = b;
                    paths
                }
            };
            match engine.rebuild(&paths) {
                Ok(Some(r)) => {
                    quick += usize::from(apply(&mut served, r));
                    // What the server does once edits pause.
                    if let Some(r) = engine.refresh_search() {
                        apply(&mut served, r);
                    }
                }
                Ok(None) => {}
                Err(d) => {
                    assert!(broken.is_some(), "seed {seed} step {step}: unexpected error\n{d}");
                    continue;
                }
            }
            assert!(broken.is_none(), "seed {seed} step {step}: a broken edit was accepted");
            let (files, graph, manifest) = clean(&opts);
            let (g, m) = engine.state().expect("state");
            assert!(
                g == &graph,
                "seed {seed} step {step}: the graph differs from a clean build's"
            );
            assert!(
                m == &manifest,
                "seed {seed} step {step}: the manifest differs from a clean build's"
            );
            assert!(
                served == files,
                "seed {seed} step {step}: {}",
                first_difference(&served, &files)
            );
        }
        // Renames and new files in known folders stay on the quick path too.
        assert!(quick >= 18, "seed {seed}: only {quick} quick rebuilds");
    }
}
