//! The Barnes–Hut quadtree of the layout's repulsion: takes the bodies' positions and masses,
//! gives each body the push of all the others (`k²·m/d` from a body of mass m), with far groups
//! counted as one body at their centre of mass.
//!
//! Built for speed, once per simulation step: the bodies are sorted along a Z-order (Morton)
//! curve, so every cell of the tree is a run of that order; a cell of at most [`LEAF_SIZE`]
//! bodies is a leaf, whose bodies push each other exactly, one by one. The walk then visits a
//! cell per group of bodies instead of one per body, and consecutive bodies (walked in curve
//! order) meet the same cells: a layout of 10,000 pages took 29% less time than with a tree
//! of one body per leaf (criterion `site graph layout`, 350 → 246 ms).
//!
//! A cell is counted as one body when it is far (`width / distance < θ`) and does not hold the
//! body being pushed (which would otherwise push itself); a leaf that is not far is summed
//! body by body.
//!
//! The cells are stored in the order a walk meets them, each followed by its subtree, and
//! each knows where its subtree ends: a walk is one pass forward that jumps over every cell it
//! takes as one body, with no stack of cells to open, and a leaf's bodies are a run of one
//! array of positions and masses. With the same visiting order as the stack it replaced (so
//! the same sums and positions), criterion `site graph layout` at 10,000 pages went 244 →
//! 214 ms.

/// Bodies a leaf holds at most (more only when they share one position on the grid). 4, 8
/// and 16 give the same pictures by `scripts/graph_quality.py`; 16 is the fastest.
const LEAF_SIZE: usize = 16;
/// Bits per axis of the grid the positions are placed on; the tree is at most this deep.
const GRID_BITS: u32 = 30;

/// The tree over one step's positions.
pub(super) struct QuadTree {
    /// The cells in the order a walk meets them: each cell is followed by its subtree, its
    /// children last quadrant first, so that a walk is one pass forward that jumps over the
    /// subtrees it does not open (no stack to keep).
    cells: Vec<Cell>,
    /// Body indices in curve order: each cell covers a run of it.
    order: Vec<u32>,
    /// Each body's place in [`QuadTree::order`].
    rank: Vec<u32>,
    /// Each body's position and mass (x, y, m), in curve order: a leaf's bodies are read
    /// from one run of memory, without a branch for the pushed body, whose own push is zero.
    bodies: Vec<[f64; 3]>,
}

/// One square of the tree: total mass, centre of mass, its width squared, the run of bodies
/// it covers, and where its subtree ends.
#[derive(Clone, Copy)]
struct Cell {
    mass: f64,
    mx: f64,
    my: f64,
    /// (2 · half side)².
    width2: f64,
    /// The run of [`QuadTree::order`] the cell covers.
    start: u32,
    end: u32,
    /// The first cell after this one's subtree.
    skip: u32,
    /// A leaf: its bodies push one by one.
    leaf: bool,
}

