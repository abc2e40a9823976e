//! Stage 4, **body**: keep the article, drop the page around it.
//!
//! Input: [`Blocks`] and the document's [`Detection`]. Output: [`Body`]: the
//! title when found, the kept blocks (standfirst, paragraphs, subheadings)
//! and one [`Decision`] with its [`Reason`] per input block, which
//! `--explain` shows. Title, date and byline lines are decisions with their
//! reason; the `meta` stage reads the date and author from them.
//!
//! The method follows jusText's idea for plain text, extended with cues:
//! each block is first classified alone (length, stopword density, link
//! density, boilerplate cue lexicons from `src/lang/*/cues.txt`, DOM
//! landmarks and class/id cues for HTML), then short blocks are judged by
//! their neighbours, and an end-of-article marker ("Partager l'article",
//! "Related stories") cuts the teaser tail.
//!
//! HTML first finds the element that holds the article, readability-style
//! (running-text paragraphs vote for their ancestors, class/id cues from
//! `src/lang/common/html_cues.txt` weigh in, link density discounts; the
//! container then grows over an article cut into sections). Blocks outside
//! it are dropped; inside it the page vouches for short blocks, and only
//! the elements below the container (not a page-wide "social" wrapper or
//! `<form>`) count as landmarks and class cues. Linear in blocks × depth.
//!
//! The rules' thresholds and weights are data: `BodyConfig.weights`, read
//! from `src/body/weights.txt` (`docs/body-fit.md` says how they are fitted
//! and checked source by source).

use crate::blocks::{Block, BlockKind, Blocks, NodeInfo, non_space_chars};
use crate::config::{Bias, BodyConfig, BodyWeights};
use crate::detect::{Detection, foreign_language};
use crate::lang::{Lang, fold_word, is_alphanumeric, may_have_apostrophe, normalize_line};
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The article found in a page. Its blocks and decisions borrow the text of
/// the page's blocks: on a large input a copy of each was twice the input.
#[derive(Debug, Clone, Default)]
pub struct Body<'a> {
    /// The title block's text, else the head's title (segment weighs its words).
    pub title: Option<String>,
    /// Kept blocks, in order.
    pub blocks: Vec<BodyBlock<'a>>,
    /// One decision per input block, in order.
    pub decisions: Vec<Decision<'a>>,
}

impl Body<'_> {
    /// The kept blocks joined by blank lines (the `body` of `abrege extract`).
    pub fn text(&self) -> String {
        self.blocks.iter().map(|b| &*b.text).collect::<Vec<_>>().join("\n\n")
    }
}

/// A kept block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyBlock<'a> {
    pub text: Cow<'a, str>,
    /// A subheading: shown in the body, never picked as a sentence.
    pub heading: bool,
    /// Where it stood relative to the element that holds the article
    /// (rank's purity prior weighs it: a standfirst kept from the page's header is outside).
    pub container: Container,
    /// Its role in the source (`None`: built by hand). Rank's purity prior
    /// weighs it: text set loose in a `<div>` or a table's cell is less often the article's.
    pub kind: Option<BlockKind>,
}

/// Where a kept block stood relative to the element that holds the article.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum Container {
    /// Plain text, or no container found.
    #[default]
    Unknown,
    Inside,
    /// Kept from outside it (the standfirst rule).
    Outside,
}

/// What happened to one block, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Decision<'a> {
    pub keep: bool,
    pub reason: Reason,
    pub text: Cow<'a, str>,
}

impl Decision<'_> {
    /// The decision with its own copy of the text, to outlive the page's blocks (`--explain`).
    pub fn into_owned(self) -> Decision<'static> {
        Decision { keep: self.keep, reason: self.reason, text: Cow::Owned(self.text.into_owned()) }
    }
}

/// Why a block was kept or dropped.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Reason {
    /// Kept: a paragraph of running text.
    Paragraph,
    /// Kept: a short text between paragraphs of the article.
    Context,
    /// Kept: a subheading of the article.
    Subheading,
    /// The article's title (shown apart, not in the body).
    Title,
    /// A date line.
    Date,
    /// An author line.
    Byline,
    /// Menus and labels before the title.
    BeforeTitle,
    /// A boilerplate cue from the language data (the cue is given).
    Cue(String),
    /// After an end-of-article marker (the marker is given).
    Tail(String),
    /// A video duration or clock time alone.
    Timestamp,
    /// Mostly link text.
    Links,
    /// Inside `<nav>`, `<footer>`, `<aside>`… (the element is given).
    Landmark(String),
    /// A class or id that names boilerplate (the word is given).
    ClassCue(String),
    /// Too short to be running text, and not between paragraphs.
    Short,
    /// Seen before in the page.
    Duplicate,
    /// In a language that is neither French nor English (its name is given).
    Foreign(String),
    /// Body extraction was switched off: everything is kept.
    Unfiltered,
    /// Outside the element that holds the article (HTML).
    Outside,
    /// Running text far from the article, in a much smaller group (plain text: a teaser's blurb).
    Apart,
}

impl Reason {
    /// A stable identifier, used for the Fluent message `reason-<id>`.
    pub fn id(&self) -> &'static str {
        match self {
            Reason::Paragraph => "paragraph",
            Reason::Context => "context",
            Reason::Subheading => "subheading",
            Reason::Title => "title",
            Reason::Date => "date",
            Reason::Byline => "byline",
            Reason::BeforeTitle => "before-title",
            Reason::Cue(_) => "cue",
            Reason::Tail(_) => "tail",
            Reason::Timestamp => "timestamp",
            Reason::Links => "links",
            Reason::Landmark(_) => "landmark",
            Reason::ClassCue(_) => "class-cue",
            Reason::Short => "short",
            Reason::Duplicate => "duplicate",
            Reason::Foreign(_) => "foreign",
            Reason::Unfiltered => "unfiltered",
            Reason::Outside => "outside",
            Reason::Apart => "apart",
        }
    }

    /// The detail shown with the reason, if any.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Reason::Cue(s) | Reason::Tail(s) | Reason::Landmark(s) | Reason::ClassCue(s) | Reason::Foreign(s) => {
                Some(s)
            }
            _ => None,
        }
    }
}

/// How a block looks on its own, before its neighbours are considered.
#[derive(Debug, Clone, PartialEq)]
enum Class {
    /// Running text: long, full of stopwords.
    Good,
    /// Medium length or stopword density: kept next to good blocks.
    NearGood,
    /// Short: kept only as a subheading or between good blocks.
    Short,
    /// Ends the article.
    End(String),
    Bad(Reason),
}

/// Class/id cues of HTML elements (`src/lang/common/html_cues.txt`).
struct HtmlCues {
    /// Substrings that make an element a likelier article container
    /// (searched all at once: one pass over an element's classes, not one per cue).
    positive: AhoCorasick,
    /// Substrings that make it a less likely one.
    negative: AhoCorasick,
    /// Class tokens that mark a boilerplate element inside the article.
    drop: HashSet<String>,
    /// Class tokens of pop-ups laid over the page, whose text never votes.
    overlay: HashSet<String>,
}

fn html_cues() -> &'static HtmlCues {
    static CUES: OnceLock<HtmlCues> = OnceLock::new();
    CUES.get_or_init(|| {
        let (mut positive, mut negative) = (Vec::new(), Vec::new());
        let (mut drop, mut overlay) = (HashSet::default(), HashSet::default());
        for line in crate::lang::COMMON.html_cues.lines() {
            let Some((category, word)) = line.split_once('\t') else { continue };
            let word = word.trim().to_string();
            match category.trim() {
                "positive" => positive.push(word),
                "negative" => negative.push(word),
                "drop" => {
                    drop.insert(word);
                }
                "overlay" => {
                    overlay.insert(word);
                }
                _ => {}
            }
        }
        // (A few dozen plain substrings: the automaton cannot fail to build.)
        let automaton = |words: Vec<String>| AhoCorasick::new(words).expect("html_cues.txt: substring cues");
        HtmlCues { positive: automaton(positive), negative: automaton(negative), drop, overlay }
    })
}

/// The block-level elements of an HTML page, with what classify asks of
/// each: many blocks share an ancestor, so its class tokens are read once,
/// when first asked.
struct Nodes<'a> {
    info: &'a [NodeInfo],
    /// The first class/id token of each element that marks boilerplate (`drop` in `html_cues.txt`).
    drop_cue: Vec<std::cell::OnceCell<Option<&'a str>>>,
}

impl<'a> Nodes<'a> {
    fn new(info: &'a [NodeInfo]) -> Nodes<'a> {
        Nodes { info, drop_cue: info.iter().map(|_| std::cell::OnceCell::new()).collect() }
    }

    fn drop_cue(&self, node: u32) -> Option<&'a str> {
        let (info, cell) = (self.info.get(node as usize)?, self.drop_cue.get(node as usize)?);
        *cell.get_or_init(|| {
            let drop = &html_cues().drop;
            // (Split on the bytes: a character that is not ASCII separates as each of its bytes does,
            // and the empty tokens between are no cue.)
            info.cues
                .as_bytes()
                .split(|b| !b.is_ascii_alphanumeric())
                .filter(|t| !t.is_empty())
                .filter_map(|t| std::str::from_utf8(t).ok())
                .find(|t| drop.contains(*t))
        })
    }
}

/// Where a block stands relative to the article's container (HTML only).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Placement {
    /// Plain text, or no container found: the whole page is judged.
    Unknown,
    /// Outside the container.
    Outside,
    /// Inside; the container is at this index of the block's path.
    Inside(usize),
}

/// Extracts the article from the blocks.
pub fn body<'a>(blocks: &'a Blocks, detection: &Detection, cfg: &BodyConfig) -> Body<'a> {
    body_with(blocks, detection, cfg, None)
}

