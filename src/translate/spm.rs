//! SentencePiece models and the Marian tokenizer of an opus-mt model folder
//! (cargo feature `marian`), as `transformers.MarianTokenizer` uses them.
//!
//! Input: a model folder's `source.spm`, `target.spm` (SentencePiece
//! `ModelProto`s), `vocab.json` (the model's piece → id table) and, when
//! present, `tokenizer_config.json`. Output: source-side ids for a text
//! ([`MarianTokenizer::encode`]) and the text of target-side ids
//! ([`MarianTokenizer::decode`]), identical to transformers'.
//!
//! transformers encodes a text into pieces with the source SentencePiece model
//! (normalization, then the unigram Viterbi search), maps each piece through
//! `vocab.json` (a piece missing there is `<unk>`, whatever its id in the
//! `.spm`), and appends `</s>`. Decoding maps ids back to pieces through
//! `vocab.json` alone, so a piece that the target `.spm` lacks is still written.
//! The `.spm` protobuf is read by a small reader here (the few fields used),
//! and the normalizer and Viterbi search follow sentencepiece's C++ step by
//! step (the longest normalization rule on the byte stream, the search's order
//! of updates and single-precision sums, which decide ties). The `tokenizers`
//! crate's Precompiled normalizer differs (the shortest rule, per grapheme).

use crate::error::Error;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

/// U+2581, which SentencePiece writes for a space.
const SPACE_SYMBOL: &str = "\u{2581}";
/// sentencepiece's penalty under the lowest piece score for an unknown character.
const UNK_PENALTY: f32 = 10.0;

/// The tokenizer of one opus-mt model: both SentencePiece models and the shared vocabulary.
pub struct MarianTokenizer {
    source: SentencePiece,
    target: SentencePiece,
    /// Piece → id, as `vocab.json` gives it (the last entry wins, as in Python).
    encoder: HashMap<String, u32>,
    /// Id → piece, the inverse of `vocab.json` (the last piece of an id wins).
    decoder: HashMap<u32, String>,
    /// `</s>`, `<unk>` and `<pad>`: their strings and ids.
    specials: Vec<(String, u32)>,
    eos: u32,
    unk: u32,
    pad: u32,
    clean_up_spaces: bool,
    source_lang: Option<String>,
    target_lang: Option<String>,
}

impl fmt::Debug for MarianTokenizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MarianTokenizer")
            .field("vocab_size", &self.encoder.len())
            .field("source_lang", &self.source_lang)
            .field("target_lang", &self.target_lang)
            .finish_non_exhaustive()
    }
}

impl MarianTokenizer {
    /// `dir` holds source.spm, target.spm, vocab.json (tokenizer_config.json optional).
    pub fn load(dir: &Path) -> Result<MarianTokenizer, Error> {
        let config = TokenizerConfig::read(&dir.join("tokenizer_config.json"))?;
        if config.separate_vocabs {
            return Err(Error::Translate(format!(
                "{}: separate source and target vocabularies (`separate_vocabs`) are not supported; \
                 use an opus-mt model with one shared vocab.json",
                dir.join("tokenizer_config.json").display()
            )));
        }
        let source = SentencePiece::read(&dir.join("source.spm"))?;
        let target = SentencePiece::read(&dir.join("target.spm"))?;
        let vocab_path = dir.join("vocab.json");
        let entries = read_vocab(&vocab_path)?;
        let mut encoder = HashMap::with_capacity(entries.len());
        let mut decoder = HashMap::with_capacity(entries.len());
        for (piece, id) in entries {
            decoder.insert(id, piece.clone());
            encoder.insert(piece, id);
        }
        let id_of = |token: &str| {
            encoder.get(token).copied().ok_or_else(|| {
                Error::Translate(format!(
                    "{} has no entry for the special token {token:?}: this is not the vocab.json of an opus-mt model; \
                     download the model's files again",
                    vocab_path.display()
                ))
            })
        };
        let (eos, unk, pad) = (id_of(&config.eos)?, id_of(&config.unk)?, id_of(&config.pad)?);
        let specials = vec![(config.eos, eos), (config.unk, unk), (config.pad, pad)];
        Ok(MarianTokenizer {
            source,
            target,
            encoder,
            decoder,
            specials,
            eos,
            unk,
            pad,
            clean_up_spaces: config.clean_up_spaces,
            source_lang: config.source_lang,
            target_lang: config.target_lang,
        })
    }

