//! The YAML front matter of a content file: splitting it from the body,
//! parsing it into typed metadata, and reporting errors in file coordinates.

use crate::diag::{Diagnostic, Pos};
use crate::organ::Organ;
use crate::symbol::{Symbol, SymbolError};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// Keys the contract defines; everything else is kept in `extra`.
const KNOWN_KEYS: &[&str] = &[
    "symbol",
    "title",
    "adopted",
    "meeting",
    "committee",
    "report",
    "agenda_item",
    "session",
    "tags",
    "operative_unnumbered",
    "organ",
];

/// A resolution's metadata, as written in its front matter.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FrontMatter {
    pub symbol: Symbol,
    pub title: String,
    pub adopted: Option<NaiveDate>,
    pub meeting: Option<String>,
    pub committee: Option<String>,
    pub report: Option<String>,
    pub agenda_item: Option<String>,
    pub session: Option<String>,
    pub tags: Vec<String>,
    /// The one operative paragraph is printed without a number (an import
    /// writes it as `1.` and sets this).
    pub operative_unnumbered: bool,
    /// The adopting organ: `organ:` when given, else from the symbol
    /// (`S/RES/…` is the Security Council's); none for other symbols.
    pub organ: Option<Organ>,
    /// Unknown keys, handed to templates as they are (kept as JSON text in
    /// the parse cache, whose format cannot hold arbitrary values).
    #[serde(with = "json_text")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Arbitrary values as one JSON string, for formats that need a schema.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(v: &BTreeMap<String, serde_json::Value>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&serde_json::to_string(v).map_err(serde::ser::Error::custom)?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, serde_json::Value>, D::Error> {
        serde_json::from_str(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A file split into its front matter and body.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line on which the YAML starts (the line after the opening `---`).
    pub yaml_line: usize,
    /// Byte offset of the YAML in the whole file.
    pub yaml_offset: usize,
    pub body: &'a str,
    /// Byte offset of the body in the whole file.
    pub body_offset: usize,
}

/// Splits `---\n<yaml>---\n<body>`; `text` has LF line ends already.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let Some(after_open) = text.strip_prefix("---\n") else {
        let what = if text.trim().is_empty() {
            "the file is empty"
        } else {
            "the file does not start with front matter"
        };
        return Err(Diagnostic::error(what)
            .in_file(path)
            .at_in(text, Pos::new(1, 1))
            .help("start the file with a `---` line, the YAML keys `symbol:` and `title:`, and another `---` line"));
    };
    let mut offset = 4;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &text[4..offset];
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml,
                yaml_line: 2,
                yaml_offset: 4,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("the front matter is not closed")
        .in_file(path)
        .at_in(text, Pos::new(1, 1))
        .help("end the front matter with a line holding only `---`"))
}

/// Parses the YAML of `split` into typed metadata, naming the key at fault
/// on its own line.
pub fn parse(path: &Path, text: &str, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    let map = mapping(path, text, split)?;
    let place = Place { path, text, split };
    let mut fields = Fields::default();
    let mut extra = BTreeMap::new();
    // In file order, so that the first value at fault is the one reported.
    for (k, v) in &map {
        let Some(key) = k.as_str() else {
            continue;
        };
        no_controls(&place, key, v)?;
        if KNOWN_KEYS.contains(&key) {
            fields.set(key, v).map_err(|e| {
                let help = e.help.unwrap_or_else(|| key_help(key));
                place.invalid(key, &e.detail, help)
            })?;
        } else {
            let v = serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
            extra.insert(key.to_string(), v);
        }
    }
    let symbol = fields.symbol.ok_or_else(|| missing(path, text, "symbol"))?;
    let title = fields.title.ok_or_else(|| missing(path, text, "title"))?;
    if title.trim().is_empty() {
        return Err(Diagnostic::error("`title` is empty")
            .in_file(path)
            .at_in(text, key_pos(split, "title"))
            .help("write the resolution's title"));
    }
    let organ = fields.organ.or_else(|| Organ::from_symbol(&symbol));
    Ok(FrontMatter {
        symbol,
        title: title.split_whitespace().collect::<Vec<_>>().join(" "),
        adopted: fields.adopted,
        meeting: fields.meeting,
        committee: fields.committee,
        report: fields.report,
        agenda_item: fields.agenda_item,
        session: fields.session,
        tags: fields.tags,
        operative_unnumbered: fields.operative_unnumbered,
        organ,
        extra,
    })
}

