//! Discovery pages: the resolutions of one organ, of one session, of one
//! committee, of one agenda item, with one tag (`/organs/security-council/`,
//! `/sessions/65/`, `/committees/third-committee/`, `/agenda/97-b/`,
//! `/tags/crime/`), and `/browse/` listing them all.

use crate::content::Collection;
use crate::model::Resolution;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What resolutions are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Facet {
    Organ,
    Session,
    Committee,
    Agenda,
    Tag,
}

impl Facet {
    pub const ALL: [Facet; 5] = [
        Facet::Organ,
        Facet::Session,
        Facet::Committee,
        Facet::Agenda,
        Facet::Tag,
    ];

    /// The folder of its pages.
    pub fn dir(self) -> &'static str {
        match self {
            Facet::Organ => "organs",
            Facet::Session => "sessions",
            Facet::Committee => "committees",
            Facet::Agenda => "agenda",
            Facet::Tag => "tags",
        }
    }

    pub fn heading(self) -> &'static str {
        match self {
            Facet::Organ => "Organs",
            Facet::Session => "Sessions",
            Facet::Committee => "Committees",
            Facet::Agenda => "Agenda items",
            Facet::Tag => "Tags",
        }
    }

    /// The values of this facet for one resolution, as shown.
    fn values(self, res: &Resolution) -> Vec<String> {
        match self {
            Facet::Organ => res.meta.organ.iter().map(|o| o.name().to_string()).collect(),
            Facet::Session => res
                .symbol()
                .session()
                .map(|s| s.label())
                .or_else(|| res.meta.session.clone())
                .into_iter()
                .collect(),
            Facet::Committee => res.meta.committee.iter().cloned().collect(),
            Facet::Agenda => res.meta.agenda_item.iter().cloned().collect(),
            Facet::Tag => res.meta.tags.clone(),
        }
    }

    /// How a page of this facet names its value: "Session 65", "Agenda item 97 (b)".
    pub fn title(self, value: &str) -> String {
        match self {
            Facet::Organ => value.to_string(),
            Facet::Session => format!("Session {value}"),
            Facet::Committee => value.to_string(),
            Facet::Agenda => format!("Agenda item {value}"),
            Facet::Tag => format!("Tag: {value}"),
        }
    }
}

/// A value as a URL segment: lower case letters and digits, runs of
/// anything else as one `-` ("90 (b)" → "90-b"); never empty.
pub fn slug(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "-".to_string() } else { out }
}

/// One discovery page: its value as first seen, and its resolutions.
#[derive(Debug)]
pub struct Listing<'a> {
    pub value: String,
    pub resolutions: Vec<&'a Resolution>,
}

/// Every discovery page, by facet and slug (values with one slug share a page).
pub fn listings(collection: &Collection) -> Listings<'_> {
    let mut out: Listings<'_> = BTreeMap::new();
    for res in collection.values() {
        for facet in Facet::ALL {
            for value in facet.values(res) {
                let entry = out.entry((facet, slug(&value))).or_insert_with(|| Listing {
                    value,
                    resolutions: Vec::new(),
                });
                entry.resolutions.push(res);
            }
        }
    }
    for listing in out.values_mut() {
        listing
            .resolutions
            .sort_by(|a, b| (b.meta.adopted, b.symbol()).cmp(&(a.meta.adopted, a.symbol())));
    }
    out
}

/// The path of a discovery page.
pub fn path(facet: Facet, slug: &str) -> String {
    format!("{}/{slug}/index.html", facet.dir())
}

/// Every discovery page, by facet and slug.
pub type Listings<'a> = BTreeMap<(Facet, String), Listing<'a>>;

/// The paths of every discovery page (the manifest keeps them, to remove
/// pages whose value no resolution has any more).
pub fn paths(collection: &Collection) -> BTreeSet<String> {
    listings(collection).keys().map(|(f, s)| path(*f, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_segments() {
        assert_eq!(slug("Third Committee"), "third-committee");
        assert_eq!(slug("90 (b)"), "90-b");
        assert_eq!(slug("S-10"), "s-10");
        assert_eq!(slug("Désarmement / paix"), "désarmement-paix");
        assert_eq!(slug("()"), "-");
    }
}
