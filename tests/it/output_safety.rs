//! docs/RELIABILITY.md cases 25–27, 33 and 34: a build never destroys what
//! Plenary did not write, whatever output folder it is given, and the site
//! it leaves always equals a clean build of its sources.

use crate::support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the CLI with `HOME` pointing at `home`: a test never risks the
/// real home folder, and the home rule can be checked.
fn run_in(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(args)
        .env("HOME", home)
        .output()
        .expect("run plenary")
}

/// A sandbox holding a home folder and a copy of the basic fixture site.
struct Sandbox {
    tmp: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let tmp = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(tmp.path().join("home/docs")).expect("home");
        std::fs::write(tmp.path().join("home/docs/letter.txt"), "dear").expect("home file");
        copy_tree(&fixture("basic"), &tmp.path().join("root"));
        Sandbox { tmp }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn build(&self, output: &str, extra: &[&str]) -> Output {
        let root = self.path("root");
        let mut args = vec!["--root", root.to_str().expect("utf-8"), "build", "-o", output];
        args.extend_from_slice(extra);
        run_in(&self.path("home"), &args)
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Case 25: a folder holding files Plenary did not write is refused, naming
/// the folder and one of its files, and how to proceed; nothing in it changes.
#[test]
fn case_25_a_folder_holding_other_files_is_refused_and_kept() {
    let sb = Sandbox::new();
    let folder = sb.path("notes");
    std::fs::create_dir_all(folder.join("sub")).expect("mkdir");
    std::fs::write(folder.join("b.txt"), "mine").expect("write");
    std::fs::write(folder.join("sub/c.txt"), "mine too").expect("write");
    let before = snapshot(&folder);
    let o = sb.build(folder.to_str().expect("utf-8"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: refusing to build into {d}: it holds files that Plenary did not write, such as {d}/b.txt, \
             and a build replaces everything in its output folder\n  = help: build into a new or empty folder; \
             if this folder is an old site you no longer need, delete it yourself and build again\n\n\
             error: build failed with 1 error\n",
            d = folder.display()
        )
    );
    assert_eq!(snapshot(&folder), before);
    // With --full too: the cache flag never widens what may be replaced.
    assert_eq!(
        sb.build(folder.to_str().expect("utf-8"), &["--full"]).status.code(),
        Some(1)
    );
    assert_eq!(snapshot(&folder), before);
}

/// Case 25: the places a build may never replace, however they are named:
/// the home folder and what holds it, `/`, the site's folder reached
/// through `..`, the content folder written another way or through a
/// symbolic link, a theme, a `.git` folder or a folder holding one.
#[test]
fn case_25_guarded_places_are_refused_however_they_are_named() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path("root/themes/mine/templates")).expect("theme");
    std::fs::create_dir_all(sb.path("repo/.git")).expect("git");
    std::fs::write(sb.path("repo/.git/HEAD"), "ref: refs/heads/main").expect("git");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(sb.path("root/content"), sb.path("link-to-content")).expect("link");
        std::os::unix::fs::symlink(sb.path("home"), sb.path("link-to-home")).expect("link");
    }
    let home = sb.path("home");
    let cases: Vec<(String, &str)> = vec![
        (home.display().to_string(), "it is your home folder"),
        (sb.path(".").display().to_string(), "it holds your home folder"),
        ("/".into(), "it is the root of the file system"),
        ("..".into(), "it holds your home folder"),
        ("../root/.".into(), "it is the site's folder or holds it"),
        ("content/../content".into(), "it overlaps the content folder"),
        ("content/A".into(), "it overlaps the content folder"),
        ("themes/mine".into(), "it overlaps the themes folder"),
        ("themes".into(), "it overlaps the themes folder"),
        (sb.path("repo").display().to_string(), "it holds a `.git` folder"),
        (
            sb.path("repo/.git").display().to_string(),
            "it is inside a `.git` folder",
        ),
        (
            sb.path("repo/.git/site").display().to_string(),
            "it is inside a `.git` folder",
        ),
        #[cfg(unix)]
        (
            sb.path("link-to-content").display().to_string(),
            "it overlaps the content folder",
        ),
        #[cfg(unix)]
        (sb.path("link-to-home").display().to_string(), "it is your home folder"),
        #[cfg(unix)]
        (
            sb.path("link-to-home/../home").display().to_string(),
            "it is your home folder",
        ),
    ];
    let before = snapshot(sb.tmp.path());
    for (output, why) in cases {
        let o = sb.build(&output, &[]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{output}: {err}");
        let shown = sb.path("root").join(&output);
        assert!(
            err.starts_with(&format!("error: refusing to build into {}", shown.display())),
            "{output}: {err}"
        );
        assert!(err.contains(why), "{output}: expected `{why}` in {err}");
    }
    assert_eq!(snapshot(sb.tmp.path()), before, "a refused build changed files");
}