/// The YAML as a plain mapping: this reports syntax errors as the parser
/// sees them (a struct would mislabel an unclosed `[` as a type error).
fn mapping(path: &Path, text: &str, split: &Split<'_>) -> Result<Mapping, Diagnostic> {
    match serde_yaml::from_str(split.yaml) {
        Ok(m) => Ok(m),
        Err(e) if e.to_string().starts_with("duplicate entry with key") => {
            Err(duplicate_key(path, text, split, &e.to_string()))
        }
        Err(_) if split.yaml.trim().is_empty() => Err(Diagnostic::error("the front matter is empty")
            .in_file(path)
            .at_in(text, Pos::new(1, 1))
            .help("add at least `symbol:` and `title:`")),
        Err(e) => Err(yaml_error(path, text, split, &e)),
    }
}

/// The known keys' values, each read on its own, so that an error names its
/// key and line (serde_yaml places errors of some types at the mapping's
/// start, which named the first key of the file).
#[derive(Default)]
struct Fields {
    symbol: Option<Symbol>,
    title: Option<String>,
    adopted: Option<NaiveDate>,
    meeting: Option<String>,
    committee: Option<String>,
    report: Option<String>,
    agenda_item: Option<String>,
    session: Option<String>,
    tags: Vec<String>,
    operative_unnumbered: bool,
    organ: Option<Organ>,
}

impl Fields {
    /// Reads the value `v` of the known key `key`; the error says what is wrong.
    fn set(&mut self, key: &str, v: &Value) -> Result<(), Invalid> {
        match key {
            "symbol" => self.symbol = Some(symbol(v)?),
            "title" => self.title = Some(text_value(v)?.unwrap_or_default()),
            "adopted" => self.adopted = typed(v)?,
            "meeting" => self.meeting = text_value(v)?,
            "committee" => self.committee = text_value(v)?,
            "report" => self.report = text_value(v)?,
            "agenda_item" => self.agenda_item = number_or_text(v)?,
            "session" => self.session = number_or_text(v)?,
            "tags" => self.tags = list(v)?,
            "operative_unnumbered" => self.operative_unnumbered = typed::<Option<bool>>(v)?.unwrap_or(false),
            "organ" => self.organ = organ(v)?,
            _ => {}
        }
        Ok(())
    }
}

/// What is wrong with a value, and how to fix it when the key's usual
/// advice does not say.
struct Invalid {
    detail: String,
    help: Option<String>,
}

impl From<String> for Invalid {
    fn from(detail: String) -> Self {
        Invalid { detail, help: None }
    }
}

fn symbol(v: &Value) -> Result<Symbol, Invalid> {
    let raw: String = typed(v)?;
    Symbol::parse(&raw).map_err(|e| Invalid {
        help: matches!(e, SymbolError::Control(_)).then(|| {
            "write the symbol on one line, without tabs or line breaks, e.g. `symbol: A/RES/65/232`".to_string()
        }),
        detail: e.to_string(),
    })
}

/// One of the four organs, by name.
fn organ(v: &Value) -> Result<Option<Organ>, Invalid> {
    let Some(name) = text_value(v)? else {
        return Ok(None);
    };
    Organ::from_name(&name).map(Some).ok_or_else(|| Invalid {
        detail: format!("`{name}` is not an organ Plenary knows"),
        help: Some(format!(
            "write one of {}, or leave `organ:` out to infer it from the symbol",
            Organ::ALL.map(|o| format!("`{o}`")).join(", ")
        )),
    })
}

