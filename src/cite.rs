//! The citation recogniser: finds in a text every reference to another
//! document (resolutions, decisions, documents by symbol) or to a paragraph
//! of the same resolution, with its canonical symbol and exact span.
//!
//! The issuing body comes from the words before the number ("Economic and
//! Social Council resolution 2007/12", "the Commission ... in its resolution
//! 18/1"), not from the number's shape; a reference whose body is not
//! certain is left out (and reported by [`uncertain`]).

use crate::symbol::Symbol;
use regex::Regex;
use std::sync::LazyLock;

/// What a citation points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Target {
    /// A document: a resolution, decision, report, meeting record ...
    Doc(Symbol),
    /// An operative paragraph of another resolution: "paragraph 3 of resolution 80/11".
    Para(Symbol, u32),
    /// An operative paragraph of the same resolution: "paragraph 36 above".
    Internal(u32),
}

impl Target {
    /// The document the target lives in, if another one.
    pub fn symbol(&self) -> Option<&Symbol> {
        match self {
            Target::Doc(s) | Target::Para(s, _) => Some(s),
            Target::Internal(_) => None,
        }
    }
}

/// A citation found in a text: the byte span to link and what it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub targets: Vec<Target>,
}

/// A reference seen but not linked, because its issuing body is unsure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsure {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Who adopted a resolution or decision, as the context says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    Assembly,
    Ecosoc,
    SecurityCouncil,
    HumanRights,
    /// A body whose documents have no symbol of their own here.
    Other,
    /// No body named: in a General Assembly text, the Assembly.
    Unnamed,
}

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("bad built-in pattern {s}: {e}"))
}

/// One item of a list of resolutions: `46/152`, `S-10/2`, `49/75 E`,
/// `1145 (XII)`, `1373 (2001)`, `36/87 A and B`.
const ITEM: &str = r"(?:(?:ES|S)-\d{1,2}/\d{1,4}|\d{1,4}/\d{1,4}|\d{1,4}\s?\((?:[IVXL]{1,7}|\d{4})\))(?:\s[A-H](?:\s(?:and|to)\s[A-H])?\b)?";
const DATE: &str = r"(?:\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})?";

static KEYWORD: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\b(?i:(resolutions?|decisions?))\s+({ITEM})")));
static NEXT_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^{DATE}(?:,\s*(?:and\s+)?|\s+and\s+)({ITEM})(?:\s|,|;|\.|\)|$)"
    ))
});
static ITEM_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?<special>(?:ES|S)-\d{1,2})/(?<sn>\d{1,4})|(?<sess>\d{1,4})/(?<num>\d{1,4})|(?<old>\d{1,4})\s?\((?<paren>[IVXL]{1,7}|\d{4})\))(?:\s(?<l1>[A-H])(?:\s(?<join>and|to)\s(?<l2>[A-H]))?)?$",
    )
});
static PARA_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?i:paragraph)\s+(\d{1,3})(?:\s?\([a-z]{1,4}\))?\s+of\s+(?:its\s+|the\s+|General Assembly\s+)?$")
});
static INTERNAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?i:paragraphs?)\s+(\d{1,3}(?:\s?\([a-z]{1,4}\))?(?:(?:,\s*|\s+and\s+|\s+to\s+)\d{1,3}(?:\s?\([a-z]{1,4}\))?)*)\s+(?:above|below|of the present resolution)\b",
    )
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"\d{1,3}"));
static SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b[A-Z][A-Z0-9]{0,9}(?:\.[0-9]{1,4})?(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+"));
static RANGE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:[–-](\d{1,4})|\s+and\s+(\d{1,4})\b)"));

/// Series that start UN document symbols; others need three parts.
const SERIES: &[&str] = &[
    "A", "E", "S", "ST", "TD", "UNEP", "CTOC", "CAC", "FCCC", "NPT", "DP", "ECE", "CEDAW", "CRC", "CCPR", "HRC",
    "CERD", "CAT", "ICCD", "SPLOS", "ISBA", "APLC", "CCW", "BWC", "CD", "UNW", "ICEF", "IDB", "ESCAP", "TRADE", "CRPD",
    "CMW", "UNCTAD", "UNODC",
];

