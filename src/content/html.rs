//! Turning Markdown events into safe HTML: raw HTML is shown as text, unsafe
//! URL schemes never become links, and footnote references become hover-able
//! markers (CONTRACT §3).

use crate::cite::Target;
use crate::model::FootnoteLabel;
use crate::symbol::Symbol;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::BTreeMap;

/// What paragraph rendering needs to know and what it records.
pub struct InlineCtx<'f> {
    /// Id of the paragraph being rendered, prefix of the tooltip ids.
    pub para: String,
    /// Inline HTML of every defined footnote.
    pub footnotes: &'f BTreeMap<String, String>,
    /// Footnotes referenced, in order of first reference.
    pub referenced: Vec<FootnoteLabel>,
    /// Labels referenced but not defined, with their byte offsets.
    pub undefined: Vec<(String, usize)>,
    /// The whole file the event offsets point into.
    source: &'f str,
    /// The resolution being parsed; citations are recognised only with it.
    pub symbol: Option<Symbol>,
    /// Citations found, in order.
    pub cites: Vec<Target>,
    occurrences: BTreeMap<String, usize>,
    /// The paragraph's text before the run being read: the issuing body
    /// of a citation may be named there.
    seen: String,
}

impl<'f> InlineCtx<'f> {
    pub fn new(para: String, footnotes: &'f BTreeMap<String, String>, source: &'f str) -> Self {
        InlineCtx {
            para,
            footnotes,
            referenced: Vec::new(),
            undefined: Vec::new(),
            source,
            symbol: None,
            cites: Vec::new(),
            occurrences: BTreeMap::new(),
            seen: String::new(),
        }
    }

    /// Recognises citations in text, linking them within `symbol`'s pages.
    pub fn citing(mut self, symbol: &Symbol) -> Self {
        self.symbol = Some(symbol.clone());
        self
    }

    /// What rendering recorded.
    pub fn finish(self) -> Recorded {
        Recorded {
            referenced: self.referenced,
            undefined: self.undefined,
            cites: self.cites,
        }
    }

    /// The opening tag of a citation link; `\0` stands for the path to the
    /// site root, filled in per page.
    fn cite_open(&mut self, targets: &[Target]) -> String {
        for t in targets {
            if !self.cites.contains(t) {
                self.cites.push(t.clone());
            }
        }
        let own = self.symbol.as_ref().map_or(String::new(), Symbol::to_string);
        // Citations inside a footnote get no preview: no tooltip in a tooltip.
        let class = if self.para.starts_with("fn") {
            "cite in-note"
        } else {
            "cite"
        };
        match targets.first() {
            Some(Target::Doc(s) | Target::Part(s, _)) => format!(
                "<a class=\"{class}\" data-cite=\"{s}\" href=\"\u{0}{}\">",
                escape(&s.url_path())
            ),
            Some(Target::Para(s, n)) => format!(
                "<a class=\"{class}\" data-cite=\"{s}\" data-paragraph=\"op{n}\" href=\"\u{0}{}op{n}/\">",
                escape(&s.url_path())
            ),
            Some(Target::Internal(n)) => {
                let part = self
                    .para
                    .split_once('-')
                    .map_or(String::new(), |(a, _)| format!("{a}-"));
                format!(
                    "<a class=\"cite internal\" data-cite=\"{own}\" data-paragraph=\"{part}op{n}\" href=\"\u{0}{own}/{part}op{n}/\">"
                )
            }
            None => "<a>".to_string(),
        }
    }

