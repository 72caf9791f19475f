//! References by document symbol ("A/65/457", "E/CN.15/2010/4", joint
//! symbols, ranges of meeting records) and to paragraphs of the citing
//! resolution itself ("paragraph 36 above").

use super::{Found, Target};
use crate::symbol::Symbol;
use regex::Regex;
use std::sync::LazyLock;

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("bad built-in pattern {s}: {e}"))
}

static INTERNAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?i:paragraphs?)\s+(\d{1,3}(?:\s?\([a-z]{1,4}\))?(?:(?:,\s*|\s+and\s+|\s+to\s+)\d{1,3}(?:\s?\([a-z]{1,4}\))?)*)\s+(?:above|below|of the present resolution)\b",
    )
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"\d{1,3}"));
pub static SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b[A-Z][A-Z0-9]{0,9}(?:\.[0-9]{1,4})?(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+"));
static RANGE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:[–-](\d{1,4})|\s+and\s+(\d{1,4})\b)"));

/// Series that start UN document symbols; others need three parts.
const SERIES: &[&str] = &[
    "A", "E", "S", "ST", "TD", "UNEP", "CTOC", "CAC", "FCCC", "NPT", "DP", "ECE", "CEDAW", "CRC", "CCPR", "HRC",
    "CERD", "CAT", "ICCD", "SPLOS", "ISBA", "APLC", "CCW", "BWC", "CD", "UNW", "ICEF", "IDB", "ESCAP", "TRADE", "CRPD",
    "CMW", "UNCTAD", "UNODC", "CBD",
];

/// "paragraph 36 above", "paragraphs 5 and 6 of the present resolution".
pub fn internal(text: &str) -> Vec<Found> {
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
pub fn symbols(text: &str) -> Vec<Found> {
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
            // "Board of Governors resolution GOV/2003/69": another
            // organization's resolution under its own symbol.
            let named_as_text = text[..m.start()].trim_end().to_lowercase();
            if !SERIES.contains(&series)
                && (named_as_text.ends_with("resolution") || named_as_text.ends_with("decision"))
            {
                continue;
            }
            targets.push(Target::Doc(sym));
        }
        let mut end_all = end;
        // "S/RES/2231 (2015)", "A/RES/2200 (XXI)": the session is part of the symbol.
        if let Some(Target::Doc(last)) = targets.last().cloned()
            && let Some((len, full)) = with_session(&last, &text[end..])
        {
            end_all = end + len;
            targets.pop();
            targets.push(Target::Doc(full));
        }
        if let Some(Target::Doc(last)) = targets.last().cloned()
            && let Some(extra) = meeting_range(&last, &text[end_all..])
        {
            end_all += extra.0;
            targets.extend(extra.1.into_iter().map(Target::Doc));
        }
        // "A/79/123 and Corr.1", "A/HRC/50/29/Add.1 and Add.2".
        while let Some(Target::Doc(last)) = targets.last().cloned()
            && let Some((len, next)) = version_after(&last, &text[end_all..])
        {
            end_all += len;
            targets.push(Target::Doc(next));
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

static SESSION: LazyLock<Regex> = LazyLock::new(|| re(r"^\s?\(((?:\d{4})|(?:(?:ES-|S-)?[IVXLC]{1,9}))\)"));
static VERSION: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:\s+and\s+|,\s*)((?:Add|Corr|Rev)\.\d{1,3})\b"));

fn with_session(last: &Symbol, after: &str) -> Option<(usize, Symbol)> {
    let (head, number) = last.as_str().rsplit_once('/')?;
    if !head.ends_with("/RES") || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let c = SESSION.captures(after)?;
    let m = c.get(0)?;
    Some((
        m.end(),
        Symbol::parse(&format!("{}({})", last.as_str(), c.get(1)?.as_str())).ok()?,
    ))
}

/// The next addendum, corrigendum or revision written short after a symbol.
fn version_after(last: &Symbol, after: &str) -> Option<(usize, Symbol)> {
    let c = VERSION.captures(after)?;
    let version = c.get(1)?.as_str();
    let s = last.as_str();
    let base = match s.rsplit_once('/') {
        Some((head, tail)) if ["Add.", "Corr.", "Rev."].iter().any(|p| tail.starts_with(p)) => head,
        _ => s,
    };
    Some((c.get(0)?.end(), Symbol::parse(&format!("{base}/{version}")).ok()?))
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
