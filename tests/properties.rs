//! Properties that hold for every input, checked on generated ones (proptest).

use abrege::{Config, Format, InputKind};
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

    #[test]
    fn html_report_makes_no_tag_of_page_text(
        text in article(),
        hostile in prop::collection::vec((0..HOSTILE.len(), 0..200usize), 0..8),
        html in any::<bool>(),
    ) {
        // Hostile fragments put at random places of an article-like text.
        let mut text = text;
        for (h, at) in hostile {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, HOSTILE[h]);
        }
        let mut cfg = Config::default();
        cfg.read.input = if html { InputKind::Html } else { InputKind::Text };
        cfg.render.format = Format::Html;
        let mut pages = Vec::new();
        if let Ok(summary) = abrege::summarize(text.as_bytes(), &cfg) {
            let page = abrege::render::html::summary_page(&summary);
            // Every picked sentence is highlighted twice: in the key points and in place.
            prop_assert_eq!(page.matches("<mark").count(), 2 * summary.sentences.len(), "{}", page);
            pages.push(page);
        }
        if let Ok(extract) = abrege::extract(text.as_bytes(), &cfg) {
            pages.push(abrege::render::html::extract_page(&extract));
        }
        for page in pages {
            prop_assert!(page.matches("<script").count() <= 1, "{}", page);
            prop_assert_eq!(page.matches("<style").count(), 1, "{}", page);
            for tag in ["<img", "<svg", "<iframe", "<a ", "<b>", "</style><"] {
                prop_assert!(!page.contains(tag), "{} in\n{}", tag, page);
            }
        }
    }
}

/// What a hostile page holds in its text.
const HOSTILE: [&str; 8] = [
    "<script>document.title='PWNED'</script>",
    "</style><b>",
    "<img src=x onerror=\"alert(1)\">",
    "<a href=\"javascript:alert(1)\">lien</a>",
    "&lt;script&gt;alert(2)&lt;/script&gt;",
    "\" onmouseover=\"alert(3)",
    "' autofocus onfocus='alert(4)",
    "<svg onload=alert(5)>",
];