/// [`body`], with each block's [`WordStats`] in the detected language
/// already counted (the summary's pipeline counts them in the scan that
/// also reads the sentences' terms); counted here when `None`.
pub fn body_with<'a>(
    blocks: &'a Blocks,
    detection: &Detection,
    cfg: &BodyConfig,
    stats: Option<Vec<WordStats>>,
) -> Body<'a> {
    let items = &blocks.blocks;
    if !cfg.enabled {
        return Body {
            blocks: items.iter().map(|b| kept(b, b.is_heading(), Placement::Unknown)).collect(),
            decisions: items.iter().map(|b| decision(b, true, Reason::Unfiltered)).collect(),
            ..Body::default()
        };
    }
    let lang = detection.lang.unwrap_or(Lang::En);
    let w = &cfg.weights;
    // Stopword density in the article's language: the container search, each
    // block's class and the foreign-language check all use it; computed once.
    let stats: Vec<WordStats> = stats
        .filter(|s| s.len() == items.len())
        .unwrap_or_else(|| items.iter().map(|b| word_stats(&b.text, lang)).collect());
    let (n_words, density): (Vec<usize>, Vec<f64>) = stats.iter().map(|s| (s.words, s.density)).unzip();
    let placements = find_container(blocks, &density, w);
    // Cue matching, duplicates and the title all compare normalised lines: normalise once.
    let (norms, copy_of) = normalized(blocks, &stats);
    let nodes = Nodes::new(&blocks.nodes);
    let mut classes: Vec<Class> = items
        .iter()
        .zip(&placements)
        .zip(&norms)
        .zip(density.iter().zip(&n_words))
        .map(|(((b, &place), norm), (&density, &n_words))| {
            classify(b, norm.as_deref().unwrap_or_default(), (n_words, density), &nodes, place, lang, cfg)
        })
        .collect();
    mark_duplicates(blocks, &copy_of, &placements, &mut classes);
    keep_slideshow_captions(items, &placements, &mut classes);
    // A short article has no long paragraph: its best blocks are its paragraphs.
    if !classes.contains(&Class::Good) {
        for c in classes.iter_mut().filter(|c| **c == Class::NearGood) {
            *c = Class::Good;
        }
    }
    // Still none (a language without our stopwords, forced with --lang): length alone decides.
    if !classes.contains(&Class::Good) {
        for (c, b) in classes.iter_mut().zip(items) {
            if *c == Class::Short && b.text.chars().count() as f64 >= w.fallback_chars && ends_sentence(&b.text) {
                *c = Class::Good;
            }
        }
    }

    // The title: HTML says it; in text it is the fullest short line before the article starts.
    let first_good = classes.iter().position(|c| *c == Class::Good).unwrap_or(items.len());
    let title_at = find_title(blocks, &norms, &classes, first_good);
    let title = title_at.map(|i| items[i].text.clone()).or_else(|| blocks.meta.head_title());
    // The standfirst often sits between the title and the container, in the page's header.
    if let Some(t) = title_at {
        let start = placements.iter().position(|p| matches!(p, Placement::Inside(_))).unwrap_or(0);
        let first_path = items.get(start).and_then(|b| b.html.as_ref()).map_or(&[][..], |h| &h.path[..]);
        // Judged as if inside the element it shares with the article (the page's <header> is
        // not boilerplate there). Only running text: a caption in a <div> lacks its full stop;
        // key points are a list.
        let standfirst = (t + 1..start)
            .filter(|&i| {
                let Some(h) = &items[i].html else { return false };
                let shared = h.path.iter().zip(first_path).take_while(|(a, b)| a == b).count();
                // (60 bytes: the least a good paragraph has, checked before the costlier classify.)
                placements[i] == Placement::Outside
                    && shared > 0
                    && items[i].text.len() as f64 >= w.standfirst_bytes
                    && (items[i].kind == BlockKind::Paragraph
                        || (items[i].kind == BlockKind::Container && ends_sentence(&items[i].text)))
                    && classify(
                        &items[i],
                        norms[i].as_deref().unwrap_or_default(),
                        (n_words[i], density[i]),
                        &nodes,
                        Placement::Inside(shared - 1),
                        lang,
                        cfg,
                    ) == Class::Good
            })
            .take(2)
            .collect::<Vec<_>>();
        for i in standfirst {
            classes[i] = Class::Good;
        }
    }

    // Running text before each block, and the next end marker from each (for early markers).
    let mut good_upto = Vec::with_capacity(items.len() + 1);
    good_upto.push(0);
    for (c, b) in classes.iter().zip(items) {
        good_upto.push(good_upto.last().copied().unwrap_or(0) + if *c == Class::Good { b.text.len() } else { 0 });
    }
    let mut next_end = vec![items.len(); items.len() + 1];
    for j in (0..items.len()).rev() {
        next_end[j] = if matches!(classes[j], Class::End(_)) { j } else { next_end[j + 1] };
    }

    let mut reasons: Vec<(bool, Reason)> = Vec::with_capacity(items.len());
    let mut in_tail: Option<String> = None;
    for (i, class) in classes.iter().enumerate() {
        if Some(i) == title_at {
            reasons.push((false, Reason::Title));
            continue;
        }
        if title_at.is_some_and(|t| i < t) && blocks.blocks[i].html.is_none() {
            reasons.push((false, Reason::BeforeTitle));
            continue;
        }
        if let Some(marker) = &in_tail {
            // A run of three good blocks (photo credits and other boilerplate
            // between them aside), maybe under a subheading, means the
            // article goes on after an inline marker ("À lire aussi").
            let heading = *class != Class::Good && looks_like_heading(&items[i], w) && !ends_sentence(&items[i].text);
            let from = if heading { i + 1 } else { i };
            let resumes = resumes_after(items, &classes, from, w);
            if !resumes {
                reasons.push((false, Reason::Tail(marker.clone())));
                continue;
            }
            in_tail = None;
            if heading {
                reasons.push((true, Reason::Subheading));
                continue;
            }
        }
        let decided = match class {
            Class::Good => (true, Reason::Paragraph),
            Class::Bad(r) => (false, r.clone()),
            Class::End(marker) => {
                // In HTML the container already bounds the article: a marker inside it ends nothing.
                if i > first_good
                    && !matches!(placements[i], Placement::Inside(_))
                    && !early_marker(&good_upto, &next_end, i, w)
                {
                    in_tail = Some(marker.clone());
                    (false, Reason::Tail(marker.clone()))
                } else {
                    (false, Reason::Cue(marker.clone()))
                }
            }
            // Inside the article's container, the page itself vouches for short blocks.
            Class::NearGood | Class::Short
                if matches!(placements[i], Placement::Inside(_)) && cfg.bias != Bias::Precision =>
            {
                if items[i].is_heading() { (true, Reason::Subheading) } else { (true, Reason::Context) }
            }
            Class::NearGood | Class::Short => judge_by_context(items, &classes, i, cfg),
        };
        reasons.push(decided);
    }

    if items.first().is_some_and(|b| b.html.is_none()) {
        drop_apart(items, &mut reasons, w);
    }

    // Per-block language: a paragraph in a third language is not the article's,
    // unless most of the article is in it (a page that is not French or English).
    let kept_chars: usize = reasons.iter().zip(items).filter(|((keep, _), _)| *keep).map(|(_, b)| b.text.len()).sum();
    let (mut foreign, mut foreign_chars): (Vec<(usize, &'static str)>, usize) = (Vec::new(), 0);
    for (i, (keep, _)) in reasons.iter().enumerate() {
        // Once half the kept text is foreign, the page is in that language and
        // nothing is dropped: the other paragraphs need no detector (it is
        // the costliest step of the stage, on a page in a third language).
        if 2 * foreign_chars >= kept_chars {
            break;
        }
        // Running text full of French or English stopwords is not foreign:
        // the costly detector runs only on the few doubtful paragraphs.
        if *keep
            && !cfg.keep_foreign
            && density[i] < 0.2
            // (Counted up to the twelfth word only: a paragraph has hundreds.)
            && items[i].text.split_whitespace().nth(11).is_some()
            && word_stats(&items[i].text, other(lang)).density < 0.2
            && let Some((_, name)) = foreign_language(&items[i].text)
        {
            foreign.push((i, name));
            foreign_chars += items[i].text.len();
        }
    }
    if 2 * foreign_chars < kept_chars {
        for (i, name) in foreign {
            reasons[i] = (false, Reason::Foreign(name.to_string()));
        }
    }

    let kept = reasons
        .iter()
        .zip(items.iter().zip(&placements))
        .filter(|((keep, _), _)| *keep)
        .map(|((_, reason), (b, &place))| kept(b, *reason == Reason::Subheading, place))
        .collect();
    let decisions = reasons.into_iter().zip(items).map(|((keep, reason), b)| decision(b, keep, reason)).collect();
    let mut body = Body { title, blocks: kept, decisions };
    keep_a_brief(&mut body, w);
    body
}

/// A news brief of a sentence or two has no paragraph of running text to
/// stand beside, and its blocks are dropped as too short. When nothing at
/// all was kept, the short blocks that read as whole sentences (four words
/// or more, closing punctuation) are the article; furniture dropped for any
/// other reason stays dropped.
fn keep_a_brief(body: &mut Body, w: &BodyWeights) {
    if !body.blocks.is_empty() {
        return;
    }
    for d in &mut body.decisions {
        let text = d.text.trim_end();
        let sentence = text.ends_with(['.', '!', '?', '…', '»', '”', '"'])
            && text.split_whitespace().count() as f64 >= w.brief_words;
        if !d.keep && d.reason == Reason::Short && sentence {
            d.keep = true;
            d.reason = Reason::Paragraph;
            // (Its container is left unknown: a brief's page had no article to bound.)
            body.blocks.push(BodyBlock { text: d.text.clone(), ..BodyBlock::default() });
        }
    }
}

/// Plain text has no container to bound the article, but the article is
/// one stretch of the page: kept blocks form groups (fewer than `apart_gap`
/// dropped blocks between two of them), and a group much smaller than the
/// largest one (under `apart_share` of its text), with junk all around it,
/// is a teaser's blurb or a stray line.
fn drop_apart(items: &[Block], reasons: &mut [(bool, Reason)], w: &BodyWeights) {
    let kept: Vec<usize> = (0..reasons.len()).filter(|&i| reasons[i].0).collect();
    let mut groups: Vec<(usize, usize, usize)> = Vec::new(); // (first, last, chars) of kept blocks
    for &i in &kept {
        let chars = items[i].text.len();
        match groups.last_mut() {
            Some(g) if (i - g.1) as f64 <= w.apart_gap => {
                g.1 = i;
                g.2 += chars;
            }
            _ => groups.push((i, i, chars)),
        }
    }
    let largest = groups.iter().map(|g| g.2).max().unwrap_or(0);
    for &(first, last, chars) in &groups {
        if (chars as f64) < w.apart_share * largest as f64 {
            for r in reasons[first..=last].iter_mut().filter(|r| r.0) {
                *r = (false, Reason::Apart);
            }
        }
    }
}

/// A kept block, with where it stood relative to the container (the
/// placement's depth is the body's own business).
fn kept(b: &Block, heading: bool, place: Placement) -> BodyBlock<'_> {
    let container = match place {
        Placement::Unknown => Container::Unknown,
        Placement::Inside(_) => Container::Inside,
        Placement::Outside => Container::Outside,
    };
    BodyBlock { text: Cow::Borrowed(&b.text), heading, container, kind: Some(b.kind) }
}

fn decision(b: &Block, keep: bool, reason: Reason) -> Decision<'_> {
    Decision { keep, reason, text: Cow::Borrowed(&b.text) }
}

/// The words of a text: runs of letters, digits, apostrophes (`'`, `’`) and hyphens.
fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// The word scanner: ASCII bytes are classed by a table, and only the other
/// characters are decoded (most of a French text is ASCII too).
struct Words<'a> {
    text: &'a str,
    at: usize,
}

/// A word's bytes in the text, and what the scanner saw in it.
struct Span {
    start: usize,
    end: usize,
    /// Where its first ASCII apostrophe is.
    apostrophe: Option<usize>,
    /// All ASCII.
    ascii: bool,
}

const SEPARATOR: u8 = 0;
const WORD_BYTE: u8 = 1;
const APOSTROPHE: u8 = 2;
const NON_ASCII: u8 = 3;

/// The class of each byte for [`Words`].
static BYTE_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\'' => APOSTROPHE,
            b'-' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => WORD_BYTE,
            _ => SEPARATOR,
        };
        b += 1;
    }
    t
};

/// A character that belongs to a word (its ASCII ones are in [`BYTE_CLASS`]).
fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || c == '\'' || c == '\u{2019}' || c == '-'
}

impl Words<'_> {
    /// The character at byte `i`, a boundary (a space if it is not: a separator).
    fn char_at(&self, i: usize) -> char {
        self.text.get(i..).and_then(|s| s.chars().next()).unwrap_or(' ')
    }

    #[inline(always)]
    fn next_span(&mut self) -> Option<Span> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        // Up to the word's first character.
        loop {
            while i < bytes.len() && BYTE_CLASS[bytes[i] as usize] == SEPARATOR {
                i += 1;
            }
            if i >= bytes.len() {
                self.at = i;
                return None;
            }
            if bytes[i].is_ascii() {
                break;
            }
            let c = self.char_at(i);
            if is_word_char(c) {
                break;
            }
            i += c.len_utf8();
        }
        let start = i;
        let (mut apostrophe, mut ascii) = (None, true);
        while i < bytes.len() {
            // (Most of a word's bytes: a tight loop.)
            while i < bytes.len() && BYTE_CLASS[bytes[i] as usize] == WORD_BYTE {
                i += 1;
            }
            let Some(&b) = bytes.get(i) else { break };
            match BYTE_CLASS[b as usize] {
                WORD_BYTE => i += 1,
                SEPARATOR => break,
                APOSTROPHE => {
                    apostrophe = apostrophe.or(Some(i));
                    i += 1;
                }
                _ => {
                    let c = self.char_at(i);
                    if !is_word_char(c) {
                        break;
                    }
                    ascii = false;
                    i += c.len_utf8();
                }
            }
        }
        self.at = i;
        Some(Span { start, end: i, apostrophe, ascii })
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let span = self.next_span()?;
        self.text.get(span.start..span.end)
    }
}

/// The words of a block, as [`word_stats`] counts them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordStats {
    pub words: usize,
    /// Words with a letter, digit or apostrophe (not only hyphens): each
    /// leaves at least a byte in the normalised line, and a separator between two.
    pub lettered: usize,
    /// The share of the words that are stopwords.
    pub density: f64,
}

/// What [`word_stats`] counts, as sums: the counts of two pieces of a text
/// cut between words add up to the whole text's.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WordCounts {
    pub words: usize,
    /// Words that are stopwords of the language (elided forms count).
    pub stopwords: usize,
    /// Words of hyphens only.
    pub hyphens: usize,
}

