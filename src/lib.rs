//! abrege: a short, faithful summary of a French or English news article,
//! from plain text or saved HTML still wrapped in its page.
//!
//! The pipeline (`pipeline.rs` is the only module that knows the order):
//!
//! 1. [`read`]: bytes → decoded text (charset, HTML or text, size limits)
//! 2. [`blocks`]: text → paragraphs, lines or HTML block elements
//! 3. [`detect`]: French or English, with a confidence
//! 4. [`body`]: keep the article, drop the page around it, with reasons
//! 5. [`segment`]: sentences and words
//! 6. [`rank`]: pick the key sentences
//! 7. [`translate`]: the picked sentences in the reader's language, when a
//!    backend is configured (LibreTranslate server, or Marian offline with
//!    the `marian` feature); never required
//! 8. [`render`]: the frame in the reader's language, through Fluent
//!
//! The answers ([`Summary`], [`Extract`], [`Split`], [`TextTranslation`]) are plain data in [`answer`].
//!
//! ```
//! let cfg = abrege::Config::default();
//! let text = "Budget vote\n\nThe city council approved the new budget on Tuesday after a long debate. \
//!             The plan raises spending on public transport by ten percent.";
//! let summary = abrege::summarize(text.as_bytes(), &cfg).unwrap();
//! assert_eq!(summary.title.as_deref(), Some("Budget vote"));
//! assert!(!summary.sentences.is_empty());
//! ```

pub mod answer;
pub mod blocks;
pub mod body;
pub mod config;
pub mod detect;
pub mod error;
/// Scorers of the project's gold data (`abrege eval`); not in the default build.
#[cfg(feature = "eval")]
pub mod eval;
pub mod lang;
pub mod meta;
pub mod pipeline;
pub mod rank;
pub mod read;
pub mod render;
pub mod segment;
pub mod stem;
pub mod translate;

pub use answer::{Extract, Split, Summary, TextTranslation};
pub use config::{Backend, Bias, Config, Format, InputKind, Length, TranslateConfig};
pub use detect::Detection;
pub use error::{Error, ErrorKind};
pub use lang::Lang;
pub use pipeline::{detect, extract, split, summarize, summarize_with, translate_text, translate_text_with};
pub use translate::Translator;