/// Every citation in `text`, in order, none overlapping.
pub fn find(text: &str) -> Vec<Found> {
    // Every citation has a slash or names a paragraph: most text has neither.
    let paragraph = text.contains("aragraph");
    if !paragraph && !text.contains('/') && !text.contains('(') {
        return Vec::new();
    }
    let mut found = resolutions(text).0;
    if paragraph {
        found.extend(internal(text));
    }
    if text.contains('/') {
        found.extend(symbols(text));
    }
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if out.last().is_none_or(|l| f.start >= l.end) {
            out.push(f);
        }
    }
    out
}

/// References to resolutions or decisions left unlinked, for `plenary check`.
pub fn uncertain(text: &str) -> Vec<Unsure> {
    resolutions(text).1
}

/// "its resolutions 46/152 of 18 December 1991, 60/1 ... and 64/237".
fn resolutions(text: &str) -> (Vec<Found>, Vec<Unsure>) {
    let mut found = Vec::new();
    let mut unsure = Vec::new();
    for caps in KEYWORD.captures_iter(text) {
        let (Some(kw), Some(first)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let decision = kw.as_str().to_lowercase().starts_with("decision");
        let body = body_before(&text[..kw.start()]);
        let para_of = PARA_OF.captures(&text[..kw.start()]);
        let mut items = vec![(first.start(), first.end())];
        let mut at = first.end();
        while let Some(c) = NEXT_ITEM.captures(&text[at..]) {
            let Some(m) = c.get(1) else { break };
            items.push((at + m.start(), at + m.end()));
            at += m.end();
        }
        for (n, (s, e)) in items.into_iter().enumerate() {
            let targets: Vec<Target> = symbols_of(&text[s..e], body, decision)
                .into_iter()
                .map(Target::Doc)
                .collect();
            if targets.is_empty() {
                unsure.push(Unsure {
                    start: s,
                    end: e,
                    text: text[kw.start()..e].to_string(),
                });
                continue;
            }
            // "paragraph 3 of resolution 80/11" cites the paragraph.
            let (start, targets) = match (&para_of, n) {
                (Some(p), 0) if !decision => {
                    let number: u32 = p[1].parse().unwrap_or(0);
                    let start = p.get(0).map_or(s, |m| m.start());
                    let t = targets
                        .into_iter()
                        .map(|t| match t {
                            Target::Doc(sym) if number > 0 => Target::Para(sym, number),
                            other => other,
                        })
                        .collect();
                    (start, t)
                }
                _ => (s, targets),
            };
            found.push(Found { start, end: e, targets });
        }
    }
    (found, unsure)
}

/// The symbols one list item stands for, given the issuing body.
fn symbols_of(item: &str, body: Body, decision: bool) -> Vec<Symbol> {
    let item = item.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(c) = ITEM_RE.captures(&item) else {
        return Vec::new();
    };
    let letters: Vec<String> = match (c.name("l1"), c.name("join"), c.name("l2")) {
        (Some(a), Some(j), Some(b)) if j.as_str() == "to" => {
            let (a, b) = (a.as_str().as_bytes()[0], b.as_str().as_bytes()[0]);
            (a..=b).map(|l| (l as char).to_string()).collect()
        }
        (Some(a), _, Some(b)) => vec![a.as_str().to_string(), b.as_str().to_string()],
        (Some(a), _, None) => vec![a.as_str().to_string()],
        _ => vec![String::new()],
    };
    let base = if let (Some(sp), Some(n)) = (c.name("special"), c.name("sn")) {
        // Special and emergency special sessions are the Assembly's.
        match (body, decision) {
            (Body::Assembly | Body::Unnamed, false) => Some(format!("A/RES/{}/{}", sp.as_str(), n.as_str())),
            (Body::Assembly | Body::Unnamed, true) => Some(format!("A/DEC/{}/{}", sp.as_str(), n.as_str())),
            _ => None,
        }
    } else if let (Some(s), Some(n)) = (c.name("sess"), c.name("num")) {
        let session: u32 = s.as_str().parse().unwrap_or(0);
        let year = (1946..=2100).contains(&session);
        let kind = if decision { "DEC" } else { "RES" };
        match body {
            Body::Assembly | Body::Unnamed if !year && (1..=120).contains(&session) => {
                Some(format!("A/{kind}/{session}/{}", n.as_str()))
            }
            Body::Ecosoc if year => Some(format!("E/{kind}/{session}/{}", n.as_str())),
            Body::HumanRights if !year && !decision => Some(format!("A/HRC/RES/{session}/{}", n.as_str())),
            Body::HumanRights if !year => Some(format!("A/HRC/DEC/{session}/{}", n.as_str())),
            _ => None,
        }
    } else if let (Some(num), Some(paren)) = (c.name("old"), c.name("paren")) {
        let year = paren.as_str().chars().all(|ch| ch.is_ascii_digit());
        match (body, year) {
            // "1373 (2001)": the Security Council numbers with the year.
            (Body::SecurityCouncil | Body::Unnamed, true) if !decision => {
                Some(format!("S/RES/{}({})", num.as_str(), paren.as_str()))
            }
            // "1145 (XII)": the Assembly's numbering before 1976.
            (Body::Assembly | Body::Unnamed, false) if !decision => {
                Some(format!("A/RES/{}({})", num.as_str(), paren.as_str()))
            }
            _ => None,
        }
    } else {
        None
    };
    let Some(base) = base else { return Vec::new() };
    letters
        .iter()
        .filter_map(|l| Symbol::parse(&format!("{base}{l}")).ok())
        .collect()
}

/// Names of bodies, the most specific first; matched case-sensitively.
const BODIES: &[(&str, Body)] = &[
    ("Economic and Social Council", Body::Ecosoc),
    ("Security Council", Body::SecurityCouncil),
    ("Human Rights Council", Body::HumanRights),
    ("General Assembly", Body::Assembly),
    ("the Assembly", Body::Assembly),
    ("Assembly", Body::Assembly),
    ("Council", Body::Unnamed),
    ("Commission", Body::Other),
    ("Conference", Body::Other),
    ("Committee", Body::Other),
    ("Board", Body::Other),
    ("Meeting of", Body::Other),
    ("Parties", Body::Other),
    ("Organization", Body::Other),
    ("Agency", Body::Other),
    ("Court", Body::Other),
    ("Forum", Body::Other),
    ("Programme", Body::Other),
    ("Summit", Body::Other),
    ("Union", Body::Other),
];

static BODY_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = BODIES.iter().map(|(n, _)| regex::escape(n)).collect();
    re(&names.join("|"))
});

