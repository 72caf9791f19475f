//! The search index under `search/`: a static inverted index that a browser
//! reads piece by piece, so that searching hundreds of thousands of
//! paragraphs never downloads one big file, on any static host or offline.
//!
//! - `search/meta.json`: how many documents, the chunk size, the sessions
//!   and where each resolution's documents start (for the session filter);
//! - `search/terms/<prefix>.json`: the postings of every term starting
//!   with that prefix (`doc * 2 + 1` for an operative paragraph, `doc * 2`
//!   for a preambular one, so the kind filter needs no other file), each
//!   list written as gaps from the previous posting;
//! - `search/docs/<n>.json`: documents `n * CHUNK ..`: symbol, paragraph
//!   id and label, text (for snippets and phrases), and the titles of
//!   their resolutions.
//!
//! Common words are not indexed; a phrase is checked on the candidates'
//! text by the browser.

use super::OutputFile;
use crate::content::Collection;
use crate::model::{ParaKind, Resolution};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Documents per chunk file.
pub const CHUNK: usize = 200;

/// Words too common to narrow a search (the browser drops them too).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of", "on", "or", "that",
    "the", "their", "this", "to", "which", "with",
];

/// The shard a term is kept in: its first `chars` characters, spelled
/// safely for a file name (letters and digits as they are, others as code
/// points). Shards are two characters long; one that would be larger than
/// [`SHARD_BYTES`] is split by three characters (terms of two characters
/// stay), and `meta.json` lists it under `split`.
pub const SHARD_BYTES: usize = 256 * 1024;

pub fn shard(term: &str, chars: usize) -> String {
    term.chars()
        .take(chars)
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
    /// Two-character shards split by three characters.
    split: Vec<String>,
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

/// Buckets the terms are spread over to build the postings in parallel.
const BUCKETS: usize = 64;

/// One resolution's terms, by bucket: each term once, with the postings
/// of the paragraphs holding it, in order.
type Terms = Vec<Vec<TermPostings>>;

/// A term and its postings.
type TermPostings = (String, Vec<u32>);

/// Every file of the index.
pub fn files(collection: &Collection) -> Vec<OutputFile> {
    files_with(collection, SHARD_BYTES)
}

/// Every file of the index, splitting shards larger than `shard_bytes`.
pub fn files_with(collection: &Collection, shard_bytes: usize) -> Vec<OutputFile> {
    let all: Vec<&Resolution> = collection.values().map(|r| &**r).collect();
    let mut first = Vec::with_capacity(all.len());
    let mut docs_count = 0;
    for r in &all {
        first.push(docs_count);
        docs_count += r.paragraph_count();
    }
    // Terms of each resolution in parallel; then the postings of each
    // bucket in parallel, resolutions in order so every list stays sorted.
    let terms: Vec<Terms> = all.par_iter().zip(&first).map(|(r, f)| terms_of(r, *f)).collect();
    let mut by_bucket: Vec<Terms> = (0..BUCKETS).map(|_| Vec::with_capacity(all.len())).collect();
    for per_resolution in terms {
        for (b, list) in per_resolution.into_iter().enumerate() {
            by_bucket[b].push(list);
        }
    }
    let postings: Vec<HashMap<String, Vec<u32>>> = by_bucket
        .into_par_iter()
        .map(|lists| {
            let mut map: HashMap<String, Vec<u32>> = HashMap::new();
            for (term, list) in lists.into_iter().flatten() {
                map.entry(term).or_default().extend(list);
            }
            map
        })
        .collect();
    // Postings as gaps from the previous one: common terms' lists shrink
    // to a digit or two per paragraph.
    let gaps = |list: &[u32]| -> Vec<u32> {
        let mut prev = 0;
        list.iter()
            .map(|&p| {
                let g = p - prev;
                prev = p;
                g
            })
            .collect()
    };
    let mut by_two: BTreeMap<String, Vec<(&str, Vec<u32>)>> = BTreeMap::new();
    for (term, list) in postings.iter().flatten() {
        by_two
            .entry(shard(term, 2))
            .or_default()
            .push((term.as_str(), gaps(list)));
    }
    let size = |terms: &[(&str, Vec<u32>)]| terms.iter().map(|(t, l)| t.len() + 4 * l.len() + 4).sum::<usize>();
    let mut split = Vec::new();
    let mut shards: BTreeMap<String, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (key, terms) in by_two {
        let big = size(&terms) > shard_bytes;
        if big {
            split.push(key.clone());
        }
        for (term, list) in terms {
            let key = if big && term.chars().count() > 2 {
                shard(term, 3)
            } else {
                key.clone()
            };
            shards.entry(key).or_default().insert(term, list);
        }
    }
    let mut sessions: Vec<String> = Vec::new();
    let mut resolutions = Vec::new();
    let mut docs: Vec<Doc<'_>> = Vec::with_capacity(docs_count);
    let mut titles: Vec<&str> = Vec::with_capacity(docs_count);
    for (res, f) in all.iter().zip(&first) {
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
        resolutions.push((*f, index));
        for p in res.paragraphs() {
            docs.push((res.symbol().as_str(), p.id.to_string(), p.id.label(), &p.text));
            titles.push(&res.meta.title);
        }
    }
    let meta = Meta {
        version: 3,
        split,
        chunk: CHUNK,
        docs: docs.len(),
        sessions,
        resolutions,
        stop_words: STOP_WORDS,
    };
    let mut out = vec![json("search/meta.json", &meta)];
    let shard_list: Vec<_> = shards.iter().collect();
    out.par_extend(
        shard_list
            .par_iter()
            .map(|(key, terms)| json(&format!("search/terms/{key}.json"), terms)),
    );
    let chunks: Vec<_> = docs.chunks(CHUNK).enumerate().collect();
    out.par_extend(chunks.par_iter().map(|(n, chunk)| {
        let titles = chunk.iter().zip(&titles[n * CHUNK..]).map(|(d, t)| (d.0, *t)).collect();
        json(&format!("search/docs/{n}.json"), &Chunk { titles, docs: chunk })
    }));
    out
}

/// The terms of one resolution whose first document is `first`. Its text
/// is lower-cased once, so that terms are slices of it until the end:
/// one string per distinct term of the resolution, not per occurrence.
fn terms_of(res: &Resolution, first: usize) -> Terms {
    let mut lower = String::new();
    let mut ends = Vec::new();
    for p in res.paragraphs() {
        lower.extend(p.text.chars().flat_map(char::to_lowercase));
        lower.push('\n');
        ends.push(lower.len());
    }
    let mut local: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut start = 0;
    for ((k, p), end) in res.paragraphs().enumerate().zip(&ends) {
        let posting = ((first + k) as u32) * 2 + u32::from(p.id.kind != ParaKind::Preambular);
        for w in lower[start..*end].split(|c: char| !c.is_alphanumeric()) {
            if w.is_empty() || STOP_WORDS.contains(&w) {
                continue;
            }
            let list = local.entry(w).or_default();
            if list.last() != Some(&posting) {
                list.push(posting);
            }
        }
        start = *end;
    }
    let mut buckets: Terms = vec![Vec::new(); BUCKETS];
    for (w, list) in local {
        let bytes = w.as_bytes();
        let b = (usize::from(bytes[0]) * 31 + usize::from(*bytes.get(1).unwrap_or(&0))) % BUCKETS;
        buckets[b].push((w.to_string(), list));
    }
    buckets
}

fn json<T: Serialize + ?Sized>(path: &str, value: &T) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: serde_json::to_vec(value).unwrap_or_default(),
    }
}
