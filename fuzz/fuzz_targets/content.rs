//! Fuzz target: any text as a content file (front matter and Markdown body).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = plenary::content::decode(std::path::Path::new("fuzz.md"), data.to_vec()) {
        let file = plenary::content::SourceFile::new("fuzz.md", text);
        let _ = plenary::content::parse(&file);
    }
});
