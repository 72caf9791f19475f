//! Typed template contexts: what each template can use, built from the model.

use crate::config::Config;
use crate::content::Collection;
use crate::content::html::id_slug;
use crate::crossref::{Backlink, Graph, Related};
use crate::model::{Paragraph, Resolution};
use crate::symbol::{Session, Symbol};
use serde::Serialize;
use std::collections::BTreeMap;

/// The site as every template sees it.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    /// Relative path from the current page to the site root (`../../`).
    pub root: String,
    /// Absolute URL of the current page, for canonical links.
    pub canonical: String,
    pub generator: &'static str,
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a Config, path: &str) -> Self {
        let dir = path.strip_suffix("index.html").unwrap_or(path);
        SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            // The 404 page is served at any depth, so its links are absolute.
            root: if path == "404.html" {
                config.base_url.clone()
            } else {
                root_for(path)
            },
            canonical: format!("{}{}", config.base_url, dir),
            generator: concat!("Plenary ", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// `../` once per folder between `path` and the root.
pub fn root_for(path: &str) -> String {
    match path.matches('/').count() {
        0 => "./".to_string(),
        n => "../".repeat(n),
    }
}

/// A resolution's metadata and links.
#[derive(Serialize)]
pub struct ResView<'a> {
    pub symbol: &'a str,
    pub short: &'a str,
    pub title: &'a str,
    pub adopted: Option<String>,
    pub adopted_long: Option<String>,
    pub meeting: Option<&'a str>,
    pub committee: Option<&'a str>,
    pub report: Option<&'a str>,
    pub agenda_item: Option<&'a str>,
    pub session: Option<String>,
    pub tags: &'a [String],
    /// "Security Council", given or inferred from the symbol (CONTRACT §1).
    pub organ: Option<&'static str>,
    /// Its discovery page, `organs/security-council/`, from the site root.
    pub organ_url: Option<String>,
    pub extra: &'a BTreeMap<String, serde_json::Value>,
    pub url: String,
    pub json_url: String,
    pub official_url: String,
    pub formula: Option<&'a str>,
    pub footnotes: Vec<FootnoteView<'a>>,
    pub annexes: Vec<AnnexView<'a>>,
    pub paragraph_count: usize,
}

#[derive(Serialize)]
pub struct AnnexView<'a> {
    pub number: u32,
    pub heading: &'a str,
    pub first: Option<String>,
}

impl<'a> ResView<'a> {
    /// The resolution with its metadata only: what a page about one of its
    /// paragraphs needs (footnotes and annexes left empty).
    pub fn summary(res: &'a Resolution, root: &str) -> Self {
        let mut v = Self::new_with(res, root, false);
        v.paragraph_count = res.paragraph_count();
        v
    }

    pub fn new(res: &'a Resolution, root: &str) -> Self {
        Self::new_with(res, root, true)
    }

    fn new_with(res: &'a Resolution, root: &str, full: bool) -> Self {
        let m = &res.meta;
        let url = format!("{root}{}", res.symbol().url_path());
        ResView {
            symbol: res.symbol().as_str(),
            short: res.symbol().short(),
            title: &m.title,
            adopted: m.adopted.map(|d| d.format("%Y-%m-%d").to_string()),
            adopted_long: m.adopted.map(|d| d.format("%-d %B %Y").to_string()),
            meeting: m.meeting.as_deref(),
            committee: m.committee.as_deref(),
            report: m.report.as_deref(),
            agenda_item: m.agenda_item.as_deref(),
            session: m.session.clone().or_else(|| res.symbol().session().map(|s| s.label())),
            tags: &m.tags,
            organ: m.organ.map(|o| o.name()),
            organ_url: m
                .organ
                .map(|o| format!("{root}{}/{}/", super::listings::Facet::Organ.dir(), o.slug())),
            extra: &m.extra,
            json_url: format!("{url}index.json"),
            official_url: format!("https://undocs.org/{}", res.symbol()),
            url,
            formula: res.formula.as_deref(),
            footnotes: if full {
                res.footnotes.iter().map(FootnoteView::new).collect()
            } else {
                Vec::new()
            },
            annexes: res
                .annexes
                .iter()
                .filter(|_| full)
                .map(|a| AnnexView {
                    number: a.number,
                    heading: &a.heading,
                    first: a.paragraphs.first().map(|p| p.id.to_string()),
                })
                .collect(),
            paragraph_count: res.paragraph_count(),
        }
    }
}

