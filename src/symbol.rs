//! UN document symbols (`A/RES/65/232`, `S/RES/1373(2001)`, `E/CN.15/2010/4`):
//! parsing, canonical form, natural ordering and the URL path of each.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A document symbol in canonical form: no spaces, `/`-separated components.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Symbol(String);

/// Why a string is not a symbol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SymbolError {
    #[error("a document symbol cannot be empty")]
    Empty,
    #[error("a document symbol has at least two parts separated by `/`, like `A/RES/65/232`")]
    TooFewParts,
    #[error("a document symbol cannot have an empty part (`//` or a trailing `/`)")]
    EmptyPart,
    #[error("a document symbol starts with its series in capitals, like `A/`, `E/` or `S/`")]
    BadSeries,
    #[error("{} is not allowed in a document symbol", shown(*.0))]
    BadChar(char),
    #[error("a document symbol cannot hold {} inside it", shown(*.0))]
    Control(char),
    #[error("`.` and `..` are not parts of a document symbol")]
    DotPart,
    #[error("a document symbol is at most 120 characters long")]
    TooLong,
}

/// The session a symbol belongs to, for grouping on the home page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Session {
    Regular(u32),
    Special(u32),
    EmergencySpecial(u32),
}

impl Session {
    /// "80", "S-10", "ES-11": how UN symbols write the session.
    pub fn label(&self) -> String {
        match self {
            Session::Regular(n) => n.to_string(),
            Session::Special(n) => format!("S-{n}"),
            Session::EmergencySpecial(n) => format!("ES-{n}"),
        }
    }

    fn parse(part: &str) -> Option<Session> {
        if let Some(n) = part.strip_prefix("ES-") {
            return n.parse().ok().map(Session::EmergencySpecial);
        }
        if let Some(n) = part.strip_prefix("S-") {
            return n.parse().ok().map(Session::Special);
        }
        part.parse().ok().map(Session::Regular)
    }
}

impl Symbol {
    pub fn parse(raw: &str) -> Result<Symbol, SymbolError> {
        // Spaces are dropped (`S/RES/1373 (2001)` is written both ways), but
        // a line break or a tab inside is a mistake, not a way of writing it.
        let raw = raw.trim();
        if let Some(c) = raw.chars().find(|c| breaks_symbol(*c)) {
            return Err(SymbolError::Control(c));
        }
        let canonical: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if canonical.is_empty() {
            return Err(SymbolError::Empty);
        }
        if canonical.len() > 120 {
            return Err(SymbolError::TooLong);
        }
        if let Some(c) = canonical
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '(' | ')')))
        {
            return Err(SymbolError::BadChar(c));
        }
        let parts: Vec<&str> = canonical.split('/').collect();
        if parts.len() < 2 {
            return Err(SymbolError::TooFewParts);
        }
        if parts.iter().any(|p| p.is_empty()) {
            return Err(SymbolError::EmptyPart);
        }
        if parts.iter().any(|p| *p == "." || *p == "..") {
            return Err(SymbolError::DotPart);
        }
        let series = parts[0];
        if !series.starts_with(|c: char| c.is_ascii_uppercase())
            || !series.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return Err(SymbolError::BadSeries);
        }
        Ok(Symbol(canonical))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The site-relative directory of the symbol's page, e.g. `A/RES/65/232/`.
    pub fn url_path(&self) -> String {
        format!("{}/", self.0)
    }

    /// How many `../` lead from this symbol's page back to the site root.
    pub fn depth(&self) -> usize {
        self.0.split('/').count()
    }

    /// Whether this is a resolution (`A/RES/…`, `S/RES/…`, `E/RES/…`).
    pub fn is_resolution(&self) -> bool {
        self.parts().nth(1) == Some("RES")
    }

    /// The session inferred from the symbol: `A/RES/65/232` and `A/65/457` are of
    /// the 65th session; `A/RES/S-10/2` of the tenth special session.
    pub fn session(&self) -> Option<Session> {
        let mut parts = self.parts();
        if parts.next()? != "A" {
            return None;
        }
        let next = parts.next()?;
        let part = if next == "RES" { parts.next()? } else { next };
        Session::parse(part)
    }

    /// The short number people say: `65/232` for `A/RES/65/232`.
    pub fn short(&self) -> &str {
        match self.0.find("/RES/") {
            Some(i) => &self.0[i + 5..],
            None => &self.0,
        }
    }

    /// A key under which symbols that differ only by letter case collide.
    pub fn fold_key(&self) -> String {
        self.0.to_ascii_lowercase()
    }

    pub fn parts(&self) -> std::str::Split<'_, char> {
        self.0.split('/')
    }
}

