//! Files for crawlers and feed readers: `robots.txt`, the sitemaps and an
//! Atom feed of resolutions by adoption date. Sitemaps and feeds need
//! absolute URLs, so they are written only when `base_url` is one
//! (`https://…`); `robots.txt` always.

use super::xml::{self, Xml, close, element, empty, open};
use super::{Input, OutputFile};

/// URLs per sitemap file (the protocol's limit is 50,000).
pub const SITEMAP_URLS: usize = 40_000;

/// Entries in the Atom feed: the most recently adopted resolutions.
pub const FEED_ENTRIES: usize = 50;

/// Whether the site's address is absolute, so that sitemaps and feeds can be written.
pub fn absolute(input: &Input<'_>) -> bool {
    let url = &input.config.base_url;
    url.starts_with("https://") || url.starts_with("http://")
}

pub fn robots(input: &Input<'_>) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if absolute(input) {
        text.push_str(&format!("Sitemap: {}sitemap.xml\n", input.config.base_url));
    }
    OutputFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}

/// Every page's path under the site root, in a stable order.
fn page_paths(input: &Input<'_>) -> Vec<String> {
    let mut paths = vec![String::new(), "citations/".into(), "search/".into(), "browse/".into()];
    paths.extend(input.listings().keys().map(|(f, s)| format!("{}/{s}/", f.dir())));
    for (sym, res) in input.collection {
        paths.push(sym.url_path());
        paths.extend(res.paragraphs().map(|p| format!("{}{}/", sym.url_path(), p.id)));
    }
    paths.extend(input.graph.outside(input.collection).map(|s| s.url_path()));
    paths
}

/// `sitemap.xml` (an index) and the sitemaps it lists under `sitemaps/`;
/// nothing without an absolute base URL.
pub fn sitemaps(input: &Input<'_>) -> Vec<OutputFile> {
    if !absolute(input) {
        return Vec::new();
    }
    let base = &input.config.base_url;
    let paths = page_paths(input);
    let mut files = Vec::new();
    let mut names = Vec::new();
    for (n, chunk) in paths.chunks(SITEMAP_URLS).enumerate() {
        let mut w = xml::writer(true);
        let _ = urlset(&mut w, base, chunk);
        let name = format!("sitemaps/{n}.xml");
        files.push(file(&name, w));
        names.push(format!("{base}{name}"));
    }
    let mut w = xml::writer(true);
    let _ = sitemap_index(&mut w, &names);
    files.push(file("sitemap.xml", w));
    files
}

fn urlset(w: &mut Xml, base: &str, paths: &[String]) -> xml::Result {
    open(w, "urlset", &[("xmlns", SITEMAP_NS)])?;
    for path in paths {
        open(w, "url", &[])?;
        element(w, "loc", &[], &format!("{base}{path}"))?;
        close(w, "url")?;
    }
    close(w, "urlset")
}

fn sitemap_index(w: &mut Xml, urls: &[String]) -> xml::Result {
    open(w, "sitemapindex", &[("xmlns", SITEMAP_NS)])?;
    for url in urls {
        open(w, "sitemap", &[])?;
        element(w, "loc", &[], url)?;
        close(w, "sitemap")?;
    }
    close(w, "sitemapindex")
}

fn file(path: &str, w: Xml) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: xml::finish(w),
    }
}

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// `feed.xml`: the most recently adopted resolutions, newest first; `None`
/// without an absolute base URL.
pub fn atom(input: &Input<'_>) -> Option<OutputFile> {
    if !absolute(input) {
        return None;
    }

    let mut dated: Vec<_> = input
        .collection
        .values()
        .filter_map(|r| Some((r.meta.adopted?, r)))
        .collect();
    dated.sort_by(|(a, x), (b, y)| b.cmp(a).then_with(|| y.symbol().cmp(x.symbol())));
    dated.truncate(FEED_ENTRIES);
    let mut w = xml::writer(true);
    let _ = feed(&mut w, input, &dated);
    Some(file("feed.xml", w))
}

fn feed(
    w: &mut Xml,
    input: &Input<'_>,
    dated: &[(chrono::NaiveDate, &std::sync::Arc<crate::model::Resolution>)],
) -> xml::Result {
    let base = &input.config.base_url;
    let stamp = |d: chrono::NaiveDate| format!("{}T00:00:00Z", d.format("%Y-%m-%d"));
    open(w, "feed", &[("xmlns", "http://www.w3.org/2005/Atom")])?;
    element(w, "title", &[], &input.config.title)?;
    element(w, "id", &[], base)?;
    empty(w, "link", &[("href", base)])?;
    empty(w, "link", &[("rel", "self"), ("href", &format!("{base}feed.xml"))])?;
    let updated = dated
        .first()
        .map_or_else(|| "1945-10-24T00:00:00Z".to_string(), |(d, _)| stamp(*d));
    element(w, "updated", &[], &updated)?;
    for (date, res) in dated {
        let url = format!("{base}{}", res.symbol().url_path());
        open(w, "entry", &[])?;
        element(w, "title", &[], &format!("{}: {}", res.symbol(), res.meta.title))?;
        element(w, "id", &[], &url)?;
        empty(w, "link", &[("href", &url)])?;
        element(w, "updated", &[], &stamp(*date))?;
        open(w, "author", &[])?;
        element(w, "name", &[], "United Nations General Assembly")?;
        close(w, "author")?;
        close(w, "entry")?;
    }
    close(w, "feed")
}
