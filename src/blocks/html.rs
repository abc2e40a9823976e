//! The HTML half of the **blocks** stage: a page → its blocks.
//!
//! Input: the decoded page. Output: [`Blocks`] with their DOM features.
//! The page is tokenized as the HTML standard says (raw-text and RCDATA
//! elements, comments, doctypes; [`tokenize`], tested against lol_html, which
//! it replaced), and this module builds the element tree itself,
//! following the standard's tree construction where it changes blocks
//! (implied end tags, scopes, the head/body split, tables, `<select>`, active
//! formatting elements), decodes character references with htmlize, and
//! turns each block-level element into a [`Block`].

use super::{Block, BlockKind, Blocks, HtmlFeatures, Meta, NodeInfo};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Elements whose content is never text of the page.
const SKIPPED: [&str; 11] =
    ["script", "style", "template", "svg", "math", "iframe", "object", "canvas", "head", "select", "button"];

/// Elements that start and end a block.
fn is_block_tag(tag: &str) -> bool {
    is_heading(tag)
        || matches!(
            tag,
            "p" | "div"
                | "section"
                | "article"
                | "main"
                | "header"
                | "footer"
                | "nav"
                | "aside"
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

/// One open element.
struct Frame<'s> {
    tag: Tag,
    /// Its class, id, role and itemprop values: those of a block-level
    /// element are in its [`NodeInfo`] instead (see [`Builder::cues_of`]).
    /// Borrowed from the page when written as they are read (see [`read_attrs`]).
    cues: Cow<'s, str>,
    is_block: bool,
    /// Index in `Builder::nodes`, for block-level elements.
    node: Option<u32>,
    /// Inside an element of [`SKIPPED`] (or one itself): its text is not the page's.
    skip: bool,
    /// Identity, for the list of active formatting elements.
    id: u32,
    /// Where in a table or a `<select>` its content is: see [`Tree::context`].
    context: Context,
    /// Scope bounds, the special category and the landmark the element is: [`tag_flags`].
    flags: u16,
}

/// A tag name: the known ones without a copy, any other (custom elements) owned.
type Tag = Cow<'static, str>;

/// Characters that take no room on the page: soft hyphen, zero-width space, word joiner, BOM.
const INVISIBLE: [char; 4] = ['\u{ad}', '\u{200b}', '\u{2060}', '\u{feff}'];

/// Whether `text` holds one of [`INVISIBLE`] (byte searches: faster than a scan of the characters).
fn has_invisible(text: &str) -> bool {
    static FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
        INVISIBLE
            .iter()
            .map(|c| memchr::memmem::Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned())
            .collect()
    });
    FINDERS.iter().any(|f| f.find(text.as_bytes()).is_some())
}

/// Whether every character of `text` is below U+0300 and none is a soft
/// hyphen: such a text (ASCII, Latin-1, Latin Extended: most French and
/// English text) is in NFC and has nothing [`INVISIBLE`], with no
/// character decoded. Combining marks, the first characters that NFC may
/// change, start at U+0300, whose UTF-8 lead byte is 0xCC; the soft hyphen
/// U+00AD is written C2 AD.
fn below_combining(text: &[u8]) -> bool {
    // Chunks whose largest byte is taken without a branch a byte (vectorized).
    text.chunks(64).all(|chunk| chunk.iter().copied().max().unwrap_or(0) < 0xCC)
        && memchr::memmem::find(text, "\u{ad}".as_bytes()).is_none()
}

#[derive(Default)]
struct Builder<'s> {
    stack: Vec<Frame<'s>>,
    buf: String,
    link_chars: usize,
    link_depth: usize,
    out: Vec<Block>,
    nodes: Vec<NodeInfo>,
    /// Reused by [`Builder::flush`].
    pieces: Vec<(String, usize)>,
    /// The cues and path of the last block, and the buffers the next one's
    /// are built in: a block whose are the same shares them (no allocation).
    cues: (Arc<str>, String),
    path: (Arc<[u32]>, Vec<u32>),
}

impl<'s> Builder<'s> {
    /// An open element's cues.
    fn cues_of<'f>(&'f self, f: &'f Frame<'s>) -> &'f str {
        match f.node {
            Some(node) => self.nodes.get(node as usize).map_or("", |n| &n.cues),
            None => &f.cues,
        }
    }

    fn push_text(&mut self, text: &str) {
        // Soft hyphens and zero-width spaces are invisible: "réac\u{ad}tion" is one word.
        // Text is kept in NFC, as readers (and search) compare it.
        let cleaned;
        let text = if !text.is_ascii()
            && !below_combining(text.as_bytes())
            && (has_invisible(text) || is_nfc_quick(text.chars()) != IsNormalized::Yes)
        {
            cleaned = text.replace(INVISIBLE, "").nfc().collect::<String>();
            cleaned.as_str()
        } else {
            text
        };
        // Each whitespace character becomes one space, unless one (or a line break) ends the buffer.
        // Read by bytes, decoding only non-ASCII characters; the text is copied in runs, cut only
        // where it changes (a space after another, any other whitespace), not word by word.
        let bytes = text.as_bytes();
        let counting = self.link_depth > 0;
        let mut after_space = self.buf.ends_with([' ', '\n']);
        let (mut run, mut i, mut visible) = (0, 0, 0);
        while i < bytes.len() {
            // A run of visible ASCII characters (most of a text): counted, copied later with its run.
            let start = i;
            while i < bytes.len() && matches!(bytes[i], 0x21..=0x7e) {
                i += 1;
            }
            if i > start {
                visible += i - start;
                after_space = false;
            }
            let Some(&b) = bytes.get(i) else { break };
            let (space, len) = match b {
                b' ' if !after_space => {
                    // One space after a visible character stays as written.
                    after_space = true;
                    i += 1;
                    continue;
                }
                b if b.is_ascii() => (matches!(b, b' ' | b'\t'..=b'\r'), 1),
                _ => {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    (c.is_whitespace(), c.len_utf8())
                }
            };
            i += len;
            if space {
                self.buf.push_str(&text[run..i - len]);
                if !after_space {
                    self.buf.push(' ');
                }
                after_space = true;
                // The ASCII whitespace that follows adds nothing.
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t'..=b'\r') {
                    i += 1;
                }
                run = i;
            } else {
                after_space = false;
                visible += 1;
            }
        }
        self.buf.push_str(&text[run..]);
        if counting {
            self.link_chars += visible;
        }
    }

    fn flush(&mut self) {
        if self.buf.trim().is_empty() {
            self.buf.clear();
            self.link_chars = 0;
            return;
        }
        // The pieces between blank lines (two <br>), with their non-space character counts.
        self.pieces.clear();
        let mut total = 0;
        let mut add = |part: &str| {
            let text = collapse_buffer(part);
            if !text.is_empty() {
                // Its characters less its spaces, in one pass: the bytes that start a character, save ' '.
                let chars = text.bytes().filter(|&b| (b & 0xC0) != 0x80 && b != b' ').count();
                total += chars;
                self.pieces.push((text, chars));
            }
        };
        // Most blocks have no line break: no search for a blank line then.
        if memchr::memchr(b'\n', self.buf.as_bytes()).is_some() {
            self.buf.split("\n\n").for_each(&mut add);
        } else {
            add(&self.buf);
        }
        let owner: Tag = self.stack.iter().rev().find(|f| f.is_block).map_or(Cow::Borrowed("body"), |f| f.tag.clone());
        // Built in reused buffers, and shared with the block before when the same.
        let mut cues = std::mem::take(&mut self.cues.1);
        cues.clear();
        for f in self.stack.iter().rev().take(10) {
            let own = self.cues_of(f);
            if own.is_empty() {
                continue;
            }
            if !cues.is_empty() {
                cues.push(' ');
            }
            cues.push_str(own);
        }
        if *self.cues.0 != *cues {
            self.cues.0 = Arc::from(cues.as_str());
        }
        self.cues.1 = cues;
        let (last, path) = &mut self.path;
        path.clear();
        path.extend(self.stack.iter().filter_map(|f| f.node));
        if **last != **path {
            *last = Arc::from(path.as_slice());
        }
        let mut features = HtmlFeatures {
            tag: owner,
            cues: self.cues.0.clone(),
            depth: self.stack.len(),
            path: self.path.0.clone(),
            ..HtmlFeatures::default()
        };
        // Landmark ancestors: the open elements' bits, worked out when each opened.
        let marks = self.stack.iter().fold(0, |marks, f| marks | f.flags & LANDMARKS);
        features.in_nav = marks & IN_NAV != 0;
        features.in_header = marks & IN_HEADER != 0;
        features.in_footer = marks & IN_FOOTER != 0;
        features.in_aside = marks & IN_ASIDE != 0;
        features.in_form = marks & IN_FORM != 0;
        features.in_article = marks & IN_ARTICLE != 0;
        features.in_main = marks & IN_MAIN != 0;
        let kind = block_kind(&features.tag);
        let last = self.pieces.len().saturating_sub(1);
        for (i, (text, chars)) in self.pieces.drain(..).enumerate() {
            // Links are spread over the pieces in proportion to their length.
            let link_chars = self.link_chars * chars / total.max(1);
            // The last piece (most often the only one) takes the features without a copy.
            let html = if i == last {
                HtmlFeatures { link_chars, ..std::mem::take(&mut features) }
            } else {
                HtmlFeatures { link_chars, ..features.clone() }
            };
            self.out.push(Block { text, kind, para_start: i == 0, html: Some(Box::new(html)) });
        }
        self.buf.clear();
        self.link_chars = 0;
    }
}

/// Deeper nesting than this is flattened before parsing: no page needs it,
/// and the tree construction's scope checks make deep nesting quadratic.
const MAX_DEPTH: usize = 512;

/// What a block tag deeper than the limit becomes.
const BOUNDARY: &str = "<hr>";

/// Elements without an end tag.
const VOID: [&str; 13] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Whether `tag` (any case) is a void element.
fn is_void(tag: &str) -> bool {
    VOID.iter().any(|v| v.eq_ignore_ascii_case(tag))
}

/// The name `<noscript>` tags are given before tokenizing. The tokenizer
/// reads a `<noscript>` as raw text (as a browser running scripts does); we
/// read the page as a browser without scripts, where it holds elements (and
/// some blog platforms put the whole post there).
const NOSCRIPT: &str = "abrege-noscript";

