//! Citations: the recogniser measured against gold lists written by reading
//! five real resolutions; backlinks and pages of documents outside the
//! collection; one added citation changes exactly the pages concerned.

use crate::support::*;
use plenary::cite::Target;
use plenary::content::{SourceFile, parse};

/// Every citation a careful reader finds in one corpus resolution, read
/// from `tests/corpus/gold/A_RES_80_1.tsv`: `PLACE<TAB>TARGET` lines, where
/// PLACE is a paragraph id or `fnN` and TARGET a canonical symbol, `SYMBOL P`
/// for part P of a composite resolution, `SYMBOL#opN` for a paragraph of
/// another resolution and `#opN` for one of the same.
fn gold(file: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join("tests/corpus/gold").join(file)).expect("gold file");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (place, target) = l.split_once('\t').unwrap_or_else(|| panic!("{file}: bad line {l}"));
            (place.to_string(), target.to_string())
        })
        .collect()
}

/// The gold files, as (file, symbol).
fn gold_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(repo().join("tests/corpus/gold"))
        .expect("gold folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tsv"))
        .map(|n| {
            let symbol = n.trim_end_matches(".tsv").replace('_', "/");
            (n, symbol)
        })
        .collect();
    files.sort();
    files
}

fn show(t: &Target) -> String {
    match t {
        Target::Doc(s) => s.to_string(),
        Target::Part(s, p) => format!("{s} {p}"),
        Target::Para(s, n) => format!("{s}#op{n}"),
        Target::Internal(n) => format!("#op{n}"),
    }
}

/// (place, target) pairs the recogniser finds in a content file.
fn found(symbol: &str) -> Vec<(String, String)> {
    let path = repo().join("content").join(format!("{symbol}.md"));
    let text = std::fs::read_to_string(&path).expect("content");
    let (res, d) = parse(&SourceFile::new(path, text));
    let res = res.unwrap_or_else(|| panic!("{d}"));
    let mut out = Vec::new();
    for p in res.paragraphs() {
        out.extend(p.cites.iter().map(|t| (p.id.to_string(), show(t))));
    }
    for f in &res.footnotes {
        out.extend(f.cites.iter().map(|t| (format!("fn{}", f.label), show(t))));
    }
    out.sort();
    out.dedup();
    out
}

/// Precision and recall on every corpus resolution, against the gold
/// lists (`cargo test precision -- --nocapture` prints the figures).
#[test]
fn precision_and_recall_on_every_corpus_resolution() {
    let (mut right, mut found_total, mut gold_total) = (0usize, 0usize, 0usize);
    let mut report = String::new();
    let files = gold_files();
    assert_eq!(files.len(), 17, "one gold list per corpus resolution");
    for (file, symbol) in files {
        let gold = gold(&file);
        let got = found(&symbol);
        let hits = got.iter().filter(|f| gold.contains(f)).count();
        for f in got.iter().filter(|f| !gold.contains(f)) {
            report.push_str(&format!("{symbol} false: {f:?}\n"));
        }
        for m in gold.iter().filter(|m| !got.contains(m)) {
            report.push_str(&format!("{symbol} missed: {m:?}\n"));
        }
        right += hits;
        found_total += got.len();
        gold_total += gold.len();
    }
    let precision = right as f64 / found_total as f64;
    let recall = right as f64 / gold_total as f64;
    eprintln!("citations: precision {precision:.3}, recall {recall:.3} over {gold_total} gold citations\n{report}");
    assert!(precision >= 0.98, "precision {precision:.3}\n{report}");
    assert!(recall >= 0.95, "recall {recall:.3}\n{report}");
}

