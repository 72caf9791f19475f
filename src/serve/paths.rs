//! Request paths to site files. The preview serves from memory, never from
//! the file system, so no request can reach a file outside the site; this
//! resolver still refuses every trick that escapes a folder elsewhere
//! (`..`, encoded `%2e%2e`, backslashes, NUL, empty segments, huge paths).

/// Longest request path accepted.
pub const MAX_PATH: usize = 2048;

/// Why a request path is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Malformed or escaping: answer 400.
    Bad,
    /// Longer than [`MAX_PATH`]: answer 414.
    TooLong,
}

/// The key of the site file a request path names: `/` → `index.html`,
/// `/A/RES/65/232/` → `A/RES/65/232/index.html`, `/style.css` → `style.css`.
pub fn resolve(raw: &str) -> Result<String, Refused> {
    if raw.len() > MAX_PATH {
        return Err(Refused::TooLong);
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| Refused::Bad)?;
    if !decoded.starts_with('/') || decoded.contains(['\0', '\\']) || decoded.chars().any(char::is_control) {
        return Err(Refused::Bad);
    }
    let body = &decoded[1..];
    let dir = body.is_empty() || body.ends_with('/');
    // One trailing `/` marks a folder; a second one is an empty segment.
    let segments: Vec<&str> = body.strip_suffix('/').unwrap_or(body).split('/').collect();
    if !body.is_empty()
        && segments
            .iter()
            .any(|s| s.is_empty() || *s == "." || *s == ".." || s.contains('%'))
    {
        return Err(Refused::Bad);
    }
    let mut key = if body.is_empty() {
        String::new()
    } else {
        segments.join("/")
    };
    if dir {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

/// The content type of a site file, by its extension.
pub fn content_type(key: &str) -> &'static str {
    match key.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_resolve() {
        assert_eq!(resolve("/"), Ok("index.html".into()));
        assert_eq!(resolve("/A/RES/65/232/"), Ok("A/RES/65/232/index.html".into()));
        assert_eq!(
            resolve("/A/RES/65/232/op14/"),
            Ok("A/RES/65/232/op14/index.html".into())
        );
        assert_eq!(resolve("/style.css"), Ok("style.css".into()));
        assert_eq!(resolve("/S/RES/1373(2001)/"), Ok("S/RES/1373(2001)/index.html".into()));
        assert_eq!(resolve("/A/RES/65/232"), Ok("A/RES/65/232".into()));
    }

    /// RELIABILITY.md case 13: every escape is refused.
    #[test]
    fn escapes_are_refused() {
        for bad in [
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc%2fpasswd",
            "/%252e%252e/",
            "/..%5c..%5cetc",
            "/%00",
            "//etc/passwd",
            "/a/./b",
            "/a\\b",
            "etc/passwd",
            "/A/RES/65/232/op1//",
            "/A//RES/",
        ] {
            assert_eq!(resolve(bad), Err(Refused::Bad), "{bad}");
        }
        assert_eq!(resolve(&format!("/{}", "a".repeat(5000))), Err(Refused::TooLong));
    }

    /// RELIABILITY.md case 12, deterministically: of many mangled paths,
    /// none resolves to a key that leaves the site.
    #[test]
    fn no_path_resolves_outside_the_site() {
        let pieces = [
            "/",
            "..",
            ".",
            "%2e",
            "%2E",
            "%2f",
            "%5c",
            "\\",
            "%00",
            "a",
            "index.html",
            "%25",
            "//",
            "~",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut path = String::from("/");
            for _ in 0..(seed % 8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                path.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(1);
            if let Ok(key) = resolve(&path) {
                assert!(
                    key.split('/').all(|s| !s.is_empty() && s != "." && s != ".."),
                    "{path} -> {key}"
                );
                assert!(!key.contains(['\\', '\0', '%']), "{path} -> {key}");
            }
        }
    }
}
