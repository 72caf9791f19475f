//! `plenary init DIR`: a new site that builds at once: configuration, one
//! sample resolution (with a footnote and a citation), and the default
//! theme copied out of the binary, ready to be edited.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

const CONFIG: &str = "\
# Plenary site configuration. Every key is optional.
title: United Nations resolutions
description: Resolutions of the General Assembly, paragraph by paragraph.
# Where the site will be published; an absolute URL (https://…) also gives
# a sitemap and an Atom feed.
base_url: /
theme: default
";

const SAMPLE: &str = "\
---
symbol: A/RES/80/999
title: A sample resolution
adopted: 2025-12-01
committee: Third Committee
agenda_item: '1'
tags: [sample]
---

The General Assembly,

Recalling its resolution 65/232 of 21 December 2010,[^1]

Noting that each paragraph gets its own page,

1. Welcomes the new site;

2. Decides to replace this file with the resolutions to be published, for instance with `plenary import`.

[^1]: A footnote: it shows on hover and on keyboard focus.
";

/// Creates the site in `dir`, which must be missing or empty; returns the
/// files written.
pub fn run(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let occupied = std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(false);
    if occupied {
        return Err(Diagnostic::error(format!("{} is not empty", dir.display()))
            .help("choose a new folder, or an empty one: init never overwrites files"));
    }
    let mut files = vec![
        (PathBuf::from(crate::config::CONFIG_FILE), CONFIG.as_bytes()),
        (PathBuf::from("content/A/RES/80/999.md"), SAMPLE.as_bytes()),
    ];
    for (name, bytes) in crate::theme::default_files() {
        files.push((Path::new("themes/default").join(name), bytes));
    }
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        crate::fsx::write(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}
