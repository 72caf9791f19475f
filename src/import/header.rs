//! The front page: symbol, title, date, committee and report, agenda item —
//! everything above the opening formula ("The General Assembly,"), for the
//! General Assembly, the Economic and Social Council, the Human Rights
//! Council and the Security Council (whose resolutions have no title).

use super::Line;
use super::layout::norm;
use crate::diag::{Diagnostic, Pos};
use crate::organ::Organ;
use crate::symbol::Symbol;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// What the front page says.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub symbol: Symbol,
    pub title: String,
    pub title_line: usize,
    pub adopted: Option<NaiveDate>,
    pub committee: Option<String>,
    pub report: Option<String>,
    pub agenda_item: Option<String>,
    pub agenda_title: Option<String>,
    /// The organ that adopted it, from the symbol or the formula.
    pub organ: Organ,
    /// The meeting, when the front page names it (Security Council:
    /// "Adopted by the Security Council at its 9518th meeting, on ...").
    pub meeting: Option<String>,
    /// The title is not in the text but made from the number (Security
    /// Council: "Security Council resolution 2719 (2023)").
    pub title_made: bool,
    /// The vote line at the end ("Adopted without a vote."), set by
    /// [`super::import`].
    pub vote: Option<String>,
    /// Provenance from the pipeline's YAML header ([`super::pipeline`]).
    pub record_id: Option<String>,
    pub source_pdf: Option<String>,
    /// Index (in the input lines) of the formula, where the body starts.
    pub body: usize,
}

impl Header {
    /// The title as running page headers repeat it; empty when the text
    /// has none.
    pub fn running_title(&self) -> &str {
        if self.title_made { "" } else { &self.title }
    }
}

static FORMULA: LazyLock<Regex> = LazyLock::new(|| re(r"^The [A-Z][\w’'\- ]{2,80},$"));
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^((?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s?[A-Z](?:\s|\.))?)\.?\s+(\S.*)$"));
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| re(r"^((?:A/HRC/|[AES]/)RES/[\w\-/.]+(?:\s*\(\d{4}\))?\*?)$"));
/// A Security Council resolution's number line: "Resolution 2719 (2023)".
static SC_TITLE: LazyLock<Regex> = LazyLock::new(|| re(r"^Resolution (\d{1,5}) \((\d{4})\)$"));
static SC_ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)adopted by the Security Council at its (\d{1,5}(?:st|nd|rd|th) meeting),? on (\d{1,2} [A-Z][a-z]+ \d{4})")
});
static ADOPTED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)adopted by the [A-Za-z ]+? on (\d{1,2} [A-Z][a-z]+ \d{4})"));
static COMMITTEE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\[\s*on the (?:reports?|recommendations?) of the ([^(\]]+?)\s*\(([^)\]]+)\)\s*\]"));
static NO_COMMITTEE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\[\s*without reference to a Main Committee\s*\(([^)\]]+)\)\s*\]"));
static AGENDA: LazyLock<Regex> =
    LazyLock::new(|| re(r"Agenda items? (\d+(?:\s?\([a-z]\))?(?:(?:,\s*|\s+and\s+)\d+(?:\s?\([a-z]\))?)*)(.*)$"));

/// The first line of a front page's statement of adoption, which only a
/// front page has at the start of a line.
static FRONT_PAGE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?i)resolution adopted by the "));

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("bad built-in pattern {s}: {e}"))
}

/// Whether a line is an opening formula such as "The General Assembly,".
pub fn is_formula(text: &str) -> bool {
    FORMULA.is_match(norm(text).as_str())
}

// --- The formula without a comma (issue 14, layouts) ---

static BARE_FORMULA: LazyLock<Regex> = LazyLock::new(|| re(r"^The [A-Z][\w’'\- ]{2,80}$"));

/// Whether line `i` is an opening formula without its comma ("The General
/// Assembly" right before the operative text, as the Editorial Manual writes
/// it when no preambular paragraph follows): a line of its own, with a blank
/// line before it and a title line ("80/41. ...") somewhere above, so that
/// neither a title nor an agenda item wrapped onto a line "The ..." is taken.
pub fn is_bare_formula(lines: &[Line], i: usize) -> bool {
    let blank_before = i == 0 || lines[i - 1].text.trim().is_empty();
    blank_before
        && BARE_FORMULA.is_match(norm(&lines[i].text).as_str())
        && lines[..i].iter().any(|l| TITLE.is_match(l.text.trim()))
}