    /// Source-side ids, `</s>` appended, as MarianTokenizer(text)["input_ids"].
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        // transformers first splits the text on its special tokens' strings.
        let mut rest = text;
        while !rest.is_empty() {
            let (before, special) = match self.find_special(rest) {
                Some((at, len, id)) => {
                    let before = &rest[..at];
                    rest = &rest[at + len..];
                    (before, Some(id))
                }
                None => (std::mem::take(&mut rest), None),
            };
            if !before.is_empty() {
                self.encode_segment(before, &mut ids);
            }
            ids.extend(special);
        }
        ids.push(self.eos);
        ids
    }

    /// The leftmost special token's string in `text` (the longest there): its byte offset, length and id.
    fn find_special(&self, text: &str) -> Option<(usize, usize, u32)> {
        let mut best: Option<(usize, usize, u32)> = None;
        for (token, id) in &self.specials {
            if let Some(at) = text.find(token.as_str()) {
                let better = match best {
                    None => true,
                    Some((b_at, b_len, _)) => at < b_at || (at == b_at && token.len() > b_len),
                };
                if better {
                    best = Some((at, token.len(), *id));
                }
            }
        }
        best
    }

    /// One stretch of text without special tokens: a leading `>>xx<<` language code kept
    /// whole, then the source model's pieces, each through vocab.json.
    fn encode_segment(&self, text: &str, ids: &mut Vec<u32>) {
        let mut text = text;
        if text.starts_with(">>")
            && let Some(end) = text.find("<<")
        {
            ids.push(self.piece_id(&text[..end + 2]));
            text = &text[end + 2..];
        }
        for piece in self.source.encode(text) {
            ids.push(self.piece_id(&piece));
        }
    }

    fn piece_id(&self, piece: &str) -> u32 {
        self.encoder.get(piece).copied().unwrap_or(self.unk)
    }

    /// Target-side text, special tokens skipped, as MarianTokenizer.decode(ids, skip_special_tokens=True).
    pub fn decode(&self, ids: &[u32]) -> String {
        // transformers 5 decodes with the source model when the vocabulary is shared
        // (`use_source_tokenizer` defaults to `not separate_vocabs`); the two models only
        // differ here on control, unknown and byte pieces.
        let model = &self.source;
        let mut out = String::new();
        let mut run: Vec<&str> = Vec::new();
        for &id in ids {
            if self.is_special(id) {
                continue;
            }
            // An id that vocab.json lacks falls back to the model's own piece, then `<unk>`.
            let token = match self.decoder.get(&id) {
                Some(piece) => piece.as_str(),
                None => model.pieces.get(id as usize).map_or(self.specials[1].0.as_str(), |p| p.piece.as_str()),
            };
            // Special tokens' strings are never given to SentencePiece.
            if self.specials.iter().any(|(s, _)| s == token) {
                out.push_str(&model.decode_pieces(&run));
                out.push_str(token);
                out.push(' ');
                run.clear();
            } else {
                run.push(token);
            }
        }
        out.push_str(&model.decode_pieces(&run));
        let out = out.replace(SPACE_SYMBOL, " ");
        let out = out.trim_matches(is_python_space);
        if self.clean_up_spaces { clean_up_tokenization(out) } else { out.to_string() }
    }

    fn is_special(&self, id: u32) -> bool {
        self.specials.iter().any(|&(_, s)| s == id)
    }

    pub fn eos_id(&self) -> u32 {
        self.eos
    }

    /// The padding id, which is also the decoder's start token in opus-mt models.
    pub fn pad_id(&self) -> u32 {
        self.pad
    }

    pub fn unk_id(&self) -> u32 {
        self.unk
    }

    /// The number of entries of vocab.json, as transformers counts it.
    pub fn vocab_size(&self) -> usize {
        self.encoder.len()
    }

    /// `source_lang` of tokenizer_config.json, when given (e.g. "fr").
    pub fn source_lang(&self) -> Option<&str> {
        self.source_lang.as_deref()
    }

    /// `target_lang` of tokenizer_config.json, when given (e.g. "en").
    pub fn target_lang(&self) -> Option<&str> {
        self.target_lang.as_deref()
    }

    /// The source model's pieces for `text` (before vocab.json), as sentencepiece's `encode(out_type=str)`.
    pub fn source_pieces(&self, text: &str) -> Vec<String> {
        self.source.encode(text)
    }

    /// The target model's pieces for `text` (before vocab.json).
    pub fn target_pieces(&self, text: &str) -> Vec<String> {
        self.target.encode(text)
    }
}

/// `str.isspace()` of Python, which `str.strip()` uses: Rust's whitespace and U+001C..U+001F.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// transformers' `clean_up_tokenization`, applied when tokenizer_config.json asks for it.
fn clean_up_tokenization(text: &str) -> String {
    let pairs = [
        (" .", "."),
        (" ?", "?"),
        (" !", "!"),
        (" ,", ","),
        (" ' ", "'"),
        (" n't", "n't"),
        (" 'm", "'m"),
        (" 's", "'s"),
        (" 've", "'ve"),
        (" 're", "'re"),
    ];
    pairs.iter().fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

/// What tokenizer_config.json says that matters here.
struct TokenizerConfig {
    source_lang: Option<String>,
    target_lang: Option<String>,
    eos: String,
    unk: String,
    pad: String,
    separate_vocabs: bool,
    clean_up_spaces: bool,
}

impl TokenizerConfig {
    /// The file's settings, or transformers' defaults when there is no file.
    fn read(path: &Path) -> Result<TokenizerConfig, Error> {
        let mut config = TokenizerConfig {
            source_lang: None,
            target_lang: None,
            eos: "</s>".into(),
            unk: "<unk>".into(),
            pad: "<pad>".into(),
            separate_vocabs: false,
            clean_up_spaces: false,
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(config),
            Err(e) => return Err(file_error(path, &e.to_string())),
        };
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| file_error(path, &format!("it is not valid JSON ({e}); download the model's files again")))?;
        let string = |key: &str| -> Option<String> {
            match value.get(key)? {
                serde_json::Value::String(s) => Some(s.clone()),
                // An AddedToken written as an object.
                serde_json::Value::Object(o) => o.get("content")?.as_str().map(str::to_string),
                _ => None,
            }
        };
        config.source_lang = string("source_lang");
        config.target_lang = string("target_lang");
        if let Some(s) = string("eos_token") {
            config.eos = s;
        }
        if let Some(s) = string("unk_token") {
            config.unk = s;
        }
        if let Some(s) = string("pad_token") {
            config.pad = s;
        }
        config.separate_vocabs = value.get("separate_vocabs").and_then(|v| v.as_bool()).unwrap_or(false);
        config.clean_up_spaces = value.get("clean_up_tokenization_spaces").and_then(|v| v.as_bool()).unwrap_or(false);
        Ok(config)
    }
}

/// vocab.json's entries in file order (a JSON object of piece → id).
fn read_vocab(path: &Path) -> Result<Vec<(String, u32)>, Error> {
    struct Entries(Vec<(String, u32)>);
    impl<'de> serde::Deserialize<'de> for Entries {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Entries, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Entries;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object of piece → id")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                    let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                    while let Some(entry) = map.next_entry::<String, u32>()? {
                        entries.push(entry);
                    }
                    Ok(Entries(entries))
                }
            }
            d.deserialize_map(Visit)
        }
    }
    let text = std::fs::read_to_string(path).map_err(|e| file_error(path, &e.to_string()))?;
    let entries: Entries = serde_json::from_str(&text).map_err(|e| {
        file_error(path, &format!("it is not an object of piece → id ({e}); download the model's files again"))
    })?;
    Ok(entries.0)
}

fn file_error(path: &Path, what: &str) -> Error {
    Error::Translate(format!("cannot read {}: {what}", path.display()))
}

/// A piece's type in the `.spm` (`ModelProto.SentencePiece.Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PieceType {
    Normal,
    Unknown,
    Control,
    UserDefined,
    Unused,
    Byte,
}

