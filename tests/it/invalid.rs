//! Invalid inputs: each fixture under `tests/fixtures/invalid/` must fail the
//! build with exactly the message in its `expected.txt`, exit code 1, and no
//! output written.

use crate::support::*;

fn check(name: &str) {
    let root = fixture(&format!("invalid/{name}"));
    let out = tempfile::tempdir().expect("tmp");
    let dest = out.path().join("site");
    let o = plenary(&[
        "--root",
        root.to_str().expect("utf-8"),
        "build",
        "-o",
        dest.to_str().expect("utf-8"),
    ]);
    let expected = std::fs::read_to_string(root.join("expected.txt")).expect("expected.txt");
    assert_eq!(String::from_utf8_lossy(&o.stderr), expected, "{name}");
    assert_eq!(o.status.code(), Some(1), "{name}");
    assert!(!dest.exists(), "{name}: a failed build wrote output");
}

macro_rules! invalid {
    ($($test:ident => $dir:literal,)*) => {
        $(#[test] fn $test() { check($dir); })*

        /// Every fixture folder has its test above.
        #[test]
        fn every_invalid_fixture_is_tested() {
            let mut listed = vec![$($dir),*];
            listed.sort_unstable();
            let mut dirs: Vec<String> = std::fs::read_dir(fixture("invalid"))
                .expect("dir")
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            dirs.sort();
            assert_eq!(dirs, listed);
        }
    };
}

invalid! {
    a_file_without_front_matter => "no-front-matter",
    unclosed_front_matter => "unclosed-front-matter",
    a_missing_title => "missing-title",
    a_yaml_syntax_error_in_file_lines => "bad-yaml",
    a_date_that_is_not_iso => "bad-date",
    a_symbol_that_escapes_its_folder => "bad-symbol",
    a_duplicate_front_matter_key => "duplicate-key",
    an_undefined_footnote_reference => "undefined-footnote",
    a_footnote_defined_twice => "duplicate-footnote",
    an_operative_number_used_twice => "duplicate-operative",
    two_files_with_one_symbol => "duplicate-symbol",
    an_unknown_config_key => "unknown-config-key",
    a_template_syntax_error => "template-error",
    a_template_that_fails_on_every_page_once => "template-render-error",
    all_errors_of_a_build_together => "many-errors",
    a_paragraph_after_the_operative_part => "paragraph-after-operative",
    case_27_a_symbol_on_another_documents_paragraph_page => "url-clash-paragraph",
    case_27_a_symbol_where_another_writes_a_file => "url-clash-file",
    case_28_an_undefined_footnote_in_a_list_of_several_items => "undefined-footnote-in-list",
    case_29_a_negative_session_is_named_on_its_line => "front-matter-session",
    case_29_a_control_character_escape_in_the_title => "front-matter-control-escape",
    case_29_a_wrong_type_on_a_later_line => "front-matter-late-type",
    case_31_a_line_break_inside_the_symbol => "symbol-with-line-break",
}
