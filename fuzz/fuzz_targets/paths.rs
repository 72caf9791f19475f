//! Fuzz target: the preview server's path resolver never names a file
//! outside the site.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(path) = std::str::from_utf8(data)
        && let Ok(key) = plenary::serve::paths::resolve(path)
    {
        assert!(!key.starts_with('/'), "{key}");
        assert!(key.split('/').all(|s| !s.is_empty() && s != "." && s != ".."), "{key}");
        assert!(!key.contains(['\\', '\0', '%']), "{key}");
    }
});