/// The body named last before a reference, within its clause.
fn body_before(before: &str) -> Body {
    let mut start = before.len().saturating_sub(200);
    while !before.is_char_boundary(start) {
        start += 1;
    }
    let mut window = &before[start..];
    // A clause ends at a semicolon or a sentence's end.
    if let Some(i) = clause_start(window) {
        window = &window[i..];
    }
    // The body named last: "Economic and Social Council resolution"; one
    // pass of one pattern over the clause, longest names first.
    let best: Option<(usize, Body)> = BODY_NAMES.find_iter(window).last().and_then(|m| {
        BODIES
            .iter()
            .find(|(n, _)| *n == m.as_str())
            .map(|(_, b)| (m.end(), *b))
    });
    // A document named before the reference ("CTOC/COP/2010/17, sect. A,
    // resolution 5/5") holds it.
    if let Some(m) = SYMBOL.find_iter(window).last()
        && best.is_none_or(|(e, _)| m.end() > e)
    {
        return Body::Other;
    }
    match best {
        // "World Health Assembly", "Parliamentary Assembly": not the General Assembly.
        Some((end, Body::Assembly)) if other_assembly(&window[..end]) => Body::Other,
        Some((_, b)) => b,
        None => Body::Unnamed,
    }
}

/// Where the last clause of `window` starts: after "; " or after a full stop
/// that is not an abbreviation's ("chap. I", "sect. A", "No. 10").
fn clause_start(window: &str) -> Option<usize> {
    const ABBREVIATIONS: &[&str] = &[
        "chap", "sect", "para", "paras", "no", "nos", "vol", "vols", "p", "pp", "rev", "add", "art", "corr", "suppl",
    ];
    let mut best = window.rfind("; ").map(|i| i + 2);
    let mut from = window.len();
    while let Some(i) = window[..from].rfind(". ") {
        let word = window[..i]
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default();
        if !ABBREVIATIONS.contains(&word.to_lowercase().as_str()) && word.len() > 1 {
            best = best.max(Some(i + 2));
            break;
        }
        from = i;
    }
    best
}

