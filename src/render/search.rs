//! The search index under `search/`: a static inverted index that a browser
//! reads piece by piece, so that searching hundreds of thousands of
//! paragraphs never downloads one big file, on any static host or offline.
//!
//! - `search/meta.json`: how many documents, the chunk size, the sessions
//!   and where each resolution's documents start (for the session filter);
//! - `search/terms/<prefix>.json`: the postings of every term starting
//!   with that prefix (`doc * 2 + 1` for an operative paragraph, `doc * 2`
//!   for a preambular one, so the kind filter needs no other file);
//! - `search/docs/<n>.json`: documents `n * CHUNK ..`: URL, symbol,
//!   paragraph label, resolution title and text (for snippets and phrases).
//!
//! Common words are not indexed; a phrase is checked on the candidates'
//! text by the browser.

use super::OutputFile;
use crate::content::Collection;
use crate::model::ParaKind;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Documents per chunk file.
pub const CHUNK: usize = 200;

/// Words too common to narrow a search (the browser drops them too).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of", "on", "or", "that",
    "the", "their", "this", "to", "which", "with",
];

/// The words of a text as the index keeps them: lower case, letters and
/// digits only. The browser's tokenizer (search.js) does the same.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
}

/// The shard a term is kept in: its first two characters, spelled safely
/// for a file name (letters and digits as they are, others as code points).
pub fn shard(term: &str) -> String {
    term.chars()
        .take(2)
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("_{:x}", c as u32)
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    chunk: usize,
    docs: usize,
    sessions: Vec<String>,
    /// For each resolution: its first document and its session's index.
    resolutions: Vec<(usize, usize)>,
    stop_words: &'static [&'static str],
}

/// One document as its chunk holds it: URL path (from the site root),
/// symbol, paragraph label, resolution title, text.
type Doc<'a> = (String, &'a str, String, &'a str, &'a str);

/// Every file of the index.
pub fn files(collection: &Collection) -> Vec<OutputFile> {
    let mut docs: Vec<Doc<'_>> = Vec::new();
    let mut postings: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut sessions: Vec<String> = Vec::new();
    let mut resolutions = Vec::new();
    for res in collection.values() {
        let session = res
            .meta
            .session
            .clone()
            .or_else(|| res.symbol().session().map(|s| s.label()))
            .unwrap_or_default();
        let index = sessions.iter().position(|s| *s == session).unwrap_or_else(|| {
            sessions.push(session);
            sessions.len() - 1
        });
        resolutions.push((docs.len(), index));
        for p in res.paragraphs() {
            let doc = docs.len();
            let kind = usize::from(p.id.kind != ParaKind::Preambular);
            for w in words(&p.text) {
                postings.entry(w).or_default().insert(doc * 2 + kind);
            }
            let url = format!("{}{}/", res.symbol().url_path(), p.id);
            docs.push((url, res.symbol().as_str(), p.id.label(), &res.meta.title, &p.text));
        }
    }
    let mut shards: BTreeMap<String, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (term, list) in &postings {
        shards
            .entry(shard(term))
            .or_default()
            .insert(term.as_str(), list.iter().copied().collect());
    }
    let meta = Meta {
        version: 1,
        chunk: CHUNK,
        docs: docs.len(),
        sessions,
        resolutions,
        stop_words: STOP_WORDS,
    };
    let mut out = vec![json("search/meta.json", &meta)];
    out.extend(
        shards
            .iter()
            .map(|(key, terms)| json(&format!("search/terms/{key}.json"), terms)),
    );
    out.extend(
        docs.chunks(CHUNK)
            .enumerate()
            .map(|(n, chunk)| json(&format!("search/docs/{n}.json"), &chunk)),
    );
    out
}

fn json<T: Serialize + ?Sized>(path: &str, value: &T) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: serde_json::to_vec(value).unwrap_or_default(),
    }
}
