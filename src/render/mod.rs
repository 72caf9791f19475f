//! Render stage: the collection becomes output files.
//!
//! [`jobs`] lists every file the site consists of (cheap descriptions), and
//! [`render`] turns one job into bytes. Callers stream jobs through `render`
//! in parallel and hand each file to a sink (disk or memory), so rendered
//! pages are never all held at once.

mod akn;
mod claims;
mod feeds;
mod json;
pub mod listings;
mod preview;
pub mod search;
mod views;
mod xml;

use crate::config::Config;
use crate::content::Collection;
use crate::crossref::Graph;
use crate::diag::Diagnostic;
use crate::symbol::Symbol;
use crate::theme::{self, Theme};
use tera::Context;
use views::{ParaView, ResView, SiteView};

pub use claims::claims;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path under the output folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What to render; cheap to list and to send between threads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    Home,
    NotFound,
    Resolution(Symbol),
    Paragraph(Symbol, usize),
    Json(Symbol),
    /// The resolution in Akoma Ntoso XML.
    Akn(Symbol),
    /// A document cited but not in the collection.
    Outside(Symbol),
    /// The index of all cited documents.
    Citations,
    /// The search page (the index itself is written beside it).
    Search,
    /// `robots.txt`.
    Robots,
    /// A discovery page: the resolutions of one session, committee,
    /// agenda item or tag (the slug names the value).
    Listing(listings::Facet, String),
    /// The list of all discovery pages.
    Browse,
    /// The Atom feed (with an absolute base URL).
    Feed,
    Static(String),
}

impl Job {
    /// The page group the job belongs to: the symbol whose pages it makes;
    /// `None` for pages of the whole site (home, indexes, static files).
    pub fn group(&self) -> Option<&Symbol> {
        match self {
            Job::Resolution(s) | Job::Paragraph(s, _) | Job::Json(s) | Job::Akn(s) | Job::Outside(s) => Some(s),
            Job::Home
            | Job::NotFound
            | Job::Citations
            | Job::Search
            | Job::Robots
            | Job::Feed
            | Job::Listing(..)
            | Job::Browse
            | Job::Static(_) => None,
        }
    }

    /// The template that renders the job, if any.
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Job::Home => "home.html",
            Job::NotFound => "404.html",
            Job::Resolution(_) => "resolution.html",
            Job::Paragraph(..) => "paragraph.html",
            Job::Outside(_) => "document.html",
            Job::Citations => "citations.html",
            Job::Search => "search.html",
            Job::Listing(..) => "list.html",
            Job::Browse => "browse.html",
            Job::Json(_) | Job::Akn(_) | Job::Static(_) | Job::Robots | Job::Feed => return None,
        })
    }

    /// The file the job yields, under the output folder (`/`-separated).
    pub fn path(&self, input: &Input<'_>) -> String {
        match self {
            Job::Home => "index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Citations => "citations/index.html".into(),
            Job::Search => "search/index.html".into(),
            Job::Robots => "robots.txt".into(),
            Job::Feed => "feed.xml".into(),
            Job::Browse => "browse/index.html".into(),
            Job::Listing(facet, slug) => listings::path(*facet, slug),
            Job::Resolution(sym) | Job::Outside(sym) => format!("{}index.html", sym.url_path()),
            Job::Json(sym) => format!("{}index.json", sym.url_path()),
            Job::Akn(sym) => format!("{}akn.xml", sym.url_path()),
            Job::Paragraph(sym, i) => {
                let id = input.collection[sym].paragraph_at(*i).map(|p| p.id.to_string());
                format!("{}{}/index.html", sym.url_path(), id.unwrap_or_default())
            }
            Job::Static(name) => name.clone(),
        }
    }

    /// Whether the job yields an HTML page (for the build summary).
    pub fn is_page(&self) -> bool {
        matches!(
            self,
            Job::Home
                | Job::Resolution(_)
                | Job::Paragraph(..)
                | Job::NotFound
                | Job::Outside(_)
                | Job::Citations
                | Job::Search
                | Job::Listing(..)
                | Job::Browse
        )
    }
}

/// Everything rendering reads; shared by all threads, never mutated.
pub struct Input<'a> {
    pub config: &'a Config,
    pub theme: &'a Theme,
    pub collection: &'a Collection,
    pub graph: &'a Graph,
    /// The discovery pages, grouped once for every page that needs them.
    pub listings: std::sync::OnceLock<listings::Listings<'a>>,
}

impl<'a> Input<'a> {
    pub fn listings(&self) -> &listings::Listings<'a> {
        self.listings.get_or_init(|| listings::listings(self.collection))
    }
}

/// The files made from the whole collection at once, rewritten when a
/// resolution changes, comes or goes: the search index and the sitemaps.
pub fn sitewide(input: &Input<'_>) -> Vec<OutputFile> {
    let mut files = search::files(input.collection);
    files.extend(feeds::sitemaps(input));
    files
}