impl PieceType {
    fn from_proto(v: u64) -> Option<PieceType> {
        Some(match v {
            1 => PieceType::Normal,
            2 => PieceType::Unknown,
            3 => PieceType::Control,
            4 => PieceType::UserDefined,
            5 => PieceType::Unused,
            6 => PieceType::Byte,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Piece {
    piece: String,
    score: f32,
    kind: PieceType,
}

/// `NormalizerSpec`: the compiled rules and the whitespace switches.
#[derive(Debug, Clone, PartialEq)]
struct NormalizerSpec {
    precompiled_charsmap: Vec<u8>,
    add_dummy_prefix: bool,
    remove_extra_whitespaces: bool,
    escape_whitespaces: bool,
}

impl Default for NormalizerSpec {
    /// proto2 defaults.
    fn default() -> NormalizerSpec {
        NormalizerSpec {
            precompiled_charsmap: Vec::new(),
            add_dummy_prefix: true,
            remove_extra_whitespaces: true,
            escape_whitespaces: true,
        }
    }
}

/// The fields of a `.spm` `ModelProto` that encoding and decoding use.
#[derive(Debug, Clone, PartialEq)]
struct ModelProto {
    pieces: Vec<Piece>,
    model_type: u64,
    byte_fallback: bool,
    treat_whitespace_as_suffix: bool,
    unk_surface: String,
    normalizer: NormalizerSpec,
    denormalizer: Option<NormalizerSpec>,
}

/// A protobuf wire-format reader over a byte slice.
struct Wire<'a> {
    buf: &'a [u8],
    pos: usize,
}

/// One field's value as it is on the wire.
enum Value<'a> {
    Varint(u64),
    Fixed64,
    Bytes(&'a [u8]),
    Fixed32(u32),
}

impl<'a> Wire<'a> {
    fn new(buf: &'a [u8]) -> Wire<'a> {
        Wire { buf, pos: 0 }
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.buf.get(self.pos).ok_or("a number runs past the end")?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a number is longer than 10 bytes".into())
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len()).ok_or("a field runs past the end")?;
        let out = &self.buf[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// The next field's number and value, `None` at the end.
    fn field(&mut self) -> Result<Option<(u64, Value<'a>)>, String> {
        if self.pos == self.buf.len() {
            return Ok(None);
        }
        let key = self.varint()?;
        let number = key >> 3;
        if number == 0 {
            return Err("a field has number 0".into());
        }
        let value = match key & 7 {
            0 => Value::Varint(self.varint()?),
            1 => {
                self.take(8)?;
                Value::Fixed64
            }
            2 => {
                let len = usize::try_from(self.varint()?).map_err(|_| "a length is too large")?;
                Value::Bytes(self.take(len)?)
            }
            5 => {
                let b = self.take(4)?;
                Value::Fixed32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            t => return Err(format!("field {number} has the unsupported wire type {t}")),
        };
        Ok(Some((number, value)))
    }
}

fn utf8(bytes: &[u8], what: &str) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|_| format!("{what} is not UTF-8"))
}

fn wrong_type(what: &str) -> String {
    format!("{what} has the wrong wire type")
}

impl ModelProto {
    fn parse(buf: &[u8]) -> Result<ModelProto, String> {
        let mut model = ModelProto {
            pieces: Vec::new(),
            model_type: 1,
            byte_fallback: false,
            treat_whitespace_as_suffix: false,
            unk_surface: " \u{2047} ".into(),
            normalizer: NormalizerSpec::default(),
            denormalizer: None,
        };
        let mut wire = Wire::new(buf);
        while let Some((number, value)) = wire.field()? {
            match (number, value) {
                (1, Value::Bytes(b)) => model.pieces.push(parse_piece(b)?),
                (2, Value::Bytes(b)) => model.parse_trainer_spec(b)?,
                (3, Value::Bytes(b)) => parse_normalizer(b, &mut model.normalizer)?,
                (5, Value::Bytes(b)) => parse_normalizer(b, model.denormalizer.get_or_insert_with(Default::default))?,
                (1 | 2 | 3 | 5, _) => return Err(wrong_type(&format!("field {number} of the model"))),
                _ => {}
            }
        }
        Ok(model)
    }

    fn parse_trainer_spec(&mut self, buf: &[u8]) -> Result<(), String> {
        let mut wire = Wire::new(buf);
        while let Some((number, value)) = wire.field()? {
            match (number, value) {
                (3, Value::Varint(v)) => self.model_type = v,
                (24, Value::Varint(v)) => self.treat_whitespace_as_suffix = v != 0,
                (35, Value::Varint(v)) => self.byte_fallback = v != 0,
                (44, Value::Bytes(b)) => self.unk_surface = utf8(b, "unk_surface")?,
                (3 | 24 | 35 | 44, _) => return Err(wrong_type(&format!("trainer_spec field {number}"))),
                _ => {}
            }
        }
        Ok(())
    }
}

fn parse_piece(buf: &[u8]) -> Result<Piece, String> {
    let mut piece = Piece { piece: String::new(), score: 0.0, kind: PieceType::Normal };
    let mut wire = Wire::new(buf);
    while let Some((number, value)) = wire.field()? {
        match (number, value) {
            (1, Value::Bytes(b)) => piece.piece = utf8(b, "a piece")?,
            (2, Value::Fixed32(bits)) => piece.score = f32::from_bits(bits),
            (3, Value::Varint(v)) => {
                piece.kind = PieceType::from_proto(v).ok_or_else(|| format!("a piece has the unknown type {v}"))?
            }
            (1..=3, _) => return Err(wrong_type(&format!("piece field {number}"))),
            _ => {}
        }
    }
    Ok(piece)
}

fn parse_normalizer(buf: &[u8], spec: &mut NormalizerSpec) -> Result<(), String> {
    let mut wire = Wire::new(buf);
    while let Some((number, value)) = wire.field()? {
        match (number, value) {
            (2, Value::Bytes(b)) => spec.precompiled_charsmap = b.to_vec(),
            (3, Value::Varint(v)) => spec.add_dummy_prefix = v != 0,
            (4, Value::Varint(v)) => spec.remove_extra_whitespaces = v != 0,
            (5, Value::Varint(v)) => spec.escape_whitespaces = v != 0,
            (1, Value::Bytes(_)) | (6, Value::Bytes(_)) => {}
            (1..=6, _) => return Err(wrong_type(&format!("normalizer_spec field {number}"))),
            _ => {}
        }
    }
    Ok(())
}

/// sentencepiece's `Normalizer`: the compiled rules (a Darts double-array trie of
/// byte strings whose values point into a blob of `\0`-ended replacements) and
/// the whitespace rules.
#[derive(Debug)]
struct Normalizer {
    trie: Vec<u32>,
    replacements: Vec<u8>,
    spec: NormalizerSpec,
    treat_whitespace_as_suffix: bool,
    /// User-defined pieces, which pass through normalization untouched.
    user_defined: HashSet<String>,
    user_defined_max_len: usize,
}

impl Normalizer {
    fn new(
        spec: &NormalizerSpec,
        treat_whitespace_as_suffix: bool,
        user_defined: &[&str],
    ) -> Result<Normalizer, String> {
        let (trie, replacements) = if spec.precompiled_charsmap.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            let blob = &spec.precompiled_charsmap;
            let head: [u8; 4] =
                blob.get(..4).and_then(|b| b.try_into().ok()).ok_or("the normalization rules are cut short")?;
            let trie_len = u32::from_le_bytes(head) as usize;
            if blob.len() <= 4 || !trie_len.is_multiple_of(4) || trie_len > blob.len() - 4 {
                return Err("the normalization rules are broken (their trie's size is wrong)".into());
            }
            let trie =
                blob[4..4 + trie_len].chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
            (trie, blob[4 + trie_len..].to_vec())
        };
        Ok(Normalizer {
            trie,
            replacements,
            spec: spec.clone(),
            treat_whitespace_as_suffix,
            user_defined: user_defined.iter().map(|s| s.to_string()).collect(),
            user_defined_max_len: user_defined.iter().map(|s| s.len()).max().unwrap_or(0),
        })
    }

    /// The value of the longest rule that is a prefix of `key`, and that rule's length.
    /// Darts' `commonPrefixSearch`; a unit outside the trie ends the search.
    fn longest_rule(&self, key: &[u8]) -> Option<(usize, usize)> {
        let unit = |pos: usize| self.trie.get(pos).copied();
        let offset = |u: u32| ((u >> 10) << ((u & (1 << 9)) >> 6)) as usize;
        let label = |u: u32| u & ((1 << 31) | 0xff);
        let has_leaf = |u: u32| (u >> 8) & 1 == 1;
        let value = |u: u32| (u & ((1 << 31) - 1)) as usize;
        let mut found = None;
        let mut node = offset(unit(0)?);
        for (i, &c) in key.iter().enumerate() {
            node ^= usize::from(c);
            let u = unit(node)?;
            if label(u) != u32::from(c) {
                break;
            }
            node ^= offset(u);
            if has_leaf(u) {
                found = Some((value(unit(node)?), i + 1));
            }
        }
        found
    }

    /// The normalized form of `input`'s first character(s) and how many bytes they take.
    fn normalize_prefix<'s>(&'s self, input: &'s str) -> (&'s str, usize) {
        if self.user_defined_max_len > 0 {
            let mut len = self.user_defined_max_len.min(input.len());
            while len > 0 {
                if input.is_char_boundary(len) && self.user_defined.contains(&input[..len]) {
                    return (&input[..len], len);
                }
                len -= 1;
            }
        }
        if let Some((at, len)) = self.longest_rule(input.as_bytes())
            && input.is_char_boundary(len)
            && let Some(rest) = self.replacements.get(at..)
        {
            let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            // A rule whose replacement is not UTF-8 is ignored, as if absent.
            if let Ok(out) = std::str::from_utf8(&rest[..end]) {
                return (out, len);
            }
        }
        let len = input.chars().next().map_or(0, char::len_utf8);
        (&input[..len], len)
    }

    /// sentencepiece's `Normalizer::Normalize`, without the offsets.
    fn normalize(&self, input: &str) -> String {
        let spec = &self.spec;
        let mut input = input;
        if input.is_empty() {
            return String::new();
        }
        if spec.remove_extra_whitespaces {
            while !input.is_empty() {
                let (out, len) = self.normalize_prefix(input);
                if out != " " {
                    break;
                }
                input = &input[len..];
            }
        }
        if input.is_empty() {
            return String::new();
        }
        let space = if spec.escape_whitespaces { SPACE_SYMBOL } else { " " };
        let mut out = String::with_capacity(input.len() * 3);
        if !self.treat_whitespace_as_suffix && spec.add_dummy_prefix {
            out.push_str(space);
        }
        let mut is_prev_space = spec.remove_extra_whitespaces;
        while !input.is_empty() {
            let (mut piece, len) = self.normalize_prefix(input);
            while is_prev_space && let Some(rest) = piece.strip_prefix(' ') {
                piece = rest;
            }
            if !piece.is_empty() {
                for c in piece.chars() {
                    if c == ' ' && spec.escape_whitespaces { out.push_str(SPACE_SYMBOL) } else { out.push(c) }
                }
                is_prev_space = piece.ends_with(' ');
            }
            input = &input[len..];
            if !spec.remove_extra_whitespaces {
                is_prev_space = false;
            }
        }
        if spec.remove_extra_whitespaces {
            while let Some(rest) = out.strip_suffix(space) {
                out.truncate(rest.len());
            }
        }
        if self.treat_whitespace_as_suffix && spec.add_dummy_prefix {
            out.push_str(space);
        }
        out
    }
}

/// A unigram SentencePiece model, as sentencepiece's `SentencePieceProcessor` uses it.
#[derive(Debug)]
struct SentencePiece {
    pieces: Vec<Piece>,
    /// Normal, user-defined and unused pieces: the ones the search may pick.
    searchable: HashMap<Box<[u8]>, u32>,
    /// Every piece's id, for decoding.
    ids: HashMap<String, u32>,
    max_piece_len: usize,
    unk: u32,
    min_score: f32,
    max_score: f32,
    byte_fallback: bool,
    unk_surface: String,
    normalizer: Normalizer,
    denormalizer: Option<Normalizer>,
}

impl SentencePiece {
    fn read(path: &Path) -> Result<SentencePiece, Error> {
        let bytes = std::fs::read(path).map_err(|e| file_error(path, &e.to_string()))?;
        let proto = ModelProto::parse(&bytes).map_err(|e| spm_error(path, &e))?;
        SentencePiece::new(proto).map_err(|e| spm_error(path, &e))
    }

    fn new(proto: ModelProto) -> Result<SentencePiece, String> {
        if proto.model_type != 1 {
            return Err(format!(
                "its model type is {} where opus-mt models are unigram (1); only unigram models are read",
                proto.model_type
            ));
        }
        if proto.pieces.is_empty() {
            return Err("it has no pieces".into());
        }
        let mut searchable: HashMap<Box<[u8]>, u32> = HashMap::new();
        let mut ids = HashMap::new();
        let mut unk = None;
        let (mut min_score, mut max_score) = (f32::MAX, f32::MIN_POSITIVE);
        for (i, p) in proto.pieces.iter().enumerate() {
            let id = u32::try_from(i).map_err(|_| "it has too many pieces")?;
            if p.piece.is_empty() {
                return Err(format!("piece {id} is empty"));
            }
            if ids.insert(p.piece.clone(), id).is_some() {
                return Err(format!("the piece {:?} is defined twice", p.piece));
            }
            match p.kind {
                PieceType::Normal | PieceType::UserDefined | PieceType::Unused => {
                    searchable.insert(p.piece.as_bytes().into(), id);
                }
                PieceType::Unknown if unk.is_some() => return Err("it has two unknown pieces".into()),
                PieceType::Unknown => unk = Some(id),
                PieceType::Byte if !proto.byte_fallback => {
                    return Err(format!("it has the byte piece {:?} without byte fallback", p.piece));
                }
                PieceType::Control | PieceType::Byte => {}
            }
            if p.kind == PieceType::Normal {
                min_score = min_score.min(p.score);
                max_score = max_score.max(p.score);
            }
        }
        let unk = unk.ok_or("it has no unknown piece")?;
        let user_defined: Vec<&str> =
            proto.pieces.iter().filter(|p| p.kind == PieceType::UserDefined).map(|p| p.piece.as_str()).collect();
        let normalizer = Normalizer::new(&proto.normalizer, proto.treat_whitespace_as_suffix, &user_defined)?;
        // sentencepiece only denormalizes when the model has denormalization rules.
        let denormalizer = match &proto.denormalizer {
            Some(spec) if !spec.precompiled_charsmap.is_empty() => Some(Normalizer::new(spec, false, &[])?),
            _ => None,
        };
        Ok(SentencePiece {
            max_piece_len: searchable.keys().map(|k| k.len()).max().unwrap_or(0),
            searchable,
            ids,
            unk,
            min_score,
            max_score,
            byte_fallback: proto.byte_fallback,
            unk_surface: proto.unk_surface,
            pieces: proto.pieces,
            normalizer,
            denormalizer,
        })
    }

    fn kind(&self, id: u32) -> PieceType {
        self.pieces[id as usize].kind
    }

    /// The pieces of `text`, as `SentencePieceProcessor.encode(text, out_type=str)`.
    fn encode(&self, text: &str) -> Vec<String> {
        let normalized = self.normalizer.normalize(text);
        let mut out: Vec<String> = Vec::new();
        let mut prev_unk = false;
        for (piece, id) in self.viterbi(&normalized) {
            let is_unk = id == self.unk;
            if is_unk && self.byte_fallback {
                out.extend(piece.bytes().map(|b| format!("<0x{b:02X}>")));
            } else if is_unk && prev_unk {
                // Runs of unknown characters are one piece.
                if let Some(last) = out.last_mut() {
                    last.push_str(piece);
                }
            } else {
                out.push(piece.to_string());
            }
            prev_unk = is_unk;
        }
        out
    }

    /// sentencepiece's `unigram::Model::EncodeOptimized`: the best path over byte
    /// positions, with its order of updates, strict comparisons and float
    /// arithmetic, so that ties break the same way.
    fn viterbi<'t>(&self, normalized: &'t str) -> Vec<(&'t str, u32)> {
        #[derive(Clone, Copy)]
        struct Best {
            id: u32,
            score: f32,
            starts_at: Option<usize>,
        }
        let bytes = normalized.as_bytes();
        let size = bytes.len();
        if size == 0 {
            return Vec::new();
        }
        let unk_score = self.min_score - UNK_PENALTY;
        let mut best = vec![Best { id: self.unk, score: 0.0, starts_at: None }; size + 1];
        let mut starts_at = 0;
        while starts_at < size {
            let here = best[starts_at].score;
            let char_len = normalized[starts_at..].chars().next().map_or(1, char::len_utf8);
            let mut has_single_node = false;
            let last = size.min(starts_at + self.max_piece_len);
            for key_pos in starts_at + 1..=last {
                let Some(&id) = self.searchable.get(&bytes[starts_at..key_pos]) else { continue };
                let kind = self.kind(id);
                if kind == PieceType::Unused {
                    continue;
                }
                let length = key_pos - starts_at;
                // Single-precision sums, as sentencepiece's best path scores are: a tie in
                // exact arithmetic stays a tie, and the earlier path is kept.
                let score = if kind == PieceType::UserDefined {
                    length as f32 * self.max_score - 0.1
                } else {
                    self.pieces[id as usize].score
                };
                let candidate = score + here;
                let target = &mut best[key_pos];
                if target.starts_at.is_none() || candidate > target.score {
                    *target = Best { id, score: candidate, starts_at: Some(starts_at) };
                }
                if length == char_len {
                    has_single_node = true;
                }
            }
            if !has_single_node {
                let candidate = unk_score + here;
                let target = &mut best[starts_at + char_len];
                if target.starts_at.is_none() || candidate > target.score {
                    *target = Best { id: self.unk, score: candidate, starts_at: Some(starts_at) };
                }
            }
            starts_at += char_len;
        }
        let mut out = Vec::new();
        let mut end = size;
        while end > 0 {
            let node = best[end];
            // Every position reached is a character boundary with a path ending there.
            let start = node.starts_at.unwrap_or(0);
            out.push((&normalized[start..end], node.id));
            end = start;
        }
        out.reverse();
        out
    }

    /// sentencepiece's `DecodePieces`: control pieces vanish, `<unk>` is written as the
    /// unknown surface, pieces the model lacks are copied, byte pieces become UTF-8,
    /// and `▁` becomes a space (the first one dropped).
    fn decode_pieces(&self, pieces: &[&str]) -> String {
        let spec = &self.normalizer.spec;
        let mut text = String::new();
        let mut bytes: Vec<u8> = Vec::new();
        let mut bos_ws_seen = false;
        for &piece in pieces {
            let id = self.ids.get(piece).copied().unwrap_or(self.unk);
            if self.kind(id) == PieceType::Byte {
                if let Some(b) = piece_byte(piece) {
                    bytes.push(b);
                }
                continue;
            }
            push_bytes(&mut text, &mut bytes);
            let is_bos_ws = !bos_ws_seen && text.is_empty();
            let decoded = match self.kind(id) {
                PieceType::Control => {
                    bos_ws_seen = false;
                    String::new()
                }
                PieceType::Unknown => {
                    bos_ws_seen = false;
                    if self.pieces[id as usize].piece == piece { self.unk_surface.clone() } else { piece.to_string() }
                }
                _ => {
                    let mut p = piece;
                    let mut has_bos_ws = false;
                    if is_bos_ws && (spec.add_dummy_prefix || spec.remove_extra_whitespaces) {
                        if let Some(rest) = p.strip_prefix(SPACE_SYMBOL) {
                            p = rest;
                            has_bos_ws = true;
                        }
                        if spec.remove_extra_whitespaces {
                            has_bos_ws = false;
                        }
                    }
                    bos_ws_seen = has_bos_ws;
                    p.replace(SPACE_SYMBOL, " ")
                }
            };
            text.push_str(&decoded);
        }
        push_bytes(&mut text, &mut bytes);
        match &self.denormalizer {
            Some(d) => d.normalize(&text),
            None => text,
        }
    }
}

/// The byte of a `<0xXX>` piece.
fn piece_byte(piece: &str) -> Option<u8> {
    let hex = piece.strip_prefix("<0x")?.strip_suffix('>')?;
    if hex.len() != 2 {
        return None;
    }
    u8::from_str_radix(hex, 16).ok()
}

/// Appends decoded byte pieces: each character that is not valid UTF-8 is U+FFFD per byte.
fn push_bytes(text: &mut String, bytes: &mut Vec<u8>) {
    let mut rest = &bytes[..];
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                text.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                text.push('\u{fffd}');
                rest = &rest[valid + 1..];
            }
        }
    }
    bytes.clear();
}

