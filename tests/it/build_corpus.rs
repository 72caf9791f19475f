//! The real resolution A/RES/65/232 (content/), built and checked against the
//! official text: numbering, footnote placement, pages, JSON.

use crate::support::*;
use std::sync::OnceLock;

/// The repository's own site, built once for all tests here.
fn corpus_site() -> std::path::PathBuf {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    site(OUT.get_or_init(|| build(&repo())))
}

const RES: &str = "A/RES/65/232";

#[test]
fn every_paragraph_of_65_232_has_its_page() {
    let site = corpus_site();
    for n in 1..=24 {
        assert!(site.join(format!("{RES}/pp{n}/index.html")).is_file(), "pp{n}");
    }
    for n in 1..=37 {
        assert!(site.join(format!("{RES}/op{n}/index.html")).is_file(), "op{n}");
    }
    assert!(!site.join(format!("{RES}/pp25")).exists());
    assert!(!site.join(format!("{RES}/op38")).exists());
    let dirs = std::fs::read_dir(site.join(RES))
        .expect("dir")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().is_dir()))
        .count();
    assert_eq!(dirs, 61, "24 preambular + 37 operative paragraph pages");
    for f in [
        "index.html",
        "404.html",
        "style.css",
        "plenary.js",
        "A/RES/65/232/index.html",
        "A/RES/65/232/index.json",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
}

#[test]
fn the_cli_reports_what_it_built() {
    let out = tempfile::tempdir().expect("tmp");
    let dest = out.path().join("s");
    let o = plenary(&[
        "--root",
        repo().to_str().expect("utf-8"),
        "build",
        "-o",
        dest.to_str().expect("utf-8"),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    // Every HTML file is a page; besides them, one JSON and one Akoma Ntoso
    // file per resolution, the search index and the theme's three static files.
    let all = snapshot(&dest);
    let pages = all.iter().filter(|(p, _)| p.ends_with(".html")).count();
    let json = all.iter().filter(|(p, _)| p.ends_with("index.json")).count();
    let xml = all.iter().filter(|(p, _)| p.ends_with("akn.xml")).count();
    assert_eq!((json, xml), (17, 17));
    let index = all
        .iter()
        .filter(|(p, _)| p.starts_with("search/") && p.ends_with(".json"))
        .count();
    assert!(index > 3, "{index}");
    // robots.txt too (no sitemap or feed without an absolute base URL).
    assert_eq!(all.len(), pages + json + xml + index + 3 + 1);
    let expected = format!("Built {pages} pages ({} files, 17 resolutions) in ", all.len());
    assert!(stdout.starts_with(&expected), "{stdout} vs {expected}");
}

#[test]
fn paragraph_pages_hold_the_official_text_and_number() {
    let site = corpus_site();
    let cases = [
        (
            "pp1",
            "Reaffirming its resolutions 46/152 of 18 December 1991, 60/1 of 16 September 2005,",
        ),
        (
            "pp5",
            "Emphasizing that its resolution 64/137 of 18 December 2009 on the intensification of efforts to eliminate all forms of violence against women has considerable implications",
        ),
        (
            "pp24",
            "Expressing concern regarding the overall financial situation of the United Nations Office on Drugs and Crime,",
        ),
        (
            "op1",
            "Takes note with appreciation of the report of the Secretary-General prepared pursuant to resolution 64/179;17",
        ),
        (
            "op14",
            "Urges the United Nations Office on Drugs and Crime to continue to provide technical assistance to Member States to combat money-laundering",
        ),
        (
            "op22",
            "Reaffirms the importance of the United Nations Office on Drugs and Crime and its regional offices",
        ),
        (
            "op37",
            "Also requests the Secretary-General to include in the report referred to in paragraph 36 above",
        ),
    ];
    for (id, start) in cases {
        let doc = html(&site, &format!("{RES}/{id}/index.html"));
        let text = collapse(&strip_tips(&doc, id));
        assert!(text.starts_with(start), "{id}: {text}");
    }
    let op14 = html(&site, &format!("{RES}/op14/index.html"));
    assert_eq!(text_of(&op14, "#op14 .para-num"), "14.");
    assert_eq!(text_of(&op14, "h1"), "OP 14");
}

/// The paragraph's text with tooltip contents left out, markers kept.
fn strip_tips(doc: &scraper::Html, id: &str) -> String {
    let el = doc.select(&sel(&format!("#{id} .para-body"))).next().expect("para");
    let mut out = String::new();
    for node in el.descendants() {
        if let Some(t) = node.value().as_text() {
            let in_tip = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| e.classes().any(|c| c == "fn-tip"))
            });
            if !in_tip {
                out.push_str(t);
            }
        }
    }
    out
}

