//! The pipeline: the one place that knows the order of the stages.
//!
//! read → blocks → detect → body → meta → segment → rank → translate → render. Each
//! entry point below runs the prefix of the pipeline its answer needs: `detect`
//! stops after detection, `extract` after the body, `split` segments the text
//! as given (no body extraction), `summarize` runs everything (its blocks'
//! words read once, by `segment::scan`, for the body's counts and the
//! sentences' terms), and
//! `translate_text` translates the text as given, sentence by sentence.

use crate::answer::{Break, Explain, Extract, SentenceScore, Split, Stats, Summary, TextTranslation};
use crate::blocks::{Blocks, blocks};
use crate::body::{body, body_with};
use crate::config::{Config, Format};
use crate::detect::{Detection, detect as detect_lang};
use crate::error::Error;
use crate::lang::Lang;
use crate::meta::meta;
use crate::rank::rank;
use crate::read::read;
use crate::render::render;
use crate::segment::{scan, segment_with, split_sentences};
use crate::translate::{Translator, translate};
use std::borrow::Cow;

const WORDS_PER_MINUTE: f64 = 230.0;

/// Stages 1–2: the document's blocks; a page of markup without text is blank.
/// Owned input becomes the document's text, which is dropped once the blocks
/// hold their copy: a large input is never held three times.
fn read_blocks<'a>(input: impl Into<Cow<'a, [u8]>>, cfg: &Config) -> Result<Blocks, Error> {
    let doc = read(input, &cfg.read)?;
    let blocks = blocks(&doc);
    if blocks.blocks.is_empty() {
        return Err(Error::Blank);
    }
    Ok(blocks)
}

/// Detects the language of an article.
pub fn detect<'a>(input: impl Into<Cow<'a, [u8]>>, cfg: &Config) -> Result<Detection, Error> {
    Ok(detect_lang(&read_blocks(input, cfg)?, &cfg.detect))
}

/// Extracts the article's title, metadata and main body.
pub fn extract<'a>(input: impl Into<Cow<'a, [u8]>>, cfg: &Config) -> Result<Extract, Error> {
    let blocks = read_blocks(input, cfg)?;
    let detection = detect_lang(&blocks, &cfg.detect);
    let body = body(&blocks, &detection, &cfg.body);
    let meta = meta(&blocks, &body, detection.lang.unwrap_or(Lang::En));
    Ok(Extract {
        lang: detection.code(),
        body: body.text(),
        explain: (cfg.render.explain || cfg.render.format == Format::Html)
            .then(|| body.decisions.into_iter().map(|d| d.into_owned()).collect()),
        title: meta.title,
        date: meta.date,
        author: meta.author,
    })
}

/// Splits a text into sentences, without body extraction.
pub fn split<'a>(input: impl Into<Cow<'a, [u8]>>, cfg: &Config) -> Result<Split, Error> {
    let blocks = read_blocks(input, cfg)?;
    let detection = detect_lang(&blocks, &cfg.detect);
    let lang = detection.lang.unwrap_or(Lang::En);
    let sentences = blocks.blocks.iter().flat_map(|b| split_sentences(&b.text, lang)).map(str::to_string).collect();
    Ok(Split { lang: detection.code(), sentences })
}

/// The language to read a text in: French or English, else an error.
fn supported(detection: &Detection) -> Result<Lang, Error> {
    match (detection.lang, detection.other) {
        (Some(lang), _) => Ok(lang),
        (None, Some((code, name))) => {
            Err(Error::UnsupportedLanguage { code: code.to_string(), name: name.to_string() })
        }
        // Nothing to tell by (numbers, names): read it with English rules.
        (None, None) => Ok(Lang::En),
    }
}

/// Translates a text as given (no body extraction), sentence by sentence,
/// into `cfg.render.to` (by default the other language), with the backend
/// that `cfg.translate` names. Unlike a summary's, a failed translation is an error.
pub fn translate_text<'a>(input: impl Into<Cow<'a, [u8]>>, cfg: &Config) -> Result<TextTranslation, Error> {
    translate_text_with(input, cfg, None)
}

/// [`translate_text`] with your own translator instead of the configured backend.
pub fn translate_text_with<'a>(
    input: impl Into<Cow<'a, [u8]>>,
    cfg: &Config,
    translator: Option<&dyn Translator>,
) -> Result<TextTranslation, Error> {
    let blocks = read_blocks(input, cfg)?;
    let detection = detect_lang(&blocks, &cfg.detect);
    let lang = supported(&detection)?;
    let to = cfg.render.to.unwrap_or(match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    });
    let mut sentences = Vec::new();
    let mut breaks = Vec::new();
    for block in &blocks.blocks {
        for (i, s) in split_sentences(&block.text, lang).into_iter().enumerate() {
            breaks.push(match (i, block.para_start) {
                (0, true) => Break::Paragraph,
                (0, false) => Break::Line,
                _ => Break::Space,
            });
            sentences.push(s.to_string());
        }
    }
    if sentences.is_empty() {
        return Err(Error::NoSentences);
    }
    let (translations, translated_by) = if to == lang {
        (sentences.clone(), None)
    } else {
        let configured;
        let translator = match translator {
            Some(t) => t,
            None => match crate::translate::backend(&cfg.translate)? {
                Some(t) => {
                    configured = t;
                    configured.as_ref()
                }
                None => {
                    return Err(Error::Translate(format!(
                        "nothing translates {lang} to {to} with --translate none: drop it, or choose marian or http"
                    )));
                }
            },
        };
        let t = translate(None, &sentences, lang, to, translator)?;
        (t.sentences, Some(t.by))
    };
    Ok(TextTranslation { lang, to, sentences, translations, translated_by, breaks })
}

