//! The `http` backend: a LibreTranslate-compatible server.
//!
//! `POST {url}/translate` with `{"q": [...], "source": "fr", "target": "en",
//! "format": "text", "api_key": ...}`; the reply is `{"translatedText": [...]}`.
//! Each attempt is bounded by the configured timeout; timeouts, refused
//! connections, 5xx and 429 are retried a bounded number of times with a short
//! pause, other failures are reported at once. Errors name the server and say
//! what to check, since they reach the user as a warning.

use super::Translator;
use crate::error::Error;
use crate::lang::Lang;
use serde_json::{Value, json};
use std::time::Duration;

/// A LibreTranslate-compatible server.
pub struct Http {
    agent: ureq::Agent,
    endpoint: String,
    host: String,
    api_key: Option<String>,
    timeout: Duration,
    retries: u32,
}

/// Pause before the n-th retry is n times this.
const BACKOFF: Duration = Duration::from_millis(200);
/// How much of a bad reply an error message quotes.
const EXCERPT: usize = 160;

/// One attempt's failure: worth another try or not.
enum Failure {
    Transient(String),
    Final(String),
}

impl Http {
    /// A client for the server at `url` (its base, or its `/translate` endpoint).
    pub fn new(url: &str, api_key: Option<String>, timeout: Duration, retries: u32) -> Result<Http, Error> {
        let url = url.trim().trim_end_matches('/');
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(Error::Translate(format!("the translation server's address `{url}` is not an http:// URL")));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "http" => {}
            "https" if cfg!(feature = "https") => {}
            "https" => {
                return Err(Error::Translate(format!(
                    "`{url}` is https, and this abrege was built without TLS: rebuild it with \
                     `--features https`, or use an http:// address"
                )));
            }
            _ => return Err(Error::Translate(format!("the translation server's address `{url}` is not http(s)"))),
        }
        let authority = rest.split('/').next().unwrap_or(rest);
        let host = authority.rsplit('@').next().unwrap_or(authority).to_string();
        if host.is_empty() {
            return Err(Error::Translate(format!("the translation server's address `{url}` has no host")));
        }
        let endpoint = if url.ends_with("/translate") { url.to_string() } else { format!("{url}/translate") };
        let agent: ureq::Agent =
            ureq::Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).build().into();
        Ok(Http { agent, endpoint, host, api_key, timeout, retries })
    }

    fn attempt(&self, body: &str, expected: usize) -> Result<Vec<String>, Failure> {
        let at = &self.endpoint;
        let response = self.agent.post(at).header("Content-Type", "application/json").send(body);
        let mut response = match response {
            Ok(r) => r,
            Err(ureq::Error::Timeout(_)) => {
                return Err(Failure::Transient(format!(
                    "the translation server at {at} did not answer within {}",
                    seconds(self.timeout)
                )));
            }
            Err(
                e @ (ureq::Error::Io(_)
                | ureq::Error::ConnectionFailed
                | ureq::Error::HostNotFound
                | ureq::Error::Protocol(_)),
            ) => {
                return Err(Failure::Transient(format!(
                    "cannot reach the translation server at {at} ({e}): is it running?"
                )));
            }
            Err(e) => return Err(Failure::Final(format!("cannot ask the translation server at {at}: {e}"))),
        };
        let status = response.status().as_u16();
        let text = match response.body_mut().read_to_string() {
            Ok(t) => t,
            Err(ureq::Error::Timeout(_)) => {
                return Err(Failure::Transient(format!(
                    "the translation server at {at} did not finish its reply within {}",
                    seconds(self.timeout)
                )));
            }
            Err(e) => return Err(Failure::Transient(format!("the reply of the translation server at {at}: {e}"))),
        };
        if !(200..300).contains(&status) {
            let detail = error_detail(&text);
            return Err(match status {
                401 | 403 => Failure::Final(format!(
                    "the translation server at {at} refused the request (HTTP {status}: {detail}): check --api-key"
                )),
                429 => Failure::Transient(format!("the translation server at {at} is busy (HTTP 429: {detail})")),
                400..=499 => Failure::Final(format!(
                    "the translation server at {at} refused the request (HTTP {status}: {detail})"
                )),
                _ => Failure::Transient(format!("the translation server at {at} failed (HTTP {status}: {detail})")),
            });
        }
        parse_reply(&text, expected).map_err(|why| {
            Failure::Final(format!(
                "the translation server at {at} sent a reply that is not LibreTranslate's \
                 {{\"translatedText\": [...]}} ({why}): {}",
                excerpt(&text)
            ))
        })
    }
}

