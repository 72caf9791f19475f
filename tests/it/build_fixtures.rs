//! Small fixture sites: structure rules of the content format, theme
//! overrides, escaping, determinism and atomic output.

use crate::support::*;

#[test]
fn operative_paragraphs_keep_their_written_numbers() {
    let out = build(&fixture("basic"));
    let site = site(&out);
    for id in ["op1", "op2", "op4"] {
        assert!(site.join(format!("A/RES/80/5/{id}/index.html")).is_file(), "{id}");
    }
    assert!(!site.join("A/RES/80/5/op3").exists(), "no OP3 is written in the source");
    let doc = html(&site, "A/RES/80/5/op4/index.html");
    assert_eq!(text_of(&doc, "#op4 .para-num"), "4.");
}

#[test]
fn sub_paragraphs_stay_inside_their_paragraph_with_anchors() {
    let out = build(&fixture("basic"));
    let doc = html(&site(&out), "A/RES/80/5/op2/index.html");
    let ids: Vec<&str> = doc
        .select(&sel("#op2 p.sub"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    assert_eq!(ids, ["op2-a", "op2-b", "op2-b-i", "op2-b-ii"]);
    assert_eq!(text_of(&doc, "#op2-b-i"), "(i) A nested point;");
    // The sub-paragraph's footnote belongs to the operative paragraph.
    let fns: Vec<&str> = doc
        .select(&sel("#op2 [data-fn]"))
        .filter_map(|e| e.value().attr("data-fn"))
        .collect();
    assert_eq!(fns, ["3"]);
}

#[test]
fn annexes_have_their_own_paragraphs_and_headings() {
    let out = build(&fixture("basic"));
    let site = site(&out);
    let doc = html(&site, "A/RES/80/5/index.html");
    assert_eq!(text_of(&doc, "h2#annex1"), "Annex");
    let ids: Vec<&str> = doc.select(&sel(".para")).filter_map(|e| e.value().attr("id")).collect();
    assert_eq!(
        ids,
        [
            "pp1",
            "pp2",
            "op1",
            "op2",
            "op4",
            "annex1-pp1",
            "annex1-op1",
            "annex1-op2"
        ]
    );
    let p = html(&site, "A/RES/80/5/annex1-op2/index.html");
    assert_eq!(text_of(&p, "h1"), "Annex 1, para. 2");
    assert_eq!(text_of(&p, ".section-heading"), "Section II");
    let json: serde_json::Value = serde_json::from_str(&read(&site, "A/RES/80/5/index.json")).expect("json");
    let last = &json["paragraphs"][7];
    assert_eq!(last["id"], "annex1-op2");
    assert_eq!(last["annex"], 1);
    assert_eq!(last["footnotes"], serde_json::json!(["1"]));
}

#[test]
fn home_groups_by_session_newest_first() {
    let out = build(&fixture("basic"));
    let doc = html(&site(&out), "index.html");
    let sessions: Vec<String> = doc
        .select(&sel(".session h2"))
        .map(|e| collapse(&e.text().collect::<String>()))
        .collect();
    assert_eq!(sessions, ["Session 80", "Session 79"]);
    assert_eq!(text_of(&doc, ".session time"), "20 October 2025");
    assert_eq!(text_of(&doc, "title"), "Fixture site");
    // base_url from plenary.yaml gives canonical links.
    let canonical = doc
        .select(&sel("link[rel=canonical]"))
        .next()
        .and_then(|e| e.value().attr("href"));
    assert_eq!(canonical, Some("https://example.org/un/"));
}

#[test]
fn raw_html_and_script_urls_never_reach_the_page() {
    let out = build(&fixture("basic"));
    let site = site(&out);
    let page = read(&site, "A/RES/80/5/pp2/index.html");
    let doc = scraper::Html::parse_document(&page);
    assert_eq!(doc.select(&sel("main script")).count(), 0);
    assert!(!page.to_ascii_lowercase().contains("javascript:"));
    // The text is kept, shown as text.
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn unknown_front_matter_keys_reach_templates_and_overrides_win() {
    let out = build(&fixture("theme-override"));
    let site = site(&out);
    let doc = html(&site, "A/RES/1/1/index.html");
    assert_eq!(text_of(&doc, ".rapporteur"), "Rapporteur: Jane Doe");
    assert_eq!(read(&site, "style.css"), "body { color: teal; }\n");
    // Files the override does not replace come from the built-in theme.
    assert!(read(&site, "plenary.js").contains("Escape"));
    let para = html(&site, "A/RES/1/1/op1/index.html");
    assert_eq!(text_of(&para, "h1"), "OP 1");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = build(&fixture("basic"));
    let b = build(&fixture("basic"));
    assert_eq!(snapshot(&site(&a)), snapshot(&site(&b)));
}

#[test]
fn a_crlf_file_with_bom_builds_like_its_lf_twin() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&fixture("basic"), tmp.path());
    let file = tmp.path().join("content/A/RES/80/5.md");
    let lf = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, format!("\u{feff}{}", lf.replace('\n', "\r\n"))).expect("write");
    let twin = build(tmp.path());
    let original = build(&fixture("basic"));
    assert_eq!(snapshot(&site(&twin)), snapshot(&site(&original)));
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&fixture("basic"), tmp.path());
    let out = tmp.path().join("public");
    let run = || plenary(&["--root", tmp.path().to_str().expect("utf-8"), "build", "-o", "public"]);
    assert!(run().status.success());
    let before = snapshot(&out);
    std::fs::write(
        tmp.path().join("content/A/RES/79/1.md"),
        "---\nsymbol: A/RES/79/1\n---\n",
    )
    .expect("write");
    let o = run();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot(&out), before);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.contains("plenary-")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn pages_of_deleted_sources_are_gone_after_a_build() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&fixture("basic"), tmp.path());
    let run = || plenary(&["--root", tmp.path().to_str().expect("utf-8"), "build"]);
    assert!(run().status.success());
    assert!(tmp.path().join("site/A/RES/79/1/index.html").is_file());
    std::fs::remove_file(tmp.path().join("content/A/RES/79/1.md")).expect("rm");
    assert!(run().status.success());
    // Its paragraph pages are gone; A/RES/80/5 still cites it, so its page
    // is now that of a document outside the collection.
    assert!(!tmp.path().join("site/A/RES/79/1/op1").exists());
    assert!(!tmp.path().join("site/A/RES/79/1/index.json").exists());
    let page = std::fs::read_to_string(tmp.path().join("site/A/RES/79/1/index.html")).expect("page");
    assert!(page.contains("This document is not in this collection."));
}

#[test]
fn building_into_the_site_folder_itself_is_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&fixture("basic"), tmp.path());
    for target in [".", "content", "content/A"] {
        let o = plenary(&["--root", tmp.path().to_str().expect("utf-8"), "build", "-o", target]);
        assert_eq!(o.status.code(), Some(1), "{target}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("error: refusing to build into"), "{err}");
    }
    assert!(tmp.path().join("content/A/RES/80/5.md").is_file(), "content survived");
}
