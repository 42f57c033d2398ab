//! Outline: a markdown file's lines → the block tree (skeleton).
