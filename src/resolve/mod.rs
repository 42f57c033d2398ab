//! Resolve: the rules that expand one page's references into other pages' content.
//!
//! `embed` holds the expansion stack shared by checking and rendering, so both apply the
//! same cycle, depth and budget limits.

pub mod embed;
