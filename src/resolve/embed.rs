//! Embed expansion: the rules for `{{embed [[page]]}}` and `{{embed ((uuid))}}` in one place.
//!
//! An [`Expansion`] is the stack of pages and blocks being expanded while one page is
//! rendered or checked. A target already on the stack is a cycle: a block that embeds its
//! own ancestor is therefore shown once inside itself, and the cycle is reported when the
//! expansion meets the embed again. Entering a target answers whether to expand it or why not: a missing
//! or empty target, a cycle (the target is already on the stack; the chain is reported), a
//! chain deeper than [`MAX_DEPTH`] (Logseq's `max-depth-of-links`), or a page whose embeds
//! would expand more than [`BUDGET`] blocks (a diamond doubling at every level). Recursion
//! is therefore bounded by `MAX_DEPTH` and total work by `BUDGET`, whatever the graph.
//! [`check`] walks every page with the same rules and reports each problem with file:line.

use crate::diagnostics::{Diagnostic, Kind};
use crate::graph::{BlockAddr, Graph, PageId, PageKind};
use crate::model::Ref;
use rayon::prelude::*;

/// Deepest chain of nested embeds expanded (Logseq 0.9.8: 5).
pub const MAX_DEPTH: usize = 5;
/// Most blocks expanded through embeds for one page.
pub const BUDGET: usize = 5_000;

/// Something on the expansion stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    Page(PageId),
    Block(BlockAddr),
}

/// The answer to "may I expand this embed?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Expand this page (its blocks); call [`Expansion::leave`] afterwards.
    Page(PageId),
    /// Expand this block with its children; call [`Expansion::leave`] afterwards.
    Block(BlockAddr),
    /// The page exists only as a name or has no blocks: show the header link only.
    Empty(PageId),
    /// `((uuid))` names no block.
    MissingBlock,
    /// The target is a page (or a block of a page) that is not published.
    Withheld,
    /// The target is already being expanded; the chain of names, first to last.
    Cycle(Vec<String>),
    TooDeep,
    OverBudget,
}

/// The expansion state while rendering or checking one page.
pub struct Expansion<'g> {
    graph: &'g Graph,
    stack: Vec<Frame>,
    spent: usize,
    /// Every target asked for, with the depth it was asked at, in order (see [`Trace`]).
    asked: Vec<(Frame, usize)>,
    /// How many answers were a cycle, too deep or over budget: the answers that depend on
    /// what is being expanded around the target.
    stops: usize,
}

/// Where an [`Expansion`] stood when a target's expansion began ([`Expansion::mark`]).
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    asked: usize,
    spent: usize,
    stops: usize,
    depth: usize,
}

/// What expanding one target asked of the rules ([`Expansion::trace`]): the nested targets
/// it asked for (with their depth below it) and the blocks it spent. When nothing it asked for
/// is on another stack, none would go too deep there, and the budget holds the blocks, the
/// rules give the same answers there, so the same expansion (its HTML) can be reused
/// ([`Expansion::fits`], [`Expansion::replay`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    asked: Vec<(Frame, usize)>,
    spent: usize,
}

impl<'g> Expansion<'g> {
    /// Start expanding the page `root`.
    pub fn new(graph: &'g Graph, root: PageId) -> Self {
        Expansion {
            graph,
            stack: vec![Frame::Page(root)],
            spent: 0,
            asked: Vec::new(),
            stops: 0,
        }
    }

    /// Where the expansion stands now: take it right after entering a target, before
    /// expanding it.
    pub fn mark(&self) -> Mark {
        Mark {
            asked: self.asked.len(),
            spent: self.spent,
            stops: self.stops,
            depth: self.depth(),
        }
    }

    /// What the expansion since `mark` asked for, when every answer came from the target
    /// alone (no cycle, nothing too deep, budget left); `None` when some answer depended on
    /// what was being expanded around it.
    pub fn trace(&self, mark: Mark) -> Option<Trace> {
        if self.stops != mark.stops {
            return None;
        }
        let asked = self.asked[mark.asked..]
            .iter()
            .map(|&(frame, depth)| (frame, depth - mark.depth))
            .collect();
        Some(Trace {
            asked,
            spent: self.spent - mark.spent,
        })
    }