#[test]
fn footnote_markers_sit_on_the_right_paragraphs() {
    let site = corpus_site();
    // The official placement, as the importer's gold table has it; every
    // other paragraph references no footnote.
    let gold = crate::import::GOLD
        .iter()
        .find(|g| g.symbol == RES)
        .expect("gold")
        .markers;
    let ids = (1..=24)
        .map(|n| format!("pp{n}"))
        .chain((1..=37).map(|n| format!("op{n}")));
    for id in ids {
        let labels: Vec<&str> = gold
            .iter()
            .find(|(p, _)| *p == id)
            .map_or(Vec::new(), |(_, l)| l.to_vec());
        let doc = html(&site, &format!("{RES}/{id}/index.html"));
        let found: Vec<String> = doc
            .select(&sel(&format!("#{id} [data-fn]")))
            .map(|e| e.value().attr("data-fn").expect("data-fn").to_string())
            .collect();
        assert_eq!(found, labels, "{id}");
        // Each marker names its tooltip, which holds the footnote's text.
        for marker in doc.select(&sel(&format!("#{id} [data-fn]"))) {
            let tip_id = marker.value().attr("aria-describedby").expect("aria-describedby");
            let tip = text_of(&doc, &format!("[id='{tip_id}']"));
            assert!(tip.len() > 3, "{id}: empty tooltip {tip_id}");
        }
        // And the footnotes are listed under the paragraph.
        let listed: Vec<String> = doc
            .select(&sel(".footnotes li"))
            .map(|li| li.value().attr("id").expect("id").trim_start_matches("fn-").to_string())
            .collect();
        assert_eq!(listed, labels, "{id} footnote list");
    }
}

#[test]
fn repeated_footnotes_show_the_text_of_the_original_note() {
    let site = corpus_site();
    let op6 = html(&site, &format!("{RES}/op6/index.html"));
    let tip = text_of(&op6, "#op6 .fn-tip");
    assert_eq!(
        tip,
        "2 United Nations, Treaty Series, vols. 2225, 2237, 2241 and 2326, No. 39574."
    );
    let op33 = html(&site, &format!("{RES}/op33/index.html"));
    assert_eq!(text_of(&op33, "#fn-25"), "25 See A/CONF.213/17.");
}

#[test]
fn the_resolution_page_holds_all_paragraphs_and_notes() {
    let site = corpus_site();
    let doc = html(&site, &format!("{RES}/index.html"));
    assert_eq!(doc.select(&sel(".para.preambular")).count(), 24);
    assert_eq!(doc.select(&sel(".para.operative")).count(), 37);
    assert_eq!(doc.select(&sel(".footnotes li")).count(), 26);
    assert_eq!(text_of(&doc, ".formula"), "The General Assembly,");
    // Ids are unique on the page, even with footnote 2 referenced twice.
    let mut ids: Vec<&str> = doc.select(&sel("[id]")).filter_map(|e| e.value().attr("id")).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
    // Each paragraph links to its own page.
    let link = doc.select(&sel("#op14 a.para-num")).next().expect("link");
    assert_eq!(link.value().attr("href"), Some("../../../../A/RES/65/232/op14/"));
}

#[test]
fn paragraph_pages_have_breadcrumb_and_neighbours() {
    let site = corpus_site();
    let doc = html(&site, &format!("{RES}/op14/index.html"));
    assert_eq!(text_of(&doc, ".breadcrumb"), "Home A/RES/65/232 OP 14");
    let href = |s: &str| {
        doc.select(&sel(s))
            .next()
            .and_then(|e| e.value().attr("href"))
            .map(str::to_string)
    };
    assert_eq!(
        href("a[rel=prev]").as_deref(),
        Some("../../../../../A/RES/65/232/op13/")
    );
    assert_eq!(
        href("a[rel=next]").as_deref(),
        Some("../../../../../A/RES/65/232/op15/")
    );
    assert_eq!(href(".pager .up").as_deref(), Some("../../../../../A/RES/65/232/#op14"));
    // The last preambular paragraph leads on to the first operative one.
    let pp24 = html(&site, &format!("{RES}/pp24/index.html"));
    assert_eq!(text_of(&pp24, "a[rel=next]"), "OP 1 →");
    let pp1 = html(&site, &format!("{RES}/pp1/index.html"));
    assert!(pp1.select(&sel("a[rel=prev]")).next().is_none());
    let op37 = html(&site, &format!("{RES}/op37/index.html"));
    assert!(op37.select(&sel("a[rel=next]")).next().is_none());
}