/// Prepares a page for the parser in one linear pass: drops `<script>`,
/// `<style>`, `<svg>` and `<math>` elements whole (about half the bytes of a
/// news page, which the parser would otherwise tokenize only for us to skip:
/// they are in [`SKIPPED`]), and the tags (never
/// the text) that open deeper than `max`, with their end tags (a block tag
/// leaves a [`BOUNDARY`], so that paragraphs are not glued); renames
/// `<noscript>` to [`NOSCRIPT`]. A page with none of these is returned unchanged.
pub(super) fn prepare_html(html: &str, max: usize) -> Cow<'_, str> {
    // Byte ranges to replace, in order.
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    let bytes = html.as_bytes();
    let (mut i, mut depth) = (0, 0usize);
    // Where the last run of deep tags that left a boundary ends.
    let mut run_end = usize::MAX;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + off;
        if bytes[start..].starts_with(b"<!--") {
            i = memchr::memmem::find(&bytes[start..], b"-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let Some(len) = memchr::memchr(b'>', &bytes[start..]) else { break };
        let end = start + len + 1;
        // (Read as bytes: the name is ASCII letters and digits.)
        let inner = &bytes[start + 1..end - 1];
        let is_end = inner.first() == Some(&b'/');
        let slashes = inner.iter().take_while(|&&b| b == b'/').count();
        let name_len = inner[slashes..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        let name = &html[start + 1 + slashes..start + 1 + slashes + name_len];
        i = end;
        if name.is_empty() || inner.last() == Some(&b'/') || is_void(name) {
            continue;
        }
        if let Some(raw) =
            ["script", "style", "svg", "math"].into_iter().find(|raw| !is_end && name.eq_ignore_ascii_case(raw))
        {
            // The element whole, up to the end of its end tag (or of the page).
            let close = find_end_tag(&html[end..], raw).map(|e| end + e);
            i = close.and_then(|c| html[c..].find('>').map(|g| c + g + 1)).unwrap_or(html.len());
            edits.push((start, i, ""));
            continue;
        }
        // An end tag closes the element one level up.
        let level = if is_end { depth } else { depth + 1 };
        depth = if is_end { depth.saturating_sub(1) } else { depth + 1 };
        if level > max {
            // A block tag leaves a boundary (a void `<hr>`, which nests
            // nothing), so paragraphs stay apart; one for a run of them.
            let in_run = start == run_end;
            let boundary = !in_run && is_block_tag(&name.to_ascii_lowercase());
            if boundary || in_run {
                run_end = end;
            }
            edits.push((start, end, if boundary { BOUNDARY } else { "" }));
        } else if name.eq_ignore_ascii_case("noscript") {
            let at = start + 1 + usize::from(is_end);
            edits.push((at, at + name.len(), NOSCRIPT));
        }
    }
    if edits.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 16);
    let mut last = 0;
    for (start, end, with) in edits {
        out.push_str(&html[last..start]);
        out.push_str(with);
        last = end;
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

/// Where `</name` (any case) first occurs in `html`, without copying it.
pub(super) fn find_end_tag(html: &str, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[from..]) {
        let at = from + off;
        if bytes.get(at + 1) == Some(&b'/') {
            let tag = bytes.get(at + 2..at + 2 + name.len())?;
            if tag.eq_ignore_ascii_case(name.as_bytes()) {
                return Some(at);
            }
        }
        from = at + 1;
    }
    None
}

/// A piece of [`Builder::buf`] with its spaces collapsed: the buffer never
/// holds two spaces in a row, so without a line break only its ends need trimming.
fn collapse_buffer(text: &str) -> String {
    if memchr::memchr(b'\n', text.as_bytes()).is_none() {
        return text.trim_matches(' ').to_string();
    }
    collapse_spaces(text)
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

pub(super) fn html_blocks(source: &str) -> Blocks {
    let json_ld = json_ld(source);
    let source = prepare_html(source, MAX_DEPTH);
    let mut tree = Tree::new();
    tokenize(&source, &mut |token| tree.token(token));
    let mut blocks = tree.finish();
    blocks.meta.json_ld = json_ld;
    blocks
}

/// How the tokenizer reads text: the HTML standard's tokenizer states for
/// text, which an element such as `<title>` or `<style>` switches to.
#[derive(Clone, Copy, PartialEq, Debug)]
enum TextKind {
    Data,
    /// `<title>`, `<textarea>`: character references, no tags.
    RcData,
    /// `<style>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`, `<script>`: neither.
    RawText,
    /// `<plaintext>`: the rest of the page.
    PlainText,
    /// `<![CDATA[…]]>` in SVG or MathML.
    CData,
}

/// The text state a start tag switches the tokenizer to, in HTML content.
fn text_kind_after(tag: &str) -> Option<TextKind> {
    match tag {
        "title" | "textarea" => Some(TextKind::RcData),
        "plaintext" => Some(TextKind::PlainText),
        // (A `<noscript>` renamed before tokenizing is not this one: its content is markup.)
        "script" | "style" | "iframe" | "xmp" | "noembed" | "noframes" | "noscript" => Some(TextKind::RawText),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Namespace {
    Html,
    Svg,
    MathMl,
}

/// The namespaces the tokenizer follows, as lol_html's tree-builder
/// simulator (which this tokenizer replaced, byte for byte on the dev
/// pages) follows them: in SVG and MathML a `<title>` or `<style>` does not
/// switch the text state, and `<![CDATA[` opens a CDATA section. Whole
/// `<svg>` and `<math>` elements are dropped before tokenizing, so this
/// matters for the self-closing and unclosed ones only.
struct Namespaces(Vec<Namespace>);

impl Namespaces {
    fn current(&self) -> Namespace {
        self.0.last().copied().unwrap_or(Namespace::Html)
    }

    fn leave(&mut self) {
        if self.0.len() > 1 {
            self.0.pop();
        }
    }

    /// After a start tag: the text state it switches to, if any.
    fn start_tag(&mut self, tag: &str, attrs: &str, self_closing: bool) -> Option<TextKind> {
        use Namespace::{Html, MathMl, Svg};
        let current = self.current();
        match tag {
            "svg" => self.0.push(Svg),
            "math" => self.0.push(MathMl),
            _ if current == Html => return text_kind_after(tag),
            "b" | "big" | "blockquote" | "body" | "br" | "center" | "code" | "dd" | "div" | "dl" | "dt" | "em"
            | "embed" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "head" | "hr" | "i" | "img" | "li" | "listing"
            | "menu" | "meta" | "nobr" | "ol" | "p" | "pre" | "ruby" | "s" | "small" | "span" | "strong" | "strike"
            | "sub" | "sup" | "table" | "tt" | "u" | "ul" | "var" => self.leave(),
            // Integration points: HTML again inside them.
            "desc" | "title" | "foreignobject" if current == Svg && !self_closing => self.0.push(Html),
            "mi" | "mo" | "mn" | "ms" | "mtext" if current == MathMl && !self_closing => self.0.push(Html),
            "font"
                if attr_names(attrs).any(|n| ["color", "size", "face"].iter().any(|w| n.eq_ignore_ascii_case(w))) =>
            {
                self.leave()
            }
            "annotation-xml" if current == MathMl && !self_closing => {
                let html = attr_pairs(attrs).any(|(n, v)| {
                    n.eq_ignore_ascii_case("encoding")
                        && (v.eq_ignore_ascii_case("text/html") || v.eq_ignore_ascii_case("application/xhtml+xml"))
                });
                if html {
                    self.0.push(Html);
                }
            }
            _ => {}
        }
        None
    }

    fn end_tag(&mut self, tag: &str) {
        use Namespace::{Html, MathMl, Svg};
        let current = self.current();
        if current == Html {
            let n = self.0.len();
            if n < 2 {
                return;
            }
            let exits = match self.0[n - 2] {
                MathMl => matches!(tag, "mi" | "mo" | "mn" | "ms" | "mtext" | "annotation-xml"),
                Svg => matches!(tag, "desc" | "title" | "foreignobject"),
                Html => false,
            };
            if exits {
                self.leave();
            }
        } else if (current == Svg && tag == "svg") || (current == MathMl && tag == "math") || matches!(tag, "p" | "br")
        {
            self.leave();
        }
    }
}

/// The attributes written in `attrs` (a tag's text after its name).
fn attr_pairs(attrs: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut i = 0;
    std::iter::from_fn(move || match next_attr(attrs, &mut i) {
        AttrStep::Attr(name, value) => Some((name, value)),
        AttrStep::End(..) | AttrStep::Eof => None,
    })
}

fn attr_names(attrs: &str) -> impl Iterator<Item = &str> {
    attr_pairs(attrs).map(|(name, _)| name)
}

/// What the tokenizer hands the tree.
enum Token<'s> {
    /// A text node, whole, and the text state it was read in (may be empty).
    Text(&'s str, TextKind),
    Start(Tag, Attrs<'s>),
    End(Tag),
    /// A doctype, and whether it puts the page in quirks mode.
    Doctype(bool),
}

/// Reads the page as the HTML standard's tokenizer does (as lol_html did,
/// byte for byte on every dev page; the tests compare the two) and hands
/// each token to `emit`: start and end tags, text nodes whole (with the
/// text state they were read in), doctypes. Comments, bogus comments and
/// `</>` only end a text node. One pass over the bytes: `<` is found with
/// memchr, and a tag's attributes are read once, by the loop that keeps
/// the ones the blocks need. Not followed: the script-data escape states
/// (`<!--` inside a `<script>`), since scripts are dropped before.
fn tokenize<'s>(src: &'s str, emit: &mut impl FnMut(Token<'s>)) {
    let b = src.as_bytes();
    let mut ns = Namespaces(vec![Namespace::Html]);
    // The current text node starts at `text`; the scan resumes at `i`.
    let (mut text, mut i) = (0, 0);
    // The text state, and the element whose end tag ends it.
    let mut kind = TextKind::Data;
    let mut raw_end: Tag = Cow::Borrowed("");
    loop {
        match kind {
            TextKind::PlainText => {
                emit(Token::Text(&src[text..], kind));
                return;
            }
            TextKind::CData => {
                let end = memchr::memmem::find(&b[i..], b"]]>").map_or(b.len(), |e| i + e);
                emit(Token::Text(&src[text..end], kind));
                if end == b.len() {
                    return;
                }
                (kind, i) = (TextKind::Data, end + 3);
                text = i;
                continue;
            }
            TextKind::RcData | TextKind::RawText => {
                // Only the element's own end tag ends its text.
                let Some(off) = memchr::memmem::find(&b[i..], b"</") else {
                    emit(Token::Text(&src[text..], kind));
                    return;
                };
                let at = i + off;
                let name_len = b[at + 2..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
                let after = at + 2 + name_len;
                let same = name_len > 0 && b[at + 2..after].eq_ignore_ascii_case(raw_end.as_bytes());
                match b.get(after) {
                    Some(&c) if same && (is_space(c) || c == b'/' || c == b'>') => {}
                    // `</title` at the very end is text.
                    None if same => {
                        emit(Token::Text(&src[text..], kind));
                        return;
                    }
                    _ => {
                        i = at + 2;
                        continue;
                    }
                }
                emit(Token::Text(&src[text..at], kind));
                let (name, Some(end)) = end_tag(src, at) else { return };
                (i, text) = (end, end);
                kind = TextKind::Data;
                ns.end_tag(&name);
                emit(Token::End(name));
                continue;
            }
            TextKind::Data => {}
        }
        let Some(off) = memchr::memchr(b'<', &b[i..]) else {
            emit(Token::Text(&src[text..], kind));
            return;
        };
        let at = i + off;
        match b.get(at + 1).copied() {
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, len) = tag_name(&src[at + 1..]);
                let (attrs, rest) = read_attrs(&src[at + 1 + len..], true);
                emit(Token::Text(&src[text..at], kind));
                // A tag cut off by the end of the page is dropped.
                let Some(rest) = rest else { return };
                i = at + 1 + len + rest;
                text = i;
                // (`tag_name` reads NOSCRIPT as `noscript`; one that `prepare_html` missed is raw text.)
                let renamed = src[at + 1..at + 1 + len].eq_ignore_ascii_case(NOSCRIPT);
                let switch = ns.start_tag(&name, attrs.raw, attrs.self_closing).filter(|_| !renamed);
                if let Some(switch) = switch {
                    (kind, raw_end) = (switch, name.clone());
                }
                emit(Token::Start(name, attrs));
            }
            Some(b'/') => match b.get(at + 2).copied() {
                Some(c) if c.is_ascii_alphabetic() => {
                    let (name, end) = end_tag(src, at);
                    emit(Token::Text(&src[text..at], kind));
                    let Some(end) = end else { return };
                    (i, text) = (end, end);
                    ns.end_tag(&name);
                    emit(Token::End(name));
                }
                // `</>` is nothing.
                Some(b'>') => {
                    emit(Token::Text(&src[text..at], kind));
                    (i, text) = (at + 3, at + 3);
                }
                // `</` at the very end is text.
                None => i = at + 2,
                Some(_) => {
                    emit(Token::Text(&src[text..at], kind));
                    i = bogus_comment_end(b, at + 2);
                    text = i;
                }
            },
            Some(b'!') => {
                emit(Token::Text(&src[text..at], kind));
                let rest = &b[at + 2..];
                if rest.starts_with(b"--") {
                    i = comment_end(b, at + 4);
                } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
                    let (end, quirks) = doctype(b, at + 9);
                    emit(Token::Doctype(quirks));
                    i = end;
                } else if rest.starts_with(b"[CDATA[") && ns.current() != Namespace::Html {
                    (kind, i) = (TextKind::CData, at + 9);
                } else {
                    i = bogus_comment_end(b, at + 2);
                }
                text = i;
            }
            Some(b'?') => {
                emit(Token::Text(&src[text..at], kind));
                i = bogus_comment_end(b, at + 2);
                text = i;
            }
            // `<` at the very end, or before anything else, is text.
            None | Some(_) => i = at + 1,
        }
    }
}

/// Where a bogus comment (`<?…>`, `<!…>`, `</…>`) that reads from `from` ends: after its first `>`.
fn bogus_comment_end(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'>', &b[from.min(b.len())..]).map_or(b.len(), |e| from + e + 1)
}

/// Where a comment whose text starts at `from` (after `<!--`) ends: `<!-->`
/// and `<!--->` are whole; else the first `-->` or `--!>` (the page's end without one).
fn comment_end(b: &[u8], from: usize) -> usize {
    let rest = &b[from.min(b.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    // Each `--` in turn (one search: looking for `--!>` apart would read to the page's end
    // after every comment that has none).
    let mut at = 0;
    while let Some(off) = memchr::memmem::find(&rest[at..], b"--") {
        let dashes = at + off + 2;
        match rest.get(dashes..dashes + 2) {
            Some([b'>', _]) | Some([b'!', b'>']) => return from + dashes + 1 + usize::from(rest[dashes] == b'!'),
            None if rest.get(dashes) == Some(&b'>') => return from + dashes + 1,
            _ => at += off + 1,
        }
    }
    b.len()
}

/// Reads a doctype after `<!DOCTYPE` (from `from`), as the tokenizer's
/// doctype states do: its name, public and system identifiers. Returns
/// where it ends and whether it puts the page in quirks mode.
fn doctype(b: &[u8], from: usize) -> (usize, bool) {
    let text = |r: std::ops::Range<usize>| String::from_utf8_lossy(&b[r]).into_owned();
    let skip_spaces = |mut i: usize| {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        i
    };
    let bogus = |i: usize| bogus_comment_end(b, i);
    let (mut public, mut system) = (None, false);
    let done = |end: usize, name: Option<String>, public: Option<String>, system: bool| {
        (end, is_quirks_doctype(name.as_deref(), public.as_deref(), system))
    };
    let mut i = skip_spaces(from);
    if i >= b.len() || b[i] == b'>' {
        return done((i + 1).min(b.len()), None, None, false);
    }
    let start = i;
    while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
        i += 1;
    }
    let name = Some(text(start..i));
    i = skip_spaces(i);
    if i >= b.len() || b[i] == b'>' {
        return done((i + 1).min(b.len()), name, public, system);
    }
    let keyword = b.get(i..i + 6).map(<[u8]>::to_ascii_lowercase);
    let is_public = match keyword.as_deref() {
        Some(b"public") => true,
        Some(b"system") => false,
        _ => return done(bogus(i), name, public, system),
    };
    i = skip_spaces(i + 6);
    // A quoted identifier; `>` ends it and the doctype early.
    let quoted = |i: &mut usize| -> Option<(String, bool)> {
        let quote = *b.get(*i).filter(|&&q| q == b'"' || q == b'\'')?;
        let start = *i + 1;
        let end = b[start..].iter().position(|&c| c == quote || c == b'>').map_or(b.len(), |p| start + p);
        *i = (end + 1).min(b.len());
        Some((text(start..end), b.get(end) == Some(&b'>')))
    };
    if i >= b.len() || b[i] == b'>' {
        return done((i + 1).min(b.len()), name, public, system);
    }
    let Some((id, closed)) = quoted(&mut i) else { return done(bogus(i), name, public, system) };
    if is_public {
        public = Some(id);
    } else {
        system = true;
    }
    if closed || i >= b.len() {
        return done(i, name, public, system);
    }
    i = skip_spaces(i);
    if i >= b.len() || b[i] == b'>' {
        return done((i + 1).min(b.len()), name, public, system);
    }
    if is_public && let Some((_, closed)) = quoted(&mut i) {
        system = true;
        if closed || i >= b.len() {
            return done(i, name, public, system);
        }
        i = skip_spaces(i);
        if i < b.len() && b[i] == b'>' {
            return done(i + 1, name, public, system);
        }
    }
    done(bogus(i), name, public, system)
}

/// The text of each `<script type="application/ld+json">` (the page's
/// structured data, which the meta stage reads): `prepare_html` drops
/// scripts, so they are found apart, by the type's one byte search.
fn json_ld(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(off) = memchr::memmem::find(&html.as_bytes()[from..], b"ld+json") {
        let at = from + off;
        from = at + 7;
        let Some(open) = html[..at].rfind('<') else { continue };
        let Some(close) = html[at..].find('>').map(|g| at + g + 1) else { break };
        if !html.get(open + 1..open + 7).is_some_and(|t| t.eq_ignore_ascii_case("script")) {
            continue;
        }
        let end = find_end_tag(&html[close..], "script").map_or(html.len(), |e| close + e);
        out.push(html[close..end].to_string());
        from = end;
    }
    out
}

/// Whether a DOCTYPE puts the page in quirks mode, where a `<table>` does not
/// close an open `<p>` (the standard's list of old public identifiers, by prefix).
fn is_quirks_doctype(name: Option<&str>, public: Option<&str>, has_system: bool) -> bool {
    if !name.is_some_and(|n| n.eq_ignore_ascii_case("html")) {
        return true;
    }
    let Some(public) = public else { return false };
    let public = public.to_ascii_lowercase();
    const OLD: [&str; 20] = [
        "+//silmaril//",
        "-//advasoft ltd//",
        "-//as//",
        "-//ietf//",
        "-//metrius//",
        "-//microsoft//",
        "-//netscape comm. corp.//",
        "-//o'reilly and associates//",
        "-//softquad",
        "-//spyglass//",
        "-//sq//",
        "-//sun microsystems corp.//",
        "-//w3c//dtd html 3",
        "-//w3c//dtd html 4.0 frameset//",
        "-//w3c//dtd html 4.0 transitional//",
        "-//w3c//dtd html experimental",
        "-//w3c//dtd w3 html//",
        "-//w3o//dtd w3 html",
        "-//webtechs//dtd mozilla html",
        "-/w3c/dtd html 4.0 transitional/en",
    ];
    public == "html"
        || OLD.iter().any(|p| public.starts_with(p))
        || (!has_system
            && (public.starts_with("-//w3c//dtd html 4.01 frameset//")
                || public.starts_with("-//w3c//dtd html 4.01 transitional//")))
}

/// The attributes of a start tag that the blocks stage reads.
#[derive(Default)]
struct Attrs<'s> {
    /// Lowercase class, id, role and itemprop values, in source order:
    /// borrowed from the page when it is one value written so (most are).
    cues: Cow<'s, str>,
    property: Option<&'s str>,
    name: Option<&'s str>,
    content: Option<&'s str>,
    datetime: Option<&'s str>,
    kind: Option<&'s str>,
    /// All the attributes as written, to tell identical formatting elements apart.
    raw: &'s str,
    /// Written `<name … />` (which matters in SVG and MathML only).
    self_closing: bool,
}

/// HTML whitespace, as the tokenizer sees it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// One step of reading a tag's attributes (see [`next_attr`]).
enum AttrStep<'s> {
    /// A name and its value as written ("" without one).
    Attr(&'s str, &'s str),
    /// The closing `>`, and the bytes read through it; whether `/>` closed the tag.
    End(usize, bool),
    /// The page ends inside the tag.
    Eof,
}

/// Reads the next attribute of a tag from `s[*i..]`, as the tokenizer does
/// (quoted and unquoted values, a `/` that is not a value's skipped).
fn next_attr<'s>(s: &'s str, i: &mut usize) -> AttrStep<'s> {
    let b = s.as_bytes();
    let mut slash = false;
    while *i < b.len() && (is_space(b[*i]) || b[*i] == b'/') {
        slash = b[*i] == b'/';
        *i += 1;
    }
    if *i >= b.len() {
        return AttrStep::Eof;
    }
    if b[*i] == b'>' {
        *i += 1;
        return AttrStep::End(*i, slash);
    }
    let name_start = *i;
    *i += 1; // The first character may be '='.
    while *i < b.len() && !is_space(b[*i]) && !matches!(b[*i], b'/' | b'>' | b'=') {
        *i += 1;
    }
    let name = &s[name_start..*i];
    while *i < b.len() && is_space(b[*i]) {
        *i += 1;
    }
    let mut value = "";
    if *i < b.len() && b[*i] == b'=' {
        *i += 1;
        while *i < b.len() && is_space(b[*i]) {
            *i += 1;
        }
        if *i < b.len() && (b[*i] == b'"' || b[*i] == b'\'') {
            let quote = b[*i];
            let end = memchr::memchr(quote, &b[*i + 1..]).map_or(b.len(), |p| *i + 1 + p);
            value = &s[*i + 1..end];
            *i = (end + 1).min(b.len());
        } else {
            let start = *i;
            while *i < b.len() && !is_space(b[*i]) && b[*i] != b'>' {
                *i += 1;
            }
            value = &s[start..*i];
        }
    }
    AttrStep::Attr(name, value)
}

