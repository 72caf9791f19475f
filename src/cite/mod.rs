//! The citation recogniser: finds in a text every reference to another
//! document (resolutions, decisions, documents by symbol) or to a paragraph
//! of the same resolution, with its canonical symbol and exact span.
//!
//! Numbers of resolutions and decisions follow the UN Editorial Manual's
//! system of identification ([`grammar`]); who issued them comes from the
//! words before ([`body`]); a number is linked only when its shape fits that
//! body. What looks like a reference but is left unlinked is reported by
//! [`uncertain`], with the reason.

pub mod body;
pub mod docs;
pub mod grammar;

use crate::symbol::Symbol;
use body::{Body, Said};
use grammar::{Item, Kind, Shape};
use regex::Regex;
use std::sync::LazyLock;

/// What a citation points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Target {
    /// A document: a resolution, decision, report, meeting record ...
    Doc(Symbol),
    /// One part of a composite resolution or decision ("45/58 P"): the
    /// whole one's symbol and the part's letter. Links go to the whole.
    Part(Symbol, char),
    /// An operative paragraph of another resolution: "paragraph 3 of resolution 80/11".
    Para(Symbol, u32),
    /// An operative paragraph of the same resolution: "paragraph 36 above".
    Internal(u32),
}

impl Target {
    /// The document the target lives in, if another one.
    pub fn symbol(&self) -> Option<&Symbol> {
        match self {
            Target::Doc(s) | Target::Part(s, _) | Target::Para(s, _) => Some(s),
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

/// A reference seen but not linked, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsure {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub reason: Reason,
}

/// Why a reference was left unlinked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The body that issued it is not certain ("the Council" with no council named).
    UncertainBody,
    /// Issued by a body whose texts have no symbol series here.
    OtherBody,
    /// The number does not have a shape the Editorial Manual gives the body.
    UnknownForm(&'static str),
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::UncertainBody => write!(f, "its issuing body is not certain"),
            Reason::OtherBody => write!(f, "it is issued by a body whose texts have no UN symbol series here"),
            Reason::UnknownForm(body) => write!(f, "its number is not a form {body} uses"),
        }
    }
}

/// Where a text stands: the organ whose resolution it is part of, and the
/// text of the paragraph before it (the body may be named there).
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub home: Body,
    pub before: &'a str,
}

impl Default for Context<'_> {
    fn default() -> Self {
        Context {
            home: Body::Assembly,
            before: "",
        }
    }
}

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("bad built-in pattern {s}: {e}"))
}

/// The words that introduce numbers: "resolution", "decisions" ...
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?i:(resolution|decision)(s?))\s+"));
static PARA_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?i:paragraph)\s+(\d{1,3})(?:\s?\([a-z]{1,4}\))?\s+of\s+(?:its\s+|the\s+|General Assembly\s+)?$")
});

/// Every citation in a General Assembly text, in order, none overlapping.
pub fn find(text: &str) -> Vec<Found> {
    find_in(text, &Context::default())
}