fn spm_error(path: &Path, what: &str) -> Error {
    Error::Translate(format!(
        "{} is not a SentencePiece model abrege can read: {what}; download the model's files again",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A protobuf writer for hand-made models.
    fn varint(mut v: u64) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(byte);
                return out;
            }
            out.push(byte | 0x80);
        }
    }

    fn field_varint(number: u64, v: u64) -> Vec<u8> {
        [varint(number << 3), varint(v)].concat()
    }

    fn field_bytes(number: u64, bytes: &[u8]) -> Vec<u8> {
        [varint((number << 3) | 2), varint(bytes.len() as u64), bytes.to_vec()].concat()
    }

    fn field_f32(number: u64, v: f32) -> Vec<u8> {
        [varint((number << 3) | 5), v.to_le_bytes().to_vec()].concat()
    }

    fn piece(text: &str, score: f32, kind: u64) -> Vec<u8> {
        field_bytes(1, &[field_bytes(1, text.as_bytes()), field_f32(2, score), field_varint(3, kind)].concat())
    }

    /// A model of `pieces` (text, score, type) with `extra` fields appended.
    fn model_bytes(pieces: &[(&str, f32, u64)], extra: &[u8]) -> Vec<u8> {
        let mut out: Vec<u8> = pieces.iter().flat_map(|&(t, s, k)| piece(t, s, k)).collect();
        out.extend_from_slice(extra);
        out
    }

    fn model(pieces: &[(&str, f32, u64)], extra: &[u8]) -> SentencePiece {
        SentencePiece::new(ModelProto::parse(&model_bytes(pieces, extra)).expect("parses")).expect("a model")
    }

    /// `<unk>`, `<s>`, `</s>` then normal pieces, as sentencepiece trains them.
    fn base(normal: &[(&'static str, f32)]) -> Vec<(&'static str, f32, u64)> {
        let mut p = vec![("<unk>", 0.0, 2), ("<s>", 0.0, 3), ("</s>", 0.0, 3)];
        p.extend(normal.iter().map(|&(t, s)| (t, s, 1)));
        p
    }

    #[test]
    fn varints_are_read_or_refused() {
        let table: &[(&[u8], Result<u64, &str>)] = &[
            (&[0x00], Ok(0)),
            (&[0x7f], Ok(127)),
            (&[0x80, 0x01], Ok(128)),
            (&[0xac, 0x02], Ok(300)),
            (&[0xff, 0xff, 0xff, 0xff, 0x0f], Ok(u64::from(u32::MAX))),
            (&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], Ok(u64::MAX)),
            (&[0x80], Err("past the end")),
            (&[], Err("past the end")),
            (&[0x80; 11], Err("longer than 10 bytes")),
        ];
        for (bytes, want) in table {
            let got = Wire::new(bytes).varint();
            match (want, &got) {
                (Ok(v), Ok(g)) => assert_eq!(v, g, "{bytes:?}"),
                (Err(w), Err(g)) => assert!(g.contains(w), "{bytes:?}: {g}"),
                _ => panic!("{bytes:?}: want {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn models_are_parsed_with_proto2_defaults() {
        let trainer = field_bytes(
            2,
            &[field_varint(3, 1), field_varint(35, 1), field_bytes(44, "??".as_bytes()), field_varint(24, 1)].concat(),
        );
        let normalizer = field_bytes(
            3,
            &[field_bytes(1, b"nmt_nfkc"), field_bytes(2, b"\x01\x02"), field_varint(3, 0), field_varint(5, 0)]
                .concat(),
        );
        // Unknown fields of every wire type are skipped: a varint, 64 bits, bytes and 32 bits.
        let unknown =
            [field_varint(9, 5), varint((10 << 3) | 1), vec![0; 8], field_bytes(11, b"x"), field_f32(12, 1.0)].concat();
        let bytes = model_bytes(
            &[("<unk>", 0.0, 2), ("▁a", -1.5, 1), ("<0x41>", 0.0, 6)],
            &[trainer, normalizer, unknown].concat(),
        );
        let proto = ModelProto::parse(&bytes).unwrap();
        assert_eq!(
            proto.pieces.iter().map(|p| (p.piece.as_str(), p.score, p.kind)).collect::<Vec<_>>(),
            [("<unk>", 0.0, PieceType::Unknown), ("▁a", -1.5, PieceType::Normal), ("<0x41>", 0.0, PieceType::Byte)]
        );
        assert!(proto.byte_fallback && proto.treat_whitespace_as_suffix);
        assert_eq!(proto.unk_surface, "??");
        assert_eq!(proto.normalizer.precompiled_charsmap, b"\x01\x02");
        assert!(!proto.normalizer.add_dummy_prefix && proto.normalizer.remove_extra_whitespaces);
        assert!(!proto.normalizer.escape_whitespaces);
        assert!(proto.denormalizer.is_none());

        // Nothing but pieces: the defaults.
        let proto = ModelProto::parse(&model_bytes(&[("<unk>", 0.0, 2)], &[])).unwrap();
        assert_eq!(proto.normalizer, NormalizerSpec::default());
        assert_eq!((proto.model_type, proto.byte_fallback, proto.unk_surface.as_str()), (1, false, " \u{2047} "));
        // A piece without a type is normal.
        let bytes = field_bytes(1, &[field_bytes(1, b"x"), field_f32(2, -1.0)].concat());
        assert_eq!(ModelProto::parse(&bytes).unwrap().pieces[0].kind, PieceType::Normal);
    }

    #[test]
    fn broken_models_are_refused_not_panicking() {
        let good = model_bytes(&base(&[("▁a", -1.0)]), &[]);
        let table: Vec<(Vec<u8>, &str)> = vec![
            (good[..good.len() - 1].to_vec(), "past the end"),
            (vec![0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f], "past the end"),
            (vec![0x0b], "unsupported wire type 3"),
            (vec![0x00, 0x00], "number 0"),
            (field_varint(1, 3), "wrong wire type"),
            (field_bytes(1, &field_varint(1, 3)), "wrong wire type"),
            (field_bytes(1, &field_bytes(1, b"\xff")), "not UTF-8"),
            (field_bytes(1, &field_varint(3, 9)), "unknown type 9"),
            (field_bytes(3, &field_bytes(3, b"")), "wrong wire type"),
            (field_bytes(2, &field_bytes(35, b"")), "wrong wire type"),
        ];
        for (bytes, want) in table {
            let err = ModelProto::parse(&bytes).unwrap_err();
            assert!(err.contains(want), "{bytes:?}: {err}");
        }
    }

    #[test]
    fn inconsistent_models_are_refused() {
        let bpe = field_bytes(2, &field_varint(3, 2));
        let table: Vec<(Vec<u8>, &str)> = vec![
            (model_bytes(&[("▁a", -1.0, 1)], &[]), "no unknown piece"),
            (model_bytes(&[("<unk>", 0.0, 2), ("<u2>", 0.0, 2)], &[]), "two unknown pieces"),
            (model_bytes(&[("<unk>", 0.0, 2), ("a", -1.0, 1), ("a", -2.0, 1)], &[]), "defined twice"),
            (model_bytes(&[("<unk>", 0.0, 2), ("", -1.0, 1)], &[]), "empty"),
            (model_bytes(&[("<unk>", 0.0, 2), ("<0x41>", 0.0, 6)], &[]), "without byte fallback"),
            (model_bytes(&[("<unk>", 0.0, 2)], &bpe), "only unigram"),
            (Vec::new(), "no pieces"),
            (model_bytes(&[("<unk>", 0.0, 2)], &field_bytes(3, &field_bytes(2, b"\x09\0\0\0ab"))), "trie's size"),
            (model_bytes(&[("<unk>", 0.0, 2)], &field_bytes(3, &field_bytes(2, b"\x01"))), "cut short"),
        ];
        for (bytes, want) in table {
            let err = SentencePiece::new(ModelProto::parse(&bytes).unwrap()).unwrap_err();
            assert!(err.contains(want), "{want}: {err}");
        }
    }

    #[test]
    fn whitespace_is_normalized_as_sentencepiece_does() {
        // (add_dummy_prefix, remove_extra_whitespaces, escape_whitespaces, input, output), no rules.
        let table = [
            (true, true, true, "", ""),
            (true, true, true, "   ", ""),
            (true, true, true, "a", "▁a"),
            (true, true, true, "  a   b  ", "▁a▁b"),
            (true, true, true, "a\tb", "▁a\tb"),
            (false, true, true, " a b ", "a▁b"),
            (true, false, true, " a  b ", "▁▁a▁▁b▁"),
            (true, true, false, " a  b ", " a b"),
            (false, false, false, " a ", " a "),
        ];
        for (prefix, remove, escape, input, want) in table {
            let spec = NormalizerSpec {
                precompiled_charsmap: Vec::new(),
                add_dummy_prefix: prefix,
                remove_extra_whitespaces: remove,
                escape_whitespaces: escape,
            };
            let n = Normalizer::new(&spec, false, &[]).unwrap();
            assert_eq!(n.normalize(input), want, "{prefix} {remove} {escape} {input:?}");
        }
        // With the space as a suffix.
        let n = Normalizer::new(&NormalizerSpec::default(), true, &[]).unwrap();
        assert_eq!(n.normalize(" a b "), "a▁b▁");
    }

    /// A one-rule charsmap, built as sentencepiece's Darts builder lays it out:
    /// "A" (0x41) → "a", and "AB" → "x y".
    fn charsmap() -> Vec<u8> {
        // Units: a node's offset is in bits 10.. (`offset << 10`), its label in 0..8,
        // bit 8 says it has a leaf; a leaf unit holds the value with bit 31 set.
        let unit = |offset: u32, label: u32, leaf: bool| (offset << 10) | label | (u32::from(leaf) << 8);
        let mut trie = vec![0u32; 256 * 3];
        // Root at 0 with offset 1: children at 1 ^ c.
        trie[0] = unit(1, 0, false);
        // "A" at 1 ^ 0x41; its children at 0x200 ^ c, its leaf (label 0) at 0x200.
        let a = 1 ^ 0x41;
        trie[a] = unit((a ^ 0x200) as u32, 0x41, true);
        trie[0x200] = 1 << 31; // "A" → the replacement at 0
        // "AB" at 0x200 ^ 0x42; its leaf at 0x280.
        let ab = 0x200 ^ 0x42;
        trie[ab] = unit((ab ^ 0x280) as u32, 0x42, true);
        trie[0x280] = (1 << 31) | 2; // "AB" → the replacement at 2
        let replacements = b"a\0x y\0";
        let mut out = ((trie.len() * 4) as u32).to_le_bytes().to_vec();
        out.extend(trie.iter().flat_map(|u| u.to_le_bytes()));
        out.extend_from_slice(replacements);
        out
    }

    #[test]
    fn the_longest_rule_applies_on_the_byte_stream() {
        let spec = NormalizerSpec { precompiled_charsmap: charsmap(), ..NormalizerSpec::default() };
        let n = Normalizer::new(&spec, false, &[]).unwrap();
        let table = [("A", "▁a"), ("AB", "▁x▁y"), ("ABA", "▁x▁ya"), ("BA", "▁Ba"), ("A B", "▁a▁B"), ("é", "▁é")];
        for (input, want) in table {
            assert_eq!(n.normalize(input), want, "{input:?}");
        }
        // A rule's output that ends with a space swallows the spaces after it.
        assert_eq!(n.normalize("AB  c"), "▁x▁y▁c");
    }

    #[test]
    fn garbage_rules_never_panic() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200 {
            let len = (next() % 64) as usize;
            let mut blob = ((len * 4) as u32).to_le_bytes().to_vec();
            blob.extend((0..len * 4 + 8).map(|_| next() as u8));
            let spec = NormalizerSpec { precompiled_charsmap: blob, ..NormalizerSpec::default() };
            if let Ok(n) = Normalizer::new(&spec, false, &[]) {
                for text in ["abc", "A B", "\u{0}é\u{feff}x", "  "] {
                    let _ = n.normalize(text);
                }
            }
        }
    }

    #[test]
    fn the_best_path_breaks_ties_as_sentencepiece() {
        // "0" and "00" make "000" a tie: the path found first ("0" then "00") is kept.
        let m = model(&base(&[("▁", -3.0), ("0", -6.7), ("00", -7.6), ("▁ab", -2.0), ("a", -4.0), ("b", -4.0)]), &[]);
        let table: &[(&str, &[&str])] = &[
            ("000", &["▁", "0", "00"]),
            ("0000", &["▁", "00", "00"]),
            ("ab", &["▁ab"]),
            ("ba", &["▁", "b", "a"]),
            // Unknown characters: one piece per run, spaces apart.
            ("a€¥b", &["▁", "a", "€¥", "b"]),
            ("€ ¥", &["▁", "€", "▁", "¥"]),
            ("", &[]),
        ];
        for (text, want) in table {
            assert_eq!(m.encode(text), *want, "{text:?}");
        }
    }

    #[test]
    fn user_defined_pieces_win_and_bytes_fall_back() {
        let mut pieces = base(&[("▁", -1.0), ("a", -2.0), ("b", -2.0), ("ab", -1.0)]);
        pieces.push(("<x>", 0.0, 4));
        pieces.extend([("<0xE2>", 0.0, 6), ("<0x82>", 0.0, 6), ("<0xAC>", 0.0, 6)]);
        let with_bytes = model(&pieces, &field_bytes(2, &field_varint(35, 1)));
        assert_eq!(with_bytes.encode("a<x>b"), ["▁", "a", "<x>", "b"]);
        assert_eq!(with_bytes.encode("ab€"), ["▁", "ab", "<0xE2>", "<0x82>", "<0xAC>"]);
        assert_eq!(with_bytes.decode_pieces(&["▁", "ab", "<0xE2>", "<0x82>", "<0xAC>"]), "ab€");
        // A byte run that is not UTF-8: one U+FFFD per byte.
        assert_eq!(with_bytes.decode_pieces(&["<0xE2>", "<0x82>", "a"]), "\u{fffd}\u{fffd}a");
    }

    #[test]
    fn pieces_decode_as_sentencepiece_does() {
        let m = model(&base(&[("▁a", -1.0), ("b", -1.0), ("▁", -1.0)]), &[]);
        let table: &[(&[&str], &str)] = &[
            (&["▁a", "b", "▁a"], "ab a"),
            (&["<s>", "▁a", "</s>", "▁a"], "a a"),
            (&["<unk>", "▁a"], " \u{2047}  a"),
            // A piece the model lacks is copied as it is, its ▁ kept.
            (&["▁zz", "▁a"], "▁zz a"),
            // The first ▁ is dropped even after a piece that was only ▁.
            (&["▁", "▁a"], "a"),
            (&["▁▁a", "▁"], "▁▁a "),
            (&[], ""),
        ];
        for (pieces, want) in table {
            assert_eq!(m.decode_pieces(pieces), *want, "{pieces:?}");
        }
    }

    #[test]
    fn small_helpers() {
        for (piece, want) in
            [("<0x41>", Some(0x41)), ("<0xff>", Some(0xff)), ("<0x4>", None), ("<0xZZ>", None), ("a", None)]
        {
            assert_eq!(piece_byte(piece), want, "{piece}");
        }
        for (c, want) in
            [(' ', true), ('\u{a0}', true), ('\u{1c}', true), ('\u{1f}', true), ('\u{200b}', false), ('a', false)]
        {
            assert_eq!(is_python_space(c), want, "{c:?}");
        }
        assert_eq!(clean_up_tokenization("a , b . c 's"), "a, b. c's");
    }
}
