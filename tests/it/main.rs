//! Plenary's integration suite: fixture sites and the real corpus built into
//! temporary folders, checked page by page; bad inputs checked message by
//! message; the footnote tooltips checked in a real browser.

mod browser;
mod browser_site;
mod build_corpus;
mod build_fixtures;
mod citations;
mod cli;
mod import;
mod import_dir;
mod import_layouts;
mod import_organs;
mod import_pipeline;
mod incremental;
mod invalid;
mod load;
mod output_safety;
mod reliability;
mod reliability_text;
mod serve;
mod serve_engine;
mod support;
