//! Stage 2, **blocks**: decoded text → the ordered blocks of the page.
//!
//! Input: a [`Document`]. Output: [`Blocks`]. Plain text is cut into lines,
//! re-joining lines that a text dump hard-wrapped (w3m, e-mail); HTML goes
//! through a real parser (html5ever, via scraper) and each block-level
//! element becomes a block carrying its DOM features (tag, link density,
//! class/id cues, landmark ancestors) for the body stage.

use crate::read::{Document, Kind};
use ego_tree::iter::Edge;
use html5ever::ParseOpts;
use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use scraper::{Html, HtmlTreeSink, Node};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The blocks of one document, in reading order.
#[derive(Debug, Clone, Default)]
pub struct Blocks {
    pub blocks: Vec<Block>,
    /// Metadata found in HTML `<head>`: `<title>`, `og:title`, author, date.
    pub meta: Meta,
    /// The block-level elements of an HTML page, indexed by [`HtmlFeatures::path`].
    pub nodes: Vec<NodeInfo>,
}

/// One block-level element of an HTML page: what the body stage needs to
/// score it as the article's container.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NodeInfo {
    pub tag: String,
    /// Lowercase class, id, role and itemprop values.
    pub cues: String,
}

/// Page metadata from HTML.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: Option<String>,
    pub og_title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
}

/// One paragraph, line, heading or list item.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub text: String,
    pub kind: BlockKind,
    /// A blank line (text) or a new element (HTML) comes before it.
    pub para_start: bool,
    /// DOM features, for HTML input.
    pub html: Option<HtmlFeatures>,
}

/// The structural role a block had in its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A line or paragraph of plain text.
    Line,
    Paragraph,
    Heading(u8),
    ListItem,
    Quote,
    Caption,
    Cell,
    Preformatted,
    /// Text directly inside a `<div>`, `<section>` or another container.
    Container,
}

/// What the DOM says about a block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HtmlFeatures {
    /// The block element's tag name.
    pub tag: String,
    /// Characters of the text that sit inside links.
    pub link_chars: usize,
    /// Lowercase class and id values of the element and its nearest ancestors.
    pub cues: String,
    /// Landmark ancestors.
    pub in_nav: bool,
    pub in_header: bool,
    pub in_footer: bool,
    pub in_aside: bool,
    pub in_form: bool,
    pub in_article: bool,
    pub in_main: bool,
    /// Depth in the DOM.
    pub depth: usize,
    /// The block-level elements from `<html>` down to the block's own, as indices into [`Blocks::nodes`].
    pub path: Vec<u32>,
}

impl Block {
    /// Share of the text inside links (0 for plain text).
    pub fn link_density(&self) -> f64 {
        match &self.html {
            // (Most blocks have no link: no need to count their characters.)
            Some(h) if h.link_chars > 0 => {
                h.link_chars as f64 / self.text.chars().filter(|c| !c.is_whitespace()).count().max(1) as f64
            }
            Some(_) => 0.0,
            None => 0.0,
        }
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading(_))
    }
}

/// Cuts a document into blocks.
pub fn blocks(doc: &Document) -> Blocks {
    match doc.kind {
        Kind::Text => Blocks { blocks: text_blocks(&doc.text), ..Blocks::default() },
        Kind::Html => html_blocks(&doc.text),
    }
}

// ---------------------------------------------------------------- plain text

fn text_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let width = wrap_width(&lines);
    let mut out: Vec<TextBlock> = Vec::new();
    let mut para_start = true;
    let mut joinable = false;
    for line in &lines {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            para_start = true;
            joinable = false;
            continue;
        }
        // A hard-wrapped line ends where the next word would not have fit.
        let first_word = trimmed.split_whitespace().next().map_or(0, |w| w.chars().count());
        let continues = joinable
            && !para_start
            && !starts_with_bullet(trimmed)
            && width.is_some_and(|w| out.last().is_some_and(|b| b.last_line_len + 1 + first_word > w));
        if continues {
            let last = out.last_mut().expect("continues implies a previous block");
            last.block.text.push(' ');
            last.block.text.push_str(trimmed);
            last.last_line_len = line.chars().count();
        } else {
            out.push(TextBlock {
                block: Block { text: trimmed.to_string(), kind: BlockKind::Line, para_start, html: None },
                last_line_len: line.chars().count(),
            });
        }
        para_start = false;
        joinable = true;
    }
    out.into_iter().map(|t| t.block).collect()
}

