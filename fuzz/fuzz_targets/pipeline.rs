//! Fuzz target: any bytes, as text and as HTML, through every entry point of
//! the pipeline. Nothing may panic; picked sentences must be non-empty.
#![no_main]

use abrege::{Config, InputKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for input in [InputKind::Auto, InputKind::Text, InputKind::Html] {
        let mut cfg = Config::default();
        cfg.read.input = input;
        if let Ok(summary) = abrege::summarize(data, &cfg) {
            assert!(summary.sentences.iter().all(|s| !s.trim().is_empty()));
        }
        let _ = abrege::extract(data, &cfg);
        let _ = abrege::split(data, &cfg);
        let _ = abrege::detect(data, &cfg);
    }
});