/// Case 25: an empty folder is taken, a folder a build made is replaced,
/// and the build state (manifest, cache, lock) stays inside the output:
/// nothing is left beside it.
#[test]
fn case_25_empty_and_own_folders_are_used_and_nothing_lands_beside_them() {
    let sb = Sandbox::new();
    let parent = sb.path("out");
    std::fs::create_dir_all(parent.join("site")).expect("mkdir");
    let out = parent.join("site");
    let o = sb.build(out.to_str().expect("utf-8"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("index.html").is_file());
    assert!(out.join(".plenary/marker").is_file());
    let file = sb.path("root/content/A/RES/80/5.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("Welcomes", "Warmly welcomes")).expect("edit");
    for extra in [&[][..], &["--full"][..]] {
        let o = sb.build(out.to_str().expect("utf-8"), extra);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let beside: Vec<_> = std::fs::read_dir(&parent)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, vec!["site".to_string()]);
}

/// Case 25, regression: building into a symbolic link to a folder of other
/// files deleted the link's target's files.
#[cfg(unix)]
#[test]
fn case_25_a_link_to_a_folder_of_other_files_is_refused() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path("photos")).expect("mkdir");
    std::fs::write(sb.path("photos/cat.jpg"), "meow").expect("write");
    std::os::unix::fs::symlink(sb.path("photos"), sb.path("root/site")).expect("link");
    let o = sb.build("site", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cat.jpg"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(sb.path("photos/cat.jpg")).expect("kept"),
        "meow"
    );
    assert!(
        sb.path("root/site")
            .symlink_metadata()
            .expect("link")
            .file_type()
            .is_symlink()
    );
}

/// The site at `out` without its build state, compared with a clean build
/// of the same sources into a fresh folder.
fn assert_clean(sb: &Sandbox, out: &Path, context: &str) {
    let fresh = sb.path(&format!("clean-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    let o = sb.build(fresh.to_str().expect("utf-8"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (now, clean) = (snapshot(out), snapshot(&fresh));
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&now), names(&clean), "{context}: the files differ");
    assert!(now == clean, "{context}: the bytes differ");
    std::fs::remove_dir_all(&fresh).expect("rm");
}