/// Every citation in `text`, read in `ctx`, in order, none overlapping.
pub fn find_in(text: &str, ctx: &Context<'_>) -> Vec<Found> {
    // Every citation has a slash, a parenthesis or names a paragraph.
    let paragraph = text.contains("aragraph");
    if !paragraph && !text.contains('/') && !text.contains('(') {
        return Vec::new();
    }
    let mut found = resolutions(text, ctx).0;
    if paragraph {
        found.extend(docs::internal(text));
    }
    if text.contains('/') {
        found.extend(docs::symbols(text));
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
pub fn uncertain(text: &str, ctx: &Context<'_>) -> Vec<Unsure> {
    resolutions(text, ctx).1
}

/// The words before `at`, with the paragraph's earlier text: enough for a clause.
fn before<'a>(text: &'a str, at: usize, ctx: &Context<'_>) -> std::borrow::Cow<'a, str> {
    let own = &text[..at];
    if own.len() >= 400 || ctx.before.is_empty() {
        return std::borrow::Cow::Borrowed(own);
    }
    let mut from = ctx.before.len().saturating_sub(400);
    while !ctx.before.is_char_boundary(from) {
        from += 1;
    }
    std::borrow::Cow::Owned(format!("{}{own}", &ctx.before[from..]))
}

/// References to resolutions and decisions in `text`. A list may run on
/// from the paragraph's earlier text (a footnote marker or emphasis splits
/// a paragraph into runs): the end of that text is read with `text`, and
/// what lies wholly in `text` is kept.
fn resolutions(text: &str, ctx: &Context<'_>) -> (Vec<Found>, Vec<Unsure>) {
    let mut from = ctx.before.len().saturating_sub(300);
    while !ctx.before.is_char_boundary(from) {
        from += 1;
    }
    let tail = &ctx.before[from..];
    if tail.is_empty() {
        return resolutions_in(text, ctx);
    }
    let joined = format!("{tail}{text}");
    let earlier = Context {
        home: ctx.home,
        before: &ctx.before[..from],
    };
    let (found, unsure) = resolutions_in(&joined, &earlier);
    let n = tail.len();
    // A citation that began in the earlier text ("2242" before a line
    // break, "(2015)" here) is linked on its part in `text`.
    let found = found
        .into_iter()
        .filter(|f| f.end > n)
        .map(|f| Found {
            start: f.start.max(n) - n,
            end: f.end - n,
            targets: f.targets,
        })
        .filter(|f| text[f.start..f.end].chars().any(|c| c.is_alphanumeric()))
        .collect();
    let unsure = unsure
        .into_iter()
        .filter(|u| u.start >= n)
        .map(|u| Unsure {
            start: u.start - n,
            end: u.end - n,
            ..u
        })
        .collect();
    (found, unsure)
}

/// "its resolutions 46/152 of 18 December 1991, 60/1 ... and 64/237".
fn resolutions_in(text: &str, ctx: &Context<'_>) -> (Vec<Found>, Vec<Unsure>) {
    let mut found = Vec::new();
    let mut unsure = Vec::new();
    for caps in KEYWORD.captures_iter(text) {
        let (Some(all), Some(kw)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let decision = kw.as_str().to_lowercase() == "decision";
        let items = grammar::list(&text[all.end()..]);
        if items.is_empty() {
            if let Some(u) = unknown_form(text, kw.start(), all.end()) {
                unsure.push(u);
            }
            continue;
        }
        let mut said = body::said(&before(text, kw.start(), ctx), ctx.home);
        if let (Said::Unnamed(_) | Said::Ambiguous, Some(last)) = (said, items.last()) {
            let rest = &text[all.end() + last.end..];
            let mut dated = rest;
            let _ = grammar::date(&mut dated);
            if let Some(b) = body::named_after(dated).or_else(|| body::named_after(rest)) {
                said = Said::Named(b);
            }
        }
        let para_of = PARA_OF.captures(&text[..kw.start()]);
        for (n, item) in items.iter().enumerate() {
            let (s, e) = (all.end() + item.start, all.end() + item.end);
            let targets = match targets_of(item, said, ctx.home, decision) {
                Ok(t) => t,
                Err(reason) => {
                    unsure.push(Unsure {
                        start: s,
                        end: e,
                        text: text[kw.start()..e].to_string(),
                        reason,
                    });
                    continue;
                }
            };
            // "paragraph 3 of resolution 80/11" cites the paragraph.
            let (start, targets) = match (&para_of, n) {
                (Some(p), 0) if !decision => {
                    let number: u32 = p[1].parse().unwrap_or(0);
                    let start = p.get(0).map_or(s, |m| m.start());
                    let t = targets
                        .into_iter()
                        .map(|t| match t {
                            Target::Doc(sym) | Target::Part(sym, _) if number > 0 => Target::Para(sym, number),
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

/// "resolution 12 of the Commission": a number after the keyword that no
/// form of the Manual reads.
fn unknown_form(text: &str, kw: usize, after: usize) -> Option<Unsure> {
    let rest = &text[after..];
    let word = rest.split_whitespace().next().unwrap_or_default();
    let word = word.trim_end_matches([',', ';', '.', ':']);
    let numeric = word.starts_with(|c: char| c.is_ascii_digit()) || word.starts_with("S-") || word.starts_with("ES-");
    (numeric && word.chars().any(|c| c.is_ascii_digit())).then(|| Unsure {
        start: after,
        end: after + word.len(),
        text: text[kw..after + word.len()].to_string(),
        reason: Reason::UnknownForm("any organ"),
    })
}

/// The targets of one item, given what the words before say of its body.
fn targets_of(item: &Item, said: Said, home: Body, decision: bool) -> Result<Vec<Target>, Reason> {
    let body = match said {
        Said::Named(Body::Other) | Said::Its(Body::Other) | Said::InDocument => return Err(Reason::OtherBody),
        Said::Ambiguous => return Err(Reason::UncertainBody),
        Said::Named(b) | Said::Its(b) => {
            return symbol(b, &item.shape, decision)
                .map(|s| with_parts(s, &item.parts))
                .ok_or(Reason::UnknownForm(b.name()));
        }
        Said::Unnamed(recent) => [Some(home), recent.filter(|b| *b != Body::Other)]
            .into_iter()
            .flatten()
            .find(|b| symbol(*b, &item.shape, decision).is_some())
            // Only the Security Council numbers with the year in parentheses.
            .or_else(|| matches!(item.shape, Shape::Year { .. }).then_some(Body::SecurityCouncil)),
    };
    let body = body.ok_or(Reason::UncertainBody)?;
    symbol(body, &item.shape, decision)
        .map(|s| with_parts(s, &item.parts))
        .ok_or(Reason::UnknownForm(body.name()))
}

fn with_parts(symbol: Symbol, parts: &[char]) -> Vec<Target> {
    if parts.is_empty() {
        return vec![Target::Doc(symbol)];
    }
    parts.iter().map(|p| Target::Part(symbol.clone(), *p)).collect()
}

/// The symbol of a number of `body`'s, if the Manual gives that body this
/// shape (I. System of identification, B to D; the Human Rights Council's
/// and Commission's as their documents are numbered).
fn symbol(body: Body, shape: &Shape, decision: bool) -> Option<Symbol> {
    let kind = if decision { "DEC" } else { "RES" };
    let text = match (body, shape) {
        (
            Body::Assembly,
            Shape::Slashed {
                kind: k,
                session,
                number,
            },
        ) => {
            let fits = match k {
                Kind::Regular => (31..=150).contains(session),
                Kind::Special => (8..=40).contains(session),
                Kind::Emergency => (6..=30).contains(session),
            };
            fits.then(|| format!("A/{kind}/{}{session}/{number}", k.prefix()))?
        }
        // Before the thirty-first session decisions were not numbered.
        (
            Body::Assembly,
            Shape::Roman {
                number,
                kind: k,
                session,
                roman,
            },
        ) if !decision => {
            let fits = match k {
                Kind::Regular => (1..=30).contains(session),
                Kind::Special => (1..=7).contains(session),
                Kind::Emergency => (1..=5).contains(session),
            };
            (fits && *number <= 3600).then(|| format!("A/RES/{number}({}{roman})", k.prefix()))?
        }
        (Body::SecurityCouncil, Shape::Year { number, year }) if !decision && (1946..=2100).contains(year) => {
            format!("S/RES/{number}({year})")
        }
        (
            Body::Ecosoc,
            Shape::Slashed {
                kind: Kind::Regular,
                session,
                number,
            },
        ) if (1978..=2100).contains(session) => {
            format!("E/{kind}/{session}/{number}")
        }
        (
            Body::Ecosoc,
            Shape::Roman {
                number,
                kind: Kind::Regular,
                session,
                roman,
            },
        ) if !decision && *session <= 63 => {
            format!("E/RES/{number}({roman})")
        }
        (
            Body::HumanRightsCouncil,
            Shape::Slashed {
                kind: k @ (Kind::Regular | Kind::Special),
                session,
                number,
            },
        ) if (1..=99).contains(session) => {
            format!("A/HRC/{kind}/{}{session}/{number}", k.prefix())
        }
        (
            Body::HumanRightsCommission,
            Shape::Slashed {
                kind: Kind::Regular,
                session,
                number,
            },
        ) if (1946..=2006).contains(session) => {
            format!("E/CN.4/{kind}/{session}/{number}")
        }
        _ => return None,
    };
    Symbol::parse(&text).ok()
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
                Target::Part(s, p) => format!("{s} {p}"),
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
        assert_eq!(cites("its resolution 49/75 E"), ["A/RES/49/75 E"]);
        assert_eq!(
            cites("resolution 36/87 A and B of 9 December 1981"),
            ["A/RES/36/87 A", "A/RES/36/87 B"]
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

#[cfg(test)]
mod runs {
    use super::*;

    /// Regression: a footnote marker inside a list split the paragraph into
    /// runs, and the items after the marker were lost.
    #[test]
    fn a_list_runs_on_after_a_footnote_marker() {
        let before = "Recalling its resolutions 45/58 P of 4 December 1990,";
        let ctx = Context {
            home: Body::Assembly,
            before,
        };
        let text = " 46/36 I of 6 December 1991 and 79/25 of 2 December 2024 on regional disarmament,";
        let found = find_in(text, &ctx);
        let spans: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(spans, ["46/36 I", "79/25"]);
        assert_eq!(
            found[0].targets,
            [Target::Part(Symbol::parse("A/RES/46/36").expect("symbol"), 'I')]
        );
    }

    /// A line break between a number and its year: the citation is linked
    /// on the part after the break.
    #[test]
    fn a_citation_split_by_a_line_break_is_kept() {
        let ctx = Context {
            home: Body::Assembly,
            before: "Reaffirming Security Council resolutions 1325 (2000) of 31 October 2000 and 2242 ",
        };
        let text = "(2015) of 13 October 2015,";
        let found = find_in(text, &ctx);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "(2015)");
        assert_eq!(
            found[0].targets,
            [Target::Doc(Symbol::parse("S/RES/2242(2015)").expect("symbol"))]
        );
    }
}