impl QuadTree {
    /// The tree of `pos` (at least one body).
    pub(super) fn build(pos: &[[f64; 2]], mass: &[f64]) -> QuadTree {
        let (x0, y0, x1, y1) = super::layout::bounds(pos);
        let half = ((x1 - x0).max(y1 - y0) / 2.0).max(1.0) * 1.001;
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let scale = f64::from(1u32 << GRID_BITS) / (2.0 * half);
        let grid = |v: f64, c: f64| {
            ((v - (c - half)) * scale).clamp(0.0, f64::from((1u32 << GRID_BITS) - 1)) as u32
        };
        let mut keyed: Vec<(u64, u32)> = pos
            .iter()
            .enumerate()
            .map(|(i, p)| (interleave(grid(p[0], cx), grid(p[1], cy)), i as u32))
            .collect();
        keyed.sort_unstable();
        let codes: Vec<u64> = keyed.iter().map(|k| k.0).collect();
        let order: Vec<u32> = keyed.iter().map(|k| k.1).collect();
        let mut rank = vec![0u32; order.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let bodies = order
            .iter()
            .map(|&i| [pos[i as usize][0], pos[i as usize][1], mass[i as usize]])
            .collect();
        let mut tree = QuadTree {
            cells: Vec::with_capacity(pos.len() / 2 + 8),
            order,
            rank,
            bodies,
        };
        tree.cells.push(tree.cell(0, pos.len(), half));
        tree.split(0, GRID_BITS, half, &codes);
        tree
    }

    /// Split cell `c` (a square of half side `half` on a grid of `bits` bits per axis left)
    /// into its quadrants, the runs of its codes that share the next two bits, each followed
    /// by its own subtree; a cell of at most [`LEAF_SIZE`] bodies, or of bodies on one grid
    /// point, stays a leaf. Recursion at most [`GRID_BITS`] deep.
    fn split(&mut self, c: usize, bits: u32, half: f64, codes: &[u64]) {
        let (start, end) = (self.cells[c].start as usize, self.cells[c].end as usize);
        let leaf = end - start <= LEAF_SIZE || bits == 0 || codes[start] == codes[end - 1];
        if !leaf {
            self.cells[c].leaf = false;
            let shift = 2 * (bits - 1);
            let mut bounds = [start; 5];
            for quadrant in 0..4u64 {
                let from = bounds[quadrant as usize];
                bounds[quadrant as usize + 1] = from
                    + codes[from..end].partition_point(|&code| (code >> shift) & 3 <= quadrant);
            }
            // Last quadrant first: the order the walk met cells in when it kept a stack.
            for q in (0..4).rev() {
                let (from, to) = (bounds[q], bounds[q + 1]);
                if to > from {
                    let child = self.cells.len();
                    self.cells.push(self.cell(from, to, half / 2.0));
                    self.split(child, bits - 1, half / 2.0, codes);
                }
            }
        }
        self.cells[c].skip = self.cells.len() as u32;
    }

    /// A leaf cell over `order[start..end]`, a square of half side `half`.
    fn cell(&self, start: usize, end: usize, half: f64) -> Cell {
        let (mut m, mut sx, mut sy) = (0.0, 0.0, 0.0);
        for &[x, y, w] in &self.bodies[start..end] {
            m += w;
            sx += x * w;
            sy += y * w;
        }
        let width = half * 2.0;
        Cell {
            mass: m,
            mx: sx / m,
            my: sy / m,
            width2: width * width,
            start: start as u32,
            end: end as u32,
            skip: 0,
            leaf: true,
        }
    }

    /// The bodies in curve order (nearby bodies together).
    pub(super) fn order(&self) -> &[u32] {
        &self.order
    }

    /// Add to `d` the push of every other body on body `i`; `force` is (k², θ²).
    pub(super) fn repel(&self, i: u32, force: (f64, f64), d: &mut [f64; 2]) {
        let (k2, theta2) = force;
        let r = self.rank[i as usize];
        let [x, y, _] = self.bodies[r as usize];
        let p = [x, y];
        let mut sum = [0.0f64; 2];
        let mut c = 0;
        while let Some(cell) = self.cells.get(c) {
            let (dx, dy) = (p[0] - cell.mx, p[1] - cell.my);
            let holds_i = cell.start <= r && r < cell.end;
            if cell.width2 < theta2 * (dx * dx + dy * dy) && !holds_i {
                push(&mut sum, p, [cell.mx, cell.my], k2, cell.mass);
                c = cell.skip as usize;
            } else if cell.leaf {
                for b in &self.bodies[cell.start as usize..cell.end as usize] {
                    push(&mut sum, p, [b[0], b[1]], k2, b[2]);
                }
                c = cell.skip as usize;
            } else {
                c += 1;
            }
        }
        d[0] += sum[0];
        d[1] += sum[1];
    }
}

/// Add to `d` the push of a body of `mass` at `from` on a body at `at`.
pub(super) fn push(d: &mut [f64; 2], at: [f64; 2], from: [f64; 2], k2: f64, mass: f64) {
    let (dx, dy) = (at[0] - from[0], at[1] - from[1]);
    let dist2 = (dx * dx + dy * dy).max(super::layout::MIN_DIST * super::layout::MIN_DIST);
    let f = k2 * mass / dist2; // (k²/d) along the unit vector (dx/d, dy/d)
    d[0] += dx * f;
    d[1] += dy * f;
}

/// The Morton code of grid point (x, y): their bits interleaved, y's above x's.
fn interleave(x: u32, y: u32) -> u64 {
    fn spread(v: u32) -> u64 {
        let mut v = u64::from(v);
        v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF;
        v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF;
        v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        v = (v | (v << 2)) & 0x3333_3333_3333_3333;
        v = (v | (v << 1)) & 0x5555_5555_5555_5555;
        v
    }
    spread(x) | (spread(y) << 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn morton_codes_interleave_x_below_y() {
        assert_eq!(interleave(0, 0), 0);
        assert_eq!(interleave(1, 0), 0b01);
        assert_eq!(interleave(0, 1), 0b10);
        assert_eq!(interleave(0b11, 0b01), 0b0111);
        let max = (1u32 << GRID_BITS) - 1;
        assert_eq!(interleave(max, max), (1u64 << (2 * GRID_BITS)) - 1);
    }

    #[test]
    fn leaves_hold_at_most_leaf_size_bodies_unless_they_coincide() {
        // A spiral of 500 bodies, plus 40 on one spot.
        let mut pos: Vec<[f64; 2]> = (0..500)
            .map(|i| {
                let (r, a) = ((i as f64).sqrt() * 10.0, i as f64 * 2.4);
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        pos.extend((0..40).map(|_| [3.0, 4.0]));
        let tree = QuadTree::build(&pos, &vec![1.0; pos.len()]);
        let mut seen = vec![0; pos.len()];
        for cell in tree.cells.iter().filter(|c| c.leaf) {
            let run = &tree.order[cell.start as usize..cell.end as usize];
            let one_spot = run.iter().all(|&i| pos[i as usize] == [3.0, 4.0]);
            assert!(run.len() <= LEAF_SIZE || one_spot, "leaf of {}", run.len());
            for &i in run {
                seen[i as usize] += 1;
            }
        }
        assert!(
            seen.iter().all(|&n| n == 1),
            "every body in exactly one leaf"
        );
        let total: f64 = tree.cells[0].mass;
        assert_eq!(total, pos.len() as f64);
    }

    #[test]
    fn a_cell_holding_the_body_itself_is_never_taken_as_one_body() {
        // Body 0 alone at the origin, sixteen more in a far cluster. With θ huge every cell
        // would be far enough: the root (which holds body 0) must still be opened, so body 0
        // feels the cluster as one body and no push from itself.
        let mut pos = vec![[0.0, 0.0]];
        pos.extend((0..16).map(|i| [100.0 + f64::from(i % 4) * 0.25, f64::from(i / 4) * 0.25]));
        let mass = vec![1.0; pos.len()];
        let tree = QuadTree::build(&pos, &mass);
        assert!(!tree.cells[0].leaf, "17 bodies split the root");
        let mut d = [0.0; 2];
        tree.repel(0, (100.0, 1e18), &mut d);
        // Expected: each of the root's children without body 0 as one body; body 0's own
        // leaf (it is alone at the origin) adds nothing.
        let mut expected = [0.0; 2];
        for c in tree.children(0) {
            if tree.order[c.start as usize..c.end as usize].contains(&0) {
                assert_eq!(c.end - c.start, 1, "body 0 alone in its leaf");
            } else {
                push(&mut expected, pos[0], [c.mx, c.my], 100.0, c.mass);
            }
        }
        assert!((d[0] - expected[0]).abs() < 1e-9 && (d[1] - expected[1]).abs() < 1e-9);
        assert!(d[0] < 0.0, "pushed away from the cluster: {d:?}");
    }

    impl QuadTree {
        /// Cell `c`'s children, in the order the walk meets them.
        fn children(&self, c: usize) -> Vec<Cell> {
            let mut out = Vec::new();
            let mut child = c + 1;
            while child < self.cells[c].skip as usize {
                out.push(self.cells[child]);
                child = self.cells[child].skip as usize;
            }
            out
        }
    }

    #[test]
    fn each_cell_is_followed_by_its_subtree_last_quadrant_first() {
        let pos: Vec<[f64; 2]> = (0..700)
            .map(|i| {
                let (r, a) = ((i as f64).sqrt() * 10.0, i as f64 * 2.4);
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        let tree = QuadTree::build(&pos, &vec![1.0; pos.len()]);
        assert_eq!(tree.cells[0].skip as usize, tree.cells.len());
        for (c, cell) in tree.cells.iter().enumerate() {
            let kids = tree.children(c);
            assert_eq!(cell.leaf, kids.is_empty());
            if cell.leaf {
                assert_eq!(cell.skip as usize, c + 1, "a leaf has no subtree");
                continue;
            }
            // The children cover the cell's run, the last part of the curve first.
            assert_eq!(kids[0].end, cell.end);
            assert_eq!(kids.last().unwrap().start, cell.start);
            for pair in kids.windows(2) {
                assert_eq!(pair[1].end, pair[0].start);
            }
            let mass: f64 = kids.iter().map(|k| k.mass).sum();
            assert!((mass - cell.mass).abs() < 1e-9);
        }
    }

    #[test]
    fn odd_positions_build_and_walk_without_fault() {
        // Not finite or far beyond any layout: the tree still builds (such bodies share the
        // grid's corners) and every walk ends.
        let mut pos: Vec<[f64; 2]> = (0..40).map(|i| [f64::from(i), 0.0]).collect();
        pos.extend([
            [f64::NAN, 0.0],
            [f64::INFINITY, 1.0],
            [f64::NEG_INFINITY, f64::NAN],
            [1e308, -1e308],
        ]);
        let mass = vec![1.0; pos.len()];
        let tree = QuadTree::build(&pos, &mass);
        for &i in tree.order() {
            let mut d = [0.0; 2];
            tree.repel(i, (100.0, 1.44), &mut d);
        }
        let finite: Vec<[f64; 2]> = (0..300).map(|i| [f64::from(i) * 1e-9, 1e12]).collect();
        let tree = QuadTree::build(&finite, &vec![1.0; finite.len()]);
        assert_eq!(tree.order().len(), 300);
    }
}