#[derive(Serialize)]
pub struct FootnoteView<'a> {
    pub label: &'a str,
    /// Id-safe form of the label, for `id="fn-…"`.
    pub slug: String,
    pub html: &'a str,
    pub text: &'a str,
}

impl<'a> FootnoteView<'a> {
    fn new(f: &'a crate::model::Footnote) -> Self {
        FootnoteView {
            label: &f.label.0,
            slug: id_slug(&f.label.0),
            html: &f.html,
            text: &f.text,
        }
    }
}

/// A paragraph as templates see it.
#[derive(Serialize)]
pub struct ParaView<'a> {
    pub id: String,
    pub label: String,
    pub kind: crate::model::ParaKind,
    pub number: u32,
    pub annex: Option<u32>,
    /// Whether the number is printed (not for an unnumbered sole operative paragraph).
    pub show_number: bool,
    pub html: std::borrow::Cow<'a, str>,
    pub text: &'a str,
    /// The first 200 characters of the text, for descriptions.
    pub summary: String,
    pub headings: &'a [String],
    pub url: String,
    pub footnotes: Vec<FootnoteView<'a>>,
    /// How to cite it: `A/RES/65/232, para. 14`.
    pub citation: String,
    /// Its opening words ("Recalling also", "Urges"), for tables of contents.
    pub lead: String,
}

/// schema.org metadata of a resolution (or of one of its paragraphs, as a
/// part of it) as JSON-LD, safe inside a `<script>` element: `<` is
/// written as `\u003c`, so no text can close the element.
pub fn legislation(res: &Resolution, url: &str, part: Option<&Paragraph>) -> String {
    #[derive(Serialize)]
    struct Ld<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@type")]
        kind: &'static str,
        name: std::borrow::Cow<'a, str>,
        #[serde(rename = "legislationIdentifier")]
        identifier: &'a str,
        url: &'a str,
        #[serde(rename = "inLanguage")]
        language: &'static str,
        #[serde(rename = "legislationDate", skip_serializing_if = "Option::is_none")]
        date: Option<String>,
        #[serde(rename = "legislationPassedBy")]
        passed_by: Org,
        #[serde(rename = "isPartOf", skip_serializing_if = "Option::is_none")]
        part_of: Option<Part<'a>>,
    }
    #[derive(Serialize)]
    struct Org {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'static str,
    }
    #[derive(Serialize)]
    struct Part<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "legislationIdentifier")]
        identifier: &'a str,
        name: &'a str,
    }
    let symbol = res.symbol().as_str();
    let ld = Ld {
        context: "https://schema.org",
        kind: "Legislation",
        name: match part {
            Some(p) => citation(res, p).into(),
            None => res.meta.title.as_str().into(),
        },
        identifier: symbol,
        url,
        language: "en",
        date: res.meta.adopted.map(|d| d.format("%Y-%m-%d").to_string()),
        passed_by: Org {
            kind: "Organization",
            name: "United Nations General Assembly",
        },
        part_of: part.map(|_| Part {
            kind: "Legislation",
            identifier: symbol,
            name: &res.meta.title,
        }),
    };
    serde_json::to_string(&ld).unwrap_or_default().replace('<', "\\u003c")
}

/// A neighbouring paragraph, as a pager links it.
#[derive(Serialize)]
pub struct NavView {
    pub id: String,
    pub label: String,
    pub url: String,
    /// Its opening words.
    pub lead: String,
}

impl NavView {
    pub fn new(res: &Resolution, p: &Paragraph, root: &str) -> Self {
        NavView {
            id: p.id.to_string(),
            label: p.id.label(),
            url: format!("{root}{}{}/", res.symbol().url_path(), p.id),
            lead: crate::crossref::lead(&p.text),
        }
    }
}