struct TextBlock {
    block: Block,
    last_line_len: usize,
}

/// The column width of a hard-wrapped text, if it is one: many lines end
/// within a few columns of the longest one, and that one is terminal-sized.
fn wrap_width(lines: &[&str]) -> Option<usize> {
    let lens: Vec<usize> = lines.iter().map(|l| l.chars().count()).filter(|&n| n > 0).collect();
    let max = *lens.iter().max()?;
    if !(40..=120).contains(&max) {
        return None;
    }
    let near = lens.iter().filter(|&&n| n + 12 >= max).count();
    (near >= 5 && near * 5 >= lens.len()).then_some(max)
}

pub(crate) fn starts_with_bullet(line: &str) -> bool {
    line.starts_with(['•', '*', '-', '·', '–', '—', '■', '►', '▶', '○', '◦'])
}

// ---------------------------------------------------------------------- HTML

/// Elements whose content is never text of the page.
const SKIPPED: [&str; 11] =
    ["script", "style", "template", "svg", "math", "iframe", "object", "canvas", "head", "select", "button"];

/// Elements that start and end a block.
fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "address"
            | "details"
            | "summary"
            | "hr"
            | "body"
            | "html"
            | "center"
            | "caption"
            | "tbody"
            | "thead"
            | "tfoot"
            | "menu"
            | "legend"
            | "option"
    )
}

fn block_kind(tag: &str) -> BlockKind {
    match tag {
        "p" => BlockKind::Paragraph,
        "h1" => BlockKind::Heading(1),
        "h2" => BlockKind::Heading(2),
        "h3" => BlockKind::Heading(3),
        "h4" => BlockKind::Heading(4),
        "h5" => BlockKind::Heading(5),
        "h6" => BlockKind::Heading(6),
        "li" | "dt" | "dd" => BlockKind::ListItem,
        "blockquote" => BlockKind::Quote,
        "figcaption" | "caption" => BlockKind::Caption,
        "td" | "th" => BlockKind::Cell,
        "pre" => BlockKind::Preformatted,
        _ => BlockKind::Container,
    }
}

struct Frame<'a> {
    /// The element's name, borrowed from the parsed page (no copy per element).
    tag: &'a str,
    cues: String,
    is_block: bool,
    /// Index in `Builder::nodes`, for block-level elements.
    node: Option<u32>,
}

/// Characters that take no room on the page: soft hyphen, zero-width space, word joiner, BOM.
const INVISIBLE: [char; 4] = ['\u{ad}', '\u{200b}', '\u{2060}', '\u{feff}'];

#[derive(Default)]
struct Builder<'a> {
    stack: Vec<Frame<'a>>,
    buf: String,
    link_chars: usize,
    link_depth: usize,
    skip_depth: usize,
    out: Vec<Block>,
    nodes: Vec<NodeInfo>,
}

impl Builder<'_> {
    fn push_text(&mut self, text: &str) {
        // Soft hyphens and zero-width spaces are invisible: "réac\u{ad}tion" is one word.
        // Text is kept in NFC, as readers (and search) compare it.
        let cleaned;
        let text = if !text.is_ascii() && (text.contains(INVISIBLE) || is_nfc_quick(text.chars()) != IsNormalized::Yes)
        {
            cleaned = text.replace(INVISIBLE, "").nfc().collect::<String>();
            cleaned.as_str()
        } else {
            text
        };
        for (i, piece) in text.split(char::is_whitespace).enumerate() {
            if i > 0 && !self.buf.ends_with([' ', '\n']) {
                self.buf.push(' ');
            }
            if !piece.is_empty() {
                if self.link_depth > 0 {
                    self.link_chars += piece.chars().count();
                }
                self.buf.push_str(piece);
            }
        }
    }

    fn flush(&mut self) {
        if self.buf.trim().is_empty() {
            self.buf.clear();
            self.link_chars = 0;
            return;
        }
        let owner = self.stack.iter().rev().find(|f| f.is_block).map_or("body", |f| f.tag);
        let cues: Vec<&str> =
            self.stack.iter().rev().take(10).map(|f| f.cues.as_str()).filter(|c| !c.is_empty()).collect();
        let mut features = HtmlFeatures {
            tag: owner.to_string(),
            cues: cues.join(" "),
            depth: self.stack.len(),
            path: self.stack.iter().filter_map(|f| f.node).collect(),
            ..HtmlFeatures::default()
        };
        // Landmark ancestors, in one pass over the open elements.
        for f in &self.stack {
            match f.tag {
                "nav" => features.in_nav = true,
                "header" => features.in_header = true,
                "footer" => features.in_footer = true,
                "aside" => features.in_aside = true,
                "form" => features.in_form = true,
                "article" => features.in_article = true,
                "main" => features.in_main = true,
                _ => {}
            }
        }
        let kind = block_kind(owner);
        let pieces: Vec<String> = self.buf.split("\n\n").map(collapse_spaces).filter(|p| !p.is_empty()).collect();
        let total: usize = pieces.iter().map(|p| p.chars().filter(|c| !c.is_whitespace()).count()).sum();
        for (i, text) in pieces.into_iter().enumerate() {
            let chars = text.chars().filter(|c| !c.is_whitespace()).count();
            // Links are spread over the pieces in proportion to their length.
            let link_chars = self.link_chars * chars / total.max(1);
            let html = HtmlFeatures { link_chars, ..features.clone() };
            self.out.push(Block { text, kind, para_start: i == 0, html: Some(html) });
        }
        self.buf.clear();
        self.link_chars = 0;
    }
}

