//! Patching a built graph with a file parsed again after an edit of its text only.
//!
//! While an author types, most saves change the words of a block and nothing the index is
//! made of: no link, tag, property, block id, marker, outline shape, line number or parse
//! problem. For such an edit the graph built from scratch would be the one already built with
//! the file's parsed page swapped in, so `innsite serve` swaps it in ([`Graph::patch_text`])
//! instead of indexing every page again. Everything else falls back to a full indexing.

use super::{Graph, PageId, PageKind};
use crate::model::{Block, ParsedPage};

impl Graph {
    /// The page made from exactly the one file `rel` (not merged with a duplicate).
    pub fn page_of_file(&self, rel: &str) -> Option<PageId> {
        self.pages
            .iter()
            .position(|p| p.source.is_some() && p.files.len() == 1 && p.files[0] == rel)
    }

    /// Swap in `fresh`, the new parse of the file page `id` was made from, when the edit
    /// changed only text (`before` is that file's previous parse, as the parser gave it):
    /// gives the page's previous source back, or `None` (graph untouched) when the edit
    /// changed anything the index depends on.
    pub fn patch_text(
        &mut self,
        id: PageId,
        before: &ParsedPage,
        mut fresh: ParsedPage,
    ) -> Option<ParsedPage> {
        let page = &self.pages[id];
        if page.kind != PageKind::File || !same_but_text(before, &fresh) {
            return None;
        }
        let slot = page.source?;
        // What indexing does to a source: the name journal naming gave it, and its parse
        // problems moved to the graph's diagnostics (they are the same as before).
        fresh.name.clone_from(&self.sources[slot].name);
        fresh.diagnostics.clear();
        Some(std::mem::replace(&mut self.sources[slot], fresh))
    }
}

/// `a` and `b` differ at most in the wording of their blocks: every block keeps its place,
/// line, outline, heading, marker, properties, id, references and whether it is blank, and
/// the page keeps its name, properties and parse problems.
pub fn same_but_text(a: &ParsedPage, b: &ParsedPage) -> bool {
    a.file == b.file
        && a.kind == b.kind
        && a.name == b.name
        && a.blank == b.blank
        && a.properties == b.properties
        && a.roots == b.roots
        && a.diagnostics == b.diagnostics
        && a.blocks.len() == b.blocks.len()
        && a.blocks
            .iter()
            .zip(&b.blocks)
            .all(|(x, y)| same_shape(x, y))
}

fn same_shape(a: &Block, b: &Block) -> bool {
    a.line == b.line
        && a.parent == b.parent
        && a.children == b.children
        && a.heading == b.heading
        && a.marker == b.marker
        && a.properties == b.properties
        && a.uuid == b.uuid
        && a.collapsed == b.collapsed
        && a.pre_block == b.pre_block
        && a.refs == b.refs
        && a.content.trim().is_empty() == b.content.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{build, GraphOptions};

    use crate::parse::parse_markdown as parse;

    fn graph(pages: &[(&str, &str)]) -> Graph {
        let parsed = pages.iter().map(|(r, t)| parse(r, t)).collect();
        let options = GraphOptions {
            all_pages_public: true,
            ..GraphOptions::default()
        };
        build(parsed, vec![], &options)
    }

    const BEFORE: &str = "tags:: idea\n\n- first [[B]] point\n- ## heading\n  - child\n";

    #[test]
    fn a_wording_change_is_patched_in_and_gives_the_graph_a_new_build_gives() {
        let after = "tags:: idea\n\n- first [[B]] claim\n- ## heading, renamed\n  - kid\n";
        let mut g = graph(&[("pages/a.md", BEFORE), ("pages/b.md", "- b\n")]);
        let id = g.page_of_file("pages/a.md").unwrap();
        let old = g
            .patch_text(id, &parse("pages/a.md", BEFORE), parse("pages/a.md", after))
            .expect("a text edit is patched");
        assert!(old.blocks.iter().any(|b| b.content.contains("point")));
        let fresh = graph(&[("pages/a.md", after), ("pages/b.md", "- b\n")]);
        assert_eq!(crate::graph::dump(&g), crate::graph::dump(&fresh));
    }

    #[test]
    fn edits_the_index_depends_on_are_not_patched() {
        let edits = [
            "tags:: idea\n\n- first [[C]] point\n- ## heading\n  - child\n",
            "tags:: other\n\n- first [[B]] point\n- ## heading\n  - child\n",
            "tags:: idea\n\n- first [[B]] point\n- ### heading\n  - child\n",
            "tags:: idea\n\n- first [[B]] point\n- ## heading\n- child\n",
            "tags:: idea\n\n- first [[B]]\n  point\n- ## heading\n  - child\n",
            "tags:: idea\n\n- TODO first [[B]] point\n- ## heading\n  - child\n",
            "tags:: idea\n\n- first [[B]] point\n  id:: 6500f3d4-0000-4000-8000-000000000001\n- ## heading\n  - child\n",
            "tags:: idea\n\n- first [[B]] point\n- ## heading\n  - \n",
        ];
        for after in edits {
            let mut g = graph(&[("pages/a.md", BEFORE), ("pages/b.md", "- b\n")]);
            let id = g.page_of_file("pages/a.md").unwrap();
            let before = parse("pages/a.md", BEFORE);
            assert!(
                g.patch_text(id, &before, parse("pages/a.md", after))
                    .is_none(),
                "patched: {after:?}"
            );
        }
    }

    #[test]
    fn a_page_of_two_files_has_no_single_file() {
        let g = graph(&[("pages/a.md", "- one\n"), ("pages/ns/a.md", "- two\n")]);
        assert_eq!(g.pages[g.by_key["a"]].files.len(), 2);
        assert_eq!(g.page_of_file("pages/a.md"), None);
    }
}