/// Whether `path` (under the output folder) is one of [`sitewide`]'s files.
pub fn is_sitewide(path: &str) -> bool {
    (path.starts_with("search/") && path.ends_with(".json")) || path == "sitemap.xml" || path.starts_with("sitemaps/")
}

/// Every file of the site, in a stable order.
pub fn jobs(input: &Input<'_>) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::NotFound, Job::Citations, Job::Search, Job::Robots];
    if feeds::absolute(input) {
        jobs.push(Job::Feed);
    }
    jobs.extend(listing_jobs(input));
    for (sym, res) in input.collection {
        jobs.push(Job::Resolution(sym.clone()));
        jobs.push(Job::Json(sym.clone()));
        jobs.push(Job::Akn(sym.clone()));
        let n = res.paragraphs().count();
        jobs.extend((0..n).map(|i| Job::Paragraph(sym.clone(), i)));
    }
    jobs.extend(input.graph.outside(input.collection).map(|s| Job::Outside(s.clone())));
    jobs.extend(input.theme.static_files.keys().map(|k| Job::Static(k.clone())));
    jobs
}

/// The jobs an incremental build needs under `plan`, without listing the
/// whole site (which grows with the collection).
pub fn jobs_for(input: &Input<'_>, plan: &crate::incremental::Plan) -> Vec<Job> {
    if !plan.templates.is_empty() {
        // A template changed: its pages, wherever they are, and the rest.
        return jobs(input)
            .into_iter()
            .filter(|j| {
                j.template().is_some_and(|t| plan.templates.contains(t))
                    || j.group().is_some_and(|g| plan.dirty.contains(g))
                    || (matches!(j, Job::Home) && plan.home)
                    || (matches!(j, Job::Citations) && plan.citations)
                    || matches!(j, Job::Static(name) if plan.statics.contains(name))
            })
            .collect();
    }
    let mut jobs: Vec<Job> = plan.statics.iter().map(|s| Job::Static(s.clone())).collect();
    if plan.home {
        jobs.push(Job::Home);
        if feeds::absolute(input) {
            jobs.push(Job::Feed);
        }
        jobs.extend(listing_jobs(input));
    }
    if plan.citations {
        jobs.push(Job::Citations);
    }
    for sym in &plan.dirty {
        if let Some(res) = input.collection.get(sym) {
            jobs.push(Job::Resolution(sym.clone()));
            jobs.push(Job::Json(sym.clone()));
            jobs.push(Job::Akn(sym.clone()));
            jobs.extend((0..res.paragraph_count()).map(|i| Job::Paragraph(sym.clone(), i)));
        } else if input.graph.cited_by.contains_key(sym) {
            jobs.push(Job::Outside(sym.clone()));
        }
    }
    jobs
}

/// The discovery pages and their index.
fn listing_jobs(input: &Input<'_>) -> Vec<Job> {
    let mut jobs = vec![Job::Browse];
    jobs.extend(
        input
            .listings()
            .keys()
            .map(|(facet, slug)| Job::Listing(*facet, slug.clone())),
    );
    jobs
}

/// How many pages and files [`jobs`] lists, counted without listing them.
pub fn counts(input: &Input<'_>) -> (usize, usize) {
    let paragraphs: usize = input.collection.values().map(|r| r.paragraph_count()).sum();
    let outside = input.graph.outside(input.collection).count();
    // Home, 404, citations index, search and browse; discovery pages;
    // resolutions, paragraphs, outside documents.
    let listed = input.listings().len();
    let pages = 5 + listed + input.collection.len() + paragraphs + outside;
    // Besides pages: each resolution's JSON and XML, and the static files.
    (
        pages,
        pages + 2 * input.collection.len() + input.theme.static_files.len(),
    )
}

