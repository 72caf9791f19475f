//! The layouts of the UN Editorial Manual (II.C, order of elements) that the
//! corpus lacks, in fixtures written for them: a formula without its comma
//! and no preamble, a sole unnumbered operative paragraph adopting a
//! declaration in an annex, several annexes with titles, sections and their
//! own numbering. Each is imported, checked part by part, and built.

use crate::support::*;
use plenary::import::emit::without_markers;
use plenary::import::structure::Block;
use plenary::import::{self, Imported};
use std::path::Path;

fn import_fixture(name: &str) -> Imported {
    let path = fixture(&format!("import/{name}.txt"));
    let imported =
        import::import(Path::new(name), std::fs::read(&path).expect("read")).unwrap_or_else(|d| panic!("{name}:\n{d}"));
    assert!(imported.warnings.is_empty(), "{name}: {}", imported.warnings);
    imported
}

/// Imports the fixture with the CLI into a fresh site and builds it; gives
/// the built site's folder (the temporary folders live as long as the test).
fn built(name: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let root = tempfile::tempdir().expect("tmp");
    let file = fixture(&format!("import/{name}.txt"));
    let o = plenary(&[
        "--root",
        root.path().to_str().expect("utf-8"),
        "import",
        file.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = build(root.path());
    (root, out)
}

/// (number, section headings before it, text, sub-paragraph texts), markers left out.
fn shape(b: &Block) -> (Option<u32>, Vec<String>, String, Vec<String>) {
    (
        b.number,
        b.headings.clone(),
        without_markers(&b.text.text),
        b.subs.iter().map(|s| without_markers(&s.text)).collect(),
    )
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// Paragraph ids of `index.json` with the footnote labels each references.
fn ids_and_notes(site: &Path, symbol: &str) -> Vec<(String, Vec<String>)> {
    let json: serde_json::Value = serde_json::from_str(&read(site, &format!("{symbol}/index.json"))).expect("json");
    json["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|p| {
            let notes = p["footnotes"].as_array().expect("footnotes");
            let notes = notes.iter().map(|n| n.as_str().expect("label").to_string()).collect();
            (p["id"].as_str().expect("id").to_string(), notes)
        })
        .collect()
}

fn owned(v: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    v.iter().map(|(id, n)| (id.to_string(), s(n))).collect()
}

/// "The General Assembly" (no comma), one unnumbered paragraph adopting the
/// declaration in the annex, then the annex: a title, unnumbered paragraphs,
/// sections, numbered paragraphs with sub-paragraphs, text under a heading
/// run on without a blank line, and a paragraph across a page break.
#[test]
fn a_declaration_annexed_under_a_formula_without_comma() {
    let imp = import_fixture("declaration-annex");
    let d = &imp.doc;
    assert_eq!(d.formula, "The General Assembly");
    assert!(d.preamble.is_empty());
    assert!(d.unnumbered_operative);
    assert_eq!(d.operative.iter().map(shape).collect::<Vec<_>>(), [(
        Some(1),
        vec![],
        "Adopts the Declaration on the Preservation of Mountain Cultures, as contained in the annex to the present resolution.".to_string(),
        vec![]
    )]);
    assert_eq!(d.meeting.as_deref(), Some("62nd plenary meeting"));
    assert_eq!(d.annexes.len(), 1);
    assert_eq!(d.annexes[0].heading, "Annex");
    let blocks: Vec<_> = d.annexes[0].blocks.iter().map(shape).collect();
    assert_eq!(
        blocks,
        [
            (None, s(&["Declaration on the Preservation of Mountain Cultures"]), "We, the States Members of the United Nations,".into(), vec![]),
            (None, vec![], "Mindful that mountain communities hold knowledge of their lands, waters and climate passed on over generations,".into(), vec![]),
            (None, vec![], "Declare the following:".into(), vec![]),
            (Some(1), s(&["I. General principles"]), "Mountain cultures are part of the common heritage of humankind and shall be respected and protected by all.".into(), vec![]),
            (Some(2), vec![], "States shall take measures, in consultation with the communities concerned, to:".into(), s(&[
                "(a) Record and transmit the languages, crafts and oral traditions of mountain communities;",
                "(b) Protect sacred and cultural sites in mountain areas from damage;",
                "(c) Support education in the languages of mountain communities.",
            ])),
            (None, s(&["II. Cooperation and follow-up"]), "States and the organizations of the United Nations system are encouraged to act together, as set out below.".into(), vec![]),
            (Some(3), vec![], "States shall cooperate, through the United Nations system and regional organizations, in research on the effects of climate change on mountain cultures and in the exchange of good practices between the communities of the different mountain regions of the world.".into(), vec![]),
            (Some(4), vec![], "The Secretary-General is invited to report on the implementation of the present Declaration to the General Assembly at its eighty-fifth session.".into(), vec![]),
        ]
    );
    let front = imp.markdown.split("---").nth(1).expect("front matter");
    assert!(
        front.contains("\nadopted: 2025-12-03\n") && front.contains("\noperative_unnumbered: true\n"),
        "{front}"
    );

    let (_root, out) = built("declaration-annex");
    let site = site(&out);
    assert_eq!(
        ids_and_notes(&site, "A/RES/80/41"),
        owned(&[
            ("op1", &[]),
            ("annex1-pp1", &[]),
            ("annex1-pp2", &["1"]),
            ("annex1-pp3", &[]),
            ("annex1-op1", &[]),
            ("annex1-op2", &["2"]),
            ("annex1-pp4", &[]),
            ("annex1-op3", &["3"]),
            ("annex1-op4", &[]),
        ])
    );
    for id in ["op1", "annex1-pp1", "annex1-pp4", "annex1-op2", "annex1-op4"] {
        assert!(site.join(format!("A/RES/80/41/{id}/index.html")).is_file(), "{id}");
    }
    let doc = html(&site, "A/RES/80/41/index.html");
    assert_eq!(text_of(&doc, "#op1 .para-num"), "¶");
    assert!(text_of(&doc, "#op1 .para-body").starts_with("Adopts the Declaration"));
    assert!(text_of(&doc, "#annex1-op2").contains("(b) Protect sacred"));
}

/// The Manual's second example: "The General Assembly" right before
/// numbered operative paragraphs, no preamble.
#[test]
fn numbered_operative_paragraphs_right_after_a_formula_without_comma() {
    let imp = import_fixture("no-preamble");
    let d = &imp.doc;
    assert_eq!(d.formula, "The General Assembly");
    assert!(d.preamble.is_empty() && d.annexes.is_empty() && !d.unnumbered_operative);
    let ops: Vec<_> = d.operative.iter().map(shape).collect();
    assert_eq!(ops.len(), 2);
    assert_eq!(ops[0].0, Some(1));
    assert_eq!(
        ops[0].2,
        "Takes note with appreciation of the report of the Secretary-General on the implementation of the Early Warnings for All initiative;"
    );
    assert_eq!((ops[1].0, ops[1].3.len()), (Some(2), 2));
    assert!(ops[1].3[1].starts_with("(b) The financing made available"));
    assert!(!imp.markdown.contains("operative_unnumbered"));

    let (_root, out) = built("no-preamble");
    let site = site(&out);
    assert_eq!(
        ids_and_notes(&site, "A/RES/80/57"),
        owned(&[("op1", &["1"]), ("op2", &[])])
    );
    let doc = html(&site, "A/RES/80/57/op2/index.html");
    assert!(text_of(&doc, "#op2").contains("(a) The coverage"));
}

/// "The General Assembly," with one unnumbered paragraph adopting two
/// annexes, each with its title, the second with sections.
#[test]
fn two_annexes_with_their_own_numbering_and_sections() {
    let imp = import_fixture("two-annexes");
    let d = &imp.doc;
    assert_eq!(d.formula, "The General Assembly,");
    assert!(d.preamble.is_empty() && d.unnumbered_operative);
    assert_eq!(d.operative.len(), 1);
    let headings: Vec<_> = d.annexes.iter().map(|a| a.heading.as_str()).collect();
    assert_eq!(headings, ["Annex I", "Annex II"]);
    let second: Vec<_> = d.annexes[1].blocks.iter().map(shape).collect();
    assert_eq!(
        second.iter().map(|b| (b.0, b.1.clone(), b.3.len())).collect::<Vec<_>>(),
        [
            (
                Some(1),
                s(&["Programme of Action on Inclusive Cities", "I. Objectives"]),
                2
            ),
            (Some(2), s(&["II. Implementation"]), 0),
        ]
    );
    assert_eq!(d.annexes[0].blocks[0].headings, s(&["Declaration on Inclusive Cities"]));

    let (_root, out) = built("two-annexes");
    let site = site(&out);
    assert_eq!(
        ids_and_notes(&site, "A/RES/80/63"),
        owned(&[
            ("op1", &[]),
            ("annex1-op1", &["1"]),
            ("annex1-op2", &[]),
            ("annex2-op1", &["2"]),
            ("annex2-op2", &["3"]),
        ])
    );
    assert!(site.join("A/RES/80/63/annex2-op2/index.html").is_file());
}

fn variant(name: &str, from: &str, to: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture(&format!("import/{name}.txt"))).expect("read");
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

/// Preambular paragraphs after a formula without comma are kept, with a
/// warning naming the line of the first.
#[test]
fn a_formula_without_comma_before_a_preamble_is_reported() {
    let bytes = variant(
        "unnumbered-operative",
        "The General Assembly,\n",
        "The General Assembly\n",
    );
    let imp = import::import(Path::new("in.txt"), bytes).expect("imports");
    assert_eq!((imp.doc.preamble.len(), imp.doc.operative.len()), (2, 1));
    assert_eq!(
        imp.warnings.to_string(),
        "warning: the formula `The General Assembly` has no comma, which announces no preambular paragraphs, but 2 preambular paragraph(s) follow it; check the formula and the paragraph numbers against the official text\n  --> in.txt:15:1\n\n"
    );
}

/// A title wrapped onto a line "The ..." is not a formula without comma:
/// that needs a blank line before it.
#[test]
fn a_title_line_opening_with_the_is_not_a_formula() {
    let bytes = variant(
        "unnumbered-operative",
        "99/2. A resolution with a single unnumbered operative paragraph\n",
        "99/2. Cooperation between the United Nations and\nThe Hague Academy of International Law\n",
    );
    let imp = import::import(Path::new("in.txt"), bytes).expect("imports");
    assert!(
        imp.markdown
            .contains("\ntitle: Cooperation between the United Nations and The Hague Academy of International Law\n"),
        "{}",
        imp.markdown
    );
    assert_eq!(imp.doc.formula, "The General Assembly,");
}

/// Without a title line above it, "The General Assembly" alone is no
/// formula: the input is refused, and nothing is written.
#[test]
fn a_formula_without_comma_needs_a_title_above() {
    let err = match import::import(
        Path::new("in.txt"),
        b"The General Assembly\n\nDecides to meet.\n".to_vec(),
    ) {
        Ok(i) => panic!("imported {}", i.symbol),
        Err(d) => d.to_string(),
    };
    assert!(
        err.starts_with("error: no opening formula such as \"The General Assembly,\" was found\n  --> in.txt:1:1\n"),
        "{err}"
    );
}

/// A composite resolution (parts A and B, each with its own title and
/// formula) is refused, naming the line of part A, rather than imported
/// with part B left out; nothing is written.
#[test]
fn a_composite_resolution_is_refused_with_the_line_of_its_first_part() {
    let parts = "79/36. General and complete disarmament \n \n \nA \nTransparency in armaments \n \nThe General Assembly, \n \nRecalling its resolution 78/32 of 4 December 2023, \n \n1. \nCalls upon all States to report to the Register. \n \n55th plenary meeting \n2 December 2024 \n \nB \nNuclear disarmament verification \n \nThe General Assembly, \n \n1. \nEncourages States to support the work on verification. \n";
    let text = format!("United Nations \nA/RES/79/36\n \nGeneral Assembly \n \n{parts}");
    let root = tempfile::tempdir().expect("tmp");
    let file = root.path().join("composite.txt");
    std::fs::write(&file, &text).expect("write");
    let o = plenary(&[
        "--root",
        root.path().to_str().expect("utf-8"),
        "import",
        file.to_str().expect("utf-8"),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: A/RES/79/36 is a composite resolution (part A starts at line 9); import reads resolutions of one part and would leave parts out\n"),
        "{err}"
    );
    assert!(err.contains("composite.txt:9:1"), "{err}");
    assert!(!root.path().join("content").exists());
    // Part B alone, after the first part's closing line, is found as well.
    let later = text.replace("\nA \nTransparency in armaments \n", "\n");
    let err = match import::import(Path::new("in.txt"), later.into_bytes()) {
        Ok(i) => panic!("imported {}", i.symbol),
        Err(d) => d.to_string(),
    };
    assert!(
        err.contains("(part B starts at line 20)") && err.contains("in.txt:20:1"),
        "{err}"
    );
}
