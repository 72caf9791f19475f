//! Fuzz target: any bytes through the importer; whatever it imports must build.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = plenary::import::import(Path::new("fuzz.txt"), data.to_vec()) {
        let file = plenary::content::SourceFile::new("fuzz.md", imported.markdown);
        let (res, diags) = plenary::content::parse(&file);
        assert!(res.is_some(), "imported content does not build: {diags}");
    }
});
