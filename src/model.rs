//! The typed model of a resolution: paragraphs with their ids, footnotes, annexes.

use crate::content::front_matter::FrontMatter;
use crate::symbol::Symbol;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::path::PathBuf;

/// Preambular or operative, as the contract's JSON names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParaKind {
    Preambular,
    Operative,
}

/// A paragraph's identity within its resolution: `pp3`, `op14`, `annex1-op5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParaId {
    /// 1-based annex number, `None` for the body of the resolution.
    pub annex: Option<u32>,
    pub kind: ParaKind,
    pub number: u32,
}

impl ParaId {
    pub fn new(kind: ParaKind, number: u32) -> Self {
        ParaId {
            annex: None,
            kind,
            number,
        }
    }

    /// "PP 3", "OP 14", "Annex 1, para. 5": how a reader names it.
    pub fn label(&self) -> String {
        let base = match self.kind {
            ParaKind::Preambular => format!("PP {}", self.number),
            ParaKind::Operative => format!("OP {}", self.number),
        };
        match (self.annex, self.kind) {
            (None, _) => base,
            (Some(a), ParaKind::Operative) => format!("Annex {a}, para. {}", self.number),
            (Some(a), ParaKind::Preambular) => format!("Annex {a}, {base}"),
        }
    }
}

impl fmt::Display for ParaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(a) = self.annex {
            write!(f, "annex{a}-")?;
        }
        let k = match self.kind {
            ParaKind::Preambular => "pp",
            ParaKind::Operative => "op",
        };
        write!(f, "{k}{}", self.number)
    }
}

impl Serialize for ParaId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::str::FromStr for ParaId {
    type Err = String;
    /// `pp3`, `op14`, `annex1-op5`: the form [`ParaId`] displays.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a paragraph id");
        let (annex, rest) = match s.strip_prefix("annex").and_then(|r| r.split_once('-')) {
            Some((n, rest)) => (Some(n.parse().map_err(|_| bad())?), rest),
            None => (None, s),
        };
        let (kind, number) = if let Some(n) = rest.strip_prefix("pp") {
            (ParaKind::Preambular, n)
        } else if let Some(n) = rest.strip_prefix("op") {
            (ParaKind::Operative, n)
        } else {
            return Err(bad());
        };
        Ok(ParaId {
            annex,
            kind,
            number: number.parse().map_err(|_| bad())?,
        })
    }
}

impl<'de> Deserialize<'de> for ParaId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// A footnote label as written after `[^`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FootnoteLabel(pub String);

impl fmt::Display for FootnoteLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A numbered paragraph with its rendered HTML and plain text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    pub id: ParaId,
    /// HTML of the paragraph's content, footnote markers included.
    pub html: String,
    /// Plain text without footnote markers, whitespace collapsed.
    pub text: String,
    /// Labels of the footnotes it references, in order of first reference.
    pub footnotes: Vec<FootnoteLabel>,
    /// Headings (`### Section`) that stand right before this paragraph.
    pub headings: Vec<String>,
    /// File line where the paragraph starts.
    pub line: usize,
    /// What its text cites (its footnotes' citations are theirs).
    pub cites: Vec<crate::cite::Target>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    pub label: FootnoteLabel,
    /// Inline HTML (no block elements), fit for a tooltip.
    pub html: String,
    pub text: String,
    pub line: usize,
    pub cites: Vec<crate::cite::Target>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annex {
    pub number: u32,
    /// The heading text, e.g. "Annex" or "Annex I Awaza Political Declaration".
    pub heading: String,
    pub paragraphs: Vec<Paragraph>,
}

/// One resolution, parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// The content file, relative to the site root, for messages.
    pub source: PathBuf,
    pub meta: FrontMatter,
    /// "The General Assembly," as HTML, if present.
    pub formula: Option<String>,
    pub preamble: Vec<Paragraph>,
    pub operative: Vec<Paragraph>,
    pub annexes: Vec<Annex>,
    /// In order of definition.
    pub footnotes: Vec<Footnote>,
}

impl Resolution {
    pub fn symbol(&self) -> &Symbol {
        &self.meta.symbol
    }

    /// Every paragraph in reading order: preamble, operative part, annexes.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.preamble
            .iter()
            .chain(&self.operative)
            .chain(self.annexes.iter().flat_map(|a| &a.paragraphs))
    }

    /// The `i`-th paragraph in reading order, without walking the others.
    pub fn paragraph_at(&self, mut i: usize) -> Option<&Paragraph> {
        for part in [&self.preamble, &self.operative] {
            match part.get(i) {
                Some(p) => return Some(p),
                None => i -= part.len(),
            }
        }
        for annex in &self.annexes {
            match annex.paragraphs.get(i) {
                Some(p) => return Some(p),
                None => i -= annex.paragraphs.len(),
            }
        }
        None
    }

    pub fn paragraph_count(&self) -> usize {
        self.preamble.len() + self.operative.len() + self.annexes.iter().map(|a| a.paragraphs.len()).sum::<usize>()
    }

    pub fn footnote(&self, label: &FootnoteLabel) -> Option<&Footnote> {
        self.footnotes.iter().find(|f| &f.label == label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_ids_read_back_what_they_display() {
        for id in ["pp3", "op14", "annex1-op5", "annex2-pp1"] {
            assert_eq!(id.parse::<ParaId>().map(|p| p.to_string()), Ok(id.to_string()));
        }
        assert!("annexA-op1".parse::<ParaId>().is_err());
        assert!("xx1".parse::<ParaId>().is_err());
    }
}