/// Reads the attributes after a tag's name up to its closing `>`, as the
/// tokenizer does (the first of a repeated name wins). Returns them and the
/// length of the rest of the tag, `None` when the page ends before the tag
/// does (the tokenizer then drops it).
fn read_attrs(s: &str, want: bool) -> (Attrs<'_>, Option<usize>) {
    // A tag without attributes (every end tag, most `<p>` and `<li>`): nothing to read.
    if s.as_bytes().first() == Some(&b'>') {
        return (Attrs { raw: &s[..0], ..Attrs::default() }, Some(1));
    }
    let mut a = Attrs { raw: s, ..Attrs::default() };
    let mut seen = [false; 4];
    let mut i = 0;
    loop {
        let (name, value) = match next_attr(s, &mut i) {
            AttrStep::Attr(name, value) => (name, value),
            AttrStep::End(len, self_closing) => {
                a.raw = &s[..len - 1];
                a.self_closing = self_closing;
                return (a, Some(len));
            }
            AttrStep::Eof => return (a, None),
        };
        if !want {
            continue;
        }
        // Dispatched on the length first: most attributes are none of these.
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        let field = match name.len() {
            2 if is("id") => None,
            4 if is("role") => None,
            5 if is("class") => None,
            8 if is("itemprop") => None,
            8 if is("property") => Some(&mut a.property),
            4 if is("name") => Some(&mut a.name),
            7 if is("content") => Some(&mut a.content),
            8 if is("datetime") => Some(&mut a.datetime),
            4 if is("type") => Some(&mut a.kind),
            _ => continue,
        };
        let Some(field) = field else {
            // A class, id, role or itemprop value: a cue.
            let k = match name.len() {
                2 => 0,
                4 => 1,
                5 => 2,
                _ => 3,
            };
            if !seen[k] {
                seen[k] = true;
                // A value without references or capitals is its own cue: no copy.
                if a.cues.is_empty() && !value.bytes().any(|b| b == b'&' || b.is_ascii_uppercase()) {
                    a.cues = Cow::Borrowed(value);
                    continue;
                }
                let cues = a.cues.to_mut();
                if !cues.is_empty() {
                    cues.push(' ');
                }
                let from = cues.len();
                cues.push_str(&htmlize::unescape_attribute(value));
                cues[from..].make_ascii_lowercase();
            }
            continue;
        };
        field.get_or_insert(value);
    }
}

