//! Cases of `docs/RELIABILITY.md` not covered elsewhere, each
//! named by its number: bad input is an error with its place, never a
//! panic, a hang or a half-written site; hostile content never becomes
//! script.

use crate::support::*;
use std::path::Path;

const GOOD: &str = "---\nsymbol: A/RES/1/1\ntitle: A title\n---\n\nThe General Assembly,\n\n1. Decides.\n";

/// A site with `files` (path → bytes), built with the CLI: (exit code, stderr).
fn build_site(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Option<i32>, String) {
    let tmp = tempfile::tempdir().expect("tmp");
    for (path, bytes) in files {
        let p = tmp.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
    let o = plenary(&["--root", tmp.path().to_str().expect("utf-8"), "build"]);
    let code = o.status.code();
    (tmp, code, String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn case_1_a_tab_indented_key_is_reported_in_file_lines() {
    let (_t, code, err) = build_site(&[(
        "content/x.md",
        b"---\nsymbol: A/RES/1/1\n\ttitle: T\n---\n\nThe General Assembly,\n",
    )]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--> content/x.md:3:1"), "{err}");
    assert!(err.contains("tab"), "{err}");
}

#[test]
fn case_3_invalid_utf8_names_the_byte() {
    let (_t, code, err) = build_site(&[(
        "content/x.md",
        b"---\nsymbol: A/RES/1/1\ntitle: T\n---\n\nThe General \xff Assembly,\n",
    )]);
    assert_eq!(code, Some(1));
    assert!(err.starts_with("error: the file is not valid UTF-8: byte 0xFF at offset 48 cannot start a character\n  --> content/x.md:6:13\n"), "{err}");
}

#[test]
fn case_5_a_missing_include_is_caught_when_templates_load() {
    let (_t, code, err) = build_site(&[
        ("content/x.md", GOOD.as_bytes()),
        ("themes/default/templates/404.html", b"{% include \"nope.html\" %}"),
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("error: template `404.html` includes `nope.html`, which does not exist\n  --> themes/default/templates/404.html:1:1\n"),
        "{err}"
    );
}

#[test]
fn case_6_template_cycles_are_errors_not_stack_overflows() {
    for (a, b) in [
        ("{% include \"b.html\" %}", "{% include \"404.html\" %}"),
        ("{% extends \"404.html\" %}", "x"),
    ] {
        let (_t, code, err) = build_site(&[
            ("content/x.md", GOOD.as_bytes()),
            ("themes/default/templates/404.html", a.as_bytes()),
            ("themes/default/templates/b.html", b.as_bytes()),
        ]);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains("error: templates refer to each other in a cycle: 404.html → "),
            "{err}"
        );
    }
    // A macro recursing forever: tera 1.20 would abort the process.
    let forever = "{% macro m(n) %}{{ self::m(n=n + 1) }}{% endmacro m %}\n{{ self::m(n=1) }}";
    let (_t, code, err) = build_site(&[
        ("content/x.md", GOOD.as_bytes()),
        ("themes/default/templates/404.html", forever.as_bytes()),
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with(
            "error: macro `m` of `404.html` calls itself: 404.html::m → 404.html::m\n  --> themes/default/templates/404.html:1:20\n"
        ),
        "{err}"
    );
}

#[test]
fn case_7_symbols_differing_only_by_case_collide() {
    let other = GOOD
        .replace("A/RES/1/1", "A/RES/1/1/Add.1")
        .replace("title: A title", "title: B");
    let upper = GOOD.replace("A/RES/1/1", "A/RES/1/1/ADD.1");
    let (_t, code, err) = build_site(&[("content/a.md", other.as_bytes()), ("content/b.md", upper.as_bytes())]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("error: two files have the symbol A/RES/1/1/ADD.1 (URL /A/RES/1/1/ADD.1/)"),
        "{err}"
    );
    assert!(err.contains("the other file is content/a.md"), "{err}");
}

#[test]
fn case_10_deep_nesting_is_refused_without_overflowing_the_stack() {
    let quotes = format!("{GOOD}\n{}deep\n", ">".repeat(100_000));
    // A list item opening a list on the same line, 10,000 times over.
    let lists = format!("{}x\n", "- ".repeat(10_000));
    for body in [quotes, format!("{GOOD}\n{lists}")] {
        let (_t, code, err) = build_site(&[("content/x.md", body.as_bytes())]);
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains("blocks are nested deeper than 64 levels"), "{err}");
    }
}

#[test]
fn case_15_hostile_content_never_becomes_script() {
    let hostile = "---\nsymbol: A/RES/1/1\ntitle: \"</title><script>alert(1)</script>\"\n---\n\nThe General Assembly,\n\n\
        Noting <script>alert(1)</script> and <img src=x onerror=alert(2)>,[^x\"><img src=x onerror=alert(3)>]\n\n\
        1. Decides [a](javascript:alert(4)), [b](JaVaScRiPt:alert(5)), [c](data:text/html,<script>alert(6)</script>), \
        [d](vbscript:x) and [e](https://example.org \"q\\\" onmouseover=alert(7)\").\n\n\
        [^x\"><img src=x onerror=alert(3)>]: A note <img src=x onerror=alert(8)>.\n";
    let (tmp, code, err) = build_site(&[("content/x.md", hostile.as_bytes())]);
    assert_eq!(code, Some(0), "{err}");
    for (path, bytes) in snapshot(&tmp.path().join("site")) {
        if !path.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8_lossy(&bytes).into_owned();
        let doc = scraper::Html::parse_document(&page);
        // The theme's own scripts are the only ones.
        for s in doc.select(&sel("script")) {
            if s.value().attr("type") == Some("application/ld+json") {
                // Data, not code: and no `<` that could close the element.
                assert!(!s.inner_html().contains('<'), "{path}");
                continue;
            }
            let src = s.value().attr("src").unwrap_or_default();
            assert!(src.ends_with("plenary.js") || src.ends_with("search.js"), "{path}");
        }
        for el in doc.select(&sel("*")) {
            for (name, value) in el.value().attrs() {
                assert!(!name.starts_with("on"), "{path}: {name}={value}");
                let v = value.to_ascii_lowercase();
                if name == "href" || name == "src" {
                    assert!(
                        !v.starts_with("javascript:") && !v.starts_with("vbscript:") && !v.starts_with("data:"),
                        "{path}: {v}"
                    );
                }
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn case_18_symlinks_out_of_the_site_and_loops_are_refused() {
    let outside = tempfile::tempdir().expect("tmp");
    std::fs::write(outside.path().join("secret.md"), GOOD).expect("write");
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(tmp.path().join("content")).expect("mkdir");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), tmp.path().join("content/link.md")).expect("link");
    std::os::unix::fs::symlink(tmp.path().join("content"), tmp.path().join("content/loop")).expect("loop");
    let o = plenary(&["--root", tmp.path().to_str().expect("utf-8"), "build"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: a symbolic link points outside the site's folder\n  --> content/link.md"),
        "{err}"
    );
    assert!(
        err.contains("error: a symbolic link loops back to a folder that contains it\n  --> content/loop"),
        "{err}"
    );
    assert!(!tmp.path().join("site").exists());
}

#[test]
fn case_24_refuses_an_output_folder_holding_git() {
    let (tmp, _, _) = build_site(&[("content/x.md", GOOD.as_bytes()), ("public/.git/HEAD", b"ref: x\n")]);
    let o = plenary(&["--root", tmp.path().to_str().expect("utf-8"), "build", "-o", "public"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("it holds a `.git` folder"));
    assert!(Path::new(&tmp.path().join("public/.git/HEAD")).is_file());
}

#[test]
fn case_16_the_url_filter_neutralises_script_urls() {
    let page = "{% extends \"base.html\" %}{% block main %}<a id=\"l\" href=\"{{ res.extra.link | safe_url }}\">x</a><a id=\"m\" href=\"{{ res.extra.ok | safe_url }}\">y</a>{% endblock main %}";
    let content = GOOD.replace(
        "title: A title",
        "title: A title\nlink: \" JaVaScRiPt:alert(1)\"\nok: https://undocs.org/A/RES/1/1",
    );
    let (tmp, code, err) = build_site(&[
        ("content/x.md", content.as_bytes()),
        ("themes/default/templates/resolution.html", page.as_bytes()),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let doc = html(&tmp.path().join("site"), "A/RES/1/1/index.html");
    let href = |id: &str| {
        doc.select(&sel(&format!("#{id}")))
            .next()
            .and_then(|a| a.value().attr("href"))
            .map(str::to_string)
    };
    assert_eq!(href("l").as_deref(), Some("#"));
    assert_eq!(href("m").as_deref(), Some("https://undocs.org/A/RES/1/1"));
    // JSON is never HTML-escaped: the title's quotes and brackets stay as they are.
    let json: serde_json::Value =
        serde_json::from_str(&read(&tmp.path().join("site"), "A/RES/1/1/index.json")).expect("json");
    assert_eq!(json["title"], "A title");
}

#[test]
fn case_2_types_unknown_keys_and_empty_files() {
    let typed = GOOD.replace("title: A title", "title: A title\nadopted: \"x\"\nunknown: [kept]");
    let (_t, code, err) = build_site(&[("content/a.md", typed.as_bytes()), ("content/b.md", b"")]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains(
            "error: invalid `adopted` in the front matter: input contains invalid characters\n  --> content/a.md:4:10"
        ),
        "{err}"
    );
    assert!(
        err.contains("error: the file is empty\n  --> content/b.md:1:1"),
        "{err}"
    );
    // Unknown keys are kept, not refused: only the two errors above.
    assert!(err.ends_with("error: build failed with 2 errors\n"), "{err}");
}

#[test]
fn case_8_footnote_integrity() {
    let text = GOOD.replace(
        "1. Decides.",
        "1. Decides.[^a][^b]\n\n[^a]: One.\n[^a]: Again.\n[^c]: Unused.",
    );
    let (_t, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("error: footnote `[^a]` is defined twice\n  --> content/x.md:11:1"),
        "{err}"
    );
    assert!(
        err.contains("error: footnote `[^b]` is referenced but never defined\n  --> content/x.md:8:16"),
        "{err}"
    );
    assert!(
        err.contains("warning: footnote `[^c]` is defined but never referenced\n  --> content/x.md:12:1"),
        "{err}"
    );
}

/// `plenary check` validates the built site: links, anchors, ids.
#[test]
fn check_reports_links_that_lead_nowhere() {
    let text = GOOD.replace(
        "1. Decides.",
        "1. Decides, see [the list](/nope/) and [above](#missing).",
    );
    let (tmp, code, _) = build_site(&[("content/x.md", text.as_bytes())]);
    assert_eq!(code, Some(0));
    let o = plenary(&["--root", tmp.path().to_str().expect("utf-8"), "check"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "error: the link `/nope/` leads nowhere: the site has no `nope/index.html`\n  --> A/RES/1/1/op1/index.html"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "error: the link `#missing` names an anchor `#missing` that `A/RES/1/1/op1/index.html` does not have"
        ),
        "{err}"
    );
    // The repository's own site is clean.
    let o = plenary(&["--root", repo().to_str().expect("utf-8"), "check"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Case 9 (cost is measured by benchmarks, not here): pulldown-cmark's
/// known slow patterns, 40,000 times, through the whole pipeline, end.
#[test]
fn case_9_pathological_markdown_ends() {
    let patterns = ["[", "*a", "_a", "`", "<a ", "[^", "![", "]("];
    for p in patterns {
        let text = format!("{GOOD}\n{}\n", p.repeat(40_000));
        let (_t, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
        assert!(matches!(code, Some(0) | Some(1)), "{p}: {err}");
        assert!(!err.contains("panicked"), "{p}: {err}");
    }
}

/// Case 11, in small: 5,000 paragraphs in one file build.
#[test]
fn case_11_a_resolution_with_thousands_of_paragraphs_builds() {
    let mut text = String::from("---\nsymbol: A/RES/1/1\ntitle: Long\n---\n\nThe General Assembly,\n\n");
    for n in 1..=5_000 {
        text.push_str(&format!("{n}. Decides point {n};\n\n"));
    }
    let (tmp, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
    assert_eq!(code, Some(0), "{err}");
    assert!(tmp.path().join("site/A/RES/1/1/op5000/index.html").is_file());
}

/// Case 11, regression: positions were found by counting lines from the
/// top of the file for every paragraph, so 50,000 paragraphs took 52 s to
/// parse (quadratic); a line index makes it linear.
#[test]
fn case_11_fifty_thousand_paragraphs_parse_with_their_lines() {
    let mut text = String::from("---\nsymbol: A/RES/1/1\ntitle: Long\n---\n\nThe General Assembly,\n\n");
    for n in 1..=50_000 {
        text.push_str(&format!("{n}. Decides point {n};\n\n"));
    }
    let file = plenary::content::SourceFile::new("content/x.md", text);
    let (res, diags) = plenary::content::parse(&file);
    assert!(!diags.has_errors(), "{diags}");
    let res = res.expect("parsed");
    assert_eq!(res.operative.len(), 50_000);
    // Front matter (4 lines), formula and blanks: OP n is on line 2n + 6.
    assert_eq!(res.operative[49_999].line, 100_006);
}

/// Case 11: a 50 MB file fails fast, naming the file and the limit.
#[test]
fn case_11_a_fifty_megabyte_file_is_refused_before_it_is_read() {
    let mut big = GOOD.as_bytes().to_vec();
    big.resize(50_000_000, b'x');
    let (_t, code, err) = build_site(&[("content/big.md", &big), ("content/x.md", GOOD.as_bytes())]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with("error: the file is 50.0 MB; a content file may hold at most 32 MB\n  --> content/big.md\n"),
        "{err}"
    );
}

/// Case 11: a 7 KB table that would expand to megabytes (1,000 columns,
/// 1,500 empty rows) stays text: tables are not Markdown that Plenary reads.
#[test]
fn case_11_a_small_table_does_not_expand() {
    let row = |c: &str| format!("   |{}|\n", vec![c; 1000].join("|"));
    let table = format!("{}{}{}", row("h"), row("-"), "   |\n".repeat(1500));
    let text = format!("{GOOD}\n2. Decides:\n\n{table}");
    assert!(table.len() < 12_000);
    let (tmp, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
    assert_eq!(code, Some(0), "{err}");
    let page = std::fs::metadata(tmp.path().join("site/A/RES/1/1/op2/index.html")).expect("page");
    assert!(page.len() < 100_000, "{} bytes", page.len());
}

/// Case 24: a full build killed with SIGKILL at any moment leaves either the
/// previous site (H1) or the complete new one (H2), never a mix.
#[cfg(unix)]
#[test]
fn case_24_a_killed_full_build_leaves_the_old_or_the_new_site() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    let root = tmp.path().to_str().expect("utf-8").to_string();
    assert!(plenary(&["--root", &root, "build"]).status.success());
    let h1 = snapshot(&tmp.path().join("site"));
    let file = tmp.path().join("content/A/RES/80/7.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("Taking note", "Taking careful note")).expect("write");
    // H2: what a complete build of the new content gives.
    let clean = build(tmp.path());
    let h2 = snapshot(&site(&clean));
    let manifest = tmp.path().join("site/.plenary/manifest.json");
    for delay_ms in [0u64, 5, 20, 60, 120, 250] {
        // Without the manifest the build is a full one (staged, swapped).
        let _ = std::fs::remove_file(&manifest);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
            .args(["--root", &root, "build"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&tmp.path().join("site"));
        assert!(
            now == h1 || now == h2,
            "after {delay_ms} ms the site is neither the old nor the new one"
        );
    }
}

/// Case 4: an unclosed `{{` in a theme template names the template, line
/// and column, with the line shown (the serve overlay shows the same text,
/// escaped: tests/it/browser.rs).
#[test]
fn case_4_an_unclosed_expression_names_template_line_and_column() {
    let (_t, code, err) = build_site(&[
        ("content/x.md", GOOD.as_bytes()),
        (
            "themes/default/templates/404.html",
            b"{% extends \"base.html\" %}\n{% block main %}\n<p>{{ oops </p>\n{% endblock main %}\n",
        ),
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with("error: template error: expected an expression or a string or a concatenation of strings\n  --> themes/default/templates/404.html:3:13\n  |\n3 | <p>{{ oops </p>\n"),
        "{err}"
    );
}

/// Case 12: the fuzzing seeds kept in `fuzz/seeds/` (and inputs fuzzing
/// found, in `tests/fixtures/import-regressions`) run through the fuzz
/// targets' checks in every test run; `scripts/fuzz` mutates them in CI.
#[test]
fn case_12_fuzz_seeds_run_through_every_target() {
    let seeds = |dir: &str| -> Vec<Vec<u8>> {
        files_under(&repo().join("fuzz/seeds").join(dir))
            .into_iter()
            .map(|(_, p)| std::fs::read(p).expect("seed"))
            .collect()
    };
    let path = std::path::Path::new("fuzz.md");
    for bytes in seeds("content") {
        if let Ok(text) = plenary::content::decode(path, bytes) {
            let _ = plenary::content::parse(&plenary::content::SourceFile::new("fuzz.md", text));
        }
    }
    let mut imported = 0;
    for bytes in seeds("import") {
        if let Ok(out) = plenary::import::import(std::path::Path::new("fuzz.txt"), bytes) {
            let (res, diags) = plenary::content::parse(&plenary::content::SourceFile::new("fuzz.md", out.markdown));
            assert!(res.is_some(), "imported content does not build: {diags}");
            imported += 1;
        }
    }
    assert!(imported > 0);
    for bytes in seeds("paths") {
        let path = String::from_utf8(bytes).expect("utf-8");
        if let Ok(key) = plenary::serve::paths::resolve(&path) {
            assert!(
                key.split('/').all(|s| !s.is_empty() && s != ".." && s != "."),
                "{path} → {key}"
            );
        } else {
            assert!(
                path.contains("%2e") || path.contains("%5c") || path.starts_with("//"),
                "{path}"
            );
        }
    }
}
