//! From the Markdown body to the resolution's structure (CONTRACT §1): the
//! formula, preambular paragraphs, operative paragraphs with their written
//! numbers and sub-paragraphs, annexes and footnotes.

use super::html::{self, InlineCtx};
use crate::cite::Target;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::{Annex, Footnote, FootnoteLabel, ParaId, ParaKind, Paragraph};
use crate::symbol::Symbol;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::path::Path;

/// Deepest block nesting accepted; deeper input is refused, not recursed into.
pub const MAX_NESTING: usize = 64;

/// The body of a resolution, structured.
#[derive(Debug, Default)]
pub struct Body {
    pub formula: Option<String>,
    pub preamble: Vec<Paragraph>,
    pub operative: Vec<Paragraph>,
    pub annexes: Vec<Annex>,
    pub footnotes: Vec<Footnote>,
}

/// Events with their byte offsets in the whole file.
type Events<'a> = Vec<(Event<'a>, usize)>;

/// A top-level block: its events (start and end tags included) and its place.
struct Block<'a> {
    events: Events<'a>,
    start: usize,
}

/// Where the parser puts the next paragraph: the body or an annex.
struct Part {
    annex: Option<u32>,
    paragraphs: Vec<Paragraph>,
    unnumbered: u32,
    in_operative: bool,
    /// Operative numbers seen, with the line of each.
    numbers: BTreeMap<u32, usize>,
    pending_heading: Vec<String>,
    /// An annex's own heading (`## Annex I`).
    heading: String,
}

impl Part {
    fn new(annex: Option<u32>) -> Self {
        Part {
            annex,
            paragraphs: Vec::new(),
            unnumbered: 0,
            in_operative: false,
            numbers: BTreeMap::new(),
            pending_heading: Vec::new(),
            heading: String::new(),
        }
    }
}

/// Shared state of one file's parse.
struct Ctx<'t> {
    path: &'t Path,
    text: &'t str,
    symbol: Option<&'t Symbol>,
    footnote_cites: BTreeMap<String, Vec<Target>>,
    footnote_html: BTreeMap<String, String>,
    used: BTreeMap<String, usize>,
    diags: Diagnostics,
    lines: crate::diag::LineIndex,
}

impl Ctx<'_> {
    fn pos(&self, offset: usize) -> Pos {
        self.lines.pos(self.text, offset)
    }

    fn error(&mut self, offset: usize, message: String, help: &str) {
        let d = Diagnostic::error(message)
            .in_file(self.path)
            .at_in(self.text, self.pos(offset))
            .help(help);
        self.diags.push(d);
    }
}

/// Parses the body that starts at `body_offset` in `text` (the whole file);
/// with the resolution's `symbol`, citations become links.
pub fn parse(path: &Path, text: &str, body_offset: usize, symbol: Option<&Symbol>) -> (Body, Diagnostics) {
    let body_src = &text[body_offset..];
    let opts = Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events: Events<'_> = Parser::new_ext(body_src, opts)
        .into_offset_iter()
        .map(|(e, r)| (e, r.start + body_offset))
        .collect();
    let mut ctx = Ctx {
        path,
        text,
        symbol,
        footnote_cites: BTreeMap::new(),
        footnote_html: BTreeMap::new(),
        used: BTreeMap::new(),
        diags: Diagnostics::new(),
        lines: crate::diag::LineIndex::new(text),
    };
    let Some(blocks) = split_blocks(events, &mut ctx) else {
        return (Body::default(), ctx.diags);
    };
    let footnotes = collect_footnotes(&blocks, &mut ctx);
    let body = structure(blocks, footnotes, &mut ctx);
    (body, ctx.diags)
}

/// Cuts the event stream into top-level blocks, refusing absurd nesting.
fn split_blocks<'a>(events: Events<'a>, ctx: &mut Ctx<'_>) -> Option<Vec<Block<'a>>> {
    let mut blocks = Vec::new();
    let mut current: Events<'a> = Vec::new();
    let mut depth = 0usize;
    for (e, off) in events {
        match &e {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            ctx.error(
                off,
                format!("blocks are nested deeper than {MAX_NESTING} levels"),
                "flatten the nested lists or quotes",
            );
            return None;
        }
        let start = current.first().map_or(off, |(_, o)| *o);
        current.push((e, off));
        if depth == 0 {
            blocks.push(Block {
                events: std::mem::take(&mut current),
                start,
            });
        }
    }
    Some(blocks)
}

