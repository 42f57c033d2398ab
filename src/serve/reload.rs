//! Live reload: the channel that tells open pages to reload, and the script they get.
//!
//! Takes build outcomes and gives server-sent events: `reload` after a successful rebuild,
//! `problems` with the list of problems to show (empty: clear the overlay). A new listener
//! first gets the current problems. The script is injected only by `innsite serve` (never
//! into built files); it shows problems as an overlay with their file:line and reloads the
//! page on `reload`.

use crate::diagnostics::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard};
use tokio::sync::broadcast;

/// Where the script and the event stream are served (no page slug starts with `_innsite`).
pub const SCRIPT_PATH: &str = "/_innsite/reload.js";
pub const EVENTS_PATH: &str = "/_innsite/events";

/// The tag inserted before `</body>` of every served HTML page.
pub const SCRIPT_TAG: &str = "<script src=\"/_innsite/reload.js\" defer></script>";

/// The live-reload client: listens to the event stream, reloads, draws the overlay.
pub const SCRIPT: &str = r#"(function () {
  "use strict";
  var box = null;
  function show(problems) {
    if (box) { box.remove(); box = null; }
    if (!problems.length) return;
    box = document.createElement("div");
    box.id = "innsite-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;" +
      "z-index:2147483647;margin:0;padding:1em 1.5em;background:#2b0b0b;color:#ffd7d7;" +
      "font:14px/1.5 ui-monospace,monospace;border-top:4px solid #e5484d;white-space:pre-wrap";
    var title = document.createElement("strong");
    title.textContent = "innsite: " + problems.length + " problem(s)";
    box.appendChild(title);
    problems.forEach(function (p) {
      var line = document.createElement("div");
      line.className = "innsite-problem";
      line.textContent = p;
      box.appendChild(line);
    });
    document.body.appendChild(box);
  }
  var es = new EventSource("/_innsite/events");
  // The channel's state on <html data-innsite-live>: "connected" or "lost".
  es.addEventListener("open", function () { document.documentElement.setAttribute("data-innsite-live", "connected"); });
  es.addEventListener("error", function () { document.documentElement.setAttribute("data-innsite-live", "lost"); });
  es.addEventListener("problems", function (e) { show(JSON.parse(e.data)); });
  es.addEventListener("reload", function () { location.reload(); });
})();
"#;

/// One message of the channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Reload { version: u64 },
    Problems(Vec<String>),
}

impl Message {
    /// (event name, data) of the server-sent event.
    pub fn event(&self) -> (&'static str, String) {
        match self {
            Message::Reload { version } => ("reload", format!("{{\"version\":{version}}}")),
            Message::Problems(list) => ("problems", json(list)),
        }
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// The channel and the current problems.
pub struct Channel {
    tx: broadcast::Sender<Message>,
    problems: Mutex<Vec<String>>,
}

impl Default for Channel {
    fn default() -> Self {
        Channel {
            tx: broadcast::channel(64).0,
            problems: Mutex::new(Vec::new()),
        }
    }
}

impl Channel {
    /// Listen: the current problems, and every later message.
    pub fn subscribe(&self) -> (Vec<String>, broadcast::Receiver<Message>) {
        let rx = self.tx.subscribe();
        (self.current().clone(), rx)
    }

    fn current(&self) -> MutexGuard<'_, Vec<String>> {
        self.problems.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A rebuild succeeded: send the problems (when they changed) and `reload`.
    pub fn rebuilt(&self, version: u64, problems: Vec<String>) {
        self.set_problems(problems);
        let _ = self.tx.send(Message::Reload { version });
    }

    /// A rebuild failed: the site stays as it was; show why.
    pub fn failed(&self, error: String) {
        self.set_problems(vec![error]);
    }

    fn set_problems(&self, problems: Vec<String>) {
        let mut cur = self.current();
        if *cur != problems {
            *cur = problems.clone();
            let _ = self.tx.send(Message::Problems(problems));
        }
    }
}

/// A diagnostic's identity without its line (lines move as text is edited).
pub type Known = BTreeSet<(String, crate::diagnostics::Kind, String)>;

/// The identities of `diagnostics`: what was already there when serving began.
pub fn known(diagnostics: &[Diagnostic]) -> Known {
    diagnostics
        .iter()
        .map(|d| (d.file.clone(), d.kind, d.message.clone()))
        .collect()
}

/// What the overlay shows after a successful rebuild: every error, and the warnings that
/// edits introduced (in files `touched` since serving began, not `known` at the start), as
/// `file:line: …`. Fixing the file removes its lines; older warnings are `innsite check`'s.
pub fn problems(
    diagnostics: &[Diagnostic],
    touched: &BTreeSet<String>,
    known: &Known,
) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| {
            d.severity == Severity::Error
                || (d.severity == Severity::Warning
                    && touched.contains(&d.file)
                    && !known.contains(&(d.file.clone(), d.kind, d.message.clone())))
        })
        .map(|d| d.to_string())
        .collect()
}

/// `html` with the reload script before `</body>` (appended when there is none).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = SCRIPT_TAG.as_bytes();
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag);
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Kind;

    #[test]
    fn script_goes_before_the_closing_body() {
        let out = inject(b"<html><body><p>x</p></body></html>");
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, format!("<html><body><p>x</p>{SCRIPT_TAG}</body></html>"));
        assert!(String::from_utf8(inject(b"<p>x"))
            .unwrap()
            .ends_with(SCRIPT_TAG));
    }

    #[test]
    fn overlay_shows_errors_and_the_warnings_of_changed_files() {
        let d = vec![
            Diagnostic::warning(Kind::EmbedCycle, "pages/a.md", Some(3), "cycle"),
            Diagnostic::warning(Kind::EmbedCycle, "pages/b.md", Some(1), "cycle"),
            Diagnostic::error(Kind::UnreadableFile, "pages/c.md", None, "cannot read"),
        ];
        let changed = BTreeSet::from(["pages/a.md".to_string(), "pages/d.md".to_string()]);
        let old = Diagnostic::warning(Kind::EmbedCycle, "pages/d.md", Some(9), "old");
        let known = known(std::slice::from_ref(&old));
        let mut d = d;
        d.push(Diagnostic {
            line: Some(12),
            ..old
        });
        assert_eq!(
            problems(&d, &changed, &known),
            [
                "pages/a.md:3: warning[embed-cycle]: cycle",
                "pages/c.md: error[unreadable-file]: cannot read"
            ]
        );
    }

    #[test]
    fn problems_are_sent_only_when_they_change() {
        let ch = Channel::default();
        let (first, mut rx) = ch.subscribe();
        assert!(first.is_empty());
        ch.failed("site.toml:2: unknown key".into());
        ch.rebuilt(2, vec![]);
        ch.rebuilt(3, vec![]);
        let got: Vec<Message> = std::iter::from_fn(|| rx.try_recv().ok()).collect();
        assert_eq!(
            got,
            [
                Message::Problems(vec!["site.toml:2: unknown key".into()]),
                Message::Problems(vec![]),
                Message::Reload { version: 2 },
                Message::Reload { version: 3 },
            ]
        );
    }
}
