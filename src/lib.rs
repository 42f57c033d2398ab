//! innsite publishes a Logseq graph as a static website.
//!
//! The pipeline, one module per stage: `config` → `discover` → `parse` → `graph` (index and
//! resolve) → `render` → `write`. Each stage takes plain values and gives plain values.

pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod model;
pub mod name;
pub mod parse;
