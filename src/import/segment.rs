//! Paragraphs from lines: where a paragraph starts, and when text on either
//! side of a page break or a footnote block is one paragraph rejoined.

use super::layout::{Item, join_into};
use std::sync::LazyLock;

/// A paragraph of running text, with where each of its lines came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    /// (byte offset in `text`, source line) for every joined line.
    pub spans: Vec<(usize, usize)>,
    pub start: Start,
}

/// How a paragraph opens, which decides its role later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    Plain,
    /// `12.` — an operative (or annex) paragraph number.
    Number(u32),
    /// `(a)`, `(ii)` — a sub-paragraph label.
    Label(String),
    /// `Annex`, `Annex II`.
    Annex,
    /// `71st plenary meeting`.
    Meeting,
}

impl Para {
    /// The source line of byte `offset` of the text.
    pub fn line_at(&self, offset: usize) -> usize {
        self.spans
            .iter()
            .take_while(|(o, _)| *o <= offset)
            .last()
            .map_or(0, |(_, l)| *l)
    }

    pub fn first_line(&self) -> usize {
        self.spans.first().map_or(0, |s| s.1)
    }
}

/// Where each page break fell: (paragraph index, byte offset in it).
pub type Cuts = Vec<(usize, usize)>;

static NUMBER: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^(\d{1,3})\.(\s|$)"));
static LABEL: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^\(([a-z]{1,2}|[ivxlc]{1,6})\)(\s|$)"));
static ANNEX: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^Annex(\s+[IVXL]+)?\.?$"));
static MEETING: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^\d{1,3}(st|nd|rd|th) (plenary )?meeting\b"));

fn re(s: &str) -> regex::Regex {
    regex::Regex::new(s).unwrap_or_else(|e| panic!("bad built-in pattern {s}: {e}"))
}

/// Groups the layout's items into paragraphs; `cuts[id]` tells where break
/// `id` fell in the text.
pub fn paragraphs(items: &[Item]) -> (Vec<Para>, Cuts) {
    let mut s = Segmenter::default();
    let mut cuts: Cuts = vec![(0, 0)];
    for item in items {
        match item {
            Item::Blank => s.blank = true,
            Item::Break(id) => {
                s.brk = true;
                let at = match &s.cur {
                    Some(p) => (s.paras.len(), p.text.len()),
                    None => (
                        s.paras.len().saturating_sub(1),
                        s.paras.last().map_or(0, |p| p.text.len()),
                    ),
                };
                if cuts.len() <= *id {
                    cuts.resize(*id + 1, at);
                }
                cuts[*id] = at;
            }
            Item::Text { no, text } => s.line(*no, text),
        }
    }
    if let Some(p) = s.cur.take() {
        s.paras.push(p);
    }
    let mut paras = s.paras;
    let mut i = 0;
    while i < paras.len() {
        if let Some(rest) = split_heading(&mut paras[i]) {
            shift_cuts(&mut cuts, i, rest.0);
            paras.insert(i + 1, rest.1);
        }
        i += 1;
    }
    (paras, cuts)
}

/// `I.`, `II.`, `A.`: the number of a section heading.
static SECTION: LazyLock<regex::Regex> = LazyLock::new(|| re(r"^([IVXL]{1,5}|[A-Z])\.(\s|$)"));

/// Whether `text` opens with the number of a section heading (`II. ...`).
pub fn numbered_section(text: &str) -> bool {
    SECTION.is_match(text)
}