/// Renders one job into its output file.
pub fn render(input: &Input<'_>, job: &Job) -> Result<OutputFile, Diagnostic> {
    match job {
        Job::Home => page(input, "home.html", &job.path(input), |ctx, site| {
            ctx.insert("sessions", &views::sessions(input.collection, &site.root));
            ctx.insert("recent", &views::recent(input.collection, &site.root, 10));
        }),
        Job::Browse => page(input, "browse.html", &job.path(input), |ctx, site| {
            ctx.insert("facets", &views::facets(input.listings(), &site.root));
        }),
        Job::Listing(facet, slug) => {
            let listing = input
                .listings()
                .get(&(*facet, slug.clone()))
                .ok_or_else(|| Diagnostic::error(format!("no resolutions under {}/{slug}", facet.dir())))?;
            let path = job.path(input);
            page(input, "list.html", &path, |ctx, site| {
                ctx.insert("heading", &facet.title(&listing.value));
                ctx.insert("facet", facet.heading());
                let list: Vec<ResView<'_>> = listing
                    .resolutions
                    .iter()
                    .map(|r| ResView::summary(r, &site.root))
                    .collect();
                ctx.insert("resolutions", &list);
            })
        }
        Job::NotFound => page(input, "404.html", &job.path(input), |_, _| {}),
        Job::Resolution(sym) => {
            let res = &input.collection[sym];
            let path = job.path(input);
            page(input, "resolution.html", &path, |ctx, site| {
                ctx.insert("res", &ResView::new(res, &site.root));
                ctx.insert("jsonld", &views::legislation(res, &site.canonical, None));
                let links = input.graph.citing(sym);
                ctx.insert("cited_by", &views::backlinks(input.collection, &links, &site.root));
                let related = input.graph.related.get(sym).map_or(&[][..], Vec::as_slice);
                ctx.insert("related", &views::related(input.collection, related, &site.root));
                let paras: Vec<ParaView<'_>> = res
                    .paragraphs()
                    .map(|p| ParaView::with_previews(res, p, &site.root, input.collection))
                    .collect();
                ctx.insert("paragraphs", &paras);
            })
        }
        Job::Paragraph(sym, i) => {
            let res = &input.collection[sym];
            let para = res
                .paragraph_at(*i)
                .ok_or_else(|| Diagnostic::error(format!("{sym} has no paragraph number {i}")))?;
            let path = job.path(input);
            page(input, "paragraph.html", &path, |ctx, site| {
                // Neighbours need only naming and linking, not their content.
                let view = |j: usize| res.paragraph_at(j).map(|p| views::NavView::new(res, p, &site.root));
                ctx.insert("res", &ResView::summary(res, &site.root));
                ctx.insert("jsonld", &views::legislation(res, &site.canonical, Some(para)));
                ctx.insert(
                    "para",
                    &ParaView::with_previews(res, para, &site.root, input.collection),
                );
                let links = input.graph.citing_paragraph(sym, para.id);
                ctx.insert("cited_by", &views::backlinks(input.collection, &links, &site.root));
                ctx.insert("prev", &i.checked_sub(1).and_then(view));
                ctx.insert("next", &view(i + 1));
            })
        }
        Job::Outside(sym) => {
            let path = job.path(input);
            page(input, "document.html", &path, |ctx, site| {
                ctx.insert("symbol", sym.as_str());
                ctx.insert("official_url", &format!("https://undocs.org/{sym}"));
                let links = input.graph.citing(sym);
                ctx.insert("cited_by", &views::backlinks(input.collection, &links, &site.root));
            })
        }
        Job::Citations => page(input, "citations.html", &job.path(input), |ctx, site| {
            ctx.insert("cited", &views::cited(input.collection, input.graph, &site.root));
        }),
        Job::Search => page(input, "search.html", &job.path(input), |_, _| {}),
        Job::Robots => Ok(feeds::robots(input)),
        Job::Feed => feeds::atom(input).ok_or_else(|| Diagnostic::error("a feed needs an absolute base_url")),
        Job::Json(sym) => {
            let res = &input.collection[sym];
            let bytes = json::resolution(res, input.graph);
            Ok(OutputFile {
                path: job.path(input),
                bytes,
            })
        }
        Job::Akn(sym) => Ok(OutputFile {
            path: job.path(input),
            bytes: akn::resolution(&input.collection[sym]),
        }),
        Job::Static(name) => Ok(OutputFile {
            path: job.path(input),
            bytes: input.theme.static_files[name].clone(),
        }),
    }
}

/// Renders `template` for the page at `path`, after `fill` adds its data.
fn page(
    input: &Input<'_>,
    template: &str,
    path: &str,
    fill: impl FnOnce(&mut Context, &SiteView<'_>),
) -> Result<OutputFile, Diagnostic> {
    let site = SiteView::new(input.config, path);
    let mut ctx = Context::new();
    ctx.insert("site", &site);
    ctx.insert("root", &site.root);
    ctx.insert("page_path", path);
    fill(&mut ctx, &site);
    let html = input.theme.tera.render(template, &ctx).map_err(|e| {
        // tera's first line names the template; the cause follows.
        let chain = theme::error_chain(&e);
        let detail = chain.lines().skip(1).collect::<Vec<_>>().join(": ");
        let mut d = Diagnostic::error(format!("template `{template}` failed to render: {detail}"));
        if let Some(src) = input.theme.sources.get(template) {
            d = d.in_file(src);
        }
        d.help(format!(
            "first seen on /{path}; fix the template, or delete the override to use the built-in one"
        ))
    })?;
    // Links made while parsing stand for the site root with `\0`.
    let html = if html.contains('\u{0}') {
        html.replace('\u{0}', &site.root)
    } else {
        html
    };
    let html = preview::outside_paragraphs(html, input.collection);
    Ok(OutputFile {
        path: path.to_string(),
        bytes: html.into_bytes(),
    })
}