/// One XML element: name, attributes, and the text directly inside.
type Element = (String, std::collections::BTreeMap<String, String>, String);

/// Elements of an XML file, in order; reading fails on anything not
/// well-formed (end tags are checked against start tags).
fn xml_elements(text: &str) -> Vec<Element> {
    use quick_xml::events::{BytesStart, Event};
    fn element(e: &BytesStart<'_>) -> Element {
        let name = e.name().into_inner().to_string();
        let attrs = e
            .attributes()
            .map(|a| {
                let a = a.expect("attribute");
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .expect("value")
                    .into_owned();
                (a.key.into_inner().to_string(), value)
            })
            .collect();
        (name, attrs, String::new())
    }
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                out.push(element(&e));
                open.push(out.len() - 1);
            }
            Event::Empty(e) => out.push(element(&e)),
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    out[i].2.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(&i) = open.last() {
                    let name: &str = &r;
                    let ch = match name {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unexpected entity {other}"),
                    };
                    out[i].2.push_str(ch);
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed elements");
    out
}

#[test]
fn akoma_ntoso_has_one_element_per_paragraph_and_footnote() {
    let site = corpus_site();
    let text = read(&site, &format!("{RES}/akn.xml"));
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">"));
    let elements = xml_elements(&text);
    let named = |n: &str| elements.iter().filter(|(name, _, _)| name == n).collect::<Vec<_>>();
    let json: serde_json::Value = serde_json::from_str(&read(&site, &format!("{RES}/index.json"))).expect("json");
    let paragraphs: Vec<&serde_json::Value> = json["paragraphs"].as_array().expect("paragraphs").iter().collect();
    let containers = named("container");
    let operative = named("paragraph");
    assert_eq!((containers.len(), operative.len()), (24, 37));
    // Each paragraph element holds the paragraph's id and text.
    for ((_, attrs, _), p) in containers.iter().chain(&operative).zip(&paragraphs) {
        assert_eq!(attrs["eId"], p["id"].as_str().expect("id"));
    }
    let texts: Vec<&String> = named("p").into_iter().map(|(_, _, t)| t).collect();
    for p in &paragraphs {
        let t = p["text"].as_str().expect("text");
        assert!(texts.iter().any(|x| x.as_str() == t), "{t}");
    }
    // 26 footnotes, each once; the 3 later references point at them.
    let notes = named("authorialNote");
    let ids: std::collections::BTreeSet<&str> = notes.iter().map(|(_, a, _)| a["eId"].as_str()).collect();
    assert_eq!((notes.len(), ids.len()), (26, 26));
    let refs = named("noteRef");
    assert_eq!(refs.len(), 3);
    for (_, a, _) in refs {
        assert!(ids.contains(a["href"].trim_start_matches('#')), "{a:?}");
    }
    assert_eq!(named("FRBRnumber")[0].1["value"], "A/RES/65/232");
    assert_eq!(named("FRBRdate")[0].1["date"], "2010-12-21");
}

#[test]
fn index_json_follows_the_contract() {
    let site = corpus_site();
    let json: serde_json::Value = serde_json::from_str(&read(&site, &format!("{RES}/index.json"))).expect("json");
    assert_eq!(json["symbol"], "A/RES/65/232");
    assert_eq!(json["adopted"], "2010-12-21");
    assert!(
        json["title"]
            .as_str()
            .expect("title")
            .starts_with("Strengthening the United Nations crime prevention")
    );
    let paras = json["paragraphs"].as_array().expect("paragraphs");
    assert_eq!(paras.len(), 61);
    assert_eq!(paras[0]["id"], "pp1");
    assert_eq!(paras[0]["kind"], "preambular");
    assert_eq!(paras[24]["id"], "op1");
    assert_eq!(paras[24]["kind"], "operative");
    assert_eq!(paras[24]["number"], 1);
    let op33 = paras.iter().find(|p| p["id"] == "op33").expect("op33");
    assert_eq!(op33["footnotes"], serde_json::json!(["25", "26"]));
    assert!(
        op33["text"]
            .as_str()
            .expect("text")
            .ends_with("in custodial and non-custodial settings;")
    );
    let notes = json["footnotes"].as_array().expect("footnotes");
    assert_eq!(notes.len(), 26);
    assert_eq!(notes[16]["label"], "17");
    assert_eq!(notes[16]["text"], "A/65/116.");
    assert!(json["cites"].is_array() && json["cited_by"].is_array());
}

