//! The numbers of resolutions and decisions as the UN Editorial Manual
//! identifies them ("Resolutions and other formal decisions of United
//! Nations organs", I. System of identification), written as a grammar:
//!
//! ```text
//! list      = item { separator item }
//! separator = [date] ( ", and " | ", " | " and " | " or " )
//! item      = slashed | numbered
//! slashed   = session "/" number [parts]          31/16 A · S-8/1 · ES-10/19 · 2007/12
//! session   = ["S-" | "ES-"] digits
//! numbered  = number [parts] "(" period ")"       3367 A (XXX) · 3362 (S-VII) · 1373 (2001)
//! period    = ["S-" | "ES-"] roman | year
//! parts     = letter [ { ", " letter } ( " and " | ", and " | " to " ) letter ]
//! date      = " of " day month year               of 4 December 1990
//! ```
//!
//! Which organ a number belongs to is not part of the grammar: the same
//! shape serves several organs, and the body comes from the words around
//! (see `body.rs`).

use winnow::ascii::digit1;
use winnow::combinator::{alt, delimited, opt, preceded, repeat, terminated};
use winnow::prelude::*;
use winnow::token::{one_of, take_while};

/// A session marker before a number: regular, special (`S-`), emergency special (`ES-`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Regular,
    Special,
    Emergency,
}

impl Kind {
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Regular => "",
            Kind::Special => "S-",
            Kind::Emergency => "ES-",
        }
    }
}

/// The shape of one number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// `31/16`, `S-8/1`, `ES-10/19`, `2007/12`: session (or year) / number.
    Slashed { kind: Kind, session: u32, number: u32 },
    /// `3363 (XXX)`, `3362 (S-VII)`, `2252 (ES-V)`: number (session in roman).
    Roman {
        number: u32,
        kind: Kind,
        session: u32,
        roman: String,
    },
    /// `1373 (2001)`: number (year).
    Year { number: u32, year: u32 },
}

/// One item of a list: its shape, part letters and byte span in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub shape: Shape,
    pub parts: Vec<char>,
    pub start: usize,
    pub end: usize,
}

/// Parses a list of numbers at the start of `text`: the items, with spans
/// relative to `text`. Empty when `text` does not start with a number.
pub fn list(text: &str) -> Vec<Item> {
    let mut input = text;
    let mut items = Vec::new();
    let mut separated = true;
    while separated {
        let before = text.len() - input.len();
        let Ok((shape, parts)) = item.parse_next(&mut input) else {
            break;
        };
        let end = text.len() - input.len();
        items.push(Item {
            shape,
            parts,
            start: before,
            end,
        });
        separated = separator.parse_next(&mut input).is_ok();
        // A separator leads to an item only if one follows.
        if separated && !starts_item(input) {
            break;
        }
    }
    items
}

fn starts_item(input: &str) -> bool {
    let mut probe = input;
    item.parse_next(&mut probe).is_ok()
}

fn item(input: &mut &str) -> ModalResult<(Shape, Vec<char>)> {
    alt((slashed, numbered)).parse_next(input)
}

fn slashed(input: &mut &str) -> ModalResult<(Shape, Vec<char>)> {
    let (kind, session) = (session_kind, number).parse_next(input)?;
    let number = preceded('/', number).parse_next(input)?;
    // "31/16/Add.1" or "2000/28" inside a longer symbol is not an item.
    if input.starts_with(['/', '.']) && input[1..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(winnow::error::ErrMode::Backtrack(Default::default()));
    }
    end_of_number(input)?;
    let parts = opt(parts).parse_next(input)?.unwrap_or_default();
    Ok((Shape::Slashed { kind, session, number }, parts))
}

fn numbered(input: &mut &str) -> ModalResult<(Shape, Vec<char>)> {
    let number = number(input)?;
    end_of_number(input)?;
    let parts = opt(parts).parse_next(input)?.unwrap_or_default();
    let shape = preceded(multispace0, delimited('(', period, ')')).parse_next(input)?;
    Ok((
        match shape {
            Period::Year(year) => Shape::Year { number, year },
            Period::Roman(kind, session, roman) => Shape::Roman {
                number,
                kind,
                session,
                roman,
            },
        },
        parts,
    ))
}

enum Period {
    Year(u32),
    Roman(Kind, u32, String),
}

fn period(input: &mut &str) -> ModalResult<Period> {
    alt((
        take_while(4..=4, |c: char| c.is_ascii_digit()).try_map(|y: &str| y.parse().map(Period::Year)),
        (session_kind, roman).map(|(k, (n, r))| Period::Roman(k, n, r)),
    ))
    .parse_next(input)
}

/// A roman numeral of a session (I to C), with its value.
fn roman(input: &mut &str) -> ModalResult<(u32, String)> {
    take_while(1..=9, |c: char| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
        .verify_map(|r: &str| crate::roman::value(r).map(|n| (n, r.to_string())))
        .parse_next(input)
}

/// White space, the no-break space (U+00A0, U+202F) included.
fn multispace0<'i>(input: &mut &'i str) -> ModalResult<&'i str> {
    take_while(0.., char::is_whitespace).parse_next(input)
}

fn multispace1<'i>(input: &mut &'i str) -> ModalResult<&'i str> {
    take_while(1.., char::is_whitespace).parse_next(input)
}

/// A hyphen, the non-breaking (U+2011) and plain Unicode (U+2010) ones included.
fn hyphen(input: &mut &str) -> ModalResult<char> {
    one_of(['-', '\u{2010}', '\u{2011}']).parse_next(input)
}

fn session_kind(input: &mut &str) -> ModalResult<Kind> {
    opt(alt((
        ("ES", hyphen).value(Kind::Emergency),
        ("S", hyphen).value(Kind::Special),
    )))
    .map(|k| k.unwrap_or(Kind::Regular))
    .parse_next(input)
}