/// White space that cannot stand inside a symbol: line breaks, tabs and
/// every other control character.
fn breaks_symbol(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// A character as a message shows it: printable ones quoted, the others by
/// name or code point (a raw line break or NUL would garble the message).
fn shown(c: char) -> String {
    match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => format!("a line break (U+{:04X})", c as u32),
        '\t' => "a tab (U+0009)".to_string(),
        c if c.is_control() || c.is_whitespace() => format!("the character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Symbol {
    type Err = SymbolError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Symbol::parse(s)
    }
}

impl Ord for Symbol {
    /// Natural order: `A/RES/65/9` < `A/RES/65/10` < `A/RES/65/232`; `/`
    /// sorts before every other character, so parts compare in turn.
    fn cmp(&self, other: &Self) -> Ordering {
        if self.0 == other.0 {
            return Ordering::Equal;
        }
        natural_cmp(&self.0, &other.0).then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Symbol {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares strings with runs of digits taken as numbers.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    while !a.is_empty() && !b.is_empty() {
        if a[0].is_ascii_digit() && b[0].is_ascii_digit() {
            let (na, ra) = split_digits(a);
            let (nb, rb) = split_digits(b);
            let na = trim_zeros(na);
            let nb = trim_zeros(nb);
            let o = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
            if o != Ordering::Equal {
                return o;
            }
            (a, b) = (ra, rb);
        } else {
            if a[0] != b[0] {
                return sort_byte(a[0]).cmp(&sort_byte(b[0]));
            }
            (a, b) = (&a[1..], &b[1..]);
        }
    }
    a.len().cmp(&b.len())
}

/// The separator sorts first, so that a shorter part comes before a longer one.
fn sort_byte(b: u8) -> u8 {
    if b == b'/' { 0 } else { b }
}

fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    s.split_at(n)
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|c| **c == b'0').count();
    &s[n.min(s.len().saturating_sub(1))..]
}

impl Serialize for Symbol {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Symbol {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Symbol::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(s: &str) -> Symbol {
        Symbol::parse(s).expect(s)
    }

    #[test]
    fn canonical_form_drops_spaces() {
        assert_eq!(sym("S/RES/1373 (2001)").as_str(), "S/RES/1373(2001)");
        assert_eq!(sym(" A/RES/65/232 ").url_path(), "A/RES/65/232/");
        assert_eq!(sym("A/C.3/65/L.20/Rev.1").as_str(), "A/C.3/65/L.20/Rev.1");
    }

    #[test]
    fn rejects_what_is_not_a_symbol() {
        assert_eq!(Symbol::parse(""), Err(SymbolError::Empty));
        assert_eq!(Symbol::parse("A"), Err(SymbolError::TooFewParts));
        assert_eq!(Symbol::parse("A//1"), Err(SymbolError::EmptyPart));
        assert_eq!(Symbol::parse("a/res/1"), Err(SymbolError::BadSeries));
        assert_eq!(Symbol::parse("A/../etc"), Err(SymbolError::DotPart));
        assert_eq!(Symbol::parse("A/RES/<b>"), Err(SymbolError::BadChar('<')));
        assert_eq!(Symbol::parse("A\\RES"), Err(SymbolError::BadChar('\\')));
    }

    /// RELIABILITY.md case 31: a line break or tab inside is an error, not
    /// merged away; spaces inside and white space around still are.
    #[test]
    fn line_breaks_and_tabs_inside_are_refused() {
        assert_eq!(Symbol::parse("A/RES/65/\n232"), Err(SymbolError::Control('\n')));
        assert_eq!(Symbol::parse("A/RES/65/\t232"), Err(SymbolError::Control('\t')));
        assert_eq!(
            SymbolError::Control('\n').to_string(),
            "a document symbol cannot hold a line break (U+000A) inside it"
        );
        assert_eq!(
            SymbolError::BadChar('\u{0}').to_string(),
            "the character U+0000 is not allowed in a document symbol"
        );
        assert_eq!(sym("\tA/RES/65/232\n").as_str(), "A/RES/65/232");
        assert_eq!(sym("S/RES/1373\u{a0}(2001)").as_str(), "S/RES/1373(2001)");
    }

    #[test]
    fn orders_numbers_naturally() {
        let mut v = [
            sym("A/RES/65/232"),
            sym("A/RES/65/10"),
            sym("A/RES/64/9"),
            sym("A/RES/65/9"),
        ];
        v.sort();
        let s: Vec<_> = v.iter().map(Symbol::as_str).collect();
        assert_eq!(s, ["A/RES/64/9", "A/RES/65/9", "A/RES/65/10", "A/RES/65/232"]);
    }

    #[test]
    fn infers_session() {
        assert_eq!(sym("A/RES/65/232").session(), Some(Session::Regular(65)));
        assert_eq!(sym("A/65/457").session(), Some(Session::Regular(65)));
        assert_eq!(sym("A/RES/S-10/2").session(), Some(Session::Special(10)));
        assert_eq!(sym("A/RES/ES-11/1").session(), Some(Session::EmergencySpecial(11)));
        assert_eq!(sym("E/RES/2007/12").session(), None);
        assert_eq!(sym("A/RES/65/232").short(), "65/232");
        assert_eq!(sym("A/RES/65/232").depth(), 4);
    }
}