impl WordCounts {
    pub fn add(&mut self, other: WordCounts) {
        self.words += other.words;
        self.stopwords += other.stopwords;
        self.hyphens += other.hyphens;
    }

    pub fn stats(self) -> WordStats {
        let n = self.words;
        WordStats {
            words: n,
            lettered: n - self.hyphens,
            density: if n == 0 { 0.0 } else { self.stopwords as f64 / n as f64 },
        }
    }
}

/// Whether the character at byte `at` of `text` (a character boundary)
/// ends a word as [`word_stats`] reads words, wherever it stands: any but a
/// letter, digit, `'`, `’` or `-`. The end of the text does too. A text cut
/// next to one is cut between words.
#[inline]
pub fn separates_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => true,
        Some(&b) if b.is_ascii() => BYTE_CLASS[usize::from(b)] == SEPARATOR,
        Some(_) => text.get(at..).and_then(|s| s.chars().next()).is_none_or(|c| !is_word_char(c)),
    }
}

/// [`separates_at`] for the character that ends at byte `at` (the start of the text does).
#[inline]
pub fn separates_before(text: &str, at: usize) -> bool {
    match at.checked_sub(1).and_then(|i| text.as_bytes().get(i)) {
        None => true,
        Some(&b) if b.is_ascii() => BYTE_CLASS[usize::from(b)] == SEPARATOR,
        Some(_) => text.get(..at).and_then(|s| s.chars().next_back()).is_none_or(|c| !is_word_char(c)),
    }
}

/// Whether every byte of `gap` is an ASCII byte that [`separates_at`]: a gap without words.
#[inline]
pub fn only_separators(gap: &[u8]) -> bool {
    gap.iter().all(|&b| BYTE_CLASS[usize::from(b)] == SEPARATOR)
}

/// The number of words of a text, and the share of them that are stopwords
/// of `lang` (elided forms count).
fn word_stats(text: &str, lang: Lang) -> WordStats {
    word_counts(text, lang).stats()
}

/// [`word_stats`]' counts of `text`.
pub fn word_counts(text: &str, lang: Lang) -> WordCounts {
    let data = lang.data();
    let max_len = data.stopword_max_len();
    let (mut n, mut hits, mut hyphens) = (0usize, 0usize, 0usize);
    let mut buf = String::new();
    let mut scan = words(text);
    while let Some(Span { start, end, apostrophe, ascii }) = scan.next_span() {
        n += 1;
        // (Only a word that starts with one is looked at again.)
        if text.as_bytes().get(start..end).is_some_and(|w| w.first() == Some(&b'-') && w.iter().all(|&b| b == b'-')) {
            hyphens += 1;
        }
        let is_stop = if ascii {
            // Lowercased in the lookup's key, not in a string. A word longer
            // than any stopword is none, but its elision may be (`qu'aujourd'hui`).
            let bytes = text.as_bytes();
            data.is_ascii_stopword_in(bytes, start, end)
                || apostrophe.is_some_and(|p| data.is_ascii_stopword_in(bytes, start, p))
        } else {
            let Some(w) = text.get(start..end) else { continue };
            if w.len() > max_len && !may_have_apostrophe(w) {
                continue;
            }
            // Most: French letters and no apostrophe, lowercased in the lookup's key.
            if apostrophe.is_none()
                && let Some(stop) = data.is_latin1_stopword(w.as_bytes())
            {
                hits += usize::from(stop);
                continue;
            }
            let lower = fold_word(w, &mut buf);
            // (The elision's search only for a word that is no stopword itself.)
            data.is_stopword(lower) || lower.split_once('\'').is_some_and(|(head, _)| data.is_stopword(head))
        };
        hits += usize::from(is_stop);
    }
    WordCounts { words: n, stopwords: hits, hyphens }
}

/// The normalised line of each block that is read for a cue or the title,
/// and for each block the first block whose normalised line is the same
/// (itself when none is), for duplicates. A long paragraph of plain text
/// needs its line only to be told from the other blocks: it is compared (by
/// hash, then in full) unless no other block could have the same normalised
/// length, bounded below by its lettered words and above by twice its bytes
/// (lowercase is at most 1.5 times longer), and not kept: on a large input
/// the kept lines were a copy of the page. The cue checks that would read it
/// ask for shorter lines (and no cue is the empty line); in HTML a line longer
/// than twice the head's titles cannot be one of them.
fn normalized(blocks: &Blocks, stats: &[WordStats]) -> (Vec<Option<String>>, Vec<usize>) {
    let items = &blocks.blocks;
    let html = items.first().is_some_and(|b| b.html.is_some());
    let cue_len = Lang::ALL.iter().map(|l| l.data().cues.longest_line()).max().unwrap_or(0);
    let meta = &blocks.meta;
    let title_most = 2 * [&meta.og_title, &meta.title].into_iter().flatten().map(String::len).max().unwrap_or(0);
    let least = |i: usize| (2 * stats[i].lettered).saturating_sub(1);
    let most = |i: usize| 2 * items[i].text.len();
    // Whether block `i`'s possible lengths meet another block's: sorted by least length.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| least(i));
    let mut may_repeat = vec![false; items.len()];
    let mut reach = None;
    for (k, &i) in order.iter().enumerate() {
        let after = order.get(k + 1).is_some_and(|&j| least(j) <= most(i));
        may_repeat[i] = after || reach.is_some_and(|r| least(i) <= r);
        reach = Some(reach.map_or(most(i), |r: usize| r.max(most(i))));
    }
    let mut norms: Vec<Option<String>> = Vec::with_capacity(items.len());
    let mut copy_of = Vec::with_capacity(items.len());
    // The blocks that first had each line, by the line's hash; the lines of
    // those not kept, once a later block's hash matched theirs.
    let mut firsts: rustc_hash::FxHashMap<u64, Vec<usize>> = Default::default();
    let mut first_lines: rustc_hash::FxHashMap<usize, String> = Default::default();
    for (i, b) in items.iter().enumerate() {
        let read = stats[i].words <= LONGEST_CUED_WORDS || least(i) <= cue_len || (html && least(i) <= title_most);
        if !(read || html || may_repeat[i]) {
            norms.push(None);
            copy_of.push(i);
            continue;
        }
        let line = normalize_line(&b.text);
        let firsts = firsts.entry(std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, &line)).or_default();
        let same = firsts.iter().copied().find(|&j| match &norms[j] {
            Some(first) => *first == line,
            None => *first_lines.entry(j).or_insert_with(|| normalize_line(&items[j].text)) == line,
        });
        if same.is_none() {
            firsts.push(i);
        }
        copy_of.push(same.unwrap_or(i));
        norms.push(read.then_some(line));
    }
    (norms, copy_of)
}

/// The most words a line can have and still be checked for a cue phrase (see [`classify`]).
const LONGEST_CUED_WORDS: usize = 80;

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['»', '"', '”', ')', '\'', '’', ' ', '\u{a0}']).ends_with(['.', '!', '?', '…', ':'])
}

fn is_timestamp(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.len() <= 12
        && t.contains(':')
        && t.chars().all(|c| c.is_ascii_digit() || c == ':' || c == ' ' || c == 'h')
}

fn mentions_year(text: &str) -> bool {
    words(text).any(|w| w.len() == 4 && w.starts_with(['1', '2']) && w.chars().all(|c| c.is_ascii_digit()))
}

/// `text.split_whitespace().nth(n).is_some()`, read on the bytes: only the
/// lead bytes of the non-ASCII spaces (C2, E1, E2, E3) are decoded.
fn has_more_words(text: &str, n: usize) -> bool {
    let bytes = text.as_bytes();
    let (mut words, mut in_word) = (0, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = match b {
            b' ' | b'\t'..=b'\r' => (true, 1),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = text.get(i..).and_then(|rest| rest.chars().next()).unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
            _ => (false, 1),
        };
        if !space && !in_word {
            words += 1;
            if words > n {
                return true;
            }
        }
        in_word = !space;
        i += len;
    }
    false
}

/// Looks like "12 mars 2025", "March 3, 2025", "2025-03-12" or "12/03/2025".
fn looks_like_date(text: &str) -> bool {
    // Both kinds need digits (a year, or three numbers), and no other
    // character lowercases to one: most lines have none and are no date.
    // (Digits first: searched 64 bytes at a time, branch-free, they say no to most lines.)
    let digits =
        text.as_bytes().chunks(64).any(|chunk| chunk.iter().fold(0u8, |n, &b| n | u8::from(b.is_ascii_digit())) != 0);
    if !digits || has_more_words(text, 14) {
        return false;
    }
    // Three numbers joined by `/`, `-` or `.`: read on the bytes (lowercase
    // changes none of them, and a non-ASCII character only separates).
    let numeric = text
        .as_bytes()
        .split(|&b| !(b.is_ascii_digit() || matches!(b, b'/' | b'-' | b'.')))
        .any(|tok| tok.split(|b| matches!(b, b'/' | b'-' | b'.')).filter(|p| !p.is_empty()).take(4).count() == 3);
    if numeric {
        return true;
    }
    let lower = text.to_lowercase();
    // The month's lookups (a word at a time, in each language) only once a year is seen.
    mentions_year(&lower)
        && Lang::ALL.iter().any(|l| words(&lower).any(|w| l.data().months.contains(w.trim_end_matches('.'))))
}

fn classify(
    b: &Block,
    norm: &str,
    (n_words, density): (usize, f64),
    nodes: &Nodes,
    place: Placement,
    lang: Lang,
    cfg: &BodyConfig,
) -> Class {
    let w = &cfg.weights;
    let text = b.text.as_str();
    if place == Placement::Outside {
        return Class::Bad(Reason::Outside);
    }
    if n_words == 0 && !text.chars().any(char::is_alphanumeric) {
        return Class::Bad(Reason::Short);
    }
    if is_timestamp(text) {
        return Class::Bad(Reason::Timestamp);
    }
    // Most lines hold no `contains` phrase of either language: one pass over
    // the line says so, where each language's searchers read it again.
    let may_hold_cue = std::cell::OnceCell::new();
    for l in [lang, other(lang)] {
        let cues = &l.data().cues;
        if cues.end.contains(norm) {
            return Class::End(text.trim().to_string());
        }
        if cues.line.contains(norm) {
            return Class::Bad(Reason::Cue(text.trim().to_string()));
        }
        if n_words <= 20 {
            if cues.date.opening(norm).next().is_some() {
                return Class::Bad(Reason::Date);
            }
            // "Par Claire Dubois - Publié le 3 avril 2025 à 14h32…": a byline may carry its date.
            let short = n_words <= 12 || (n_words <= 20 && mentions_year(text));
            // ("By Jane Doe on Monday, November 18th, 2019 at 11:04 a.m.": its period is the abbreviation's.)
            let dated = || {
                let end = text.trim_end();
                looks_like_date(text) && l.data().abbreviations.iter().any(|a| end.ends_with(a.text.as_str()))
            };
            if short && cues.byline.opening(norm).next().is_some() && (!ends_sentence(text) || dated()) {
                return Class::Bad(Reason::Byline);
            }
        }
        if n_words <= 30
            && let Some(p) = cues.prefix.opening(norm).next()
        {
            return Class::Bad(Reason::Cue(p.to_string()));
        }
        if n_words <= LONGEST_CUED_WORDS
            && *may_hold_cue.get_or_init(|| crate::lang::may_hold_cue(norm))
            && let Some(p) = cues.first_contained(norm)
        {
            return Class::Bad(Reason::Cue(p.to_string()));
        }
    }
    // (The cheap test first: most blocks end a sentence and need no date test.)
    if !ends_sentence(text) && looks_like_date(text) {
        return Class::Bad(Reason::Date);
    }
    if let Some(h) = &b.html {
        // Only the elements inside the article's container speak: a page
        // wrapped whole in a <form> or a "social" div is still an article.
        let from = match place {
            Placement::Inside(k) => k + 1,
            _ => h.path.len().saturating_sub(10),
        };
        let inner_ids = h.path.get(from..).unwrap_or(&[]);
        let inner: Vec<&NodeInfo> = inner_ids.iter().filter_map(|&n| nodes.info.get(n as usize)).collect();
        if let Some(tag) =
            inner.iter().map(|n| &*n.tag).find(|t| matches!(*t, "nav" | "footer" | "aside" | "form" | "figcaption"))
        {
            return Class::Bad(Reason::Landmark(tag.to_string()));
        }
        let in_header = inner.iter().any(|n| n.tag == "header");
        if in_header && !b.is_heading() && !inner.iter().any(|n| n.tag == "article") && place == Placement::Unknown {
            return Class::Bad(Reason::Landmark("header".to_string()));
        }
        if let Some(cue) = inner_ids.iter().find_map(|&n| nodes.drop_cue(n)) {
            return Class::Bad(Reason::ClassCue(cue.to_string()));
        }
        // Inside the article, a sentence that links its words is still a sentence (a teaser is a title).
        let linked_sentence =
            matches!(place, Placement::Inside(_)) && ends_sentence(text) && n_words as f64 >= w.linked_sentence_words;
        if b.link_density() > if linked_sentence { w.linked_sentence_density } else { w.link_density } {
            return Class::Bad(Reason::Links);
        }
    }
    if b.is_heading() {
        return Class::Short;
    }
    let chars = text.chars().count() as f64;
    let (mut good_chars, good_density) = match cfg.bias {
        Bias::Precision => (w.good_chars_precision, w.good_density_precision),
        Bias::Balanced => (w.good_chars_balanced, w.good_density_balanced),
        Bias::Recall => (w.good_chars_recall, w.good_density_recall),
    };
    // A paragraph that the page itself puts in its article needs less proof.
    if b.html.as_ref().is_some_and(|h| h.in_article || h.in_main) && b.kind == BlockKind::Paragraph {
        good_chars = (good_chars * w.article_chars_share).floor();
    }
    // Running text ends its sentences; a long line without a final mark is a headline.
    if chars >= good_chars && density >= good_density && (ends_sentence(text) || b.html.is_some()) {
        Class::Good
    } else if chars >= w.near_chars && density >= w.near_density {
        Class::NearGood
    } else {
        Class::Short
    }
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    }
}

