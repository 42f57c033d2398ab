//! Force-directed layout of the graph view, computed at build time so the browser only draws.
//!
//! Takes a node count and undirected edges and gives one finite `[x, y]` per node, the same for
//! the same input on every run (no randomness, one thread, a fixed order of operations).
//! The model is Fruchterman–Reingold (repulsion `k²/d` between every pair, attraction `d²/k`
//! along edges, a weak pull towards the centre so separate components stay near) with linear
//! cooling. Repulsion uses a Barnes–Hut quadtree: a far cell acts as one body at its centre of
//! mass, so an iteration costs O(n log n) instead of O(n²).
//!
//! In a large component, the leaves (pages linked to one other page only, often a third of a
//! knowledge graph) are not simulated: each is folded into its neighbour, which then repels as
//! heavily as itself and its leaves together, and the leaves are fanned out around it afterwards,
//! on the side away from its other neighbours. The picture is the one the forces would settle
//! into (a leaf sits one edge length from its page), for a fraction of the work.
//!
//! A large component (a few hundred bodies or more once its leaves are folded) is laid out
//! through coarser copies of itself ([`multilevel`]): the full simulation runs on the coarsest,
//! and each finer copy only refines the picture it inherits.
//!
//! Written here rather than taken from a crate: the force-layout crates on crates.io either
//! simulate in real time for a renderer (fdg, bevy plugins), seed from a random generator, or
//! pull in a GUI stack; innsite needs a small, deterministic, headless function.

use super::multilevel;
use super::quadtree::{push, QuadTree};

/// How hard and how long to lay out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Simulation steps; the temperature falls linearly to zero over them.
    pub iterations: usize,
    /// Barnes–Hut opening ratio: a cell of width `w` at distance `d` is one body when `w/d < theta`
    /// (a multilevel refinement opens cells less, see [`multilevel`]).
    pub theta: f64,
    /// Pull towards the centre, relative to the attraction of one edge.
    pub gravity: f64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            iterations: 100,
            theta: 1.2,
            gravity: 0.05,
        }
    }
}

/// Exact pairwise repulsion below this many nodes (cheaper than building a tree).
const EXACT_BELOW: usize = 64;
/// Distances are never taken below this, so coincident nodes push apart instead of dividing by 0.
pub(super) const MIN_DIST: f64 = 0.01;

/// The last site layout, with its input (node count, edges, parameters).
type LayoutInput = (usize, Vec<(u32, u32)>, Params);
static LAST: crate::memo::LastCall<LayoutInput, Vec<[f64; 2]>> = crate::memo::LastCall::new();

/// [`layout`], remembering its last input and result (see [`crate::memo`]): an edit of a
/// page's text in `innsite serve` leaves the nodes and edges as they were.
pub fn layout_memo(n: usize, edges: &[(u32, u32)], params: &Params) -> Vec<[f64; 2]> {
    LAST.get(
        |(m, e, p)| *m == n && e == edges && p == params,
        || ((n, edges.to_vec(), *params), layout(n, edges, params)),
    )
}

/// Lay out `n` nodes joined by `edges` (indices below `n`; self-loops and repeats are harmless)
/// around the origin. Each connected component is laid out on its own, the largest at the
/// centre and the others packed in rings around it (under forces alone, a lone page would be
/// pushed far out by the repulsion of all the others).
pub fn layout(n: usize, edges: &[(u32, u32)], params: &Params) -> Vec<[f64; 2]> {
    let (comp_of, comps) = components(n, edges);
    let mut local_edges: Vec<Vec<(u32, u32)>> = vec![Vec::new(); comps.len()];
    let mut local_ix = vec![0u32; n];
    for members in &comps {
        for (i, &m) in members.iter().enumerate() {
            local_ix[m as usize] = i as u32;
        }
    }
    for &(a, b) in edges {
        let c = comp_of[a as usize] as usize;
        local_edges[c].push((local_ix[a as usize], local_ix[b as usize]));
    }
    let laid: Vec<Vec<[f64; 2]>> = comps
        .iter()
        .zip(&local_edges)
        .map(|(members, e)| simulate(members.len(), e, params))
        .collect();
    let mut pos = vec![[0.0f64; 2]; n];
    for ((members, local), offset) in comps.iter().zip(&laid).zip(pack(&laid)) {
        for (&m, p) in members.iter().zip(local) {
            pos[m as usize] = [p[0] + offset[0], p[1] + offset[1]];
        }
    }
    pos
}

