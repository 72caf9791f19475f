//! Checks of how templates refer to each other, made when the theme loads:
//! a missing `include`, `import` or `extends` target, and cycles among
//! them. Tera itself finds a missing include only when a page happens to
//! render it, and overflows its stack (aborting the process) on a cycle.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::LazyLock;

static REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{%-?\s*(include|import|extends)\s+"([^"]+)""#).unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

static LIST_INCLUDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?\s*include\s+\[").unwrap_or_else(|e| panic!("bad pattern: {e}")));

/// One template's reference to another.
#[derive(Clone)]
struct Ref {
    kind: String,
    target: String,
    pos: Pos,
}

/// Problems with references among `templates` (name → text).
pub fn check(templates: &[(String, String)], sources: &BTreeMap<String, PathBuf>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let names: BTreeMap<&str, &str> = templates.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let refs: BTreeMap<&str, Vec<Ref>> = templates
        .iter()
        .map(|(name, text)| {
            let list = REF
                .captures_iter(text)
                .filter_map(|c| {
                    let m = c.get(0)?;
                    Some(Ref {
                        kind: c[1].to_string(),
                        target: c[2].to_string(),
                        pos: Pos::of_offset(text, m.start()),
                    })
                })
                .collect();
            (name.as_str(), list)
        })
        .collect();
    for (name, list) in &refs {
        for r in list.iter().filter(|r| !names.contains_key(r.target.as_str())) {
            let mut d = Diagnostic::error(format!(
                "template `{name}` {}s `{}`, which does not exist",
                r.kind, r.target
            ))
            .help(format!(
                "add `templates/{}` to the theme, or remove the `{}`",
                r.target, r.kind
            ));
            if let Some(src) = sources.get(*name) {
                d = d.in_file(src).at_in(names[name], r.pos);
            }
            diags.push(d);
        }
    }
    if let Some(cycle) = find_cycle(&refs) {
        let first = cycle.first().cloned().unwrap_or_default();
        let mut d = Diagnostic::error(format!(
            "templates refer to each other in a cycle: {}",
            cycle.join(" → ")
        ))
        .help("break the cycle: a template cannot include, import or extend itself, directly or through others");
        if let Some(src) = sources.get(&first) {
            d = d.in_file(src);
        }
        diags.push(d);
    }
    diags.extend(macro_cycles(templates, sources));
    diags
}

static MACRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{%-?\s*(macro\s+(\w+)\s*\(|endmacro\b)").unwrap_or_else(|e| panic!("bad pattern: {e}"))
});
static CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\w+)::(\w+)\s*\(").unwrap_or_else(|e| panic!("bad pattern: {e}")));
static IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{%-?\s*import\s+"([^"]+)"\s+as\s+(\w+)"#).unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// Macros that call themselves, directly or through other macros. Tera
/// has no depth limit: a macro recursing forever overflows the stack and
/// aborts the process, and no input can be told to end in advance, so a
/// theme's macros may not recurse at all.
fn macro_cycles(templates: &[(String, String)], sources: &BTreeMap<String, PathBuf>) -> Diagnostics {
    // Each macro ("file::name") and the macros its body calls.
    let mut calls: BTreeMap<String, Vec<Ref>> = BTreeMap::new();
    for (file, text) in templates {
        let aliases: BTreeMap<&str, &str> = IMPORT
            .captures_iter(text)
            .filter_map(|c| Some((c.get(2)?.as_str(), c.get(1)?.as_str())))
            .collect();
        let mut open: Option<(String, usize)> = None;
        for m in MACRO.captures_iter(text) {
            let (Some(whole), name) = (m.get(0), m.get(2)) else {
                continue;
            };
            match (name, open.take()) {
                (Some(name), _) => open = Some((format!("{file}::{}", name.as_str()), whole.end())),
                (None, Some((key, start))) => {
                    let body = &text[start..whole.start()];
                    let list = CALL
                        .captures_iter(body)
                        .filter_map(|c| {
                            let (ns, callee) = (c.get(1)?.as_str(), c.get(2)?.as_str());
                            let target = if ns == "self" { file.as_str() } else { aliases.get(ns)? };
                            Some(Ref {
                                kind: "calls".into(),
                                target: format!("{target}::{callee}"),
                                pos: Pos::of_offset(text, start + c.get(0)?.start()),
                            })
                        })
                        .collect();
                    calls.insert(key, list);
                }
                (None, None) => {}
            }
        }
    }
    let graph: BTreeMap<&str, Vec<Ref>> = calls.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let mut diags = Diagnostics::new();
    if let Some(cycle) = find_cycle(&graph) {
        let first = cycle.first().cloned().unwrap_or_default();
        let (file, name) = first.split_once("::").unwrap_or((&first, ""));
        let mut d = Diagnostic::error(format!(
            "macro `{name}` of `{file}` calls itself: {}",
            cycle.join(" → ")
        ))
        .help("write the macro without recursion: templates have no depth limit, so a macro that calls itself could run until the process crashes");
        let call = graph
            .get(first.as_str())
            .and_then(|refs| refs.iter().find(|r| Some(&r.target) == cycle.get(1)));
        if let (Some(src), Some(text)) = (sources.get(file), templates.iter().find(|(n, _)| n == file)) {
            d = d.in_file(src);
            if let Some(call) = call {
                d = d.at_in(&text.1, call.pos);
            }
        }
        diags.push(d);
    }
    diags
}

