//! Properties that hold for every input, checked on generated ones (proptest).

use abrege::{Config, InputKind};
use proptest::prelude::*;

const WORDS: [&str; 24] = [
    "le",
    "conseil",
    "municipal",
    "a",
    "voté",
    "budget",
    "mardi",
    "après",
    "débat",
    "les",
    "élus",
    "M.",
    "the",
    "council",
    "approved",
    "new",
    "plan",
    "on",
    "Tuesday",
    "Dr.",
    "U.S.",
    "3,5",
    "«",
    "»",
];

/// Article-like text: lines of sentences built from the vocabulary, with
/// punctuation, capitals and blank lines in random places.
fn article() -> impl Strategy<Value = String> {
    let sentence = (prop::collection::vec(0..WORDS.len(), 1..25), 0..6usize).prop_map(|(ws, end)| {
        let mut s: Vec<String> = ws.iter().map(|&i| WORDS[i].to_string()).collect();
        if let Some(first) = s.first_mut() {
            let mut c = first.chars();
            *first = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
        }
        let mut s = s.join(" ");
        s.push_str([".", "!", "?", "…", "", "."][end]);
        s
    });
    let line = prop::collection::vec(sentence, 1..6).prop_map(|ss| ss.join(" "));
    prop::collection::vec((line, any::<bool>()), 1..12).prop_map(|ls| {
        ls.into_iter().map(|(l, blank)| if blank { format!("{l}\n\n") } else { format!("{l}\n") }).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn no_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let cfg = Config::default();
        let _ = abrege::summarize(&bytes, &cfg);
        let _ = abrege::extract(&bytes, &cfg);
        let _ = abrege::split(&bytes, &cfg);
        let _ = abrege::detect(&bytes, &cfg);
    }

    #[test]
    fn no_panic_on_arbitrary_html(body in "(<(div|p|a|span|h1|li|ul|script)>|</(div|p|a|span|h1|li|ul|script)>|[a-zé .,!?]{0,12}){0,80}") {
        let mut cfg = Config::default();
        cfg.read.input = InputKind::Html;
        let _ = abrege::summarize(format!("<html><body>{body}</body></html>").as_bytes(), &cfg);
    }

    #[test]
    fn picked_sentences_are_verbatim_and_in_order(text in article()) {
        let mut cfg = Config::default();
        cfg.read.input = InputKind::Text;
        if let Ok(summary) = abrege::summarize(text.as_bytes(), &cfg) {
            let mut from = 0;
            for s in &summary.sentences {
                let at = text[from..].find(s.as_str());
                prop_assert!(at.is_some(), "{s:?} is not in the input after byte {from}:\n{text}");
                from += at.unwrap();
            }
        }
    }

    #[test]
    fn same_input_same_output(text in article()) {
        let cfg = Config::default();
        let a = abrege::summarize(text.as_bytes(), &cfg).map(|s| serde_json::to_string(&s).unwrap()).ok();
        let b = abrege::summarize(text.as_bytes(), &cfg).map(|s| serde_json::to_string(&s).unwrap()).ok();
        prop_assert_eq!(a, b);
    }
}