/// Readability's idea: every paragraph gives points to its nearest
/// ancestors (less the farther), elements gain or lose by their tag and
/// class/id cues, and the best-scored element, discounted by its link
/// density, holds the article; its siblings that score nearly as well join
/// it. One pass over the blocks and their paths: linear in blocks × depth.
fn find_container(blocks: &Blocks, density: &[f64], w: &BodyWeights) -> Vec<Placement> {
    let items = &blocks.blocks;
    let n = blocks.nodes.len();
    let unknown = vec![Placement::Unknown; items.len()];
    if n == 0 {
        return unknown;
    }
    let (mut score, mut scored) = (vec![0.0f64; n], vec![false; n]);
    let (mut chars, mut links) = (vec![0usize; n], vec![0usize; n]);
    let mut parent = vec![u32::MAX; n];
    // Characters of running text under each element.
    let mut text_chars = vec![0usize; n];
    let cues = html_cues();
    // Whether each element is a pop-up laid over the page, read when a
    // block below it could vote (most elements hold only menus and labels).
    let mut overlay: Vec<Option<bool>> = vec![None; n];
    for (b, &density) in items.iter().zip(density) {
        let Some(h) = &b.html else { continue };
        let c = non_space_chars(&b.text);
        for (k, &node) in h.path.iter().enumerate() {
            chars[node as usize] += c;
            links[node as usize] += h.link_chars;
            if k > 0 {
                parent[node as usize] = h.path[k - 1];
            }
        }
        // Only running text votes: prices, labels and link lists do not.
        if (c as f64) < w.vote_chars
            || b.is_heading()
            || h.path.iter().any(|&node| {
                *overlay[node as usize].get_or_insert_with(|| {
                    let info = &blocks.nodes[node as usize];
                    info.tag != "body" && info.cues.split_whitespace().any(|t| cues.overlay.contains(t))
                })
            })
            || density < w.vote_density
        {
            continue;
        }
        let points = 1.0 + commas(&b.text) as f64 + (c as f64 / 100.0).min(3.0);
        let ancestors = &h.path[..h.path.len().saturating_sub(1)];
        for &node in h.path.iter() {
            text_chars[node as usize] += c;
        }
        for (level, &node) in ancestors.iter().rev().take(5).enumerate() {
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f64 * 3.0,
            };
            score[node as usize] += points / divider;
            scored[node as usize] = true;
        }
    }
    let fin: Vec<f64> = (0..n)
        .map(|i| {
            if !scored[i] {
                return f64::NEG_INFINITY;
            }
            let info = &blocks.nodes[i];
            let tag_weight = match &*info.tag {
                "div" | "article" | "main" | "section" => 5.0,
                "pre" | "td" | "blockquote" => 3.0,
                "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
                _ => 0.0,
            };
            let mut class_weight = 0.0;
            if cues.negative.is_match(&*info.cues) {
                class_weight -= w.class_weight;
            }
            if cues.positive.is_match(&*info.cues) {
                class_weight += w.class_weight;
            }
            let link_density = links[i] as f64 / chars[i].max(1) as f64;
            (score[i] + tag_weight + class_weight) * (1.0 - link_density.min(1.0))
        })
        .collect();
    let Some(top) = (0..n).filter(|&i| scored[i]).max_by(|&a, &b| fin[a].total_cmp(&fin[b])) else {
        return unknown;
    };
    // A list is part of an article, never an article by itself: its long
    // items vote for it, but the container is the element around it.
    let mut top = top;
    while matches!(&*blocks.nodes[top].tag, "ol" | "ul" | "dl")
        && parent[top] != u32::MAX
        && fin[parent[top] as usize].is_finite()
    {
        top = parent[top] as usize;
    }
    let best = top;
    let mut top = widen_container(top, &fin, &parent, &blocks.nodes);
    // An article cut into many sections: climb until the container holds
    // most of the page's running text.
    let total = text_chars.iter().copied().max().unwrap_or(0) as f64;
    while (text_chars[top] as f64) < w.min_share * total {
        let p = parent[top];
        if p == u32::MAX || matches!(&*blocks.nodes[p as usize].tag, "body" | "html") {
            break;
        }
        top = p as usize;
    }
    // Siblings of the top element that score well (or are good paragraphs) join it.
    let mut chosen = vec![false; n];
    chosen[top] = true;
    let threshold = (fin[top] * w.sibling_share).max(w.sibling_score);
    let top_parent = parent[top];
    if top_parent != u32::MAX {
        for i in 0..n {
            if parent[i] == top_parent && scored[i] && fin[i] >= threshold {
                chosen[i] = true;
            }
        }
    }
    // An article cut into sections of one template ("article-section-1",
    // "article-section-2", a newsletter's "story-text" items): the sections
    // that score well join the best one, wherever the template put them.
    let shape = |i: usize| (&*blocks.nodes[i].tag, template(&blocks.nodes[i].cues));
    let best_shape = shape(best);
    if best_shape.1.chars().any(|c| c.is_ascii_alphabetic()) && parent[best] != u32::MAX {
        let parent_shape = shape(parent[best] as usize);
        for i in 0..n {
            // The parents must match too: a class as generic as "component-content" is not a template.
            if i != best
                && scored[i]
                && fin[i] >= w.section_share * fin[best]
                && parent[i] != u32::MAX
                && shape(i) == best_shape
                && shape(parent[i] as usize) == parent_shape
            {
                chosen[i] = true;
            }
        }
    }
    items
        .iter()
        .map(|b| {
            let Some(h) = &b.html else { return Placement::Unknown };
            if let Some(k) = h.path.iter().position(|&node| chosen[node as usize]) {
                // Elements holding much of the article's text are the article
                // too: their classes and tags ("newsletter-post", <form>) say nothing.
                let whole = (text_chars[h.path[k] as usize] as f64).max(1.0);
                let deepest = (k..h.path.len())
                    .take_while(|&j| text_chars[h.path[j] as usize] as f64 >= w.immune_share * whole)
                    .last()
                    .unwrap_or(k);
                return Placement::Inside(deepest);
            }
            // A paragraph that is itself a child of the container's parent.
            let sibling_para = h.path.len() >= 2
                && h.path[h.path.len() - 2] == top_parent
                && b.kind == BlockKind::Paragraph
                && b.text.chars().count() as f64 > w.sibling_para_chars
                && b.link_density() < w.sibling_para_links;
            if sibling_para { Placement::Inside(h.path.len() - 1) } else { Placement::Outside }
        })
        .collect()
}

/// An element's classes and id without what numbers each copy of a
/// template: a part with a digit is dropped whole ("article-section-2" and
/// "article-section-12" are "article-section-"; a page builder's
/// "elementor-element-36b9482" and "elementor-element-b0e84da", or a CSS
/// module's "styles_body__3xy7a", are one shape whatever their hash).
fn template(cues: &str) -> String {
    let mut shape = String::with_capacity(cues.len());
    for part in cues.split_inclusive(['-', '_', ' ']) {
        let (word, sep) = part.split_at(part.trim_end_matches(['-', '_', ' ']).len());
        if !word.bytes().any(|b| b.is_ascii_digit()) {
            shape.push_str(word);
        }
        shape.push_str(sep);
    }
    shape
}

/// `text.matches([',', '，']).count()`: commas counted on the bytes, the
/// fullwidth one (EF BC 8C) searched only where its first byte is.
fn commas(text: &str) -> usize {
    let bytes = text.as_bytes();
    let ascii: usize =
        bytes.chunks(255).map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b',')))).sum();
    if memchr::memchr(0xEF, bytes).is_none() {
        return ascii;
    }
    ascii + text.matches('，').count()
}

/// Readability's corrections to the best-scored element, for articles cut
/// into several blocks: the ancestor shared by three of the runners-up
/// scoring within 75% of it, else a parent that scores better than its
/// child, and an element alone in its parent gives way to the parent.
fn widen_container(mut top: usize, fin: &[f64], parent: &[u32], nodes: &[NodeInfo]) -> usize {
    let up = |i: usize| -> Option<usize> {
        let p = *parent.get(i)?;
        (p != u32::MAX && !matches!(&*nodes[p as usize].tag, "body" | "html")).then_some(p as usize)
    };
    let has_ancestor = |mut i: usize, a: usize| {
        while let Some(p) = up(i) {
            if p == a {
                return true;
            }
            i = p;
        }
        false
    };
    let mut order: Vec<usize> = (0..fin.len()).filter(|&i| fin[i].is_finite()).collect();
    order.sort_by(|&a, &b| fin[b].total_cmp(&fin[a]));
    let runners: Vec<usize> = order.iter().skip(1).take(4).copied().filter(|&i| fin[i] >= 0.75 * fin[top]).collect();
    if runners.len() >= 3 {
        let mut a = top;
        while let Some(p) = up(a) {
            if runners.iter().filter(|&&r| has_ancestor(r, p)).count() >= 3 {
                top = p;
                break;
            }
            a = p;
        }
    }
    let mut last = fin[top];
    let mut a = top;
    while let Some(p) = up(a) {
        if !fin[p].is_finite() {
            a = p;
            continue;
        }
        if fin[p] < fin[top] / 3.0 {
            break;
        }
        if fin[p] > last {
            top = p;
            break;
        }
        last = fin[p];
        a = p;
    }
    let mut children = vec![0u32; fin.len()];
    for &p in parent {
        if let Some(c) = children.get_mut(p as usize) {
            *c += 1;
        }
    }
    while let Some(p) = up(top) {
        if children[p] != 1 {
            break;
        }
        top = p;
    }
    top
}

/// Repeated texts ("VIDÉOS SPONSORISÉES" twice, a pull quote) count once.
/// In HTML the copy inside the article's container is the one kept (a
/// table of contents or a teaser may repeat a subheading before it).
/// `copy_of` names each block's first copy (see [`normalized`]).
fn mark_duplicates(blocks: &Blocks, copy_of: &[usize], placements: &[Placement], classes: &mut [Class]) {
    let mut seen = HashSet::default();
    let inside = |p: &Placement| matches!(p, Placement::Inside(_));
    // A data table's cells repeat by nature ("Rest" in each week of a
    // training plan, the days as column heads): inside the article, a cell
    // is not a repeat.
    let cell = |i: usize| blocks.blocks[i].html.as_ref().is_some_and(|h| matches!(&*h.tag, "td" | "th"));
    let order = (0..copy_of.len())
        .filter(|&i| inside(&placements[i]))
        .chain((0..copy_of.len()).filter(|&i| !inside(&placements[i])));
    for i in order {
        if inside(&placements[i]) && cell(i) {
            continue;
        }
        let class = &mut classes[i];
        if !seen.insert(copy_of[i]) && !matches!(class, Class::End(_)) {
            *class = Class::Bad(Reason::Duplicate);
        }
    }
}