/// A section heading with the text under it run on (no blank line between
/// them, as PDF-to-text tools give an unnumbered paragraph right under a
/// heading): the heading ends at its first line that stops well short of
/// the paragraph's widest (a heading's last line is short, running text
/// fills its lines). Splits `p` there and returns the offset of the cut and
/// the paragraph of running text.
fn split_heading(p: &mut Para) -> Option<(usize, Para)> {
    if p.start != Start::Plain || !SECTION.is_match(&p.text) || !ends_clause(&p.text) || p.spans.len() < 2 {
        return None;
    }
    let ends: Vec<usize> = p.spans.iter().skip(1).map(|s| s.0).chain([p.text.len() + 1]).collect();
    let lens: Vec<usize> = p
        .spans
        .iter()
        .zip(&ends)
        .map(|(s, e)| e.saturating_sub(s.0 + 1))
        .collect();
    let widest = lens.iter().copied().max().unwrap_or(0);
    let last = (0..p.spans.len() - 1).find(|&i| lens[i] > 4 && lens[i] * 4 < widest * 3)?;
    let cut = p.spans[last + 1].0;
    let heading = p.text.get(..cut)?.trim_end();
    let rest = p.text.get(cut..)?;
    let heading_ok = super::structure::heading_like(heading) && p.text.as_bytes().get(cut - 1) == Some(&b' ');
    if !heading_ok || !rest.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let tail = Para {
        text: rest.to_string(),
        spans: p.spans[last + 1..].iter().map(|(o, l)| (o - cut, *l)).collect(),
        start: Start::Plain,
    };
    p.text = heading.to_string();
    p.spans.truncate(last + 1);
    Some((cut, tail))
}

/// Page breaks in paragraph `i` from byte `cut` on now fall in the
/// paragraph inserted after it; later paragraphs move up by one.
fn shift_cuts(cuts: &mut Cuts, i: usize, cut: usize) {
    for c in cuts.iter_mut() {
        if c.0 > i {
            c.0 += 1;
        } else if c.0 == i && c.1 >= cut {
            *c = (i + 1, c.1 - cut);
        }
    }
}

#[derive(Default)]
struct Segmenter {
    paras: Vec<Para>,
    cur: Option<Para>,
    blank: bool,
    brk: bool,
    /// The operative number expected next (numbering restarts in an annex).
    next_number: u32,
    /// The last sub-paragraph label seen in the current paragraph group.
    last_label: Option<String>,
}

impl Segmenter {
    fn line(&mut self, no: usize, text: &str) {
        let start = self.start_of(text);
        let new = match &self.cur {
            None => true,
            Some(cur) => start != Start::Plain || self.begins_new(cur, text),
        };
        if new {
            if let Some(p) = self.cur.take() {
                self.paras.push(p);
            }
            match &start {
                Start::Number(n) => {
                    self.next_number = n + 1;
                    self.last_label = None;
                }
                Start::Label(l) => self.last_label = Some(l.clone()),
                Start::Annex => {
                    self.next_number = 1;
                    self.last_label = None;
                }
                _ => {}
            }
            self.cur = Some(Para {
                text: String::new(),
                spans: Vec::new(),
                start,
            });
        }
        if let Some(cur) = self.cur.as_mut() {
            let offset = if cur.text.is_empty() { 0 } else { cur.text.len() + 1 };
            cur.spans.push((offset, no));
            join_into(&mut cur.text, text);
        }
        self.blank = false;
        self.brk = false;
    }

    /// How `text` would open a paragraph, if it opens one.
    fn start_of(&self, text: &str) -> Start {
        if let Some(c) = NUMBER.captures(text) {
            let n: u32 = c[1].parse().unwrap_or(0);
            let expected = self.next_number.max(1);
            // Only the next number in sequence: "2." inside a wrapped line
            // of text is not a paragraph.
            if n == expected || (self.next_number == 0 && n == 1) {
                return Start::Number(n);
            }
        }
        if let Some(c) = LABEL.captures(text) {
            let label = c[1].to_string();
            let at_boundary = self.blank || self.brk || self.cur.as_ref().is_none_or(|p| ends_clause(&p.text));
            if at_boundary && label_follows(self.last_label.as_deref(), &label) {
                return Start::Label(label);
            }
        }
        if ANNEX.is_match(text) && (self.blank || self.brk) {
            return Start::Annex;
        }
        if MEETING.is_match(text) && (self.blank || self.brk) {
            return Start::Meeting;
        }
        Start::Plain
    }

    /// Whether a plain line after `cur` starts a new paragraph.
    fn begins_new(&self, cur: &Para, text: &str) -> bool {
        // The formula is one line, whatever follows it.
        if matches!(cur.start, Start::Annex | Start::Meeting) || self.paras.is_empty() {
            return true;
        }
        // A number or label alone on its line: its text follows.
        if cur.text.len() < 8 && matches!(cur.start, Start::Number(_) | Start::Label(_)) {
            return false;
        }
        if !self.blank && !self.brk {
            return false;
        }
        let first = text.chars().next().unwrap_or(' ');
        if first.is_lowercase() || cur.text.ends_with(['-', '\u{2011}']) {
            return false;
        }
        // Across a page break a sentence may go on with a capital ("the
        // United | Nations"): a long paragraph without final punctuation is cut.
        let unfinished = !ends_clause(&cur.text) && cur.text.len() > 100;
        !unfinished
    }
}