// --- end of the formula without a comma ---

/// Reads the front page. Fails when there is no formula or no symbol.
pub fn parse(lines: &[Line], shown: &std::path::Path) -> Result<Header, Diagnostic> {
    let Some(body) = (0..lines.len()).find(|&i| is_formula(&lines[i].text) || is_bare_formula(lines, i)) else {
        return Err(
            Diagnostic::error("no opening formula such as \"The General Assembly,\" was found")
                .in_file(shown)
                .at(Pos::new(1, 1))
                .help("import takes the text of a resolution as PDF-to-text tools give it; is this file a resolution?"),
        );
    };
    let head = &lines[..body];
    let joined = norm(&head.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" "));
    let formula_organ = Organ::from_formula(&norm(&lines[body].text));
    if formula_organ == Some(Organ::SecurityCouncil) {
        return security_council(head, &joined, body, shown, lines[body].no);
    }
    let organ = formula_organ.unwrap_or(Organ::GeneralAssembly);
    let (title, title_line, number) = title(head).ok_or_else(|| {
        Diagnostic::error("no title line such as \"65/232. Title\" above the formula")
            .in_file(shown)
            .at(Pos::new(lines[body].no, 1))
            .help(format!(
                "the line with the resolution's number and title must come before \"The {organ},\""
            ))
    })?;
    let symbol = symbol(head, &number, organ).ok_or_else(|| {
        Diagnostic::error(format!("cannot tell the document symbol from `{number}`"))
            .in_file(shown)
            .at(Pos::new(title_line, 1))
            .help("the title line starts with the resolution's number, e.g. `65/232.`")
    })?;
    let adopted = ADOPTED.captures(&joined).and_then(|c| parse_date(&c[1]));
    let (committee, report) = if let Some(c) = COMMITTEE.captures(&joined) {
        (Some(norm(&c[1])), first_symbol(&c[2]))
    } else if let Some(c) = NO_COMMITTEE.captures(&joined) {
        (None, first_symbol(&c[1]))
    } else {
        (None, None)
    };
    let (agenda_item, agenda_title) = agenda(head);
    Ok(Header {
        title,
        title_line,
        adopted,
        committee,
        report,
        agenda_item,
        agenda_title,
        organ: Organ::from_symbol(&symbol).unwrap_or(organ),
        symbol,
        meeting: None,
        title_made: false,
        vote: None,
        record_id: None,
        source_pdf: None,
        body,
    })
}

/// A Security Council front page: "Resolution 2719 (2023)", then "Adopted
/// by the Security Council at its 9518th meeting, on 21 December 2023".
fn security_council(
    head: &[Line],
    joined: &str,
    body: usize,
    shown: &std::path::Path,
    formula_line: usize,
) -> Result<Header, Diagnostic> {
    let found = head.iter().rev().find_map(|l| {
        SC_TITLE
            .captures(l.text.trim())
            .map(|c| (l.no, c[1].to_string(), c[2].to_string()))
    });
    let Some((title_line, number, year)) = found else {
        return Err(
            Diagnostic::error("no line such as \"Resolution 2719 (2023)\" above \"The Security Council,\"")
                .in_file(shown)
                .at(Pos::new(formula_line, 1))
                .help(
                    "a Security Council resolution names its number and year on a line of its own before the formula",
                ),
        );
    };
    let symbol = Symbol::parse(&format!("S/RES/{number}({year})")).map_err(|e| {
        Diagnostic::error(format!("cannot make a symbol of resolution {number} ({year}): {e}"))
            .in_file(shown)
            .at(Pos::new(title_line, 1))
    })?;
    let adoption = SC_ADOPTED.captures(joined);
    Ok(Header {
        title: format!("Security Council resolution {number} ({year})"),
        title_line,
        adopted: adoption.as_ref().and_then(|c| parse_date(&c[2])),
        committee: None,
        report: None,
        agenda_item: None,
        agenda_title: None,
        organ: Organ::SecurityCouncil,
        meeting: adoption.as_ref().map(|c| norm(&c[1])),
        title_made: true,
        vote: None,
        record_id: None,
        source_pdf: None,
        symbol,
        body,
    })
}

