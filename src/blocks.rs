//! Stage 2, **blocks**: decoded text → the ordered blocks of the page.
//!
//! Input: a [`Document`]. Output: [`Blocks`]. Plain text is cut into lines,
//! re-joining lines that a text dump hard-wrapped (w3m, e-mail); HTML goes
//! through the HTML standard's tokenizer (our own, tested against lol_html)
//! and tree construction for what changes blocks (implied end tags, scopes, tables,
//! active formatting elements), and each block-level element becomes a block
//! carrying its DOM features (tag, link density, class/id cues, landmark
//! ancestors) for the body stage.

use crate::read::{Document, Kind};
use std::borrow::Cow;
use std::sync::Arc;

mod html;

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
    /// (A known tag's name is not copied: most elements have one.)
    pub tag: Cow<'static, str>,
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
    /// The text of each JSON-LD script (schema.org data: `datePublished`, `author`…), as written.
    pub json_ld: Vec<String>,
}

impl Meta {
    /// The title the head gives: `og:title`, else the `<title>` without its
    /// " | Site" or " - Site" suffix.
    pub fn head_title(&self) -> Option<String> {
        if let Some(og) = &self.og_title {
            return Some(og.clone());
        }
        let t = self.title.as_deref()?;
        let cut = [" | ", " - ", " – ", " — "].iter().filter_map(|sep| t.rfind(sep)).max();
        Some(match cut {
            Some(at) if at > 10 => t[..at].trim().to_string(),
            _ => t.trim().to_string(),
        })
    }
}

/// One paragraph, line, heading or list item.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub text: String,
    pub kind: BlockKind,
    /// A blank line (text) or a new element (HTML) comes before it.
    pub para_start: bool,
    /// DOM features, for HTML input (boxed: a plain-text block then costs
    /// 40 bytes where it cost 150, a third of a large text's peak memory).
    pub html: Option<Box<HtmlFeatures>>,
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
    pub tag: Cow<'static, str>,
    /// Characters of the text that sit inside links.
    pub link_chars: usize,
    /// Lowercase class and id values of the element and its nearest ancestors
    /// (shared: the blocks of one element, and its children without cues of
    /// their own, most often have the same).
    pub cues: Arc<str>,
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
    /// The block-level elements from `<html>` down to the block's own, as
    /// indices into [`Blocks::nodes`] (shared, as `cues` are, by the blocks that have the same).
    pub path: Arc<[u32]>,
}

impl Block {
    /// Share of the text inside links (0 for plain text).
    pub fn link_density(&self) -> f64 {
        match &self.html {
            // (Most blocks have no link: no need to count their characters.)
            Some(h) if h.link_chars > 0 => h.link_chars as f64 / non_space_chars(&self.text).max(1) as f64,
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
        Kind::Html => html::html_blocks(&doc.text),
    }
}

/// `text.chars().filter(|c| !c.is_whitespace()).count()`, counted on the
/// bytes: the starts of characters that are no ASCII space, less the
/// non-ASCII spaces, whose first byte is one of four (C2, E1, E2, E3).
pub(crate) fn non_space_chars(text: &str) -> usize {
    let bytes = text.as_bytes();
    // (Summed in bytes, 255 at a time: the compiler does it 32 bytes per instruction.)
    let starts: usize = bytes
        .chunks(255)
        .map(|chunk| {
            let counted = |b: u8| u8::from((b & 0xC0) != 0x80) & u8::from(b != b' ' && !(b'\t'..=b'\r').contains(&b));
            usize::from(chunk.iter().fold(0u8, |n, &b| n + counted(b)))
        })
        .sum();
    let wide_spaces = memchr::memchr2_iter(0xC2, 0xE2, bytes)
        .chain(memchr::memchr2_iter(0xE1, 0xE3, bytes))
        .filter(|&i| text.get(i..).and_then(|rest| rest.chars().next()).is_some_and(char::is_whitespace))
        .count();
    starts - wide_spaces
}

// ---------------------------------------------------------------- plain text

fn text_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = lines(text).map(str::trim_end).collect();
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
        // (Line lengths in characters matter only in a hard-wrapped text.)
        let first_word = || trimmed.split_whitespace().next().map_or(0, |w| w.chars().count());
        let continues = joinable
            && !para_start
            && !starts_with_bullet(trimmed)
            && width.is_some_and(|w| out.last().is_some_and(|b| b.last_line_len + 1 + first_word() > w));
        let last_line_len = if width.is_some() { line.chars().count() } else { 0 };
        if continues {
            let last = out.last_mut().expect("continues implies a previous block");
            last.block.text.push(' ');
            last.block.text.push_str(trimmed);
            last.last_line_len = last_line_len;
        } else {
            out.push(TextBlock {
                block: Block { text: trimmed.to_string(), kind: BlockKind::Line, para_start, html: None },
                last_line_len,
            });
        }
        para_start = false;
        joinable = true;
    }
    out.into_iter().map(|t| t.block).collect()
}

