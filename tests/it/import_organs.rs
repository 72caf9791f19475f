//! Resolutions of the Security Council, the Economic and Social Council and
//! the Human Rights Council, imported from fixtures written in the layout
//! of their published texts: exact paragraphs, footnote placement and front
//! matter.

use crate::support::*;
use plenary::model::Resolution;
use plenary::organ::Organ;
use std::path::Path;

/// What a fixture must give: every paragraph's text with the labels of
/// its footnotes, and the footnotes' texts.
struct Expected {
    fixture: &'static str,
    symbol: &'static str,
    title: &'static str,
    organ: Organ,
    adopted: &'static str,
    meeting: &'static str,
    formula: &'static str,
    preamble: &'static [(&'static str, &'static [&'static str])],
    operative: &'static [(&'static str, &'static [&'static str])],
    footnotes: &'static [&'static str],
}

/// Imports `tests/fixtures/import/NAME.txt` without warnings and reads the
/// content back as the build does.
fn imported(name: &str) -> (Resolution, String) {
    let path = fixture(&format!("import/{name}.txt"));
    let bytes = std::fs::read(&path).expect("fixture");
    let imported = plenary::import::import(Path::new(name), bytes).unwrap_or_else(|d| panic!("{name}:\n{d}"));
    assert!(imported.warnings.is_empty(), "{name}:\n{}", imported.warnings);
    let file = plenary::content::SourceFile::new("x.md", imported.markdown.clone());
    let (res, d) = plenary::content::parse(&file);
    (res.unwrap_or_else(|| panic!("{name}: {d}")), imported.markdown)
}

fn check(e: &Expected) -> (Resolution, String) {
    let (res, markdown) = imported(e.fixture);
    let meta = &res.meta;
    assert_eq!(meta.symbol.as_str(), e.symbol);
    assert_eq!(meta.title, e.title);
    assert_eq!(meta.organ, Some(e.organ));
    assert!(
        markdown.contains(&format!("\norgan: {}\n", e.organ.name())),
        "{markdown}"
    );
    assert_eq!(meta.adopted.map(|d| d.to_string()).as_deref(), Some(e.adopted));
    assert_eq!(meta.meeting.as_deref(), Some(e.meeting));
    assert!(
        res.formula.as_deref().is_some_and(|f| f.contains(e.formula)),
        "{:?}",
        res.formula
    );
    let texts = |ps: &[plenary::model::Paragraph]| -> Vec<(String, Vec<String>)> {
        ps.iter()
            .map(|p| (p.text.clone(), p.footnotes.iter().map(|l| l.0.clone()).collect()))
            .collect()
    };
    let want = |ps: &[(&str, &[&str])]| -> Vec<(String, Vec<String>)> {
        ps.iter()
            .map(|(t, n)| (t.to_string(), n.iter().map(|s| s.to_string()).collect()))
            .collect()
    };
    assert_eq!(texts(&res.preamble), want(e.preamble));
    assert_eq!(texts(&res.operative), want(e.operative));
    let notes: Vec<&str> = res.footnotes.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(notes, e.footnotes);
    assert!(res.annexes.is_empty());
    (res, markdown)
}

#[test]
fn a_security_council_resolution_imports_with_its_number_as_title() {
    let (_, markdown) = check(&Expected {
        fixture: "security-council",
        symbol: "S/RES/2719(2023)",
        title: "Security Council resolution 2719 (2023)",
        organ: Organ::SecurityCouncil,
        adopted: "2023-12-21",
        meeting: "9518th meeting",
        formula: "The Security Council,",
        preamble: &[
            (
                "Recalling its resolutions 2320 (2016) and 2378 (2017) and the statements of its President on cooperation between the United Nations and regional and subregional organizations,",
                &[],
            ),
            (
                "Reaffirming its primary responsibility for the maintenance of international peace and security under the Charter of the United Nations,",
                &[],
            ),
            (
                "Taking note of the report of the Secretary-General on the financing of African Union-led peace support operations,",
                &["1"],
            ),
            (
                "Recognizing the need to enhance the predictability, sustainability and flexibility of financing for peace support operations authorized by the Council,",
                &[],
            ),
        ],
        operative: &[
            (
                "Decides that African Union-led peace support operations may be financed from assessed contributions on a case-by-case basis, in accordance with the principles set out in the joint road map of the two organizations;",
                &["2"],
            ),
            (
                "Requests the Secretary-General and the Chairperson of the African Union Commission to report jointly to the Council on the progress made in the implementation of this resolution;",
                &[],
            ),
            (
                "Emphasizes that the African Union shall ensure compliance with international humanitarian law and international human rights law, as applicable, in all such operations;",
                &[],
            ),
            ("Decides to remain seized of the matter.", &[]),
        ],
        footnotes: &["S/2023/303.", "See S/2023/1000, annex."],
    });
    // No committee, report or agenda item: the Council has none of them.
    assert!(!markdown.contains("committee:") && !markdown.contains("agenda_item:"));
}