fn other_assembly(upto: &str) -> bool {
    let head = upto.trim_end_matches("Assembly").trim_end();
    let prev = head.rsplit(' ').next().unwrap_or_default();
    !upto.ends_with("General Assembly")
        && !upto.ends_with("the Assembly")
        && prev.starts_with(|c: char| c.is_uppercase())
        && prev != "The"
}

/// "paragraph 36 above", "paragraphs 5 and 6 of the present resolution".
fn internal(text: &str) -> Vec<Found> {
    INTERNAL
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let list = c.get(1)?.as_str();
            let targets: Vec<Target> = NUMBER
                .find_iter(list)
                .filter_map(|n| n.as_str().parse().ok())
                .map(Target::Internal)
                .collect();
            let end = c.get(1)?.end();
            (!targets.is_empty()).then_some(Found {
                start: m.start(),
                end,
                targets,
            })
        })
        .collect()
}

/// Documents by symbol: "A/65/457", "E/CN.15/2010/4", "A/62/PV.117–120".
fn symbols(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for m in SYMBOL.find_iter(text) {
        // Inside a URL or a longer word: not a citation.
        if text[..m.start()].ends_with(['/', '.', '-', '@']) {
            continue;
        }
        let raw = m.as_str().trim_end_matches(['.', '-']);
        let end = m.start() + raw.len();
        let mut targets = Vec::new();
        // Joint symbols: "A/79/552-S/2024/767".
        for part in split_joint(raw) {
            let Ok(sym) = Symbol::parse(part) else { continue };
            let series = part.split('/').next().unwrap_or_default();
            let series = series.split('.').next().unwrap_or_default();
            if !SERIES.contains(&series) && part.split('/').count() < 3 {
                continue;
            }
            targets.push(Target::Doc(sym));
        }
        let mut end_all = end;
        if let Some(Target::Doc(last)) = targets.last().cloned()
            && let Some(extra) = meeting_range(&last, &text[end..])
        {
            end_all = end + extra.0;
            targets.extend(extra.1.into_iter().map(Target::Doc));
        }
        if !targets.is_empty() {
            out.push(Found {
                start: m.start(),
                end: end_all,
                targets,
            });
        }
    }
    out
}

fn split_joint(raw: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = raw.as_bytes();
    for i in 1..raw.len() {
        if bytes[i] == b'-' && bytes[i - 1].is_ascii_digit() {
            let rest = &raw[i + 1..];
            let series: String = rest.chars().take_while(|c| c.is_ascii_uppercase()).collect();
            if !series.is_empty() && rest[series.len()..].starts_with('/') {
                parts.push(&raw[start..i]);
                start = i + 1;
            }
        }
    }
    parts.push(&raw[start..]);
    parts
}