/// Deeper nesting than this is flattened before parsing: no page needs it,
/// and the HTML tree builder's scope checks make deep nesting quadratic.
const MAX_DEPTH: usize = 512;

/// Elements without an end tag.
const VOID: [&str; 13] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Whether `tag` (any case) is a void element.
fn is_void(tag: &str) -> bool {
    VOID.iter().any(|v| v.eq_ignore_ascii_case(tag))
}

/// Prepares a page for the parser in one linear pass: drops `<script>`,
/// `<style>`, `<svg>` and `<math>` elements whole (about half the bytes of a
/// news page, which the parser would otherwise tokenize only for us to skip:
/// they are in [`SKIPPED`]), and the tags (never
/// the text) that open deeper than `max`, with their end tags. A page with
/// neither is returned unchanged.
fn prepare_html(html: &str, max: usize) -> std::borrow::Cow<'_, str> {
    // Byte ranges to leave out, in order.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let (mut i, mut depth) = (0, 0usize);
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        if html[start..].starts_with("<!--") {
            i = html[start..].find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let Some(len) = html[start..].find('>') else { break };
        let end = start + len + 1;
        let inner = &html[start + 1..end - 1];
        let is_end = inner.starts_with('/');
        let name = inner.trim_start_matches('/');
        let name = &name[..name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len())];
        i = end;
        if name.is_empty() || is_void(name) || inner.ends_with('/') {
            continue;
        }
        if let Some(raw) =
            ["script", "style", "svg", "math"].into_iter().find(|raw| !is_end && name.eq_ignore_ascii_case(raw))
        {
            // The element whole, up to the end of its end tag (or of the page).
            let close = find_end_tag(&html[end..], raw).map(|e| end + e);
            i = close.and_then(|c| html[c..].find('>').map(|g| c + g + 1)).unwrap_or(html.len());
            cuts.push((start, i));
            continue;
        }
        // An end tag closes the element one level up.
        let level = if is_end { depth } else { depth + 1 };
        depth = if is_end { depth.saturating_sub(1) } else { depth + 1 };
        if level > max {
            cuts.push((start, end));
        }
    }
    if cuts.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (start, end) in cuts {
        out.push_str(&html[last..start]);
        last = end;
    }
    out.push_str(&html[last..]);
    std::borrow::Cow::Owned(out)
}