#[test]
fn an_economic_and_social_council_resolution_imports_with_its_recommending_body() {
    let (res, _) = check(&Expected {
        fixture: "economic-and-social-council",
        symbol: "E/RES/2023/4",
        title: "Science, technology and innovation for development",
        organ: Organ::EconomicAndSocialCouncil,
        adopted: "2023-07-25",
        meeting: "36th plenary meeting",
        formula: "The Economic and Social Council,",
        preamble: &[
            (
                "Recalling General Assembly resolution 70/1 of 25 September 2015, entitled “Transforming our world: the 2030 Agenda for Sustainable Development”,",
                &[],
            ),
            (
                "Recalling also its resolution 2022/15 of 22 July 2022 on science, technology and innovation for development,",
                &[],
            ),
            (
                "Taking note with appreciation of the report of the Secretary-General on progress made in the implementation of and follow-up to the outcomes of the World Summit on the Information Society at the regional and international levels,",
                &["1"],
            ),
        ],
        operative: &[
            // Rejoined across the page break, the running title left out.
            (
                "Encourages Member States to strengthen national science, technology and innovation policies, including through the exchange of good practices among developing countries, as recommended by the Commission at its twenty-sixth session;",
                &["2"],
            ),
            (
                "Requests the Secretary-General to submit to the Commission at its twenty-seventh session a report on the implementation of the present resolution.",
                &[],
            ),
        ],
        footnotes: &[
            "A/78/62-E/2023/49.",
            "See Official Records of the Economic and Social Council, 2023, Supplement No. 11 (E/2023/31).",
        ],
    });
    assert_eq!(
        res.meta.committee.as_deref(),
        Some("Commission on Science and Technology for Development")
    );
    assert_eq!(res.meta.report.as_deref(), Some("E/2023/31"));
    assert_eq!(res.meta.agenda_item.as_deref(), Some("18 (b)"));
    assert_eq!(res.meta.session, None);
}

#[test]
fn a_human_rights_council_resolution_imports_with_its_vote() {
    let (res, _) = check(&Expected {
        fixture: "human-rights-council",
        symbol: "A/HRC/RES/52/8",
        title: "Rights of the child: realizing the rights of the child and family reunification",
        organ: Organ::HumanRightsCouncil,
        adopted: "2023-04-03",
        meeting: "50th meeting",
        formula: "The Human Rights Council,",
        preamble: &[
            (
                "Guided by the purposes and principles of the Charter of the United Nations,",
                &[],
            ),
            (
                "Reaffirming the Convention on the Rights of the Child, and recalling all previous resolutions on the rights of the child adopted by the Council, the Commission on Human Rights and the General Assembly,",
                &["1"],
            ),
        ],
        operative: &[
            (
                "Calls upon States to ensure that applications by a child or his or her parents to enter or leave a State for the purpose of family reunification are dealt with in a positive, humane and expeditious manner;",
                &["2"],
            ),
            (
                "Decides to continue its consideration of the question of the rights of the child in accordance with its programme of work.",
                &[],
            ),
        ],
        footnotes: &[
            "United Nations, Treaty Series, vol. 1577, No. 27531.",
            "See Convention on the Rights of the Child, art. 10.",
        ],
    });
    assert_eq!(res.meta.agenda_item.as_deref(), Some("3"));
    assert_eq!(res.meta.session, None);
    let vote = res.meta.extra["vote"].as_str().expect("vote");
    assert!(
        vote.starts_with("Adopted by a recorded vote of 33 to 0, with 14 abstentions."),
        "{vote}"
    );
    assert!(vote.ends_with("Abstaining: Algeria, Bangladesh, China, Cuba, Eritrea, Kazakhstan, Kyrgyzstan, Malaysia, Maldives, Pakistan, Qatar, Somalia, Sudan, Viet Nam"), "{vote}");
}

