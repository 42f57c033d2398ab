//! Multilevel layout: a large graph is laid out through a ladder of coarser copies of itself.
//!
//! Each rung merges pairs of linked bodies into one (a matching), then pairs of the bodies
//! left over that hang on the same hub, which roughly halves the count. The coarsest rung, a few hundred bodies, gets the full simulation from a spiral; each
//! finer rung starts with every body where its merged body ended and needs only a short,
//! cool refinement, because the shape of the whole is already right. The total work is about
//! twice one refinement of the full graph, instead of a full simulation of it (the scheme of
//! Walshaw's and Hu's multilevel force-directed drawing).
//!
//! A merged body repels as heavily as its parts together, is pulled to the centre like their
//! mean, and feels its edges' pull divided among its parts, so it moves as their mean would.

use super::layout::{adjacency, Bodies, Params, Schedule, Springs, K};

/// Graphs with fewer bodies than this are simulated directly.
const COARSEN_FROM: usize = 400;
/// A rung that merges less than this share of the bodies away ends the ladder.
const MIN_SHRINK: f64 = 0.2;
/// Steps of the refinement at each finer rung.
const REFINE_STEPS: usize = 20;
/// How far a body may move at the first refinement step, in edge lengths.
const REFINE_TEMP: f64 = 2.0;
/// The refinement's Barnes–Hut opening ratio, relative to the full simulation's. A finer rung
/// starts from the picture of its coarser one and only moves bodies locally, so far cells can
/// be taken as one body sooner: at 1.5 × (1.8 for the default 1.2), innbok's layout takes
/// 23.6 instead of 29.5 ms and 10,000 pages' 182 instead of 233 ms, with the same edge/random
/// and rank-correlation figures (`scripts/graph_quality.py`); at 2.0 both start to worsen.
const REFINE_THETA_FACTOR: f64 = 1.5;

/// One coarser rung: the graph with linked pairs merged.
#[derive(Debug)]
pub(super) struct Coarse {
    /// The merged body of each body of the finer graph.
    parent: Vec<u32>,
    /// Edges between merged bodies, each once, ...
    pub edges: Vec<(u32, u32)>,
    /// ... standing for this many edges of the finer graph.
    pub weights: Vec<f64>,
    pub bodies: Bodies,
}

impl Coarse {
    /// The number of merged bodies.
    pub fn len(&self) -> usize {
        self.bodies.mass.len()
    }

    /// Start positions of the finer graph: the first part of each merged body at its place,
    /// a second half an edge length beside it, in a direction that varies from body to body.
    pub fn prolong(&self, coarse_pos: &[[f64; 2]]) -> Vec<[f64; 2]> {
        const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;
        let mut placed = vec![false; coarse_pos.len()];
        self.parent
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let at = coarse_pos[c as usize];
                if !std::mem::replace(&mut placed[c as usize], true) {
                    return at;
                }
                let a = i as f64 * GOLDEN_ANGLE;
                [at[0] + K / 2.0 * a.cos(), at[1] + K / 2.0 * a.sin()]
            })
            .collect()
    }
}

/// The refinement schedule of a finer rung.
pub(super) fn refinement(params: &Params) -> Schedule {
    Schedule {
        iterations: REFINE_STEPS.min(params.iterations),
        start_temp: REFINE_TEMP * K,
        theta: params.theta * REFINE_THETA_FACTOR,
    }
}

/// The next coarser rung of a graph of `n` bodies, or `None` when it is small enough to
/// simulate directly or does not shrink enough.
pub(super) fn coarsen(n: usize, springs: Springs, bodies: &Bodies) -> Option<Coarse> {
    if n < COARSEN_FROM {
        return None;
    }
    let neighbours = adjacency(n, springs.0);
    let mut mate = match_neighbours(&neighbours, &bodies.mass);
    match_siblings(&neighbours, &mut mate);
    let (parent, m) = number(&mate);
    if (m as f64) > n as f64 * (1.0 - MIN_SHRINK) {
        return None;
    }
    let (edges, weights) = coarse_edges(springs, &parent);
    Some(Coarse {
        edges,
        weights,
        bodies: merged_bodies(m, &parent, bodies),
        parent,
    })
}

/// No partner.
const ALONE: u32 = u32::MAX;

