//! Small helpers over quick-xml's writer for the XML files of the site
//! (Akoma Ntoso, sitemaps, Atom): quick-xml escapes text and attributes.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
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
    w.write_event(Event::Start(
        BytesStart::new(name).with_attributes(attrs.iter().copied()),
    ))?;
    Ok(())
}

pub fn close(w: &mut Xml, name: &str) -> Result {
    w.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

pub fn empty(w: &mut Xml, name: &str, attrs: &[(&str, &str)]) -> Result {
    w.write_event(Event::Empty(
        BytesStart::new(name).with_attributes(attrs.iter().copied()),
    ))?;
    Ok(())
}

pub fn text(w: &mut Xml, text: &str) -> Result {
    w.write_event(Event::Text(BytesText::new(text)))?;
    Ok(())
}

/// `<name attrs>text</name>`.
pub fn element(w: &mut Xml, name: &str, attrs: &[(&str, &str)], content: &str) -> Result {
    open(w, name, attrs)?;
    text(w, content)?;
    close(w, name)
}
