//! Segmenting: a page's text → the lines before the first block and each block's lines.
//!
//! Takes decoded text (`\n` line ends) and gives the block boundaries of LOGSEQ.md §3.1: a block
//! starts at a bullet line `^[ \t]*-(?=[ \t]|$)` (optionally followed by `#{1,6}` + space, a
//! heading) or at a markdown heading line `^[ \t]*#+(?=[ \t]|$)`, except inside a fenced code block
//! (```` ``` ````/`~~~`), a `#+BEGIN_X … #+END_X` block or a `$$ … $$` display. Lines inside those
//! (and their delimiter lines) are marked `verbatim` so later steps neither trim them nor read
//! properties there.
//!
//! innsite: an opener that is never closed in the rest of the file is an ordinary line (one stray
//! ```` ``` ```` must not swallow every later bullet). Whether it is closed is answered from an
//! index built in one pass, so the whole segmentation stays linear in the input size. It never
//! nests, recurses or decides levels: that is [`super::outline`]'s job.

use std::collections::HashMap;

/// One source line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the file.
    pub no: u32,
    pub text: &'a str,
    /// Inside (or delimiting) a code fence, `#+BEGIN` block or `$$` display.
    pub verbatim: bool,
    /// The opening or closing line of such an environment.
    pub delim: bool,
}

/// How a block's first line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    /// Leading space/tab characters before the `-` or `#` (a tab counts 1, §3.2).
    pub indent: usize,
    /// A `-` bullet; `false` for a markdown `#` heading line without bullet.
    pub bullet: bool,
    /// Number of heading hashes (`- ### x` → 3); markdown heading lines cap it at 6.
    pub heading: Option<u8>,
    /// Byte offset of the text after the bullet, heading hashes and the whitespace after them.
    pub rest: usize,
}

/// The lines of one block, the first being its start line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBlock<'a> {
    pub start: Start,
    pub lines: Vec<Line<'a>>,
}

/// A page split into the text before its first block and its blocks, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments<'a> {
    pub pre: Vec<Line<'a>>,
    pub blocks: Vec<RawBlock<'a>>,
}

/// Split `text` into the pre-block lines and the blocks.
pub fn segment(text: &str) -> Segments<'_> {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if text.ends_with('\n') {
        lines.pop();
    }
    // Leading whitespace is measured once per line: a 10,000-deep outline has ~50 M of it.
    let indents: Vec<usize> = lines.iter().map(|l| indent_of(l)).collect();
    let closers = Closers::build(&lines, &indents);
    let mut seg = Segments::default();
    let mut i = 0;
    while i < lines.len() {
        let start = start_after_indent(lines[i], indents[i]);
        let env =
            opener(payload(lines[i], indents[i], start)).filter(|e| closers.closed_after(e, i));
        let line = Line {
            no: line_no(i),
            text: lines[i],
            verbatim: env.is_some(),
            delim: env.is_some(),
        };
        match start {
            Some(start) => seg.blocks.push(RawBlock {
                start,
                lines: vec![line],
            }),
            None => seg.push(line),
        }
        i += 1;
        if let Some(env) = env {
            while let Some(text) = lines.get(i).copied() {
                let closes = env.closes(text);
                seg.push(Line {
                    no: line_no(i),
                    text,
                    verbatim: true,
                    delim: closes,
                });
                i += 1;
                if closes {
                    break;
                }
            }
        }
    }
    seg
}

impl<'a> Segments<'a> {
    /// Append a continuation line to the current block (or to the pre-block lines).
    fn push(&mut self, line: Line<'a>) {
        match self.blocks.last_mut() {
            Some(b) => b.lines.push(line),
            None => self.pre.push(line),
        }
    }
}

