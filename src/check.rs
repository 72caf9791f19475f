//! `plenary check`: validates the content without writing a site, and lists
//! what a reader may want to look at: citations left unlinked because their
//! issuing body is not certain.

use crate::build::{self, Options};
use crate::cite;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::Resolution;

/// Everything `check` finds; errors make it fail.
pub fn run(opts: &Options) -> Diagnostics {
    let site = match build::load(opts) {
        Ok(site) => site,
        Err(d) => return d,
    };
    let mut all = site.warnings;
    for res in site.collection.values() {
        all.extend(unsure(res));
    }
    all.sort();
    all
}

/// Unlinked references to resolutions or decisions of one resolution.
pub fn unsure(res: &Resolution) -> Diagnostics {
    let mut out = Diagnostics::new();
    let texts = res
        .paragraphs()
        .map(|p| (p.line, &p.text))
        .chain(res.footnotes.iter().map(|f| (f.line, &f.text)));
    for (line, text) in texts {
        for u in cite::uncertain(text) {
            out.push(
                Diagnostic::warning(format!("`{}` is not linked: its issuing body is not certain", u.text))
                    .in_file(&res.source)
                    .at(Pos::new(line, 1))
                    .help("name the body before it (\"General Assembly resolution …\") if it should be linked"),
            );
        }
    }
    out
}
