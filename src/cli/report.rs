//! The index of a folder of HTML reports (`--format html -o DIR`): gathers
//! one row per input as the batch goes (its counts, or why it failed) and
//! writes `DIR/index.html` at the end, linking each row to its page.

use super::Answer;
use abrege::render::html::{self, Counts, IndexRow};
use abrege::{Config, Lang};
use std::collections::HashMap;
use std::path::Path;

/// What the index tells of an answer (summaries and extractions).
pub fn counts(answer: &Answer) -> Option<Counts> {
    match answer {
        Answer::Summary(s) => Some(Counts::of_summary(s)),
        Answer::Extract(e) => Some(Counts::of_extract(e)),
        Answer::Detection(_) | Answer::Split(_) | Answer::Translation(_) => None,
    }
}

/// The link from `dir/index.html` to `page` (both under the canonical `dir`).
pub fn href(dir: &Path, page: &Path) -> String {
    html::relative_url(page.strip_prefix(dir).unwrap_or(page))
}

/// Writes `dir/index.html` (through `write`, the batch's atomic writer).
/// The frame is in the `--to` language, else the language most inputs are in.
pub fn write_index(
    dir: &Path,
    rows: &[IndexRow],
    cfg: &Config,
    write: impl Fn(&Path, &[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let to = cfg.render.to.unwrap_or_else(|| most_common_lang(rows));
    write(&dir.join("index.html"), html::index_page(rows, to).as_bytes())
}

fn most_common_lang(rows: &[IndexRow]) -> Lang {
    let mut seen: HashMap<Lang, usize> = HashMap::new();
    for row in rows {
        if let IndexRow::Page { counts, .. } = row
            && let Some(lang) = Lang::from_code(&counts.lang)
        {
            *seen.entry(lang).or_default() += 1;
        }
    }
    // (`max_by_key` keeps the last of equals: a tie goes to English.)
    Lang::ALL.into_iter().max_by_key(|l| seen.get(l).copied().unwrap_or(0)).unwrap_or(Lang::En)
}