/// Renders every footnote definition; reports duplicates.
fn collect_footnotes(blocks: &[Block<'_>], ctx: &mut Ctx<'_>) -> Vec<(FootnoteLabel, Events<'static>, usize)> {
    let mut defs = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for b in blocks {
        let Some((Event::Start(Tag::FootnoteDefinition(label)), _)) = b.events.first() else {
            continue;
        };
        let label = label.to_string();
        if let Some(first) = seen.get(&label) {
            let first_line = ctx.pos(*first).line;
            ctx.error(
                b.start,
                format!("footnote `[^{label}]` is defined twice"),
                &format!("remove one definition or give it another label; the first is on line {first_line}"),
            );
            continue;
        }
        seen.insert(label.clone(), b.start);
        let inner: Events<'static> = inner(&b.events)
            .iter()
            .map(|(e, o)| (e.clone().into_static(), *o))
            .collect();
        defs.push((FootnoteLabel(label), inner, b.start));
    }
    for (label, events, _) in &defs {
        let flat = without_nested_references(label, events, ctx);
        let empty = BTreeMap::new();
        let mut ictx = InlineCtx::new(format!("fn{}", html::id_slug(&label.0)), &empty, ctx.text);
        if let Some(sym) = ctx.symbol {
            ictx = ictx.citing(sym);
        }
        let rendered = html::render_inline(&flat, &mut ictx);
        let rec = ictx.finish();
        report_undefined(ctx, &rec);
        ctx.footnote_cites.insert(label.0.clone(), rec.cites);
        ctx.footnote_html.insert(label.0.clone(), rendered);
    }
    defs
}

/// A footnote's events with each reference to a footnote made a plain
/// superscript, with a warning: a note is shown in a tooltip and at the
/// foot of the pages whose paragraphs reference it, so a note within a
/// note would have nowhere to show.
fn without_nested_references(label: &FootnoteLabel, events: &Events<'static>, ctx: &mut Ctx<'_>) -> Events<'static> {
    let mut flat = Vec::with_capacity(events.len());
    for (e, o) in events {
        let Event::FootnoteReference(inner) = e else {
            flat.push((e.clone(), *o));
            continue;
        };
        let d = Diagnostic::warning(format!(
            "footnote `[^{label}]` refers to footnote `[^{inner}]`; a footnote cannot refer to another footnote"
        ))
        .in_file(ctx.path)
        .at_in(ctx.text, ctx.pos(*o))
        .help(format!(
            "reference `[^{inner}]` from the paragraph instead, or write its text into this note; it is shown here as a plain superscript `{inner}`"
        ));
        ctx.diags.push(d);
        flat.push((Event::Start(Tag::Superscript), *o));
        flat.push((Event::Text(inner.clone()), *o));
        flat.push((Event::End(TagEnd::Superscript), *o));
    }
    flat
}

/// The events between a block's start and end tags.
fn inner<'e, 'a>(events: &'e [(Event<'a>, usize)]) -> &'e [(Event<'a>, usize)] {
    if events.len() >= 2 {
        &events[1..events.len() - 1]
    } else {
        &[]
    }
}