/// Where `</name` (any case) first occurs in `html`, without copying it.
fn find_end_tag(html: &str, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(off) = html[from..].find("</") {
        let at = from + off;
        let tag = bytes.get(at + 2..at + 2 + name.len())?;
        if tag.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// `text` with each run of whitespace made one space, and none at either end.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn html_blocks(source: &str) -> Blocks {
    let source = prepare_html(source, MAX_DEPTH);
    // Parsed as a browser without scripts would: a <noscript> fallback (where
    // some blog platforms put the whole post) is then elements, not raw text.
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts { scripting_enabled: false, ..TreeBuilderOpts::default() },
        ..ParseOpts::default()
    };
    let page = html5ever::parse_document(HtmlTreeSink::new(Html::new_document()), opts).one(source.as_ref());
    let mut meta = Meta::default();
    let mut b = Builder::default();
    let mut in_title = false;
    for edge in page.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let tag = el.name();
                    if tag == "title" {
                        in_title = true;
                    } else if tag == "meta" {
                        read_meta(el, &mut meta);
                    } else if tag == "time" && meta.date.is_none() {
                        meta.date = el.attr("datetime").map(str::to_string);
                    }
                    if b.skip_depth > 0 || SKIPPED.contains(&tag) {
                        b.skip_depth += 1;
                        continue;
                    }
                    let is_block = is_block_tag(tag);
                    if is_block {
                        b.flush();
                    }
                    match tag {
                        "a" => b.link_depth += 1,
                        "br" => b.buf.push('\n'),
                        "img" => {}
                        _ => {}
                    }
                    let mut cues = String::new();
                    // One pass over the attributes (in source order), not a search per name.
                    for (_, value) in
                        el.attrs().filter(|(name, _)| matches!(*name, "class" | "id" | "role" | "itemprop"))
                    {
                        if !cues.is_empty() {
                            cues.push(' ');
                        }
                        let from = cues.len();
                        cues.push_str(value);
                        cues[from..].make_ascii_lowercase();
                    }
                    let node = is_block.then(|| {
                        b.nodes.push(NodeInfo { tag: tag.to_string(), cues: cues.clone() });
                        u32::try_from(b.nodes.len() - 1).unwrap_or(u32::MAX)
                    });
                    b.stack.push(Frame { tag, cues, is_block, node });
                }
                Node::Text(text) => {
                    if in_title && meta.title.is_none() {
                        let t = collapse_spaces(text);
                        meta.title = (!t.is_empty()).then_some(t);
                    }
                    if b.skip_depth == 0 {
                        b.push_text(text);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let tag = el.name();
                    if tag == "title" {
                        in_title = false;
                    }
                    if b.skip_depth > 0 {
                        b.skip_depth -= 1;
                        continue;
                    }
                    if is_block_tag(tag) {
                        b.flush();
                    }
                    if tag == "a" {
                        b.link_depth = b.link_depth.saturating_sub(1);
                    }
                    b.stack.pop();
                }
            }
        }
    }
    b.flush();
    Blocks { blocks: b.out, meta, nodes: b.nodes }
}