    /// The marker and its tooltip for one reference to footnote `label`.
    fn marker(&mut self, label: &str) -> String {
        let label_owned = FootnoteLabel(label.to_string());
        if !self.referenced.contains(&label_owned) {
            self.referenced.push(label_owned);
        }
        let n = self.occurrences.entry(label.to_string()).or_insert(0);
        *n += 1;
        let slug = id_slug(label);
        let tip = format!("tip-{}-{slug}-{n}", self.para);
        let esc = escape(label);
        let body = self.footnotes.get(label).map(String::as_str).unwrap_or("");
        format!(
            "<span class=\"fn\"><a class=\"fn-ref\" href=\"#fn-{slug}\" data-fn=\"{esc}\" \
             aria-describedby=\"{tip}\" aria-label=\"Footnote {esc}\"><sup>{esc}</sup></a>\
             <span class=\"fn-tip\" role=\"tooltip\" id=\"{tip}\"><span class=\"fn-tip-label\">{esc}</span> {body}</span></span>"
        )
    }
}

/// What an [`InlineCtx`] saw, once rendering is done.
pub struct Recorded {
    pub referenced: Vec<FootnoteLabel>,
    pub undefined: Vec<(String, usize)>,
    pub cites: Vec<Target>,
}

/// Renders events to HTML through the safety filter. `offsets` are the byte
/// offsets of the events in the file, used to place undefined references.
pub fn render(events: &[(Event<'_>, usize)], ctx: &mut InlineCtx<'_>) -> String {
    let mut out = String::new();
    let safe = sanitize(events, ctx);
    pulldown_cmark::html::push_html(&mut out, safe.into_iter());
    out
}

/// Renders events as inline HTML only: paragraphs become plain runs.
pub fn render_inline(events: &[(Event<'_>, usize)], ctx: &mut InlineCtx<'_>) -> String {
    let mut parts = Vec::new();
    let mut current = Vec::new();
    for (e, off) in events {
        match e {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => parts.push(std::mem::take(&mut current)),
            _ => current.push((e.clone(), *off)),
        }
    }
    parts.push(current);
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| render(p, ctx))
        .collect::<Vec<_>>()
        .join(" ")
}

fn sanitize<'a>(events: &[(Event<'a>, usize)], ctx: &mut InlineCtx<'_>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    // Whether each open link or image was dropped, so its end is dropped too.
    let mut dropped: Vec<bool> = Vec::new();
    let mut text_run = String::new();
    let mut text_start = 0;
    for (e, off) in events {
        if let Event::Text(t) = e {
            if text_run.is_empty() {
                text_start = *off;
            }
            text_run.push_str(t);
            continue;
        }
        // An end tag carries the offset where its element starts, before
        // the text it ends: the text then reaches as far as it may.
        let end = if *off > text_start {
            *off
        } else {
            run_end(text_start, &text_run)
        };
        flush_text(&mut text_run, text_start, end, !dropped.is_empty(), ctx, &mut out);
        // A line break is a space between words to the citation reader.
        if matches!(e, Event::SoftBreak | Event::HardBreak) {
            ctx.seen.push(' ');
        }
        match e {
            Event::Html(s) | Event::InlineHtml(s) => out.push(Event::Text(s.clone())),
            Event::FootnoteReference(label) => {
                out.push(Event::InlineHtml(CowStr::from(ctx.marker(label))));
            }
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                let bad = !is_safe_url(dest_url);
                dropped.push(bad);
                if !bad {
                    out.push(e.clone());
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if !dropped.pop().unwrap_or(false) {
                    out.push(e.clone());
                }
            }
            _ => out.push(e.clone()),
        }
    }
    let end = run_end(text_start, &text_run);
    flush_text(&mut text_run, text_start, end, !dropped.is_empty(), ctx, &mut out);
    out
}

/// How far in the source a run of text that starts at `start` may reach
/// when no later event says: escapes and entities make the source longer
/// than the text.
fn run_end(start: usize, run: &str) -> usize {
    start + 2 * run.len() + 16
}

