//! Render: turns the resolved graph into HTML pages. It takes pages and the theme and gives one HTML
//! string per output file; it never writes files and never renders note text as a template.

pub mod view;
