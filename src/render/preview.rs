//! Hover previews of citations: a citation of a resolution in the collection
//! shows its title and the first words of the cited paragraph, on hover and
//! on keyboard focus, with the same markup (and script) as footnotes.

use crate::content::Collection;
use crate::content::html::escape;
use crate::symbol::Symbol;

const OPEN: &str = "<a class=\"cite";
const WORDS: usize = 30;

/// `html` with a preview after every citation link of a paragraph (not of a
/// footnote) that points into the collection; `para` keeps ids unique.
pub fn add(html: &str, para: &str, collection: &Collection) -> String {
    if !html.contains(OPEN) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    let mut n = 0;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let tag_end = rest[i..].find('>').map(|e| i + e + 1);
        let close = tag_end.and_then(|t| rest[t..].find("</a>").map(|c| t + c + 4));
        let (Some(tag_end), Some(close)) = (tag_end, close) else {
            out.push_str(&rest[i..]);
            return out;
        };
        let tag = &rest[i..tag_end];
        match preview_text(tag, collection) {
            Some(text) if !tag.contains("in-note") => {
                n += 1;
                let id = format!("cp-{para}-{n}");
                let tag = tag.replacen("<a ", &format!("<a aria-describedby=\"{id}\" "), 1);
                out.push_str("<span class=\"fn cite-preview\">");
                out.push_str(&tag);
                out.push_str(&rest[tag_end..close]);
                out.push_str(&format!(
                    "<span class=\"fn-tip\" role=\"tooltip\" id=\"{id}\">{text}</span></span>"
                ));
            }
            _ => out.push_str(&rest[i..close]),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// "A/RES/80/1 — Title: “The first words of the paragraph …”".
fn preview_text(tag: &str, collection: &Collection) -> Option<String> {
    let symbol = Symbol::parse(attr(tag, "data-cite")?).ok()?;
    let res = collection.get(&symbol)?;
    let mut text = format!(
        "<span class=\"fn-tip-label\">{}</span> {}",
        escape(symbol.as_str()),
        escape(&res.meta.title)
    );
    let para = attr(tag, "data-paragraph").and_then(|id| res.paragraphs().find(|p| p.id.to_string() == id));
    if let Some(p) = para {
        let words: Vec<&str> = p.text.split_whitespace().collect();
        let more = if words.len() > WORDS { " …" } else { "" };
        let start = words[..words.len().min(WORDS)].join(" ");
        text.push_str(&format!(
            "<span class=\"cite-para\">{}: “{}{more}”</span>",
            escape(&p.id.label()),
            escape(&start)
        ));
    }
    Some(text)
}

fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// A citation of a paragraph of a document outside the collection ("paragraph
/// 7 of resolution 46/30") links the document's page: outside documents have
/// no paragraph pages.
pub fn outside_paragraphs(html: String, collection: &Collection) -> String {
    if !html.contains("data-paragraph=\"") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(i) = rest.find(OPEN) {
        let Some(end) = rest[i..].find('>').map(|e| i + e + 1) else {
            break;
        };
        out.push_str(&rest[..i]);
        let tag = &rest[i..end];
        let outside = attr(tag, "data-cite")
            .and_then(|s| Symbol::parse(s).ok())
            .is_some_and(|s| !collection.contains_key(&s));
        match (outside, attr(tag, "data-paragraph")) {
            (true, Some(p)) => out.push_str(&tag.replacen(&format!("{p}/\">"), "\">", 1)),
            _ => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