fn typed<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    serde_yaml::from_value(v.clone()).map_err(|e| e.to_string())
}

/// Text, as YAML reads it: `meeting: 71` is the text "71".
fn text_value(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(format!("expected text, found {}", kind(other))),
    }
}

/// `agenda_item: 105` as well as `agenda_item: "105"`; a number is a
/// positive whole one.
fn number_or_text(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => match n.as_u64().filter(|n| *n > 0) {
            Some(n) => Ok(Some(n.to_string())),
            None => Err(format!("`{n}` is not a positive whole number")),
        },
        other => Err(format!("expected a number or text, found {}", kind(other))),
    }
}

fn list(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Sequence(items) => items
            .iter()
            .map(|item| text_value(item)?.ok_or_else(|| "a list item is empty".to_string()))
            .collect(),
        other => Err(format!("expected a list, found {}", kind(other))),
    }
}

/// How a message names what it found instead.
fn kind(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(_) => "text".into(),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "keys and values".into(),
        Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
    }
}

/// Escapes such as `"\0"` or `"\x07"` write control characters into a
/// value, where removing them from the file's text cannot reach: they are
/// refused, since pages, JSON and XML cannot show them.
fn no_controls(place: &Place<'_>, key: &str, v: &Value) -> Result<(), Diagnostic> {
    let help = "remove the escape that writes it (such as `\\0`, `\\a`, `\\x07` or `\\u0007`) from the value";
    if let Some(c) = key.chars().find(|c| super::control::is_removed(*c)) {
        return Err(Diagnostic::error(format!(
            "a front matter key holds the control character U+{:04X}",
            c as u32
        ))
        .in_file(place.path)
        .at_in(place.text, Pos::new(place.split.yaml_line, 1))
        .help(help));
    }
    match first_control(v) {
        Some(c) => Err(place.invalid(
            key,
            &format!(
                "it holds the control character U+{:04X}, which a page cannot show",
                c as u32
            ),
            help.to_string(),
        )),
        None => Ok(()),
    }
}

/// The first control character in the text of `v`, nested values included.
fn first_control(v: &Value) -> Option<char> {
    match v {
        Value::String(s) => s.chars().find(|c| super::control::is_removed(*c)),
        Value::Sequence(items) => items.iter().find_map(first_control),
        Value::Mapping(m) => m
            .iter()
            .find_map(|(k, v)| first_control(k).or_else(|| first_control(v))),
        Value::Tagged(t) => first_control(&t.value),
        _ => None,
    }
}

fn missing(path: &Path, text: &str, key: &str) -> Diagnostic {
    Diagnostic::error(format!("the front matter is missing the required key `{key}`"))
        .in_file(path)
        .at_in(text, Pos::new(1, 1))
        .help(format!("add `{key}:` to the front matter"))
}

/// The file and front matter that messages about values point into.
struct Place<'a> {
    path: &'a Path,
    text: &'a str,
    split: &'a Split<'a>,
}

impl Place<'_> {
    /// "invalid `key` in the front matter: ...", at the key's value.
    fn invalid(&self, key: &str, detail: &str, help: String) -> Diagnostic {
        Diagnostic::error(format!("invalid `{key}` in the front matter: {detail}"))
            .in_file(self.path)
            .at_in(self.text, value_pos(self.split, key))
            .help(help)
    }
}