/// Every tag name the tree construction treats apart, so frames hold them without a copy.
const KNOWN_TAGS: &[&str] = &[
    "a",
    "abrege-noscript",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "b",
    "base",
    "basefont",
    "bgsound",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "code",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "math",
    "menu",
    "meta",
    "nav",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "picture",
    "plaintext",
    "pre",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "script",
    "search",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
    "abbr",
    "cite",
    "q",
    "mark",
];

/// The longest of [`KNOWN_TAGS`] (`abrege-noscript`).
const KNOWN_MAX_LEN: usize = 15;

/// The [`KNOWN_TAGS`] by their [`tag_key`].
static KNOWN: LazyLock<FxHashMap<u128, &'static str>> = LazyLock::new(|| {
    KNOWN_TAGS
        .iter()
        .map(|&tag| (tag_key(tag.as_bytes()).expect("known tags are at most KNOWN_MAX_LEN bytes"), tag))
        .collect()
});

/// The [`KNOWN_TAGS`] entry equal to `name` (lowercase), if any.
#[cfg(test)]
fn known_tag(name: &str) -> Option<&'static str> {
    KNOWN.get(&tag_key(name.as_bytes())?).copied()
}

/// What opening an element asks of its tag name (see [`tag_props`]).
#[derive(Clone, Copy, PartialEq, Debug)]
struct TagProps {
    /// [`is_block_tag`].
    block: bool,
    /// In [`SKIPPED`].
    skipped: bool,
    /// [`tag_flags`].
    flags: u16,
    /// [`own_context`].
    context: Option<Context>,
}

impl TagProps {
    fn of(tag: &str) -> TagProps {
        TagProps {
            block: is_block_tag(tag),
            skipped: SKIPPED.contains(&tag),
            flags: tag_flags(tag),
            context: own_context(tag),
        }
    }
}

/// The [`TagProps`] of the [`KNOWN_TAGS`], by their [`tag_key`].
static KNOWN_PROPS: LazyLock<FxHashMap<u128, TagProps>> = LazyLock::new(|| {
    KNOWN_TAGS.iter().filter_map(|&tag| Some((tag_key(tag.as_bytes())?, TagProps::of(tag)))).collect()
});

/// [`TagProps::of`] `tag`, looked up for a known tag: the string matches
/// behind it (`is_special` alone compares the name with eighty others)
/// cost hundreds of instructions an element.
fn tag_props(tag: &str) -> TagProps {
    tag_key(tag.as_bytes()).and_then(|key| KNOWN_PROPS.get(&key).copied()).unwrap_or_else(|| TagProps::of(tag))
}

/// The bytes of a name of at most [`KNOWN_MAX_LEN`] bytes, packed in an
/// integer (no two names whose first byte is not NUL share one: a tag's
/// name starts with a letter); `None` for a longer name, which is no known one.
fn tag_key(name: &[u8]) -> Option<u128> {
    (name.len() <= KNOWN_MAX_LEN).then(|| name.iter().fold(0u128, |key, &b| key << 8 | u128::from(b)))
}

/// The end tag whose `</` is at `at`: its name, and where the page goes on
/// after its `>` (`None`: the tag is cut off by the end of the page). Its
/// attributes, which an end tag may carry, are skipped.
fn end_tag(src: &str, at: usize) -> (Tag, Option<usize>) {
    let (name, len) = tag_name(&src[at + 2..]);
    let (_, rest) = read_attrs(&src[at + 2 + len..], false);
    (name, rest.map(|rest| at + 2 + len + rest))
}

/// The tag name at the start of `s` (after `<` or `</`), lowercase, and its length.
fn tag_name(s: &str) -> (Tag, usize) {
    // One pass: the name's end, and its lowercase bytes packed as [`tag_key`]
    // packs them, looked up among the known names (hashing the name as a
    // string and comparing it with `memcmp` cost 100 instructions a tag).
    let b = s.as_bytes();
    let (mut len, mut key) = (0, 0u128);
    while len < b.len() && !(is_space(b[len]) || b[len] == b'/' || b[len] == b'>') {
        if len < KNOWN_MAX_LEN {
            key = key << 8 | u128::from(b[len].to_ascii_lowercase());
        }
        len += 1;
    }
    let known = if len <= KNOWN_MAX_LEN { KNOWN.get(&key).copied() } else { None };
    let name: Tag = match known {
        // Read as a browser without scripts reads <noscript>: see NOSCRIPT.
        Some(NOSCRIPT) => Cow::Borrowed("noscript"),
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(s[..len].to_ascii_lowercase()),
    };
    (name, len)
}

/// The standard's "special" elements: they bound the search for an open
/// `<li>` and stop an unmatched end tag.
fn is_special(tag: &str) -> bool {
    is_heading(tag)
        || matches!(
            tag,
            "address"
                | "applet"
                | "area"
                | "article"
                | "aside"
                | "base"
                | "basefont"
                | "bgsound"
                | "blockquote"
                | "body"
                | "br"
                | "button"
                | "caption"
                | "center"
                | "col"
                | "colgroup"
                | "dd"
                | "details"
                | "dir"
                | "div"
                | "dl"
                | "dt"
                | "embed"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "footer"
                | "form"
                | "frame"
                | "frameset"
                | "head"
                | "header"
                | "hgroup"
                | "hr"
                | "html"
                | "iframe"
                | "img"
                | "input"
                | "keygen"
                | "li"
                | "link"
                | "listing"
                | "main"
                | "marquee"
                | "menu"
                | "meta"
                | "nav"
                | "noembed"
                | "noframes"
                | "noscript"
                | "object"
                | "ol"
                | "p"
                | "param"
                | "plaintext"
                | "pre"
                | "script"
                | "search"
                | "section"
                | "select"
                | "source"
                | "style"
                | "summary"
                | "table"
                | "tbody"
                | "td"
                | "template"
                | "textarea"
                | "tfoot"
                | "th"
                | "thead"
                | "title"
                | "tr"
                | "track"
                | "ul"
                | "wbr"
                | "xmp"
        )
}

fn is_formatting(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "b" | "big" | "code" | "em" | "font" | "i" | "nobr" | "s" | "small" | "strike" | "strong" | "tt" | "u"
    )
}

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Elements whose end tag the parser may imply.
fn is_implied_end(tag: &str) -> bool {
    matches!(tag, "dd" | "dt" | "li" | "optgroup" | "option" | "p" | "rb" | "rp" | "rt" | "rtc")
}

/// Elements whose content the tokenizer reads as text: the next end tag closes them.
fn is_text_element(tag: &str) -> bool {
    matches!(tag, "title" | "textarea" | "style" | "script" | "xmp" | "iframe" | "noembed" | "noframes" | "plaintext")
}

/// Where a search for an open element stops, by the standard's scopes.
#[derive(Clone, Copy)]
enum Scope {
    Default,
    ListItem,
    Button,
    Table,
}

/// What the scope searches ask of an element, worked out once when it opens (bits of [`Frame::flags`]).
const BOUNDS_DEFAULT: u16 = 1;
const BOUNDS_LIST: u16 = 2;
const BOUNDS_BUTTON: u16 = 4;
const BOUNDS_TABLE: u16 = 8;
const SPECIAL: u16 = 16;
/// The landmarks a block records among its ancestors ([`HtmlFeatures`]).
const IN_NAV: u16 = 1 << 5;
const IN_HEADER: u16 = 1 << 6;
const IN_FOOTER: u16 = 1 << 7;
const IN_ASIDE: u16 = 1 << 8;
const IN_FORM: u16 = 1 << 9;
const IN_ARTICLE: u16 = 1 << 10;
const IN_MAIN: u16 = 1 << 11;
const LANDMARKS: u16 = IN_NAV | IN_HEADER | IN_FOOTER | IN_ASIDE | IN_FORM | IN_ARTICLE | IN_MAIN;

