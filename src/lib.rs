//! Plenary: a static site generator for United Nations resolutions.
//!
//! The pipeline, one module per stage: [`content`] loads and parses files
//! into the [`model`], [`render`] turns the collection into output files, and
//! [`output`] writes them; [`build`] strings the stages together.

pub mod bench;
pub mod build;
pub mod check;
pub mod cite;
pub mod cli;
pub mod config;
pub mod content;
pub mod crossref;
pub mod diag;
pub mod fsx;
pub mod import;
pub mod incremental;
pub mod init;
pub mod model;
pub mod organ;
pub mod output;
pub mod render;
pub mod roman;
pub mod serve;
pub mod symbol;
pub mod theme;
pub mod theme_refs;
