//! Rewrites of comrak's syntax tree between parsing and formatting. Takes a parsed document, the
//! slots of the current call and the link policy; gives the same tree with: indented code blocks
//! turned back into text (mldoc has none, LOGSEQ.md §3.4), fenced code highlighted into slots,
//! tokens inside code, URLs and alt text restored to their source text, link and image
//! destinations resolved (assets, old-site links) and checked (only `http:`, `https:`, `mailto:`
//! and relative URLs; others become plain text), images made into slots (`loading="lazy"`), and
//! paragraphs split around block-level slots so no `<div>` lands inside a `<p>`. It walks the tree
//! with iterators only (no recursion on input depth) and leaves the tree valid for comrak's
//! formatter.

use super::highlight;
use super::slots::{tokens, Slots};
use super::{Dest, LinkTargets};
use comrak::nodes::{AstNode, NodeValue};
use comrak::{parse_document, Arena, Options};
use std::borrow::Cow;

type Node<'a> = &'a AstNode<'a>;

/// Replace every indented code block by what its lines say as ordinary text. The lines are
/// trimmed, so the re-parse cannot make another indented code block.
pub fn unindent_code<'a>(arena: &'a Arena<'a>, root: Node<'a>, options: &Options) {
    let blocks: Vec<Node<'a>> = root
        .descendants()
        .filter(|n| matches!(&n.data().value, NodeValue::CodeBlock(c) if !c.fenced))
        .collect();
    for node in blocks {
        let literal = match &node.data().value {
            NodeValue::CodeBlock(c) => c.literal.clone(),
            _ => continue,
        };
        let text: Vec<&str> = literal.lines().map(str::trim_start).collect();
        let doc = parse_document(arena, &text.join("\n"), options);
        let children: Vec<Node<'a>> = doc.children().collect();
        for child in children {
            node.insert_before(child);
        }
        node.detach();
    }
}

/// Code, links and images (see the module comment).
pub fn rewrite<'a>(
    arena: &'a Arena<'a>,
    root: Node<'a>,
    slots: &Slots<'_>,
    links: &dyn LinkTargets,
) {
    let nodes: Vec<Node<'a>> = root.descendants().collect();
    for node in nodes {
        let kind = match &node.data().value {
            NodeValue::CodeBlock(c) if c.fenced => Kind::Fence,
            NodeValue::Code(_) => Kind::CodeSpan,
            NodeValue::Link(_) => Kind::Link,
            NodeValue::Image(_) => Kind::Image,
            _ => continue,
        };
        match kind {
            Kind::Fence => fence(arena, node, slots),
            Kind::CodeSpan => {
                if let NodeValue::Code(code) = &mut node.data_mut().value {
                    code.literal = slots.restore_raw(&code.literal).into_owned();
                }
            }
            Kind::Link => link(arena, node, slots, links),
            Kind::Image => image(arena, node, slots, links),
        }
    }
}

enum Kind {
    Fence,
    CodeSpan,
    Link,
    Image,
}

/// A fenced code block becomes a block slot holding its highlighted HTML.
fn fence<'a>(arena: &'a Arena<'a>, node: Node<'a>, slots: &Slots<'_>) {
    let html = match &node.data().value {
        NodeValue::CodeBlock(c) => {
            highlight::code_block(&slots.restore_raw(&c.info), &slots.restore_raw(&c.literal))
        }
        _ => return,
    };
    let para = arena.alloc(AstNode::from(NodeValue::Paragraph));
    para.append(text_node(arena, slots.ready(html, "", true)));
    node.insert_before(para);
    node.detach();
}

fn link<'a>(arena: &'a Arena<'a>, node: Node<'a>, slots: &Slots<'_>, links: &dyn LinkTargets) {
    let url = match &mut node.data_mut().value {
        NodeValue::Link(nl) => {
            nl.title = slots.restore_raw(&nl.title).into_owned();
            slots.restore_raw(&nl.url).into_owned()
        }
        _ => return,
    };
    match links.link(&url) {
        Dest::Url(url) if url_is_safe(&url) && host_is_valid(&url) => {
            if let NodeValue::Link(nl) = &mut node.data_mut().value {
                nl.url = url;
            }
        }
        Dest::Url(_) => unwrap(node),
        Dest::Missing(name) => {
            let text = slots.restore_raw(&node.collect_text()).into_owned();
            replace_with_slot(arena, node, slots, missing_asset(&name, &text));
        }
    }
}