/// Turns a serde_yaml error into a diagnostic at the right line of the file.
fn yaml_error(path: &Path, text: &str, split: &Split<'_>, e: &serde_yaml::Error) -> Diagnostic {
    let offset = split.yaml_line - 1;
    let message = file_coordinates(&e.to_string(), offset);
    if let Some((detail, at)) = reader_offset(&message) {
        return reader_error(path, text, split, detail, at);
    }
    let mut pos = e
        .location()
        .map_or(Pos::new(1, 1), |l| Pos::new(l.line() + offset, l.column()));
    // For errors raised while parsing a value, the key stands on the error's line.
    let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or_default();
    let key = top_level_key(line).filter(|k| KNOWN_KEYS.contains(k) && e.location().is_some() && !is_syntax(&message));
    if let (Some(k), 1) = (key, pos.column) {
        // Point at the value rather than the key.
        pos = value_pos_on(line, pos.line, k);
    }
    let (message, help) = match key {
        Some(k) => (format!("invalid `{k}` in the front matter: {message}"), key_help(k)),
        None => (
            format!("invalid front matter: {message}"),
            "fix the YAML here; keys are written `name: value`, indented with spaces, never tabs".to_string(),
        ),
    };
    Diagnostic::error(message).in_file(path).at_in(text, pos).help(help)
}

/// The YAML reader's errors (a control character, say) end in "at position
/// N", a byte offset into the YAML, and carry no line.
fn reader_offset(message: &str) -> Option<(&str, usize)> {
    let (detail, at) = message.rsplit_once(" at position ")?;
    Some((detail, at.trim().parse().ok()?))
}

/// A reader error at byte `at` of the YAML, placed in the file and named
/// after the key of its line.
fn reader_error(path: &Path, text: &str, split: &Split<'_>, detail: &str, at: usize) -> Diagnostic {
    let pos = Pos::of_offset(text, split.yaml_offset + at);
    let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or_default();
    let control = detail.contains("control characters");
    let help = if control {
        "delete the control character (your editor may not show it)".to_string()
    } else {
        "save the file as plain UTF-8 text".to_string()
    };
    let message = match top_level_key(line) {
        Some(k) => format!("invalid `{k}` in the front matter: {detail}"),
        None => format!("invalid front matter: {detail}"),
    };
    let mut d = Diagnostic::error(message).in_file(path).at(pos).help(help);
    // The line as a terminal can print it, the caret on the character.
    d.snippet = Some(super::control::visible(line));
    d
}

/// The key a top-level line `key: value` sets.
fn top_level_key(line: &str) -> Option<&str> {
    let (k, _) = line.split_once(':')?;
    let plain = !k.is_empty() && !k.starts_with([' ', '\t', '-', '#']) && !k.contains([' ', '"', '\'']);
    plain.then_some(k)
}

fn is_syntax(message: &str) -> bool {
    message.contains("while parsing") || message.contains("while scanning") || message.contains("did not find")
}

/// What a correct value of each key looks like.
fn key_help(key: &str) -> String {
    match key {
        "symbol" => "write the official document symbol, e.g. `symbol: A/RES/65/232`".into(),
        "adopted" => "write the date of adoption as YYYY-MM-DD, e.g. `adopted: 2010-12-21`".into(),
        "tags" => "write a list, e.g. `tags: [crime prevention, drugs]`".into(),
        "agenda_item" => "write a number or text, e.g. `agenda_item: \"105\"`".into(),
        "session" => "write the session's number, e.g. `session: 65`, or leave it out: the symbol tells it".into(),
        "operative_unnumbered" => "write `operative_unnumbered: true` or `false`".into(),
        _ => format!("write `{key}` as text, quoted if it holds `: ` or starts with `[`, e.g. `{key}: \"...\"`"),
    }
}

/// Rewrites serde_yaml's "at line N column M" (relative to the YAML block)
/// into file lines, and drops the trailing position it repeats.
fn file_coordinates(message: &str, offset: usize) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let tail = &after[digits.len()..];
        let Some(col_rest) = tail.strip_prefix(" column ") else {
            out.push_str(" at line ");
            rest = after;
            continue;
        };
        let col: String = col_rest.chars().take_while(char::is_ascii_digit).collect();
        rest = &col_rest[col.len()..];
        // The position of the error itself is reported separately.
        if out.contains(", while") {
            let line = digits.parse::<usize>().unwrap_or(0) + offset;
            out.push_str(&format!(" that starts at line {line}, column {col}"));
        }
    }
    out.push_str(rest);
    out
}