fn tag_flags(tag: &str) -> u16 {
    let mut flags = match tag {
        "nav" => IN_NAV,
        "header" => IN_HEADER,
        "footer" => IN_FOOTER,
        "aside" => IN_ASIDE,
        "form" => IN_FORM,
        "article" => IN_ARTICLE,
        "main" => IN_MAIN,
        _ => 0,
    };
    if matches!(tag, "applet" | "caption" | "html" | "table" | "td" | "th" | "marquee" | "object" | "template") {
        flags |= BOUNDS_DEFAULT | BOUNDS_LIST | BOUNDS_BUTTON;
    }
    match tag {
        "ol" | "ul" => flags |= BOUNDS_LIST,
        "button" => flags |= BOUNDS_BUTTON,
        "html" | "table" | "template" => flags |= BOUNDS_TABLE,
        _ => {}
    }
    if is_special(tag) {
        flags |= SPECIAL;
    }
    flags
}

/// Whether an element with these flags stops a search in `scope`.
fn bounds(scope: Scope, flags: u16) -> bool {
    let bit = match scope {
        Scope::Default => BOUNDS_DEFAULT,
        Scope::ListItem => BOUNDS_LIST,
        Scope::Button => BOUNDS_BUTTON,
        Scope::Table => BOUNDS_TABLE,
    };
    flags & bit != 0
}

/// The insertion mode outside the body, as the standard's tree construction has it.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    BeforeHead,
    InHead,
    InHeadNoscript,
    AfterHead,
    InBody,
}

/// Where in a table (or a `<select>`) the open elements are: the standard's
/// table insertion modes, read from the stack of open elements.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Context {
    Body,
    Table,
    TableBody,
    Row,
    Cell,
    Caption,
    ColumnGroup,
    Select { in_table: bool },
}

/// The context an element sets for its content, if it sets one (`<select>` aside).
fn own_context(tag: &str) -> Option<Context> {
    Some(match tag {
        "td" | "th" => Context::Cell,
        "tr" => Context::Row,
        "tbody" | "thead" | "tfoot" => Context::TableBody,
        "caption" => Context::Caption,
        "colgroup" => Context::ColumnGroup,
        "table" => Context::Table,
        "html" | "body" | "template" => Context::Body,
        _ => return None,
    })
}

/// An entry of the list of active formatting elements (`<a>`, `<b>`…):
/// those a block closed implicitly are opened again for the text that follows.
enum Formatting<'s> {
    Marker,
    Element { id: u32, tag: &'static str, cues: Cow<'s, str>, attrs: u64 },
}

/// The HTML standard's tree construction for the elements and end tags that
/// change blocks: implied end tags (`<p>`, `<li>`, `<dd>`, table cells,
/// `<option>`), scopes, the `<head>`/`<body>` split, tables, `<select>`,
/// and the active formatting elements (a `<b>` or `<a>` left open across a
/// block goes on in the next one). Not followed: foster parenting (text
/// misplaced inside a `<table>` stays where it is, rare on news pages) and
/// foreign content (`<svg>` and `<math>` are removed before parsing).
struct Tree<'s> {
    b: Builder<'s>,
    formatting: Vec<Formatting<'s>>,
    mode: Mode,
    /// The open `<form>`, if any: a second one is ignored.
    form: Option<u32>,
    quirks: bool,
    next_id: u32,
    meta: Meta,
}

impl<'s> Tree<'s> {
    fn new() -> Self {
        Tree {
            b: Builder::default(),
            formatting: Vec::new(),
            mode: Mode::BeforeHead,
            form: None,
            quirks: true,
            next_id: 0,
            meta: Meta::default(),
        }
    }

    fn finish(mut self) -> Blocks {
        if self.mode != Mode::InBody {
            self.body_start("body", &mut Attrs::default());
        }
        while self.pop().is_some() {}
        self.b.flush();
        // Grown by doubling, they outlive the parse (the body stage, the peak
        // of a large page, reads them): their spare room goes.
        let (mut blocks, mut nodes) = (self.b.out, self.b.nodes);
        blocks.shrink_to_fit();
        nodes.shrink_to_fit();
        Blocks { blocks, meta: self.meta, nodes }
    }

    // ------------------------------------------------------------ tokens

    fn token(&mut self, token: Token<'s>) {
        match token {
            Token::Text(text, kind) => self.text(text, kind),
            Token::Start(name, attrs) => self.start_tag(name, attrs),
            Token::End(name) => self.end(&name),
            Token::Doctype(quirks) => {
                if self.b.stack.is_empty() {
                    self.quirks = quirks;
                }
            }
        }
    }

    fn start_tag(&mut self, name: Tag, mut attrs: Attrs<'s>) {
        match &*name {
            "meta" => read_meta(&attrs, &mut self.meta),
            "time" if self.meta.date.is_none() => {
                self.meta.date = attrs.datetime.map(|d| htmlize::unescape_attribute(d).into_owned());
            }
            _ => {}
        }
        match name {
            Cow::Borrowed(known) => self.start(known, &mut attrs),
            Cow::Owned(other) => {
                // Any other element: it opens the body, and goes where the text would.
                if self.mode != Mode::InBody {
                    self.body_start("body", &mut Attrs::default());
                }
                match self.context() {
                    Context::Select { .. } => return,
                    Context::ColumnGroup => {
                        self.pop();
                    }
                    _ => {}
                }
                self.reconstruct();
                self.push_attrs(Cow::Owned(other), &mut attrs);
            }
        }
    }

    /// A text node, whole.
    fn text(&mut self, whole: &str, kind: TextKind) {
        if whole.is_empty() {
            return;
        }
        // Whitespace only (the indentation between tags, most text nodes of a
        // page) holds no reference and no NUL: no searches for them.
        if whole.bytes().all(is_space) {
            return self.insert_text(whole, kind != TextKind::Data);
        }
        // Character references are text in the raw-text elements only.
        let unescaped;
        let text: &str = match kind {
            TextKind::Data | TextKind::RcData => {
                unescaped = htmlize::unescape(whole);
                &unescaped
            }
            _ => whole,
        };
        // NUL characters are dropped from the page's text.
        let without_nul;
        let text = if kind == TextKind::Data && memchr::memchr(0, text.as_bytes()).is_some() {
            without_nul = text.replace('\0', "");
            &without_nul
        } else {
            text
        };
        self.insert_text(text, kind != TextKind::Data);
    }

    fn insert_text(&mut self, text: &str, raw: bool) {
        let blank = text.bytes().all(is_space);
        let top_is_text = self.top().is_some_and(is_text_element);
        match self.mode {
            Mode::BeforeHead if !blank => {
                self.ensure_html();
                self.push("head");
                self.mode = Mode::InHead;
                return self.insert_text(text, raw);
            }
            Mode::InHead | Mode::AfterHead if !blank && !top_is_text => {
                self.leave_head();
                if self.mode == Mode::AfterHead {
                    self.body_start("body", &mut Attrs::default());
                }
                return self.insert_text(text, raw);
            }
            Mode::InHeadNoscript if !blank && !top_is_text => {
                self.pop_until(|t| t == "noscript");
                self.mode = Mode::InHead;
                return self.insert_text(text, raw);
            }
            Mode::InBody if !raw => match self.context() {
                Context::Select { .. } => {}
                Context::ColumnGroup if !blank => {
                    self.pop();
                    return self.insert_text(text, raw);
                }
                Context::Table | Context::TableBody | Context::Row
                    if blank
                        && self.top().is_some_and(|t| matches!(t, "table" | "tbody" | "thead" | "tfoot" | "tr")) => {}
                _ => self.reconstruct(),
            },
            _ => {}
        }
        if self.top() == Some("title") && self.meta.title.is_none() {
            let t = collapse_spaces(text);
            self.meta.title = (!t.is_empty()).then_some(t);
        }
        if self.b.stack.last().is_some_and(|f| f.skip) {
            return;
        }
        if blank {
            // Whitespace only (the indentation between tags, most text nodes of a page): one
            // space at most, as `push_text` would make it, without reading it byte by byte.
            if !text.is_empty() && !self.b.buf.ends_with([' ', '\n']) {
                self.b.buf.push(' ');
            }
        } else {
            self.b.push_text(text);
        }
    }

    // ------------------------------------------------------ stack helpers

    fn top(&self) -> Option<&str> {
        self.b.stack.last().map(|f| &*f.tag)
    }

    fn push(&mut self, tag: &'static str) -> u32 {
        self.push_frame(Cow::Borrowed(tag), Cow::Borrowed(""))
    }

    fn push_attrs(&mut self, tag: Tag, attrs: &mut Attrs<'s>) -> u32 {
        // The cues move to the element: an element is opened once, even when its tag is reprocessed.
        self.push_frame(tag, std::mem::take(&mut attrs.cues))
    }

    fn push_frame(&mut self, tag: Tag, cues: Cow<'s, str>) -> u32 {
        let b = &mut self.b;
        let props = tag_props(&tag);
        let skip = b.stack.last().is_some_and(|f| f.skip) || props.skipped;
        let is_block = !skip && props.block;
        if is_block {
            b.flush();
        }
        if !skip {
            match &*tag {
                "a" => b.link_depth += 1,
                "br" => b.buf.push('\n'),
                _ => {}
            }
        }
        // A block-level element's cues move to its node (the frame reads them there).
        let (node, cues) = if is_block {
            b.nodes.push(NodeInfo { tag: tag.clone(), cues: cues.into_owned() });
            (Some(u32::try_from(b.nodes.len() - 1).unwrap_or(u32::MAX)), Cow::Borrowed(""))
        } else {
            (None, cues)
        };
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        let context = match &*tag {
            "select" => Context::Select { in_table: b.stack.iter().any(|f| f.tag == "table") },
            _ => props.context.unwrap_or_else(|| b.stack.last().map_or(Context::Body, |f| f.context)),
        };
        let flags = props.flags;
        b.stack.push(Frame { tag, cues, is_block, node, skip, id, context, flags });
        id
    }

    /// A void element: opened and closed at once.
    fn void(&mut self, tag: &'static str, attrs: &mut Attrs<'s>) {
        self.push_attrs(Cow::Borrowed(tag), attrs);
        self.pop();
    }