/// Emits a run of text, its citations made links (not inside another link).
fn flush_text(
    run: &mut String,
    start: usize,
    end: usize,
    in_link: bool,
    ctx: &mut InlineCtx<'_>,
    out: &mut Vec<Event<'_>>,
) {
    if run.is_empty() {
        return;
    }
    find_undefined(run, start, end, ctx);
    let found = match (&ctx.symbol, in_link) {
        (Some(own), false) => {
            let cx = crate::cite::Context {
                home: crate::cite::body::Body::of_symbol(own.as_str()),
                before: &ctx.seen,
            };
            crate::cite::find_in(run, &cx)
        }
        _ => Vec::new(),
    };
    ctx.seen.push_str(run);
    let mut at = 0;
    for f in found {
        if f.start > at {
            out.push(Event::Text(CowStr::from(run[at..f.start].to_string())));
        }
        let text = &run[f.start..f.end];
        out.push(Event::InlineHtml(CowStr::from(ctx.cite_open(&f.targets))));
        out.push(Event::Text(CowStr::from(text.to_string())));
        out.push(Event::InlineHtml(CowStr::from("</a>")));
        at = f.end;
    }
    if at < run.len() {
        out.push(Event::Text(CowStr::from(run[at..].to_string())));
    }
    run.clear();
}

/// pulldown-cmark leaves a reference to an undefined footnote as literal
/// text. So does an escaped `\[^x]`, which is meant as text: only what the
/// source writes unescaped between `start` and `end` counts.
fn find_undefined(text: &str, start: usize, end: usize, ctx: &mut InlineCtx<'_>) {
    let mut rest = text;
    while let Some(i) = rest.find("[^") {
        let after = &rest[i + 2..];
        if let Some(close) = after.find(']') {
            let label = &after[..close];
            if !label.is_empty()
                && !label.contains(char::is_whitespace)
                && !ctx.footnotes.contains_key(label)
                && let Some(at) = unescaped(ctx.source, start, end, &format!("[^{label}]"))
            {
                ctx.undefined.push((label.to_string(), at));
            }
        }
        rest = after;
    }
}

/// Where `needle` stands in `source[start..end]` without a backslash before it.
fn unescaped(source: &str, start: usize, end: usize, needle: &str) -> Option<usize> {
    let end = floor_boundary(source, end.min(source.len()));
    let start = floor_boundary(source, start.min(end));
    let hay = &source[start..end];
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        if !hay[..at].ends_with('\\') {
            return Some(start + at);
        }
        from = at + 1;
    }
    None
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Only relative links and the schemes a reader expects may become links.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find(':') {
        None => true,
        Some(i) => {
            let scheme = &cleaned[..i];
            // A colon after a path or query character is not a scheme.
            if cleaned[..i].contains(['/', '?', '#']) {
                return true;
            }
            matches!(scheme, "http" | "https" | "mailto")
        }
    }
}

/// The plain text of events: footnote markers left out, whitespace collapsed.
pub fn plain_text(events: &[(Event<'_>, usize)]) -> String {
    let mut s = String::new();
    // Collapses white space as it goes: no space at the start, one between words.
    let mut push = |t: &str| {
        for c in t.chars() {
            if c.is_whitespace() {
                if !s.is_empty() && !s.ends_with(' ') {
                    s.push(' ');
                }
            } else {
                s.push(c);
            }
        }
    };
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => push(t),
            Event::SoftBreak | Event::HardBreak => push(" "),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => push(" "),
            _ => {}
        }
    }
    if s.ends_with(' ') {
        s.pop();
    }
    s
}

/// An HTML id fragment from any label: ASCII letters, digits, `-`, `_` kept.
pub fn id_slug(label: &str) -> String {
    let mut s = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            s.push(c);
        } else {
            s.push_str(&format!("_{:x}", c as u32));
        }
    }
    s
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_schemes_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            " java\tscript:x",
            "vbscript:x",
            "data:text/html,x",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
        for good in ["https://undocs.org/A/RES/1", "../op2/", "#fn-1", "mailto:a@b", "a/b:c"] {
            assert!(is_safe_url(good), "{good}");
        }
    }

    #[test]
    fn slugs_are_id_safe() {
        assert_eq!(id_slug("12"), "12");
        assert_eq!(id_slug("x\"><"), "x_22_3e_3c");
    }
}
