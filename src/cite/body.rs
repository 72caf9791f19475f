//! Who issued a cited resolution or decision, from the words before it.
//!
//! The Editorial Manual (II.J) names the organ in full before the number
//! ("Economic and Social Council resolution 2007/12", "Security Council
//! resolutions 1325 (2000) and 1820 (2008)"), and lets an organ refer to its
//! own texts as "its resolution". So: a body named just before the word
//! "resolution" issued it; "its" points at the subject of the clause (a body
//! named there, "the Commission ... in its resolution 18/1") or, with none,
//! at the organ whose text this is; an unnamed number is the citing organ's
//! when its shape fits that organ.

use regex::Regex;
use std::sync::LazyLock;

/// An issuing body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Body {
    Assembly,
    SecurityCouncil,
    Ecosoc,
    HumanRightsCouncil,
    HumanRightsCommission,
    /// A body without a symbol series of its own here (a commission, a
    /// conference of parties, another organization's assembly).
    Other,
}

impl Body {
    /// The organ of a citing resolution, from its symbol.
    pub fn of_symbol(symbol: &str) -> Body {
        if symbol.starts_with("S/") {
            Body::SecurityCouncil
        } else if symbol.starts_with("E/CN.4/") {
            Body::HumanRightsCommission
        } else if symbol.starts_with("E/") {
            Body::Ecosoc
        } else if symbol.starts_with("A/HRC/") {
            Body::HumanRightsCouncil
        } else {
            Body::Assembly
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Body::Assembly => "the General Assembly",
            Body::SecurityCouncil => "the Security Council",
            Body::Ecosoc => "the Economic and Social Council",
            Body::HumanRightsCouncil => "the Human Rights Council",
            Body::HumanRightsCommission => "the Commission on Human Rights",
            Body::Other => "another body",
        }
    }
}

/// Names of bodies, the most specific first (one pattern, longest match).
const NAMES: &[(&str, Body)] = &[
    ("Economic and Social Council", Body::Ecosoc),
    ("Security Council", Body::SecurityCouncil),
    ("Human Rights Council", Body::HumanRightsCouncil),
    ("Commission on Human Rights", Body::HumanRightsCommission),
    ("General Assembly", Body::Assembly),
    ("Trusteeship Council", Body::Other),
    ("Governing Council", Body::Other),
    ("Executive Board", Body::Other),
    ("Executive Council", Body::Other),
    ("Assembly", Body::Assembly),
    ("Commission", Body::Other),
    ("Conference", Body::Other),
    ("Committee", Body::Other),
    ("Board", Body::Other),
    ("Meeting of the Parties", Body::Other),
    ("Parties", Body::Other),
    ("Organization", Body::Other),
    ("Agency", Body::Other),
    ("Court", Body::Other),
    ("Forum", Body::Other),
    ("Programme", Body::Other),
    ("Summit", Body::Other),
    ("Union", Body::Other),
    ("Congress", Body::Other),
    ("Council", Body::Other),
];

static NAME: LazyLock<Regex> = LazyLock::new(|| {
    // A line break may fall inside a name.
    let names: Vec<String> = NAMES
        .iter()
        .map(|(n, _)| regex::escape(n).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(r"\b(?:{})\b", names.join("|"))).unwrap_or_else(|e| panic!("body names: {e}"))
});

/// A document symbol before the number holds it ("CTOC/COP/2010/17, sect. A, resolution 5/5").
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z][A-Z0-9]{0,9}(?:\.[0-9]{1,4})?(?:/[A-Za-z0-9][A-Za-z0-9.\-]*){2,}")
        .unwrap_or_else(|e| panic!("symbol: {e}"))
});

/// Only the parts of a document between its symbol and a resolution in it.
static LOCATORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\s,.;:()]|chap\.|sect\.|para\.|paras\.|annex(?:es)?|part|vol\.|No\.|[IVXL]+\b|[A-Z]\b|\d+\b)*$")
        .unwrap_or_else(|e| panic!("locators: {e}"))
});

/// What the words before a reference say of its issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// Named right before it ("Security Council resolution").
    Named(Body),
    /// "its resolution": the clause's subject, or the citing organ.
    Its(Body),
    /// Not named: bodies named earlier in the clause, attributively, most recent first.
    Unnamed(Option<Body>),
    /// "the Council", "Council resolution" with no full name to resolve it.
    Ambiguous,
    /// Held by a document symbol named before it.
    InDocument,
}

