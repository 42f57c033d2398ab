//! Stage timings: how long each step of a build took (`innsite build --timings`).
//!
//! A build records the wall time of its stages (scan and parse, graph, page rendering,
//! indexes, graph view, search index, ...) here; stages that run side by side are recorded
//! each with its own duration, so the table can add up to more than the total.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The stages of one build, in the order they finished.
#[derive(Debug)]
pub struct Timings {
    started: Instant,
    stages: Mutex<Vec<(&'static str, Duration)>>,
}

impl Default for Timings {
    fn default() -> Self {
        Self::new()
    }
}

impl Timings {
    /// Start counting now.
    pub fn new() -> Self {
        Self::since(Instant::now())
    }

    /// Count from `started` (for a build whose configuration was read before).
    pub fn since(started: Instant) -> Self {
        Timings {
            started,
            stages: Mutex::new(Vec::new()),
        }
    }

    /// Run `f` as the stage `name` and record how long it took.
    pub fn time<T>(&self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.record(name, start.elapsed());
        value
    }

    /// Record a stage timed elsewhere.
    pub fn record(&self, name: &'static str, took: Duration) {
        // A poisoned lock only means another stage panicked; its figures are still good.
        let mut stages = self.stages.lock().unwrap_or_else(|e| e.into_inner());
        stages.push((name, took));
    }

    /// Seconds since the start.
    pub fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// The recorded stages with their durations.
    pub fn stages(&self) -> Vec<(&'static str, Duration)> {
        self.stages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// A table of the stages: name, milliseconds, share of the total wall time.
    pub fn table(&self) -> String {
        let total = self.started.elapsed();
        let mut text = String::from("stage                      ms   share\n");
        for (name, took) in self.stages() {
            let share = took.as_secs_f64() / total.as_secs_f64().max(f64::MIN_POSITIVE);
            text.push_str(&format!(
                "{name:<22} {:>8.1}  {:>5.1}%\n",
                took.as_secs_f64() * 1e3,
                share * 100.0
            ));
        }
        text.push_str(&format!(
            "{:<22} {:>8.1}\n",
            "total (wall)",
            total.as_secs_f64() * 1e3
        ));
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_recorded_in_order_with_their_values() {
        let t = Timings::new();
        let a = t.time("first", || {
            std::thread::sleep(Duration::from_millis(5));
            1
        });
        let b = t.time("second", || 2);
        assert_eq!((a, b), (1, 2));
        let stages = t.stages();
        assert_eq!(
            stages.iter().map(|s| s.0).collect::<Vec<_>>(),
            ["first", "second"]
        );
        assert!(stages[0].1 >= Duration::from_millis(5));
        let table = t.table();
        assert!(
            table.contains("first") && table.contains("total (wall)"),
            "{table}"
        );
    }
}