fn image<'a>(arena: &'a Arena<'a>, node: Node<'a>, slots: &Slots<'_>, links: &dyn LinkTargets) {
    let (url, title) = match &node.data().value {
        NodeValue::Image(nl) => (
            slots.restore_raw(&nl.url).into_owned(),
            slots.restore_raw(&nl.title).into_owned(),
        ),
        _ => return,
    };
    let alt = slots.restore_raw(&node.collect_text()).into_owned();
    let html = match links.image(&url) {
        Dest::Url(url) if url_is_safe(&url) && host_is_valid(&url) => img_html(&url, &alt, &title),
        Dest::Url(_) => highlight::escape(&alt),
        Dest::Missing(name) => missing_asset(&name, &alt),
    };
    replace_with_slot(arena, node, slots, html);
}

/// `<img>` with lazy loading (LOGSEQ.md §5.8); the URL is percent-encoded where needed.
fn img_html(url: &str, alt: &str, title: &str) -> String {
    let mut html = String::from("<img src=\"");
    // Writing into a String cannot fail.
    let _ = comrak::html::escape_href(&mut html, url, false);
    html.push_str(&format!("\" alt=\"{}\"", highlight::escape(alt)));
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", highlight::escape(title)));
    }
    html.push_str(" loading=\"lazy\" decoding=\"async\">");
    html
}

/// What stands for an asset that is not in the graph (LOGSEQ.md §5.8).
fn missing_asset(name: &str, text: &str) -> String {
    let shown = if text.trim().is_empty() { name } else { text };
    format!(
        "<span class=\"asset-missing\" title=\"missing asset: {}\">{}</span>",
        highlight::escape(name),
        highlight::escape(shown)
    )
}

/// Whether a link or image URL may be published: relative, or `http:`, `https:`, `mailto:`
/// (RELIABILITY.md case 6). Tabs and newlines are ignored as browsers ignore them.
pub fn url_is_safe(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => {
            matches!(
                cleaned[..i].to_ascii_lowercase().as_str(),
                "http" | "https" | "mailto"
            )
        }
        _ => true,
    }
}

/// Whether an `http(s)` URL names a host a browser can reach: a space in the host
/// (`https://www.Space X.com/`, LOGSEQ.md §11.23) makes every browser reject the URL, and the
/// sanitizer would drop the `href`; such a link is shown as its text. Spaces elsewhere in a URL are
/// fine: they are percent-encoded when written.
fn host_is_valid(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let Some(after) = ["http://", "https://"]
        .iter()
        .find(|p| lower.starts_with(**p))
        .map(|p| &url[p.len()..])
    else {
        return true;
    };
    let host = after.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && !host.chars().any(char::is_whitespace)
}

/// Move a node's children in front of it and remove it (a link shown as its text).
fn unwrap(node: Node<'_>) {
    let children: Vec<_> = node.children().collect();
    for child in children {
        node.insert_before(child);
    }
    node.detach();
}

fn replace_with_slot<'a>(arena: &'a Arena<'a>, node: Node<'a>, slots: &Slots<'_>, html: String) {
    let raw = node.collect_text();
    node.insert_before(text_node(arena, slots.ready(html, &raw, false)));
    node.detach();
}

fn text_node<'a>(arena: &'a Arena<'a>, text: String) -> Node<'a> {
    arena.alloc(AstNode::from(NodeValue::Text(Cow::Owned(text))))
}

/// Whether the document holds raw HTML (which then needs the sanitizer).
pub fn has_raw_html(root: Node<'_>) -> bool {
    root.descendants().any(|n| {
        matches!(
            n.data().value,
            NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_)
        )
    })
}

/// Turn every raw HTML node into text (shown escaped).
pub fn raw_html_to_text<'a>(arena: &'a Arena<'a>, root: Node<'a>) {
    let nodes: Vec<Node<'a>> = root.descendants().collect();
    for node in nodes {
        let (literal, block) = match &node.data().value {
            NodeValue::HtmlBlock(h) => (h.literal.clone(), true),
            NodeValue::HtmlInline(h) => (h.clone(), false),
            _ => continue,
        };
        let text = text_node(arena, literal);
        if block {
            let para = arena.alloc(AstNode::from(NodeValue::Paragraph));
            para.append(text);
            node.insert_before(para);
        } else {
            node.insert_before(text);
        }
        node.detach();
    }
}