/// What `before` (the text up to the keyword `resolution`/`decision`)
/// says about who issued the reference, given the citing organ `home`.
pub fn said(before: &str, home: Body) -> Said {
    let clause = clause(before);
    let trimmed = clause.trim_end();
    let names: Vec<Name> = names(clause);
    if let Some(last) = names.last()
        && rest_of_name(&clause[last.end..])
    {
        return if last.bare_council {
            resolve_council(before, home)
        } else if last.bare_commission
            && self::names(before)
                .iter()
                .any(|n| n.body == Body::HumanRightsCommission)
        {
            Said::Named(Body::HumanRightsCommission)
        } else {
            Said::Named(last.body)
        };
    }
    let attributive = |n: &&Name| followed_by_keyword(&clause[n.end..]);
    if trimmed.ends_with(" its") || trimmed == "its" || trimmed.ends_with("(its") {
        // "Recalling its resolution": the citing organ. "The Commission,
        // in its resolution 18/1": the body named before, not as "X resolution".
        let word = trimmed[..trimmed.len() - 3]
            .split_whitespace()
            .next_back()
            .unwrap_or_default();
        let nested = matches!(
            word.trim_start_matches([',', '(']),
            "in" | "by" | "through" | "under" | "with"
        );
        let subject = names.iter().rev().find(|n| nested && !attributive(n));
        return Said::Its(match subject {
            Some(n) if n.bare_council => match resolve_council(before, home) {
                Said::Named(b) => b,
                _ => home,
            },
            Some(n) => n.body,
            None => home,
        });
    }
    // "CTOC/COP/2010/17, chap. I, sect. A, resolution 5/5": a resolution
    // inside the document just named (only locators between them).
    if let Some(m) = SYMBOL.find_iter(clause).last()
        && names.last().is_none_or(|n| m.end() > n.end)
        && LOCATORS.is_match(&clause[m.end()..])
    {
        return Said::InDocument;
    }
    let recent = names.iter().rev().find(|n| attributive(n)).map(|n| n.body);
    Said::Unnamed(recent)
}

/// A body named in a text: where, which, and whether it is "Council" alone.
struct Name {
    end: usize,
    body: Body,
    bare_council: bool,
    bare_commission: bool,
}

fn names(text: &str) -> Vec<Name> {
    NAME.find_iter(text)
        .filter_map(|m| {
            let name = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
            Some(Name {
                end: m.end(),
                body: body_named(text, m.start(), &name)?,
                bare_council: name == "Council",
                bare_commission: name == "Commission",
            })
        })
        .collect()
}

/// "the Council" in a text: the council named last before it, or the
/// citing organ if it is one.
fn resolve_council(before: &str, home: Body) -> Said {
    let last = names(before)
        .into_iter()
        .map(|n| n.body)
        .rfind(|b| matches!(b, Body::Ecosoc | Body::SecurityCouncil | Body::HumanRightsCouncil));
    match (last, home) {
        (Some(b), _) => Said::Named(b),
        (None, Body::Ecosoc | Body::SecurityCouncil | Body::HumanRightsCouncil) => Said::Named(home),
        _ => Said::Ambiguous,
    }
}

/// The body a name stands for where it is, or `None` when the name is
/// part of something else ("Parliamentary Assembly", "World Health Assembly").
fn body_named(text: &str, start: usize, name: &str) -> Option<Body> {
    let body = NAMES.iter().find(|(n, _)| *n == name)?.1;
    if body == Body::Assembly && name == "Assembly" {
        // "the Assembly" is the General Assembly; "World Health Assembly" is not.
        let prev = text[..start].trim_end().rsplit(' ').next().unwrap_or_default();
        let other = prev.starts_with(char::is_uppercase) && !matches!(prev, "The" | "General");
        return Some(if other { Body::Other } else { Body::Assembly });
    }
    Some(body)
}

/// "resolution 1/1 of the Human Rights Council": a body named right after
/// the numbers (and their dates).
pub fn named_after(after: &str) -> Option<Body> {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*,?\s*(?:adopted\s+)?(?:of|by)\s+the\s+(Human\s+Rights\s+Council|Economic\s+and\s+Social\s+Council|Security\s+Council|General\s+Assembly|Commission\s+on\s+Human\s+Rights)\b")
            .unwrap_or_else(|e| panic!("after: {e}"))
    });
    let name = AFTER
        .captures(after)?
        .get(1)?
        .as_str()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// Whether the words after a body's head word still belong to its name
/// ("Commission| on Crime Prevention and Criminal Justice"): capitalised
/// words and the small words between them, up to the number's keyword.
fn rest_of_name(after: &str) -> bool {
    after.split_whitespace().all(|w| {
        w.starts_with(|c: char| c.is_uppercase()) || matches!(w, "on" | "of" | "and" | "for" | "the" | "to" | "in")
    }) && !after.trim_end().ends_with(" the")
}

fn followed_by_keyword(after: &str) -> bool {
    let after = after.trim_start();
    after.starts_with("resolution") || after.starts_with("decision")
}

/// The last clause of `before`: after a semicolon or a full stop that ends
/// a sentence (not "chap.", "sect.", "No.").
fn clause(before: &str) -> &str {
    const ABBREVIATIONS: &[&str] = &[
        "chap", "sect", "para", "paras", "no", "nos", "vol", "vols", "p", "pp", "rev", "add", "art", "corr", "suppl",
        "res", "dec", "annex",
    ];
    let mut start = before.rfind("; ").map_or(0, |i| i + 2);
    let mut from = before.len();
    while let Some(i) = before[..from].rfind(". ") {
        let word = before[..i]
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default();
        if !ABBREVIATIONS.contains(&word.to_lowercase().as_str()) && word.len() > 1 {
            start = start.max(i + 2);
            break;
        }
        from = i;
    }
    &before[start..]
}
