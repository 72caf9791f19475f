//! Small helpers over quick-xml's writer for the XML files of the site
//! (Akoma Ntoso, sitemaps, Atom): quick-xml escapes text and attributes,
//! and characters XML 1.0 cannot hold are left out, whatever their source.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::io::Cursor;

pub type Xml = Writer<Cursor<Vec<u8>>>;
pub type Result = std::result::Result<(), quick_xml::Error>;

/// A writer into memory that has written the XML declaration; indented
/// unless the document has mixed content (where white space is text).
pub fn writer(indent: bool) -> Xml {
    let cursor = Cursor::new(Vec::new());
    let mut w = if indent {
        Writer::new_with_indent(cursor, b' ', 1)
    } else {
        Writer::new(cursor)
    };
    // Writing into memory cannot fail.
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    w
}

/// The document's bytes, with a final line end.
pub fn finish(w: Xml) -> Vec<u8> {
    let mut bytes = w.into_inner().into_inner();
    bytes.push(b'\n');
    bytes
}

pub fn open(w: &mut Xml, name: &str, attrs: &[(&str, &str)]) -> Result {
    w.write_event(Event::Start(start(name, attrs)))?;
    Ok(())
}

pub fn close(w: &mut Xml, name: &str) -> Result {
    w.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

pub fn empty(w: &mut Xml, name: &str, attrs: &[(&str, &str)]) -> Result {
    w.write_event(Event::Empty(start(name, attrs)))?;
    Ok(())
}

/// A start tag; attribute values are copied in, escaped, as they are pushed.
fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut tag = BytesStart::new(name);
    for (k, v) in attrs {
        tag.push_attribute((*k, &*xml_chars(v)));
    }
    tag
}

pub fn text(w: &mut Xml, text: &str) -> Result {
    w.write_event(Event::Text(BytesText::new(&xml_chars(text))))?;
    Ok(())
}

/// `<name attrs>text</name>`.
pub fn element(w: &mut Xml, name: &str, attrs: &[(&str, &str)], content: &str) -> Result {
    open(w, name, attrs)?;
    text(w, content)?;
    close(w, name)
}

/// `s` without the characters XML 1.0 does not allow (controls other than
/// tab and line ends, U+FFFE, U+FFFF): one would make the file unreadable.
/// Content has none (they are removed when it is parsed); a site title or
/// a template's text could.
pub fn xml_chars(s: &str) -> Cow<'_, str> {
    let bad =
        |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if s.contains(bad) {
        Cow::Owned(s.chars().filter(|c| !bad(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_cannot_hold_are_left_out() {
        let mut w = writer(false);
        element(&mut w, "p", &[("title", "a\u{0}b")], "c\u{7}d\te\u{ffff}").expect("write");
        let xml = String::from_utf8(finish(w)).expect("utf-8");
        assert!(xml.ends_with("<p title=\"ab\">cd\te</p>\n"), "{xml}");
    }
}
