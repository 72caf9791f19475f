//! `akn.xml` beside every resolution page: the resolution in Akoma Ntoso
//! (the OASIS LegalDocML vocabulary, following the AKN4UN naming of UN
//! documents), so that its text can flow into document systems. One
//! element per paragraph; each footnote is an `authorialNote` in the
//! paragraph that first references it (later references are `noteRef`s).

use super::xml::{Result, Xml, close, element, empty, open, text};
use crate::model::{ParaKind, Paragraph, Resolution};
use std::collections::BTreeSet;

const NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// The Akoma Ntoso document of one resolution.
pub fn resolution(res: &Resolution) -> Vec<u8> {
    // Not indented: paragraphs are mixed content (text and notes), where
    // added white space would become part of the text.
    let mut w = super::xml::writer(false);
    // Writing into memory cannot fail.
    let _ = document(&mut w, res);
    super::xml::finish(w)
}

fn document(w: &mut Xml, res: &Resolution) -> Result {
    open(w, "akomaNtoso", &[("xmlns", NAMESPACE)])?;
    open(w, "statement", &[("name", "resolution")])?;
    meta(w, res)?;
    open(w, "preface", &[])?;
    element(w, "p", &[("class", "docNumber")], res.symbol().as_str())?;
    element(w, "p", &[("class", "docTitle")], &res.meta.title)?;
    close(w, "preface")?;
    let mut noted = BTreeSet::new();
    open(w, "preamble", &[])?;
    if let Some(formula) = &res.formula {
        open(w, "formula", &[("name", "enactingFormula")])?;
        let text: String = scraper::Html::parse_fragment(formula).root_element().text().collect();
        element(w, "p", &[], text.trim())?;
        close(w, "formula")?;
    }
    for p in &res.preamble {
        paragraph(w, res, p, &mut noted)?;
    }
    close(w, "preamble")?;
    open(w, "mainBody", &[])?;
    for p in &res.operative {
        paragraph(w, res, p, &mut noted)?;
    }
    close(w, "mainBody")?;
    if !res.annexes.is_empty() {
        open(w, "attachments", &[])?;
        for annex in &res.annexes {
            let id = format!("annex{}", annex.number);
            open(w, "attachment", &[("eId", &id)])?;
            open(w, "doc", &[("name", "annex")])?;
            open(w, "preface", &[])?;
            element(w, "p", &[("class", "docTitle")], &annex.heading)?;
            close(w, "preface")?;
            open(w, "mainBody", &[])?;
            for p in &annex.paragraphs {
                paragraph(w, res, p, &mut noted)?;
            }
            close(w, "mainBody")?;
            close(w, "doc")?;
            close(w, "attachment")?;
        }
        close(w, "attachments")?;
    }
    close(w, "statement")?;
    close(w, "akomaNtoso")
}

/// FRBR identification: work, expression (English), manifestation (this file).
fn meta(w: &mut Xml, res: &Resolution) -> Result {
    let symbol = res.symbol().as_str();
    let date = res.meta.adopted.map(|d| d.format("%Y-%m-%d").to_string());
    let date = date.as_deref().unwrap_or("9999-01-01");
    let work = format!(
        "/akn/un/statement/resolution/{}",
        symbol.replace('/', "-").to_lowercase()
    );
    let expression = format!("{work}/eng@{date}");
    open(w, "meta", &[])?;
    open(w, "identification", &[("source", "#plenary")])?;
    for (level, this, uri) in [
        ("FRBRWork", format!("{work}/!main"), work.clone()),
        ("FRBRExpression", format!("{expression}/!main"), expression.clone()),
        (
            "FRBRManifestation",
            format!("{expression}/!main.xml"),
            format!("{expression}.xml"),
        ),
    ] {
        open(w, level, &[])?;
        empty(w, "FRBRthis", &[("value", &this)])?;
        empty(w, "FRBRuri", &[("value", &uri)])?;
        empty(w, "FRBRdate", &[("date", date), ("name", "adoption")])?;
        empty(w, "FRBRauthor", &[("href", "#unga")])?;
        match level {
            "FRBRWork" => {
                empty(w, "FRBRcountry", &[("value", "un")])?;
                empty(w, "FRBRnumber", &[("value", symbol)])?;
                empty(w, "FRBRname", &[("value", &res.meta.title)])?;
            }
            "FRBRExpression" => empty(w, "FRBRlanguage", &[("language", "eng")])?,
            _ => {}
        }
        close(w, level)?;
    }
    close(w, "identification")?;
    open(w, "references", &[("source", "#plenary")])?;
    empty(
        w,
        "TLCOrganization",
        &[
            ("eId", "unga"),
            ("href", "/akn/ontology/organization/un/generalAssembly"),
            ("showAs", "General Assembly"),
        ],
    )?;
    empty(
        w,
        "TLCOrganization",
        &[
            ("eId", "plenary"),
            ("href", "/akn/ontology/organization/plenary"),
            ("showAs", "Plenary"),
        ],
    )?;
    close(w, "references")?;
    close(w, "meta")
}

/// One paragraph: a `container` in the preamble, a `paragraph` elsewhere.
fn paragraph(w: &mut Xml, res: &Resolution, p: &Paragraph, noted: &mut BTreeSet<String>) -> Result {
    let eid = p.id.to_string();
    let tag = if p.id.kind == ParaKind::Preambular {
        "container"
    } else {
        "paragraph"
    };
    let name = match p.id.kind {
        ParaKind::Preambular => "preambularParagraph",
        _ => "operativeParagraph",
    };
    open(w, tag, &[("eId", &eid), ("name", name)])?;
    if p.id.kind != ParaKind::Preambular && !res.meta.operative_unnumbered {
        element(w, "num", &[], &format!("{}.", p.id.number))?;
    }
    if tag == "paragraph" {
        open(w, "content", &[])?;
    }
    open(w, "p", &[])?;
    text(w, &p.text)?;
    for label in &p.footnotes {
        let id = format!("fn{}", label.0.as_str());
        if !noted.insert(id.clone()) {
            empty(
                w,
                "noteRef",
                &[("href", &format!("#{id}")), ("marker", label.0.as_str())],
            )?;
            continue;
        }
        let Some(note) = res.footnote(label) else { continue };
        open(
            w,
            "authorialNote",
            &[("eId", &id), ("marker", label.0.as_str()), ("placement", "bottom")],
        )?;
        element(w, "p", &[], &note.text)?;
        close(w, "authorialNote")?;
    }
    close(w, "p")?;
    if tag == "paragraph" {
        close(w, "content")?;
    }
    close(w, tag)
}
