//! The YAML front matter of a content file: splitting it from the body,
//! parsing it into typed metadata, and reporting errors in file coordinates.

use crate::diag::{Diagnostic, Pos};
use crate::symbol::Symbol;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
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
    /// Unknown keys, handed to templates as they are (kept as JSON text in
    /// the parse cache, whose format cannot hold arbitrary values).
    #[serde(with = "json_text")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct Typed {
    symbol: Symbol,
    title: String,
    #[serde(default)]
    adopted: Option<NaiveDate>,
    #[serde(default)]
    meeting: Option<String>,
    #[serde(default)]
    committee: Option<String>,
    #[serde(default)]
    report: Option<String>,
    #[serde(default, deserialize_with = "scalar_string")]
    agenda_item: Option<String>,
    #[serde(default, deserialize_with = "scalar_string")]
    session: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    operative_unnumbered: bool,
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

/// Accepts `agenda_item: 105` as well as `agenda_item: "105"`.
fn scalar_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        S(String),
        N(u64),
    }
    Ok(Option::<Scalar>::deserialize(d)?.map(|s| match s {
        Scalar::S(s) => s,
        Scalar::N(n) => n.to_string(),
    }))
}

/// A file split into its front matter and body.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line on which the YAML starts (the line after the opening `---`).
    pub yaml_line: usize,
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

/// Parses the YAML of `split` into typed metadata, naming the key at fault.
pub fn parse(path: &Path, text: &str, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    let err = |e: serde_yaml::Error| yaml_error(path, text, split, &e);
    // Parsing as a plain mapping first reports syntax errors as the parser sees
    // them (a struct would mislabel an unclosed `[` as a type error).
    let map: serde_yaml::Mapping = match serde_yaml::from_str(split.yaml) {
        Ok(m) => m,
        Err(e) if e.to_string().starts_with("duplicate entry with key") => {
            return Err(duplicate_key(path, text, split, &e.to_string()));
        }
        Err(e) if split.yaml.trim().is_empty() => {
            let _ = e;
            return Err(Diagnostic::error("the front matter is empty")
                .in_file(path)
                .at_in(text, Pos::new(1, 1))
                .help("add at least `symbol:` and `title:`"));
        }
        Err(e) => return Err(err(e)),
    };
    let typed: Typed = serde_yaml::from_str(split.yaml).map_err(err)?;
    if typed.title.trim().is_empty() {
        return Err(Diagnostic::error("`title` is empty")
            .in_file(path)
            .at_in(text, key_pos(split, "title"))
            .help("write the resolution's title"));
    }
    let mut extra = BTreeMap::new();
    for (k, v) in map {
        let Some(k) = k.as_str().map(str::to_string) else {
            continue;
        };
        if !KNOWN_KEYS.contains(&k.as_str()) {
            let v = serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
            extra.insert(k, v);
        }
    }
    Ok(FrontMatter {
        symbol: typed.symbol,
        title: typed.title.split_whitespace().collect::<Vec<_>>().join(" "),
        adopted: typed.adopted,
        meeting: typed.meeting,
        committee: typed.committee,
        report: typed.report,
        agenda_item: typed.agenda_item,
        session: typed.session,
        tags: typed.tags,
        operative_unnumbered: typed.operative_unnumbered,
        extra,
    })
}

/// Turns a serde_yaml error into a diagnostic at the right line of the file.
fn yaml_error(path: &Path, text: &str, split: &Split<'_>, e: &serde_yaml::Error) -> Diagnostic {
    let offset = split.yaml_line - 1;
    let message = file_coordinates(&e.to_string(), offset);
    if let Some(key) = message
        .strip_prefix("missing field `")
        .and_then(|m| m.strip_suffix('`'))
    {
        return Diagnostic::error(format!("the front matter is missing the required key `{key}`"))
            .in_file(path)
            .at_in(text, Pos::new(1, 1))
            .help(format!("add `{key}:` to the front matter"));
    }
    let mut pos = e
        .location()
        .map_or(Pos::new(1, 1), |l| Pos::new(l.line() + offset, l.column()));
    // The key whose value is wrong: serde_yaml names it for type errors, and
    // for errors raised while parsing a value it stands on the error's line.
    let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or_default();
    let key_on_line = line
        .split_once(':')
        .map(|(k, _)| k.trim())
        .filter(|k| KNOWN_KEYS.contains(k));
    let (key, detail) = match message.split_once(": ") {
        Some((k, rest)) if KNOWN_KEYS.contains(&k) => (Some(k), rest.to_string()),
        _ => (
            key_on_line.filter(|_| e.location().is_some() && !is_syntax(&message)),
            message.clone(),
        ),
    };
    if let (Some(k), 1) = (key, pos.column) {
        // Point at the value rather than the key.
        let value_col = line
            .find(':')
            .map_or(1, |i| i + 2 + line[i + 1..].len() - line[i + 1..].trim_start().len());
        if line.starts_with(k) {
            pos.column = value_col;
        }
    }
    let (message, help) = match key {
        Some(k) => (format!("invalid `{k}` in the front matter: {detail}"), key_help(k)),
        None => (
            format!("invalid front matter: {detail}"),
            "fix the YAML here; keys are written `name: value`, indented with spaces, never tabs".to_string(),
        ),
    };
    Diagnostic::error(message).in_file(path).at_in(text, pos).help(help)
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
        "agenda_item" | "session" => format!("write a number or text, e.g. `{key}: \"105\"`"),
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
    let prefix = format!("{key}:");
    split
        .yaml
        .lines()
        .position(|l| l.starts_with(&prefix))
        .map_or(Pos::new(1, 1), |i| Pos::new(i + split.yaml_line, 1))
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
