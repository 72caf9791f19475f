//! `plenary bench-corpus`: a deterministic collection of made-up
//! resolutions with the shape of real ones, for benchmarks.
//!
//! Shape measured from real General Assembly resolutions: about 30
//! paragraphs (14 preambular, 16 operative, widely spread), ~320 characters
//! a paragraph with a long tail to 4,000, ~7 footnotes, ~0.5 citations a
//! paragraph of which 60 % point inside the collection.

use std::fmt::Write as _;
use std::path::Path;

/// A small, seedable generator (xorshift64*): the same seed gives the same
/// collection on every machine and version.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 1_000_000.0 < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const PREAMBLE: &[&str] = &[
    "Recalling",
    "Reaffirming",
    "Recognizing",
    "Noting",
    "Welcoming",
    "Emphasizing",
    "Expressing concern",
    "Bearing in mind",
    "Convinced",
    "Mindful",
    "Taking note",
    "Stressing",
];
const OPERATIVE: &[&str] = &[
    "Decides",
    "Requests",
    "Urges",
    "Calls upon",
    "Encourages",
    "Welcomes",
    "Invites",
    "Reaffirms",
    "Takes note",
    "Emphasizes",
    "Stresses",
    "Recognizes",
];
const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "international",
    "cooperation",
    "States",
    "Member",
    "United",
    "Nations",
    "development",
    "implementation",
    "sustainable",
    "efforts",
    "including",
    "support",
    "regional",
    "national",
    "programme",
    "report",
    "Secretary-General",
    "relevant",
    "human",
    "rights",
    "peace",
    "security",
    "assistance",
    "technical",
    "capacity",
    "within",
    "existing",
    "resources",
    "mandate",
    "Office",
    "crime",
    "prevention",
    "criminal",
    "justice",
    "framework",
    "strengthen",
    "continue",
    "promote",
    "ensure",
    "particular",
    "countries",
    "developing",
    "full",
    "effective",
    "Convention",
    "Protocols",
    "thereto",
    "organizations",
    "civil",
    "society",
    "appropriate",
    "measures",
    "challenges",
    "commitment",
    "agenda",
    "global",
    "further",
    "level",
    "its",
];
const MONTHS: &[&str] = &["January", "March", "June", "September", "October", "December"];

/// Where a collection of `n` resolutions puts resolution `i`: sessions of
/// ~300 resolutions each, newest last.
pub fn symbol_of(i: usize) -> (u32, u32) {
    (40 + (i / 300) as u32, 1 + (i % 300) as u32)
}

/// Writes `n` resolutions under `dir/content/`, deterministic from `seed`.
pub fn generate(n: usize, dir: &Path, seed: u64) -> std::io::Result<()> {
    let content = dir.join("content");
    for i in 0..n {
        let (session, number) = symbol_of(i);
        let mut rng = Rng::new(seed ^ ((i as u64) << 20));
        let text = resolution(&mut rng, n, session, number);
        let path = content.join(format!("A/RES/{session}/{number}.md"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

fn resolution(rng: &mut Rng, n: usize, session: u32, number: u32) -> String {
    let mut out = String::with_capacity(12_000);
    let title_words = rng.range(4, 12) as usize;
    let title = sentence(rng, title_words);
    // Titles repeat across sessions for annual items: number modulo 60.
    let title = format!(
        "{}{}",
        capitalise(&title),
        if number % 60 < 20 { "" } else { " matters" }
    );
    let _ = write!(
        out,
        "---\nsymbol: A/RES/{session}/{number}\ntitle: \"{title}\"\nadopted: {}-12-{:02}\nmeeting: {}th plenary meeting\n---\n\nThe General Assembly,\n\n",
        1945 + session,
        rng.range(1, 28),
        rng.range(20, 90)
    );
    let pp = spread(rng, 12);
    let op = spread(rng, 14);
    let notes = rng.range(3, 11) as usize;
    let mut note = 0;
    for _ in 0..pp {
        let lead = *rng.pick(PREAMBLE);
        let body = paragraph(rng, n, session, &mut note, notes);
        let _ = writeln!(out, "{lead} {body},\n");
    }
    for k in 1..=op {
        let lead = *rng.pick(OPERATIVE);
        let body = paragraph(rng, n, session, &mut note, notes);
        let end = if k == op { "." } else { ";" };
        let _ = writeln!(out, "{k}. {lead} {body}{end}\n");
    }
    for k in 1..=note.max(1) {
        let _ = writeln!(
            out,
            "[^{k}]: See A/{session}/{}, para. {}.",
            rng.range(100, 700),
            rng.range(1, 40)
        );
    }
    if note == 0 {
        // Every generated resolution references at least one footnote.
        out = out.replacen(",\n\n", ",[^1]\n\n", 1);
    }
    out
}

/// A count around `mean` with a wide spread (1 to 3 × mean).
fn spread(rng: &mut Rng, mean: u64) -> u64 {
    match rng.range(0, 9) {
        0 => rng.range(1, mean / 2),
        1..=6 => rng.range(mean / 2, mean + mean / 2),
        7 | 8 => rng.range(mean, 2 * mean),
        _ => rng.range(2 * mean, 3 * mean),
    }
}

fn paragraph(rng: &mut Rng, n: usize, session: u32, note: &mut usize, notes: usize) -> String {
    // ~320 characters, a long tail to 4,000.
    let chars = match rng.range(0, 99) {
        0..=74 => rng.range(80, 360),
        75..=94 => rng.range(360, 640),
        95..=98 => rng.range(640, 2000),
        _ => rng.range(2000, 4000),
    } as usize;
    let mut s = sentence(rng, chars / 8);
    if rng.chance(0.5) {
        let cite = if rng.chance(0.6) {
            // Inside the collection: an earlier resolution.
            let (cs, cn) = symbol_of(rng.range(0, n.max(1) as u64 - 1) as usize);
            format!(
                "its resolution {cs}/{cn} of {} {} {}",
                rng.range(1, 28),
                rng.pick(MONTHS),
                1945 + cs
            )
        } else {
            format!(
                "the report of the Secretary-General (A/{session}/{})",
                rng.range(100, 900)
            )
        };
        s.push_str(&format!(", recalling {cite}"));
    }
    if *note < notes && rng.chance(0.25) {
        *note += 1;
        s.push_str(&format!(",[^{note}] {}", sentence(rng, 6)));
    }
    s
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words.max(1) {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(*rng.pick(WORDS));
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().collect::<String>() + c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_collection() {
        let a = tempfile_dir("a");
        let b = tempfile_dir("b");
        generate(20, &a, 7).expect("a");
        generate(20, &b, 7).expect("b");
        for i in 0..20 {
            let (s, n) = symbol_of(i);
            let p = format!("content/A/RES/{s}/{n}.md");
            assert_eq!(
                std::fs::read(a.join(&p)).expect("a"),
                std::fs::read(b.join(&p)).expect("b")
            );
        }
        let _ = std::fs::remove_dir_all(a);
        let _ = std::fs::remove_dir_all(b);
    }

    fn tempfile_dir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("plenary-bench-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }
}
