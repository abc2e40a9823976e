//! The translate stage through the library: a user's own [`Translator`]
//! plugged into `summarize_with`, and what happens when it fails.

use abrege::config::RenderConfig;
use abrege::{Config, Error, Lang, Translator, summarize, summarize_with};
use std::sync::atomic::{AtomicUsize, Ordering};

const ARTICLE: &str = "Budget vote\n\n\
    The city council approved the new budget on Tuesday after a long debate. \
    The plan raises spending on public transport by ten percent. \
    Opposition members said the increase would not be enough to fix the bus network. \
    The mayor promised a review of the fares next spring.";

/// Upper-cases each text and counts its calls.
#[derive(Default)]
struct Upper {
    calls: AtomicUsize,
}

impl Translator for Upper {
    fn translate(&self, texts: &[String], from: Lang, to: Lang) -> Result<Vec<String>, Error> {
        assert_eq!((from, to), (Lang::En, Lang::Fr));
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(texts.iter().map(|t| t.to_uppercase()).collect())
    }
    fn name(&self) -> String {
        "Upper".to_string()
    }
}

struct Down;

impl Translator for Down {
    fn translate(&self, _: &[String], _: Lang, _: Lang) -> Result<Vec<String>, Error> {
        Err(Error::Translate("the service is down".to_string()))
    }
}

fn to_french() -> Config {
    Config { render: RenderConfig { to: Some(Lang::Fr), ..RenderConfig::default() }, ..Config::default() }
}

#[test]
fn a_custom_translator_translates_title_and_sentences_in_one_call() {
    let upper = Upper::default();
    let s = summarize_with(ARTICLE.as_bytes(), &to_french(), Some(&upper)).unwrap();
    assert_eq!(upper.calls.load(Ordering::SeqCst), 1);
    let tr = s.translations.as_ref().expect("translated");
    assert_eq!(tr.len(), s.sentences.len());
    for (t, o) in tr.iter().zip(&s.sentences) {
        assert_eq!(t, &o.to_uppercase());
    }
    assert_eq!(s.title_translation.as_deref(), Some("BUDGET VOTE"));
    assert_eq!(s.translated_by.as_deref(), Some("Upper"));
    assert!(s.warnings.is_empty());
    assert!(s.rendered.contains("Points clés traduits de l’anglais par Upper."), "{}", s.rendered);
    assert!(s.rendered.contains(&format!("• {}", tr[0])), "{}", s.rendered);
    assert_eq!(s.summary, tr.join(" "));
}

#[test]
fn no_translation_when_the_article_is_already_in_the_language() {
    let upper = Upper::default();
    let s = summarize_with(ARTICLE.as_bytes(), &Config::default(), Some(&upper)).unwrap();
    assert_eq!(upper.calls.load(Ordering::SeqCst), 0);
    assert!(s.translations.is_none() && s.title_translation.is_none() && s.warnings.is_empty());
}

#[test]
fn a_failing_translator_leaves_the_summary_and_a_warning() {
    let s = summarize_with(ARTICLE.as_bytes(), &to_french(), Some(&Down)).unwrap();
    assert!(s.translations.is_none());
    assert_eq!(s.warnings, vec!["not translated: the service is down".to_string()]);
    assert!(!s.sentences.is_empty());
    let json = serde_json::to_value(&s).unwrap();
    assert!(json.get("translations").is_none() && json.get("title_translation").is_none());
    assert_eq!(json["warnings"][0], "not translated: the service is down");
}

#[test]
fn the_default_config_translates_nothing() {
    let s = summarize(ARTICLE.as_bytes(), &to_french()).unwrap();
    assert!(s.translations.is_none() && s.warnings.is_empty());
    assert!(s.rendered.contains("aucune traduction configurée"), "{}", s.rendered);
}