/// Summarizes an article: the whole pipeline, translating with the backend
/// that `cfg.translate` names (if any). The input is its bytes, borrowed
/// (`&[u8]`) or owned (`Vec<u8>`, dropped once decoded: the way to read a
/// large file); every entry point takes either.
pub fn summarize<'a>(input: impl Into<Cow<'a, [u8]>>, cfg: &Config) -> Result<Summary, Error> {
    summarize_with(input, cfg, None)
}

/// Summarizes an article, translating with `translator` when given (your own
/// backend) instead of the one `cfg.translate` names.
pub fn summarize_with<'a>(
    input: impl Into<Cow<'a, [u8]>>,
    cfg: &Config,
    translator: Option<&dyn Translator>,
) -> Result<Summary, Error> {
    let blocks = read_blocks(input, cfg)?;
    let detection = detect_lang(&blocks, &cfg.detect);
    let lang = supported(&detection)?;
    // One scan of the blocks' words: the body's stopword counts and the
    // sentences' terms (the body's language is `lang` when it is supported).
    let mut scan = cfg.body.enabled.then(|| scan(&blocks, lang));
    let stats = scan.as_mut().map(|s| std::mem::take(&mut s.stats));
    let body = body_with(&blocks, &detection, &cfg.body, stats);
    let meta = meta(&blocks, &body, lang);
    let seg = segment_with(&body, lang, scan);
    let ranked = rank(&seg, lang, &cfg.rank);
    if ranked.picked.is_empty() {
        return Err(Error::NoSentences);
    }

    let running: Vec<_> = seg.sentences.iter().filter(|s| !s.heading && !s.furniture).collect();
    let words: usize = running.iter().map(|s| s.words).sum();
    let words_picked: usize = ranked.picked.iter().map(|&i| seg.sentences[i].words).sum();
    let minutes = (words - words_picked) as f64 / WORDS_PER_MINUTE;
    let stats = Stats { sentences: running.len(), words, words_picked, minutes_saved: (minutes * 2.0).round() / 2.0 };
    // The HTML report shows the decisions and scores that `--explain` prints.
    let explain = (cfg.render.explain || cfg.render.format == Format::Html).then(|| Explain {
        blocks: body.decisions.iter().map(|d| d.clone().into_owned()).collect(),
        sentences: ranked
            .scores
            .iter()
            .map(|s| SentenceScore {
                text: seg.sentences[s.index].text.clone(),
                block: seg.sentences[s.index].block,
                score: s.score,
                position: s.position,
                centrality: s.centrality,
                title: s.title,
                picked: ranked.picked.contains(&s.index),
            })
            .collect(),
    });
    let mut summary = Summary {
        lang,
        confidence: detection.confidence,
        to: cfg.render.to.unwrap_or(lang),
        title: meta.title,
        date: meta.date,
        author: meta.author,
        sentences: ranked.picked.iter().map(|&i| seg.sentences[i].text.clone()).collect(),
        title_translation: None,
        translations: None,
        translated_by: None,
        warnings: Vec::new(),
        summary: String::new(),
        rendered: String::new(),
        stats,
        explain,
    };
    if summary.to != lang {
        translate_step(&mut summary, cfg, translator);
    }
    let mut render_cfg = cfg.render.clone();
    // (The JSON and the HTML report carry the text frame in `rendered`.)
    if matches!(render_cfg.format, Format::Json | Format::Html) {
        render_cfg.format = Format::Text;
    }
    let originals = cfg.translate.show_original || cfg.render.explain;
    // The key points in the reader's language when translated, else as picked.
    summary.summary = summary.translations.as_ref().unwrap_or(&summary.sentences).join(" ");
    summary.rendered = render(&summary, &render_cfg, originals);
    Ok(summary)
}

/// Stage 7: fills the translations, or says in a warning why there are none.
fn translate_step(summary: &mut Summary, cfg: &Config, translator: Option<&dyn Translator>) {
    let configured;
    let translator = match translator {
        Some(t) => t,
        None => match crate::translate::backend(&cfg.translate) {
            Ok(Some(t)) => {
                configured = t;
                configured.as_ref()
            }
            Ok(None) => return,
            Err(err) => {
                summary.warnings.push(untranslated(&err));
                return;
            }
        },
    };
    match translate(summary.title.as_deref(), &summary.sentences, summary.lang, summary.to, translator) {
        Ok(t) => {
            summary.title_translation = t.title;
            summary.translations = Some(t.sentences);
            summary.translated_by = Some(t.by);
        }
        Err(err) => summary.warnings.push(untranslated(&err)),
    }
}

fn untranslated(err: &Error) -> String {
    format!("not translated: {err}")
}
