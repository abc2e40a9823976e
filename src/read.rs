//! Stage 1, **read**: raw bytes → decoded text, with the kind of document.
//!
//! Input: the bytes of one article. Output: [`Document`]. Decodes UTF-8
//! (with or without BOM), UTF-16 with a BOM, an HTML `<meta charset>`, and
//! otherwise guesses the legacy charset (Windows-1252, Latin-1…) with
//! chardetng. Refuses empty, whitespace-only, binary and oversized input.

use crate::config::{InputKind, ReadConfig};
use crate::error::Error;

/// A decoded article.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text, line endings normalised to `\n`.
    pub text: String,
    /// Whether it is HTML or plain text.
    pub kind: Kind,
    /// The charset it was decoded from (`UTF-8`, `windows-1252`…).
    pub encoding: &'static str,
}

/// Plain text or HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Html,
}

/// Decodes `bytes` into a [`Document`].
pub fn read(bytes: &[u8], cfg: &ReadConfig) -> Result<Document, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if bytes.len() as u64 > cfg.max_bytes {
        return Err(Error::TooLarge { size: bytes.len() as u64, limit: cfg.max_bytes });
    }
    let (text, encoding) = decode(bytes)?;
    check_text(&text)?;
    let text = unix_newlines(text);
    let kind = match cfg.input {
        InputKind::Text => Kind::Text,
        InputKind::Html => Kind::Html,
        InputKind::Auto => sniff(&text),
    };
    Ok(Document { text, kind, encoding })
}

/// `\r\n` and lone `\r` become `\n`, in one pass (most texts have none and are returned as they are).
fn unix_newlines(text: String) -> String {
    // (memchr's vector search: the standard library's scans a word at a time.)
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = rest[i + 1..].strip_prefix('\n').unwrap_or(&rest[i + 1..]);
    }
    out.push_str(rest);
    out
}

fn decode(bytes: &[u8]) -> Result<(String, &'static str), Error> {
    // A BOM settles the question, and is the only way we accept UTF-16.
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors && enc != encoding_rs::UTF_8 {
            return Err(Error::Binary { reason: format!("invalid {} after its byte-order mark", enc.name()) });
        }
        return Ok((text.into_owned(), enc.name()));
    }
    check_bytes(bytes)?;
    // (simdutf8, already in the tree through encoding_rs, checks 32 bytes at a
    // time where std reads French text, with its accents, byte by byte.)
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    // UTF-8 with a few broken bytes (a bad copy-paste) stays UTF-8: decoding it
    // all as a legacy charset would garble every accented letter instead.
    if mostly_utf8(bytes) {
        return Ok((String::from_utf8_lossy(bytes).into_owned(), "UTF-8"));
    }
    let enc = meta_charset(bytes).unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Deny)
    });
    // A page that declares UTF-8 but is not, is most often Windows-1252.
    let enc = if enc == encoding_rs::UTF_8 { encoding_rs::WINDOWS_1252 } else { enc };
    let (text, _, _) = enc.decode(bytes);
    Ok((text.into_owned(), enc.name()))
}

/// Valid multi-byte UTF-8 sequences outnumber invalid bytes two to one.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    valid >= 2 * invalid
}

/// NUL bytes and C0 controls do not occur in text: such input is binary.
fn check_bytes(bytes: &[u8]) -> Result<(), Error> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(pos) = memchr::memchr(0, sample) {
        return Err(Error::Binary { reason: format!("NUL byte at offset {pos}") });
    }
    // Branch-free, so that the compiler vectorizes it.
    // (Counted in byte lanes, 255 bytes at a time, which the compiler turns
    // into vector code: a count per byte was 2 instructions a byte of text.)
    let controls: usize = sample
        .chunks(255)
        .map(|chunk| {
            let n = chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from(b < 0x20) - u8::from(matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)));
            usize::from(n)
        })
        .sum();
    if controls * 100 > sample.len() {
        return Err(Error::Binary { reason: format!("{controls} control bytes in the first {} bytes", sample.len()) });
    }
    Ok(())
}

fn check_text(text: &str) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(Error::Blank);
    }
    let sample = crate::lang::first_chars(text, 16 * 1024);
    // An odd character needs one of these bytes: a C0 control that is no
    // whitespace, DEL, `C2` then `80..=9F` (the C1 controls) or `EF` (U+FFFD's
    // first byte). Most texts have none, and a branch-free test over blocks
    // of bytes (vector code) says so without decoding a character; `C2` is
    // rarer (no-break spaces, guillemets) and found with memchr.
    let bytes = sample.as_bytes();
    let lone =
        |b: u8| u8::from(b < 0x09) | u8::from((0x0e..0x20).contains(&b)) | u8::from(b == 0x7f) | u8::from(b == 0xef);
    let suspicious = bytes.chunks(64).any(|block| block.iter().fold(0u8, |acc, &b| acc | lone(b)) != 0)
        || memchr::memchr_iter(0xc2, bytes).any(|at| bytes.get(at + 1).is_some_and(|&next| next < 0xa0));
    if !suspicious {
        return Ok(());
    }
    let (mut total, mut odd) = (0usize, 0usize);
    for c in sample.chars() {
        total += 1;
        odd += usize::from(c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()));
    }
    if odd * 20 > total {
        return Err(Error::Binary { reason: format!("{odd} undecodable characters in the first {total}") });
    }
    Ok(())
}

