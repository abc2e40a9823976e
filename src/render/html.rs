//! The HTML report (`--format html`): one self-contained page per article
//! that shows why the summary or the extraction is what it is.
//!
//! Input: a [`Summary`] or an [`Extract`] carrying its explanation (the
//! pipeline collects it when the format is HTML), or the rows of a folder's
//! index ([`IndexRow`]). Output: one HTML document as a string.
//!
//! The frame (title, language, counts, labels) is in the reader's language
//! through the Fluent files; the article's own text keeps its language in
//! `lang` attributes. Kept blocks are plain, dropped ones struck through and
//! greyed, each with its reason as a label and a hint as a tooltip; picked
//! sentences are highlighted, and every candidate sentence carries its score
//! as a bar, its features on hover.
//!
//! Pages are hostile input: every piece of their text is escaped, the report
//! loads nothing, and its Content-Security-Policy allows only its own inline
//! style and filter script by their SHA-256, computed at run time from the
//! very strings written, so that a text slipping through escaping could still
//! neither run nor style anything. Layout needs no script and no style
//! attribute (the score bars are `<meter>` elements).

use super::{Frame, args, byline, frame, message, num, reason, score_line, text};
use crate::answer::{Extract, SentenceScore, Summary};
use crate::body::Decision;
use crate::lang::Lang;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fmt::Write;
use std::sync::OnceLock;

