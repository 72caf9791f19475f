//! The theme: templates and static assets, built into the binary, with any
//! file overridable by the site's own `themes/<name>/` folder.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::fsx;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../themes/default/", $name)))),*]
    };
}

/// The default theme's files, by path inside the theme folder.
const DEFAULT_FILES: &[(&str, &[u8])] = embed!(
    "templates/base.html",
    "templates/home.html",
    "templates/resolution.html",
    "templates/paragraph.html",
    "templates/macros.html",
    "templates/404.html",
    "templates/document.html",
    "templates/citations.html",
    "templates/search.html",
    "templates/list.html",
    "templates/browse.html",
    "static/style.css",
    "static/plenary.js",
    "static/search.js",
);

/// The built-in theme's files: (path under the theme folder, bytes).
pub fn default_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    DEFAULT_FILES.iter().copied()
}

/// Loaded templates and the static files to copy into the site.
pub struct Theme {
    pub tera: Tera,
    /// Output path (under the site root) → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Where each template came from, for messages.
    pub sources: BTreeMap<String, PathBuf>,
    /// For each template, a hash of it and of every template it uses: a
    /// page needs rendering again when its template's hash changes.
    pub template_hashes: BTreeMap<String, u64>,
}

/// Loads the theme `name`: built-in files first, then the site's overrides.
pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut files: BTreeMap<String, (PathBuf, Vec<u8>)> = DEFAULT_FILES
        .iter()
        .map(|(n, b)| {
            (
                n.to_string(),
                (PathBuf::from(format!("(built-in theme)/{n}")), b.to_vec()),
            )
        })
        .collect();
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        let d = Diagnostic::error(format!("`{name}` is not a theme name"))
            .in_file(crate::config::CONFIG_FILE)
            .help("name a folder directly under `themes/`, e.g. `theme: default`");
        return Err(d.into());
    }
    let dir = root.join("themes").join(name);
    for (abs, shown) in fsx::walk_files(root, &dir, &mut diags, |_| true) {
        let Ok(rel) = abs.strip_prefix(&dir) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        match fsx::read(&abs, &shown) {
            Ok(bytes) => {
                files.insert(rel, (shown, bytes));
            }
            Err(d) => diags.push(d),
        }
    }
    let mut templates = Vec::new();
    let mut sources = BTreeMap::new();
    let mut static_files = BTreeMap::new();
    for (rel, (shown, bytes)) in files {
        if let Some(t) = rel.strip_prefix("templates/") {
            match crate::content::decode(&shown, bytes) {
                Ok(text) => templates.push((t.to_string(), text)),
                Err(d) => diags.push(d),
            }
            sources.insert(t.to_string(), shown);
        } else if let Some(s) = rel.strip_prefix("static/") {
            static_files.insert(s.to_string(), bytes);
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    // Before tera sees them: a reference cycle would overflow its stack.
    let refs = crate::theme_refs::check(&templates, &sources);
    if refs.has_errors() {
        diags.extend(refs);
        return Err(diags);
    }
    let texts: BTreeMap<&str, &str> = templates.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let template_hashes = crate::theme_refs::closures(&templates)
        .into_iter()
        .map(|(name, uses)| {
            let used: Vec<(&String, Option<&&str>)> = uses.iter().map(|u| (u, texts.get(u.as_str()))).collect();
            (name, crate::incremental::hash_of(&used))
        })
        .collect();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter("safe_url", safe_url);
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(template_error(&e, &sources, &templates));
        return Err(diags);
    }
    Ok(Theme {
        tera,
        static_files,
        sources,
        template_hashes,
    })
}

/// Escapes text for HTML without tera's default `/` → `&#x2F;`, which makes
/// every URL in an attribute unreadable while adding no safety in quotes.
fn escape_html(s: &str) -> String {
    crate::content::html::escape(s)
}

/// `{{ link | safe_url }}`: a URL from content or front matter, with
/// `javascript:`, `vbscript:` and `data:` (in any case or spacing) made `#`.
fn safe_url(value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let url = value.as_str().unwrap_or_default();
    let safe = if crate::content::html::is_safe_url(url) {
        url
    } else {
        "#"
    };
    Ok(tera::Value::String(safe.to_string()))
}

/// A tera error as a diagnostic that names the template file and position.
pub fn template_error(
    e: &tera::Error,
    sources: &BTreeMap<String, PathBuf>,
    templates: &[(String, String)],
) -> Diagnostic {
    let chain = error_chain(e);
    let name = chain
        .split('\'')
        .nth(1)
        .filter(|n| sources.contains_key(*n))
        .map(str::to_string);
    let pos = chain.split("--> ").nth(1).and_then(|rest| {
        let (l, rest) = rest.split_once(':')?;
        let c: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(Pos::new(l.trim().parse().ok()?, c.parse().ok()?))
    });
    let detail = chain
        .lines()
        .filter_map(|l| l.trim().strip_prefix("= "))
        .next()
        .map(str::to_string)
        .unwrap_or_else(|| chain.lines().last().unwrap_or_default().trim().to_string());
    let mut d = Diagnostic::error(format!("template error: {detail}"));
    if let Some(name) = &name {
        d = d.in_file(&sources[name]);
        let text = templates.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str());
        if let (Some(p), Some(text)) = (pos, text) {
            d = d.at_in(text, p);
        }
    }
    d.help("fix the template's syntax (tera, like Jinja2), or delete the override to use the built-in template")
}

/// tera keeps the useful part of its messages in the error's sources.
pub fn error_chain(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        s.push('\n');
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
