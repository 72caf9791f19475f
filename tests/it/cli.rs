//! The command line's own features: `init`, `completions`, `--quiet`.

use crate::support::*;

#[test]
fn init_scaffolds_a_site_that_builds_and_never_overwrites() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("new");
    let d = dir.to_str().expect("utf-8");
    let o = plenary(&["init", d]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("themes/default/templates/paragraph.html").is_file());
    let o = plenary(&["--root", d, "build"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let site = dir.join("site");
    // The sample's footnote and citation work.
    let pp1 = html(&site, "A/RES/80/999/pp1/index.html");
    assert_eq!(text_of(&pp1, ".fn-ref"), "1");
    assert!(read(&site, "A/RES/65/232/index.html").contains("A/RES/80/999"));
    // A second init into the same folder changes nothing.
    let before = snapshot(&dir);
    let o = plenary(&["init", d]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "error: {d} is not empty\n  = help: choose a new folder, or an empty one: init never overwrites files\n"
        )
    );
    assert!(snapshot(&dir) == before);
}

#[test]
fn completions_and_quiet_builds() {
    let o = plenary(&["completions", "bash"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("_plenary()"));
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&fixture("basic"), tmp.path());
    let o = plenary(&["--quiet", "--root", tmp.path().to_str().expect("utf-8"), "build"]);
    assert!(o.status.success());
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
}