/// `<meta charset="…">` or `content="text/html; charset=…"` in the first 2 KiB.
fn meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// HTML when the text starts with markup and holds structural tags.
fn sniff(text: &str) -> Kind {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\n', '\t']);
    if !start.starts_with('<') {
        return Kind::Text;
    }
    let head: String = start.chars().take(4096).collect::<String>().to_ascii_lowercase();
    const TAGS: [&str; 8] = ["<!doctype", "<html", "<head", "<body", "<p>", "<div", "<article", "<meta"];
    if TAGS.iter().any(|t| head.contains(t)) { Kind::Html } else { Kind::Text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_default(bytes: &[u8]) -> Result<Document, Error> {
        read(bytes, &ReadConfig::default())
    }

    #[test]
    fn decodes_table() {
        let cases: [(&[u8], &str, &str); 6] = [
            (b"Le chat dort.", "Le chat dort.", "UTF-8"),
            (b"\xef\xbb\xbfThe cat sleeps.", "The cat sleeps.", "UTF-8"),
            (b"\xff\xfeL\x00e\x00 \x00\xe9\x00t\x00\xe9\x00", "Le été", "UTF-16LE"),
            (
                b"L'\xe9t\xe9 \xe0 Paris, c'est d\xe9j\xe0 la f\xeate.",
                "L'été à Paris, c'est déjà la fête.",
                "windows-1252",
            ),
            (b"Line one\r\nLine two\r\n", "Line one\nLine two\n", "UTF-8"),
            (b"Old Mac\rline\r\r\nend\r", "Old Mac\nline\n\nend\n", "UTF-8"),
        ];
        let mut broken = "L'été à Paris, c'est déjà la fête, très animée, après la pluie.".as_bytes().to_vec();
        broken.insert(1, 0xff);
        let doc = read_default(&broken).unwrap();
        assert!(doc.text.starts_with("L\u{fffd}'été à Paris") && doc.encoding == "UTF-8", "{}", doc.text);
        for (bytes, want, enc) in cases {
            let doc = read_default(bytes).unwrap();
            assert_eq!(doc.text, want);
            assert_eq!(doc.encoding, enc);
        }
    }

    #[test]
    fn odd_characters_are_counted_table() {
        // (text, refused): one odd character in twenty is the limit.
        let cases = [
            ("Le chat dort.\tIl rêve.\r\n\u{85}Fin.\u{0b}\u{0c}", false),
            ("Le \u{1}chat\u{2} dort\u{7f} ici.", true),
            ("L'été \u{80}à\u{9f} Paris, \u{fffd}ça\u{fffd}.", true),
            ("The cat\u{fffd} sleeps on the mat all day long, and all night too.", false),
            // C1 controls alone (`C2 80`..`C2 9F`), and no-break spaces and guillemets (`C2 A0`, `C2 AB`), which are text.
            ("Le\u{80}vote\u{9f}", true),
            ("Le\u{a0}vote\u{a0}: «\u{a0}oui\u{a0}»\u{a0}", false),
        ];
        for (text, refused) in cases {
            assert_eq!(check_text(text).is_err(), refused, "{text:?}");
        }
    }

    #[test]
    fn refuses_table() {
        assert!(matches!(read_default(b""), Err(Error::Empty)));
        assert!(matches!(read_default(b" \n\t \n"), Err(Error::Blank)));
        assert!(matches!(read_default(b"\x7fELF\x02\x01\x01\x00\x00"), Err(Error::Binary { .. })));
        let cfg = ReadConfig { max_bytes: 4, ..ReadConfig::default() };
        assert!(matches!(read(b"hello", &cfg), Err(Error::TooLarge { size: 5, limit: 4 })));
    }

    #[test]
    fn control_bytes_table() {
        // More than one control byte in a hundred (tab, newlines and form feed
        // aside) is binary, wherever the controls fall across the count's
        // 255-byte chunks.
        let text = |len: usize, every: usize, byte: u8| -> Vec<u8> {
            (0..len).map(|i| if i % every == every - 1 { byte } else { b"Le vote a eu lieu. "[i % 19] }).collect()
        };
        let cases = [
            (text(1000, 50, 0x1b), true),
            (text(1000, 100, 0x1b), false),
            (text(1000, 90, 0x01), true),
            (text(3000, 50, 0x07), true),
            (text(3000, 2, b'\t'), false),
            (text(3000, 3, b'\n'), false),
            (text(3000, 4, 0x0c), false),
            (text(3000, 5, b'\r'), false),
        ];
        for (bytes, binary) in cases {
            assert_eq!(check_bytes(&bytes).is_err(), binary, "{:?}", String::from_utf8_lossy(&bytes[..60]));
        }
    }

    #[test]
    fn sniffs_html_and_text() {
        assert_eq!(read_default(b"<!DOCTYPE html><html><body><p>Hi</p>").unwrap().kind, Kind::Html);
        assert_eq!(read_default(b"<p>Bonjour</p><div>x</div>").unwrap().kind, Kind::Html);
        assert_eq!(read_default(b"<3 ce film, vraiment.").unwrap().kind, Kind::Text);
        assert_eq!(read_default(b"Title\n\nBody text.").unwrap().kind, Kind::Text);
    }

    #[test]
    fn meta_charset_wins_over_guess() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xe9</p></body></html>";
        let doc = read_default(page).unwrap();
        assert!(doc.text.contains("café"));
        assert_eq!(doc.kind, Kind::Html);
    }
}