/// Each body's partner among its neighbours. Deterministic: bodies are visited by ascending
/// degree (then index), and each one without a partner takes its lightest free neighbour
/// (then the one of lowest degree, then of lowest index), so merged bodies stay of similar
/// weight and hubs are merged last.
fn match_neighbours(neighbours: &[Vec<u32>], mass: &[f64]) -> Vec<u32> {
    let n = neighbours.len();
    let degree = |i: usize| neighbours[i].len();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&i| (degree(i as usize), i));
    let mut mate = vec![ALONE; n];
    for &i in &order {
        let i = i as usize;
        if mate[i] != ALONE {
            continue;
        }
        let free = neighbours[i]
            .iter()
            .map(|&j| j as usize)
            .filter(|&j| mate[j] == ALONE)
            .min_by(|&a, &b| {
                (mass[a].total_cmp(&mass[b]))
                    .then(degree(a).cmp(&degree(b)))
                    .then(a.cmp(&b))
            });
        if let Some(j) = free {
            mate[i] = j as u32;
            mate[j] = i as u32;
        }
    }
    mate
}

/// Pair up the bodies left alone whose best-connected neighbour is the same (the spokes of a
/// hub, which could not all be merged with it): two bodies beside one hub are close anyway,
/// and without this a star-shaped graph would hardly shrink.
fn match_siblings(neighbours: &[Vec<u32>], mate: &mut [u32]) {
    let degree = |i: u32| neighbours[i as usize].len();
    let mut alone: Vec<(u32, u32)> = (0..neighbours.len() as u32)
        .filter(|&i| mate[i as usize] == ALONE)
        .filter_map(|i| {
            let hub = neighbours[i as usize]
                .iter()
                .copied()
                .max_by(|&a, &b| degree(a).cmp(&degree(b)).then(b.cmp(&a)))?;
            Some((hub, i))
        })
        .collect();
    alone.sort_unstable();
    for pair in alone
        .chunk_by(|x, y| x.0 == y.0)
        .flat_map(|g| g.chunks_exact(2))
    {
        let (a, b) = (pair[0].1, pair[1].1);
        mate[a as usize] = b;
        mate[b as usize] = a;
    }
}

/// Number the merged bodies in the order of their first part: the merged body of each body,
/// and their count.
fn number(mate: &[u32]) -> (Vec<u32>, usize) {
    let mut parent = vec![ALONE; mate.len()];
    let mut count = 0u32;
    for i in 0..mate.len() {
        if parent[i] != ALONE {
            continue;
        }
        parent[i] = count;
        if mate[i] != ALONE {
            parent[mate[i] as usize] = count;
        }
        count += 1;
    }
    (parent, count as usize)
}

/// The edges between merged bodies (inside ones dropped), each once with the number of
/// edges it stands for, so a merged body is pulled by every edge of its parts.
fn coarse_edges(springs: Springs, parent: &[u32]) -> (Vec<(u32, u32)>, Vec<f64>) {
    let (ends, weights) = springs;
    let mut coarse: Vec<((u32, u32), f64)> = ends
        .iter()
        .zip(weights)
        .map(|(&(a, b), &w)| ((parent[a as usize], parent[b as usize]), w))
        .filter(|((a, b), _)| a != b)
        .map(|((a, b), w)| ((a.min(b), a.max(b)), w))
        .collect();
    coarse.sort_unstable_by_key(|&(e, _)| e);
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(coarse.len());
    let mut merged_weights: Vec<f64> = Vec::with_capacity(coarse.len());
    for (e, w) in coarse {
        if merged.last() == Some(&e) {
            *merged_weights.last_mut().expect("a weight per edge") += w;
        } else {
            merged.push(e);
            merged_weights.push(w);
        }
    }
    (merged, merged_weights)
}