#[test]
fn the_home_page_lists_the_resolution_under_its_session() {
    let site = corpus_site();
    let doc = html(&site, "index.html");
    let sessions: Vec<String> = doc
        .select(&sel(".session h2"))
        .map(|e| collapse(&e.text().collect::<String>()))
        .collect();
    assert_eq!(sessions, ["Session 80", "Session 65"]);
    let links: Vec<&str> = doc
        .select(&sel(".session .res-list a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(links.contains(&"./A/RES/65/232/"));
    assert_eq!(links.len(), 17);
}

#[test]
fn with_an_absolute_base_url_the_site_has_sitemaps_a_feed_and_robots() {
    let out = tempfile::tempdir().expect("tmp");
    let dest = out.path().join("s");
    let o = plenary(&[
        "--root",
        repo().to_str().expect("utf-8"),
        "build",
        "-o",
        dest.to_str().expect("utf-8"),
        "--base-url",
        "https://example.org/un/",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        read(&dest, "robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/un/sitemap.xml\n"
    );
    // The index lists the sitemaps; together they list every page once.
    let index = xml_elements(&read(&dest, "sitemap.xml"));
    let maps: Vec<&String> = index.iter().filter(|e| e.0 == "loc").map(|e| &e.2).collect();
    assert_eq!(maps, ["https://example.org/un/sitemaps/0.xml"]);
    let listed: std::collections::BTreeSet<String> = xml_elements(&read(&dest, "sitemaps/0.xml"))
        .into_iter()
        .filter(|e| e.0 == "loc")
        .map(|e| e.2)
        .collect();
    let pages: std::collections::BTreeSet<String> = files_under(&dest)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with("index.html"))
        .map(|(rel, _)| format!("https://example.org/un/{}", rel.trim_end_matches("index.html")))
        .collect();
    assert!(listed == pages, "{} listed, {} pages", listed.len(), pages.len());
    // The feed: newest adopted first, one entry per resolution here.
    let feed = xml_elements(&read(&dest, "feed.xml"));
    let updated: Vec<&String> = feed.iter().filter(|e| e.0 == "updated").map(|e| &e.2).collect();
    assert_eq!(updated.len(), 18, "the feed's date and 17 entries");
    assert!(updated[1..].windows(2).all(|w| w[0] >= w[1]), "{updated:?}");
    assert!(
        feed.iter()
            .any(|e| e.0 == "id" && e.2 == "https://example.org/un/A/RES/65/232/")
    );
}

#[test]
fn pages_carry_open_graph_and_schema_org_metadata() {
    let site = corpus_site();
    let page = html(&site, &format!("{RES}/op14/index.html"));
    let meta = |p: &str| {
        page.select(&sel(&format!("meta[property='{p}']")))
            .next()
            .and_then(|m| m.value().attr("content").map(str::to_string))
            .unwrap_or_default()
    };
    assert_eq!(meta("og:title"), "A/RES/65/232, para. 14");
    assert_eq!(meta("og:type"), "article");
    let ld = page
        .select(&sel("script[type='application/ld+json']"))
        .next()
        .expect("json-ld")
        .inner_html();
    let ld: serde_json::Value = serde_json::from_str(&ld).expect("json");
    assert_eq!(ld["@type"], "Legislation");
    assert_eq!(ld["isPartOf"]["legislationIdentifier"], "A/RES/65/232");
    let whole = html(&site, &format!("{RES}/index.html"));
    let ld: serde_json::Value = serde_json::from_str(
        &whole
            .select(&sel("script[type='application/ld+json']"))
            .next()
            .expect("json-ld")
            .inner_html(),
    )
    .expect("json");
    assert_eq!(ld["legislationDate"], "2010-12-21");
    // Without an absolute base URL there is no sitemap or feed to point at.
    assert!(!site.join("sitemap.xml").exists() && !site.join("feed.xml").exists());
    assert_eq!(read(&site, "robots.txt"), "User-agent: *\nAllow: /\n");
}

#[test]
fn discovery_pages_list_resolutions_by_session_committee_and_agenda_item() {
    let site = corpus_site();
    let first = html(&site, "committees/first-committee/index.html");
    assert_eq!(text_of(&first, "h1"), "First Committee");
    let listed: Vec<String> = first
        .select(&sel("main .res-symbol"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(listed.len(), 9, "{listed:?}");
    let session = html(&site, "sessions/65/index.html");
    assert_eq!(text_of(&session, "h1"), "Session 65");
    assert_eq!(text_of(&session, "main .res-symbol"), "A/RES/65/232");
    assert!(site.join("agenda/97-b/index.html").is_file());
    // The browse page links every one of them, with its size.
    let browse = html(&site, "browse/index.html");
    let links: Vec<String> = browse
        .select(&sel("main .facet-list a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(
        links.contains(&"../committees/first-committee/".to_string()),
        "{links:?}"
    );
    assert_eq!(
        links.len(),
        1 + 2 + 3 + 16,
        "organs, sessions, committees, agenda items"
    );
    // The home page leads with the most recently adopted resolutions.
    let home = html(&site, "index.html");
    let recent: Vec<String> = home
        .select(&sel(".recent time"))
        .filter_map(|t| t.value().attr("datetime").map(str::to_string))
        .collect();
    assert_eq!(recent.len(), 10);
    assert!(recent.windows(2).all(|w| w[0] >= w[1]), "{recent:?}");
}

#[test]
fn a_resolution_page_has_a_table_of_contents_of_its_paragraphs() {
    let site = corpus_site();
    let page = html(&site, &format!("{RES}/index.html"));
    let entries: Vec<(String, String)> = page
        .select(&sel("nav.toc li a"))
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                collapse(&a.text().collect::<String>()),
            )
        })
        .collect();
    assert_eq!(entries.len(), 61);
    assert_eq!(entries[0], ("#pp1".to_string(), "PP 1 Reaffirming".to_string()));
    assert_eq!(entries[24 + 13], ("#op14".to_string(), "OP 14 Urges".to_string()));
    // Every entry leads to a paragraph of the page.
    for (href, _) in &entries {
        let id = href.trim_start_matches('#');
        assert!(page.select(&sel(&format!("[id='{id}']"))).next().is_some(), "{href}");
    }
}

/// The search index of a generated collection large enough for big shards
/// to be split: every posting list decodes (gaps) to increasing postings,
/// and a term's postings are exactly the paragraphs whose text holds it.
#[test]
fn the_search_index_splits_large_shards_and_lists_exact_postings() {
    let tmp = tempfile::tempdir().expect("tmp");
    plenary::bench::generate(200, tmp.path(), 3, false).expect("generate");
    let site = plenary::build::load(&plenary::build::Options {
        root: tmp.path().to_path_buf(),
        ..Default::default()
    })
    .expect("load");
    let files: std::collections::BTreeMap<String, serde_json::Value> =
        plenary::render::search::files_with(&site.collection, 16 * 1024)
            .into_iter()
            .map(|f| (f.path, serde_json::from_slice(&f.bytes).expect("json")))
            .collect();
    let meta = &files["search/meta.json"];
    let split: Vec<&str> = meta["split"]
        .as_array()
        .expect("split")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(!split.is_empty(), "no shard was large enough to split");
    // The text of every document, from the chunks.
    let mut texts: Vec<String> = Vec::new();
    for n in 0.. {
        let Some(chunk) = files.get(&format!("search/docs/{n}.json")) else {
            break;
        };
        for d in chunk["docs"].as_array().expect("docs") {
            texts.push(d[3].as_str().expect("text").to_lowercase());
        }
    }
    assert_eq!(texts.len() as u64, meta["docs"].as_u64().expect("docs"));
    let mut checked = 0;
    for (path, shard) in files.iter().filter(|(p, _)| p.starts_with("search/terms/")) {
        for (term, gaps) in shard.as_object().expect("terms") {
            let mut sum = 0;
            let postings: Vec<u64> = gaps
                .as_array()
                .expect("list")
                .iter()
                .map(|g| {
                    sum += g.as_u64().expect("gap");
                    sum
                })
                .collect();
            assert!(postings.windows(2).all(|w| w[0] < w[1]), "{path}: {term}");
            let key = path.trim_start_matches("search/terms/").trim_end_matches(".json");
            // Split shards hold their three-character terms in shards of
            // their own; what stays in a split shard is two characters long.
            if split.contains(&key) {
                assert!(term.chars().count() <= 2, "{term} in {path}");
            }
            if checked < 40 {
                let docs: Vec<usize> = postings.iter().map(|p| (p / 2) as usize).collect();
                let holding: Vec<usize> = texts
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.split(|c: char| !c.is_alphanumeric()).any(|w| w == term))
                    .map(|(i, _)| i)
                    .collect();
                assert_eq!(docs, holding, "{term}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 40);
}
