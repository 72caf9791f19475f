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

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() % 1_000_000) as f64 / 1_000_000.0 < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
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

/// One made-up resolution, before it is written in either format.
struct Made {
    session: u32,
    number: u32,
    title: String,
    adopted: String,
    meeting: String,
    preamble: Vec<String>,
    operative: Vec<String>,
    notes: Vec<String>,
}

/// Writes `n` resolutions under `dir/content/`, deterministic from `seed`;
/// with `hugo`, also the same pages as a Hugo site under `dir/hugo/` (one
/// page per paragraph, minimal templates), for comparison.
pub fn generate(n: usize, dir: &Path, seed: u64, hugo: bool) -> std::io::Result<()> {
    // Made-up resolutions never overwrite someone's content.
    for sub in ["content", "hugo"] {
        let d = dir.join(sub);
        if std::fs::read_dir(&d).is_ok_and(|mut e| e.next().is_some()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} holds files already; choose a new folder", d.display()),
            ));
        }
    }
    if hugo {
        hugo_skeleton(&dir.join("hugo"))?;
    }
    for i in 0..n {
        let (session, number) = symbol_of(i);
        let mut rng = Rng::new(seed ^ ((i as u64) << 20));
        let made = resolution(&mut rng, n, session, number);
        write(
            &dir.join("content").join(format!("A/RES/{session}/{number}.md")),
            &markdown(&made),
        )?;
        if hugo {
            write_hugo(&dir.join("hugo/content"), &made)?;
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

fn resolution(rng: &mut Rng, n: usize, session: u32, number: u32) -> Made {
    let title_words = rng.range(4, 12) as usize;
    let title = sentence(rng, title_words);
    // Titles repeat across sessions for annual items.
    let title = format!(
        "{}{}",
        capitalise(&title),
        if number % 60 < 20 { "" } else { " matters" }
    );
    let adopted = format!("{}-12-{:02}", 1945 + session, rng.range(1, 28));
    let meeting = format!("{}th plenary meeting", rng.range(20, 90));
    let pp = spread(rng, 12);
    let op = spread(rng, 14);
    let notes = rng.range(3, 11) as usize;
    let mut note = 0;
    let mut preamble = Vec::new();
    for _ in 0..pp {
        let lead = *rng.pick(PREAMBLE);
        preamble.push(format!("{lead} {},", paragraph(rng, n, session, &mut note, notes)));
    }
    let mut operative = Vec::new();
    for k in 1..=op {
        let lead = *rng.pick(OPERATIVE);
        let end = if k == op { "." } else { ";" };
        operative.push(format!("{lead} {}{end}", paragraph(rng, n, session, &mut note, notes)));
    }
    if note == 0 {
        // Every resolution references at least one footnote.
        note = 1;
        if let Some(p) = preamble.first_mut().or(operative.first_mut()) {
            p.push_str("[^1]");
        }
    }
    let notes = (1..=note)
        .map(|_| format!("See A/{session}/{}, para. {}.", rng.range(100, 700), rng.range(1, 40)))
        .collect();
    Made {
        session,
        number,
        title,
        adopted,
        meeting,
        preamble,
        operative,
        notes,
    }
}

fn markdown(m: &Made) -> String {
    let mut out = String::with_capacity(12_000);
    let _ = write!(
        out,
        "---\nsymbol: A/RES/{}/{}\ntitle: \"{}\"\nadopted: {}\nmeeting: {}\n---\n\nThe General Assembly,\n\n",
        m.session, m.number, m.title, m.adopted, m.meeting
    );
    for p in &m.preamble {
        let _ = writeln!(out, "{p}\n");
    }
    for (k, p) in m.operative.iter().enumerate() {
        let _ = writeln!(out, "{}. {p}\n", k + 1);
    }
    for (k, note) in m.notes.iter().enumerate() {
        let _ = writeln!(out, "[^{}]: {note}", k + 1);
    }
    out
}

/// The same resolution for Hugo: a section, one page per paragraph, each
/// page carrying the footnotes it references.
fn write_hugo(content: &Path, m: &Made) -> std::io::Result<()> {
    let dir = content.join(format!("A/RES/{}/{}", m.session, m.number));
    write(
        &dir.join("_index.md"),
        &format!(
            "---\ntitle: \"A/RES/{}/{}: {}\"\ndate: {}\n---\n",
            m.session, m.number, m.title, m.adopted
        ),
    )?;
    let paras = m
        .preamble
        .iter()
        .map(|p| ("pp", p))
        .chain(m.operative.iter().map(|p| ("op", p)));
    let mut counts = (0, 0);
    for (kind, p) in paras {
        let k = if kind == "pp" {
            counts.0 += 1;
            counts.0
        } else {
            counts.1 += 1;
            counts.1
        };
        let mut page = format!(
            "---\ntitle: \"{} {k}\"\nweight: {}\n---\n\n{p}\n\n",
            kind.to_uppercase(),
            counts.0 + counts.1
        );
        for (i, note) in m.notes.iter().enumerate() {
            if p.contains(&format!("[^{}]", i + 1)) {
                let _ = writeln!(page, "[^{}]: {note}", i + 1);
            }
        }
        write(&dir.join(format!("{kind}{k}.md")), &page)?;
    }
    Ok(())
}

fn hugo_skeleton(dir: &Path) -> std::io::Result<()> {
    write(
        &dir.join("hugo.toml"),
        "baseURL = \"http://localhost/\"\ntitle = \"Resolutions\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\"]\n",
    )?;
    let base =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>";
    write(
        &dir.join("layouts/_default/single.html"),
        &format!(
            "{base}<nav><a href=\"{{{{ .Parent.RelPermalink }}}}\">{{{{ .Parent.Title }}}}</a></nav><main><h1>{{{{ .Title }}}}</h1>{{{{ .Content }}}}</main>{{{{ with .PrevInSection }}}}<a href=\"{{{{ .RelPermalink }}}}\">prev</a>{{{{ end }}}}{{{{ with .NextInSection }}}}<a href=\"{{{{ .RelPermalink }}}}\">next</a>{{{{ end }}}}</body></html>\n"
        ),
    )?;
    write(
        &dir.join("layouts/_default/list.html"),
        &format!(
            "{base}<main><h1>{{{{ .Title }}}}</h1>{{{{ range .Pages }}}}<section><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a>{{{{ .Content }}}}</section>{{{{ end }}}}</main></body></html>\n"
        ),
    )?;
    write(
        &dir.join("layouts/index.html"),
        &format!(
            "{base}<main>{{{{ range .Site.Sections }}}}<a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a>{{{{ end }}}}</main></body></html>\n"
        ),
    )
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
        let word: &&str = rng.pick(WORDS);
        s.push_str(word);
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
        generate(20, &a, 7, false).expect("a");
        generate(20, &b, 7, false).expect("b");
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