fn structure(blocks: Vec<Block<'_>>, defs: Vec<(FootnoteLabel, Events<'static>, usize)>, ctx: &mut Ctx<'_>) -> Body {
    let mut body = Body::default();
    let mut parts = vec![Part::new(None)];
    let mut formula_done = false;
    for block in &blocks {
        let Some((first, _)) = block.events.first() else {
            continue;
        };
        let part_idx = parts.len() - 1;
        match first {
            Event::Start(Tag::FootnoteDefinition(_)) | Event::Rule => {}
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                let n = parts.len() as u32;
                let mut p = Part::new(Some(n));
                p.heading = html::plain_text(inner(&block.events));
                parts.push(p);
            }
            Event::Start(Tag::Heading { .. }) => {
                parts[part_idx]
                    .pending_heading
                    .push(html::plain_text(inner(&block.events)));
            }
            Event::Start(Tag::Paragraph) if !formula_done && parts.len() == 1 => {
                formula_done = true;
                let mut ictx = inline_ctx(ctx, "formula".into());
                body.formula = Some(html::render(&block.events, &mut ictx));
                let rec = ictx.finish();
                record_refs(ctx, &rec);
            }
            Event::Start(Tag::Paragraph) => unnumbered(&mut parts[part_idx], block, ctx),
            Event::Start(Tag::List(Some(_))) => {
                formula_done = true;
                operative_list(&mut parts[part_idx], block, ctx);
            }
            _ => continuation(&mut parts[part_idx], block, ctx),
        }
    }
    body.footnotes = finish_footnotes(defs, ctx);
    let mut parts = parts.into_iter();
    if let Some(main) = parts.next() {
        let (pp, op): (Vec<_>, Vec<_>) = main
            .paragraphs
            .into_iter()
            .partition(|p| p.id.kind == ParaKind::Preambular);
        body.preamble = pp;
        body.operative = op;
    }
    body.annexes = parts
        .map(|p| Annex {
            number: p.annex.unwrap_or(0),
            heading: p.heading,
            paragraphs: p.paragraphs,
        })
        .collect();
    body
}

/// A top-level paragraph that is not the formula: preambular in the body,
/// an unnumbered paragraph in an annex.
fn unnumbered(part: &mut Part, block: &Block<'_>, ctx: &mut Ctx<'_>) {
    if part.in_operative && part.annex.is_none() {
        ctx.error(
            block.start,
            "a paragraph stands after the operative paragraphs".into(),
            "indent it under the operative paragraph it belongs to, or start an annex with `## Annex` before it",
        );
        return;
    }
    part.unnumbered += 1;
    let id = ParaId {
        annex: part.annex,
        kind: ParaKind::Preambular,
        number: part.unnumbered,
    };
    let para = paragraph(
        id,
        &block.events,
        block.start,
        std::mem::take(&mut part.pending_heading),
        ctx,
    );
    part.paragraphs.push(para);
}