/// The customary citation of a paragraph: operative paragraphs by number
/// ("para. 14"), preambular ones as such, annex paragraphs with the annex.
pub fn citation(res: &Resolution, p: &Paragraph) -> String {
    let para = match p.id.kind {
        crate::model::ParaKind::Operative if res.meta.operative_unnumbered && p.id.annex.is_none() => {
            String::from("operative para.")
        }
        crate::model::ParaKind::Operative => format!("para. {}", p.id.number),
        crate::model::ParaKind::Preambular => format!("preambular para. {}", p.id.number),
    };
    match (p.id.annex, res.annexes.len()) {
        (Some(_), 1) => format!("{}, annex, {para}", res.symbol()),
        (Some(n), _) => format!("{}, annex {}, {para}", res.symbol(), crate::roman::write(n)),
        (None, _) => format!("{}, {para}", res.symbol()),
    }
}

impl<'a> ParaView<'a> {
    /// The paragraph with hover previews of its citations into `collection`.
    pub fn with_previews(res: &'a Resolution, p: &'a Paragraph, root: &str, collection: &Collection) -> Self {
        let mut v = ParaView::new(res, p, root);
        v.html = std::borrow::Cow::Owned(super::preview::add(&p.html, &p.id.to_string(), collection));
        v
    }

    pub fn new(res: &'a Resolution, p: &'a Paragraph, root: &str) -> Self {
        ParaView {
            id: p.id.to_string(),
            label: p.id.label(),
            kind: p.id.kind,
            number: p.id.number,
            annex: p.id.annex,
            show_number: !(res.meta.operative_unnumbered && p.id.annex.is_none()),
            html: std::borrow::Cow::Borrowed(&p.html),
            text: &p.text,
            summary: summary(&p.text, 200),
            headings: &p.headings,
            url: format!("{root}{}{}/", res.symbol().url_path(), p.id),
            footnotes: p
                .footnotes
                .iter()
                .filter_map(|l| res.footnote(l))
                .map(FootnoteView::new)
                .collect(),
            citation: citation(res, p),
            lead: crate::crossref::lead(&p.text),
        }
    }
}

/// One session's resolutions on the home page.
#[derive(Serialize)]
pub struct SessionView<'a> {
    pub label: String,
    pub resolutions: Vec<ResView<'a>>,
}

/// Resolutions grouped by session, newest session first; within a session
/// the newest adopted (then highest numbered) first.
pub fn sessions<'a>(collection: &'a Collection, root: &str) -> Vec<SessionView<'a>> {
    let mut groups: BTreeMap<Option<Session>, Vec<&'a Resolution>> = BTreeMap::new();
    for res in collection.values() {
        groups.entry(res.symbol().session()).or_default().push(res);
    }
    groups
        .into_iter()
        .rev()
        .map(|(session, mut list)| {
            list.sort_by(|a, b| (b.meta.adopted, b.symbol()).cmp(&(a.meta.adopted, a.symbol())));
            SessionView {
                label: session.map_or_else(|| "Other documents".to_string(), |s| session_label(&s)),
                resolutions: list.into_iter().map(|r| ResView::summary(r, root)).collect(),
            }
        })
        .collect()
}

/// The `n` most recently adopted resolutions, newest first.
pub fn recent<'a>(collection: &'a Collection, root: &str, n: usize) -> Vec<ResView<'a>> {
    let mut dated: Vec<&Resolution> = collection
        .values()
        .filter(|r| r.meta.adopted.is_some())
        .map(|r| &**r)
        .collect();
    dated.sort_by(|a, b| (b.meta.adopted, b.symbol()).cmp(&(a.meta.adopted, a.symbol())));
    dated.into_iter().take(n).map(|r| ResView::summary(r, root)).collect()
}

/// One facet on the browse page: its discovery pages with their sizes.
#[derive(Serialize)]
pub struct FacetView {
    pub heading: &'static str,
    pub entries: Vec<FacetEntry>,
}