impl Translator for Http {
    fn translate(&self, texts: &[String], from: Lang, to: Lang) -> Result<Vec<String>, Error> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let mut body = json!({"q": texts, "source": from.code(), "target": to.code(), "format": "text"});
        if let Some(key) = &self.api_key {
            body["api_key"] = Value::String(key.clone());
        }
        let body = body.to_string();
        let mut attempt = 0;
        loop {
            match self.attempt(&body, texts.len()) {
                Ok(out) => return Ok(out),
                Err(Failure::Transient(_)) if attempt < self.retries => {
                    attempt += 1;
                    std::thread::sleep(BACKOFF * attempt);
                }
                Err(Failure::Transient(msg)) if attempt > 0 => {
                    return Err(Error::Translate(format!("{msg} (after {} attempts)", attempt + 1)));
                }
                Err(Failure::Transient(msg) | Failure::Final(msg)) => return Err(Error::Translate(msg)),
            }
        }
    }

    fn name(&self) -> String {
        format!("LibreTranslate ({})", self.host)
    }
}

/// `{"translatedText": [...]}` with `expected` strings; a single string is
/// accepted for a single text (servers that only know the one-text form).
fn parse_reply(text: &str, expected: usize) -> Result<Vec<String>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let field = value.get("translatedText").ok_or("no \"translatedText\" field")?;
    let out: Vec<String> = match field {
        Value::String(s) if expected == 1 => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or("\"translatedText\" holds something else than strings")?,
        _ => return Err("\"translatedText\" is not a list".to_string()),
    };
    if out.len() != expected {
        return Err(format!("{} translations for {expected} texts", out.len()));
    }
    Ok(out)
}

/// The `error` field of a LibreTranslate error reply, else the start of the body.
fn error_detail(text: &str) -> String {
    let from_json = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string));
    from_json.unwrap_or_else(|| if text.trim().is_empty() { "no details".to_string() } else { excerpt(text) })
}

fn excerpt(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= EXCERPT {
        return format!("{text:?}");
    }
    let cut: String = text.chars().take(EXCERPT).collect();
    format!("{cut:?}…")
}

fn seconds(d: Duration) -> String {
    format!("{} s", (d.as_secs_f64() * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_table() {
        let ok: [(&str, usize, &[&str]); 3] = [
            (r#"{"translatedText": ["The vote.", "The budget."]}"#, 2, &["The vote.", "The budget."]),
            (r#"{"translatedText": "Le vote."}"#, 1, &["Le vote."]),
            (r#"{"translatedText": [], "detectedLanguage": {}}"#, 0, &[]),
        ];
        for (text, n, want) in ok {
            assert_eq!(parse_reply(text, n).unwrap(), want.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        }
        let bad = [
            ("<html>Bad gateway</html>", 1, "not JSON"),
            (r#"{"translation": ["x"]}"#, 1, "no \"translatedText\""),
            (r#"{"translatedText": ["x"]}"#, 2, "1 translations for 2 texts"),
            (r#"{"translatedText": "x"}"#, 2, "not a list"),
            (r#"{"translatedText": [1, 2]}"#, 2, "something else than strings"),
        ];
        for (text, n, want) in bad {
            let err = parse_reply(text, n).unwrap_err();
            assert!(err.contains(want), "{text}: {err}");
        }
    }

    #[test]
    fn address_table() {
        let t = Duration::from_secs(1);
        let cases = [
            ("http://localhost:5000", "http://localhost:5000/translate", "localhost:5000"),
            ("http://localhost:5000/", "http://localhost:5000/translate", "localhost:5000"),
            ("http://user:pw@10.0.0.1/lt/translate", "http://user:pw@10.0.0.1/lt/translate", "10.0.0.1"),
        ];
        for (url, endpoint, host) in cases {
            let h = Http::new(url, None, t, 0).unwrap();
            assert_eq!(h.endpoint, endpoint);
            assert_eq!(h.host, host);
            assert!(!h.name().contains("pw"));
        }
        for bad in ["localhost:5000", "ftp://example.org", "http://"] {
            assert!(Http::new(bad, None, t, 0).is_err(), "{bad}");
        }
        assert_eq!(Http::new("https://example.org", None, t, 0).is_ok(), cfg!(feature = "https"));
    }

    #[test]
    fn error_detail_table() {
        assert_eq!(error_detail(r#"{"error": "Invalid API key"}"#), "Invalid API key");
        assert_eq!(error_detail(""), "no details");
        assert_eq!(error_detail("Internal Server Error"), "\"Internal Server Error\"");
        assert!(error_detail(&"x".repeat(500)).ends_with('…'));
    }
}