/// A slideshow or gallery tells its story in captions: when the captions
/// inside the container hold more text than its paragraphs, they are the
/// article (those that are sentences; credits stay out).
fn keep_slideshow_captions(items: &[Block], placements: &[Placement], classes: &mut [Class]) {
    let is_caption = |c: &Class| {
        matches!(c, Class::Bad(Reason::Landmark(t)) if t == "figcaption")
            || matches!(c, Class::Bad(Reason::ClassCue(t)) if t == "caption")
    };
    let (mut caption_chars, mut good_chars) = (0, 0);
    for ((b, p), c) in items.iter().zip(placements).zip(classes.iter()) {
        if !matches!(p, Placement::Inside(_)) {
            continue;
        }
        if is_caption(c) && ends_sentence(&b.text) {
            caption_chars += b.text.len();
        } else if *c == Class::Good {
            good_chars += b.text.len();
        }
    }
    if caption_chars <= good_chars {
        return;
    }
    for ((b, p), c) in items.iter().zip(placements).zip(classes.iter_mut()) {
        if matches!(p, Placement::Inside(_)) && is_caption(c) && ends_sentence(&b.text) {
            *c = Class::NearGood;
        }
    }
}

/// Whether the article goes on at `from` after an inline marker: it starts
/// with running text and three (`resume_good`) of the next four (`resume_window`) blocks that are not
/// boilerplate are running text (a photo caption may sit between them; a
/// teaser list has titles between its blurbs).
fn resumes_after(items: &[Block], classes: &[Class], from: usize, w: &BodyWeights) -> bool {
    let running = |j: usize| classes[j] == Class::Good && ends_sentence(&items[j].text);
    let mut next = (from..items.len()).filter(|&j| !matches!(classes[j], Class::Bad(_))).take(w.resume_window as usize);
    next.next().is_some_and(running) && (next.filter(|&j| running(j)).count() + 1) as f64 >= w.resume_good
}

/// A subheading: short, no final full stop, starts with a capital, a few words.
fn looks_like_heading(b: &Block, w: &BodyWeights) -> bool {
    let t = b.text.trim();
    let n = t.split_whitespace().count();
    b.is_heading()
        || ((2..=w.heading_words as usize).contains(&n)
            && !t.trim_end().ends_with(['.', ',', ';', ':'])
            && t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || "«\"'‘“".contains(c)))
}

/// The nearest block before/after `i` that is not bad, and whether it is good.
fn neighbour_good(classes: &[Class], i: usize, forward: bool) -> Option<bool> {
    let mut j = i;
    loop {
        if forward {
            j += 1;
            if j >= classes.len() {
                return None;
            }
        } else {
            if j == 0 {
                return None;
            }
            j -= 1;
        }
        match &classes[j] {
            Class::Good => return Some(true),
            Class::End(_) => return Some(false),
            Class::Bad(Reason::Duplicate) | Class::Bad(Reason::Cue(_)) | Class::Bad(Reason::Timestamp) => continue,
            Class::Bad(_) => continue,
            Class::NearGood | Class::Short => return Some(false),
        }
    }
}

/// Nearest good block in a direction, skipping any number of short ones, within `reach` blocks.
fn good_within(classes: &[Class], i: usize, forward: bool, reach: usize) -> bool {
    let range: Box<dyn Iterator<Item = usize>> = if forward {
        Box::new(i + 1..(i + 1 + reach).min(classes.len()))
    } else {
        Box::new((i.saturating_sub(reach)..i).rev())
    };
    for j in range {
        match &classes[j] {
            Class::Good => return true,
            Class::End(_) => return false,
            _ => continue,
        }
    }
    false
}

fn judge_by_context(items: &[Block], classes: &[Class], i: usize, cfg: &BodyConfig) -> (bool, Reason) {
    let (w, bias) = (&cfg.weights, cfg.bias);
    let reach = w.context_reach as usize;
    let b = &items[i];
    let before = neighbour_good(classes, i, false);
    let after = neighbour_good(classes, i, true);
    let near_before = good_within(classes, i, false, reach);
    let near_after = good_within(classes, i, true, reach);
    // A list inside the article is judged whole: its items are short, but
    // the list follows a paragraph (a menu sits among other menus). It may
    // close the article: the tail markers and the apart rule bound it.
    if is_list_item(b, w) {
        let is_item = |j: &usize| is_list_item(&items[*j], w);
        let list_reach = w.list_reach as usize;
        let first = (i.saturating_sub(list_reach)..i).rev().take_while(is_item).last().unwrap_or(i);
        let last = (i + 1..(i + 1 + list_reach).min(items.len())).take_while(is_item).last().unwrap_or(i);
        let before = good_within(classes, first, false, reach);
        let after = good_within(classes, last, true, reach);
        let keep = match bias {
            Bias::Precision => false,
            Bias::Balanced => before,
            Bias::Recall => before || after,
        };
        if keep {
            return (true, Reason::Context);
        }
    }
    if looks_like_heading(b, w) && !ends_sentence(&b.text) {
        // A subheading introduces a good paragraph and follows the article's text.
        if after == Some(true) && near_before {
            return (true, Reason::Subheading);
        }
        return (false, Reason::Short);
    }
    match classes[i] {
        Class::NearGood => {
            let keep = match bias {
                Bias::Precision => before == Some(true) && after == Some(true),
                Bias::Balanced => near_before || near_after,
                Bias::Recall => true,
            };
            (keep, if keep { Reason::Context } else { Reason::Short })
        }
        _ => {
            // The article's last sentence has no good block after it, only the page's tail:
            // a sentence that follows a paragraph directly is the article's.
            let closing = || before == Some(true) && words(&b.text).count() as f64 >= w.closing_words;
            let keep = ends_sentence(&b.text)
                && match bias {
                    Bias::Precision => before == Some(true) && after == Some(true),
                    Bias::Balanced => (near_before && near_after) || closing(),
                    Bias::Recall => near_before || near_after,
                };
            (keep, if keep { Reason::Context } else { Reason::Short })
        }
    }
}

/// A marker with far more running text after it (up to the next marker)
/// than before it (`early_ratio` times) comes before the article, not after it: a menu's
/// "Recommended" or a teaser box above the story. Linear: `good_upto[j]` is
/// the running text before block `j`, `next_end[j]` the first marker from `j`.
fn early_marker(good_upto: &[usize], next_end: &[usize], at: usize, w: &BodyWeights) -> bool {
    let before = good_upto[at];
    let after = good_upto[next_end[at + 1]] - good_upto[at + 1];
    after as f64 > w.early_ratio * before as f64
}

/// A bulleted or numbered line of a few words or more (a menu entry has one or two).
fn is_list_item(b: &Block, w: &BodyWeights) -> bool {
    let t = b.text.trim_start();
    let numbered = t
        .split_once(['.', ')'])
        .is_some_and(|(n, _)| !n.is_empty() && n.len() <= 2 && n.bytes().all(|c| c.is_ascii_digit()));
    (crate::blocks::starts_with_bullet(t) || numbered) && t.split_whitespace().count() as f64 >= w.list_words
}