fn line_no(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

/// Count of leading spaces and tabs.
pub fn indent_of(s: &str) -> usize {
    // A plain loop: iterator chains are slow in unoptimised test builds, and this runs over
    // every leading blank of the file.
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

/// True when `s` is empty or starts with a space or tab.
fn ws_or_end(s: &str) -> bool {
    matches!(s.as_bytes().first(), None | Some(b' ' | b'\t'))
}

/// The block start at the beginning of `line`, if any (§3.1).
#[cfg(test)]
pub fn block_start(line: &str) -> Option<Start> {
    start_after_indent(line, indent_of(line))
}

/// [`block_start`] for a line whose leading whitespace (`indent` bytes) is already measured.
fn start_after_indent(line: &str, indent: usize) -> Option<Start> {
    let after = &line[indent..];
    if let Some(tail) = after.strip_prefix('-') {
        if !ws_or_end(tail) {
            return None;
        }
        let mut pos = indent + 1 + indent_of(tail);
        let hashes = line[pos..].bytes().take_while(|b| *b == b'#').count();
        let mut heading = None;
        if (1..=6).contains(&hashes) && ws_or_end(&line[pos + hashes..]) {
            heading = u8::try_from(hashes).ok();
            pos += hashes;
            pos += indent_of(&line[pos..]);
        }
        return Some(Start {
            indent,
            bullet: true,
            heading,
            rest: pos,
        });
    }
    let hashes = after.bytes().take_while(|b| *b == b'#').count();
    if hashes == 0 || !ws_or_end(&after[hashes..]) {
        return None;
    }
    let pos = indent + hashes;
    Some(Start {
        indent,
        bullet: false,
        heading: Some(u8::try_from(hashes.min(6)).unwrap_or(6)),
        rest: pos + indent_of(&line[pos..]),
    })
}

/// The part of a line that may open an environment: after the bullet for a bullet line, the
/// trimmed line for a continuation line, nothing for a markdown heading line.
fn payload(line: &str, indent: usize, start: Option<Start>) -> &str {
    match start {
        Some(s) if s.bullet => line[s.indent + 1..].trim_start_matches([' ', '\t']),
        Some(_) => "",
        None => &line[indent..],
    }
}

/// A verbatim environment opened by a line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Env {
    /// Code fence of `len` × `ch` (`` ` `` or `~`).
    Fence { ch: u8, len: usize },
    /// `#+BEGIN_<NAME>`, the name upper-cased.
    Begin(String),
    /// `$$` display math.
    Math,
}

fn fence_run(s: &str) -> Option<(u8, usize)> {
    let ch = *s.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = s.bytes().take_while(|b| *b == ch).count();
    (len >= 3).then_some((ch, len))
}

/// `#+BEGIN_X` / `#+END_X` keyword name after `prefix` (ASCII case-insensitive), upper-cased.
fn keyword_name(s: &str, prefix: &str) -> Option<String> {
    let head = s.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let name: String = s[prefix.len()..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    (!name.is_empty()).then(|| name.to_ascii_uppercase())
}

fn opener(payload: &str) -> Option<Env> {
    if let Some((ch, len)) = fence_run(payload) {
        let info = &payload[len..];
        return (ch == b'~' || !info.contains('`')).then_some(Env::Fence { ch, len });
    }
    if let Some(name) = keyword_name(payload, "#+BEGIN_") {
        return Some(Env::Begin(name));
    }
    let math = payload.strip_prefix("$$")?;
    (!math.contains("$$")).then_some(Env::Math)
}

/// A bare fence line: `(char, count)` when the line, after its `indent`, is only fence
/// characters and trailing whitespace.
fn fence_closer(line: &str, indent: usize) -> Option<(u8, usize)> {
    let t = line[indent..].trim_end_matches([' ', '\t']);
    let (ch, len) = fence_run(t)?;
    (len == t.len()).then_some((ch, len))
}

impl Env {
    fn closes(&self, line: &str) -> bool {
        match self {
            Env::Fence { ch, len } => {
                fence_closer(line, indent_of(line)).is_some_and(|(c, l)| c == *ch && l >= *len)
            }
            Env::Begin(name) => {
                keyword_name(&line[indent_of(line)..], "#+END_").as_ref() == Some(name)
            }
            Env::Math => line.contains("$$"),
        }
    }
}

/// Where closing lines are, to answer "is this opener closed later?" in O(log n).
struct Closers {
    /// Per fence char (`` ` ``, `~`): bare fence lines (index, run length) in order, and the
    /// suffix maximum of the run lengths.
    fences: [(Vec<usize>, Vec<usize>); 2],
    /// Last line index of each `#+END_<NAME>`.
    last_end: HashMap<String, usize>,
    /// Last line index containing `$$`.
    last_math: Option<usize>,
}

impl Closers {
    fn build(lines: &[&str], indents: &[usize]) -> Closers {
        let mut c = Closers {
            fences: Default::default(),
            last_end: HashMap::new(),
            last_math: None,
        };
        for (i, (line, &indent)) in lines.iter().zip(indents).enumerate() {
            if let Some((ch, len)) = fence_closer(line, indent) {
                let f = &mut c.fences[usize::from(ch == b'~')];
                f.0.push(i);
                f.1.push(len);
            }
            if let Some(name) = keyword_name(&line[indent..], "#+END_") {
                c.last_end.insert(name, i);
            }
            if line.contains("$$") {
                c.last_math = Some(i);
            }
        }
        for (_, lens) in c.fences.iter_mut() {
            for k in (0..lens.len().saturating_sub(1)).rev() {
                lens[k] = lens[k].max(lens[k + 1]);
            }
        }
        c
    }

    /// Whether a line after line `i` closes `env`.
    fn closed_after(&self, env: &Env, i: usize) -> bool {
        match env {
            Env::Fence { ch, len } => {
                let (idx, max) = &self.fences[usize::from(*ch == b'~')];
                let k = idx.partition_point(|j| *j <= i);
                max.get(k).is_some_and(|m| m >= len)
            }
            Env::Begin(name) => self.last_end.get(name).is_some_and(|j| *j > i),
            Env::Math => self.last_math.is_some_and(|j| j > i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str) -> Vec<u32> {
        segment(text).blocks.iter().map(|b| b.lines[0].no).collect()
    }

    #[test]
    fn bullets_and_headings_start_blocks() {
        let s = block_start("  - ### TODO x").unwrap();
        assert_eq!((s.indent, s.bullet, s.heading), (2, true, Some(3)));
        assert_eq!(&"  - ### TODO x"[s.rest..], "TODO x");
        let s = block_start("\t# What").unwrap();
        assert_eq!((s.indent, s.bullet, s.heading), (1, false, Some(1)));
        assert_eq!(block_start("-").map(|s| s.rest), Some(1));
        assert_eq!(block_start("- ####### x").unwrap().heading, None);
    }

    #[test]
    fn not_block_starts() {
        for l in [
            "-foo",
            "---",
            "#tag",
            "#+BEGIN_QUERY",
            "1. x",
            "* x",
            "text - y",
        ] {
            assert_eq!(block_start(l), None, "{l}");
        }
    }

    #[test]
    fn fences_hide_bullets() {
        let t = "- a\n  ```\n  - not a block\n  # nor this\n  ```\n- b\n";
        assert_eq!(starts(t), vec![1, 6]);
        let seg = segment(t);
        let v: Vec<bool> = seg.blocks[0].lines.iter().map(|l| l.verbatim).collect();
        assert_eq!(v, vec![false, true, true, true, true]);
    }

    #[test]
    fn fence_opened_on_bullet_line() {
        let t = "\t- ```jsx\n\t  ``{ !\n\t  - x\n\t  ```\n- b";
        assert_eq!(starts(t), vec![1, 5]);
        assert!(segment(t).blocks[0].lines[0].verbatim);
    }

    #[test]
    fn tilde_fence_needs_long_enough_closer() {
        let t = "- a\n  ~~~~\n  ~~~\n  - in\n  ~~~~\n- b";
        assert_eq!(starts(t), vec![1, 6]);
    }

    #[test]
    fn begin_end_and_math_hide_bullets() {
        let t = "#+BEGIN_QUERY\n- x\n#+END_QUERY\n- a\n  $$\n  - y\n  $$\n- b";
        let seg = segment(t);
        assert_eq!(seg.pre.len(), 3);
        assert_eq!(starts(t), vec![4, 8]);
        let t = "- #+begin_tip\n  - x\n  #+END_TIP\n- b";
        assert_eq!(starts(t), vec![1, 4]);
    }

    #[test]
    fn unclosed_opener_is_ordinary() {
        assert_eq!(starts("- a\n  ```\n- b\n- c"), vec![1, 3, 4]);
        assert_eq!(starts("- #+BEGIN_QUERY\n- b"), vec![1, 2]);
        assert_eq!(starts("- $$\n- b"), vec![1, 2]);
        assert_eq!(starts("- ($$$$$)?\n- b"), vec![1, 2]);
        assert_eq!(starts("- ```a```\n- b\n```"), vec![1, 2]);
    }

    #[test]
    fn final_newline_does_not_add_a_line() {
        let seg = segment("- a\n\n");
        assert_eq!(seg.blocks[0].lines.len(), 2);
    }
}
