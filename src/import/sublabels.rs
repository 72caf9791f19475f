//! Sub-paragraph labels the PDF text lost: "(a)", "(b)" or "(i)" dropped
//! before "(ii)" or "(e)". Where the labels that remain make the sequence
//! certain (four unlabelled items before "(e)" after "(ii)"), the missing
//! ones are restored; where they do not, a warning names the line.

use super::markers::Doubt;
use super::structure::{Block, Doc};

/// A sub-paragraph's label, as letter or numeral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// `a` = 0, `b` = 1 ...; `aa` = 26 ...
    Letter(u32),
    Numeral(u32),
}

/// Restores lost labels in every block of `doc`.
pub fn restore(doc: &mut Doc, doubts: &mut Vec<Doubt>) {
    let blocks = doc
        .preamble
        .iter_mut()
        .chain(doc.operative.iter_mut())
        .chain(doc.annexes.iter_mut().flat_map(|a| a.blocks.iter_mut()));
    for block in blocks {
        restore_block(block, doubts);
    }
}

fn restore_block(block: &mut Block, doubts: &mut Vec<Doubt>) {
    let labels: Vec<Option<Label>> = block.subs.iter().map(|s| label_of(&s.text)).collect();
    let Some(first) = labels.iter().position(Option::is_some) else {
        // "... in this regard:" and then items with no label at all.
        if block.text.text.trim_end().ends_with(':') && block.subs.len() > 1 {
            doubts.push(Doubt {
                line: block.subs[0].line,
                message: "the paragraph ends with a colon and the paragraphs after it have no labels \
                          ((a), (b) …): the text may have lost them; check them against the official text"
                    .to_string(),
            });
        }
        return;
    };
    if labels.iter().all(Option::is_some) {
        return;
    }
    let openings: Vec<bool> = block.subs.iter().map(|s| opens_with_participle(&s.text)).collect();
    match assign(&labels, &openings, first) {
        Some(assigned) => {
            for (sub, label) in block.subs.iter_mut().zip(assigned) {
                if let Some(l) = label {
                    sub.text = format!("({}) {}", write(l), sub.text);
                }
            }
        }
        None => {
            if let Some(sub) = labels
                .iter()
                .zip(&block.subs)
                .find(|(l, _)| l.is_none())
                .map(|(_, s)| s)
            {
                doubts.push(Doubt {
                    line: sub.line,
                    message: "some sub-paragraphs of this paragraph have lost their labels ((a), (b) …) and \
                              the labels that remain do not tell which; check them against the official text"
                        .to_string(),
                });
            }
        }
    }
}

/// The labels to add (None where the text keeps its own or none is sure),
/// or None when the sequence is not certain.
fn assign(labels: &[Option<Label>], participle: &[bool], first: usize) -> Option<Vec<Option<Label>>> {
    let mut out = vec![None; labels.len()];
    let mut letter: Option<u32> = None;
    let mut numeral: Option<u32> = None;
    let mut i = 0;
    while i < labels.len() {
        if let Some(l) = labels[i] {
            match l {
                Label::Letter(n) => {
                    letter = Some(n);
                    numeral = None;
                }
                Label::Numeral(n) => numeral = Some(n),
            }
            i += 1;
            continue;
        }
        // A run of unlabelled items, up to the next label.
        let end = labels[i..]
            .iter()
            .position(Option::is_some)
            .map_or(labels.len(), |p| i + p);
        let run = end - i;
        let next_letter = letter.map_or(0, |l| l + 1);
        match labels.get(end).copied().flatten() {
            Some(Label::Letter(target)) => {
                // Exactly the letters between, or it is not certain.
                if target < next_letter || target - next_letter != run as u32 {
                    return None;
                }
                for k in 0..run {
                    out[i + k] = Some(Label::Letter(next_letter + k as u32));
                }
                letter = Some(target - 1);
            }
            Some(Label::Numeral(target)) => {
                // The numerals before it, and letters before those.
                let numerals = target.checked_sub(numeral.map_or(1, |n| n + 1))? as usize;
                if numerals > run || (run > numerals && numeral.is_some()) {
                    return None;
                }
                let letters = run - numerals;
                for k in 0..letters {
                    out[i + k] = Some(Label::Letter(next_letter + k as u32));
                }
                if letters > 0 || letter.is_some() {
                    let from = numeral.map_or(1, |n| n + 1);
                    for k in 0..numerals {
                        out[i + letters + k] = Some(Label::Numeral(from + k as u32));
                    }
                } else {
                    return None;
                }
                if letters > 0 {
                    letter = Some(next_letter + letters as u32 - 1);
                }
            }
            // Trailing items: the next letters, when they and the labelled
            // item before them open alike ("Requesting ...").
            None if i > first && letter.is_some() && participle[i - 1] && participle[i..].iter().all(|p| *p) => {
                for k in 0..run {
                    out[i + k] = Some(Label::Letter(next_letter + k as u32));
                }
            }
            None => return None,
        }
        i = end;
    }
    Some(out)
}