/// Mass (sum), degree (mean) and edge share (1 / parts) of each merged body.
fn merged_bodies(m: usize, parent: &[u32], fine: &Bodies) -> Bodies {
    let mut mass = vec![0.0; m];
    let mut degree = vec![0.0; m];
    let mut parts = vec![0.0; m];
    for (i, &c) in parent.iter().enumerate() {
        let c = c as usize;
        let weight = 1.0 / fine.share[i];
        mass[c] += fine.mass[i];
        degree[c] += fine.degree[i] * weight;
        parts[c] += weight;
    }
    for (d, p) in degree.iter_mut().zip(&parts) {
        *d /= p;
    }
    let share = parts.iter().map(|p| 1.0 / p).collect();
    Bodies {
        mass,
        degree,
        share,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphview::layout::layout;

    fn unit_bodies(n: usize, edges: &[(u32, u32)]) -> Bodies {
        let mut degree = vec![0.0; n];
        for &(a, b) in edges {
            degree[a as usize] += 1.0;
            degree[b as usize] += 1.0;
        }
        Bodies {
            mass: vec![1.0; n],
            degree,
            share: vec![1.0; n],
        }
    }

    fn coarsen_unit(n: usize, edges: &[(u32, u32)]) -> Option<Coarse> {
        coarsen(n, (edges, &vec![1.0; edges.len()]), &unit_bodies(n, edges))
    }

    /// A `side` × `side` grid, rows then columns.
    fn grid(side: u32) -> Vec<(u32, u32)> {
        let mut edges = Vec::new();
        for r in 0..side {
            for c in 0..side {
                let i = r * side + c;
                if c + 1 < side {
                    edges.push((i, i + 1));
                }
                if r + 1 < side {
                    edges.push((i, i + side));
                }
            }
        }
        edges
    }

    #[test]
    fn small_graphs_are_not_coarsened() {
        assert!(coarsen_unit(COARSEN_FROM - 1, &grid(19)).is_none());
    }

    #[test]
    fn a_star_shrinks_by_half_through_its_spokes() {
        let spokes: Vec<(u32, u32)> = (1..=600).map(|i| (0, i)).collect();
        let coarse = coarsen_unit(601, &spokes).expect("a star is coarsened");
        // One spoke merges with the hub, the other 599 pair up beside it (one left over).
        assert_eq!(coarse.len(), 1 + 300);
        assert_eq!(coarse.bodies.mass.iter().sum::<f64>(), 601.0);
    }

    #[test]
    fn merged_bodies_keep_mass_edges_and_mean_degree() {
        let edges = grid(30);
        let coarse = coarsen_unit(900, &edges).expect("a grid is coarsened");
        assert!(coarse.len() <= 900 * 6 / 10, "{} bodies", coarse.len());
        assert_eq!(coarse.bodies.mass.iter().sum::<f64>(), 900.0);
        let parts: f64 = coarse.bodies.share.iter().map(|s| 1.0 / s).sum();
        assert_eq!(parts, 900.0);
        // Every grid edge between two merged bodies is counted once in a weight.
        let between = edges
            .iter()
            .filter(|&&(a, b)| coarse.parent[a as usize] != coarse.parent[b as usize])
            .count();
        assert_eq!(coarse.weights.iter().sum::<f64>(), between as f64);
        let mut seen = coarse.edges.clone();
        seen.dedup();
        assert_eq!(seen.len(), coarse.edges.len(), "an edge listed twice");
        assert!(coarse
            .bodies
            .degree
            .iter()
            .all(|&d| (2.0..=4.0).contains(&d)));
        // A second rung starts from the first one's weights.
        let springs = (coarse.edges.as_slice(), coarse.weights.as_slice());
        let next = coarsen(coarse.len(), springs, &coarse.bodies);
        let next = next.expect("the grid is coarsened again");
        assert!(next.weights.iter().sum::<f64>() <= between as f64);
        assert_eq!(next.bodies.mass.iter().sum::<f64>(), 900.0);
    }

    #[test]
    fn prolong_puts_one_part_on_its_body_and_the_other_beside_it() {
        let coarse = coarsen_unit(900, &grid(30)).expect("a grid is coarsened");
        let coarse_pos: Vec<[f64; 2]> =
            (0..coarse.len()).map(|i| [i as f64 * 100.0, 0.0]).collect();
        let fine = coarse.prolong(&coarse_pos);
        for (i, p) in fine.iter().enumerate() {
            let at = coarse_pos[coarse.parent[i] as usize];
            let d = ((p[0] - at[0]).powi(2) + (p[1] - at[1]).powi(2)).sqrt();
            assert!(d == 0.0 || (d - K / 2.0).abs() < 1e-9, "part {i} at {d}");
        }
    }

    /// A grid laid out through the ladder unfolds into a grid: the distance between two of its
    /// nodes in the picture follows their distance along the grid.
    #[test]
    fn a_large_grid_unfolds() {
        let side = 40u32;
        let pos = layout((side * side) as usize, &grid(side), &Params::default());
        let (mut along, mut apart) = (Vec::new(), Vec::new());
        for i in (0..side * side).step_by(7) {
            for j in (0..side * side).step_by(13) {
                let (ri, ci, rj, cj) = (i / side, i % side, j / side, j % side);
                along.push(f64::from(ri.abs_diff(rj) + ci.abs_diff(cj)));
                let (a, b) = (pos[i as usize], pos[j as usize]);
                apart.push(((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt());
            }
        }
        let r = correlation(&along, &apart);
        assert!(
            r > 0.6,
            "grid distance and drawn distance correlate at {r:.3}"
        );
    }

    fn correlation(x: &[f64], y: &[f64]) -> f64 {
        let n = x.len() as f64;
        let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
        let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
        let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
        let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
        cov / (vx * vy).sqrt()
    }
}
