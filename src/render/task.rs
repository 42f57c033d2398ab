//! Task details as HTML (LOGSEQ.md §5.7): the marker badge and checkbox, the title's state
//! class, the priority badge and the `SCHEDULED:`/`DEADLINE:` lines.
//!
//! Classes follow Logseq 0.9.8 (`fe/block.cljs`) so an author's Logseq CSS keeps working: the
//! title element gets the lower-case marker (`todo`, `done`, `canceled`, …); NOW, LATER, TODO,
//! DOING, IN-PROGRESS, WAIT and WAITING get an unchecked box, DONE a checked one; IN-PROGRESS,
//! WAIT and WAITING are also `task-status`; the priority is `a.priority` linking to its page.
//! Checkboxes are disabled: the site is read-only.

use super::links::escape;
use crate::model::Marker;
use crate::parse::inline::Stamp;

/// The checkbox (if any) and badge shown before a task's title.
pub fn marker_html(m: Marker) -> String {
    let input = match checkbox(m) {
        Some(checked) => format!(
            "<input type=\"checkbox\" disabled{} aria-label=\"{}\"> ",
            if checked { " checked" } else { "" },
            m.as_str()
        ),
        None => String::new(),
    };
    let status = if matches!(m, Marker::InProgress | Marker::Wait | Marker::Waiting) {
        " task-status"
    } else {
        ""
    };
    format!(
        "{input}<span class=\"task-marker{status} {}\">{}</span> ",
        marker_class(m),
        m.as_str()
    )
}

/// `Some(checked)` for the markers Logseq shows with a checkbox.
fn checkbox(m: Marker) -> Option<bool> {
    match m {
        Marker::Done => Some(true),
        Marker::Todo
        | Marker::Doing
        | Marker::Later
        | Marker::Now
        | Marker::InProgress
        | Marker::Wait
        | Marker::Waiting => Some(false),
        Marker::Canceled | Marker::Cancelled | Marker::Started => None,
    }
}

/// The state class of a task's title: the marker in lower case.
pub fn marker_class(m: Marker) -> &'static str {
    match m {
        Marker::Todo => "todo",
        Marker::Doing => "doing",
        Marker::Done => "done",
        Marker::Later => "later",
        Marker::Now => "now",
        Marker::Wait => "wait",
        Marker::Waiting => "waiting",
        Marker::InProgress => "in-progress",
        Marker::Canceled => "canceled",
        Marker::Cancelled => "cancelled",
        Marker::Started => "started",
    }
}

/// The priority badge around `link`, the host's link to the priority's page (`[#A]` → page A).
pub fn priority_html(level: &str, link: &str) -> String {
    let lower = level.to_ascii_lowercase();
    format!(
        "<span class=\"priority priority-{}\" title=\"Priority {}\">{link}</span>",
        escape(&lower),
        escape(&level.to_ascii_uppercase())
    )
}

/// A `SCHEDULED:`/`DEADLINE:` line: the label and the stamp in `<time>`.
pub fn planning_html(kind: &str, stamp: &str) -> String {
    let Some(s) = Stamp::parse(stamp) else {
        return format!("<p>{}: &lt;{}&gt;</p>", escape(kind), escape(stamp));
    };
    let datetime = match s.time {
        Some(t) => format!("{}T{t}", s.date),
        None => s.date.to_string(),
    };
    let label = if kind == "DEADLINE" {
        "Deadline"
    } else {
        "Scheduled"
    };
    format!(
        "<div class=\"timestamp {}\"><span class=\"timestamp-label\">{label}:</span> <time datetime=\"{}\">{}</time></div>",
        kind.to_ascii_lowercase(),
        escape(&datetime),
        escape(stamp)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marker_has_its_class_and_box() {
        let done = marker_html(Marker::Done);
        assert!(
            done.contains("disabled checked") && done.contains("task-marker done"),
            "{done}"
        );
        let wait = marker_html(Marker::Waiting);
        assert!(
            wait.contains("<input type=\"checkbox\" disabled aria-label=\"WAITING\">"),
            "{wait}"
        );
        assert!(
            wait.contains("class=\"task-marker task-status waiting\">WAITING<"),
            "{wait}"
        );
        let canceled = marker_html(Marker::Cancelled);
        assert!(!canceled.contains("<input") && canceled.contains("task-marker cancelled"));
        for (m, text) in Marker::ALL {
            let html = marker_html(m);
            assert!(html.contains(&format!(">{text}</span>")), "{html}");
            assert_eq!(marker_class(m), text.to_ascii_lowercase(), "{text}");
        }
    }

    #[test]
    fn priority_badge() {
        assert_eq!(
            priority_html("a", "<a>A</a>"),
            "<span class=\"priority priority-a\" title=\"Priority A\"><a>A</a></span>"
        );
    }

    #[test]
    fn planning_lines_show_a_dated_line() {
        assert_eq!(
            planning_html("SCHEDULED", "2024-01-05 Fri"),
            "<div class=\"timestamp scheduled\"><span class=\"timestamp-label\">Scheduled:</span> <time datetime=\"2024-01-05\">2024-01-05 Fri</time></div>"
        );
        let d = planning_html("DEADLINE", "2024-01-09 Tue 10:00 .+1w");
        assert!(d.contains("class=\"timestamp deadline\""), "{d}");
        assert!(
            d.contains("<time datetime=\"2024-01-09T10:00\">2024-01-09 Tue 10:00 .+1w</time>"),
            "{d}"
        );
    }
}
