//! Outline: a markdown page's decoded text → its blocks as a tree, and its page properties.
//!
//! Takes the text [`super::text::decode`] gives and returns the flat block arena with parents,
//! children and roots (LOGSEQ.md §3.2–§3.3). Block boundaries come from [`super::segment`], each
//! block's content from [`super::block`]; this module only places blocks in the tree.
//!
//! Levels follow Logseq 0.9.8 (`gp/block.cljs` `with-parent-and-left`), with innsite's deviations:
//! the pre-block (page properties / text before the first bullet) is a root that never has
//! children, so an indented first bullet is top level and page properties never swallow the
//! page; and depth is capped at [`MAX_DEPTH`]. The tree is built with an explicit stack, never by
//! recursion, so a 10,000-deep outline is fine on a small thread stack.

use super::block::{build_block, build_pre_block};
use super::segment::segment;
use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{Block, BlockIx, Properties};

/// Deepest nesting innsite keeps (roots are depth 1). A block that would be deeper becomes the
/// next sibling of the depth-`MAX_DEPTH` block before it, with one `OutlineTooDeep` warning per
/// file. The real graph is at most 6 deep; 64 leaves room for any hand-made outline while
/// bounding what the renderer and the embed expansion have to walk.
pub const MAX_DEPTH: usize = 64;

/// A page's blocks and page properties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    /// All blocks in document order; the pre-block, when present, is first.
    pub blocks: Vec<Block>,
    /// Top-level blocks in order.
    pub roots: Vec<BlockIx>,
    /// The page properties (the pre-block's properties).
    pub properties: Properties,
    pub diagnostics: Vec<Diagnostic>,
}

/// One entry of the level stack: a block's level and index (`None` for the page itself).
#[derive(Debug, Clone, Copy)]
struct Entry {
    level: usize,
    ix: Option<BlockIx>,
}

/// Parse the outline of `text` (the file `file`, for diagnostics).
pub fn parse_outline(file: &str, text: &str) -> Outline {
    let seg = segment(text);
    let mut out = Outline::default();
    if let Some(pre) = build_pre_block(&seg.pre, file, &mut out.diagnostics) {
        out.properties = pre.properties.clone();
        out.roots.push(0);
        out.blocks.push(pre);
    }
    let mut depth: Vec<usize> = vec![1; out.blocks.len()];
    let mut stack = vec![Entry { level: 0, ix: None }];
    let mut too_deep = false;
    for raw in &seg.blocks {
        let built = build_block(raw);
        out.diagnostics
            .extend(super::block::math_diagnostics(file, &built.math_errors));
        let level = if raw.start.bullet {
            raw.start.indent + 1
        } else {
            1
        };
        let ix = out.blocks.len();
        let (parent, capped) = place(&mut stack, &out.blocks, level, ix);
        if capped && !too_deep {
            too_deep = true;
            out.diagnostics.push(Diagnostic::warning(
                Kind::OutlineTooDeep,
                file,
                Some(built.block.line),
                format!("outline nested deeper than {MAX_DEPTH} levels; deeper blocks are kept at depth {MAX_DEPTH}"),
            ));
        }
        let mut block = built.block;
        block.parent = parent;
        let d = parent.and_then(|p| depth.get(p)).map_or(1, |d| d + 1);
        if built.auto_heading {
            // `heading:: true`: Logseq shows h(level + 1), at most h6 (fe/block.cljs).
            block.heading = u8::try_from((d + 1).min(6)).ok();
        }
        match parent {
            Some(p) => out.blocks[p].children.push(ix),
            None => out.roots.push(ix),
        }
        depth.push(d);
        out.blocks.push(block);
    }
    out
}

/// Place block `ix` of `level` on the stack (§3.2 rules 1–4) and return its parent, and whether
/// the depth cap moved it up.
fn place(
    stack: &mut Vec<Entry>,
    blocks: &[Block],
    level: usize,
    ix: BlockIx,
) -> (Option<BlockIx>, bool) {
    let parent_of = |e: Entry| e.ix.and_then(|i| blocks.get(i)).and_then(|b| b.parent);
    loop {
        let Some(&top) = stack.last() else {
            stack.push(Entry {
                level,
                ix: Some(ix),
            });
            return (None, false);
        };
        if level == top.level && top.ix.is_some() {
            // Rule 1: sibling of the top.
            stack.pop();
            stack.push(Entry {
                level,
                ix: Some(ix),
            });
            return (parent_of(top), false);
        }
        if level > top.level {
            if stack.len() > MAX_DEPTH {
                // Depth cap: the next sibling of the deepest kept block.
                stack.pop();
                stack.push(Entry {
                    level,
                    ix: Some(ix),
                });
                return (parent_of(top), true);
            }
            // Rule 2: child of the top, whatever the jump.
            stack.push(Entry {
                level,
                ix: Some(ix),
            });
            return (top.ix, false);
        }
        if stack.iter().any(|e| e.level == level) {
            // Rule 3: outdent to the entry of this level, then rule 1.
            while stack.last().is_some_and(|e| e.level > level) {
                stack.pop();
            }
            continue;
        }
        // Rule 4: pop every deeper entry; become the next sibling of the shallowest popped one
        // and take over its level.
        let mut left = top;
        while let Some(&e) = stack.last().filter(|e| e.level > level) {
            left = e;
            stack.pop();
        }
        stack.push(Entry {
            level: left.level,
            ix: Some(ix),
        });
        return (parent_of(left), false);
    }
}