/// Whether the text (after any label) opens with a participle, as items of
/// a list introduced by "by:" do ("Requesting", "Reaffirming").
fn opens_with_participle(text: &str) -> bool {
    let rest = match text.strip_prefix('(').and_then(|t| t.split_once(") ")) {
        Some((_, r)) => r,
        None => text,
    };
    rest.split_whitespace()
        .next()
        .is_some_and(|w| w.len() > 4 && w.ends_with("ing") && w.starts_with(char::is_uppercase))
}

/// The label at the start of a sub-paragraph's text, if any.
fn label_of(text: &str) -> Option<Label> {
    let inner = text.strip_prefix('(')?.split_once(')')?.0;
    if inner.is_empty() || inner.len() > 6 || !inner.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let value = crate::roman::value(&inner.to_ascii_uppercase());
    match value {
        // "(i)", "(v)", "(x)" alone are read as numerals only with more than one letter.
        Some(v) if inner.len() > 1 => Some(Label::Numeral(v)),
        _ => {
            let c = inner.chars().next()?;
            inner
                .chars()
                .all(|x| x == c)
                .then(|| Label::Letter((c as u32 - 'a' as u32) + 26 * (inner.len() as u32 - 1)))
        }
    }
}

fn write(l: Label) -> String {
    match l {
        Label::Letter(n) => {
            let c = char::from(b'a' + (n % 26) as u8);
            c.to_string().repeat(n as usize / 26 + 1)
        }
        Label::Numeral(n) => crate::roman::write(n).to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::structure::Text;

    fn block(subs: &[&str]) -> Block {
        Block {
            number: Some(1),
            headings: Vec::new(),
            text: Text {
                text: "Reaffirms the need to strengthen its work by:".into(),
                line: 1,
            },
            subs: subs
                .iter()
                .enumerate()
                .map(|(i, s)| Text {
                    text: s.to_string(),
                    line: i + 2,
                })
                .collect(),
        }
    }

    fn labels(b: &Block) -> Vec<String> {
        b.subs
            .iter()
            .map(|s| s.text.split(')').next().unwrap_or("").to_string() + ")")
            .collect()
    }

    /// The layout of A/RES/80/11 OP1: the text lost (a), (b), (i), (c), (d).
    #[test]
    fn lost_letters_and_numerals_are_restored_when_the_sequence_is_certain() {
        let mut b = block(&[
            "Requesting one",
            "Requesting two",
            "Assisting three",
            "(ii) Inviting four",
            "Taking note five",
            "Requesting six",
            "(e) Requesting seven",
            "(f) Requesting eight",
            "Requesting nine",
        ]);
        let mut doubts = Vec::new();
        restore_block(&mut b, &mut doubts);
        assert!(doubts.is_empty());
        assert_eq!(
            labels(&b),
            ["(a)", "(b)", "(i)", "(ii)", "(c)", "(d)", "(e)", "(f)", "(g)"]
        );
    }

    #[test]
    fn an_uncertain_sequence_is_left_with_a_warning() {
        let mut b = block(&["Requesting one", "(e) Requesting two"]);
        let mut doubts = Vec::new();
        restore_block(&mut b, &mut doubts);
        assert_eq!(doubts.len(), 1);
        assert_eq!(b.subs[0].text, "Requesting one");
    }
}