    /// True when expanding again, at this point, what `trace` was recorded from would get
    /// the same answers: none of its targets is being expanded here, none would be too deep,
    /// and the budget holds its blocks.
    pub fn fits(&self, trace: &Trace) -> bool {
        let depth = self.depth();
        self.spent + trace.spent <= BUDGET
            && trace
                .asked
                .iter()
                .all(|(frame, below)| depth + below < MAX_DEPTH && !self.stack.contains(frame))
    }

    /// Account for an expansion reused instead of made again (`trace` [`fits`](Self::fits)):
    /// its blocks are spent, and its targets count as asked for here.
    pub fn replay(&mut self, trace: &Trace) {
        let depth = self.depth();
        self.spent += trace.spent;
        self.asked.extend(
            trace
                .asked
                .iter()
                .map(|&(frame, below)| (frame, depth + below)),
        );
    }

    /// Current depth of nested embeds (0 on the page itself).
    pub fn depth(&self) -> usize {
        self.stack.len() - 1
    }

    /// Ask to expand the page named `name` (aliases followed).
    pub fn enter_page(&mut self, name: &str) -> Outcome {
        let Some(id) = self.graph.link_target(name) else {
            return if self.graph.withheld.has_name(name) {
                Outcome::Withheld
            } else {
                Outcome::MissingBlock
            };
        };
        if let Some(stop) = self.guard(Frame::Page(id)) {
            return stop;
        }
        if !self.graph.has_content(id) {
            return Outcome::Empty(id);
        }
        let size = self.graph.source(id).map_or(0, |s| s.blocks.len());
        if let Some(stop) = self.spend(size) {
            return stop;
        }
        self.stack.push(Frame::Page(id));
        Outcome::Page(id)
    }

    /// Ask to expand the block with `uuid`.
    pub fn enter_block(&mut self, uuid: &str) -> Outcome {
        let Some(&addr) = self.graph.by_uuid.get(&uuid.to_lowercase()) else {
            let withheld = self.graph.withheld.uuids.contains(&uuid.to_lowercase());
            return if withheld {
                Outcome::Withheld
            } else {
                Outcome::MissingBlock
            };
        };
        if let Some(stop) = self.guard(Frame::Block(addr)) {
            return stop;
        }
        if let Some(stop) = self.spend(subtree_size(self.graph, addr)) {
            return stop;
        }
        self.stack.push(Frame::Block(addr));
        Outcome::Block(addr)
    }