/// For each template, the templates it uses, directly or through others,
/// itself included: what a change to one template makes stale. A template
/// that includes from a list (`{% include ["a", "b"] %}`) is taken to use
/// them all.
pub fn closures(templates: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let all: BTreeSet<String> = templates.iter().map(|(n, _)| n.clone()).collect();
    let direct: BTreeMap<&str, Vec<String>> = templates
        .iter()
        .map(|(name, text)| {
            let list = if LIST_INCLUDE.is_match(text) {
                all.iter().cloned().collect()
            } else {
                REF.captures_iter(text).map(|c| c[2].to_string()).collect()
            };
            (name.as_str(), list)
        })
        .collect();
    templates
        .iter()
        .map(|(name, _)| {
            let mut seen = BTreeSet::from([name.clone()]);
            let mut todo = vec![name.clone()];
            while let Some(t) = todo.pop() {
                for u in direct.get(t.as_str()).into_iter().flatten() {
                    if seen.insert(u.clone()) {
                        todo.push(u.clone());
                    }
                }
            }
            (name.clone(), seen)
        })
        .collect()
}

/// A cycle of references, as template names from and back to the first.
fn find_cycle(refs: &BTreeMap<&str, Vec<Ref>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = refs.keys().map(|k| (*k, Mark::New)).collect();
    // Iterative depth-first search: no recursion on user input.
    for start in refs.keys() {
        if marks[start] != Mark::New {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some((node, i)) = stack.pop() {
            let next = refs.get(node).and_then(|l| l.get(i));
            let Some(r) = next else {
                marks.insert(node, Mark::Done);
                continue;
            };
            stack.push((node, i + 1));
            let target = r.target.as_str();
            match marks.get(target).copied() {
                Some(Mark::Open) => {
                    let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut cycle: Vec<String> = stack[from..].iter().map(|(n, _)| n.to_string()).collect();
                    cycle.push(target.to_string());
                    return Some(cycle);
                }
                Some(Mark::New) => {
                    marks.insert(target, Mark::Open);
                    stack.push((target, 0));
                }
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(templates: &[(&str, &str)]) -> Vec<String> {
        let t: Vec<(String, String)> = templates.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        check(&t, &BTreeMap::new()).iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn missing_targets_and_cycles() {
        assert_eq!(
            run(&[("a.html", "{% include \"nope.html\" %}")]),
            ["template `a.html` includes `nope.html`, which does not exist"]
        );
        assert_eq!(
            run(&[
                ("a.html", "{% include \"b.html\" %}"),
                ("b.html", "{% include \"a.html\" %}")
            ]),
            ["templates refer to each other in a cycle: a.html → b.html → a.html"]
        );
        assert_eq!(
            run(&[("a.html", "{% extends \"a.html\" %}")]),
            ["templates refer to each other in a cycle: a.html → a.html"]
        );
        assert!(run(&[("a.html", "{% extends \"b.html\" %}"), ("b.html", "x")]).is_empty());
    }

    #[test]
    fn recursive_macros_are_refused() {
        let self_call = "{% macro m(n) %}{{ self::m(n=n) }}{% endmacro m %}";
        assert_eq!(
            run(&[("a.html", self_call)]),
            ["macro `m` of `a.html` calls itself: a.html::m → a.html::m"]
        );
        let a = "{% import \"b.html\" as b %}{% macro x() %}{{ b::y() }}{% endmacro %}";
        let b = "{% import \"a.html\" as a %}{% macro y() %}{{ a::x() }}{% endmacro %}";
        assert_eq!(
            run(&[("a.html", a), ("b.html", b)]),
            [
                "templates refer to each other in a cycle: a.html → b.html → a.html",
                "macro `x` of `a.html` calls itself: a.html::x → b.html::y → a.html::x"
            ]
        );
        // Calls between different macros, and calls outside macros, are fine.
        let fine = "{% macro p() %}{{ self::q() }}{% endmacro %}{% macro q() %}q{% endmacro %}{{ self::p() }}";
        assert!(run(&[("a.html", fine)]).is_empty());
    }

    #[test]
    fn closures_follow_references_and_lists_use_everything() {
        let t: Vec<(String, String)> = [
            ("page.html", "{% extends \"base.html\" %}{% import \"m.html\" as m %}"),
            ("base.html", "{% include \"nav.html\" %}"),
            ("nav.html", "nav"),
            ("m.html", "macros"),
            ("list.html", "{% include [\"nav.html\", \"other.html\"] %}"),
            ("other.html", "x"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let c = closures(&t);
        let names = |n: &str| c[n].iter().cloned().collect::<Vec<_>>().join(" ");
        assert_eq!(names("page.html"), "base.html m.html nav.html page.html");
        assert_eq!(names("nav.html"), "nav.html");
        assert_eq!(c["list.html"].len(), 6);
    }
}
