//! Render: turns the resolved graph into HTML pages. It takes pages and the theme and gives one HTML
//! string per output file; it never writes files and never renders note text as a template.
//!
//! `context` (what every page render shares) → `outline` (block trees, embeds) using
//! `inline` + `markdown` (block text) and `links`/`properties`/`macros`; `page` assembles a
//! page's `view`; `nav` is the sidebar tree.

pub mod context;
pub mod inline;
pub mod journals;
pub mod links;
pub mod macros;
pub mod markdown;
pub mod nav;
pub mod outline;
pub mod page;
pub mod properties;
pub mod task;
pub mod view;