    /// Done with the target entered last.
    pub fn leave(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    fn guard(&mut self, frame: Frame) -> Option<Outcome> {
        self.asked.push((frame, self.depth()));
        let on_stack = self.stack.contains(&frame);
        if on_stack {
            self.stops += 1;
            let mut chain: Vec<String> = self.stack.iter().map(|f| self.frame_name(*f)).collect();
            chain.push(self.frame_name(frame));
            return Some(Outcome::Cycle(chain));
        }
        let too_deep = self.depth() >= MAX_DEPTH;
        self.stops += usize::from(too_deep);
        too_deep.then_some(Outcome::TooDeep)
    }

    fn spend(&mut self, blocks: usize) -> Option<Outcome> {
        self.spent += blocks.max(1);
        let over = self.spent > BUDGET;
        self.stops += usize::from(over);
        over.then_some(Outcome::OverBudget)
    }

    fn frame_name(&self, f: Frame) -> String {
        match f {
            Frame::Page(p) => self.graph.pages[p].name.clone(),
            Frame::Block(b) => format!("block of '{}'", self.graph.pages[b.page].name),
        }
    }
}

/// Number of blocks in a block's subtree (iterative).
fn subtree_size(graph: &Graph, addr: BlockAddr) -> usize {
    let Some(src) = graph.source(addr.page) else {
        return 1;
    };
    let mut stack = vec![addr.block];
    let mut n = 0;
    while let Some(b) = stack.pop() {
        n += 1;
        if let Some(block) = src.blocks.get(b) {
            stack.extend(block.children.iter().copied());
        }
    }
    n
}

/// Walk every page's embeds with the expansion rules and report each problem once, at the
/// embedding line of the page being checked.
pub fn check(graph: &Graph) -> Vec<Diagnostic> {
    // Page by page on all cores (each walk is its own; the report is sorted after).
    let mut out: Vec<Diagnostic> = (0..graph.pages.len())
        .into_par_iter()
        .filter(|&id| matches!(graph.pages[id].kind, PageKind::File | PageKind::Whiteboard))
        .flat_map_iter(|id| {
            let mut out = Vec::new();
            let mut exp = Expansion::new(graph, id);
            let mut walker = Walker {
                graph,
                exp: &mut exp,
                out: &mut out,
                root: id,
                top_line: 0,
            };
            walker.page(id);
            out
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

struct Walker<'a, 'g> {
    graph: &'g Graph,
    exp: &'a mut Expansion<'g>,
    out: &'a mut Vec<Diagnostic>,
    root: PageId,
    /// Line of the root page's embed being expanded: where nested problems are reported.
    top_line: u32,
}

impl Walker<'_, '_> {
    fn page(&mut self, id: PageId) {
        let Some(src) = self.graph.source(id) else {
            return;
        };
        for b in 0..src.blocks.len() {
            self.block_refs(BlockAddr { page: id, block: b });
        }
    }

    fn subtree(&mut self, addr: BlockAddr) {
        let Some(src) = self.graph.source(addr.page) else {
            return;
        };
        let mut stack = vec![addr.block];
        while let Some(b) = stack.pop() {
            self.block_refs(BlockAddr {
                page: addr.page,
                block: b,
            });
            if let Some(block) = src.blocks.get(b) {
                stack.extend(block.children.iter().copied());
            }
        }
    }

    fn block_refs(&mut self, addr: BlockAddr) {
        let Some(block) = self.graph.block(addr) else {
            return;
        };
        for r in &block.refs {
            let top = self.exp.depth() == 0;
            if top {
                self.top_line = r.line();
            }
            let (outcome, line) = match r {
                Ref::Page {
                    name,
                    kind: crate::model::PageRefKind::Embed,
                    line,
                } => (self.exp.enter_page(name), *line),
                Ref::EmbedBlock { uuid, line } => (self.exp.enter_block(uuid), *line),
                _ => continue,
            };
            let line = if top { line } else { self.top_line };
            match outcome {
                Outcome::Page(p) => {
                    self.page(p);
                    self.exp.leave();
                }
                Outcome::Block(b) => {
                    self.subtree(b);
                    self.exp.leave();
                }
                other => self.report(other, line, top, r),
            }
        }
    }

    fn report(&mut self, outcome: Outcome, line: u32, top: bool, r: &Ref) {
        let file = self.graph.pages[self.root]
            .files
            .first()
            .cloned()
            .unwrap_or_default();
        let target = match r {
            Ref::Page { name, .. } => format!("[[{name}]]"),
            Ref::EmbedBlock { uuid, .. } => format!("(({uuid}))"),
            _ => String::new(),
        };
        let d = match outcome {
            Outcome::Empty(p) if top => {
                let what = if self.graph.pages[p].kind == PageKind::File {
                    "has no content"
                } else {
                    "has no file"
                };
                Diagnostic::warning(
                    Kind::EmbedMissing,
                    &file,
                    Some(line),
                    format!("embedded page {target} {what}"),
                )
            }
            // Dangling block embeds are reported with the other block references.
            Outcome::MissingBlock | Outcome::Empty(_) | Outcome::Withheld => return,
            Outcome::Cycle(chain) => {
                let msg = format!("embed cycle: {}", chain.join(" → "));
                Diagnostic::warning(Kind::EmbedCycle, &file, Some(line), msg)
            }
            Outcome::TooDeep => {
                let msg = format!(
                    "embed of {target} is nested deeper than {MAX_DEPTH} levels; not expanded"
                );
                Diagnostic::warning(Kind::EmbedTooDeep, &file, Some(line), msg)
            }
            Outcome::OverBudget => {
                let msg = format!(
                    "embeds on this page expand more than {BUDGET} blocks; {target} not expanded"
                );
                Diagnostic::warning(Kind::EmbedBudget, &file, Some(line), msg)
            }
            Outcome::Page(_) | Outcome::Block(_) => return,
        };
        self.out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages `x` (embeds `y`), `y` (two blocks), `p` and `q`, every page public.
    fn graph() -> Graph {
        crate::graph::of_files(&[
            ("pages/x.md", "- X\n- {{embed [[y]]}}\n"),
            ("pages/y.md", "- Y\n- more\n"),
            ("pages/p.md", "- {{embed [[x]]}}\n"),
            ("pages/q.md", "- {{embed [[x]]}}\n"),
        ])
    }

    /// Expand `x` as the embeds of a page do: enter it, then its embed of `y`.
    fn expand_x(exp: &mut Expansion) -> Option<Trace> {
        assert!(matches!(exp.enter_page("x"), Outcome::Page(_)));
        let mark = exp.mark();
        let inner = exp.enter_page("y");
        if matches!(inner, Outcome::Page(_)) {
            exp.leave();
        }
        let trace = exp.trace(mark);
        exp.leave();
        trace
    }

    #[test]
    fn an_expansion_that_met_no_limit_fits_elsewhere_and_is_accounted_for() {
        let g = graph();
        let p = g.page_by_name("p").unwrap();
        let q = g.page_by_name("q").unwrap();
        let y = g.page_by_name("y").unwrap();
        let trace = expand_x(&mut Expansion::new(&g, p)).expect("no limit met");
        assert_eq!(trace.spent, 2, "y's two blocks");
        assert_eq!(
            trace.asked,
            vec![(Frame::Page(y), 0)],
            "asked from x's own level"
        );

        let mut other = Expansion::new(&g, q);
        assert!(matches!(other.enter_page("x"), Outcome::Page(_)));
        let spent = other.spent;
        assert!(other.fits(&trace));
        other.replay(&trace);
        assert_eq!(other.spent, spent + 2);
        assert_eq!(other.asked.last(), Some(&(Frame::Page(y), 1)));
    }

    #[test]
    fn an_expansion_does_not_fit_where_a_limit_would_stop_it() {
        let g = graph();
        let p = g.page_by_name("p").unwrap();
        let y = g.page_by_name("y").unwrap();
        let trace = expand_x(&mut Expansion::new(&g, p)).unwrap();

        // Too deep: with x entered at depth MAX_DEPTH, y would be one level too many.
        let mut deep = Expansion::new(&g, p);
        deep.stack.extend((0..MAX_DEPTH).map(|_| Frame::Page(p)));
        assert!(!deep.fits(&trace));
        deep.stack.pop();
        assert!(deep.fits(&trace));

        // A target already being expanded around it (its answer would be a cycle).
        let mut around = Expansion::new(&g, y);
        assert!(!around.fits(&trace));
        around.stack = vec![Frame::Page(p)];
        assert!(around.fits(&trace));

        // No budget left for its blocks.
        around.spent = BUDGET - 1;
        assert!(!around.fits(&trace));
    }

    #[test]
    fn an_expansion_that_met_a_limit_has_no_trace() {
        let g = graph();
        let y = g.page_by_name("y").unwrap();
        // Expanding x on y's own page: x's embed of y is a cycle there.
        assert_eq!(expand_x(&mut Expansion::new(&g, y)), None);
        let p = g.page_by_name("p").unwrap();
        let mut poor = Expansion::new(&g, p);
        poor.spent = BUDGET - 1;
        // x's own two blocks already go over the budget.
        assert!(!matches!(poor.enter_page("x"), Outcome::Page(_)));
    }
}