#[test]
fn a_security_council_text_without_its_number_line_is_refused_with_the_line() {
    let text = std::fs::read_to_string(fixture("import/security-council.txt"))
        .expect("fixture")
        .replace("Resolution 2719 (2023)\n", "\n");
    let e = plenary::import::import(Path::new("sc.txt"), text.into_bytes()).expect_err("no number line");
    assert_eq!(
        e.to_string(),
        "error: no line such as \"Resolution 2719 (2023)\" above \"The Security Council,\"\n  --> sc.txt:16:1\n  = help: a Security Council resolution names its number and year on a line of its own before the formula\n\nerror: build failed with 1 error\n"
    );
}

#[test]
fn the_organ_is_read_from_front_matter_or_inferred_from_the_symbol() {
    let parse = |yaml: &str| {
        let file =
            plenary::content::SourceFile::new("x.md", format!("---\n{yaml}---\n\nThe Council,\n\n1. Decides.\n"));
        plenary::content::parse(&file)
    };
    let (res, _) = parse("symbol: S/RES/1373 (2001)\ntitle: T\n");
    assert_eq!(res.expect("parses").meta.organ, Some(Organ::SecurityCouncil));
    let (res, _) = parse("symbol: A/65/457\ntitle: T\norgan: economic and social council\n");
    assert_eq!(res.expect("parses").meta.organ, Some(Organ::EconomicAndSocialCouncil));
    let (res, d) = parse("symbol: A/RES/1/1\ntitle: T\norgan: Trusteeship Council\n");
    assert!(res.is_none());
    let message = d.to_string();
    assert!(
        message.contains("`Trusteeship Council` is not an organ Plenary knows"),
        "{message}"
    );
    assert!(message.contains("x.md:4:"), "{message}");
}

#[test]
fn each_organ_has_its_discovery_page_and_resolution_pages_link_it() {
    let root = tempfile::tempdir().expect("tmp");
    let r = root.path().to_str().expect("utf-8");
    let mut args = vec!["--root", r, "import"];
    let files: Vec<String> = [
        "security-council",
        "economic-and-social-council",
        "human-rights-council",
        "carried-footnote",
    ]
    .iter()
    .map(|n| fixture(&format!("import/{n}.txt")).display().to_string())
    .collect();
    args.extend(files.iter().map(String::as_str));
    let o = plenary(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = build(root.path());
    let site = site(&out);
    let listed = |page: &str| -> Vec<String> {
        html(&site, page)
            .select(&sel("main a[href]"))
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .filter(|h| h.contains("/RES/"))
            .collect()
    };
    assert_eq!(
        listed("organs/security-council/index.html"),
        ["../../S/RES/2719(2023)/"]
    );
    assert_eq!(
        listed("organs/human-rights-council/index.html"),
        ["../../A/HRC/RES/52/8/"]
    );
    assert_eq!(
        listed("organs/economic-and-social-council/index.html"),
        ["../../E/RES/2023/4/"]
    );
    assert_eq!(listed("organs/general-assembly/index.html"), ["../../A/RES/99/1/"]);
    let page = html(&site, "S/RES/2719(2023)/index.html");
    let organ: Vec<(String, Option<&str>)> = page
        .select(&sel(".res-meta a"))
        .map(|a| (a.text().collect(), a.value().attr("href")))
        .collect();
    assert_eq!(
        organ,
        [(
            "Security Council".to_string(),
            Some("../../../organs/security-council/")
        )]
    );
}