/// Whether text ends where a clause or paragraph may end.
/// A footnote marker may follow the punctuation ("2010,6"; "Court, 3").
pub fn ends_clause(text: &str) -> bool {
    let t = text.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let t = if digits <= 3 {
        t[..t.len() - digits].trim_end()
    } else {
        t
    };
    t.trim_end_matches(['”', '’', '"', ')']).ends_with(['.', ',', ';', ':'])
}

/// Sub-paragraph labels come in order: (a) (b) (c) ... or (i) (ii) (iii) ...
fn label_follows(last: Option<&str>, label: &str) -> bool {
    if label == "a" || label == "i" {
        return true;
    }
    let Some(last) = last else { return false };
    next_letter(last).as_deref() == Some(label) || next_roman(last).as_deref() == Some(label)
}

fn next_letter(l: &str) -> Option<String> {
    let mut chars = l.chars();
    let (c, rest) = (chars.next()?, chars.as_str());
    if !rest.is_empty() {
        // (aa) follows (z); (bb) follows (aa).
        return (rest.chars().all(|r| r == c) && c < 'z').then(|| {
            let n = (c as u8 + 1) as char;
            std::iter::repeat_n(n, l.len()).collect()
        });
    }
    Some(if c == 'z' {
        "aa".into()
    } else {
        ((c as u8 + 1) as char).to_string()
    })
}

fn next_roman(l: &str) -> Option<String> {
    const ROMANS: &[&str] = &[
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii",
        "xviii", "xix", "xx",
    ];
    let i = ROMANS.iter().position(|r| *r == l)?;
    ROMANS.get(i + 1).map(|s| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(lines: &[&str]) -> Para {
        let mut p = Para {
            text: String::new(),
            spans: Vec::new(),
            start: Start::Plain,
        };
        for (i, l) in lines.iter().enumerate() {
            let offset = if p.text.is_empty() { 0 } else { p.text.len() + 1 };
            p.spans.push((offset, i + 1));
            join_into(&mut p.text, l);
        }
        p
    }

    #[test]
    fn text_run_on_under_a_heading_is_split_off() {
        let mut p = para(&[
            "II. Implementation of the Programme of Action for Landlocked",
            "Developing Countries",
            "States and the organizations of the United Nations system are encouraged to act",
            "together, as set out below.",
        ]);
        let (cut, rest) = split_heading(&mut p).expect("split");
        assert_eq!(
            p.text,
            "II. Implementation of the Programme of Action for Landlocked Developing Countries"
        );
        assert_eq!(&rest.text[..10], "States and");
        assert_eq!((cut, rest.spans[0], rest.spans[1].1), (p.text.len() + 1, (0, 3), 4));
        let mut cuts = vec![(0, 0), (0, cut + 5), (1, 3)];
        shift_cuts(&mut cuts, 0, cut);
        assert_eq!(cuts, [(0, 0), (1, 5), (2, 3)]);
    }

    #[test]
    fn running_text_opening_with_a_capital_and_a_full_stop_is_kept() {
        let mut p = para(&[
            "A. Smith, the Rapporteur, presented the report of the working group to the",
            "Commission at its meeting held in Geneva in the spring of the following year.",
        ]);
        assert!(split_heading(&mut p).is_none());
        let mut heading = para(&["I.", "General principles"]);
        assert!(split_heading(&mut heading).is_none());
    }

    #[test]
    fn labels_follow_in_order() {
        assert!(label_follows(None, "a"));
        assert!(label_follows(Some("a"), "b"));
        assert!(!label_follows(Some("a"), "c"));
        assert!(label_follows(Some("b"), "i"));
        assert!(label_follows(Some("i"), "ii"));
        assert!(label_follows(Some("h"), "i"));
        assert!(label_follows(Some("z"), "aa"));
    }
}