fn read_meta(el: &scraper::node::Element, meta: &mut Meta) {
    let key = el.attr("property").or_else(|| el.attr("name")).unwrap_or("").to_ascii_lowercase();
    let Some(content) = el.attr("content").map(str::trim).filter(|c| !c.is_empty()) else { return };
    let slot = match key.as_str() {
        "og:title" | "twitter:title" => &mut meta.og_title,
        "author" | "article:author" | "dc.creator" | "sailthru.author" => &mut meta.author,
        "article:published_time" | "date" | "dc.date" | "pubdate" | "publish-date" | "og:published_time" => {
            &mut meta.date
        }
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(content.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Kind;

    fn doc(text: &str, kind: Kind) -> Document {
        Document { text: text.to_string(), kind, encoding: "UTF-8" }
    }

    fn texts(b: &Blocks) -> Vec<&str> {
        b.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn text_lines_table() {
        let cases: [(&str, &[&str]); 3] = [
            ("Titre\n\nLe premier paragraphe.\nUne ligne.\n", &["Titre", "Le premier paragraphe.", "Une ligne."]),
            ("The title\n\n\n\nThe body.  \n", &["The title", "The body."]),
            ("  indented line\n\tand a tab\n", &["indented line", "and a tab"]),
        ];
        for (input, want) in cases {
            assert_eq!(texts(&blocks(&doc(input, Kind::Text))), want, "{input:?}");
        }
    }

    #[test]
    fn rejoins_hard_wrapped_text() {
        let para = "Le conseil municipal a voté mardi soir le budget de la ville après un long débat \
                    sur les transports publics, les écoles et la rénovation des quartiers anciens du centre. \
                    Les élus de l'opposition ont dénoncé un calendrier précipité et une concertation \
                    insuffisante avec les habitants, tandis que la maire a défendu une décision nécessaire.";
        let mut wrapped = String::new();
        let mut line = String::new();
        for word in para.split(' ') {
            if !line.is_empty() && line.len() + 1 + word.len() > 60 {
                wrapped.push_str(&line);
                wrapped.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        wrapped.push_str(&line);
        let text = format!("Menu\n\n{wrapped}\n\n{wrapped}\n");
        let b = blocks(&doc(&text, Kind::Text));
        assert_eq!(texts(&b), ["Menu", para, para]);
    }

    #[test]
    fn html_blocks_and_features() {
        let page = "<html><head><title>Vote du budget | Le Journal</title>\
            <meta property=\"og:title\" content=\"Vote du budget\"></head><body>\
            <nav><a href=/>Accueil</a></nav><article><h1>Vote du budget</h1>\
            <p>Le conseil a vot&eacute; <b>mardi</b> le budget.</p><div class=\"ad\">Publicité</div>\
            <p>Première ligne<br><br>Deuxième ligne</p></article><script>var x = 1;</script></body></html>";
        let b = blocks(&doc(page, Kind::Html));
        assert_eq!(
            texts(&b),
            [
                "Accueil",
                "Vote du budget",
                "Le conseil a voté mardi le budget.",
                "Publicité",
                "Première ligne",
                "Deuxième ligne"
            ]
        );
        assert_eq!(b.meta.title.as_deref(), Some("Vote du budget | Le Journal"));
        assert_eq!(b.meta.og_title.as_deref(), Some("Vote du budget"));
        assert!(b.blocks[0].html.as_ref().unwrap().in_nav);
        assert_eq!(b.blocks[0].link_density(), 1.0);
        assert_eq!(b.blocks[1].kind, BlockKind::Heading(1));
        assert!(b.blocks[2].html.as_ref().unwrap().in_article);
        assert!(b.blocks[3].html.as_ref().unwrap().cues.contains("ad"));
    }

    #[test]
    fn depth_is_limited_without_losing_text() {
        let page = format!("<body>{}<p>Deep <b>text</b>.</p>{}</body>", "<div>".repeat(10), "</div>".repeat(10));
        assert_eq!(prepare_html(&page, 64), page.as_str());
        let flat = prepare_html(&page, 4);
        // body, then three divs: deeper tags go, their text stays.
        assert_eq!(flat, format!("<body>{}Deep text.{}</body>", "<div>".repeat(3), "</div>".repeat(3)));
        // Scripts and styles go whole, whatever their case or content; comments and text stay.
        let page =
            "<p>A<SCRIPT type=x>if (a<b) {}</script >B<style>p{}</STYLE>C<!-- <script> --></p><script>never closed";
        assert_eq!(prepare_html(page, 64), "<p>ABC<!-- <script> --></p>");
    }

    #[test]
    fn invisible_characters_and_nfc_table() {
        // Soft hyphen, zero-width space; a decomposed "é" (e + combining acute) comes out composed.
        let cases = [
            ("<p>R\u{e9}ac\u{ad}tion du con\u{200b}seil.</p>", "R\u{e9}action du conseil."),
            ("<p>The commit\u{ad}tee met.</p>", "The committee met."),
            ("<p>Le de\u{301}bat.</p>", "Le d\u{e9}bat."),
        ];
        for (page, want) in cases {
            assert_eq!(texts(&blocks(&doc(page, Kind::Html))), [want], "{page:?}");
        }
    }

    #[test]
    fn noscript_fallback_is_text() {
        let cases = [
            ("<body><noscript><p>Le billet complet.</p></noscript></body>", "Le billet complet."),
            ("<body><noscript><div><p>The whole post.</p></div></noscript></body>", "The whole post."),
        ];
        for (page, want) in cases {
            assert_eq!(texts(&blocks(&doc(page, Kind::Html))), [want], "{page:?}");
        }
    }

    #[test]
    fn end_tag_search_table() {
        let cases = [
            ("<script>var a = 1;</script><p>x</p>", 8, "script", 18),
            ("<SCRIPT>x</Script>", 8, "script", 9),
            ("<style>a{}</p></style>", 7, "style", 14),
            ("<script>never closed", 8, "script", 20),
            ("<script>é</scr", 8, "script", 15),
        ];
        for (html, from, name, want) in cases {
            let at = find_end_tag(&html[from..], name).map_or(html.len(), |e| from + e);
            assert_eq!(at, want, "{html:?}");
        }
    }

    #[test]
    fn deep_html_does_not_overflow() {
        let depth = 100_000;
        let page = format!("{}<p>Deep text.</p>{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let b = blocks(&doc(&page, Kind::Html));
        assert_eq!(texts(&b), ["Deep text."]);
    }
}