/// The report's style sheet: system fonts, colours that pass WCAG AA on
/// their backgrounds (the tests check the pairs), one column that holds at
/// 360 px. `.hide-dropped` is set by the filter script.
const STYLE: &str = r#":root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif}
main,footer{max-width:48rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.5rem;line-height:1.25;margin:1rem 0 .4rem;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.6rem 0 .4rem}
p{margin:.3rem 0}
.meta,.legend,footer{color:#4d4d4d}
.legend{font-size:.9rem}
.warn{color:#8e1b1b}
mark{background:#ffe680;color:#000000;padding:0 .1em}
.points li{margin:.45rem 0;overflow-wrap:anywhere}
.orig{display:block;color:#4d4d4d;font-size:.9rem}
.filter{margin:.6rem 0;cursor:pointer}
.blocks{list-style:none;padding:0;margin:0}
.block{border-left:4px solid #1b5e20;padding:.35rem .6rem;margin:.5rem 0}
.block.dropped{border-left-color:#767676;background:#f5f5f5}
.hide-dropped .dropped{display:none}
.why summary{display:inline-block;font-size:.8rem;line-height:1.3;padding:.05rem .45rem;border-radius:.6rem;background:#e8f5e9;color:#1b5e20;cursor:pointer;overflow-wrap:anywhere}
.dropped .why summary{background:#fdeeee;color:#8e1b1b}
.hint{font-size:.85rem;color:#4d4d4d;margin:.2rem 0}
.text{margin:.2rem 0 0;white-space:pre-line;overflow-wrap:anywhere}
.dropped .text{color:#595959}
.heading .text{font-weight:700}
meter{width:2.4rem;height:.6rem;vertical-align:baseline;margin-right:.2rem}
meter::-webkit-meter-bar{background:#e6e6e6;border:1px solid #767676;border-radius:2px}
meter::-webkit-meter-optimum-value{background:#1b5e20}
meter::-moz-meter-bar{background:#1b5e20}
.score{white-space:nowrap}
.n{font-size:.75rem;color:#4d4d4d;margin-right:.25rem;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #bdbdbd;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
@media (max-width:40rem){thead{position:absolute;left:-9999px}table,tbody,tr,td{display:block}tr{border-bottom:1px solid #bdbdbd;padding:.4rem 0}td{border:0;padding:.1rem 0}td.num{text-align:left}td[data-label]::before{content:attr(data-label) " ";color:#4d4d4d}}
a{color:#0b57d0}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
footer{margin-top:2rem;padding-bottom:1rem;font-size:.85rem}"#;

/// The one script: shows the filter (hidden when scripts are off, where it
/// could do nothing) and lets it hide the dropped blocks; `#kept` at the end
/// of the page's address opens it with them hidden.
const SCRIPT: &str = r##"(function(){var f=document.getElementById("filter"),b=document.getElementById("blocks");if(!f||!b)return;var c=f.querySelector("input");function apply(){b.classList.toggle("hide-dropped",!c.checked)}if(location.hash==="#kept")c.checked=false;apply();f.hidden=false;c.addEventListener("change",apply)})();"##;

/// `'sha256-…'`: a CSP source that allows exactly this inline text.
fn csp_hash(inline: &str) -> String {
    let digest = Sha256::digest(inline.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The Content-Security-Policy of a report: nothing from anywhere, except
/// the style sheet and (on article pages) the script, by their hashes.
pub fn content_security_policy(script: bool) -> String {
    static HASHES: OnceLock<(String, String)> = OnceLock::new();
    let (style, js) = HASHES.get_or_init(|| (csp_hash(STYLE), csp_hash(SCRIPT)));
    let js = if script { js.as_str() } else { "'none'" };
    format!("default-src 'none'; style-src {style}; script-src {js}; base-uri 'none'; form-action 'none'")
}

/// Text made safe for an HTML text node or a quoted attribute: `& < > " '`
/// escaped, and control characters that HTML does not allow (NUL…) replaced.
pub fn escape(s: &str) -> Cow<'_, str> {
    let not_html = |c: char| c.is_control() && !matches!(c, '\n' | '\t' | '\r');
    let escaped = htmlize::escape_all_quotes(s);
    if escaped.contains(not_html) {
        return Cow::Owned(escaped.chars().map(|c| if not_html(c) { '\u{FFFD}' } else { c }).collect());
    }
    escaped
}

/// The document's head and the opening of its body.
fn open(out: &mut String, to: Lang, title: &str, script: bool) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · abrege</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        lang = to.code(),
        csp = content_security_policy(script),
        title = escape(title),
    );
}

/// The end of the body: the credit line, the script when asked.
fn close(out: &mut String, to: Lang, script: bool) {
    let _ = write!(out, "</main>\n<footer><p>{}</p></footer>\n", escape(&message(to, "report-made-by", None)));
    if script {
        let _ = writeln!(out, "<script>{SCRIPT}</script>");
    }
    out.push_str("</body>\n</html>\n");
}

/// One paragraph of the frame, escaped.
fn para(out: &mut String, class: &str, line: &str) {
    let _ = writeln!(out, "<p class=\"{class}\">{}</p>", escape(line));
}

/// The report of a summary: frame, key points (with their translations),
/// and the page block by block when the summary carries its explanation.
pub fn summary_page(summary: &Summary) -> String {
    let to = summary.to;
    let article = summary.lang.code();
    let Frame { title, original_title, byline, frame, saved, quoted, .. } = frame(summary, true);
    let mut out = String::with_capacity(16 * 1024);
    open(&mut out, to, &title, summary.explain.is_some());
    let title_lang = if summary.title_translation.is_some() || summary.title.is_none() { to.code() } else { article };
    let _ = writeln!(out, "<header>\n<h1 lang=\"{title_lang}\">{}</h1>", escape(&title));
    if let Some(o) = &original_title {
        para(&mut out, "meta", o);
    }
    if let Some(b) = &byline {
        para(&mut out, "meta", b);
    }
    para(&mut out, "meta", &format!("{frame} · {saved}"));
    if let Some(q) = &quoted {
        para(&mut out, "meta", q);
    }
    out.push_str("</header>\n");
    if !summary.warnings.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2>\n<ul class=\"warn\">", escape(&message(to, "report-warnings", None)));
        for w in &summary.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape(w));
        }
        out.push_str("</ul>\n");
    }

    let _ = writeln!(
        out,
        "<section aria-labelledby=\"points\">\n<h2 id=\"points\">{}</h2>\n<ol class=\"points\">",
        escape(&message(to, "report-key-points", None))
    );
    for (i, sentence) in summary.sentences.iter().enumerate() {
        match summary.translations.as_ref().and_then(|t| t.get(i)) {
            Some(t) => {
                let _ = writeln!(
                    out,
                    "<li><mark lang=\"{}\">{}</mark><span class=\"orig\" lang=\"{article}\">{}</span></li>",
                    to.code(),
                    escape(t),
                    escape(sentence)
                );
            }
            None => {
                let _ = writeln!(out, "<li><mark lang=\"{article}\">{}</mark></li>", escape(sentence));
            }
        }
    }
    out.push_str("</ol>\n</section>\n");
    if let Some(ex) = &summary.explain {
        blocks_section(&mut out, &ex.blocks, &ex.sentences, to, article);
    }
    close(&mut out, to, summary.explain.is_some());
    out
}

/// The report of an extraction: frame and the page block by block.
pub fn extract_page(extract: &Extract) -> String {
    let to = Lang::from_code(extract.lang).unwrap_or(Lang::En);
    let title = extract.title.clone().unwrap_or_else(|| message(to, "summary-untitled", None));
    let mut out = String::with_capacity(16 * 1024);
    open(&mut out, to, &title, extract.explain.is_some());
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(&title));
    if let Some(b) = byline(to, extract.author.as_deref(), extract.date) {
        para(&mut out, "meta", &b);
    }
    let lang = message(to, "report-extract-frame", Some(&args(&[("lang", text(extract.lang))])));
    para(&mut out, "meta", &lang);
    out.push_str("</header>\n");
    if let Some(decisions) = &extract.explain {
        blocks_section(&mut out, decisions, &[], to, to.code());
    }
    close(&mut out, to, extract.explain.is_some());
    out
}

/// "10 blocks kept, 46 dropped".
fn block_counts(decisions: &[Decision], to: Lang) -> String {
    let (kept, dropped) = kept_dropped(decisions);
    message(to, "report-blocks", Some(&args(&[("kept", num(kept as f64)), ("dropped", num(dropped as f64))])))
}

/// The page's blocks in order, with their reasons; the candidate sentences
/// of kept blocks (`block` indexes the kept blocks) with their scores.
fn blocks_section(out: &mut String, decisions: &[Decision], sentences: &[SentenceScore], to: Lang, article: &str) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"page\">\n<h2 id=\"page\">{}</h2>\n<p class=\"meta\">{}</p>\n<p class=\"legend\">{}{}</p>\n\
         <label class=\"filter\" id=\"filter\" hidden><input type=\"checkbox\" checked> {}</label>\n<ol class=\"blocks\" id=\"blocks\">",
        escape(&message(to, "report-page", None)),
        escape(&block_counts(decisions, to)),
        escape(&message(to, "report-legend", None)),
        if sentences.is_empty() {
            String::new()
        } else {
            format!(" {}", escape(&message(to, "report-legend-scores", None)))
        },
        escape(&message(to, "report-show-dropped", None)),
    );
    // The bars are relative to the best score of the article.
    let max = sentences.iter().map(|s| s.score).fold(0.0_f64, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let mut kept = 0;
    let mut next = 0;
    for d in decisions {
        let class = match (d.keep, &d.reason) {
            (true, crate::body::Reason::Subheading) => "block kept heading",
            (true, _) => "block kept",
            (false, _) => "block dropped",
        };
        let verdict = message(to, if d.keep { "report-kept" } else { "report-dropped" }, None);
        let hint = message(to, &format!("hint-{}", d.reason.id()), None);
        // The label opens on the hint: a tooltip on hover, a tap on a phone.
        let hint = escape(&hint);
        let _ = write!(
            out,
            "<li class=\"{class}\"><details class=\"why\"><summary title=\"{hint}\">{} · {}</summary><p class=\"hint\">{hint}</p></details>\
             <p class=\"text\" lang=\"{article}\">",
            escape(&verdict),
            escape(&reason(d, to))
        );
        if d.keep {
            let start = next;
            while next < sentences.len() && sentences[next].block == kept {
                next += 1;
            }
            block_text(out, &d.text, &sentences[start..next], max, to);
            kept += 1;
        } else {
            let _ = write!(out, "<s>{}</s>", escape(&d.text));
        }
        out.push_str("</p></li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

/// A kept block's text, its candidate sentences marked where they stand (a
/// sentence is a slice of its block, in order); a sentence not found in
/// the rest of the text (never, short of a bug) still shows, after it.
fn block_text(out: &mut String, text: &str, sentences: &[SentenceScore], max: f64, to: Lang) {
    let mut at = 0;
    let mut missing = Vec::new();
    for s in sentences {
        match text[at..].find(s.text.as_str()) {
            Some(i) => {
                out.push_str(&escape(&text[at..at + i]));
                sentence(out, s, max, to);
                at += i + s.text.len();
            }
            None => missing.push(s),
        }
    }
    out.push_str(&escape(&text[at..]));
    for s in missing {
        out.push(' ');
        sentence(out, s, max, to);
    }
}

/// One candidate sentence: its score as a bar and a number, its features in
/// the tooltip, highlighted when picked.
fn sentence(out: &mut String, s: &SentenceScore, max: f64, to: Lang) {
    let value = s.score.clamp(0.0, max);
    let shown = super::format_number(super::round2(s.score), to);
    let _ = write!(
        out,
        "<span class=\"sent\" title=\"{}\"><span class=\"score\"><meter min=\"0\" max=\"{max}\" value=\"{value}\"></meter><span class=\"n\">{shown}</span></span>",
        escape(&score_line(s, to)),
    );
    if s.picked {
        let _ = write!(out, "<mark>{}</mark></span>", escape(&s.text));
    } else {
        let _ = write!(out, "{}</span>", escape(&s.text));
    }
}

/// What the index tells of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    pub title: Option<String>,
    /// `fr`, `en` or `und`.
    pub lang: String,
    /// Key points and sentences of running text (summaries only).
    pub points: Option<(usize, usize)>,
    /// Blocks kept and dropped, when the explanation is there.
    pub blocks: Option<(usize, usize)>,
}

impl Counts {
    pub fn of_summary(s: &Summary) -> Counts {
        Counts {
            title: s.title_translation.clone().or_else(|| s.title.clone()),
            lang: s.lang.code().to_string(),
            points: Some((s.sentences.len(), s.stats.sentences)),
            blocks: s.explain.as_ref().map(|e| kept_dropped(&e.blocks)),
        }
    }

    pub fn of_extract(e: &Extract) -> Counts {
        Counts {
            title: e.title.clone(),
            lang: e.lang.to_string(),
            points: None,
            blocks: e.explain.as_deref().map(kept_dropped),
        }
    }
}

fn kept_dropped(decisions: &[Decision]) -> (usize, usize) {
    let kept = decisions.iter().filter(|d| d.keep).count();
    (kept, decisions.len() - kept)
}

/// One input of a folder's index.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexRow {
    /// Its report, at `href` (a relative URL, see [`relative_url`]).
    Page { name: String, href: String, counts: Counts },
    /// Its report was up to date and not written again.
    Skipped { name: String, href: String },
    /// It failed: why (`name` is empty for a failure that is no one
    /// input's, such as a folder that cannot be listed).
    Failed { name: String, why: String },
}

/// A relative path as a URL path: each segment percent-encoded (all but
/// letters, digits and `-._~`), joined by `/`.
pub fn relative_url(rel: &std::path::Path) -> String {
    let mut url = String::new();
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            url.push('/');
        }
        for b in part.as_os_str().to_string_lossy().bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                url.push(char::from(b));
            } else {
                let _ = write!(url, "%{b:02X}");
            }
        }
    }
    url
}

/// A folder's `index.html`: one row per input with its title, language and
/// counts, linked to its report; the failures listed after. No script.
pub fn index_page(rows: &[IndexRow], to: Lang) -> String {
    let mut out = String::with_capacity(4096 + rows.len() * 256);
    let heading = message(to, "report-index-title", None);
    open(&mut out, to, &heading, false);
    let failed = rows.iter().filter(|r| matches!(r, IndexRow::Failed { .. })).count();
    let count = args(&[("count", num(rows.len() as f64)), ("failed", num(failed as f64))]);
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(&heading));
    para(&mut out, "meta", &message(to, "report-index-count", Some(&count)));
    out.push_str("</header>\n<div class=\"scroll\">\n<table>\n<thead><tr>");
    for col in ["report-col-title", "report-col-lang", "report-col-points", "report-col-sentences", "report-col-blocks"]
    {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&message(to, col, None)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    // Each cell's column name, shown before it when the table is one column (narrow screens).
    let label = |col: &str| {
        let name = message(to, col, None);
        escape(&message(to, "report-label", Some(&args(&[("label", text(&name))])))).into_owned()
    };
    let (lang_label, points_label, sentences_label, blocks_label) = (
        label("report-col-lang"),
        label("report-col-points"),
        label("report-col-sentences"),
        label("report-col-blocks"),
    );
    for row in rows {
        match row {
            IndexRow::Page { name, href, counts } => {
                let title = counts.title.as_deref().unwrap_or(name);
                let lang = match Lang::from_code(&counts.lang) {
                    Some(l) => message(to, "language-name", Some(&args(&[("lang", text(l.code()))]))),
                    None => counts.lang.clone(),
                };
                let cell = |n: Option<usize>| n.map(|n| super::format_number(n as f64, to)).unwrap_or_default();
                let blocks = counts
                    .blocks
                    .map(|(k, d)| {
                        format!("{} / {}", super::format_number(k as f64, to), super::format_number(d as f64, to))
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<tr><td><a href=\"{}\" title=\"{}\">{}</a></td><td data-label=\"{lang_label}\">{}</td>\
                     <td class=\"num\" data-label=\"{points_label}\">{}</td><td class=\"num\" data-label=\"{sentences_label}\">{}</td>\
                     <td class=\"num\" data-label=\"{blocks_label}\">{}</td></tr>",
                    escape(href),
                    escape(name),
                    escape(title),
                    escape(&lang),
                    cell(counts.points.map(|p| p.0)),
                    cell(counts.points.map(|p| p.1)),
                    blocks
                );
            }
            IndexRow::Skipped { name, href } => {
                let _ = writeln!(
                    out,
                    "<tr><td><a href=\"{}\">{}</a></td><td colspan=\"4\">{}</td></tr>",
                    escape(href),
                    escape(name),
                    escape(&message(to, "report-index-skipped", None))
                );
            }
            IndexRow::Failed { .. } => {}
        }
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    if failed > 0 {
        let _ = writeln!(out, "<h2>{}</h2>\n<ul class=\"warn\">", escape(&message(to, "report-index-errors", None)));
        for row in rows {
            if let IndexRow::Failed { name, why } = row {
                match name.as_str() {
                    "" => writeln!(out, "<li>{}</li>", escape(why)),
                    _ => writeln!(out, "<li><code>{}</code>: {}</li>", escape(name), escape(why)),
                }
                .unwrap_or_default();
            }
        }
        out.push_str("</ul>\n");
    }
    close(&mut out, to, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{Explain, Stats};
    use crate::body::Reason;

    #[test]
    fn escape_table() {
        let cases = [
            ("plain text", "plain text"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("<img src=x onerror=\"alert(1)\">", "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
            ("</style><b>", "&lt;/style&gt;&lt;b&gt;"),
            ("a 'quoted' & \"b\"", "a &apos;quoted&apos; &amp; &quot;b&quot;"),
            ("nul\u{0}bell\u{7}", "nul\u{FFFD}bell\u{FFFD}"),
            ("two\nlines\tand tab", "two\nlines\tand tab"),
            ("« Lire aussi » — été", "« Lire aussi » — été"),
        ];
        for (raw, want) in cases {
            assert_eq!(escape(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn csp_table() {
        let page = content_security_policy(true);
        let index = content_security_policy(false);
        for csp in [&page, &index] {
            assert!(csp.starts_with("default-src 'none';"), "{csp}");
            assert!(!csp.contains("unsafe"), "{csp}");
            assert!(csp.contains(&format!("style-src {};", csp_hash(STYLE))), "{csp}");
        }
        assert!(page.contains(&format!("script-src {};", csp_hash(SCRIPT))), "{page}");
        assert!(index.contains("script-src 'none';"), "{index}");
        // The hash of a known text (SHA-256 of the empty string).
        assert_eq!(csp_hash(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
        // The style needs no quote that would end the meta tag's attribute.
        assert!(!page.contains('"'));
    }

    fn decision(keep: bool, reason: Reason, text: &str) -> Decision<'static> {
        Decision { keep, reason, text: text.to_string().into() }
    }

    fn score(text: &str, block: usize, score: f64, picked: bool) -> SentenceScore {
        SentenceScore { text: text.to_string(), block, score, position: 1.0, centrality: 0.5, title: 0.25, picked }
    }

    /// A French summary of a page whose text is hostile.
    fn hostile(to: Lang) -> Summary {
        let evil = "Voir <script>document.title='PWNED'</script> et <img src=x onerror=\"alert(1)\"> puis </style>.";
        let first = "Le conseil a voté le budget <b>mardi</b> soir.";
        let second = "Les bus gagnent dix pour cent.";
        Summary {
            lang: Lang::Fr,
            confidence: 1.0,
            to,
            title: Some("Vote </title><script>x()</script>".to_string()),
            date: None,
            author: Some("<a href=\"javascript:alert(1)\">Marie</a>".to_string()),
            sentences: vec![first.to_string()],
            title_translation: None,
            translations: None,
            translated_by: None,
            warnings: vec!["not translated: <b>down</b>".to_string()],
            summary: String::new(),
            rendered: String::new(),
            stats: Stats { sentences: 2, words: 20, words_picked: 9, minutes_saved: 0.0 },
            explain: Some(Explain {
                blocks: vec![
                    decision(false, Reason::Title, "Vote </title><script>x()</script>"),
                    decision(true, Reason::Paragraph, &format!("{first} {second}")),
                    decision(false, Reason::Cue("<lire>".to_string()), evil),
                ],
                sentences: vec![score(first, 0, 0.4, true), score(second, 0, 0.2, false)],
            }),
        }
    }

    /// The tags a page may hold: its own, never one from the article's text.
    fn tags(page: &str) -> Vec<String> {
        page.split('<').skip(1).map(|t| t.split([' ', '>', '\n']).next().unwrap_or("").to_string()).collect()
    }

    #[test]
    fn hostile_text_is_escaped_table() {
        for to in Lang::ALL {
            let page = summary_page(&hostile(to));
            let allowed = [
                "!DOCTYPE", "html", "/html", "head", "/head", "meta", "title", "/title", "style", "/style", "body",
                "/body", "main", "/main", "details", "/details", "summary", "/summary", "header", "/header", "h1",
                "/h1", "h2", "/h2", "p", "/p", "ul", "/ul", "ol", "/ol", "li", "/li", "section", "/section", "mark",
                "/mark", "label", "/label", "input", "s", "/s", "span", "/span", "meter", "/meter", "footer",
                "/footer", "script", "/script",
            ];
            for t in tags(&page) {
                assert!(allowed.contains(&t.as_str()), "{to}: tag <{t}> in\n{page}");
            }
            // Exactly one script element, ours, at the end.
            assert_eq!(page.matches("<script>").count(), 1, "{page}");
            assert!(page.contains(&format!("<script>{SCRIPT}</script>\n</body>")));
            assert_eq!(page.matches("<style>").count(), 1);
            for raw in ["onerror=\"", "href=\"javascript", "</style>.", "<b>"] {
                assert!(!page.contains(raw), "{to}: {raw} in\n{page}");
            }
            assert!(page.contains("&lt;script&gt;document.title=&apos;PWNED&apos;&lt;/script&gt;"));
        }
    }

    #[test]
    fn both_languages_table() {
        // (frame language, words of the frame wanted)
        let cases = [
            (Lang::En, ["<html lang=\"en\">", "Key points", "The page, block by block", "1 block kept, 2 dropped"]),
            (Lang::Fr, ["<html lang=\"fr\">", "Points clés", "La page, bloc par bloc", "1 bloc gardé, 2 écartés"]),
        ];
        for (to, want) in cases {
            let page = summary_page(&hostile(to));
            for w in want {
                assert!(page.contains(w), "{to}: {w:?} not in\n{page}");
            }
            // The article's text keeps its language; French numbers keep their comma.
            assert!(page.contains("<p class=\"text\" lang=\"fr\">"));
            let bar = if to == Lang::Fr { "<span class=\"n\">0,4</span>" } else { "<span class=\"n\">0.4</span>" };
            assert!(page.contains(bar), "{to}: {bar} not in\n{page}");
        }
        let fr = summary_page(&hostile(Lang::Fr));
        // French typography: narrow no-break space before the colon of the legend's hints.
        assert!(fr.contains("texte courant") && fr.contains("en clair\u{202F};"), "{fr}");
    }

    #[test]
    fn translated_key_points() {
        let mut s = hostile(Lang::En);
        s.title_translation = Some("Budget vote <i>".to_string());
        s.translations = Some(vec!["The council voted the budget on <b>Tuesday</b>.".to_string()]);
        s.translated_by = Some("LibreTranslate (localhost)".to_string());
        let page = summary_page(&s);
        for w in [
            "<h1 lang=\"en\">Budget vote &lt;i&gt;</h1>",
            "original: Vote &lt;/title&gt;",
            "Key points translated from French by LibreTranslate (localhost).",
            "<li><mark lang=\"en\">The council voted the budget on &lt;b&gt;Tuesday&lt;/b&gt;.</mark>\
             <span class=\"orig\" lang=\"fr\">Le conseil a voté le budget &lt;b&gt;mardi&lt;/b&gt; soir.</span></li>",
        ] {
            assert!(page.contains(w), "{w:?} not in\n{page}");
        }
    }

    #[test]
    fn blocks_and_sentences_table() {
        let page = summary_page(&hostile(Lang::En));
        // Kept blocks plain with their label, dropped ones struck through with theirs.
        assert!(
            page.contains("<li class=\"block kept\"><details class=\"why\"><summary title=\"Running text"),
            "{page}"
        );
        assert!(page.contains("</summary><p class=\"hint\">Running text: long enough"), "{page}");
        assert!(page.contains("kept · running text</summary>"));
        assert!(page.contains("dropped · boilerplate cue “&lt;lire&gt;”</summary>"), "{page}");
        assert!(page.contains("<s>Voir &lt;script&gt;"));
        // The picked sentence is highlighted where it stands, the other scored and plain.
        let kept = page.split("<li class=\"block kept\">").nth(1).unwrap().split("</li>").next().unwrap();
        let picked = kept.find("<mark>Le conseil a voté le budget &lt;b&gt;mardi&lt;/b&gt; soir.</mark>").unwrap();
        let other = kept.find("</meter><span class=\"n\">0.2</span></span>Les bus gagnent").unwrap();
        assert!(picked < other, "{kept}");
        assert_eq!(kept.matches("<meter").count(), 2);
        assert!(kept.contains("title=\"score 0.4 (position 1, centrality 0.5, title 0.25)\""), "{kept}");
        // The bars are relative to the best score.
        assert!(kept.contains("<meter min=\"0\" max=\"0.4\" value=\"0.2\">"), "{kept}");
        // Without an explanation: the frame and key points, no blocks and no script.
        let mut bare = hostile(Lang::En);
        bare.explain = None;
        let page = summary_page(&bare);
        assert!(!page.contains("<script>") && !page.contains("id=\"blocks\""), "{page}");
        assert!(page.contains("script-src 'none'"));
    }

    #[test]
    fn extract_and_index_table() {
        let extract = Extract {
            lang: "fr",
            title: Some("Titre <i>".to_string()),
            date: Some(crate::meta::Date { year: 2025, month: 12, day: 7, time: None }),
            author: None,
            body: "Texte.".to_string(),
            explain: Some(vec![decision(true, Reason::Paragraph, "Texte."), decision(false, Reason::Links, "Menu")]),
        };
        let page = extract_page(&extract);
        for w in ["<h1>Titre &lt;i&gt;</h1>", "Publié le 7 décembre 2025", "Article en français", "<s>Menu</s>"] {
            assert!(page.contains(w), "{w:?} not in\n{page}");
        }
        // No sentence scores in an extraction, so no word of them.
        assert!(!page.contains("<meter") && !page.contains("surlignées"), "{page}");
        let und = extract_page(&Extract { lang: "und", ..extract.clone() });
        assert!(und.contains("<html lang=\"en\">") && und.contains("Language not recognised"), "{und}");
        let rows = vec![
            IndexRow::Page {
                name: "a b/<x>.txt".to_string(),
                href: relative_url(std::path::Path::new("a b/<x>.html")),
                counts: Counts::of_extract(&extract),
            },
            IndexRow::Page {
                name: "s.txt".to_string(),
                href: "s.html".to_string(),
                counts: Counts::of_summary(&hostile(Lang::En)),
            },
            IndexRow::Skipped { name: "old.txt".to_string(), href: "old.html".to_string() },
            IndexRow::Failed { name: "bad.txt".to_string(), why: "blank <input>".to_string() },
        ];
        for (to, want) in [
            (
                Lang::En,
                &[
                    "4 articles, 1 failed",
                    "<a href=\"a%20b/%3Cx%3E.html\"",
                    ">French</td>",
                    "1 / 1",
                    "up to date",
                    "data-label=\"Language:\"",
                ][..],
            ),
            (
                Lang::Fr,
                &[
                    "4 articles, 1 en échec",
                    ">français</td>",
                    "Erreurs",
                    "blank &lt;input&gt;",
                    "data-label=\"Langue\u{202F}:\"",
                ][..],
            ),
        ] {
            let index = index_page(&rows, to);
            for w in want {
                assert!(index.contains(w), "{to}: {w:?} not in\n{index}");
            }
            assert!(!index.contains("<script>") && !index.contains("<x>"), "{index}");
        }
    }

    /// WCAG 2 contrast ratio of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let lum = |hex: &str| {
            let c = |i: usize| {
                let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
            };
            0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn contrast_table() {
        // (text, background) pairs of the style sheet; AA asks 4.5 for text.
        let pairs = [
            ("#1a1a1a", "#ffffff"),
            ("#4d4d4d", "#ffffff"),
            ("#8e1b1b", "#ffffff"),
            ("#000000", "#ffe680"),
            ("#1b5e20", "#e8f5e9"),
            ("#8e1b1b", "#fdeeee"),
            ("#595959", "#f5f5f5"),
            ("#4d4d4d", "#f5f5f5"),
            ("#0b57d0", "#ffffff"),
        ];
        for (fg, bg) in pairs {
            assert!(STYLE.contains(fg) || fg == "#ffffff", "{fg} is not in the style");
            assert!(contrast(fg, bg) >= 4.5, "{fg} on {bg}: {:.2}", contrast(fg, bg));
        }
        // Non-text parts (bars, borders) ask 3.
        assert!(contrast("#1b5e20", "#e6e6e6") >= 3.0 && contrast("#767676", "#ffffff") >= 3.0);
    }
}