/// Each item of a top-level ordered list is an operative paragraph, numbered
/// by the number written in the source.
fn operative_list(part: &mut Part, block: &Block<'_>, ctx: &mut Ctx<'_>) {
    part.in_operative = true;
    let mut depth = 0usize;
    let mut item: Events<'_> = Vec::new();
    for (e, off) in inner(&block.events) {
        match e {
            Event::Start(Tag::Item) if depth == 0 => {
                item.clear();
                item.push((e.clone(), *off));
                depth += 1;
                continue;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        item.push((e.clone(), *off));
        if depth == 0 {
            operative_item(part, &item, ctx);
        }
    }
}

fn operative_item(part: &mut Part, item: &[(Event<'_>, usize)], ctx: &mut Ctx<'_>) {
    let start = item.first().map_or(0, |(_, o)| *o);
    let digits: String = ctx.text[start..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let Ok(number) = digits.parse::<u32>() else {
        ctx.error(
            start,
            "an operative paragraph has no readable number".into(),
            "write it as `1. Text`",
        );
        return;
    };
    let line = ctx.pos(start).line;
    if let Some(first) = part.numbers.insert(number, line) {
        part.numbers.insert(number, first);
        ctx.error(
            start,
            format!("operative paragraph {number} is numbered twice"),
            &format!("renumber one of them; the first is on line {first}"),
        );
        return;
    }
    let id = ParaId {
        annex: part.annex,
        kind: ParaKind::Operative,
        number,
    };
    let para = paragraph(id, item, start, std::mem::take(&mut part.pending_heading), ctx);
    part.paragraphs.push(para);
}

/// A list, quote, table or code block at top level belongs to the paragraph
/// before it; with none before, it is a paragraph of its own.
fn continuation(part: &mut Part, block: &Block<'_>, ctx: &mut Ctx<'_>) {
    let Some(last) = part.paragraphs.last_mut() else {
        unnumbered(part, block, ctx);
        return;
    };
    let mut ictx = inline_ctx_for(&ctx.footnote_html, ctx.text, ctx.symbol, last.id.to_string());
    last.html.push_str(&html::render(&block.events, &mut ictx));
    let rec = ictx.finish();
    let extra = html::plain_text(&block.events);
    if !extra.is_empty() {
        last.text.push(' ');
        last.text.push_str(&extra);
    }
    for l in &rec.referenced {
        if !last.footnotes.contains(l) {
            last.footnotes.push(l.clone());
        }
    }
    for c in &rec.cites {
        if !last.cites.contains(c) {
            last.cites.push(c.clone());
        }
    }
    record_refs(ctx, &rec);
}

/// Builds a paragraph from a block (a paragraph, or a list item's content).
/// Later paragraphs that open with `(a)`, `(ii)` ... get anchors.
fn paragraph(
    id: ParaId,
    events: &[(Event<'_>, usize)],
    start: usize,
    headings: Vec<String>,
    ctx: &mut Ctx<'_>,
) -> Paragraph {
    let content = match events.first() {
        Some((Event::Start(Tag::Item), _)) => inner(events),
        _ => events,
    };
    let mut ictx = inline_ctx(ctx, id.to_string());
    let html = render_with_subparagraphs(&id, content, &mut ictx);
    let text = html::plain_text(content);
    let rec = ictx.finish();
    record_refs(ctx, &rec);
    Paragraph {
        id,
        html,
        text,
        footnotes: rec.referenced.clone(),
        headings,
        line: ctx.pos(start).line,
        cites: rec.cites,
    }
}

fn render_with_subparagraphs(id: &ParaId, content: &[(Event<'_>, usize)], ictx: &mut InlineCtx<'_>) -> String {
    let mut out = String::new();
    let mut labels = SubLabels::default();
    for (i, (events, inline)) in groups(content).into_iter().enumerate() {
        let html = html::render(&events, ictx);
        if inline {
            // A tight list item's text comes without paragraph tags.
            out.push_str(&format!("<p>{}</p>\n", html.trim_end()));
            continue;
        }
        let is_para = matches!(events.first(), Some((Event::Start(Tag::Paragraph), _)));
        let anchor = (i > 0 && is_para)
            .then(|| labels.next(&html::plain_text(&events)))
            .flatten();
        match anchor {
            Some(l) => out.push_str(&html.replacen("<p>", &format!("<p class=\"sub\" id=\"{id}-{l}\">"), 1)),
            None => out.push_str(&html),
        }
    }
    out
}

/// Splits content into whole blocks and runs of inline events.
fn groups<'a>(content: &[(Event<'a>, usize)]) -> Vec<(Events<'a>, bool)> {
    let mut groups: Vec<(Events<'a>, bool)> = Vec::new();
    let mut depth = 0usize;
    for (e, off) in content {
        let opens_block = depth == 0 && matches!(e, Event::Start(t) if !is_inline_tag(t));
        let in_block = depth > 0 && groups.last().is_some_and(|(_, inline)| !inline);
        if opens_block {
            groups.push((Vec::new(), false));
        } else if !in_block && !groups.last().is_some_and(|(_, inline)| *inline) {
            groups.push((Vec::new(), true));
        }
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if let Some((g, _)) = groups.last_mut() {
            g.push((e.clone(), *off));
        }
    }
    groups
}

fn is_inline_tag(t: &Tag<'_>) -> bool {
    matches!(
        t,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

/// Tracks `(a)`, `(b)` ... and `(i)`, `(ii)` ... so nested ones get unique
/// ids. A label that is both a letter and a roman numeral (`(c)`, `(i)`,
/// `(v)`, `(x)`, `(l)`) is read by sequence: the next letter after `(b)` is
/// `(c)`, the next numeral after `(iv)` is `(v)`.
#[derive(Default)]
struct SubLabels {
    letter: Option<String>,
    roman: Option<u32>,
    seen: Vec<String>,
}

impl SubLabels {
    fn next(&mut self, text: &str) -> Option<String> {
        let label = text.strip_prefix('(')?.split_once(')')?.0;
        let ok = !label.is_empty() && label.len() <= 6 && label.chars().all(|c| c.is_ascii_lowercase());
        if !ok {
            return None;
        }
        let value = crate::roman::value(&label.to_ascii_uppercase());
        let next_letter = self.letter.as_deref().map(following_letter);
        let is_roman = match value {
            None => false,
            _ if next_letter.as_deref() == Some(label) => false,
            Some(v) if self.roman.map_or(v == 1, |r| v == r + 1) => self.letter.is_some(),
            // Neither next letter nor next numeral: a numeral only inside a
            // lettered sub-paragraph, and only if it is not a single letter.
            Some(_) => self.letter.is_some() && label.len() > 1,
        };
        let id = if is_roman {
            self.roman = value;
            format!("{}-{label}", self.letter.as_deref().unwrap_or_default())
        } else {
            self.letter = Some(label.to_string());
            self.roman = None;
            label.to_string()
        };
        if self.seen.contains(&id) {
            return None;
        }
        self.seen.push(id.clone());
        Some(id)
    }
}

/// The letter after `label`: `b` → `c`, `z` → `aa`, `aa` → `bb`.
fn following_letter(label: &str) -> String {
    let Some(c) = label.chars().next() else {
        return "a".into();
    };
    match c {
        'z' => "a".repeat(label.len() + 1),
        _ => ((c as u8 + 1) as char).to_string().repeat(label.len()),
    }
}

/// A rendering context for a paragraph of this file.
fn inline_ctx<'c>(ctx: &'c Ctx<'_>, para: String) -> InlineCtx<'c> {
    inline_ctx_for(&ctx.footnote_html, ctx.text, ctx.symbol, para)
}

fn inline_ctx_for<'c>(
    footnotes: &'c BTreeMap<String, String>,
    text: &'c str,
    symbol: Option<&Symbol>,
    para: String,
) -> InlineCtx<'c> {
    let ictx = InlineCtx::new(para, footnotes, text);
    match symbol {
        Some(s) => ictx.citing(s),
        None => ictx,
    }
}

fn record_refs(ctx: &mut Ctx<'_>, rec: &html::Recorded) {
    for l in &rec.referenced {
        *ctx.used.entry(l.0.clone()).or_insert(0) += 1;
    }
    report_undefined(ctx, rec);
}

fn report_undefined(ctx: &mut Ctx<'_>, rec: &html::Recorded) {
    for (label, off) in &rec.undefined {
        ctx.error(
            *off,
            format!("footnote `[^{label}]` is referenced but never defined"),
            &format!("add a definition line `[^{label}]: text` or remove the reference"),
        );
    }
}

/// Footnotes in definition order; unused ones draw a warning.
fn finish_footnotes(defs: Vec<(FootnoteLabel, Events<'static>, usize)>, ctx: &mut Ctx<'_>) -> Vec<Footnote> {
    defs.into_iter()
        .map(|(label, events, start)| {
            if !ctx.used.contains_key(&label.0) {
                let d = Diagnostic::warning(format!("footnote `[^{label}]` is defined but never referenced"))
                    .in_file(ctx.path)
                    .at_in(ctx.text, ctx.pos(start))
                    .help("reference it with `[^label]` in a paragraph, or remove it");
                ctx.diags.push(d);
            }
            Footnote {
                cites: ctx.footnote_cites.remove(&label.0).unwrap_or_default(),
                html: ctx.footnote_html.get(&label.0).cloned().unwrap_or_default(),
                text: html::plain_text(&events),
                line: ctx.pos(start).line,
                label,
            }
        })
        .collect()
}

#[cfg(test)]
mod sub_labels {
    use super::*;

    fn ids(labels: &[&str]) -> Vec<Option<String>> {
        let mut s = SubLabels::default();
        labels.iter().map(|l| s.next(&format!("({l}) text"))).collect()
    }

    /// Regression: "(c)" after "(b)" was read as the roman numeral 100
    /// inside (b) and got the anchor `b-c`.
    #[test]
    fn letters_and_numerals_are_read_by_sequence() {
        let got = ids(&[
            "a", "b", "c", "i", "ii", "d", "h", "i", "j", "u", "v", "i", "ii", "iii", "iv", "v", "w",
        ]);
        let want = [
            "a", "b", "c", "c-i", "c-ii", "d", "h", "i", "j", "u", "v", "v-i", "v-ii", "v-iii", "v-iv", "v-v", "w",
        ];
        assert_eq!(got, want.iter().map(|w| Some(w.to_string())).collect::<Vec<_>>());
    }
}