#[derive(Serialize)]
pub struct FacetEntry {
    pub label: String,
    pub url: String,
    pub count: usize,
}

/// Every facet with its pages, in facet order, values in natural order.
pub fn facets(all: &super::listings::Listings<'_>, root: &str) -> Vec<FacetView> {
    super::listings::Facet::ALL
        .iter()
        .map(|facet| FacetView {
            heading: facet.heading(),
            entries: all
                .iter()
                .filter(|((f, _), _)| f == facet)
                .map(|((f, slug), l)| FacetEntry {
                    label: l.value.clone(),
                    url: format!("{root}{}/{slug}/", f.dir()),
                    count: l.resolutions.len(),
                })
                .collect(),
        })
        .filter(|f| !f.entries.is_empty())
        .collect()
}

fn session_label(s: &Session) -> String {
    match s {
        Session::Regular(n) => format!("Session {n}"),
        Session::Special(n) => format!("Special session {n}"),
        Session::EmergencySpecial(n) => format!("Emergency special session {n}"),
    }
}

/// A citing paragraph, as a "cited by" list shows it.
#[derive(Serialize)]
pub struct BacklinkView<'a> {
    pub symbol: &'a str,
    pub title: Option<&'a str>,
    pub para: String,
    pub url: String,
    pub lead: &'a str,
    /// The paragraph cited, when a paragraph is named ("OP 3").
    pub target: Option<String>,
}

/// The list of paragraphs citing something, in order.
pub fn backlinks<'a>(collection: &'a Collection, links: &[&'a Backlink], root: &str) -> Vec<BacklinkView<'a>> {
    links
        .iter()
        .map(|b| BacklinkView {
            symbol: b.from.as_str(),
            title: collection.get(&b.from).map(|r| r.meta.title.as_str()),
            para: b.para.label(),
            url: format!("{root}{}{}/", b.from.url_path(), b.para),
            lead: &b.lead,
            target: b.target_para.map(|p| p.label()),
        })
        .collect()
}

/// A related resolution with why it is related.
#[derive(Serialize)]
pub struct RelatedView<'a> {
    pub symbol: &'a str,
    pub title: &'a str,
    pub url: String,
    pub reasons: String,
}

pub fn related<'a>(collection: &'a Collection, list: &'a [Related], root: &str) -> Vec<RelatedView<'a>> {
    list.iter()
        .filter_map(|r| {
            let res = collection.get(&r.symbol)?;
            Some(RelatedView {
                symbol: r.symbol.as_str(),
                title: &res.meta.title,
                url: format!("{root}{}", r.symbol.url_path()),
                reasons: r.reasons.join(", "),
            })
        })
        .collect()
}

/// A cited document on the citations index.
#[derive(Serialize)]
pub struct CitedView<'a> {
    pub symbol: &'a str,
    pub title: Option<&'a str>,
    pub url: String,
    /// Citing paragraphs and citing resolutions.
    pub paragraphs: usize,
    pub resolutions: usize,
}

/// Every cited document, most cited first.
pub fn cited<'a>(collection: &'a Collection, graph: &'a Graph, root: &str) -> Vec<CitedView<'a>> {
    let mut list: Vec<CitedView<'a>> = graph
        .cited_by
        .iter()
        .map(|(sym, links)| {
            let outside: Vec<&Backlink> = links.iter().filter(|b| &b.from != sym).collect();
            let resolutions: std::collections::BTreeSet<&Symbol> = outside.iter().map(|b| &b.from).collect();
            CitedView {
                symbol: sym.as_str(),
                title: collection.get(sym).map(|r| r.meta.title.as_str()),
                url: format!("{root}{}", sym.url_path()),
                paragraphs: outside.len(),
                resolutions: resolutions.len(),
            }
        })
        .filter(|c| c.paragraphs > 0)
        .collect();
    list.sort_by_key(|c| std::cmp::Reverse((c.paragraphs, c.resolutions)));
    list
}

/// At most `max` characters, cut at a word, with an ellipsis when cut.
pub fn summary(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}
