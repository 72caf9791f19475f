//! Citations: the recogniser measured against gold lists written by reading
//! five real resolutions; backlinks and pages of documents outside the
//! collection; one added citation changes exactly the pages concerned.

use crate::support::*;
use plenary::cite::Target;
use plenary::content::{SourceFile, parse};

/// Every citation a careful reader finds, as (paragraph or footnote, target);
/// `#opN` is a paragraph of the same resolution, `SYMBOL#opN` one of another.
struct Gold {
    symbol: &'static str,
    cites: &'static [(&'static str, &'static str)],
}

const GOLD: &[Gold] = &[
    Gold {
        symbol: "A/RES/65/232",
        cites: &[
            ("pp1", "A/RES/46/152"),
            ("pp1", "A/RES/60/1"),
            ("pp1", "A/RES/60/177"),
            ("pp1", "A/RES/61/252"),
            ("pp1", "A/RES/64/178"),
            ("pp1", "A/RES/64/179"),
            ("pp1", "A/RES/64/237"),
            ("pp5", "A/RES/64/137"),
            ("pp6", "E/RES/2008/23"),
            ("pp6", "E/RES/2008/24"),
            ("pp6", "E/RES/2008/25"),
            ("pp7", "A/RES/55/25"),
            ("pp7", "A/RES/58/17"),
            ("pp7", "A/RES/61/52"),
            ("pp7", "A/RES/64/78"),
            ("pp7", "E/RES/2008/23"),
            ("pp8", "A/RES/64/179"),
            ("op1", "A/RES/64/179"),
            ("op17", "E/RES/2007/12"),
            ("op17", "E/RES/2007/19"),
            ("op37", "#op36"),
            ("fn1", "E/RES/2007/12"),
            ("fn4", "A/RES/60/288"),
            ("fn5", "A/RES/62/272"),
            ("fn5", "A/62/PV.117"),
            ("fn5", "A/62/PV.118"),
            ("fn5", "A/62/PV.119"),
            ("fn5", "A/62/PV.120"),
            ("fn6", "A/RES/64/297"),
            ("fn6", "A/64/PV.116"),
            ("fn6", "A/64/PV.117"),
            ("fn7", "E/CN.15/2010/4"),
            ("fn8", "E/2010/30"),
            ("fn9", "E/CN.15/2010/5"),
            ("fn10", "A/RES/64/293"),
            ("fn13", "CTOC/COP/2010/17"),
            ("fn17", "A/65/116"),
            ("fn19", "A/RES/65/230"),
            ("fn20", "CTOC/COP/2010/17"),
            ("fn21", "A/64/123"),
            ("fn22", "CAC/COSP/2009/15"),
            ("fn23", "E/CN.15/2010/2"),
            ("fn24", "E/2008/30"),
            ("fn25", "A/CONF.213/17"),
            ("fn26", "E/2009/30"),
        ],
    },
    Gold {
        symbol: "A/RES/80/6",
        cites: &[
            ("pp1", "A/RES/79/6"),
            ("pp10", "A/RES/58/318"),
            ("op30", "A/RES/58/318"),
            ("fn2", "A/58/874"),
            ("fn2", "A/58/874/Add.1"),
            ("fn4", "A/80/342"),
            ("fn7", "A/67/828"),
            ("fn7", "S/2013/210"),
            ("fn8", "A/80/344"),
            ("fn9", "S/PRST/2013/2"),
            ("fn9", "S/INF/68"),
            ("fn10", "A/80/1"),
        ],
    },
    Gold {
        symbol: "A/RES/80/13",
        cites: &[
            ("pp1", "A/RES/2832(XXVI)"),
            ("pp1", "A/RES/54/47"),
            ("pp1", "A/RES/56/16"),
            ("pp1", "A/RES/58/29"),
            ("pp1", "A/RES/60/48"),
            ("pp1", "A/RES/62/14"),
            ("pp1", "A/RES/64/23"),
            ("pp1", "A/RES/66/22"),
            ("pp1", "A/RES/68/24"),
            ("pp1", "A/RES/70/22"),
            ("pp1", "A/RES/72/21"),
            ("pp1", "A/RES/74/25"),
            ("pp1", "A/RES/76/17"),
            ("pp1", "A/RES/78/13"),
            ("fn1", "A/34/45"),
            ("fn1", "A/34/45/Corr.1"),
            ("fn2", "A/57/759"),
            ("fn2", "S/2003/332"),
            ("fn3", "A/80/29"),
        ],
    },
    Gold {
        symbol: "A/RES/80/16",
        cites: &[
            ("pp1", "A/RES/75/240"),
            ("pp1", "A/RES/76/19"),
            ("pp2", "A/DEC/77/512"),
            ("pp2", "A/DEC/78/541"),
            ("pp2", "A/RES/79/237"),
            ("pp3", "A/80/257"),
            ("pp3", "A/AC.292/2025/INF/5/Rev.1"),
            ("op1", "A/80/257"),
            ("op2", "A/79/214"),
            ("op2", "A/RES/79/237"),
            ("op2", "A/80/257"),
            ("op3", "A/80/257"),
        ],
    },
    Gold {
        symbol: "A/RES/80/17",
        cites: &[
            ("pp1", "A/RES/3263(XXIX)"),
            ("pp1", "A/RES/3474(XXX)"),
            ("pp1", "A/RES/31/71"),
            ("pp1", "A/RES/32/82"),
            ("pp1", "A/RES/33/64"),
            ("pp1", "A/RES/34/77"),
            ("pp1", "A/RES/35/147"),
            ("pp1", "A/RES/36/87A"),
            ("pp1", "A/RES/36/87B"),
            ("pp1", "A/RES/37/75"),
            ("pp1", "A/RES/38/64"),
            ("pp1", "A/RES/39/54"),
            ("pp1", "A/RES/40/82"),
            ("pp1", "A/RES/41/48"),
            ("pp1", "A/RES/42/28"),
            ("pp1", "A/RES/43/65"),
            ("pp1", "A/RES/44/108"),
            ("pp1", "A/RES/45/52"),
            ("pp1", "A/RES/46/30"),
            ("pp1", "A/RES/47/48"),
            ("pp1", "A/RES/48/71"),
            ("pp1", "A/RES/49/71"),
            ("pp1", "A/RES/50/66"),
            ("pp1", "A/RES/51/41"),
            ("pp1", "A/RES/52/34"),
            ("pp1", "A/RES/53/74"),
            ("pp1", "A/RES/54/51"),
            ("pp1", "A/RES/55/30"),
            ("pp1", "A/RES/56/21"),
            ("pp1", "A/RES/57/55"),
            ("pp1", "A/RES/58/34"),
            ("pp1", "A/RES/59/63"),
            ("pp1", "A/RES/60/52"),
            ("pp1", "A/RES/61/56"),
            ("pp1", "A/RES/62/18"),
            ("pp1", "A/RES/63/38"),
            ("pp1", "A/RES/64/26"),
            ("pp1", "A/RES/65/42"),
            ("pp1", "A/RES/66/25"),
            ("pp1", "A/RES/67/28"),
            ("pp1", "A/RES/68/27"),
            ("pp1", "A/RES/69/29"),
            ("pp1", "A/RES/70/24"),
            ("pp1", "A/RES/71/29"),
            ("pp1", "A/RES/72/24"),
            ("pp1", "A/RES/73/28"),
            ("pp1", "A/RES/74/30"),
            ("pp1", "A/RES/75/33"),
            ("pp1", "A/RES/76/20"),
            ("pp1", "A/RES/77/38"),
            ("pp1", "A/RES/78/17"),
            ("pp1", "A/RES/79/16"),
            ("pp12", "A/RES/79/16"),
            ("op8", "A/RES/79/16"),
            ("op10", "A/RES/46/30#op7"),
            ("fn1", "A/RES/S-10/2"),
            ("fn2", "A/80/130"),
            ("fn4", "A/45/435"),
        ],
    },
];

fn show(t: &Target) -> String {
    match t {
        Target::Doc(s) => s.to_string(),
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

#[test]
fn precision_and_recall_on_five_resolutions() {
    let (mut right, mut found_total, mut gold_total) = (0usize, 0usize, 0usize);
    let mut report = String::new();
    for g in GOLD {
        let gold: Vec<(String, String)> = g.cites.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let got = found(g.symbol);
        let hits = got.iter().filter(|f| gold.contains(f)).count();
        for f in got.iter().filter(|f| !gold.contains(f)) {
            report.push_str(&format!("{} false: {f:?}\n", g.symbol));
        }
        for m in gold.iter().filter(|m| !got.contains(m)) {
            report.push_str(&format!("{} missed: {m:?}\n", g.symbol));
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
    assert!(err.contains("warning: `resolution 18/1` is not linked: its issuing body is not certain\n  --> content/A/RES/65/232.md:125:1\n"), "{err}");
    assert!(err.contains("warning: `decision 17/1` is not linked"), "{err}");
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
