//! The search index under `search/`: a static inverted index that a browser
//! reads piece by piece, so that searching hundreds of thousands of
//! paragraphs never downloads one big file, on any static host or offline.
//!
//! - `search/meta.json`: how many documents, the chunk size, the sessions
//!   and where each resolution's documents start (for the session filter);
//! - `search/terms/<prefix>.json`: the postings of every term starting
//!   with that prefix (`doc * 2 + 1` for an operative paragraph, `doc * 2`
//!   for a preambular one, so the kind filter needs no other file);
//! - `search/docs/<n>.json`: documents `n * CHUNK ..`: symbol, paragraph
//!   id and label, text (for snippets and phrases), and the titles of
//!   their resolutions.
//!
//! Common words are not indexed; a phrase is checked on the candidates'
//! text by the browser.

use super::OutputFile;
use crate::content::Collection;
use crate::model::ParaKind;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Documents per chunk file.
pub const CHUNK: usize = 200;

/// Words too common to narrow a search (the browser drops them too).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of", "on", "or", "that",
    "the", "their", "this", "to", "which", "with",
];

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

/// One document as its chunk holds it: symbol, paragraph id, paragraph
/// label, text. Its URL is the symbol's and the id's; the resolution's
/// title is in the chunk's `titles`, once per resolution.
type Doc<'a> = (&'a str, String, String, &'a str);

#[derive(Serialize)]
struct Chunk<'a> {
    titles: BTreeMap<&'a str, &'a str>,
    docs: &'a [Doc<'a>],
}

/// Every file of the index.
pub fn files(collection: &Collection) -> Vec<OutputFile> {
    let mut docs: Vec<Doc<'_>> = Vec::new();
    let mut titles: Vec<&str> = Vec::new();
    // Postings grow in document order, so each list stays sorted; a term
    // seen twice in one paragraph is kept once.
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    let mut sessions: Vec<String> = Vec::new();
    let mut resolutions = Vec::new();
    let mut lower = String::new();
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
            let posting = (docs.len() as u32) * 2 + u32::from(p.id.kind != ParaKind::Preambular);
            lower.clear();
            lower.extend(p.text.chars().flat_map(char::to_lowercase));
            for word in lower.split(|c: char| !c.is_alphanumeric()) {
                if word.is_empty() || STOP_WORDS.contains(&word) {
                    continue;
                }
                match postings.get_mut(word) {
                    Some(list) if list.last() == Some(&posting) => {}
                    Some(list) => list.push(posting),
                    None => {
                        postings.insert(word.to_string(), vec![posting]);
                    }
                }
            }
            docs.push((res.symbol().as_str(), p.id.to_string(), p.id.label(), &p.text));
            titles.push(&res.meta.title);
        }
    }
    let mut shards: BTreeMap<String, BTreeMap<&str, &[u32]>> = BTreeMap::new();
    for (term, list) in &postings {
        shards.entry(shard(term)).or_default().insert(term.as_str(), list);
    }
    let meta = Meta {
        version: 2,
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
    out.extend(docs.chunks(CHUNK).enumerate().map(|(n, chunk)| {
        let titles = chunk.iter().zip(&titles[n * CHUNK..]).map(|(d, t)| (d.0, *t)).collect();
        json(&format!("search/docs/{n}.json"), &Chunk { titles, docs: chunk })
    }));
    out
}

fn json<T: Serialize + ?Sized>(path: &str, value: &T) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: serde_json::to_vec(value).unwrap_or_default(),
    }
}