/// The lines of a text, split at each '\n' (the read stage ended every line
/// so) with memchr's vector search; the standard library's scans a word at a
/// time. A text ending in '\n' gives a last empty line, which `str::lines`
/// would not: blank, like the gaps between paragraphs, it changes nothing.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let line = rest?;
        match memchr::memchr(b'\n', line.as_bytes()) {
            Some(end) => {
                rest = Some(&line[end + 1..]);
                Some(&line[..end])
            }
            None => {
                rest = None;
                Some(line)
            }
        }
    })
}

struct TextBlock {
    block: Block,
    last_line_len: usize,
}

/// The column width of a hard-wrapped text, if it is one: many lines end
/// within a few columns of the longest one, and that one is terminal-sized.
fn wrap_width(lines: &[&str]) -> Option<usize> {
    const WIDEST: usize = 120;
    let mut lens = Vec::with_capacity(lines.len());
    for line in lines.iter().filter(|l| !l.is_empty()) {
        // One line wider than a terminal settles it; most paragraphs are.
        // (A character takes at most 4 bytes: such a line needs no counting.)
        if line.len() > 4 * WIDEST {
            return None;
        }
        let n = line.chars().count();
        if n > WIDEST {
            return None;
        }
        lens.push(n);
    }
    let max = *lens.iter().max()?;
    if max < 40 {
        return None;
    }
    let near = lens.iter().filter(|&&n| n + 12 >= max).count();
    (near >= 5 && near * 5 >= lens.len()).then_some(max)
}

pub(crate) fn starts_with_bullet(line: &str) -> bool {
    line.starts_with(['•', '*', '-', '·', '–', '—', '■', '►', '▶', '○', '◦'])
}

#[cfg(test)]
mod tests {
    use super::html::{find_end_tag, prepare_html};
    use super::*;
    use crate::read::Kind;

    fn doc(text: &str, kind: Kind) -> Document {
        Document { text: text.to_string(), kind, encoding: "UTF-8" }
    }