fn duplicate_key(path: &Path, text: &str, split: &Split<'_>, message: &str) -> Diagnostic {
    let key = message.split('"').nth(1).unwrap_or_default().to_string();
    let prefix = format!("{key}:");
    let lines: Vec<usize> = split
        .yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(&prefix))
        .map(|(i, _)| i + split.yaml_line)
        .collect();
    let second = lines.get(1).copied().unwrap_or(split.yaml_line);
    let first = lines.first().copied().unwrap_or(split.yaml_line);
    Diagnostic::error(format!("the front matter key `{key}` is given twice"))
        .in_file(path)
        .at_in(text, Pos::new(second, 1))
        .help(format!("keep one of the two; the first is on line {first}"))
}

/// Where `key:` stands in the file, for messages about its value.
fn key_pos(split: &Split<'_>, key: &str) -> Pos {
    key_line(split, key).map_or(Pos::new(1, 1), |(n, _)| Pos::new(n, 1))
}

/// The file line number and text of the top-level line `key: ...`.
fn key_line<'a>(split: &Split<'a>, key: &str) -> Option<(usize, &'a str)> {
    split
        .yaml
        .lines()
        .enumerate()
        .find(|(_, l)| top_level_key(l) == Some(key))
        .map(|(i, l)| (i + split.yaml_line, l))
}

/// Where the value of `key` starts in the file: after `key:` and its
/// spaces, or the key itself when it cannot be found (a quoted key, say).
fn value_pos(split: &Split<'_>, key: &str) -> Pos {
    match key_line(split, key) {
        Some((n, line)) => value_pos_on(line, n, key),
        None => Pos::new(split.yaml_line, 1),
    }
}

/// On the file line `n`, which reads `key: value`, where the value starts.
fn value_pos_on(line: &str, n: usize, key: &str) -> Pos {
    let after = &line[key.len() + 1..];
    let spaces = after.len() - after.trim_start().len();
    Pos::new(n, key.chars().count() + 2 + spaces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> Result<FrontMatter, Diagnostic> {
        let p = Path::new("x.md");
        let s = split(p, text)?;
        parse(p, text, &s)
    }

    #[test]
    fn parses_known_and_keeps_unknown_keys() {
        let f = fm("---\nsymbol: A/RES/65/232\ntitle: T\nagenda_item: 105\nfoo: [1, 2]\n---\nbody").expect("valid");
        assert_eq!(f.symbol.as_str(), "A/RES/65/232");
        assert_eq!(f.agenda_item.as_deref(), Some("105"));
        assert_eq!(f.extra["foo"], serde_json::json!([1, 2]));
    }

    /// RELIABILITY.md case 29: the YAML reader gives a byte offset, not a
    /// line; the error names the key of the character's line, not `symbol`.
    #[test]
    fn a_raw_control_character_is_placed_on_its_line() {
        let e = fm("---\nsymbol: A/RES/1/1\ntitle: \"A ti\u{0}tle\"\n---\n").expect_err("must fail");
        assert_eq!(e.pos, Some(Pos::new(3, 13)));
        assert_eq!(
            e.message,
            "invalid `title` in the front matter: control characters are not allowed"
        );
        assert_eq!(e.snippet.as_deref(), Some("title: \"A ti␀tle\""));
    }

    #[test]
    fn type_error_is_in_file_coordinates() {
        let e = fm("---\nsymbol: A/RES/1/1\ntitle: T\nadopted: \"x\"\n---\n").expect_err("must fail");
        assert_eq!(e.pos, Some(Pos::new(4, 10)));
        assert!(
            e.message.starts_with("invalid `adopted` in the front matter: "),
            "{}",
            e.message
        );
    }
}
