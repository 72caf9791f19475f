//! Fuzz target: any text as a content file's front matter: splitting it off
//! and reading its keys never panics, and positions stay inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.md");
    // As the build reads files: UTF-8, line ends normalised.
    let Ok(text) = plenary::content::decode(path, data.to_vec()) else { return };
    let text = text.as_str();
    match plenary::content::front_matter::split(path, text) {
        Ok(split) => {
            if let Err(d) = plenary::content::front_matter::parse(path, text, &split) {
                let lines = text.lines().count().max(1) + 1;
                assert!(d.pos.is_none_or(|p| p.line <= lines), "{d}");
            }
        }
        Err(d) => assert!(d.pos.is_none_or(|p| p.line <= text.lines().count().max(1) + 1), "{d}"),
    }
});