/// In text, the title is the fullest heading-like line before the article's
/// first paragraph; in HTML, the first `<h1>` (or a block equal to og:title).
fn find_title(blocks: &Blocks, norms: &[Option<String>], classes: &[Class], first_good: usize) -> Option<usize> {
    let items = &blocks.blocks;
    if items.first().is_some_and(|b| b.html.is_some()) {
        let wanted: Vec<String> = [blocks.meta.og_title.clone(), blocks.meta.title.clone(), blocks.meta.head_title()]
            .into_iter()
            .flatten()
            .map(|t| normalize_line(&t))
            .collect();
        let matches_meta = |i: usize| {
            // (A page's blocks all have one.)
            let n = norms[i].as_deref().unwrap_or_default();
            let long = || n.split_whitespace().count() >= 4;
            !n.is_empty()
                && wanted.iter().any(|w| w == n || (long() && w.strip_prefix(n).is_some_and(|r| r.starts_with(' '))))
        };
        // The page's title outside the article's container is still its title; boilerplate is not.
        let usable =
            |i: usize| matches!(classes[i], Class::Bad(Reason::Outside)) || !matches!(classes[i], Class::Bad(_));
        let heading_like_meta = (0..items.len()).find(|&i| items[i].is_heading() && usable(i) && matches_meta(i));
        let h1 = || (0..items.len()).find(|&i| items[i].kind == BlockKind::Heading(1) && usable(i));
        let any_like_meta = || (0..items.len()).find(|&i| matches_meta(i));
        return heading_like_meta.or_else(h1).or_else(any_like_meta);
    }
    (0..first_good.min(items.len()))
        .filter(|&i| matches!(classes[i], Class::Short | Class::NearGood))
        .filter(|&i| {
            let n = items[i].text.split_whitespace().count();
            (2..=40).contains(&n) && !items[i].text.trim_end().ends_with(['.', ',', ';'])
        })
        .max_by_key(|&i| (items[i].text.split_whitespace().count().min(12), i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DetectConfig;
    use crate::read::{Document, Kind};

    /// The body of a text, owning its copies of the blocks' text (the blocks are gone).
    fn run(text: &str, kind: Kind) -> Body<'static> {
        let doc = Document { text: text.to_string(), kind, encoding: "UTF-8" };
        let b = crate::blocks::blocks(&doc);
        let d = crate::detect::detect(&b, &DetectConfig::default());
        let body = body(&b, &d, &BodyConfig::default());
        Body {
            title: body.title,
            blocks: body
                .blocks
                .into_iter()
                .map(|k| BodyBlock {
                    text: Cow::Owned(k.text.into_owned()),
                    heading: k.heading,
                    container: k.container,
                    kind: k.kind,
                })
                .collect(),
            decisions: body.decisions.into_iter().map(Decision::into_owned).collect(),
        }
    }

    const FR: &str = "Accueil\nPolitique\n\nLe conseil municipal adopte le budget de la ville\n\n\
        Par Claire Dubois - Publié le 12 mars 2025\n\n\
        Le conseil municipal a voté mardi soir le budget de la ville, après un long débat sur les transports et les écoles de la commune.\n\n\
        Lire aussi : Les transports en commun gratuits le week-end\n\n\
        Les élus de l'opposition ont dénoncé un calendrier précipité et une concertation insuffisante avec les habitants du quartier.\n\n\
        Un vote serré\n\n\
        La maire a défendu une décision nécessaire pour l'avenir de la ville, selon elle, et promis un bilan dans un an devant les habitants.\n\n\
        Partager l'article:\n\n\
        Un autre sujet sans rapport\n\n\
        Le département a présenté son plan pour les routes de campagne, qui doit être financé sur cinq ans par l'État et la région.\n";

    const EN: &str = "Home\nWorld\n\nCity council approves the new budget after a long debate\n\n\
        By Tom Harris | Updated March 3, 2025\n\n\
        The city council approved the new budget on Tuesday after a long debate about public transport and the schools of the town.\n\n\
        Advertisement\n\n\
        Opposition members said the vote was rushed and that residents of the old districts had not been consulted at all.\n\n\
        A tight vote\n\n\
        The mayor defended the decision as necessary for the future of the city and promised to report back to residents next year.\n\n\
        Related stories\n\n\
        Another story entirely\n\n\
        The county presented its plan for the rural roads, which is to be funded over five years by the state and the region.\n";

    #[test]
    fn keeps_the_article_table() {
        let cases = [
            (
                FR,
                "Le conseil municipal adopte le budget de la ville",
                "Par Claire Dubois - Publié le 12 mars 2025",
                4,
                "Un vote serré",
            ),
            (
                EN,
                "City council approves the new budget after a long debate",
                "By Tom Harris | Updated March 3, 2025",
                4,
                "A tight vote",
            ),
        ];
        for (text, title, byline, kept, heading) in cases {
            let b = run(text, Kind::Text);
            assert_eq!(b.title.as_deref(), Some(title));
            // The byline is set apart with its reason (the meta stage reads the name and date from it).
            assert!(b.decisions.iter().any(|d| d.reason == Reason::Byline && d.text == byline), "{:#?}", b.decisions);
            assert_eq!(b.blocks.len(), kept, "{:#?}", b.decisions);
            assert!(b.blocks.iter().any(|k| k.heading && k.text == heading), "{:#?}", b.decisions);
            assert!(!b.text().contains("Another story") && !b.text().contains("autre sujet"));
        }
    }

    #[test]
    fn dated_bylines_table() {
        let fr = "Le conseil municipal a voté mardi soir le budget de la ville, après un long débat sur les transports et les écoles de la commune.";
        let en = "The city council approved the new budget on Tuesday after a long debate about public transport and the schools of the town.";
        // (byline line, article line, a byline)
        let table = [
            ("Par Claire Dubois le 3 avril 2025 à 14h32", fr, true),
            ("Par ailleurs, le 3 avril 2025, la ville a voté.", fr, false),
            ("By Louis Jacobson on Monday, November 18th, 2019 at 11:04 a.m.", en, true),
            ("By Jane Doe", en, true),
            ("By March 2025, the city will have spent the money.", en, false),
        ];
        for (line, article, byline) in table {
            let b = run(&format!("Title of the page here\n\n{line}\n\n{article}\n"), Kind::Text);
            let d = b.decisions.iter().find(|d| d.text == line).expect("a decision per block");
            assert_eq!(d.reason == Reason::Byline, byline, "{line}: {d:?}");
        }
    }

    /// A long paragraph of running text, `n` times, for the plain-text context rules.
    fn paragraphs(sentence: &str, from: usize, n: usize) -> String {
        (from..from + n).map(|i| format!("{sentence} ({i}).\n\n")).collect()
    }

    #[test]
    fn text_context_rules_table() {
        let fr = "Le conseil municipal a voté le budget de la ville après un long débat sur les transports \
                  et les écoles, et la majorité a dû composer avec une opposition qui réclamait plus de moyens";
        let en = "The city council voted on the budget after a long debate about transport and schools, and \
                  the majority had to deal with an opposition that asked for more money for the new libraries";
        for (sentence, marker, closing, blurb) in [
            (fr, "À lire aussi", "Les élus se retrouveront en janvier.", "Un autre sujet dont on parle"),
            (
                en,
                "Related stories",
                "The councillors meet again in January.",
                "Another story that people read this week",
            ),
        ] {
            // An inline marker: the article resumes after a teaser and a caption between paragraphs.
            let text = format!(
                "{}{marker}\n\n{}Photo caption\n\n{}{closing}\n\nMenu\n\nHome\n\nAbout\n\n\
                 Contact\n\nLogin\n\nShop\n\n{blurb}, {}.",
                paragraphs(sentence, 0, 4),
                paragraphs(sentence, 4, 4),
                paragraphs(sentence, 8, 4),
                sentence.split(',').next().unwrap_or(sentence)
            );
            let b = run(&text, Kind::Text);
            let body = b.text();
            assert_eq!(body.matches(sentence).count(), 12, "{:#?}", b.decisions);
            // The last short sentence right after a paragraph is the article's.
            assert!(body.ends_with(closing), "{:#?}", b.decisions);
            // A lone paragraph after the page's menus is a teaser's blurb.
            assert!(!body.contains(blurb), "{:#?}", b.decisions);
            assert!(b.decisions.iter().any(|d| d.reason == Reason::Apart));
        }
        // A marker above the story (a teaser box's "Related stories") ends nothing.
        for (sentence, marker) in [(fr, "À lire aussi"), (en, "Related stories")] {
            // (Captions between the paragraphs: no run of three that would resume the article.)
            let captioned: String = (1..6).map(|k| paragraphs(sentence, k, 1) + &format!("Skyline {k}\n\n")).collect();
            let text = format!("{}{marker}\n\nTeaser\n\n{captioned}", paragraphs(sentence, 0, 1));
            let b = run(&text, Kind::Text);
            assert_eq!(b.text().matches(sentence).count(), 6, "{:#?}", b.decisions);
        }
        // A list after a paragraph is the article's; a menu of one-word items is not.
        for (sentence, item) in [(fr, "• des bus gratuits le dimanche"), (en, "• free buses on Sundays")] {
            let text = format!("{}{item}\n\n{item} (2)\n\n{item} (3)\n\n• Menu\n\n• Login", paragraphs(sentence, 0, 3));
            let b = run(&text, Kind::Text);
            assert_eq!(b.text().matches(item).count(), 3, "{:#?}", b.decisions);
            assert!(!b.text().contains("Login"), "{:#?}", b.decisions);
        }
    }

    /// The byte-level word count and date test agree with their char-level definitions.
    #[test]
    fn date_line_table() {
        let lines = [
            "",
            "  ",
            "12 mars 2025",
            "March 3, 2025",
            "Publié le 2025-03-12 à 14h32",
            "12/03/2025",
            "1.2.3.4",
            "a\u{a0}b\u{202f}c\u{2003}d\u{85}e \u{3000}f",
            "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze 2025",
            "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze 12/03/2025",
            "Le 3 avril 2025, à Paris",
            "Tél. 01-02-03",
        ];
        for text in lines {
            for n in [0, 1, 3, 14] {
                assert_eq!(has_more_words(text, n), text.split_whitespace().nth(n).is_some(), "{n} {text:?}");
            }
        }
        // The definition before the byte-level reading.
        let reference = |text: &str| {
            if text.split_whitespace().nth(14).is_some() {
                return false;
            }
            let lower = text.to_lowercase();
            let has_month =
                Lang::ALL.iter().any(|l| words(&lower).any(|w| l.data().months.contains(w.trim_end_matches('.'))));
            let numeric = lower.split(|c: char| !(c.is_ascii_digit() || c == '/' || c == '-' || c == '.')).any(|tok| {
                let parts: Vec<&str> = tok.split(['/', '-', '.']).filter(|p| !p.is_empty()).collect();
                parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
            });
            (mentions_year(&lower) && has_month) || numeric
        };
        let dates = [false, false, true, true, true, true, false, false, false, false, true, true];
        for (text, date) in lines.iter().zip(dates) {
            assert_eq!(looks_like_date(text), date, "{text:?}");
            assert_eq!(reference(text), date, "{text:?}");
        }
    }

    /// The word scanner and the stopword share agree with the plain char-by-char definitions.
    #[test]
    fn word_scanner_table() {
        let reference_words = |text: &str| -> Vec<String> {
            text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-'))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let reference_stats = |text: &str, lang: Lang| {
            let data = lang.data();
            let words = reference_words(text);
            let hits = words
                .iter()
                .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
                .filter(|l| {
                    data.stopwords.contains(l) || l.split_once('\'').is_some_and(|(h, _)| data.stopwords.contains(h))
                })
                .count();
            let lettered = words.iter().filter(|w| w.chars().any(|c| c != '-')).count();
            WordStats {
                words: words.len(),
                lettered,
                density: if words.is_empty() { 0.0 } else { hits as f64 / words.len() as f64 },
            }
        };
        let texts = [
            FR,
            EN,
            "L’Été qu'aujourd'hui QU’AUJOURD’HUI D'Artagnan l'homme-orchestre LES Les les",
            "ÉTÉ Été été DÉJÀ Déjà MÊME ÊTRE Très TRÈS Où OÙ À à PRÈS-DE Après-guerre naïveté Þ×",
            "ŒUVRE œuvre × ÷ ² ³ ½ µ ª º ÿ Ÿ « guillemets » — tiret – demi … fin",
            "THE The the DON'T don’t o'clock rock'n'roll -- - ' ’ '' a`b c´d",
            "İstanbul ΣΑΣ Ǆ 東京 🙂 café\u{a0}: prix 12,5 € 1er 2e\u{202f}%",
            "",
            "   ",
        ];
        for text in texts {
            assert_eq!(words(text).collect::<Vec<_>>(), reference_words(text), "{text}");
            for lang in Lang::ALL {
                assert_eq!(word_stats(text, lang), reference_stats(text, lang), "{lang} {text}");
            }
        }
    }

    /// A long paragraph given twice (the copy in capitals, its spaces doubled) counts once,
    /// though long paragraphs are normalised only when another block may match them.
    #[test]
    fn long_duplicates_table() {
        for sentence in [
            "Le conseil municipal a voté le budget de la ville après un long débat sur les transports et les écoles",
            "The city council voted on the budget after a long debate about transport and the schools of the town",
        ] {
            let long = [sentence; 6].join(", ") + ".";
            let copy = long.to_uppercase().replace(' ', "  ");
            let other = [sentence; 5].join(", ") + ".";
            let text = format!("{long}\n\n{other}\n\n{copy}\n\n{other} (2)");
            let b = run(&text, Kind::Text);
            let reasons: Vec<&Reason> = b.decisions.iter().map(|d| &d.reason).collect();
            assert_eq!(reasons[2], &Reason::Duplicate, "{:#?}", b.decisions);
            assert!(reasons.iter().filter(|r| **r == &Reason::Duplicate).count() == 1, "{:#?}", b.decisions);
            // Alone, a long paragraph needs no normalised line.
            let blocks = crate::blocks::blocks(&Document { text: long.clone(), kind: Kind::Text, encoding: "" });
            let stats: Vec<WordStats> = blocks.blocks.iter().map(|b| word_stats(&b.text, Lang::Fr)).collect();
            assert_eq!(normalized(&blocks, &stats), (vec![None], vec![0]));
            // Compared, not kept: the copy is found, and only the short block keeps its line.
            let text = format!("{long}\n\n{copy}\n\nÀ lire aussi");
            let blocks = crate::blocks::blocks(&Document { text, kind: Kind::Text, encoding: "" });
            let stats: Vec<WordStats> = blocks.blocks.iter().map(|b| word_stats(&b.text, Lang::Fr)).collect();
            let (norms, copy_of) = normalized(&blocks, &stats);
            assert_eq!(
                (norms[0].is_none(), norms[1].is_none(), norms[2].as_deref()),
                (true, true, Some("à lire aussi"))
            );
            assert_eq!(copy_of, [0, 0, 2]);
            // So in HTML, past the head's titles' length.
            let page = format!(
                "<html><head><title>Budget</title></head><body><p>{long}</p><p>{copy}</p><p>Le budget</p></body></html>"
            );
            let b = run(&page, Kind::Html);
            let reasons: Vec<&Reason> = b.decisions.iter().map(|d| &d.reason).collect();
            assert_eq!(reasons[1], &Reason::Duplicate, "{:#?}", b.decisions);
            let blocks = crate::blocks::blocks(&Document { text: page, kind: Kind::Html, encoding: "" });
            let stats: Vec<WordStats> = blocks.blocks.iter().map(|b| word_stats(&b.text, Lang::Fr)).collect();
            let (norms, copy_of) = normalized(&blocks, &stats);
            assert_eq!((norms[0].is_none(), norms[2].as_deref()), (true, Some("le budget")), "{norms:?}");
            assert_eq!(copy_of, [0, 0, 2]);
        }
    }

    /// The byte counts of the container search agree with their definitions.
    #[test]
    fn byte_counts_table() {
        for text in [
            FR,
            EN,
            "L’été,\u{a0}à Paris\u{2009}: «\u{202f}oui\u{202f}» — non，\u{3000}fin\u{85}\u{1680}x\u{2028}\u{205f}",
            "\t a ,, b\r\n é，，",
            "",
        ] {
            assert_eq!(non_space_chars(text), text.chars().filter(|c| !c.is_whitespace()).count(), "{text}");
            assert_eq!(commas(text), text.matches([',', '，']).count(), "{text}");
        }
    }

    #[test]
    fn every_block_has_a_decision() {
        let b = run(FR, Kind::Text);
        assert_eq!(
            b.decisions.len(),
            crate::blocks::blocks(&Document { text: FR.into(), kind: Kind::Text, encoding: "" }).blocks.len()
        );
        assert!(b.decisions.iter().any(|d| matches!(&d.reason, Reason::Tail(m) if m == "Partager l'article:")));
        assert!(b.decisions.iter().any(|d| matches!(&d.reason, Reason::Cue(c) if c == "lire aussi")));
    }

    /// Decisions and kept blocks borrow each block's own text: no copy of the page.
    #[test]
    fn body_borrows_the_blocks_text() {
        let page = format!("<html><body><nav><a href=/>Accueil</a></nav><article>{}</article></body></html>", {
            FR.split("\n\n").map(|p| format!("<p>{p}</p>")).collect::<String>()
        });
        for (text, kind) in [(FR, Kind::Text), (page.as_str(), Kind::Html)] {
            let blocks = crate::blocks::blocks(&Document { text: text.into(), kind, encoding: "" });
            let d = crate::detect::detect(&blocks, &DetectConfig::default());
            for cfg in [BodyConfig::default(), BodyConfig { enabled: false, ..BodyConfig::default() }] {
                let b = body(&blocks, &d, &cfg);
                assert_eq!(b.decisions.len(), blocks.blocks.len());
                for (d, block) in b.decisions.iter().zip(&blocks.blocks) {
                    assert!(matches!(d.text, Cow::Borrowed(t) if std::ptr::eq(t, block.text.as_str())), "{d:?}");
                }
                let kept: Vec<&String> =
                    b.decisions.iter().zip(&blocks.blocks).filter(|(d, _)| d.keep).map(|x| &x.1.text).collect();
                assert!(!kept.is_empty() && kept.len() == b.blocks.len(), "{kind:?}");
                for (k, text) in b.blocks.iter().zip(kept) {
                    assert!(matches!(k.text, Cow::Borrowed(t) if std::ptr::eq(t, text.as_str())), "{k:?}");
                }
            }
        }
    }

    /// A page wrapped whole in a "social" div and a <form>: the container is
    /// the article, the sidebar's teasers (running text too) stay out.
    #[test]
    fn html_container_table() {
        let page = |title: &str, paras: &[&str], teasers: &[&str]| {
            let p: String = paras.iter().map(|t| format!("<p>{t}</p>")).collect();
            let t: String = teasers.iter().map(|t| format!("<li><p>{t}</p></li>")).collect();
            format!(
                "<html><head><title>{title} | Site</title></head><body><form><div class=\"social-wrapper\">\
                 <div class=\"page\"><div class=\"col\"><h1>{title}</h1><div class=\"story\">{p}\
                 <div class=\"share\">Facebook Twitter</div></div></div><div class=\"col\"><ul>{t}</ul></div>\
                 </div></div></form></body></html>"
            )
        };
        let fr_paras = [
            "Le conseil municipal a voté mardi soir le budget de la ville, après un long débat sur les transports et les écoles.",
            "Les élus de l'opposition ont dénoncé un calendrier précipité et une concertation insuffisante avec les habitants.",
            "La maire a défendu une décision nécessaire pour l'avenir de la ville, et promis un bilan dans un an.",
        ];
        let fr_teasers =
            ["Le département a présenté son plan pour les routes de campagne, qui doit être financé sur cinq ans."];
        let en_paras = [
            "The city council approved the new budget on Tuesday after a long debate about public transport and the schools.",
            "Opposition members said the vote was rushed and that residents of the old districts had not been consulted.",
            "The mayor defended the decision as necessary for the future of the city and promised to report back next year.",
        ];
        let en_teasers =
            ["The county presented its plan for the rural roads, which is to be funded over five years by the state."];
        for (title, paras, teasers) in
            [("Vote du budget", &fr_paras, &fr_teasers), ("Budget vote", &en_paras, &en_teasers)]
        {
            let b = run(&page(title, paras, teasers), Kind::Html);
            assert_eq!(b.title.as_deref(), Some(title));
            let kept: Vec<&str> = b.blocks.iter().map(|k| &*k.text).collect();
            assert_eq!(kept, paras.to_vec(), "{:#?}", b.decisions);
            assert!(b.decisions.iter().any(|d| d.reason == Reason::Outside && d.text == teasers[0]));
        }
    }

    /// An article cut into two sections of one template, a teaser column between them.
    /// A list of long items is part of the article around it, not the article.
    #[test]
    fn a_list_is_not_the_container_table() {
        let cases = [
            (
                "Cinq conseils pour courir un marathon",
                [
                    "Courir un marathon se prépare pendant des mois, et les coureurs qui réussissent suivent souvent les mêmes règles.",
                    "Nous avons interrogé des entraîneurs et des coureurs, débutants ou confirmés, sur ce qui les a aidés le jour de la course.",
                ],
                "Règle numéro {k} : augmentez la distance de la sortie longue peu à peu, sans dépasser dix pour cent de plus chaque semaine, et gardez un jour de repos.",
            ),
            (
                "Five tips for running a marathon",
                [
                    "Running a marathon takes months of training, and the runners who finish well tend to follow the same few rules.",
                    "We asked coaches and runners, beginners and veterans alike, what helped them most on the day of the race.",
                ],
                "Rule number {k}: build up the distance of your long run slowly, by no more than ten percent each week, and keep one day of rest.",
            ),
        ];
        for (title, closing, item) in cases {
            let items: String = (1..=12).map(|k| format!("<li>{}</li>", item.replace("{k}", &k.to_string()))).collect();
            let page = format!(
                "<html><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><main><h1>{title}</h1>\
                 <div class=\"story\"><section><div class=\"wrap\"><div class=\"steps\"><ol>{items}</ol></div></div></section>\
                 <section><div class=\"outro\"><div><p>{}</p><p>{}</p></div></div></section></div></main>\
                 <footer><p>All rights reserved, the newspaper and its partners, for every article of this site.</p></footer></body></html>",
                closing[0], closing[1]
            );
            let b = run(&page, Kind::Html);
            let kept: Vec<&str> = b.blocks.iter().map(|k| &*k.text).collect();
            assert!(closing.iter().all(|p| kept.contains(p)), "{kept:?}");
            let head = &item[..item.find("{k}").unwrap_or(0)];
            assert_eq!(kept.iter().filter(|t| t.starts_with(head)).count(), 12, "{kept:?}");
        }
    }

    /// A data table's repeated cells are the article's, not repeats; a
    /// repeated line outside a table still counts once.
    #[test]
    fn repeated_table_cells_table() {
        let cases = [
            (
                "Plan d'entraînement pour un marathon",
                "Le plan commence par trois semaines de course facile, pour habituer le corps à l'effort sans le blesser.",
                "Chaque semaine alterne les jours de repos et les sorties, et la sortie longue du dimanche s'allonge peu à peu.",
                ["Semaine", "Lundi", "Mardi", "1", "Repos", "Course facile", "2", "Repos", "Course facile"],
                "PUBLICITÉ",
            ),
            (
                "A marathon training plan",
                "The plan starts with three weeks of easy running, so that the body gets used to the effort without injury.",
                "Each week alternates rest days and runs, and the long run on Sunday grows a little longer every week.",
                ["Week", "Monday", "Tuesday", "1", "Rest", "Easy run", "2", "Rest", "Easy run"],
                "ADVERTISEMENT",
            ),
        ];
        for (title, first, second, cells, ad) in cases {
            let rows: String = cells
                .chunks(3)
                .map(|row| format!("<tr>{}</tr>", row.iter().map(|c| format!("<td>{c}</td>")).collect::<String>()))
                .collect();
            let page = format!(
                "<html><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1><p>{first}</p><p>{ad}</p>\
                 <table>{rows}</table><p>{ad}</p><p>{second}</p></article></body></html>"
            );
            let b = run(&page, Kind::Html);
            let kept: Vec<&str> = b.blocks.iter().map(|k| &*k.text).collect();
            for repeated in [cells[4], cells[5]] {
                assert_eq!(kept.iter().filter(|&&t| t == repeated).count(), 2, "{repeated} in {kept:?}");
            }
            assert!(kept.contains(&first) && kept.contains(&second), "{kept:?}");
            assert!(kept.iter().filter(|&&t| t == ad).count() <= 1, "{kept:?}");
        }
    }

    /// Copies of one template have one shape, whatever numbers or hashes tell them apart.
    #[test]
    fn template_table() {
        let cases = [
            ("article-section-1", "article-section-"),
            ("article-section-12 story", "article-section- story"),
            (
                "elementor-element elementor-element-36b9482 elementor-widget",
                "elementor-element elementor-element- elementor-widget",
            ),
            (
                "elementor-element elementor-element-b0e84da elementor-widget",
                "elementor-element elementor-element- elementor-widget",
            ),
            ("styles_body__3xy7a", "styles_body__"),
            ("b6d81848 d47f7b03 the-competition", "  the-competition"),
            ("corps-article chapo", "corps-article chapo"),
            ("", ""),
        ];
        for (cues, shape) in cases {
            assert_eq!(template(cues), shape, "{cues}");
        }
    }

    #[test]
    fn html_sections_of_one_template_table() {
        let page = |title: &str, first: &[&str], second: &[&str], teaser: &str| {
            let p = |t: &[&str]| t.iter().map(|t| format!("<p>{t}</p>")).collect::<String>();
            format!(
                "<html><head><title>{title} | Site</title></head><body><div class=\"page\">\
                 <div class=\"col\"><h1>{title}</h1><div class=\"wrap\"><div class=\"story-text\">{}</div></div></div>\
                 <div class=\"col\"><div class=\"teasers\"><p>{teaser}</p></div></div>\
                 <div class=\"col\"><div class=\"wrap\"><div class=\"story-text\">{}</div></div></div>\
                 </div></body></html>",
                p(first),
                p(second)
            )
        };
        let fr = (
            "Vote du budget",
            [
                "Le conseil municipal a voté mardi soir le budget de la ville, après un long débat sur les transports et les écoles.",
                "Les élus de l'opposition ont dénoncé un calendrier précipité et une concertation insuffisante avec les habitants.",
                "La maire a défendu une décision nécessaire pour l'avenir de la ville, et promis un bilan dans un an.",
            ],
            [
                "Le budget prévoit aussi la rénovation de deux écoles du centre et une nouvelle ligne de bus pour les quartiers du nord.",
            ],
            "Le département a présenté son plan pour les routes de campagne, qui doit être financé sur cinq ans par l'État.",
        );
        let en = (
            "Budget vote",
            [
                "The city council approved the new budget on Tuesday after a long debate about public transport and the schools.",
                "Opposition members said the vote was rushed and that residents of the old districts had not been consulted.",
                "The mayor defended the decision as necessary for the future of the city and promised to report back next year.",
            ],
            [
                "The budget also pays for the renovation of two schools in the centre and for a new bus line to the northern districts.",
            ],
            "The county presented its plan for the rural roads, which is to be funded over five years by the state and the region.",
        );
        for (title, first, second, teaser) in [fr, en] {
            let b = run(&page(title, &first, &second, teaser), Kind::Html);
            let kept: Vec<&str> = b.blocks.iter().map(|k| &*k.text).collect();
            let want: Vec<&str> = first.iter().chain(&second).copied().collect();
            assert_eq!(kept, want, "{:#?}", b.decisions);
        }
    }

    /// A slideshow tells its story in captions; an article's photo caption stays out.
    #[test]
    fn slideshow_captions_table() {
        let figure = |c: &str| format!("<figure><img src=x.jpg><figcaption>{c}</figcaption></figure>");
        let fr_captions = [
            "Le nouveau tramway traverse le centre-ville depuis lundi, après trois ans de travaux sur la ligne.",
            "Les habitants du quartier nord ont été les premiers à monter à bord, dès six heures du matin.",
            "La maire a inauguré la station principale en présence des élus de la région et des riverains.",
        ];
        let en_captions = [
            "The new tram has crossed the city centre since Monday, after three years of work on the line.",
            "Residents of the northern district were the first on board, from six in the morning onwards.",
            "The mayor opened the main station with the region's elected officials and the neighbours.",
        ];
        for captions in [fr_captions, en_captions] {
            let slides: String = captions.iter().map(|c| figure(c)).collect();
            let page = format!("<html><body><article><h1>Le tramway / The tram</h1>{slides}</article></body></html>");
            let b = run(&page, Kind::Html);
            let kept: Vec<&str> = b.blocks.iter().map(|k| &*k.text).collect();
            assert_eq!(kept, captions.to_vec(), "{:#?}", b.decisions);
        }
        // Paragraphs outweigh the one caption: it is a photo's, not the story.
        let page = format!(
            "<html><body><article><h1>Budget vote</h1>{}<p>{}</p><p>{}</p></article></body></html>",
            figure(en_captions[2]),
            "The city council approved the new budget on Tuesday after a long debate about public transport and the schools.",
            "Opposition members said the vote was rushed and that residents of the old districts had not been consulted."
        );
        let b = run(&page, Kind::Html);
        assert!(b.blocks.len() == 2 && !b.text().contains("mayor"), "{:#?}", b.decisions);
    }

    /// The standfirst sits in the page's header with the title, outside the article's container.
    #[test]
    fn standfirst_before_the_container_table() {
        let cases = [
            (
                "Vote du budget",
                "Après des semaines de débats, le conseil municipal a adopté le budget de la ville, qui fait la part belle aux écoles et aux transports.",
                &FR_PARAS,
            ),
            (
                "Budget vote",
                "After weeks of debate, the city council has passed the budget of the town, which puts the schools and public transport first.",
                &EN_PARAS,
            ),
        ];
        for (title, standfirst, paras) in cases {
            let p: String = paras.iter().map(|t| format!("<p>{t}</p>")).collect();
            let page = format!(
                "<html><head><title>{title} | Site</title></head><body><header class=\"article-header\"><h1>{title}</h1>\
                 <p>{standfirst}</p></header><div class=\"story\">{p}</div></body></html>"
            );
            let b = run(&page, Kind::Html);
            assert_eq!(b.title.as_deref(), Some(title));
            let kept: Vec<&str> = b.blocks.iter().map(|k| &*k.text).collect();
            let want: Vec<&str> = std::iter::once(standfirst).chain(paras.iter().copied()).collect();
            assert_eq!(kept, want, "{:#?}", b.decisions);
            // With the article in its own element, the standfirst is kept from outside it, and
            // marked so (the purity prior weighs it).
            let page = format!(
                "<html><head><title>{title} | Site</title></head><body><header><h1>{title}</h1>\
                 <p>{standfirst}</p></header><article><div class=\"story\">{p}</div></article></body></html>"
            );
            let b = run(&page, Kind::Html);
            let kept: Vec<(&str, Container)> = b.blocks.iter().map(|k| (&*k.text, k.container)).collect();
            let want: Vec<(&str, Container)> = std::iter::once((standfirst, Container::Outside))
                .chain(paras.iter().map(|p| (*p, Container::Inside)))
                .collect();
            assert_eq!(kept, want, "{:#?}", b.decisions);
        }
    }

    /// Each kept block carries its role in the source, and segment's place copies it (the purity
    /// prior weighs text set loose in a <div>); plain text has no such role.
    #[test]
    fn kept_blocks_carry_their_kind() {
        for (lang, paras) in [(Lang::Fr, &FR_PARAS), (Lang::En, &EN_PARAS)] {
            let page = format!(
                "<html><body><article><p>{}</p><div>{}</div><p>{}</p></article></body></html>",
                paras[0], paras[1], paras[2]
            );
            let b = run(&page, Kind::Html);
            let kinds: Vec<Option<BlockKind>> = b.blocks.iter().map(|k| k.kind).collect();
            let want = [Some(BlockKind::Paragraph), Some(BlockKind::Container), Some(BlockKind::Paragraph)];
            assert_eq!(kinds, want, "{lang} {:#?}", b.decisions);
            let places: Vec<Option<BlockKind>> =
                crate::segment::segment(&b, lang).places.iter().map(|p| p.kind).collect();
            assert_eq!(places, want, "{lang}");
            let b = run(&paras.join("\n\n"), Kind::Text);
            assert!(b.blocks.iter().all(|k| k.kind.is_some_and(|k| k != BlockKind::Container)), "{lang}");
        }
    }

    /// A paragraph in a third language is dropped, unless the article is in that language.
    #[test]
    fn third_language_table() {
        let de = [
            "Der Stadtrat hat am Dienstagabend nach einer langen Debatte über Verkehr und Schulen den neuen Haushalt der Stadt beschlossen.",
            "Die Opposition kritisierte den überstürzten Zeitplan und eine unzureichende Beteiligung der Bürgerinnen und Bürger der Altstadt.",
            "Die Bürgermeisterin verteidigte die Entscheidung als notwendig für die Zukunft der Stadt und versprach eine Bilanz im nächsten Jahr.",
        ];
        let german_page = de.join("\n\n");
        let b = run(&german_page, Kind::Text);
        assert_eq!(b.blocks.len(), 3, "{:#?}", b.decisions);
        // In HTML, inside the article's container, where short blocks are kept: only the language drops it.
        for paras in [&FR_PARAS, &EN_PARAS] {
            let page = format!(
                "<html><body><article><h1>Budget</h1><p>{}</p><p>{}</p><p>{}</p><p>{}</p></article></body></html>",
                paras[0], de[0], paras[1], paras[2]
            );
            let b = run(&page, Kind::Html);
            assert!(
                b.decisions.iter().any(|d| matches!(d.reason, Reason::Foreign(_)) && d.text == de[0]),
                "{:#?}",
                b.decisions
            );
            assert_eq!(b.blocks.len(), 3, "{:#?}", b.decisions);
        }
    }

    /// Inside the article, a sentence whose words are links stays; a linked teaser title goes.
    #[test]
    fn linked_sentences_table() {
        let cases = [
            (
                &FR_PARAS,
                "Selon le maire, le <a href=/r>rapport complet de la commission sur les transports publics</a> est en ligne.",
                "Lire notre dossier sur les transports",
            ),
            (
                &EN_PARAS,
                "The mayor said the <a href=/r>full report of the committee on public transport</a> is online.",
                "Our guide to the city's transport",
            ),
        ];
        for (paras, linked, teaser) in cases {
            let page = format!(
                "<html><body><article><h1>Budget</h1><p>{}</p><p>{linked}</p><p>{}</p><p><a href=/t>{teaser}</a></p><p>{}</p></article></body></html>",
                paras[0], paras[1], paras[2]
            );
            let b = run(&page, Kind::Html);
            let text = b.text();
            assert!(text.contains("is online.") || text.contains("est en ligne."), "{:#?}", b.decisions);
            assert!(!text.contains(teaser), "{:#?}", b.decisions);
        }
    }

    const FR_PARAS: [&str; 3] = [
        "Le conseil municipal a voté mardi soir le budget de la ville, après un long débat sur les transports et les écoles.",
        "Les élus de l'opposition ont dénoncé un calendrier précipité et une concertation insuffisante avec les habitants.",
        "La maire a défendu une décision nécessaire pour l'avenir de la ville, et promis un bilan dans un an devant les habitants.",
    ];

    const EN_PARAS: [&str; 3] = [
        "The city council approved the new budget on Tuesday after a long debate about public transport and the schools.",
        "Opposition members said the vote was rushed and that residents of the old districts had not been consulted.",
        "The mayor defended the decision as necessary for the future of the city and promised to report back next year.",
    ];

    #[test]
    fn html_title_and_landmarks() {
        let page = "<html><head><title>Vote du budget | Le Journal</title></head><body>\
            <nav><a href=/>Accueil</a> <a href=/p>Politique</a></nav><article><h1>Vote du budget</h1>\
            <p>Le conseil municipal a voté mardi soir le budget de la ville, après un long débat sur les transports et les écoles.</p>\
            <div class=\"ad\">Publicité</div>\
            <p>Les élus de l'opposition ont dénoncé un calendrier précipité et une concertation insuffisante avec les habitants.</p>\
            </article><footer>Mentions légales et contact de la rédaction du journal</footer></body></html>";
        let b = run(page, Kind::Html);
        assert_eq!(b.title.as_deref(), Some("Vote du budget"));
        assert_eq!(b.blocks.len(), 2, "{:#?}", b.decisions);
    }

    #[test]
    fn disabled_keeps_everything() {
        let doc = Document { text: EN.into(), kind: Kind::Text, encoding: "" };
        let blocks = crate::blocks::blocks(&doc);
        let cfg = BodyConfig { enabled: false, ..BodyConfig::default() };
        let b = body(&blocks, &crate::detect::detect_text(EN), &cfg);
        assert_eq!(b.blocks.len(), blocks.blocks.len());
    }

    /// The project's own samples keep exactly their title and body, as `abrege extract` gives them.
    #[test]
    fn samples_keep_their_body() {
        let samples: [(&str, &str, &str); 8] = [
            (
                include_str!("../samples/en/01_port_strike.txt"),
                include_str!("../samples/en/01_port_strike.expected-title.txt"),
                include_str!("../samples/en/01_port_strike.expected-body.txt"),
            ),
            (
                include_str!("../samples/en/02_measles_outbreak.txt"),
                include_str!("../samples/en/02_measles_outbreak.expected-title.txt"),
                include_str!("../samples/en/02_measles_outbreak.expected-body.txt"),
            ),
            (
                include_str!("../samples/en/03_river_cleanup.html"),
                include_str!("../samples/en/03_river_cleanup.expected-title.txt"),
                include_str!("../samples/en/03_river_cleanup.expected-body.txt"),
            ),
            (
                include_str!("../samples/en/04_bristol_housing.txt"),
                include_str!("../samples/en/04_bristol_housing.expected-title.txt"),
                include_str!("../samples/en/04_bristol_housing.expected-body.txt"),
            ),
            (
                include_str!("../samples/fr/01_transports_gratuits.txt"),
                include_str!("../samples/fr/01_transports_gratuits.expected-title.txt"),
                include_str!("../samples/fr/01_transports_gratuits.expected-body.txt"),
            ),
            (
                include_str!("../samples/fr/02_incendie_etoile.txt"),
                include_str!("../samples/fr/02_incendie_etoile.expected-title.txt"),
                include_str!("../samples/fr/02_incendie_etoile.expected-body.txt"),
            ),
            (
                include_str!("../samples/fr/03_grele_vignes.txt"),
                include_str!("../samples/fr/03_grele_vignes.expected-title.txt"),
                include_str!("../samples/fr/03_grele_vignes.expected-body.txt"),
            ),
            (
                include_str!("../samples/fr/04_mediatheque_dimanche.html"),
                include_str!("../samples/fr/04_mediatheque_dimanche.expected-title.txt"),
                include_str!("../samples/fr/04_mediatheque_dimanche.expected-body.txt"),
            ),
        ];
        for (input, title, body) in samples {
            let got = crate::extract(input.as_bytes(), &crate::Config::default()).expect("samples are articles");
            assert_eq!(got.title.as_deref(), Some(title.trim_end()));
            assert_eq!(got.body, body.trim_end(), "{title}");
        }
    }

    /// The weights file holds every knob once; a file that lacks one, names an
    /// unknown one or repeats one is refused, and what `lines` writes reads back.
    #[test]
    fn weights_file_table() {
        let fitted = BodyWeights::parse(crate::config::BODY_WEIGHTS).expect("src/body/weights.txt parses");
        assert_eq!(fitted, BodyConfig::default().weights);
        assert_eq!(BodyWeights::parse(&fitted.lines()), Ok(fitted.clone()));
        let full = fitted.lines();
        let without_first: String = full.lines().skip(1).map(|l| format!("{l}\n")).collect();
        let cases = [
            (without_first.clone(), "missing knob: vote_density"),
            (format!("{full}vote_density 0.3\n"), "twice: vote_density"),
            (format!("{full}no_such_knob 1\n"), "unknown knob: no_such_knob"),
            (format!("vote_density x\n{without_first}"), "not a number: vote_density x"),
        ];
        for (text, err) in cases {
            assert_eq!(BodyWeights::parse(&text), Err(err.to_string()));
        }
        // The stage reads its knobs from the configuration: with subheadings of at
        // most two words, the article's "Un vote serré" is a short line, dropped.
        let mut w = fitted.clone();
        *w.get_mut("heading_words").expect("a knob") = 2.0;
        let b = |w: &BodyWeights| {
            let doc = Document { text: FR.to_string(), kind: Kind::Text, encoding: "UTF-8" };
            let blocks = crate::blocks::blocks(&doc);
            let d = crate::detect::detect(&blocks, &DetectConfig::default());
            body(&blocks, &d, &BodyConfig { weights: w.clone(), ..BodyConfig::default() }).text()
        };
        assert!(b(&fitted).contains("\n\nUn vote serré\n\n"));
        assert!(!b(&w).contains("Un vote serré"));
    }
}