/// Connected components: the component of each node, and each component's nodes (ascending),
/// largest component first (ties: the one with the smaller first node).
fn components(n: usize, edges: &[(u32, u32)]) -> (Vec<u32>, Vec<Vec<u32>>) {
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    for &(a, b) in edges {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
    let mut by_root: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for i in 0..n as u32 {
        let r = find(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    let mut comps: Vec<Vec<u32>> = by_root.into_values().collect();
    comps.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    let mut comp_of = vec![0u32; n];
    for (c, members) in comps.iter().enumerate() {
        for &m in members {
            comp_of[m as usize] = c as u32;
        }
    }
    (comp_of, comps)
}

/// Where to centre each laid-out component: the first at the origin, the others in rings
/// around it, each ring as wide as its widest member.
fn pack(laid: &[Vec<[f64; 2]>]) -> Vec<[f64; 2]> {
    const GAP: f64 = 10.0;
    let centred: Vec<([f64; 2], f64)> = laid.iter().map(|p| centre_and_radius(p)).collect();
    let mut offsets = Vec::with_capacity(laid.len());
    let Some(&(c0, r0)) = centred.first() else {
        return offsets;
    };
    offsets.push([-c0[0], -c0[1]]);
    let (mut ring, mut ring_width, mut angle) = (r0 + 3.0 * GAP, 0.0f64, 0.0f64);
    for &(c, r) in &centred[1..] {
        let r = r.max(GAP / 2.0);
        let step = (2.0 * r + GAP) / (ring + ring_width.max(r));
        if angle + step > std::f64::consts::TAU {
            ring += 2.0 * ring_width + GAP;
            (ring_width, angle) = (0.0, 0.0);
        }
        ring_width = ring_width.max(r);
        let (a, rho) = (angle + step / 2.0, ring + ring_width);
        offsets.push([rho * a.cos() - c[0], rho * a.sin() - c[1]]);
        angle += step;
    }
    offsets
}

/// Centroid of a set of positions and the largest distance from it.
fn centre_and_radius(pos: &[[f64; 2]]) -> ([f64; 2], f64) {
    let n = pos.len().max(1) as f64;
    let c = pos
        .iter()
        .fold([0.0, 0.0], |a, p| [a[0] + p[0] / n, a[1] + p[1] / n]);
    let r = pos
        .iter()
        .map(|p| ((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)).sqrt())
        .fold(0.0, f64::max);
    (c, r)
}

/// Components with at least this many nodes have their leaves folded (see the module header);
/// smaller ones, such as the local graphs, are simulated node by node.
const FOLD_FROM: usize = 128;
/// Ideal edge length; the area grows with n so it stays fixed.
pub(super) const K: f64 = 10.0;

/// Force-directed layout of one connected component.
fn simulate(n: usize, edges: &[(u32, u32)], params: &Params) -> Vec<[f64; 2]> {
    if n >= FOLD_FROM {
        let mut folded = Folded::new(n, edges);
        if !folded.leaves.is_empty() {
            let mass = std::mem::take(&mut folded.mass);
            let bodies = Bodies::new(mass, std::mem::take(&mut folded.degree));
            let weights = vec![1.0; folded.edges.len()];
            let springs = (folded.edges.as_slice(), weights.as_slice());
            let core = simulate_weighted(folded.core.len(), springs, &bodies, params);
            return folded.unfold(&core);
        }
    }
    let bodies = Bodies::new(vec![1.0; n], degrees(n, edges));
    simulate_weighted(n, (edges, &vec![1.0; edges.len()]), &bodies, params)
}

/// Edges and the strength of each (how many edges of the graph it stands for).
pub(super) type Springs<'a> = (&'a [(u32, u32)], &'a [f64]);

/// What the forces need to know of each body of a simulation.
#[derive(Debug, Clone)]
pub(super) struct Bodies {
    /// How heavily it repels: a body of mass m repels like m nodes.
    pub mass: Vec<f64>,
    /// Its (mean) number of edges: well-connected bodies are pulled harder to the centre.
    pub degree: Vec<f64>,
    /// The share of its edges' pull it feels: 1 for a node, 1/m for m nodes merged into one
    /// ([`multilevel`]), which moves as their mean would.
    pub share: Vec<f64>,
}

impl Bodies {
    /// Bodies that each stand for one node of the graph.
    fn new(mass: Vec<f64>, degree: Vec<f64>) -> Bodies {
        let share = vec![1.0; mass.len()];
        Bodies {
            mass,
            degree,
            share,
        }
    }
}

/// A component with its leaves folded into their neighbours.
struct Folded {
    /// The original index of each core node.
    core: Vec<u32>,
    /// Edges between core nodes, in core indices.
    edges: Vec<(u32, u32)>,
    /// Each core node's mass: 1 + its folded leaves.
    mass: Vec<f64>,
    /// Each core node's degree in the whole component (its leaves pull it to the centre too).
    degree: Vec<f64>,
    /// Folded leaves: (original index, core index of its neighbour), by neighbour then index.
    leaves: Vec<(u32, u32)>,
    n: usize,
}

impl Folded {
    fn new(n: usize, edges: &[(u32, u32)]) -> Folded {
        let neighbours = adjacency(n, edges);
        // A leaf has one neighbour, which has others (so a lone pair is never folded away).
        let leaf_of = |i: usize| match neighbours[i].as_slice() {
            [only] if neighbours[*only as usize].len() > 1 => Some(*only),
            _ => None,
        };
        let mut core_ix = vec![u32::MAX; n];
        let mut core = Vec::new();
        for (i, ix) in core_ix.iter_mut().enumerate() {
            if leaf_of(i).is_none() {
                *ix = core.len() as u32;
                core.push(i as u32);
            }
        }
        let all_degree = degrees(n, edges);
        let mut mass = vec![1.0; core.len()];
        let degree = core.iter().map(|&i| all_degree[i as usize]).collect();
        let mut leaves = Vec::new();
        for i in 0..n {
            if let Some(hub) = leaf_of(i) {
                let c = core_ix[hub as usize];
                mass[c as usize] += 1.0;
                leaves.push((i as u32, c));
            }
        }
        leaves.sort_unstable_by_key(|&(i, c)| (c, i));
        let edges = edges
            .iter()
            .filter_map(|&(a, b)| {
                let (ca, cb) = (core_ix[a as usize], core_ix[b as usize]);
                (ca != u32::MAX && cb != u32::MAX).then_some((ca, cb))
            })
            .collect();
        Folded {
            core,
            edges,
            mass,
            degree,
            leaves,
            n,
        }
    }

    /// Positions of all nodes from the core's: each node's leaves fill a wedge beside it, pointed
    /// away from its core neighbours (a disc when it has none), as a sunflower pattern: leaf j
    /// one edge length out plus room for the j before it, at the golden-ratio fraction of the
    /// wedge, so leaves neither pile up on a ring nor overlap.
    fn unfold(&self, core_pos: &[[f64; 2]]) -> Vec<[f64; 2]> {
        use std::f64::consts::{PI, TAU};
        const GOLDEN_FRACTION: f64 = 0.618_033_988_749_895;
        // The area one leaf takes in the wedge.
        const LEAF_AREA: f64 = (K / 2.0) * (K / 2.0);
        let mut pos = vec![[0.0f64; 2]; self.n];
        for (&i, p) in self.core.iter().zip(core_pos) {
            pos[i as usize] = *p;
        }
        let mut pull = vec![[0.0f64; 2]; core_pos.len()];
        for &(a, b) in &self.edges {
            let (a, b) = (a as usize, b as usize);
            let d = [
                core_pos[b][0] - core_pos[a][0],
                core_pos[b][1] - core_pos[a][1],
            ];
            pull[a] = [pull[a][0] + d[0], pull[a][1] + d[1]];
            pull[b] = [pull[b][0] - d[0], pull[b][1] - d[1]];
        }
        for group in self.leaves.chunk_by(|x, y| x.1 == y.1) {
            let hub = group[0].1 as usize;
            let centre = core_pos[hub];
            let away = (-pull[hub][1]).atan2(-pull[hub][0]);
            let count = group.len() as f64;
            let arc = if pull[hub] == [0.0, 0.0] {
                TAU
            } else {
                (0.6 + 0.25 * count).min(1.2 * PI)
            };
            for (j, &(leaf, _)) in group.iter().enumerate() {
                let j = j as f64;
                let radius = (K * K + 2.0 * (j + 0.5) * LEAF_AREA / arc).sqrt();
                let a = away + arc * ((j * GOLDEN_FRACTION).fract() - 0.5);
                pos[leaf as usize] = [centre[0] + radius * a.cos(), centre[1] + radius * a.sin()];
            }
        }
        pos
    }
}

/// Force-directed layout of `n` bodies. A large graph is first merged into a coarser one
/// ([`multilevel`]), whose layout is the starting point of a short refinement; a small one is
/// simulated in full from a spiral.
fn simulate_weighted(n: usize, edges: Springs, bodies: &Bodies, params: &Params) -> Vec<[f64; 2]> {
    if let Some(coarse) = multilevel::coarsen(n, edges, bodies) {
        let springs = (coarse.edges.as_slice(), coarse.weights.as_slice());
        let coarse_pos = simulate_weighted(coarse.len(), springs, &coarse.bodies, params);
        let start = coarse.prolong(&coarse_pos);
        return settle(start, edges, bodies, params, multilevel::refinement(params));
    }
    // The area to settle in grows with the number of nodes, folded leaves included.
    let start_temp = bodies.mass.iter().sum::<f64>().sqrt() * K / 4.0;
    let schedule = Schedule {
        iterations: params.iterations,
        start_temp,
        theta: params.theta,
    };
    settle(initial(n), edges, bodies, params, schedule)
}

/// How long a simulation runs and how far a body may move at its first step; the limit falls
/// linearly over the steps; and the Barnes–Hut opening ratio its repulsion uses.
#[derive(Debug, Clone, Copy)]
pub(super) struct Schedule {
    pub iterations: usize,
    pub start_temp: f64,
    pub theta: f64,
}

/// Run the forces on bodies starting at `pos`.
fn settle(
    mut pos: Vec<[f64; 2]>,
    edges: Springs,
    bodies: &Bodies,
    params: &Params,
    schedule: Schedule,
) -> Vec<[f64; 2]> {
    let n = pos.len();
    if n < 2 {
        return pos;
    }
    let k = K;
    let Schedule {
        iterations,
        start_temp,
        theta,
    } = schedule;
    let mut disp = vec![[0.0f64; 2]; n];
    for step in 0..iterations {
        disp.iter_mut().for_each(|d| *d = [0.0, 0.0]);
        repel(&pos, &bodies.mass, k, theta, &mut disp);
        attract(&pos, edges, &bodies.share, k, &mut disp);
        pull_to_centre(&pos, &bodies.degree, k, params.gravity, &mut disp);
        let temp = start_temp * (1.0 - step as f64 / iterations as f64) + k * 0.01;
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
            if len > 0.0 {
                let s = len.min(temp) / len;
                p[0] += d[0] * s;
                p[1] += d[1] * s;
            }
        }
    }
    pos
}

/// A phyllotaxis spiral: evenly spread, deterministic start positions.
fn initial(n: usize) -> Vec<[f64; 2]> {
    const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;
    (0..n)
        .map(|i| {
            let r = 10.0 * (i as f64 + 0.5).sqrt();
            let a = i as f64 * GOLDEN_ANGLE;
            [r * a.cos(), r * a.sin()]
        })
        .collect()
}

/// Each node's distinct neighbours (ascending; self-loops left out).
pub(super) fn adjacency(n: usize, edges: &[(u32, u32)]) -> Vec<Vec<u32>> {
    let mut neighbours: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a != b {
            neighbours[a as usize].push(b);
            neighbours[b as usize].push(a);
        }
    }
    for list in &mut neighbours {
        list.sort_unstable();
        list.dedup();
    }
    neighbours
}

fn degrees(n: usize, edges: &[(u32, u32)]) -> Vec<f64> {
    let mut d = vec![0.0; n];
    for &(a, b) in edges {
        d[a as usize] += 1.0;
        d[b as usize] += 1.0;
    }
    d
}

/// Add the repulsion every node feels from every other (`k²·m/d` from a body of mass m).
fn repel(pos: &[[f64; 2]], mass: &[f64], k: f64, theta: f64, disp: &mut [[f64; 2]]) {
    let k2 = k * k;
    if pos.len() < EXACT_BELOW {
        for i in 0..pos.len() {
            for j in 0..pos.len() {
                if i != j {
                    push(&mut disp[i], pos[i], pos[j], k2, mass[j]);
                }
            }
        }
        return;
    }
    let tree = QuadTree::build(pos, mass);
    // Nodes are visited in the tree's order, so consecutive nodes are near each other and walk
    // mostly the same cells (cache locality; each node's sum is the same in any order).
    for &i in tree.order() {
        tree.repel(i, (k2, theta * theta), &mut disp[i as usize]);
    }
}

/// Add the attraction along every edge (`d²/k`), each end feeling its body's share.
fn attract(pos: &[[f64; 2]], edges: Springs, share: &[f64], k: f64, disp: &mut [[f64; 2]]) {
    let (ends, weights) = edges;
    for (&(a, b), &w) in ends.iter().zip(weights) {
        let (a, b) = (a as usize, b as usize);
        if a == b {
            continue;
        }
        let (dx, dy) = (pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]);
        let dist = (dx * dx + dy * dy).sqrt().max(MIN_DIST);
        let f = w * dist / k; // (d²/k) along the unit vector
        let (fa, fb) = (f * share[a], f * share[b]);
        disp[a][0] -= dx * fa;
        disp[a][1] -= dy * fa;
        disp[b][0] += dx * fb;
        disp[b][1] += dy * fb;
    }
}