#[test]
fn a_document_outside_the_collection_lists_who_cites_it() {
    let out = build(&repo());
    let site = site(&out);
    let doc = html(&site, "A/RES/64/293/index.html");
    assert!(text_of(&doc, "main").contains("This document is not in this collection."));
    let official = doc
        .select(&sel("a[rel=external]"))
        .next()
        .and_then(|a| a.value().attr("href"));
    assert_eq!(official, Some("https://undocs.org/A/RES/64/293"));
    let links: Vec<&str> = doc
        .select(&sel("#cited-by a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    // Footnote 10 ("Resolution 64/293.") is referenced from PP9 of 65/232.
    assert_eq!(links, ["../../../../A/RES/65/232/pp9/"]);
    assert_eq!(
        text_of(&doc, "#cited-by li"),
        "A/RES/65/232, PP 9 — Welcoming Strengthening the United Nations crime prevention and criminal justice programme, in particular its technical cooperation capacity"
    );
    // The citation in the text is a link with the contract's hook.
    let pp9 = html(&site, "A/RES/65/232/pp9/index.html");
    let a = pp9
        .select(&sel("a[data-cite='A/RES/64/293']"))
        .next()
        .expect("citation link");
    assert_eq!(a.value().attr("href"), Some("../../../../../A/RES/64/293/"));
    // And the JSON says so on both sides.
    let json: serde_json::Value = serde_json::from_str(&read(&site, "A/RES/65/232/index.json")).expect("json");
    assert!(
        json["cites"]
            .as_array()
            .expect("cites")
            .iter()
            .any(|c| c == "A/RES/64/293")
    );
    let pp1 = &json["paragraphs"][0];
    assert_eq!(pp1["cites"][0], "A/RES/46/152");
    assert_eq!(json["footnotes"][9]["cites"], serde_json::json!(["A/RES/64/293"]));
}

#[test]
fn citations_within_the_collection_appear_on_both_sides() {
    let out = build(&fixture("citing"));
    let site = site(&out);
    // A/RES/80/2 OP1 cites A/RES/80/1 and paragraph 2 of it.
    let cited = html(&site, "A/RES/80/1/index.html");
    let from: Vec<String> = cited
        .select(&sel("#cited-by li"))
        .map(|li| collapse(&li.text().collect::<String>()))
        .collect();
    assert_eq!(from.len(), 2, "{from:?}");
    assert!(from[0].starts_with("A/RES/80/2, PP 1 — Recalling"), "{from:?}");
    assert!(
        from[1].starts_with("A/RES/80/2, OP 1 (citing OP 2) — Welcomes"),
        "{from:?}"
    );
    let op2 = html(&site, "A/RES/80/1/op2/index.html");
    assert_eq!(op2.select(&sel("#cited-by li")).count(), 1);
    let citing: serde_json::Value = serde_json::from_str(&read(&site, "A/RES/80/2/index.json")).expect("json");
    assert_eq!(citing["cites"], serde_json::json!(["A/RES/80/1"]));
    let cited_json: serde_json::Value = serde_json::from_str(&read(&site, "A/RES/80/1/index.json")).expect("json");
    assert_eq!(
        cited_json["cited_by"],
        serde_json::json!([{"symbol": "A/RES/80/2", "paragraph": "pp1"}, {"symbol": "A/RES/80/2", "paragraph": "op1"}])
    );
    let related: Vec<String> = cited
        .select(&sel(".related li"))
        .map(|li| collapse(&li.text().collect::<String>()))
        .collect();
    assert_eq!(related, ["A/RES/80/2 A resolution citing the other (cited by)"]);
    // Its citation previews the cited paragraph (hover and focus, like footnotes).
    let op1 = html(&site, "A/RES/80/2/op1/index.html");
    let a = op1
        .select(&sel("#op1 .cite-preview a[data-cite]"))
        .next()
        .expect("preview link");
    let tip = a.value().attr("aria-describedby").expect("described");
    assert_eq!(
        text_of(&op1, &format!("[id='{tip}']")),
        "A/RES/80/1 A cited resolutionOP 2: “Also decides another thing.”"
    );
    // An in-collection resolution gets no "outside" page.
    assert!(!read(&site, "A/RES/80/1/index.html").contains("not in this collection"));
}

/// Adding one citation changes the pages of the citing paragraph and
/// resolution (and its XML), of the cited document, the citations index
/// and the search index files of the new words: no others.
#[test]
fn one_added_or_removed_citation_changes_exactly_the_pages_concerned() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&fixture("citing"), tmp.path());
    let before = build(tmp.path());
    let file = tmp.path().join("content/80-2.md");
    let text = std::fs::read_to_string(&file).expect("read");
    let edited = text.replace(
        "2. Requests a report.",
        "2. Requests a report, recalling resolution 70/1.",
    );
    assert_ne!(text, edited);
    std::fs::write(&file, edited).expect("write");
    let after = build(tmp.path());
    let concerned = [
        "A/RES/70/1/index.html",
        "A/RES/80/2/akn.xml",
        "A/RES/80/2/index.html",
        "A/RES/80/2/index.json",
        "A/RES/80/2/op2/index.html",
        "citations/index.html",
    ];
    // Besides the pages, the search index files holding the new words and
    // the changed paragraph's text.
    let index = [
        "search/docs/0.json",
        "search/terms/1.json",
        "search/terms/70.json",
        "search/terms/re.json",
    ];
    let expected: Vec<&str> = concerned.iter().chain(&index).copied().collect();
    assert_eq!(changed(&site(&before), &site(&after)), expected);
    // Removing it again changes the same files back (70/1's page goes).
    std::fs::write(&file, text).expect("write");
    let again = build(tmp.path());
    assert_eq!(changed(&site(&after), &site(&again)), expected);
    assert_eq!(snapshot(&site(&again)), snapshot(&site(&before)));
}

