//! `plenary check`: validates the content and the site it builds (in memory,
//! nothing is written): every internal link and anchor resolves, ids are
//! unique, pages are well-formed; and lists citations left unlinked because
//! their issuing body is not certain.

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
    let mut all = site.warnings.clone();
    for res in site.collection.values() {
        all.extend(unsure(res));
    }
    all.extend(site_problems(&site));
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
    let ctx = cite::Context {
        home: cite::body::Body::of_symbol(res.symbol().as_str()),
        before: "",
    };
    for (line, text) in texts {
        for u in cite::uncertain(text, &ctx) {
            let help = match u.reason {
                cite::Reason::UncertainBody => {
                    "name the body before it (\"Economic and Social Council resolution …\") if it should be linked"
                }
                cite::Reason::OtherBody => {
                    "nothing to do if that body is not a United Nations organ with its own symbols"
                }
                cite::Reason::UnknownForm(_) => {
                    "write the number as the Editorial Manual does (31/16 A, 3363 (XXX), 1373 (2001)) if it should be linked"
                }
            };
            out.push(
                Diagnostic::warning(format!("`{}` is not linked: {}", u.text, u.reason))
                    .in_file(&res.source)
                    .at(Pos::new(line, 1))
                    .help(help),
            );
        }
    }
    out
}

/// Renders the whole site in memory and checks it as a reader's browser
/// would meet it: every internal link and anchor resolves, ids are unique
/// on each page, and every page parses as HTML without errors.
pub fn site_problems(site: &build::Site) -> Diagnostics {
    use rayon::prelude::*;
    use std::collections::{HashMap, HashSet};
    let input = site.input();
    let jobs = crate::render::jobs(&input);
    let refs: Vec<&crate::render::Job> = jobs.iter().collect();
    let files = match build::render_jobs(&input, &refs) {
        Ok(f) => f,
        Err(d) => return d,
    };
    let site_files: HashMap<&str, &[u8]> = files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())).collect();
    let pages: Vec<&crate::render::OutputFile> = files.iter().filter(|f| f.path.ends_with(".html")).collect();
    let parsed: Vec<(&str, HashSet<String>, Vec<String>, Diagnostics)> = pages
        .par_iter()
        .map(|f| {
            let mut diags = Diagnostics::new();
            let shown = std::path::Path::new(&f.path);
            let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&f.bytes));
            for e in doc.errors.iter().take(3) {
                diags.push(Diagnostic::error(format!("the page is not well-formed HTML: {e}")).in_file(shown));
            }
            let mut ids = HashSet::new();
            let id_sel = scraper::Selector::parse("[id]").unwrap_or_else(|e| panic!("built-in selector: {e}"));
            for el in doc.select(&id_sel) {
                let id = el.value().attr("id").unwrap_or_default().to_string();
                if !ids.insert(id.clone()) {
                    diags.push(Diagnostic::error(format!("the id `{id}` is used twice on the page")).in_file(shown));
                }
            }
            let link_sel = scraper::Selector::parse("a[href], link[href], script[src], img[src]")
                .unwrap_or_else(|e| panic!("built-in selector: {e}"));
            let links = doc
                .select(&link_sel)
                .filter_map(|el| el.value().attr("href").or_else(|| el.value().attr("src")))
                .map(str::to_string)
                .collect();
            (f.path.as_str(), ids, links, diags)
        })
        .collect();
    let ids_of: HashMap<&str, &HashSet<String>> = parsed.iter().map(|(p, ids, _, _)| (*p, ids)).collect();
    let mut out = Diagnostics::new();
    for (page, _, links, diags) in &parsed {
        out.extend(diags.clone());
        for link in links {
            if let Some(problem) = broken(page, link, &site_files, &ids_of, &site.config.base_url) {
                out.push(Diagnostic::error(problem).in_file(std::path::Path::new(page)));
            }
        }
    }
    out.sort();
    out
}

/// Why `link` on `page` does not resolve inside the site, if it does not.
fn broken(
    page: &str,
    link: &str,
    files: &std::collections::HashMap<&str, &[u8]>,
    ids: &std::collections::HashMap<&str, &std::collections::HashSet<String>>,
    base_url: &str,
) -> Option<String> {
    if link.contains("://") || link.starts_with("mailto:") || link.starts_with("data:") {
        return None;
    }
    let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
    let path = path.split('?').next().unwrap_or_default();
    let target = if path.is_empty() {
        page.to_string()
    } else {
        let joined = match path
            .strip_prefix(base_url.trim_end_matches('/'))
            .filter(|_| path.starts_with('/'))
        {
            Some(abs) => abs.trim_start_matches('/').to_string(),
            None if path.starts_with('/') => path.trim_start_matches('/').to_string(),
            None => {
                let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
                if dir.is_empty() {
                    path.to_string()
                } else {
                    format!("{dir}/{path}")
                }
            }
        };
        let mut parts: Vec<&str> = Vec::new();
        for seg in joined.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Some(format!("the link `{link}` leaves the site"));
                    }
                }
                s => parts.push(s),
            }
        }
        let mut t = parts.join("/");
        if joined.ends_with('/') || joined.is_empty() || t.is_empty() {
            if !t.is_empty() {
                t.push('/');
            }
            t.push_str("index.html");
        }
        t
    };
    if !files.contains_key(target.as_str()) {
        return Some(format!("the link `{link}` leads nowhere: the site has no `{target}`"));
    }
    if !fragment.is_empty() && ids.get(target.as_str()).is_some_and(|set| !set.contains(fragment)) {
        return Some(format!(
            "the link `{link}` names an anchor `#{fragment}` that `{target}` does not have"
        ));
    }
    None
}