/// Case 26: a file deleted, altered or added in the output, an empty folder
/// or a temporary file left there, is put right by the next build; `--full`
/// rebuilds with nothing changed.
#[test]
fn case_26_the_next_build_restores_a_damaged_output() {
    let sb = Sandbox::new();
    let out = sb.path("root/site");
    assert!(sb.build("site", &[]).status.success());
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 6] = [
        ("a page deleted", |o| {
            std::fs::remove_file(o.join("A/RES/80/5/op1/index.html")).expect("rm")
        }),
        ("a page altered, same size", |o| {
            let p = o.join("index.html");
            let mut b = std::fs::read(&p).expect("read");
            b[0] ^= 1;
            std::fs::write(p, b).expect("write")
        }),
        ("a file added", |o| {
            std::fs::write(o.join("A/stray.html"), "x").expect("write")
        }),
        ("an empty folder added", |o| {
            std::fs::create_dir_all(o.join("A/RES/empty")).expect("mkdir")
        }),
        ("a temporary file left", |o| {
            std::fs::write(o.join("A/RES/80/5/.index.html.plenary-tmp"), "half").expect("write")
        }),
        ("the manifest deleted", |o| {
            std::fs::remove_file(o.join(".plenary/manifest.json")).expect("rm")
        }),
    ];
    for (what, damage) in damages {
        damage(&out);
        let o = sb.build("site", &[]);
        assert!(o.status.success(), "{what}: {}", stderr(&o));
        assert_clean(&sb, &out, what);
        let again = sb.build("site", &[]);
        assert!(
            String::from_utf8_lossy(&again.stdout).contains("Nothing changed"),
            "{what}"
        );
    }
    let o = sb.build("site", &["--full"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("Built"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// Case 26: builds started at once into one folder take turns (the second
/// says whom it waits for); the folder ends as a clean build's, and the
/// next build trusts it.
#[test]
fn case_26_concurrent_builds_into_one_folder_take_turns() {
    let sb = Sandbox::new();
    let out = sb.path("root/site");
    assert!(sb.build("site", &[]).status.success());
    for round in 0..3 {
        let file = sb.path("root/content/A/RES/80/5.md");
        let text = std::fs::read_to_string(&file).expect("read");
        std::fs::write(&file, text.replacen("Welcomes", "Welcomes again", 1)).expect("write");
        let root = sb.path("root");
        let children: Vec<_> = (0..4)
            .map(|i| {
                let mut args = vec!["--root", root.to_str().expect("utf-8"), "build"];
                if i % 2 == 1 {
                    args.push("--full");
                }
                Command::new(env!("CARGO_BIN_EXE_plenary"))
                    .args(&args)
                    .env("HOME", sb.path("home"))
                    .output()
            })
            .collect();
        for c in children {
            let c = c.expect("run");
            assert!(c.status.success(), "round {round}: {}", stderr(&c));
        }
        assert_clean(&sb, &out, &format!("round {round}"));
    }
    let o = sb.build("site", &[]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Nothing changed"));
}

/// Case 26: the lock names the build that holds it while another waits.
#[test]
fn case_26_a_waiting_build_names_the_holder() {
    let sb = Sandbox::new();
    assert!(sb.build("site", &[]).status.success());
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(sb.path("root/site/.plenary/lock"))
        .expect("lock file");
    lock.lock().expect("lock");
    std::fs::write(sb.path("root/site/.plenary/lock"), "4242").expect("holder");
    let root = sb.path("root");
    let mut child = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["--root", root.to_str().expect("utf-8"), "build"])
        .env("HOME", sb.path("home"))
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "the second build did not wait"
    );
    lock.unlock().expect("unlock");
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success());
    assert!(
        stderr(&o).starts_with(&format!(
            "waiting for another build into {} (process 4242) to finish",
            sb.path("root/site").display()
        )),
        "{}",
        stderr(&o)
    );
}

/// Case 34: after builds killed at any moment (full and incremental), a
/// failed build, and damage to the output between them, the next build's
/// output is byte-for-byte a clean build's.
#[cfg(unix)]
#[test]
fn case_34_after_kills_failures_and_damage_the_next_build_is_clean() {
    let sb = Sandbox::new();
    let out = sb.path("root/site");
    let root = sb.path("root");
    assert!(sb.build("site", &[]).status.success());
    let file = sb.path("root/content/A/RES/80/5.md");
    let good = std::fs::read_to_string(&file).expect("read");
    for (i, delay_ms) in [0u64, 2, 5, 10, 20, 40, 80, 160].into_iter().enumerate() {
        std::fs::write(&file, good.replacen("Welcomes", &"Welcomes anew ".repeat(i + 1), 1)).expect("edit");
        let full = if i % 2 == 0 { "--full" } else { "--quiet" };
        let mut child = Command::new(env!("CARGO_BIN_EXE_plenary"))
            .args(["--root", root.to_str().expect("utf-8"), "build", full])
            .env("HOME", sb.path("home"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if i % 3 == 0 {
            let _ = std::fs::write(out.join("A/extra.txt"), "added");
        }
        if i == 4 {
            // A failed build between: content that does not parse.
            std::fs::write(sb.path("root/content/bad.md"), "---\nsymbol: [\n---\n").expect("bad");
            assert_eq!(sb.build("site", &[]).status.code(), Some(1));
            std::fs::remove_file(sb.path("root/content/bad.md")).expect("rm");
        }
        let o = sb.build("site", &[]);
        assert!(o.status.success(), "after a kill at {delay_ms} ms: {}", stderr(&o));
        assert_clean(&sb, &out, &format!("after a kill at {delay_ms} ms"));
    }
    let leftovers: Vec<_> = std::fs::read_dir(sb.path("root"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("plenary-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A small deterministic generator (xorshift), so failures replay.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Every entry under `dir` (files with their bytes, links with their
/// targets, folders), not following links.
fn everything(dir: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let t = e.file_type();
            let what = if t.is_symlink() {
                format!("link {}", std::fs::read_link(e.path()).expect("link").display())
            } else if t.is_file() {
                format!("file {:?}", std::fs::read(e.path()).expect("read"))
            } else {
                "folder".into()
            };
            (e.path().to_path_buf(), what)
        })
        .collect()
}

/// Whether `path` lies in a folder that a build wrote (its marker is there).
fn in_plenary_folder(path: &Path, sites: &[PathBuf]) -> bool {
    sites.iter().any(|s| path.starts_with(s))
}

/// Case 33, the property: over generated trees of folders, files and
/// symbolic links, and output folders named every way (relative, absolute,
/// through `..` and links), a build never removes or changes a file that
/// Plenary did not write.
#[cfg(unix)]
#[test]
fn case_33_no_build_touches_a_file_plenary_did_not_write() {
    let (mut built, mut refused) = (0, 0);
    for seed in 1..=12u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let sb = Sandbox::new();
        let base = sb.tmp.path().canonicalize().expect("canon");
        // A tree of user folders, files and links beside and inside the site.
        let mut dirs = vec![
            base.join("home"),
            base.join("root"),
            base.join("root/content"),
            base.clone(),
        ];
        for i in 0..10 {
            let parent = dirs[rng.below(dirs.len())].clone();
            let d = parent.join(format!("d{i}"));
            std::fs::create_dir_all(&d).expect("mkdir");
            dirs.push(d);
        }
        for i in 0..12 {
            let d = &dirs[rng.below(dirs.len())];
            std::fs::write(d.join(format!("f{i}.txt")), format!("user file {i}")).expect("write");
        }
        for i in 0..6 {
            let d = dirs[rng.below(dirs.len())].clone();
            if d.starts_with(base.join("root/content")) {
                continue; // links in content are content errors, not output cases
            }
            let target = dirs[rng.below(dirs.len())].clone();
            let _ = std::os::unix::fs::symlink(&target, d.join(format!("l{i}")));
        }
        let _ = std::fs::create_dir_all(base.join("d-git/.git"));
        dirs.push(base.join("d-git"));
        // Output folders: existing ones, new ones, named through links and `..`.
        let mut sites = Vec::new();
        for round in 0..10 {
            let before = everything(&base);
            let d = &dirs[rng.below(dirs.len())];
            let name = match rng.below(5) {
                0 => d.display().to_string(),
                1 => d.join(format!("new{round}")).display().to_string(),
                2 => d.join("..").join(d.file_name().expect("name")).display().to_string(),
                3 => format!(
                    "../{}",
                    d.strip_prefix(&base)
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                ),
                _ => {
                    let links: Vec<_> = walkdir::WalkDir::new(&base)
                        .into_iter()
                        .filter_map(Result::ok)
                        .filter(|e| e.path_is_symlink())
                        .map(|e| e.path().to_path_buf())
                        .collect();
                    match links.get(rng.below(links.len().max(1))) {
                        Some(l) => l.join(format!("via{round}")).display().to_string(),
                        None => d.display().to_string(),
                    }
                }
            };
            let o = sb.build(&name, &[]);
            let resolved = plenary::output::place::resolve(&base.join("root").join(&name)).expect("resolve");
            if o.status.success() {
                assert!(resolved.join(".plenary/marker").is_file(), "seed {seed}: {name}");
                sites.push(resolved);
                built += 1;
            } else {
                let err = stderr(&o);
                assert!(
                    err.starts_with("error: refusing to build into"),
                    "seed {seed}: {name}: {err}"
                );
                refused += 1;
            }
            let after = everything(&base);
            for (path, what) in &before {
                if in_plenary_folder(path, &sites) {
                    continue;
                }
                assert_eq!(
                    after.get(path),
                    Some(what),
                    "seed {seed}, output {name}: {} changed",
                    path.display()
                );
            }
        }
    }
    println!("case 33: {built} builds, {refused} refused");
    assert!(
        built >= 20 && refused >= 20,
        "{built} builds, {refused} refused: the generator lost its spread"
    );
}

/// A small tmpfs mounted for one test (root on Linux only), unmounted when
/// dropped.
#[cfg(target_os = "linux")]
struct SmallDisk {
    dir: tempfile::TempDir,
}

#[cfg(target_os = "linux")]
impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { dir })
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Case 26: a disk that fills up during an incremental build leaves the
/// site as it was, with no temporary file in it; once there is room, the
/// next build is a clean build's.
#[cfg(target_os = "linux")]
#[test]
fn case_26_a_full_disk_during_an_update_leaves_the_site_as_it_was() {
    let Some(disk) = SmallDisk::mount("4m") else {
        eprintln!("SKIPPED case_26 full disk: cannot mount a tmpfs here (needs root); CI runs it as root");
        return;
    };
    let sb = Sandbox::new();
    let out = disk.dir.path().join("site");
    let out_s = out.to_str().expect("utf-8");
    assert!(sb.build(out_s, &[]).status.success());
    let before = snapshot(&out);
    // Fill the disk, then make an edit that must rewrite pages.
    let filler = disk.dir.path().join("filler");
    let mut f = std::fs::File::create(&filler).expect("filler");
    let chunk = vec![0u8; 4096];
    while std::io::Write::write_all(&mut f, &chunk).is_ok() {}
    drop(f);
    let file = sb.path("root/content/A/RES/80/5.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("Welcomes", &"Warmly welcomes ".repeat(200))).expect("edit");
    let o = sb.build(out_s, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("No space left on device"), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before, "the site changed");
    let temporaries: Vec<_> = files_under(&out)
        .into_iter()
        .filter(|(n, _)| n.contains("plenary-tmp"))
        .collect();
    assert!(temporaries.is_empty(), "{temporaries:?}");
    std::fs::remove_file(&filler).expect("rm filler");
    let o = sb.build(out_s, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_clean(&sb, &out, "after the disk had room again");
    let beside: Vec<_> = std::fs::read_dir(disk.dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, vec!["site".to_string()]);
}

/// Case 27: a theme's static file on a page's path, or on Plenary's own
/// search index, is an error naming both; nothing is written.
#[test]
fn case_27_theme_files_may_not_take_a_pages_path() {
    let sb = Sandbox::new();
    let statics = sb.path("root/themes/default/static");
    std::fs::create_dir_all(statics.join("A/RES/80/5")).expect("mkdir");
    std::fs::create_dir_all(statics.join("search")).expect("mkdir");
    std::fs::write(statics.join("index.html"), "x").expect("write");
    std::fs::write(statics.join("A/RES/80/5/index.json"), "y").expect("write");
    std::fs::write(statics.join("search/meta.json"), "z").expect("write");
    let o = sb.build("site", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: two documents claim the output file /index.html: Plenary's own page /index.html, and the theme's static file static/index.html\n  = help: rename or remove the theme's static file: Plenary writes that path itself\n\n\
         error: two documents claim the output file /A/RES/80/5/index.json: content/A/RES/80/5.md (the resolution A/RES/80/5), and the theme's static file static/A/RES/80/5/index.json\n  = help: rename or remove the theme's static file: Plenary writes that path itself\n\n\
         error: the theme's static file static/search/meta.json would overwrite Plenary's own file /search/meta.json\n  = help: rename the theme's static file\n\n\
         error: build failed with 3 errors\n"
    );
    assert!(!sb.path("root/site").exists());
}