/// "A/62/PV.117–120" and "A/64/PV.116 and 117": every meeting record.
fn meeting_range(last: &Symbol, after: &str) -> Option<(usize, Vec<Symbol>)> {
    let s = last.as_str();
    let (head, tail) = s.rsplit_once('/')?;
    let prefix = ["PV.", "SR."].into_iter().find(|p| tail.starts_with(p))?;
    let from: u32 = tail[prefix.len()..].parse().ok()?;
    let c = RANGE.captures(after)?;
    let m = c.get(0)?;
    let (to, range) = match (c.get(1), c.get(2)) {
        (Some(r), _) => (r.as_str().parse::<u32>().ok()?, true),
        (_, Some(a)) => (a.as_str().parse::<u32>().ok()?, false),
        _ => return None,
    };
    if to <= from || to - from > 100 {
        return None;
    }
    let numbers: Vec<u32> = if range { (from + 1..=to).collect() } else { vec![to] };
    let syms = numbers
        .into_iter()
        .filter_map(|n| Symbol::parse(&format!("{head}/{prefix}{n}")).ok())
        .collect();
    Some((m.end(), syms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cites(text: &str) -> Vec<String> {
        find(text)
            .into_iter()
            .flat_map(|f| f.targets)
            .map(|t| match t {
                Target::Doc(s) => s.to_string(),
                Target::Para(s, n) => format!("{s}#op{n}"),
                Target::Internal(n) => format!("#op{n}"),
            })
            .collect()
    }

    #[test]
    fn lists_of_assembly_resolutions_with_dates() {
        assert_eq!(
            cites(
                "Reaffirming its resolutions 46/152 of 18 December 1991, 60/1 of 16 September 2005, 64/178 and 64/179 of 18 December 2009 and 64/237 of 24 December 2009,"
            ),
            [
                "A/RES/46/152",
                "A/RES/60/1",
                "A/RES/64/178",
                "A/RES/64/179",
                "A/RES/64/237"
            ]
        );
    }

    #[test]
    fn the_body_comes_from_context() {
        assert_eq!(
            cites("Economic and Social Council resolution 2007/12, annex."),
            ["E/RES/2007/12"]
        );
        assert_eq!(
            cites(
                "Economic and Social Council resolutions, in particular resolutions 2008/23, 2008/24 and 2008/25 of 24 July 2008"
            ),
            ["E/RES/2008/23", "E/RES/2008/24", "E/RES/2008/25"]
        );
        assert_eq!(cites("Security Council resolution 1373 (2001)"), ["S/RES/1373(2001)"]);
        assert!(
            cites("the Commission on Crime Prevention and Criminal Justice in its resolution 18/1 of 24 April 2009")
                .is_empty()
        );
        assert_eq!(
            cites("See CTOC/COP/2010/17, chap. I, sect. A, resolution 5/5."),
            ["CTOC/COP/2010/17"]
        );
        assert!(cites("Commission on Crime Prevention and Criminal Justice decision 17/1").is_empty());
    }

    #[test]
    fn other_numbering_styles() {
        assert_eq!(cites("its resolution 1145 (XII)"), ["A/RES/1145(XII)"]);
        assert_eq!(cites("resolution S-10/2"), ["A/RES/S-10/2"]);
        assert_eq!(cites("its resolution 49/75 E"), ["A/RES/49/75E"]);
        assert_eq!(
            cites("resolution 36/87 A and B of 9 December 1981"),
            ["A/RES/36/87A", "A/RES/36/87B"]
        );
        assert_eq!(cites("its decisions 77/512 of 7 December 2022"), ["A/DEC/77/512"]);
    }

    #[test]
    fn documents_by_symbol() {
        assert_eq!(cites("(A/65/457)"), ["A/65/457"]);
        assert_eq!(cites("E/CN.15/2010/4."), ["E/CN.15/2010/4"]);
        assert_eq!(cites("A/AC.292/2025/INF/5/Rev.1,"), ["A/AC.292/2025/INF/5/Rev.1"]);
        assert_eq!(
            cites("(A/62/PV.117–120)"),
            ["A/62/PV.117", "A/62/PV.118", "A/62/PV.119", "A/62/PV.120"]
        );
        assert_eq!(cites("(A/64/PV.116 and 117)"), ["A/64/PV.116", "A/64/PV.117"]);
        assert_eq!(cites("A/79/552-S/2024/767."), ["A/79/552", "S/2024/767"]);
        assert!(cites("see https://undocs.org/en/A/RES/1 and 2024/25 and E.10.IV.6").is_empty());
    }

    #[test]
    fn paragraphs_here_and_elsewhere() {
        assert_eq!(cites("the report referred to in paragraph 36 above"), ["#op36"]);
        assert_eq!(cites("paragraph 3 of resolution 80/11"), ["A/RES/80/11#op3"]);
        assert!(cites("paragraph 102 of the Final Document").is_empty());
    }
}