/// A pull towards the origin, stronger for well-connected nodes, so hubs sit in the middle and
/// the component stays compact.
fn pull_to_centre(pos: &[[f64; 2]], degree: &[f64], k: f64, g: f64, disp: &mut [[f64; 2]]) {
    for ((p, d), deg) in pos.iter().zip(disp.iter_mut()).zip(degree) {
        let f = g * (deg + 1.0) / k;
        d[0] -= p[0] * f;
        d[1] -= p[1] * f;
    }
}

/// The bounding box of `pos`: (min x, min y, max x, max y).
pub(crate) fn bounds(pos: &[[f64; 2]]) -> (f64, f64, f64, f64) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pos {
        x0 = x0.min(p[0]);
        y0 = y0.min(p[1]);
        x1 = x1.max(p[0]);
        y1 = y1.max(p[1]);
    }
    (x0, y0, x1, y1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic pseudo-random graph: `clusters` groups densely linked inside, with a few
    /// links between groups.
    fn clustered(clusters: u32, size: u32) -> (usize, Vec<(u32, u32)>) {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let n = clusters * size;
        let mut edges = Vec::new();
        for c in 0..clusters {
            for i in 0..size {
                for _ in 0..2 {
                    let j = (next() % u64::from(size)) as u32;
                    edges.push((c * size + i, c * size + j));
                }
            }
            edges.push((c * size, ((c + 1) % clusters) * size));
        }
        (n as usize, edges)
    }

    fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    #[test]
    fn same_input_same_positions() {
        let (n, edges) = clustered(5, 40);
        let a = layout(n, &edges, &Params::default());
        let b = layout(n, &edges, &Params::default());
        assert_eq!(a, b);
    }

    #[test]
    fn positions_are_finite_and_spread() {
        let (n, mut edges) = clustered(8, 100);
        edges.push((3, 3)); // a self-loop is ignored
        let pos = layout(n, &edges, &Params::default());
        assert_eq!(pos.len(), n);
        assert!(pos.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
        let distinct: std::collections::HashSet<(i64, i64)> = pos
            .iter()
            .map(|p| ((p[0] * 100.0) as i64, (p[1] * 100.0) as i64))
            .collect();
        assert!(
            distinct.len() > n * 9 / 10,
            "nodes collapsed onto each other"
        );
    }

    #[test]
    fn connected_nodes_are_closer_than_unconnected_on_average() {
        for (clusters, size) in [(3, 15), (6, 120)] {
            let (n, edges) = clustered(clusters, size);
            let pos = layout(n, &edges, &Params::default());
            let linked: f64 = edges
                .iter()
                .filter(|(a, b)| a != b)
                .map(|&(a, b)| dist(pos[a as usize], pos[b as usize]))
                .sum::<f64>()
                / edges.len() as f64;
            let pairs: Vec<(usize, usize)> = (0..n).map(|i| (i, (i * 7919 + 13) % n)).collect();
            let any: f64 = pairs
                .iter()
                .map(|&(a, b)| dist(pos[a], pos[b]))
                .sum::<f64>()
                / pairs.len() as f64;
            assert!(
                linked * 2.0 < any,
                "{n} nodes: linked pairs {linked:.1} apart, any pair {any:.1}"
            );
        }
    }

    #[test]
    fn separate_components_stay_near() {
        let mut edges: Vec<(u32, u32)> = (0..300).map(|i| (i, (i * 37 + 1) % 300)).collect();
        edges.extend([(300, 301), (302, 303)]); // two pairs; nodes 304..310 are alone
        let pos = layout(310, &edges, &Params::default());
        let (_, main_r) = centre_and_radius(&pos[..300]);
        for (i, p) in pos.iter().enumerate().skip(300) {
            let r = (p[0] * p[0] + p[1] * p[1]).sqrt();
            assert!(
                r < main_r * 2.0,
                "node {i} at {r:.0}, main component radius {main_r:.0}"
            );
        }
        assert!(dist(pos[300], pos[301]) < dist(pos[300], pos[302]));
    }

    #[test]
    fn folded_leaves_fan_out_beside_their_page() {
        // 12 hubs in a ring, each with 15 leaves: 192 nodes, so the leaves are folded.
        let (hubs, per) = (12u32, 15u32);
        let mut edges: Vec<(u32, u32)> = (0..hubs).map(|h| (h, (h + 1) % hubs)).collect();
        for h in 0..hubs {
            for l in 0..per {
                edges.push((h, hubs + h * per + l));
            }
        }
        let n = (hubs * (per + 1)) as usize;
        assert!(n >= FOLD_FROM);
        let folded = Folded::new(n, &edges);
        assert_eq!(folded.core.len(), hubs as usize);
        assert!(folded.mass.iter().all(|&m| m == f64::from(per + 1)));
        let pos = layout(n, &edges, &Params::default());
        for h in 0..hubs {
            for l in 0..per {
                let leaf = pos[(hubs + h * per + l) as usize];
                let own = dist(leaf, pos[h as usize]);
                assert!(
                    (K * 0.99..K * 3.0).contains(&own),
                    "leaf {l} of {h}: {own:.1}"
                );
                for other in (0..hubs).filter(|&o| o != h) {
                    assert!(own < dist(leaf, pos[other as usize]), "leaf {l} of {h}");
                }
            }
        }
        let distinct: std::collections::HashSet<(i64, i64)> = pos
            .iter()
            .map(|p| ((p[0] * 10.0) as i64, (p[1] * 10.0) as i64))
            .collect();
        assert_eq!(distinct.len(), n, "leaves on top of each other");
    }

    #[test]
    fn a_lone_pair_and_small_components_are_not_folded() {
        let pair = Folded::new(2, &[(0, 1)]);
        assert!(pair.leaves.is_empty());
        // Below FOLD_FROM nodes a star is simulated node by node (the local graphs).
        let star: Vec<(u32, u32)> = (1..10).map(|i| (0, i)).collect();
        let bodies = Bodies::new(vec![1.0; 10], degrees(10, &star));
        let weighted = simulate_weighted(10, (&star, &[1.0; 9]), &bodies, &Params::default());
        assert_eq!(simulate(10, &star, &Params::default()), weighted);
    }

    #[test]
    fn tiny_graphs() {
        assert!(layout(0, &[], &Params::default()).is_empty());
        let edges = [(0, 1), (1, 2)];
        let first = layout_memo(3, &edges, &Params::default());
        assert_eq!(first, layout(3, &edges, &Params::default()));
        assert_eq!(layout_memo(3, &edges, &Params::default()), first);
        assert_eq!(layout_memo(4, &edges, &Params::default()).len(), 4);
        assert_eq!(layout(1, &[], &Params::default()).len(), 1);
        let two = layout(2, &[(0, 1)], &Params::default());
        assert!(dist(two[0], two[1]) > 1.0);
    }

    #[test]
    fn tree_repulsion_matches_exact_for_far_theta_zero() {
        let pos = initial(200);
        let mut exact = vec![[0.0; 2]; pos.len()];
        for i in 0..pos.len() {
            for j in 0..pos.len() {
                if i != j {
                    push(&mut exact[i], pos[i], pos[j], 100.0, 1.0);
                }
            }
        }
        let mut tree = vec![[0.0; 2]; pos.len()];
        repel(&pos, &vec![1.0; pos.len()], 10.0, 0.0, &mut tree);
        for (a, b) in exact.iter().zip(&tree) {
            assert!((a[0] - b[0]).abs() < 1e-6 * a[0].abs().max(1.0));
            assert!((a[1] - b[1]).abs() < 1e-6 * a[1].abs().max(1.0));
        }
    }

    #[test]
    fn piles_of_coincident_nodes_far_apart_push_each_other_finitely() {
        // Two piles of coincident nodes 10³⁰ edge lengths apart: each pile is one leaf of the
        // tree (its nodes share a grid point, so it cannot split), summed node by node at
        // the smallest distance, and each pile pushes the other away.
        let far = 1e30;
        let pos: Vec<[f64; 2]> = (0..80)
            .map(|i| if i % 2 == 0 { [0.0, 0.0] } else { [far, far] })
            .collect();
        let mut disp = vec![[0.0; 2]; pos.len()];
        repel(&pos, &vec![1.0; pos.len()], 10.0, 0.0, &mut disp);
        assert!(disp.iter().flatten().all(|d| d.is_finite()));
        assert!(
            disp[0][0] < 0.0 && disp[1][0] > 0.0,
            "piles pushed apart: {disp:?}"
        );
    }
}