    fn pop(&mut self) -> Option<Frame<'s>> {
        let f = self.b.stack.last()?;
        let (skip, is_block, is_link) = (f.skip, f.is_block, f.tag == "a");
        if !skip {
            if is_block {
                self.b.flush();
            }
            if is_link {
                self.b.link_depth = self.b.link_depth.saturating_sub(1);
            }
        }
        self.b.stack.pop()
    }

    /// Takes an element out of the stack (not the top), as `</form>` and
    /// the adoption agency do: its text is over, its descendants stay open.
    fn remove_at(&mut self, i: usize) -> Frame<'s> {
        let f = self.b.stack.remove(i);
        if !f.skip && f.tag == "a" {
            self.b.link_depth = self.b.link_depth.saturating_sub(1);
        }
        f
    }

    /// Pops elements until one matching `is` is popped.
    fn pop_until(&mut self, is: impl Fn(&str) -> bool) {
        while let Some(f) = self.pop() {
            if is(&f.tag) {
                break;
            }
        }
    }

    /// The position of the nearest open element matching `is`, if no element bounding `scope` comes first.
    fn in_scope(&self, scope: Scope, is: impl Fn(&str) -> bool) -> Option<usize> {
        for (i, f) in self.b.stack.iter().enumerate().rev() {
            if is(&f.tag) {
                return Some(i);
            }
            if bounds(scope, f.flags) {
                return None;
            }
        }
        None
    }

    fn has(&self, scope: Scope, tag: &str) -> bool {
        self.in_scope(scope, |t| t == tag).is_some()
    }

    fn generate_implied_end_tags(&mut self, except: &str) {
        while self.top().is_some_and(|t| is_implied_end(t) && t != except) {
            self.pop();
        }
    }

    fn close_p(&mut self) {
        if self.has(Scope::Button, "p") {
            self.generate_implied_end_tags("p");
            self.pop_until(|t| t == "p");
        }
    }

    fn ensure_html(&mut self) {
        if self.b.stack.is_empty() {
            self.push("html");
        }
    }

    /// Closes `<head>` (and a `<noscript>` or a text element left open in it).
    fn leave_head(&mut self) {
        if self.b.stack.iter().any(|f| f.tag == "head") {
            self.pop_until(|t| t == "head");
        }
        self.mode = Mode::AfterHead;
    }

    /// The table insertion mode, from the nearest open table part (kept in each frame).
    fn context(&self) -> Context {
        self.b.stack.last().map_or(Context::Body, |f| f.context)
    }

    fn clear_to(&mut self, stop: &[&str]) {
        while self.top().is_some_and(|t| !stop.contains(&t) && t != "html" && t != "template") {
            self.pop();
        }
    }

    // ------------------------------------------- active formatting elements

    fn stack_position(&self, id: u32) -> Option<usize> {
        self.b.stack.iter().rposition(|f| f.id == id)
    }

    fn is_open(&self, entry: &Formatting) -> bool {
        match entry {
            Formatting::Marker => true,
            Formatting::Element { id, .. } => self.stack_position(*id).is_some(),
        }
    }

    /// Opens again the formatting elements that a block closed implicitly.
    fn reconstruct(&mut self) {
        let Some(last) = self.formatting.last() else { return };
        if self.is_open(last) {
            return;
        }
        let mut from = self.formatting.len() - 1;
        while from > 0 && !self.is_open(&self.formatting[from - 1]) {
            from -= 1;
        }
        for k in from..self.formatting.len() {
            if let Formatting::Element { tag, cues, .. } = &self.formatting[k] {
                let (tag, cues) = (*tag, cues.clone());
                let new_id = self.push_frame(Cow::Borrowed(tag), cues);
                if let Formatting::Element { id, .. } = &mut self.formatting[k] {
                    *id = new_id;
                }
            }
        }
    }

    fn push_formatting(&mut self, tag: &'static str, attrs: &mut Attrs<'s>) {
        self.reconstruct();
        let id = self.push_attrs(Cow::Borrowed(tag), attrs);
        let hash = {
            let mut h = rustc_hash::FxHasher::default();
            attrs.raw.hash(&mut h);
            h.finish()
        };
        // At most three identical entries after the last marker (the standard's "Noah's Ark").
        let since = self.formatting.iter().rposition(|e| matches!(e, Formatting::Marker)).map_or(0, |m| m + 1);
        let same: Vec<usize> = (since..self.formatting.len())
            .filter(|&k| matches!(&self.formatting[k], Formatting::Element { tag: t, attrs: a, .. } if *t == tag && *a == hash))
            .collect();
        if same.len() >= 3 {
            self.formatting.remove(same[0]);
        }
        let cues = self.b.stack.last().map(|f| f.cues.clone()).unwrap_or_default();
        self.formatting.push(Formatting::Element { id, tag, cues, attrs: hash });
    }

    fn clear_formatting_to_marker(&mut self) {
        while let Some(e) = self.formatting.pop() {
            if matches!(e, Formatting::Marker) {
                break;
            }
        }
    }

    /// The last active formatting element named `tag` after the last marker.
    fn formatting_position(&self, tag: &str) -> Option<usize> {
        for (k, e) in self.formatting.iter().enumerate().rev() {
            match e {
                Formatting::Marker => return None,
                Formatting::Element { tag: t, .. } if *t == tag => return Some(k),
                Formatting::Element { .. } => {}
            }
        }
        None
    }

    /// The standard's adoption agency algorithm, for the end tag of a
    /// formatting element, as the open elements see it: the element's text
    /// ends, blocks opened inside it stay open. Returns false to treat the
    /// end tag as any other.
    fn adoption_agency(&mut self, tag: &str) -> bool {
        if let Some(top) = self.b.stack.last()
            && top.tag == tag
            && !self.formatting.iter().any(|e| matches!(e, Formatting::Element { id, .. } if *id == top.id))
        {
            self.pop();
            return true;
        }
        for _ in 0..8 {
            let Some(k) = self.formatting_position(tag) else { return false };
            let Formatting::Element { id, .. } = self.formatting[k] else { return false };
            let Some(at) = self.stack_position(id) else {
                self.formatting.remove(k);
                return true;
            };
            if self.b.stack[at + 1..].iter().any(|f| bounds(Scope::Default, f.flags)) {
                return true;
            }
            let Some(block) = (at + 1..self.b.stack.len()).find(|&i| self.b.stack[i].flags & SPECIAL != 0) else {
                while self.b.stack.len() > at {
                    self.pop();
                }
                self.formatting.remove(k);
                return true;
            };
            // The formatting element moves inside the furthest block; the
            // elements in between that are not formatting ones close.
            let mut fe = self.remove_at(at);
            let mut block = block - 1;
            let mut i = at;
            while i < block {
                let fid = self.b.stack[i].id;
                if self.formatting.iter().any(|e| matches!(e, Formatting::Element { id, .. } if *id == fid)) {
                    i += 1;
                } else {
                    self.remove_at(i);
                    block -= 1;
                }
            }
            fe.id = self.next_id;
            self.next_id = self.next_id.wrapping_add(1);
            if let Formatting::Element { id, .. } = &mut self.formatting[k] {
                *id = fe.id;
            }
            if !fe.skip && fe.tag == "a" {
                self.b.link_depth += 1;
            }
            fe.context = self.b.stack[block].context;
            self.b.stack.insert(block + 1, fe);
        }
        true
    }

    // --------------------------------------------------------- start tags

    fn start(&mut self, tag: &'static str, a: &mut Attrs<'s>) {
        match self.mode {
            Mode::BeforeHead => {
                self.ensure_html();
                if tag == "html" {
                    return;
                }
                self.push("head");
                self.mode = Mode::InHead;
                if tag != "head" {
                    self.start(tag, a);
                }
            }
            Mode::InHead => match tag {
                "html" | "head" => {}
                "base" | "basefont" | "bgsound" | "link" | "meta" => self.void(tag, a),
                "title" | "noframes" | "style" | "script" | "template" => {
                    self.push_attrs(Cow::Borrowed(tag), a);
                }
                "noscript" => {
                    self.push_attrs(Cow::Borrowed(tag), a);
                    self.mode = Mode::InHeadNoscript;
                }
                _ => {
                    self.leave_head();
                    self.start(tag, a);
                }
            },
            Mode::InHeadNoscript => match tag {
                "html" | "head" | "noscript" => {}
                "basefont" | "bgsound" | "link" | "meta" => self.void(tag, a),
                "noframes" | "style" => {
                    self.push_attrs(Cow::Borrowed(tag), a);
                }
                _ => {
                    self.pop_until(|t| t == "noscript");
                    self.mode = Mode::InHead;
                    self.start(tag, a);
                }
            },
            Mode::AfterHead => match tag {
                "html" | "head" => {}
                "body" => {
                    self.push_attrs(Cow::Borrowed(tag), a);
                    self.mode = Mode::InBody;
                }
                "base" | "basefont" | "bgsound" | "link" | "meta" | "noframes" | "script" | "style" | "template"
                | "title" => {
                    // Back into <head> for this element only.
                    let head = self.b.stack.len();
                    self.push("head");
                    if matches!(tag, "base" | "basefont" | "bgsound" | "link" | "meta") {
                        self.void(tag, a);
                    } else {
                        self.push_attrs(Cow::Borrowed(tag), a);
                    }
                    self.remove_at(head);
                }
                _ => {
                    self.body_start("body", &mut Attrs::default());
                    self.start(tag, a);
                }
            },
            Mode::InBody => self.body_start(tag, a),
        }
    }

    fn body_start(&mut self, tag: &'static str, a: &mut Attrs<'s>) {
        if self.mode != Mode::InBody {
            // The implied <body>.
            self.ensure_html();
            if self.b.stack.iter().any(|f| f.tag == "head") {
                self.pop_until(|t| t == "head");
            }
            self.mode = Mode::InBody;
            if tag == "body" {
                self.push_attrs(Cow::Borrowed("body"), a);
                return;
            }
            self.push("body");
        }
        let table_part =
            matches!(tag, "caption" | "col" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr");
        match self.context() {
            Context::Select { in_table } => {
                match tag {
                    "option" => {
                        if self.top() == Some("option") {
                            self.pop();
                        }
                        self.push_attrs(Cow::Borrowed(tag), a);
                    }
                    "optgroup" | "hr" => {
                        if self.top() == Some("option") {
                            self.pop();
                        }
                        if self.top() == Some("optgroup") {
                            self.pop();
                        }
                        if tag == "hr" {
                            self.void(tag, a);
                        } else {
                            self.push_attrs(Cow::Borrowed(tag), a);
                        }
                    }
                    "select" => self.pop_until(|t| t == "select"),
                    "input" | "keygen" | "textarea" => {
                        self.pop_until(|t| t == "select");
                        self.body_start(tag, a);
                    }
                    _ if in_table && (table_part || tag == "table") => {
                        self.pop_until(|t| t == "select");
                        self.body_start(tag, a);
                    }
                    "script" | "template" => {
                        self.push_attrs(Cow::Borrowed(tag), a);
                    }
                    _ => {}
                }
                return;
            }
            Context::Cell if table_part => {
                self.close_cell();
                return self.body_start(tag, a);
            }
            Context::Caption if table_part => {
                self.pop_until(|t| t == "caption");
                self.clear_formatting_to_marker();
                return self.body_start(tag, a);
            }
            Context::ColumnGroup => {
                if tag == "col" {
                    return self.void(tag, a);
                }
                self.pop();
                return self.body_start(tag, a);
            }
            Context::Row if table_part || tag == "table" => {
                if matches!(tag, "td" | "th") {
                    self.clear_to(&["tr"]);
                    self.push_attrs(Cow::Borrowed(tag), a);
                    self.formatting.push(Formatting::Marker);
                } else {
                    self.clear_to(&["tr"]);
                    self.pop();
                    self.body_start(tag, a);
                }
                return;
            }
            Context::TableBody if table_part || tag == "table" => {
                self.clear_to(&["tbody", "thead", "tfoot"]);
                match tag {
                    "tr" => {
                        self.push_attrs(Cow::Borrowed(tag), a);
                    }
                    "td" | "th" => {
                        self.push("tr");
                        self.body_start(tag, a);
                    }
                    _ => {
                        self.pop();
                        self.body_start(tag, a);
                    }
                }
                return;
            }
            Context::Table if table_part || tag == "table" => {
                self.clear_to(&["table"]);
                match tag {
                    "caption" => {
                        self.formatting.push(Formatting::Marker);
                        self.push_attrs(Cow::Borrowed(tag), a);
                    }
                    "colgroup" | "tbody" | "tfoot" | "thead" => {
                        self.push_attrs(Cow::Borrowed(tag), a);
                    }
                    "col" => {
                        self.push("colgroup");
                        self.body_start(tag, a);
                    }
                    "table" => {
                        self.pop_until(|t| t == "table");
                        self.body_start(tag, a);
                    }
                    _ => {
                        self.push("tbody");
                        self.body_start(tag, a);
                    }
                }
                return;
            }
            Context::Table | Context::TableBody | Context::Row
                if tag == "input" && a.kind.is_some_and(|k| k.eq_ignore_ascii_case("hidden")) =>
            {
                return self.void(tag, a);
            }
            Context::Table | Context::TableBody | Context::Row if tag == "form" => {
                if self.form.is_none() {
                    let id = self.push_attrs(Cow::Borrowed(tag), a);
                    self.form = Some(id);
                    self.pop();
                }
                return;
            }
            _ => {}
        }
        self.in_body_start(tag, a, table_part);
    }

    fn close_cell(&mut self) {
        self.generate_implied_end_tags("");
        self.pop_until(|t| matches!(t, "td" | "th"));
        self.clear_formatting_to_marker();
    }

    fn in_body_start(&mut self, tag: &'static str, a: &mut Attrs<'s>, table_part: bool) {
        match tag {
            _ if table_part => {}
            "html" | "body" | "head" | "frameset" | "frame" => {}
            "base" | "basefont" | "bgsound" | "link" | "meta" | "param" | "source" | "track" => self.void(tag, a),
            "title" | "noframes" | "style" | "script" | "template" | "textarea" | "iframe" | "noembed" => {
                self.push_attrs(Cow::Borrowed(tag), a);
            }
            "address" | "article" | "aside" | "blockquote" | "center" | "details" | "dialog" | "dir" | "div" | "dl"
            | "fieldset" | "figcaption" | "figure" | "footer" | "header" | "hgroup" | "main" | "menu" | "nav"
            | "ol" | "p" | "search" | "section" | "summary" | "ul" | "pre" | "listing" | "plaintext" => {
                self.close_p();
                self.push_attrs(Cow::Borrowed(tag), a);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_p();
                if self.top().is_some_and(is_heading) {
                    self.pop();
                }
                self.push_attrs(Cow::Borrowed(tag), a);
            }
            "form" => {
                if self.form.is_none() {
                    self.close_p();
                    let id = self.push_attrs(Cow::Borrowed(tag), a);
                    self.form = Some(id);
                }
            }
            "li" | "dd" | "dt" => {
                let closes = |t: &str| if tag == "li" { t == "li" } else { matches!(t, "dd" | "dt") };
                let mut open = None;
                for f in self.b.stack.iter().rev() {
                    if closes(&f.tag) {
                        open = Some(f.tag.clone());
                        break;
                    }
                    if f.flags & SPECIAL != 0 && !matches!(&*f.tag, "address" | "div" | "p") {
                        break;
                    }
                }
                if let Some(t) = open {
                    self.generate_implied_end_tags(&t);
                    self.pop_until(|x| x == t);
                }
                self.close_p();
                self.push_attrs(Cow::Borrowed(tag), a);
            }
            "button" => {
                if self.has(Scope::Default, "button") {
                    self.generate_implied_end_tags("");
                    self.pop_until(|t| t == "button");
                }
                self.reconstruct();
                self.push_attrs(Cow::Borrowed(tag), a);
            }
            "a" => {
                if let Some(k) = self.formatting_position("a") {
                    let Formatting::Element { id, .. } = self.formatting[k] else { return };
                    self.adoption_agency("a");
                    self.formatting.retain(|e| !matches!(e, Formatting::Element { id: i, .. } if *i == id));
                    if let Some(at) = self.stack_position(id) {
                        self.remove_at(at);
                    }
                }
                self.push_formatting(tag, a);
            }
            "nobr" => {
                self.reconstruct();
                if self.has(Scope::Default, "nobr") {
                    self.adoption_agency("nobr");
                }
                self.push_formatting(tag, a);
            }
            _ if is_formatting(tag) => self.push_formatting(tag, a),
            "applet" | "marquee" | "object" => {
                self.reconstruct();
                self.push_attrs(Cow::Borrowed(tag), a);
                self.formatting.push(Formatting::Marker);
            }
            "table" => {
                if !self.quirks {
                    self.close_p();
                }
                self.push_attrs(Cow::Borrowed(tag), a);
            }
            "area" | "br" | "embed" | "img" | "keygen" | "wbr" | "input" => {
                self.reconstruct();
                self.void(tag, a);
            }
            "image" => {
                self.reconstruct();
                self.void("img", a);
            }
            "hr" => {
                self.close_p();
                self.void(tag, a);
            }
            "xmp" => {
                self.close_p();
                self.reconstruct();
                self.push_attrs(Cow::Borrowed(tag), a);
            }
            "optgroup" | "option" => {
                if self.top() == Some("option") {
                    self.pop();
                }
                self.reconstruct();
                self.push_attrs(Cow::Borrowed(tag), a);
            }
            "rb" | "rtc" | "rp" | "rt" => {
                if self.has(Scope::Default, "ruby") {
                    self.generate_implied_end_tags(if matches!(tag, "rp" | "rt") { "rtc" } else { "" });
                }
                self.push_attrs(Cow::Borrowed(tag), a);
            }
            _ => {
                self.reconstruct();
                self.push_attrs(Cow::Borrowed(tag), a);
            }
        }
    }

    // ----------------------------------------------------------- end tags

    fn end(&mut self, tag: &str) {
        match self.mode {
            Mode::BeforeHead => {
                if matches!(tag, "head" | "body" | "html" | "br") {
                    self.ensure_html();
                    self.push("head");
                    self.mode = Mode::InHead;
                    self.end(tag);
                }
            }
            Mode::InHead | Mode::InHeadNoscript | Mode::AfterHead => {
                if self.top() == Some(tag) && tag != "head" && tag != "html" {
                    self.pop();
                    if tag == "noscript" {
                        self.mode = Mode::InHead;
                    }
                } else if tag == "head" && self.mode == Mode::InHead {
                    self.leave_head();
                } else if matches!(tag, "body" | "html" | "br") {
                    self.leave_head();
                    self.body_start("body", &mut Attrs::default());
                    self.end(tag);
                }
            }
            Mode::InBody => self.body_end(tag),
        }
    }

    fn body_end(&mut self, tag: &str) {
        let table_part = matches!(tag, "tbody" | "td" | "tfoot" | "th" | "thead" | "tr" | "table");
        match self.context() {
            Context::Select { in_table } => {
                match tag {
                    "option" if self.top() == Some("option") => {
                        self.pop();
                    }
                    "optgroup" => {
                        let n = self.b.stack.len();
                        if self.top() == Some("option") && n >= 2 && self.b.stack[n - 2].tag == "optgroup" {
                            self.pop();
                        }
                        if self.top() == Some("optgroup") {
                            self.pop();
                        }
                    }
                    "select" => self.pop_until(|t| t == "select"),
                    _ if in_table && (table_part || tag == "caption") && self.has(Scope::Table, tag) => {
                        self.pop_until(|t| t == "select");
                        self.body_end(tag);
                    }
                    _ if self.top() == Some(tag) && is_text_element(tag) => {
                        self.pop();
                    }
                    _ => {}
                }
                return;
            }
            Context::Cell if matches!(tag, "td" | "th") => {
                if self.has(Scope::Table, tag) {
                    self.generate_implied_end_tags("");
                    self.pop_until(|t| t == tag);
                    self.clear_formatting_to_marker();
                }
                return;
            }
            Context::Cell if table_part => {
                if self.has(Scope::Table, tag) {
                    self.close_cell();
                    self.body_end(tag);
                }
                return;
            }
            Context::Row if table_part => {
                if (tag == "tr" || self.has(Scope::Table, tag)) && self.has(Scope::Table, "tr") {
                    self.clear_to(&["tr"]);
                    self.pop();
                    if tag != "tr" {
                        self.body_end(tag);
                    }
                }
                return;
            }
            Context::TableBody if table_part => {
                if matches!(tag, "tbody" | "tfoot" | "thead") {
                    if self.has(Scope::Table, tag) {
                        self.clear_to(&["tbody", "thead", "tfoot"]);
                        self.pop();
                    }
                } else if tag == "table" {
                    self.clear_to(&["tbody", "thead", "tfoot"]);
                    self.pop();
                    self.body_end(tag);
                }
                return;
            }
            Context::Table if table_part => {
                if tag == "table" && self.has(Scope::Table, "table") {
                    self.pop_until(|t| t == "table");
                }
                return;
            }
            Context::Caption if tag == "caption" || tag == "table" => {
                if self.has(Scope::Table, "caption") {
                    self.pop_until(|t| t == "caption");
                    self.clear_formatting_to_marker();
                    if tag == "table" {
                        self.body_end(tag);
                    }
                }
                return;
            }
            Context::ColumnGroup => {
                if tag != "col" {
                    self.pop();
                    if tag != "colgroup" {
                        self.body_end(tag);
                    }
                }
                return;
            }
            _ => {}
        }
        match tag {
            "body" | "html" | "caption" | "col" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr" => {}
            "address" | "article" | "aside" | "blockquote" | "button" | "center" | "details" | "dialog" | "dir"
            | "div" | "dl" | "fieldset" | "figcaption" | "figure" | "footer" | "header" | "hgroup" | "listing"
            | "main" | "menu" | "nav" | "ol" | "pre" | "search" | "section" | "summary" | "ul" | "dd" | "dt"
            | "applet" | "marquee" | "object" => {
                if self.has(Scope::Default, tag) {
                    self.generate_implied_end_tags(tag);
                    self.pop_until(|t| t == tag);
                    if matches!(tag, "applet" | "marquee" | "object") {
                        self.clear_formatting_to_marker();
                    }
                }
            }
            "form" => {
                if let Some(id) = self.form.take()
                    && let Some(at) = self.stack_position(id)
                    && !self.b.stack[at + 1..].iter().any(|f| bounds(Scope::Default, f.flags))
                {
                    self.generate_implied_end_tags("");
                    if let Some(at) = self.stack_position(id) {
                        if at + 1 == self.b.stack.len() {
                            self.pop();
                        } else {
                            self.remove_at(at);
                        }
                    }
                }
            }
            "p" => {
                if !self.has(Scope::Button, "p") {
                    // A stray </p> is an empty paragraph: a break in the text.
                    self.reconstruct();
                    self.push("p");
                }
                self.generate_implied_end_tags("p");
                self.pop_until(|t| t == "p");
            }
            "li" => {
                if self.has(Scope::ListItem, "li") {
                    self.generate_implied_end_tags("li");
                    self.pop_until(|t| t == "li");
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if self.in_scope(Scope::Default, is_heading).is_some() {
                    self.generate_implied_end_tags("");
                    self.pop_until(is_heading);
                }
            }
            "br" => {
                self.reconstruct();
                self.void("br", &mut Attrs::default());
            }
            _ if is_formatting(tag) && self.adoption_agency(tag) => {}
            _ => {
                // Any other end tag closes the nearest open element of its name, unless a special one comes first.
                let mut at = None;
                for (i, f) in self.b.stack.iter().enumerate().rev() {
                    if f.tag == tag {
                        at = Some(i);
                        break;
                    }
                    if f.flags & SPECIAL != 0 {
                        break;
                    }
                }
                if let Some(i) = at {
                    self.generate_implied_end_tags(tag);
                    while self.b.stack.len() > i {
                        self.pop();
                    }
                }
            }
        }
    }
}

fn read_meta(attrs: &Attrs<'_>, meta: &mut Meta) {
    let key = attrs.property.or(attrs.name).map(htmlize::unescape_attribute).unwrap_or_default().to_ascii_lowercase();
    let content = attrs.content.map(htmlize::unescape_attribute);
    let Some(content) = content.as_deref().map(str::trim).filter(|c| !c.is_empty()) else { return };
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
    use proptest::prelude::*;

    /// What both tokenizers report: text nodes (non-empty, whole) and doctypes.
    #[derive(Debug, PartialEq)]
    enum Seen {
        Text(String, TextKind),
        Doctype(bool),
    }

    fn ours(page: &str) -> Vec<Seen> {
        let mut seen = Vec::new();
        tokenize(page, &mut |token| match token {
            Token::Text(text, kind) if !text.is_empty() => seen.push(Seen::Text(text.to_string(), kind)),
            Token::Doctype(quirks) => seen.push(Seen::Doctype(quirks)),
            _ => {}
        });
        seen
    }

    /// lol_html, as the blocks stage used it before this tokenizer.
    fn reference(page: &str) -> Vec<Seen> {
        use lol_html::html_content::TextType;
        use lol_html::{HtmlRewriter, Settings, doc_text, doctype};
        let seen = std::cell::RefCell::new(Vec::new());
        let pending = std::cell::RefCell::new(String::new());
        let mut rewriter = HtmlRewriter::new(
            Settings {
                document_content_handlers: vec![
                    doc_text!(|t| {
                        pending.borrow_mut().push_str(t.as_str());
                        if t.last_in_text_node() {
                            let text = std::mem::take(&mut *pending.borrow_mut());
                            let kind = match t.text_type() {
                                TextType::Data => TextKind::Data,
                                TextType::RCData => TextKind::RcData,
                                TextType::PlainText => TextKind::PlainText,
                                TextType::CDataSection => TextKind::CData,
                                TextType::RawText | TextType::ScriptData => TextKind::RawText,
                            };
                            if !text.is_empty() {
                                seen.borrow_mut().push(Seen::Text(text, kind));
                            }
                        }
                        Ok(())
                    }),
                    doctype!(|d| {
                        let quirks =
                            is_quirks_doctype(d.name().as_deref(), d.public_id().as_deref(), d.system_id().is_some());
                        seen.borrow_mut().push(Seen::Doctype(quirks));
                        Ok(())
                    }),
                ],
                strict: false,
                ..Settings::new()
            },
            |_: &[u8]| {},
        );
        rewriter.write(page.as_bytes()).expect("no handler fails");
        rewriter.end().expect("no handler fails");
        seen.into_inner()
    }

    #[test]
    fn tokenizer_agrees_with_lol_html_table() {
        for page in [
            "",
            "plain text",
            "<p>Un <b class='x'>mot</b> &amp; un autre</p>",
            "<title>A <b>not a tag</b> &amp; </TITLE >after",
            "<textarea>x</textarea/>y</textarea x='>'>z",
            "<title>cut</title",
            "<style>p > a { }</style>text",
            "<xmp><p></xmp><iframe><b></iframe>done",
            "<plaintext><p>all </plaintext> text",
            "a<!-- c -->b<!-->c<!--->d<!---->e<!-- x --!>f<!-- -- -x->g--->h",
            "a<!-- never closed",
            "a<!- bogus>b<?php x ?>c</ bogus>d</>e</",
            "a < b > c <1 <",
            "<!DOCTYPE html><p>x",
            "<!doctype>x",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">x",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\">x",
            "<!DOCTYPE html SYSTEM 'about:legacy-compat'>x",
            "<!DOCTYPE html PUBLIC '-//W3O//DTD W3 HTML 3.0//EN' >x",
            "<!DOCTYPE html PUBLIC \"unclosed>x",
            "<!DOCTYPE html bogus>x",
            "<!DOCTYPEhtml>x",
            "<svg/><title>in svg</title><![CDATA[<p>]]><p>back<title>t</title>",
            "<math><mi><title>t</title></mi></math><title>u</title>",
            "<svg><foreignObject><title>t</title></foreignObject></svg>",
            "<svg><font color=red><title>t</title></svg>",
            "<p a=\"x>y\" b='c' d=e/>text<br/>more",
            "<div\ncLass=\"A  B\"\tid=x>t</div\n>",
            "<p>unclosed tag <a href=\"x",
        ] {
            assert_eq!(ours(page), reference(page), "{page:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        #[test]
        fn tokenizer_agrees_with_lol_html(parts in proptest::collection::vec(proptest::sample::select(vec![
            "<title>", "</title>", "<TITLE x=1>", "</title ", "<textarea>", "</textarea>", "<style>", "</style>",
            "<xmp>", "</xmp>", "<plaintext>", "<p>", "</p>", "<b class='c'>", "</b>", "<br/>", "<div id=a/>",
            "<svg/>", "<svg>", "</svg>", "<math>", "</math>", "<mi>", "</mi>", "<![CDATA[", "]]>", "<!--", "-->",
            "--!>", "<!-->", "<!", "<?", "</>", "</ ", "<", ">", "/", "=", "\"", "'", "-", "!", "a", " ", "\n",
            "é", "&amp;", "&", "<!DOCTYPE html>", "<!doctype html public \"-//w3c//dtd html 3.2//en\">",
            "<!DOCTYPE x SYSTEM 's'>", "<noscript>", "</noscript>",
        ]), 0..24)) {
            let page = parts.concat();
            // As `html_blocks` reads a page: `<noscript>` renamed, scripts and styles dropped.
            let page = prepare_html(&page, MAX_DEPTH);
            prop_assert_eq!(ours(&page), reference(&page), "{:?}", page);
        }
    }

    #[test]
    fn tag_props_are_the_tag_functions_table() {
        for tag in KNOWN_TAGS.iter().copied().chain(["custom-element", "x", "blockquotes", "abcdefghijklmnopq"]) {
            assert_eq!(tag_props(tag), TagProps::of(tag), "{tag}");
        }
        assert!(tag_props("p").block && !tag_props("p").skipped);
        assert!(tag_props("script").skipped && tag_props("nav").flags & IN_NAV != 0);
        assert!(!tag_props("custom-element").block);
    }

    #[test]
    fn known_tag_is_membership_in_known_tags_table() {
        for &tag in KNOWN_TAGS {
            assert_eq!(known_tag(tag), Some(tag));
            assert!(tag.len() <= KNOWN_MAX_LEN && tag.bytes().all(|b| !b.is_ascii_uppercase()), "{tag}");
        }
        let cases = ["", "h7", "hh", "DIV", "div2", "my-widget", "abrege-noscripts", "é", "1a", "-", "span ", "ah"];
        for name in cases {
            assert_eq!(known_tag(name), None, "{name:?}");
        }
    }

    #[test]
    fn below_combining_means_nfc_and_nothing_invisible_table() {
        // The claim behind the shortcut, for every character it lets through.
        for c in (0..0x300).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            if below_combining(text.as_bytes()) {
                assert!(!has_invisible(&text) && is_nfc_quick(text.chars()) == IsNormalized::Yes, "{c:?}");
            }
        }
        for (text, want) in [
            ("", true),
            ("plain", true),
            ("réaction à Noël, ÿ ł ș", true),
            ("réac\u{ad}tion", false),
            ("cafe\u{301}", false),
            ("zéro\u{200b}", false),
            ("東京", false),
        ] {
            assert_eq!(below_combining(text.as_bytes()), want, "{text:?}");
        }
    }

    #[test]
    fn push_text_makes_each_whitespace_one_space_table() {
        // The rule a character at a time, as it was written before the byte loop.
        fn by_chars(buf: &mut String, link_chars: &mut usize, linked: bool, text: &str) {
            let mut word = 0;
            for (i, c) in text.char_indices() {
                if c.is_whitespace() {
                    buf.push_str(&text[word..i]);
                    if !buf.ends_with([' ', '\n']) {
                        buf.push(' ');
                    }
                    word = i + c.len_utf8();
                } else if linked {
                    *link_chars += 1;
                }
            }
            buf.push_str(&text[word..]);
        }
        let texts = [
            "",
            " ",
            "a b",
            "  deux  espaces ",
            "ligne\nsuivante\r\n\tfin",
            "\u{a0}insécable\u{a0}\u{a0}x",
            "em\u{2003}space\u{3000}ideo",
            "\u{b}\u{c}\u{1f}x\u{85}y",
            "é à ü ł",
            "  \t\n  mixed\u{a0} \u{a0}x  \n",
            "\u{1}ctl\u{7f} x\u{2028}\u{2029}y",
            "word",
            "two words then\n\n\n        indented",
        ];
        for start in ["", "x", "x ", "x\n"] {
            for text in texts {
                for linked in [false, true] {
                    let mut b =
                        Builder { buf: start.to_string(), link_depth: usize::from(linked), ..Builder::default() };
                    b.push_text(text);
                    let (mut want, mut chars) = (start.to_string(), 0);
                    by_chars(&mut want, &mut chars, linked, text);
                    assert_eq!((b.buf.as_str(), b.link_chars), (want.as_str(), chars), "{start:?} + {text:?}");
                }
            }
        }
    }
}
