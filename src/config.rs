//! The optional site configuration, `plenary.yaml` at the site root.

use crate::diag::{Diagnostic, Pos};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "plenary.yaml";

/// Site settings; every key is optional and unknown keys are refused.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Shown in page titles and on the home page.
    pub title: String,
    pub description: String,
    /// Where the site is published, e.g. `https://example.org/un/`.
    pub base_url: String,
    /// A folder under `themes/`; files there override the built-in theme.
    pub theme: String,
    /// The output folder, relative to the site root.
    pub output: PathBuf,
    /// The content folder, relative to the site root.
    pub content: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "United Nations resolutions".into(),
            description: "Resolutions, paragraph by paragraph, with their footnotes and citations.".into(),
            base_url: "/".into(),
            theme: "default".into(),
            output: "site".into(),
            content: "content".into(),
        }
    }
}

impl Config {
    /// Reads `plenary.yaml` under `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        if !path.exists() {
            return Ok(Config::default());
        }
        let shown = Path::new(CONFIG_FILE);
        let bytes = crate::fsx::read(&path, shown)?;
        let text = crate::content::decode(shown, bytes)?;
        Self::parse(shown, &text)
    }

    pub fn parse(shown: &Path, text: &str) -> Result<Config, Diagnostic> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let mut config: Config = serde_yaml::from_str(text).map_err(|e| {
            let full = e.to_string();
            let message = full.split(" at line ").next().unwrap_or(&full).to_string();
            let pos = e.location().map_or(Pos::new(1, 1), |l| Pos::new(l.line(), l.column()));
            Diagnostic::error(format!("invalid site configuration: {message}"))
                .in_file(shown)
                .at_in(text, pos)
                .help("the keys are title, description, base_url, theme, output and content")
        })?;
        no_controls(shown, text, &config)?;
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        Ok(config)
    }
}

/// A YAML escape (`"\0"`) can write a control character into a value; in
/// a page it would be a parse error, and NUL is the renderer's stand-in for
/// the path to the site root.
fn no_controls(shown: &Path, text: &str, config: &Config) -> Result<(), Diagnostic> {
    for (key, value) in [
        ("title", &config.title),
        ("description", &config.description),
        ("base_url", &config.base_url),
        ("theme", &config.theme),
    ] {
        let Some(c) = value.chars().find(|c| crate::content::control::is_removed(*c)) else {
            continue;
        };
        let line = text
            .lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .map_or(1, |i| i + 1);
        return Err(Diagnostic::error(format!(
            "invalid site configuration: `{key}` holds the control character U+{:04X}",
            c as u32
        ))
        .in_file(shown)
        .at_in(text, Pos::new(line, 1))
        .help("remove the escape that writes it (such as `\\0` or `\\x07`) from the value"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_refused_with_its_place() {
        let e = Config::parse(Path::new("plenary.yaml"), "title: x\ncolour: red\n").expect_err("must fail");
        assert_eq!(e.pos, Some(Pos::new(2, 1)));
        assert!(e.message.contains("unknown field `colour`"), "{}", e.message);
    }

    /// RELIABILITY.md case 28: no control character reaches a page from
    /// the configuration either.
    #[test]
    fn a_control_character_escape_is_refused_with_its_line() {
        let e = Config::parse(Path::new("plenary.yaml"), "base_url: /\ntitle: \"UN\\0 resolutions\"\n")
            .expect_err("must fail");
        assert_eq!(e.pos, Some(Pos::new(2, 1)));
        assert_eq!(
            e.message,
            "invalid site configuration: `title` holds the control character U+0000"
        );
    }
}