    fn texts(b: &Blocks) -> Vec<&str> {
        b.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn lines_are_str_lines_table() {
        // As `str::lines` on read's output ('\n' only), but for one last empty line.
        for text in ["", "Titre\n\nLe conseil a voté.\nLa suite.", "The vote.\n", "\n\nA\n\n\nB\n\n", "é\nà"] {
            let ours: Vec<&str> = lines(text).collect();
            let mut want: Vec<&str> = text.lines().collect();
            if text.is_empty() || text.ends_with('\n') {
                want.push("");
            }
            assert_eq!(ours, want, "{text:?}");
        }
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
        // body, then three divs: deeper tags go, their text stays, a run of block tags leaves one boundary.
        assert_eq!(flat, format!("<body>{}<hr>Deep text.<hr>{}</body>", "<div>".repeat(3), "</div>".repeat(3)));
        // Scripts and styles go whole, whatever their case or content; comments and text stay.
        let page =
            "<p>A<SCRIPT type=x>if (a<b) {}</script >B<style>p{}</STYLE>C<!-- <script> --></p><script>never closed";
        assert_eq!(prepare_html(page, 64), "<p>ABC<!-- <script> --></p>");
    }

    /// Each page of `(page, text)` gives one block, with that text.
    fn each_page_is_one_block(cases: &[(&str, &str)]) {
        for (page, want) in cases {
            assert_eq!(texts(&blocks(&doc(page, Kind::Html))), [*want], "{page:?}");
        }
    }

    #[test]
    fn invisible_characters_and_nfc_table() {
        // Soft hyphen, zero-width space; a decomposed "é" (e + combining acute) comes out composed.
        let cases = [
            ("<p>R\u{e9}ac\u{ad}tion du con\u{200b}seil.</p>", "R\u{e9}action du conseil."),
            ("<p>The commit\u{ad}tee met.</p>", "The committee met."),
            ("<p>Le de\u{301}bat.</p>", "Le d\u{e9}bat."),
        ];
        each_page_is_one_block(&cases);
    }

    #[test]
    fn noscript_fallback_is_text() {
        let cases = [
            ("<body><noscript><p>Le billet complet.</p></noscript></body>", "Le billet complet."),
            ("<body><noscript><div><p>The whole post.</p></div></noscript></body>", "The whole post."),
        ];
        each_page_is_one_block(&cases);
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
    fn implied_end_tags_table() {
        let cases: [(&str, &[&str]); 12] = [
            // A block closes an open <p>: two blocks.
            ("<p>Le conseil a voté.<div>La séance est levée.</div>", &["Le conseil a voté.", "La séance est levée."]),
            ("<p>The council voted.<div>The meeting closed.</div>", &["The council voted.", "The meeting closed."]),
            // <li> closes an open <li>; <dt>/<dd> close each other.
            ("<ul><li>Premier point<li>Second point</ul>", &["Premier point", "Second point"]),
            ("<dl><dt>Term<dd>Its meaning<dt>Another</dl>", &["Term", "Its meaning", "Another"]),
            // An open <li> inside a nested list stays open.
            ("<ul><li>One<ul><li>Inner</ul>after<li>Two</ul>", &["One", "Inner", "after", "Two"]),
            // A stray </p> is an empty paragraph: a break; a stray </div> is ignored.
            ("<div>Avant</p>Après</div>", &["Avant", "Après"]),
            ("<div>Before</div></div>after", &["Before", "after"]),
            // Table rows and cells close each other, with the implied <tbody>.
            ("<table><tr><td>Nom<td>Âge<tr><td>Anne<td>42</table>", &["Nom", "Âge", "Anne", "42"]),
            // An <option> closes an open one (outside a <select>).
            ("<datalist><option>Paris<option>Lyon</datalist>", &["Paris", "Lyon"]),
            // Text after </head> or </body> still belongs to the body.
            ("<html><head><title>T</title></head>Hors du corps</html>", &["Hors du corps"]),
            ("<body><p>Inside</p></body><p>After the body</p>", &["Inside", "After the body"]),
            // Inline end tags that match nothing change nothing.
            ("<p>One <b>bold</i> word</span>.</p>", &["One bold word."]),
        ];
        for (page, want) in cases {
            assert_eq!(texts(&blocks(&doc(page, Kind::Html))), want, "{page:?}");
        }
    }

    #[test]
    fn tree_structure_table() {
        // The <p> closed by <div> is not an ancestor of the div's text; the table gets its implied tbody.
        let b = blocks(&doc("<body><p>Un<div class=Note>Deux</div><table><tr><td>Trois</table>", Kind::Html));
        let tags = |i: usize| -> Vec<&str> {
            b.blocks[i].html.as_ref().unwrap().path.iter().map(|&n| &*b.nodes[n as usize].tag).collect()
        };
        assert_eq!(tags(0), ["html", "body", "p"]);
        assert_eq!(tags(1), ["html", "body", "div"]);
        assert_eq!(&*b.blocks[1].html.as_ref().unwrap().cues, "note");
        assert_eq!(tags(2), ["html", "body", "table", "tbody", "tr", "td"]);
        // A link left open across a block goes on in it (the standard's active formatting elements).
        let b = blocks(&doc("<p><a href=/>Lien ouvert</p><p>Suite du lien</a> puis texte</p>", Kind::Html));
        assert_eq!(texts(&b), ["Lien ouvert", "Suite du lien puis texte"]);
        assert_eq!(b.blocks[0].html.as_ref().unwrap().link_chars, 10);
        assert_eq!(b.blocks[1].html.as_ref().unwrap().link_chars, 11);
        // A title in the body is text; the one in the head is only the title.
        let b = blocks(&doc("<title>Head title</title><p>Body</p><title>In the body</title>", Kind::Html));
        assert_eq!(texts(&b), ["Body", "In the body"]);
        assert_eq!(b.meta.title.as_deref(), Some("Head title"));
    }

    #[test]
    fn character_references_table() {
        let cases = [
            ("<p>&eacute;t&eacute; &#233;t&#xE9;</p>", "été été"),
            ("<p>Fish &amp chips &ampx &eacute</p>", "Fish & chips &x é"),
            ("<p>Un&nbsp;espace, &lt;balise&gt; &unknown; &#128;</p>", "Un espace, <balise> &unknown; €"),
            ("<p>L&rsquo;école &#x2019; l&apos;été</p>", "L’école ’ l'été"),
        ];
        each_page_is_one_block(&cases);
        // Attribute values: references decoded, and `&copy=` in a URL-like value left alone.
        let page = "<head><meta name=author content=\"Ren&eacute; Dupont\"><meta property=og:title content='A &amp; B'>\
                    </head><body><time datetime=\"2024-05-01&#x54;10:00\"></time><div class=\"Ad&#45;slot x&copy=1\">t</div>";
        let b = blocks(&doc(page, Kind::Html));
        assert_eq!(b.meta.author.as_deref(), Some("René Dupont"));
        assert_eq!(b.meta.og_title.as_deref(), Some("A & B"));
        assert_eq!(b.meta.date.as_deref(), Some("2024-05-01T10:00"));
        assert_eq!(&*b.blocks[0].html.as_ref().unwrap().cues, "ad-slot x&copy=1");
    }

    #[test]
    fn raw_text_elements_table() {
        // <title> is RCDATA: a tag inside is text, references are decoded.
        let b = blocks(&doc("<title>Le <b>vote</b> &amp; la loi</title><p>Texte</p>", Kind::Html));
        assert_eq!(b.meta.title.as_deref(), Some("Le <b>vote</b> & la loi"));
        assert_eq!(texts(&b), ["Texte"]);
        // Comments, <textarea> content and markup in attribute values are not elements.
        let page = "<p>One<!-- <div>hidden</div> --> two</p><p title='</p><div>'>Three</p>";
        assert_eq!(texts(&blocks(&doc(page, Kind::Html))), ["One two", "Three"]);
        // A <noscript> in the head ends the head when it holds more than links and metas.
        let page = "<head><noscript><p>Activez JavaScript.</p></noscript></head><body><p>Article</p>";
        assert_eq!(texts(&blocks(&doc(page, Kind::Html))), ["Activez JavaScript.", "Article"]);
    }

    #[test]
    fn bogus_comments_table() {
        // Bogus comments end at the first '>'; a tag cut by the end of the page is dropped.
        let cases: [(&str, &[&str]); 5] = [
            ("<div>Avant<![CDATA[<p>]]>après</div>", &["Avant]]>après"]),
            ("<?xml version=\"1.0\"?><p>The text</p>", &["The text"]),
            ("<div>One</ x><p>two</p></div>", &["One", "two"]),
            ("<div>Un<!doctype <p>>deux</div>", &["Un>deux"]),
            ("<p>Texte coupé<div class=\"x", &["Texte coupé"]),
        ];
        for (page, want) in cases {
            assert_eq!(texts(&blocks(&doc(page, Kind::Html))), want, "{page:?}");
        }
        let b = blocks(&doc("<p>Cut here<div class=\"x", Kind::Html));
        assert_eq!(b.nodes.iter().map(|n| &*n.tag).collect::<Vec<_>>(), ["html", "body", "p"]);
    }

    #[test]
    fn malformed_html_does_not_panic() {
        let pages = [
            "<",
            "<p>text <",
            "</",
            "<!-- never closed <p>hidden",
            "<p>a</p></",
            "<div class=\"unterminated>text",
            "<a href='x>y</a>",
            "<table><td>a<table><td>b</table></td></table>c",
            "<select><option>a<p>b</select>c",
            "<b><i><u><p>x</b>y</i>z</u>",
            "<a><div><a>x</div></a>",
            "<form><form></form></form>",
            "<p>\0nul</p>",
            "<ruby>a<rt>b<rp>c</ruby>",
        ];
        for page in pages {
            blocks(&doc(page, Kind::Html));
        }
        let huge = format!("<div class=\"{}\">x</div>", "a".repeat(1 << 20));
        assert_eq!(texts(&blocks(&doc(&huge, Kind::Html))), ["x"]);
        let many = "<b class=x><p>".repeat(20_000);
        assert!(blocks(&doc(&many, Kind::Html)).blocks.is_empty());
    }

    #[test]
    fn deep_html_does_not_overflow() {
        let depth = 100_000;
        let page = format!("{}<p>Deep text.</p>{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let b = blocks(&doc(&page, Kind::Html));
        assert_eq!(texts(&b), ["Deep text."]);
        // Paragraphs deep down stay apart (they were glued: "prochaine.Les habitants").
        let paragraphs =
            "<p>La séance reprendra la semaine prochaine.</p><div><p>Les <i>habitants</i> sont invités.</p></div>";
        let page = format!("{}{paragraphs}{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let b = blocks(&doc(&page, Kind::Html));
        assert_eq!(texts(&b), ["La séance reprendra la semaine prochaine.", "Les habitants sont invités."]);
    }
}
