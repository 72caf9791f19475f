//! Inputs that start with the PDF pipeline's YAML header: its symbol,
//! title and date confirm or correct the text's, its provenance is kept,
//! and the resolution page links the official PDF.

use crate::support::*;
use std::path::Path;

const PDF: &str = "https://documents.un.org/api/symbol/access?s=A/RES/80/7&l=en&t=pdf";

fn with_header(header: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(repo().join("tests/corpus/A_RES_80_7.txt")).expect("corpus");
    format!("---\n{header}---\n{text}").into_bytes()
}

fn agreeing() -> Vec<u8> {
    with_header(&format!(
        "symbol: A/RES/80/7\nrecord_id: \"4091234\"\ntitle: \"Report of the International Atomic Energy Agency\"\ndate: 2025-11-14\nlanguage: en\nsource_pdf: {PDF}\nextract_version: pymupdf-1.24\n"
    ))
}

#[test]
fn a_pipeline_header_that_agrees_adds_its_provenance_only() {
    let imported = plenary::import::import(Path::new("in.txt"), agreeing()).expect("imports");
    assert!(imported.warnings.is_empty(), "{}", imported.warnings);
    let plain = std::fs::read_to_string(repo().join("content/A/RES/80/7.md")).expect("content");
    let expected = plain.replacen(
        "session: '80'\n",
        &format!("session: '80'\nrecord_id: '4091234'\nsource_pdf: {PDF}\n"),
        1,
    );
    assert_eq!(imported.markdown, expected);
}

#[test]
fn a_pipeline_header_that_differs_wins_with_a_warning_on_its_line() {
    let bytes = with_header("symbol: A/RES/80/8\ntitle: Another title\ndate: 2025-11-15\n");
    let imported = plenary::import::import(Path::new("in.txt"), bytes).expect("imports");
    let warnings: Vec<String> = imported.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "warning: the pipeline header's symbol `A/RES/80/8` differs from the text's `A/RES/80/7`; the header's is used\n  --> in.txt:2:1\n  = help: check the symbol against the official PDF and correct the header or the text\n",
            "warning: the pipeline header's title `Another title` differs from the text's `Report of the International Atomic Energy Agency`; the header's is used\n  --> in.txt:3:1\n  = help: check the title against the official PDF and correct the header or the text\n",
            "warning: the pipeline header's date `2025-11-15` differs from the text's `2025-11-14`; the header's is used\n  --> in.txt:4:1\n  = help: check the date against the official PDF and correct the header or the text\n",
        ]
    );
    assert_eq!(imported.symbol.as_str(), "A/RES/80/8");
    assert!(
        imported.markdown.starts_with(
            "---\nsymbol: A/RES/80/8\ntitle: Another title\norgan: General Assembly\nadopted: 2025-11-15\n"
        )
    );
}

fn error(bytes: Vec<u8>) -> String {
    match plenary::import::import(Path::new("in.txt"), bytes) {
        Ok(i) => panic!("imported {} from a bad header", i.symbol),
        Err(d) => d.to_string(),
    }
}

#[test]
fn a_bad_pipeline_header_is_an_error_on_its_line() {
    assert_eq!(
        error(b"---\nsymbol: A/RES/80/7\n\nThe General Assembly,\n".to_vec()),
        "error: the pipeline header opened on line 1 is not closed\n  --> in.txt:1:1\n  = help: end the YAML header with a line holding only `---` before the resolution's text\n\nerror: build failed with 1 error\n"
    );
    assert_eq!(
        error(with_header("symbol: A/RES/80/7\ndate: 14 November\n")),
        "error: the pipeline header's date `14 November` is not a date\n  --> in.txt:3:1\n  = help: write the date of adoption as YYYY-MM-DD, e.g. `date: 2025-12-03`\n\nerror: build failed with 1 error\n"
    );
    assert_eq!(
        error(with_header("symbol: A/RES/80 7/\n")),
        "error: the pipeline header's symbol `A/RES/80 7/` is not a document symbol: a document symbol cannot have an empty part (`//` or a trailing `/`)\n  --> in.txt:2:1\n  = help: write the symbol as the PDF shows it, e.g. `symbol: A/RES/80/21`\n\nerror: build failed with 1 error\n"
    );
}

#[test]
fn the_resolution_page_links_the_official_pdf_and_refuses_unsafe_urls() {
    let root = tempfile::tempdir().expect("tmp");
    let input = root.path().join("in.txt");
    std::fs::write(&input, agreeing()).expect("write");
    let r = root.path().to_str().expect("utf-8");
    let o = plenary(&["--root", r, "import", input.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = build(root.path());
    let page = html(&site(&out), "A/RES/80/7/index.html");
    let links: Vec<&str> = page
        .select(&sel("a.official-pdf"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, [PDF]);

    let dest = root.path().join("content/A/RES/80/7.md");
    let md = std::fs::read_to_string(&dest).expect("content");
    std::fs::write(&dest, md.replace(PDF, "javascript:alert(1)")).expect("edit");
    let out = build(root.path());
    let page = html(&site(&out), "A/RES/80/7/index.html");
    let links: Vec<&str> = page
        .select(&sel("a.official-pdf"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["#"]);
}