/// Split every paragraph that holds a block-level slot token directly, so that the token stands
/// alone in its own paragraph (which `Slots::substitute` then replaces).
pub fn split_paragraphs<'a>(arena: &'a Arena<'a>, root: Node<'a>, slots: &Slots<'_>) {
    let paras: Vec<Node<'a>> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        .collect();
    for para in paras {
        if para.children().any(|c| block_token_in(c, slots)) {
            split(arena, para, slots);
        }
    }
}

fn block_token_in(node: Node<'_>, slots: &Slots<'_>) -> bool {
    match &node.data().value {
        NodeValue::Text(t) => tokens(t).iter().any(|(_, i)| slots.is_block(*i)),
        _ => false,
    }
}

fn split<'a>(arena: &'a Arena<'a>, para: Node<'a>, slots: &Slots<'_>) {
    let mut parts = vec![new_paragraph(arena, para)];
    let children: Vec<Node<'a>> = para.children().collect();
    for child in children {
        let text = match &child.data().value {
            NodeValue::Text(t) if block_token_in(child, slots) => t.to_string(),
            _ => String::new(),
        };
        let current = parts[parts.len() - 1];
        if text.is_empty() {
            current.append(child);
            continue;
        }
        child.detach();
        let mut last = 0;
        for (range, _) in tokens(&text)
            .into_iter()
            .filter(|(_, i)| slots.is_block(*i))
        {
            let current = parts[parts.len() - 1];
            current.append(text_node(arena, text[last..range.start].to_string()));
            let alone = new_paragraph(arena, para);
            alone.append(text_node(arena, text[range.clone()].to_string()));
            parts.push(new_paragraph(arena, para));
            last = range.end;
        }
        parts[parts.len() - 1].append(text_node(arena, text[last..].to_string()));
    }
    para.detach();
    for part in parts {
        tidy(part);
    }
}

/// A new empty paragraph placed just before `before`.
fn new_paragraph<'a>(arena: &'a Arena<'a>, before: Node<'a>) -> Node<'a> {
    let p = arena.alloc(AstNode::from(NodeValue::Paragraph));
    before.insert_before(p);
    p
}

/// Drop line breaks and white space at both ends of a split paragraph; drop it if nothing is left.
fn tidy(para: Node<'_>) {
    while let Some(first) = para.first_child() {
        if !trim_edge(first, true) {
            break;
        }
    }
    while let Some(last) = para.last_child() {
        if !trim_edge(last, false) {
            break;
        }
    }
    if para.first_child().is_none() {
        para.detach();
    }
}

/// Trim one edge node; true when it was removed entirely.
fn trim_edge(node: Node<'_>, start: bool) -> bool {
    let mut data = node.data_mut();
    let empty = match &mut data.value {
        NodeValue::SoftBreak | NodeValue::LineBreak => true,
        NodeValue::Text(t) => {
            let trimmed = if start { t.trim_start() } else { t.trim_end() };
            *t = Cow::Owned(trimmed.to_string());
            t.is_empty()
        }
        _ => false,
    };
    drop(data);
    if empty {
        node.detach();
    }
    empty
}

#[cfg(test)]
mod tests {
    use super::url_is_safe;

    #[test]
    fn url_safety() {
        for ok in [
            "https://e.com/a b",
            "http://x",
            "mailto:a@b.c",
            "/_assets/x.png",
            "../x",
            "#frag",
            "page?a=b:c",
            "a/b:c",
        ] {
            assert!(url_is_safe(ok), "{ok}");
        }
        assert!(super::host_is_valid("https://e.com/a b") && super::host_is_valid("/x y"));
        assert!(
            !super::host_is_valid("https://www.Space X.com/") && !super::host_is_valid("http:///x")
        );
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,x",
            "file:///S:/x",
            "data:image/png;base64,AA",
        ] {
            assert!(!url_is_safe(bad), "{bad}");
        }
    }
}