/// The vote line that ends a Human Rights Council resolution, "[Adopted
/// without a vote.]" or "[Adopted by a recorded vote of 28 to 6 ... ]"
/// over several lines: the indices of its first and last line and its text
/// without the brackets.
pub fn vote(lines: &[Line], body: usize) -> Option<(usize, usize, String)> {
    let first = (body + 1..lines.len())
        .rev()
        .find(|&i| lines[i].text.trim_start().starts_with("[Adopted "))?;
    let last = (first..lines.len().min(first + 80)).find(|&i| lines[i].text.trim_end().ends_with(']'))?;
    let text = lines[first..=last]
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let inner = norm(text.trim_start_matches('[').trim_end_matches(']'));
    Some((first, last, inner))
}

/// Where a second resolution starts, when the input holds more than the
/// one `first` read (two files joined into one): its line number and its
/// symbol. A second resolution is a later formula with, above it, a title
/// line of another symbol and a front page (the symbol on a line of its
/// own, or "Resolution adopted by the ..."): a formula alone can stand in
/// an annex, and a line starting with a number in any paragraph.
pub fn second_resolution(lines: &[Line], first: &Header) -> Option<(usize, Symbol)> {
    let mut from = first.body + 1;
    for f in (first.body + 1..lines.len()).filter(|&i| is_formula(&lines[i].text)) {
        let window = &lines[from..f];
        from = f + 1;
        let Some((_, title_line, number)) = title(window) else {
            continue;
        };
        let Some(symbol) = symbol(window, &number, first.organ).filter(|s| *s != first.symbol) else {
            continue;
        };
        let own_line = window.iter().find(|l| {
            SYMBOL
                .captures(l.text.trim())
                .is_some_and(|c| Symbol::parse(&c[1]).ok().as_ref() == Some(&symbol))
        });
        let adoption = window.iter().find(|l| FRONT_PAGE.is_match(l.text.trim()));
        if let Some(start) = own_line.or(adoption) {
            return Some((masthead(lines, start.no).min(title_line), symbol));
        }
    }
    None
}

/// The line where the front page holding line `no` begins: a front page
/// opens with "United Nations" above the symbol.
fn masthead(lines: &[Line], no: usize) -> usize {
    let above = lines
        .iter()
        .take_while(|l| l.no < no)
        .filter(|l| !l.text.trim().is_empty())
        .last();
    match above {
        Some(l) if l.text.trim() == "United Nations" => l.no,
        _ => no,
    }
}

/// The title line ("65/232. Strengthening ...") and the lines that continue it.
fn title(head: &[Line]) -> Option<(String, usize, String)> {
    let i = head.iter().rposition(|l| TITLE.is_match(l.text.trim()))?;
    let caps = TITLE.captures(head[i].text.trim())?;
    let mut title = norm(&caps[2]);
    for l in &head[i + 1..] {
        if l.text.trim().is_empty() {
            break;
        }
        super::layout::join_into(&mut title, &l.text);
    }
    Some((title, head[i].no, norm(&caps[1])))
}

/// The symbol from its own header line, or from the number on the title line.
fn symbol(head: &[Line], number: &str, organ: Organ) -> Option<Symbol> {
    let number = number.replace(' ', "");
    let from_header = head
        .iter()
        .filter_map(|l| SYMBOL.captures(l.text.trim()))
        .filter_map(|c| Symbol::parse(c[1].trim_end_matches('*')).ok())
        .find(|s| s.as_str().strip_suffix(&number).is_some_and(|p| p.ends_with('/')));
    from_header.or_else(|| Symbol::parse(&format!("{}{number}", organ.prefix())).ok())
}

fn first_symbol(s: &str) -> Option<String> {
    let first = s.split([',', ';']).next()?.trim();
    Symbol::parse(first).ok().map(|s| s.to_string())
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&norm(s), "%d %B %Y").ok()
}

/// "Agenda item 74" and the item's title, wrapped over following lines.
fn agenda(head: &[Line]) -> (Option<String>, Option<String>) {
    let Some(i) = head.iter().position(|l| AGENDA.is_match(l.text.trim())) else {
        return (None, None);
    };
    let Some(caps) = AGENDA.captures(head[i].text.trim()) else {
        return (None, None);
    };
    let item = norm(&caps[1]);
    let mut title = norm(&caps[2]);
    for l in &head[i + 1..] {
        let t = l.text.trim();
        if t.is_empty() || t.starts_with("Resolution adopted") {
            break;
        }
        super::layout::join_into(&mut title, t);
    }
    let title = title
        .split(" Resolution adopted")
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    (Some(item), (!title.is_empty()).then_some(title))
}
