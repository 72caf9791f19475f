//! Cases 28 to 32 of `../shared/docs/RELIABILITY.md`, each named by its
//! number: text that could break the output (control characters, notes
//! within notes, undefined references), errors that name the right place,
//! the preview server's methods and paths, symbols with line breaks, and
//! two resolutions in one import.

use crate::support::*;

/// A site with `files` (path → bytes), built with the CLI: (exit code, stderr).
fn build_site(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Option<i32>, String) {
    let tmp = tempfile::tempdir().expect("tmp");
    for (path, bytes) in files {
        let p = tmp.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
    let o = plenary(&["--root", tmp.path().to_str().expect("utf-8"), "build"]);
    (tmp, o.status.code(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Whether `bytes` hold a character XML 1.0 and HTML cannot.
fn has_control(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{ffff}')
}

/// Reads a whole XML document; the first error if it is not well formed.
fn xml_error(text: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return None,
            Ok(_) => {}
            Err(e) => return Some(format!("at byte {}: {e}", reader.buffer_position())),
        }
    }
}

const CONTROLS: &[u8] = b"---\nsymbol: A/RES/1/1\ntitle: \"A ti\x00tle\x07\"\n---\n\nThe General Assembly,\n\n\
Noting a\x00b and c\x07d, see A/65/457,[^1]\n\n1. Decides.\n\n[^1]: A no\x00te\x07.\n";

#[test]
fn case_28_control_characters_are_removed_with_a_warning_at_their_place() {
    let (tmp, code, err) = build_site(&[("content/x.md", CONTROLS)]);
    assert_eq!(code, Some(0), "{err}");
    for (at, c) in [
        ("3:13", "0000"),
        ("3:17", "0007"),
        ("8:9", "0000"),
        ("8:17", "0007"),
        ("12:11", "0000"),
        ("12:14", "0007"),
    ] {
        let warning = format!("warning: a control character U+{c} was removed\n  --> content/x.md:{at}\n");
        assert!(err.contains(&warning), "{warning}\n{err}");
    }
    // The offending line is shown with the character made visible.
    assert!(err.contains("8 | Noting a␀b and c␇d, see A/65/457,[^1]\n"), "{err}");
    assert!(
        err.contains("  = help: control characters cannot be shown in HTML or written to XML"),
        "{err}"
    );
    let site = tmp.path().join("site");
    for (path, bytes) in snapshot(&site) {
        assert!(!has_control(&bytes), "{path} holds a control character");
    }
    let page = read(&site, "A/RES/1/1/pp1/index.html");
    // No root prefix where the NUL was; the citation's link still has it.
    assert!(page.contains("Noting ab and cd, see "), "{page}");
    assert!(page.contains("href=\"../../../../../A/65/457/\""), "{page}");
    assert!(!page.contains("a../"), "{page}");
    assert_eq!(text_of(&html(&site, "A/RES/1/1/index.html"), "h1"), "1/1. A title");
    let akn = read(&site, "A/RES/1/1/akn.xml");
    assert_eq!(xml_error(&akn), None, "{akn}");
    assert!(akn.contains("A note."), "{akn}");
    let json: serde_json::Value = serde_json::from_str(&read(&site, "A/RES/1/1/index.json")).expect("json");
    assert_eq!(json["title"], "A title");
}

/// A note cannot show another note (it has nowhere to show it): a warning
/// at the reference, and the label as a plain superscript, not as escaped
/// markup.
#[test]
fn case_28_a_footnote_referring_to_a_footnote_is_a_warning_and_a_superscript() {
    let text = "---\nsymbol: A/RES/1/1\ntitle: A title\n---\n\nThe General Assembly,\n\nNoting x,[^1]\n\n\
        1. Decides.[^2]\n\n[^1]: A note, see also[^2].\n[^2]: Another.\n";
    let (tmp, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.starts_with(
            "warning: footnote `[^1]` refers to footnote `[^2]`; a footnote cannot refer to another footnote\n  --> content/x.md:12:23\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("  = help: reference `[^2]` from the paragraph instead"),
        "{err}"
    );
    let site = tmp.path().join("site");
    let page = read(&site, "A/RES/1/1/pp1/index.html");
    assert!(page.contains("A note, see also<sup>2</sup>."), "{page}");
    assert!(!page.contains("&lt;sup"), "{page}");
    let json: serde_json::Value = serde_json::from_str(&read(&site, "A/RES/1/1/index.json")).expect("json");
    assert!(!json.to_string().contains("&lt;"), "{json}");
}

/// An undefined reference is an error wherever it stands: a preambular
/// paragraph, an item of a loose list, a sub-paragraph, a footnote (the
/// fixture `undefined-footnote-in-list` holds the loose list alone).
#[test]
fn case_28_undefined_references_are_errors_in_every_kind_of_paragraph() {
    let text = "---\nsymbol: A/RES/1/1\ntitle: A title\n---\n\nThe General Assembly,\n\nRecalling x,[^a] and y,[^1]\n\n\
        1. Decides;[^b]\n\n2. Decides:\n\n   (a) To act;[^c]\n\n   (b) To wait;\n\n[^1]: A note[^d].\n";
    let (_t, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
    assert_eq!(code, Some(1), "{err}");
    for (label, at) in [("a", "8:13"), ("b", "10:12"), ("c", "14:15"), ("d", "18:13")] {
        let error = format!("error: footnote `[^{label}]` is referenced but never defined\n  --> content/x.md:{at}\n");
        assert!(err.contains(&error), "{error}\n{err}");
    }
    assert!(err.ends_with("error: build failed with 4 errors\n"), "{err}");
}

/// A YAML escape writes a control character where removing it from the
/// file cannot reach: an error naming the key, its line and column.
#[test]
fn case_28_a_control_character_escape_in_front_matter_is_an_error() {
    let text =
        "---\nsymbol: A/RES/1/1\ntitle: A title\ncommittee: \"Third\\0 Committee\"\n---\n\nThe General Assembly,\n";
    let (_t, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with(
            "error: invalid `committee` in the front matter: it holds the control character U+0000, which a page cannot show\n  --> content/x.md:4:12\n"
        ),
        "{err}"
    );
}

/// Case 29: each front-matter error names its own key and line, however
/// far down the key stands (serde_yaml placed some at the mapping's start,
/// which named `symbol` on line 2). The fixtures `front-matter-*` hold the
/// exact messages.
#[test]
fn case_29_front_matter_errors_name_their_key_and_line() {
    for (line, wrong, expected) in [
        ("session: -5", "session", "4:10"),
        ("agenda_item: [1, 2]", "agenda_item", "4:14"),
        ("operative_unnumbered: maybe", "operative_unnumbered", "4:23"),
        ("meeting: {a: 1}", "meeting", "4:10"),
    ] {
        let text = format!("---\nsymbol: A/RES/1/1\ntitle: A title\n{line}\n---\n\nThe General Assembly,\n");
        let (_t, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
        assert_eq!(code, Some(1), "{err}");
        let head = format!("error: invalid `{wrong}` in the front matter: ");
        assert!(err.starts_with(&head), "{line}: {err}");
        assert!(
            err.contains(&format!("\n  --> content/x.md:{expected}\n")),
            "{line}: {err}"
        );
    }
    // Text may be written as a number: `meeting: 71` is the text "71".
    let text = "---\nsymbol: A/RES/1/1\ntitle: 1984\nmeeting: 71\nsession: 65\ntags: [2020, crime]\n---\n\nThe General Assembly,\n";
    let (_t, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
    assert_eq!(code, Some(0), "{err}");
}

/// A line break or a tab inside a symbol was dropped, merging it into
/// another valid symbol; it is an error naming `symbol`, its line and
/// column (the fixture `symbol-with-line-break` holds the whole message).
#[test]
fn case_31_a_tab_or_line_break_inside_a_symbol_is_an_error() {
    for (written, what) in [
        ("\"A/RES/65/\\n232\"", "a line break (U+000A)"),
        ("\"A/RES/65/\\t232\"", "a tab (U+0009)"),
        ("\"A/RES/65/\t232\"", "a tab (U+0009)"),
    ] {
        let text = format!("---\ntitle: A title\nsymbol: {written}\n---\n\nThe General Assembly,\n");
        let (_t, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
        assert_eq!(code, Some(1), "{err}");
        let expected = format!(
            "error: invalid `symbol` in the front matter: a document symbol cannot hold {what} inside it\n  --> content/x.md:3:9\n"
        );
        assert!(err.starts_with(&expected), "{written}: {err}");
        assert!(
            err.contains("  = help: write the symbol on one line, without tabs or line breaks"),
            "{err}"
        );
    }
    // Spaces inside and white space around are how symbols are written.
    let text = "---\nsymbol: \" S/RES/1373 (2001)\\t\"\ntitle: A title\n---\n\nThe General Assembly,\n";
    let (tmp, code, err) = build_site(&[("content/x.md", text.as_bytes())]);
    assert_eq!(code, Some(0), "{err}");
    assert!(tmp.path().join("site/S/RES/1373(2001)/index.html").is_file());
}

/// The preview server: pages are read only, and a path with an empty
/// segment is refused as README promises.
#[test]
fn case_30_other_methods_get_405_and_empty_segments_400() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&fixture("basic"), tmp.path());
    let server = crate::serve::start(tmp.path());
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let (status, headers, _) = request(server.port, method, "/A/RES/80/5/");
        assert_eq!(status, 405, "{method}");
        let allow = headers
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .replace(' ', "");
        assert_eq!(allow, "GET,HEAD", "{method}");
    }
    let (status, _, body) = request(server.port, "HEAD", "/A/RES/80/5/");
    assert_eq!((status, body.len()), (200, 0));
    assert_eq!(crate::serve::get(server.port, "/A/RES/80/5/op4/").0, 200);
    for path in ["/A/RES/80/5/op4//", "/A//RES/80/5/", "/A/RES/80/5//op4/"] {
        assert_eq!(crate::serve::get(server.port, path).0, 400, "{path}");
    }
}

/// One request with any method: (status, headers, body).
fn request(port: u16, method: &str, path: &str) -> (u16, hyper::HeaderMap, Vec<u8>) {
    let (status, body, headers) = crate::serve::send(port, method, path, &format!("127.0.0.1:{port}"));
    (status, headers, body)
}

/// Two corpus files joined into one: refused, naming the line where the
/// second begins and how to split the file; nothing is written.
#[test]
fn case_32_an_input_holding_two_resolutions_is_refused_with_the_line() {
    let corpus = repo().join("tests/corpus");
    let first = std::fs::read_to_string(corpus.join("A_RES_80_1.txt")).expect("corpus");
    let second = std::fs::read_to_string(corpus.join("A_RES_80_2.txt")).expect("corpus");
    let tmp = tempfile::tempdir().expect("tmp");
    // `cat` joins them as they are (the first has no final line end, so
    // its last line runs into the second's first): the second's symbol
    // line comes next.
    let line = first.lines().count() + 1;
    let joined = format!("{first}{second}");
    let both = tmp.path().join("two.txt");
    std::fs::write(&both, &joined).expect("write");
    let o = plenary(&[
        "--root",
        tmp.path().to_str().expect("utf-8"),
        "import",
        both.to_str().expect("utf-8"),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let expected = format!(
        "error: the input holds two resolutions: A/RES/80/1 and, from line {line}, A/RES/80/2\n  --> {}:{line}:1\n",
        both.display()
    );
    assert!(err.starts_with(&expected), "{expected}\n{err}");
    assert!(err.contains(&format!("split the file before line {line}")), "{err}");
    assert!(!tmp.path().join("content").exists());
    // Split where the message says, each part imports on its own.
    let lines: Vec<&str> = joined.lines().collect();
    for (part, symbol) in [(&lines[..line - 1], "A/RES/80/1"), (&lines[line - 1..], "A/RES/80/2")] {
        let text = part.join("\n").into_bytes();
        let imported = plenary::import::import(std::path::Path::new("part.txt"), text).expect("imports");
        assert_eq!(imported.symbol.as_str(), symbol);
    }
}
