//! Incremental builds: a rebuild with nothing changed writes nothing; after
//! any sequence of edits the site equals a clean build, byte for byte; an
//! edit rewrites only the files whose bytes change; parallel and
//! single-threaded builds agree.

use crate::support::*;
use std::path::Path;
use std::time::SystemTime;

fn run(root: &Path, extra: &[(&str, &str)]) -> String {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_plenary"));
    cmd.args(["--root", root.to_str().expect("utf-8"), "build"]);
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn mtimes(dir: &Path) -> Vec<(String, SystemTime)> {
    files_under(dir)
        .into_iter()
        .map(|(rel, path)| (rel, std::fs::metadata(path).expect("meta").modified().expect("mtime")))
        .collect()
}

/// A copy of the repository's content (17 real resolutions) to edit.
fn corpus_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    tmp
}

/// The site a clean build of `root` gives.
fn clean(root: &Path) -> Vec<(String, Vec<u8>)> {
    let out = build(root);
    snapshot(&site(&out))
}

#[test]
fn a_rebuild_with_nothing_changed_writes_nothing() {
    let tmp = corpus_copy();
    assert!(run(tmp.path(), &[]).starts_with("Built "));
    let before = mtimes(&tmp.path().join("site"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(run(tmp.path(), &[]).starts_with("Nothing changed since the last build"));
    assert_eq!(mtimes(&tmp.path().join("site")), before);
}

#[test]
fn an_edit_rewrites_only_the_files_whose_bytes_change() {
    let tmp = corpus_copy();
    run(tmp.path(), &[]);
    let before = mtimes(&tmp.path().join("site"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let file = tmp.path().join("content/A/RES/80/16.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("4. Also decides", "4. Further decides")).expect("write");
    let out = run(tmp.path(), &[]);
    assert!(out.starts_with("Updated "), "{out}");
    let after = mtimes(&tmp.path().join("site"));
    let changed: Vec<&str> = after
        .iter()
        .filter(|(p, t)| before.iter().find(|(q, _)| q == p).is_none_or(|(_, u)| u != t))
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(
        changed,
        [
            "A/RES/80/16/akn.xml",
            "A/RES/80/16/index.html",
            "A/RES/80/16/index.json",
            "A/RES/80/16/op4/index.html",
            // The paragraph's text, and the terms "also" and "further".
            "search/docs/1.json",
            "search/terms/al.json",
            "search/terms/fu.json"
        ]
    );
}

/// The files whose time stamps differ between two listings (new ones too).
fn rewritten(before: &[(String, SystemTime)], after: &[(String, SystemTime)]) -> Vec<String> {
    after
        .iter()
        .filter(|(p, t)| before.iter().find(|(q, _)| q == p).is_none_or(|(_, u)| u != t))
        .map(|(p, _)| p.clone())
        .collect()
}

#[test]
fn a_static_file_change_copies_that_file_and_a_template_change_renders_its_pages() {
    let tmp = corpus_copy();
    let root = tmp.path();
    run(root, &[]);
    let theme = root.join("themes/default");
    std::fs::create_dir_all(theme.join("static")).expect("mkdir");
    std::fs::create_dir_all(theme.join("templates")).expect("mkdir");
    let before = mtimes(&root.join("site"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(theme.join("static/style.css"), "body { color: navy }\n").expect("css");
    let out = run(root, &[]);
    assert!(out.starts_with("Updated "), "{out}");
    assert_eq!(rewritten(&before, &mtimes(&root.join("site"))), ["style.css"]);
    // The template of resolution pages: those pages only.
    let before = mtimes(&root.join("site"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let template = String::from_utf8(theme_file("templates/resolution.html")).expect("utf-8");
    assert!(template.contains("{% endblock main %}"));
    std::fs::write(
        theme.join("templates/resolution.html"),
        template.replace(
            "{% endblock main %}",
            "<p class=\"note\">Edited.</p>{% endblock main %}",
        ),
    )
    .expect("template");
    run(root, &[]);
    let changed = rewritten(&before, &mtimes(&root.join("site")));
    let expected: Vec<String> = files_under(&root.join("site"))
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| read(&root.join("site"), rel).contains("class=\"note\">Edited."))
        .collect();
    assert_eq!(expected.len(), 17);
    assert!(
        changed == expected,
        "{} files rewritten: {:?} …",
        changed.len(),
        &changed[..changed.len().min(5)]
    );
    // A static file taken away is taken from the site.
    std::fs::write(theme.join("static/extra.txt"), "x").expect("extra");
    run(root, &[]);
    assert!(root.join("site/extra.txt").exists());
    std::fs::remove_file(theme.join("static/extra.txt")).expect("rm");
    run(root, &[]);
    assert!(!root.join("site/extra.txt").exists());
    assert_eq!(snapshot(&root.join("site")), clean(root));
}

/// A file of the built-in theme, as the binary embeds it.
fn theme_file(rel: &str) -> Vec<u8> {
    std::fs::read(repo().join("themes/default").join(rel)).expect("theme file")
}

#[test]
fn incremental_builds_equal_clean_builds_after_every_edit() {
    let tmp = corpus_copy();
    let root = tmp.path();
    run(root, &[]);
    let content = root.join("content/A/RES");
    let edits: Vec<(&str, Edit)> = vec![
        (
            "change a word",
            Box::new(|| edit(&content.join("80/7.md"), "Taking note", "Taking careful note")),
        ),
        (
            "add a citation inside the collection",
            Box::new(|| {
                edit(
                    &content.join("80/14.md"),
                    "1. Recalls with satisfaction",
                    "1. Recalling its resolution 80/13, recalls with satisfaction",
                )
            }),
        ),
        (
            "retitle a cited resolution",
            Box::new(|| {
                edit(
                    &content.join("80/13.md"),
                    "title: Implementation",
                    "title: The implementation",
                )
            }),
        ),
        (
            "remove the citation again",
            Box::new(|| {
                edit(
                    &content.join("80/14.md"),
                    "1. Recalling its resolution 80/13, recalls with satisfaction",
                    "1. Recalls with satisfaction",
                )
            }),
        ),
        (
            "delete a resolution",
            Box::new(|| std::fs::remove_file(content.join("80/2.md")).expect("rm")),
        ),
        (
            "add a resolution",
            Box::new(|| {
                let text = std::fs::read_to_string(content.join("80/1.md")).expect("read");
                std::fs::write(
                    content.join("80/98.md"),
                    text.replace("symbol: A/RES/80/1", "symbol: A/RES/80/98"),
                )
                .expect("write");
            }),
        ),
        (
            "rename a file",
            Box::new(|| std::fs::rename(content.join("80/98.md"), content.join("80/ninety-eight.md")).expect("mv")),
        ),
        (
            "drop a paragraph",
            Box::new(|| {
                let file = content.join("80/16.md");
                let text = std::fs::read_to_string(&file).expect("read");
                let start = text.find("\n4. Also decides").expect("op4");
                let end = text[start + 1..].find("\n\n").map_or(text.len(), |e| start + 1 + e);
                std::fs::write(&file, format!("{}{}", &text[..start], &text[end..])).expect("write");
            }),
        ),
    ];
    for (name, apply) in edits {
        apply();
        let out = run(root, &[]);
        assert!(!out.starts_with("Nothing changed"), "{name}: {out}");
        let incremental = snapshot(&root.join("site"));
        assert!(
            incremental == clean(root),
            "{name}: the incremental site differs from a clean build"
        );
    }
}

/// One edit of the sequence.
type Edit<'a> = Box<dyn Fn() + 'a>;

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{}: no `{from}`", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn a_parallel_build_equals_a_single_threaded_build() {
    let a = corpus_copy();
    let b = corpus_copy();
    run(a.path(), &[("RAYON_NUM_THREADS", "1")]);
    run(b.path(), &[("RAYON_NUM_THREADS", "8")]);
    assert!(snapshot(&a.path().join("site")) == snapshot(&b.path().join("site")));
}
