//! The one error type of the library: what failed, with enough context for the
//! command line to tell the user where and what to do.

use std::fmt;

/// Every way a document can fail to be summarized.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Zero bytes of input.
    #[error("the input is empty: give a text or HTML article")]
    Empty,
    /// Only whitespace (or markup without any text).
    #[error("the input holds no text (only whitespace or markup): give a text or HTML article")]
    Blank,
    /// Bytes that are not text in any encoding we read.
    #[error("the input looks binary ({reason}): abrege reads text or HTML articles")]
    Binary { reason: String },
    /// A document format that is not text or HTML (PDF, Word, a ZIP archive):
    /// `what` it is and `how` to turn it into something abrege reads.
    #[error("the input is {what}, which abrege does not read: {how}")]
    Format { what: String, how: String },
    /// Bytes in a legacy charset that cannot be told apart from another one.
    #[error("cannot tell the input's character set ({detail}): convert it to UTF-8 first, e.g. {how}")]
    Charset { detail: String, how: String },
    /// Over the configured size limit.
    #[error("the input is {size} bytes, over the limit of {limit} bytes: raise it with --max-bytes")]
    TooLarge { size: u64, limit: u64 },
    /// A language other than French or English.
    #[error(
        "the article seems to be in {name} ({code}), and abrege summarizes French and English: \
         if it is French or English, force it with --lang fr or --lang en"
    )]
    UnsupportedLanguage { code: String, name: String },
    /// Text without a single sentence to pick.
    #[error("no sentence found in the article body: check it is an article (try `abrege extract --explain`)")]
    NoSentences,
    /// A malformed request (e.g. a JSON line that is not an object with `text` or `html`).
    #[error("{0}")]
    BadRequest(String),
    /// A `--jsonl` request with both a `text` and an `html` field: which one is the article?
    #[error(
        "line {line}: both \"text\" and \"html\" are given: keep one (\"html\" for a page's markup, \"text\" for plain text)"
    )]
    TextAndHtml { line: usize },
    /// The translation backend failed; the summary is still given, untranslated.
    #[error("{0}")]
    Translate(String),
    /// Reading a file or a stream failed.
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A short stable name for the failure, used as `error.kind` in JSON output.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Empty => ErrorKind::Empty,
            Error::Blank => ErrorKind::Blank,
            Error::Binary { .. } => ErrorKind::Binary,
            Error::Format { .. } => ErrorKind::UnsupportedFormat,
            Error::Charset { .. } => ErrorKind::UnknownCharset,
            Error::TooLarge { .. } => ErrorKind::TooLarge,
            Error::UnsupportedLanguage { .. } => ErrorKind::UnsupportedLanguage,
            Error::NoSentences => ErrorKind::NoSentences,
            Error::BadRequest(_) => ErrorKind::BadRequest,
            Error::TextAndHtml { .. } => ErrorKind::TextAndHtml,
            Error::Translate(_) => ErrorKind::Translate,
            Error::Io { .. } => ErrorKind::Io,
        }
    }
}

/// The machine-readable kind of an [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Empty,
    Blank,
    Binary,
    UnsupportedFormat,
    UnknownCharset,
    TooLarge,
    UnsupportedLanguage,
    NoSentences,
    BadRequest,
    TextAndHtml,
    Translate,
    Io,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = serde_json::to_value(self).ok();
        f.write_str(s.as_ref().and_then(|v| v.as_str()).unwrap_or("error"))
    }
}