/// Files added, removed or changed between two builds.
fn changed(a: &std::path::Path, b: &std::path::Path) -> Vec<String> {
    let (a, b) = (snapshot(a), snapshot(b));
    let mut out: Vec<String> = b
        .iter()
        .filter(|(path, bytes)| a.iter().find(|(p, _)| p == path).is_none_or(|(_, old)| old != bytes))
        .chain(a.iter().filter(|(path, _)| !b.iter().any(|(p, _)| p == path)))
        .map(|(p, _)| p.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn check_lists_the_references_left_unlinked() {
    let o = plenary(&["--root", repo().to_str().expect("utf-8"), "check"]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    // The Commission's resolution 18/1 and decision 17/1 (OP33, OP32 of
    // 65/232) are not the General Assembly's.
    assert!(
        err.contains(
            "warning: `resolution 18/1` is not linked: it is issued by a body whose texts have no UN symbol series here\n  --> content/A/RES/65/232.md:126:1\n"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: `decision 17/1` is not linked: it is issued by a body whose texts have no UN symbol series here"
        ),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("Checked: "));
}

/// Regression (found by `plenary check`): "paragraph 7 of resolution 46/30"
/// linked `A/RES/46/30/op7/`, a page that does not exist while 46/30 is
/// outside the collection.
#[test]
fn regression_a_paragraph_of_an_outside_document_links_the_document() {
    let out = build(&repo());
    let doc = html(&site(&out), "A/RES/80/17/op10/index.html");
    let a = doc.select(&sel("a[data-cite='A/RES/46/30']")).next().expect("citation");
    assert_eq!(a.value().attr("href"), Some("../../../../../A/RES/46/30/"));
    assert_eq!(a.value().attr("data-paragraph"), Some("op7"));
}

/// One row of the conformance table: the citing resolution, a text, and
/// every target a reader finds in it (canonical forms: docs/CONTRACT.md §6).
type Row = (&'static str, &'static str, &'static [&'static str]);

/// The forms of the UN Editorial Manual ("Resolutions and other formal
/// decisions of United Nations organs": I. System of identification, B to
/// E; II.J References to other resolutions and decisions), the Dag
/// Hammarskjöld Library's symbol forms, and the traps that are not
/// citations of UN resolutions.
const CONFORMANCE: &[Row] = &[
    // I.B.1 Regular sessions, until the thirtieth.
    (
        "A/RES/80/1",
        "Recalling its resolution 3363 (XXX),",
        &["A/RES/3363(XXX)"],
    ),
    ("A/RES/80/1", "in its resolution 3367 A (XXX),", &["A/RES/3367(XXX) A"]),
    (
        "A/RES/80/1",
        "its resolutions 3411 A and B (XXX)",
        &["A/RES/3411(XXX) A", "A/RES/3411(XXX) B"],
    ),
    (
        "A/RES/80/1",
        "its resolutions 3419 A to D (XXX)",
        &[
            "A/RES/3419(XXX) A",
            "A/RES/3419(XXX) B",
            "A/RES/3419(XXX) C",
            "A/RES/3419(XXX) D",
        ],
    ),
    (
        "A/RES/80/1",
        "resolution 2200 A (XXI) of 16 December 1966",
        &["A/RES/2200(XXI) A"],
    ),
    ("A/RES/80/1", "resolution 217 A (III)", &["A/RES/217(III) A"]),
    ("A/RES/80/1", "resolution 1514(XV)", &["A/RES/1514(XV)"]),
    // I.B.1 Since the thirty-first session.
    (
        "A/RES/80/1",
        "resolution 31/1, decision 31/308",
        &["A/RES/31/1", "A/DEC/31/308"],
    ),
    ("A/RES/80/1", "resolution 31/16 A", &["A/RES/31/16 A"]),
    (
        "A/RES/80/1",
        "resolutions 31/6 A and B",
        &["A/RES/31/6 A", "A/RES/31/6 B"],
    ),
    (
        "A/RES/80/1",
        "decisions 31/406 A to E",
        &[
            "A/DEC/31/406 A",
            "A/DEC/31/406 B",
            "A/DEC/31/406 C",
            "A/DEC/31/406 D",
            "A/DEC/31/406 E",
        ],
    ),
    ("A/RES/80/1", "decision 50/411", &["A/DEC/50/411"]),
    // I.B.2–3 Special and emergency special sessions.
    ("A/RES/80/1", "resolution 3362 (S-VII)", &["A/RES/3362(S-VII)"]),
    ("A/RES/80/1", "resolution 3201 (S-VI)", &["A/RES/3201(S-VI)"]),
    ("A/RES/80/1", "resolution 2252 (ES-V)", &["A/RES/2252(ES-V)"]),
    (
        "A/RES/80/1",
        "resolution S-8/1 and decision S-8/11",
        &["A/RES/S-8/1", "A/DEC/S-8/11"],
    ),
    (
        "A/RES/80/1",
        "resolutions S-13/2 and ES-8/2",
        &["A/RES/S-13/2", "A/RES/ES-8/2"],
    ),
    (
        "A/RES/80/1",
        "resolution ES-10/19 and decision ES-7/11",
        &["A/RES/ES-10/19", "A/DEC/ES-7/11"],
    ),
    // II.J Long lists, each item with its date.
    (
        "A/RES/80/1",
        "Recalling its resolutions 45/58 P of 4 December 1990, 46/36 I of 6 December 1991, 78/36 of 4 December 2023 and 79/25 of 2 December 2024 on regional disarmament,",
        &["A/RES/45/58 P", "A/RES/46/36 I", "A/RES/78/36", "A/RES/79/25"],
    ),
    (
        "A/RES/80/1",
        "Recalling its resolutions 60/1 of 16 September 2005 and S-27/2 of 10 May 2002, its decision 62/557 of 15 September 2008, and the report A/62/7/Add.1,",
        &["A/RES/60/1", "A/RES/S-27/2", "A/DEC/62/557", "A/62/7/Add.1"],
    ),
    // I.C Security Council.
    (
        "A/RES/80/1",
        "Security Council resolution 1373 (2001)",
        &["S/RES/1373(2001)"],
    ),
    (
        "A/RES/80/1",
        "Security Council resolutions 1325 (2000) and 1820 (2008)",
        &["S/RES/1325(2000)", "S/RES/1820(2008)"],
    ),
    (
        "A/RES/80/1",
        "resolutions 1325 (2000) and 1820 (2008) of the Security Council",
        &["S/RES/1325(2000)", "S/RES/1820(2008)"],
    ),
    (
        "S/RES/2250(2015)",
        "Recalling its resolutions 1325 (2000) and 2242 (2015),",
        &["S/RES/1325(2000)", "S/RES/2242(2015)"],
    ),
    // I.D Economic and Social Council.
    (
        "A/RES/80/1",
        "Economic and Social Council resolution 1980/67",
        &["E/RES/1980/67"],
    ),
    (
        "A/RES/80/1",
        "Economic and Social\nCouncil resolution 1980/67",
        &["E/RES/1980/67"],
    ),
    (
        "A/RES/80/1",
        "Economic and Social Council resolution 1296 (XLIV)",
        &["E/RES/1296(XLIV)"],
    ),
    (
        "A/RES/80/1",
        "Economic and Social Council decision 2010/245",
        &["E/DEC/2010/245"],
    ),
    (
        "E/RES/2010/1",
        "Recalling its resolution 2008/23 and its decision 2009/201,",
        &["E/RES/2008/23", "E/DEC/2009/201"],
    ),
    (
        "E/RES/2010/1",
        "Recalling General Assembly resolution 64/179,",
        &["A/RES/64/179"],
    ),
    (
        "A/RES/80/1",
        "Economic and Social Council resolutions 2008/23 and 2008/24 and its resolution 61/252",
        &["E/RES/2008/23", "E/RES/2008/24", "A/RES/61/252"],
    ),
    // Human Rights Council and the Commission on Human Rights.
    ("A/RES/80/1", "Human Rights Council resolution 5/1", &["A/HRC/RES/5/1"]),
    (
        "A/RES/80/1",
        "Human Rights Council decision 2/102",
        &["A/HRC/DEC/2/102"],
    ),
    (
        "A/RES/80/1",
        "Human Rights Council resolution S-1/1",
        &["A/HRC/RES/S-1/1"],
    ),
    ("A/HRC/RES/6/1", "Recalling its resolution 5/1,", &["A/HRC/RES/5/1"]),
    (
        "A/RES/80/1",
        "Commission on Human Rights resolution 2005/69",
        &["E/CN.4/RES/2005/69"],
    ),
    // I.E Parts of composite resolutions; paragraphs.
    ("A/RES/80/1", "paragraph 7 of resolution 46/30", &["A/RES/46/30#op7"]),
    ("A/RES/80/1", "section II of resolution 64/243", &["A/RES/64/243"]),
    ("A/RES/80/1", "as referred to in paragraph 5 above", &["#op5"]),
    // Documents, with parts and versions.
    ("A/RES/80/1", "(A/65/457)", &["A/65/457"]),
    ("A/RES/80/1", "Supplement No. 10 (A/65/10 (Part I))", &["A/65/10"]),
    (
        "A/RES/80/1",
        "A/34/45 and Corr.1; A/58/874/Add.2; A/59/565/Rev.1",
        &["A/34/45", "A/34/45/Corr.1", "A/58/874/Add.2", "A/59/565/Rev.1"],
    ),
    (
        "A/RES/80/1",
        "(A/62/PV.117–120)",
        &["A/62/PV.117", "A/62/PV.118", "A/62/PV.119", "A/62/PV.120"],
    ),
    ("A/RES/80/1", "A/79/552-S/2024/767", &["A/79/552", "S/2024/767"]),
    // Traps: not citations of UN resolutions.
    ("A/RES/80/1", "see pages 2/3 of the annex", &[]),
    ("A/RES/80/1", "general recommendation No. 39 (2022)", &[]),
    ("A/RES/80/1", "NPT/CONF.2000/28 (Parts I and II)", &["NPT/CONF.2000/28"]),
    ("A/RES/80/1", "A/AC.268/2017/2", &["A/AC.268/2017/2"]),
    ("A/RES/80/1", "Council of Europe resolution CM/Res.1153 (XLVIII)", &[]),
    (
        "A/RES/80/1",
        "resolution GC(XXXIV)/RES/530 of the General Conference",
        &[],
    ),
    ("A/RES/80/1", "the report of the Council (A/80/27)", &["A/80/27"]),
    ("A/RES/80/1", "its resolution 80/27", &["A/RES/80/27"]),
    ("A/RES/80/1", "World Health Assembly resolution 60.28", &[]),
    (
        "A/RES/80/1",
        "Commission on Crime Prevention and Criminal Justice resolution 18/1",
        &[],
    ),
    ("A/RES/80/1", "the Commission, in its resolution 18/1,", &[]),
    (
        "A/RES/80/1",
        "the Conference of the Parties, in its decision 15/4,",
        &[],
    ),
    (
        "A/RES/80/1",
        "See CTOC/COP/2010/17, chap. I, sect. A, resolution 5/5.",
        &["CTOC/COP/2010/17"],
    ),
    ("A/RES/80/1", "the Council resolution 5/1", &[]),
    (
        "A/RES/80/1",
        "Recalling its resolution 64/179 Of note",
        &["A/RES/64/179"],
    ),
    // Found by an adversarial reading (regressions): a document named
    // earlier in the clause does not hold a later "its resolution".
    (
        "A/RES/80/1",
        "Having considered the report of the Secretary-General (A/65/457) and the related report of the Advisory Committee on Administrative and Budgetary Questions (A/65/533), as well as its resolution 64/243 and its decision 64/549,",
        &["A/65/457", "A/65/533", "A/RES/64/243", "A/DEC/64/549"],
    ),
    (
        "E/RES/2024/1",
        "Having considered the report (E/2024/33), and recalling its resolution 2023/19,",
        &["E/2024/33", "E/RES/2023/19"],
    ),
    (
        "A/HRC/RES/56/1",
        "Welcoming the report of the Special Rapporteur (A/HRC/55/50), and recalling its resolution 52/4,",
        &["A/HRC/55/50", "A/HRC/RES/52/4"],
    ),
    (
        "A/RES/80/1",
        "See also A/45/PV.65 and resolution 44/116 A.",
        &["A/45/PV.65", "A/RES/44/116 A"],
    ),
    // No-break spaces and hyphens.
    (
        "A/RES/80/1",
        "Security Council resolution 1325\u{a0}(2000) and its resolution 2200\u{a0}A\u{a0}(XXI),",
        &["S/RES/1325(2000)", "A/RES/2200(XXI) A"],
    ),
    (
        "A/RES/80/1",
        "Recalling its resolution ES\u{2011}11/1 of 2 March 2022,",
        &["A/RES/ES-11/1"],
    ),
    // Semicolons and annexes between items.
    (
        "A/RES/80/1",
        "including resolutions 70/262 of 27 April 2016; 72/276 of 26 April 2018; and 75/201 of 21 December 2020,",
        &["A/RES/70/262", "A/RES/72/276", "A/RES/75/201"],
    ),
    (
        "S/RES/2734(2024)",
        "Recalling its resolutions 1267 (1999); 1989 (2011); and 2253 (2015),",
        &["S/RES/1267(1999)", "S/RES/1989(2011)", "S/RES/2253(2015)"],
    ),
    (
        "A/RES/80/1",
        "(resolutions 2625 (XXV), annex, and 3314 (XXIX), annex)",
        &["A/RES/2625(XXV)", "A/RES/3314(XXIX)"],
    ),
    (
        "A/RES/80/1",
        "Recalling its resolutions 61/295, annex, and 66/288, annex,",
        &["A/RES/61/295", "A/RES/66/288"],
    ),
    // The body named after the numbers; "Commission" after its full name.
    (
        "A/RES/80/1",
        "Recalling resolution 1/1 of the Human Rights Council of 29 June 2006,",
        &["A/HRC/RES/1/1"],
    ),
    (
        "A/RES/80/1",
        "Recalling resolutions 5/1 and 5/2 of the Human Rights Council,",
        &["A/HRC/RES/5/1", "A/HRC/RES/5/2"],
    ),
    (
        "A/RES/80/1",
        "Recalling Commission on Human Rights resolution 2005/69 of 20 April 2005, and Commission resolution 2004/76,",
        &["E/CN.4/RES/2005/69", "E/CN.4/RES/2004/76"],
    ),
    // Short versions after a symbol; a resolution written as its symbol.
    (
        "A/HRC/RES/56/1",
        "the addenda thereto (A/HRC/50/29/Add.1 and Add.2),",
        &["A/HRC/50/29/Add.1", "A/HRC/50/29/Add.2"],
    ),
    (
        "A/RES/80/1",
        "Security Council resolution S/RES/2231 (2015),",
        &["S/RES/2231(2015)"],
    ),
];

fn show_all(found: Vec<plenary::cite::Found>) -> Vec<String> {
    found.into_iter().flat_map(|f| f.targets).map(|t| show(&t)).collect()
}

/// The conformance table, row by row.
#[test]
fn the_editorial_manuals_forms_and_the_traps() {
    use plenary::cite::{Context, body::Body, find_in};
    let mut wrong = Vec::new();
    for (citing, text, expected) in CONFORMANCE {
        let ctx = Context {
            home: Body::of_symbol(citing),
            before: "",
        };
        let got = show_all(find_in(text, &ctx));
        if got != *expected {
            wrong.push(format!(
                "{citing}: {text:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} rows differ:\n{}",
        wrong.len(),
        CONFORMANCE.len(),
        wrong.join("\n")
    );
}

/// `plenary check` lists numbers that look like references and were left
/// unlinked, with the reason.
#[test]
fn unlinked_references_come_with_their_reason() {
    use plenary::cite::{Context, Reason, body::Body, uncertain};
    let ctx = Context {
        home: Body::Assembly,
        before: "",
    };
    let reasons =
        |t: &str| -> Vec<(String, Reason)> { uncertain(t, &ctx).into_iter().map(|u| (u.text, u.reason)).collect() };
    assert_eq!(
        reasons("the Council resolution 5/1"),
        [("resolution 5/1".to_string(), Reason::UncertainBody)]
    );
    assert_eq!(
        reasons("Commission on Crime Prevention and Criminal Justice resolution 18/1"),
        [("resolution 18/1".to_string(), Reason::OtherBody)]
    );
    assert_eq!(
        reasons("Security Council resolution 2007/12"),
        [(
            "resolution 2007/12".to_string(),
            Reason::UnknownForm("the Security Council")
        )]
    );
    assert_eq!(
        reasons("resolution 12 of the Commission"),
        [("resolution 12".to_string(), Reason::UnknownForm("any organ"))]
    );
}
