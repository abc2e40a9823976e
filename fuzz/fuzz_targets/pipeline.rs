//! Fuzz target: any bytes, as text and as HTML, through every entry point of
//! the pipeline. Nothing may panic; picked sentences must be non-empty; the
//! HTML report holds no element made of the page's text.
#![no_main]

use abrege::{Config, Format, InputKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for input in [InputKind::Auto, InputKind::Text, InputKind::Html] {
        let mut cfg = Config::default();
        cfg.read.input = input;
        // (The HTML format collects the explanation; the summary is the same.)
        cfg.render.format = Format::Html;
        if let Ok(summary) = abrege::summarize(data, &cfg) {
            assert!(summary.sentences.iter().all(|s| !s.trim().is_empty()));
            let page = abrege::render::html::summary_page(&summary);
            assert_eq!(page.matches("<script").count(), 1);
            assert_eq!(page.matches("<style").count(), 1);
        }
        let _ = abrege::extract(data, &cfg);
        let _ = abrege::split(data, &cfg);
        let _ = abrege::detect(data, &cfg);
    }
});
