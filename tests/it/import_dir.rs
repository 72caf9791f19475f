//! `plenary import DIR`: every `.txt` file of a folder, in name order, with
//! a table of results; a file that fails is named and nothing is written
//! for it.

use crate::support::*;

#[test]
fn a_folder_imports_every_text_file_and_reports_a_table() {
    let tmp = tempfile::tempdir().expect("tmp");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    for e in std::fs::read_dir(repo().join("tests/corpus"))
        .expect("corpus")
        .filter_map(Result::ok)
    {
        if e.path().extension().is_some_and(|x| x == "txt") {
            std::fs::copy(e.path(), input.join(e.file_name())).expect("copy");
        }
    }
    std::fs::write(input.join("B_bad.txt"), "Hello\nnot a resolution\n").expect("write");
    std::fs::write(input.join("notes.md"), "not imported\n").expect("write");
    let root = tmp.path().join("site");
    let o = plenary(&[
        "--root",
        root.to_str().expect("utf-8"),
        "import",
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let file = |name: &str| format!("{}/{name}", input.display());
    let w = file("A_RES_65_232.txt").len();
    assert_eq!(lines[0], format!("{:w$}  SYMBOL        RESULT", "FILE"));
    assert_eq!(
        lines[1],
        format!("{:w$}  A/RES/65/232  imported", file("A_RES_65_232.txt"))
    );
    assert_eq!(
        lines[8],
        format!("{:w$}  A/RES/80/16   imported with 1 warning", file("A_RES_80_16.txt"))
    );
    assert_eq!(
        lines[18],
        format!(
            "{:w$}  -             failed: no opening formula such as \"The General Assembly,\" was found",
            file("B_bad.txt")
        )
    );
    assert_eq!(lines[19], "18 files: 17 imported, 1 failed");
    assert_eq!(lines.len(), 20);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!(
            "error: no opening formula such as \"The General Assembly,\" was found\n  --> {}:1:1\n",
            file("B_bad.txt")
        )),
        "{stderr}"
    );
    // All 17 written, exactly as the repository's content; nothing for the bad file.
    let mut written = Vec::new();
    for e in walk(&root.join("content")) {
        let rel = e.strip_prefix(root.join("content")).expect("inside").to_path_buf();
        let want = std::fs::read(repo().join("content").join(&rel)).expect("repository content");
        assert_eq!(std::fs::read(&e).expect("written"), want, "{}", rel.display());
        written.push(rel);
    }
    assert_eq!(written.len(), 17);
}

#[test]
fn a_folder_without_text_files_is_an_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let o = plenary(&[
        "--root",
        tmp.path().to_str().expect("utf-8"),
        "import",
        tmp.path().to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: the folder holds no `.txt` file to import\n  --> {}\n  = help: put the resolutions' texts in it as `.txt` files, one resolution per file\n",
            tmp.path().display()
        )),
        "{stderr}"
    );
    assert!(!tmp.path().join("content").exists());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