fn number(input: &mut &str) -> ModalResult<u32> {
    digit1
        .verify(|d: &str| d.len() <= 5 && !d.starts_with('0'))
        .try_map(str::parse)
        .parse_next(input)
}

/// A number ends where no digit, letter or decimal point continues it.
fn end_of_number(input: &mut &str) -> ModalResult<()> {
    let next = input.chars().next();
    let glued = next.is_some_and(|c| c.is_alphanumeric() || c == '/')
        || (next == Some('.') && input[1..].starts_with(|c: char| c.is_ascii_digit()));
    if glued {
        return Err(winnow::error::ErrMode::Backtrack(Default::default()));
    }
    Ok(())
}

/// Part letters: ` A`, ` A and B`, ` A to D`, ` A, B and C`.
fn parts(input: &mut &str) -> ModalResult<Vec<char>> {
    let first = preceded(multispace1, letter).parse_next(input)?;
    let middle: Vec<char> = repeat(0.., preceded((',', multispace1), letter)).parse_next(input)?;
    let last = opt(alt((
        preceded((opt(','), multispace1, "to", multispace1), letter).map(|l| (true, l)),
        preceded((opt(','), multispace1, "and", multispace1), letter).map(|l| (false, l)),
    )))
    .parse_next(input)?;
    let mut letters = vec![first];
    letters.extend(middle);
    match last {
        Some((true, to)) if middle_is_empty(&letters) && to > first => {
            letters = (first..=to).collect();
        }
        Some((_, l)) => letters.push(l),
        None => {}
    }
    Ok(letters)
}

fn middle_is_empty(letters: &[char]) -> bool {
    letters.len() == 1
}

/// A capital letter standing alone (not the start of a word).
fn letter(input: &mut &str) -> ModalResult<char> {
    terminated(one_of(|c: char| c.is_ascii_uppercase()), end_of_letter).parse_next(input)
}

fn end_of_letter(input: &mut &str) -> ModalResult<()> {
    let glued = input
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '.');
    // "A." at a sentence's end is a letter; "A.1" or "U.N." is not.
    let dotted = input.starts_with('.') && input[1..].starts_with(|c: char| c.is_alphanumeric());
    if (glued && !input.starts_with('.')) || dotted {
        return Err(winnow::error::ErrMode::Backtrack(Default::default()));
    }
    Ok(())
}

/// What may stand between two items: a date of adoption, then a comma or "and".
fn separator(input: &mut &str) -> ModalResult<()> {
    opt(date).parse_next(input)?;
    opt(annex).parse_next(input)?;
    alt((
        (alt((',', ';')), multispace1, "and", multispace1).void(),
        (';', multispace0).void(),
        (',', multispace1, "and", multispace1).void(),
        (',', multispace1, "as well as", multispace1).void(),
        (',', multispace0).void(),
        (multispace1, alt(("and", "or", "as well as")), multispace1).void(),
    ))
    .parse_next(input)
}

/// ", annex" or ", annex I" after an item: the item is still the resolution.
fn annex(input: &mut &str) -> ModalResult<()> {
    (
        ',',
        multispace1,
        alt(("annexes", "annex")),
        opt((multispace1, roman)),
        winnow::combinator::peek(alt((",", ";", ")"))),
    )
        .void()
        .parse_next(input)
}

/// " of 4 December 1990".
pub fn date(input: &mut &str) -> ModalResult<()> {
    (
        multispace1,
        "of",
        multispace1,
        take_while(1..=2, |c: char| c.is_ascii_digit()),
        multispace1,
        one_of(|c: char| c.is_ascii_uppercase()),
        take_while(2..=9, |c: char| c.is_ascii_lowercase()),
        multispace1,
        take_while(4..=4, |c: char| c.is_ascii_digit()),
    )
        .void()
        .parse_next(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<String> {
        list(text)
            .into_iter()
            .map(|i| format!("{:?} {:?} {}", i.shape, i.parts, &text[i.start..i.end]))
            .collect()
    }

    #[test]
    fn lists_with_dates_parts_and_old_numbers() {
        let t = "45/58 P of 4 December 1990, 46/36 I of 6 December 1991, 3411 A and B (XXX) and 79/25 of 2 December 2024 on";
        let s = shapes(t);
        assert_eq!(s.len(), 4, "{s:#?}");
        assert!(s[0].ends_with("['P'] 45/58 P"), "{}", s[0]);
        assert!(s[2].ends_with("['A', 'B'] 3411 A and B (XXX)"), "{}", s[2]);
        assert!(s[3].ends_with("[] 79/25"), "{}", s[3]);
    }

    #[test]
    fn ranges_of_parts_and_sessions() {
        assert!(shapes("3419 A to D (XXX)")[0].contains("['A', 'B', 'C', 'D']"));
        assert!(shapes("31/406 A to E")[0].contains("['A', 'B', 'C', 'D', 'E']"));
        assert!(shapes("3362 (S-VII)")[0].contains("Special"));
        assert!(shapes("2252 (ES-V)")[0].contains("Emergency"));
        assert!(shapes("ES-10/19")[0].contains("Emergency"));
        assert!(shapes("1373 (2001)")[0].contains("Year"));
    }

    #[test]
    fn not_numbers_of_resolutions() {
        assert!(list("2000/28/Rev.1").is_empty());
        assert!(list("12 (a)").is_empty());
        assert!(list("1153 (XLVIIII)").is_empty());
        // "A" in "64/179 A new" stands alone but no list follows: one item.
        assert_eq!(list("64/179 and the").len(), 1);
    }
}
