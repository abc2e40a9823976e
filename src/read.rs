//! Stage 1, **read**: raw bytes → decoded text, with the kind of document.
//!
//! Input: the bytes of one article. Output: [`Document`]. Unpacks gzip
//! (`page.html.gz`), decodes UTF-8 (with or without BOM), UTF-16 (with a BOM,
//! or without one when every other byte is NUL), an HTML `<meta charset>`,
//! and otherwise guesses the legacy charset (Windows-1252, Latin-1…) with
//! chardetng, then checks the guess against Mac Roman, which chardetng does
//! not know: the reading with fewer impossible letters wins, and when neither
//! reads cleanly the input is refused rather than decoded wrong. Refuses
//! empty, whitespace-only, binary and oversized input, and PDF, Office and ZIP
//! files with a message that says how to convert them.

use crate::config::{InputKind, ReadConfig};
use crate::error::Error;
use std::borrow::Cow;

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

/// Decodes `bytes` into a [`Document`]. Given owned bytes of UTF-8 (a file
/// read whole), the document's text is those bytes, not a copy of them:
/// a 300 MB input is then held once, not twice.
pub fn read<'a>(bytes: impl Into<Cow<'a, [u8]>>, cfg: &ReadConfig) -> Result<Document, Error> {
    let bytes: Cow<'a, [u8]> = bytes.into();
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if bytes.len() as u64 > cfg.max_bytes {
        return Err(Error::TooLarge { size: bytes.len() as u64, limit: cfg.max_bytes });
    }
    let bytes = if bytes.starts_with(&GZIP_MAGIC) {
        let unpacked = gunzip(&bytes, cfg.max_bytes)?;
        if unpacked.is_empty() {
            return Err(Error::Empty);
        }
        Cow::Owned(unpacked)
    } else {
        bytes
    };
    check_format(&bytes)?;
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

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The unpacked bytes of a gzip file (several members, as `cat a.gz b.gz`
/// makes, included), refused past `max_bytes` unpacked.
fn gunzip(bytes: &[u8], max_bytes: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let mut out = Vec::new();
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    if let Err(err) = decoder.take(max_bytes.saturating_add(1)).read_to_end(&mut out) {
        return Err(Error::Format {
            what: format!("a gzip file that does not unpack ({err})"),
            how: "check it with `gzip -t`, or give abrege the file it was made from".to_string(),
        });
    }
    if out.len() as u64 > max_bytes {
        return Err(Error::TooLarge { size: out.len() as u64, limit: max_bytes });
    }
    Ok(out)
}

/// Refuses the document formats that people give for an article (PDF, Word,
/// OpenDocument, ZIP), naming them and how to convert them: "looks binary"
/// alone does not say what to do.
fn check_format(bytes: &[u8]) -> Result<(), Error> {
    let head = &bytes[..bytes.len().min(4096)];
    let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
    let (what, how) = if bytes.starts_with(b"%PDF-") {
        ("a PDF document", "convert it to text first, e.g. `pdftotext file.pdf file.txt`, and give abrege the text")
    } else if bytes.starts_with(b"PK\x03\x04") {
        if has(b"word/") {
            ("a Word document (.docx)", "save it as HTML or text, e.g. `pandoc file.docx -o file.html`")
        } else if has(b"opendocument") {
            ("an OpenDocument file (.odt)", "save it as HTML or text, e.g. `pandoc file.odt -o file.html`")
        } else if has(b"ppt/") || has(b"xl/") {
            (
                "a PowerPoint or Excel file",
                "export its text first, e.g. `libreoffice --headless --convert-to html FILE`",
            )
        } else {
            ("a ZIP archive", "unpack it (`unzip file.zip`) and give abrege the articles inside")
        }
    } else if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        (
            "an old Office document (.doc, .xls)",
            "convert it first, e.g. `libreoffice --headless --convert-to html file.doc`",
        )
    } else {
        return Ok(());
    };
    Err(Error::Format { what: what.to_string(), how: how.to_string() })
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

fn decode(bytes: Cow<'_, [u8]>) -> Result<(String, &'static str), Error> {
    // A BOM settles the question, and is the only way we accept UTF-16.
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors && enc != encoding_rs::UTF_8 {
            return Err(Error::Binary { reason: format!("invalid {} after its byte-order mark", enc.name()) });
        }
        return Ok((text.into_owned(), enc.name()));
    }
    if let Some(enc) = utf16_without_bom(&bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
        if had_errors {
            return Err(Error::Binary {
                reason: format!("invalid {} (read as such: every other byte is NUL)", enc.name()),
            });
        }
        return Ok((text.into_owned(), enc.name()));
    }
    check_bytes(&bytes)?;
    // (simdutf8, already in the tree through encoding_rs, checks 32 bytes at a
    // time where std reads French text, with its accents, byte by byte.)
    let bytes = match bytes {
        Cow::Borrowed(bytes) => match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => return Ok((text.to_string(), "UTF-8")),
            Err(_) => bytes,
        },
        // Owned bytes become the text itself (std's check: no unsafe shortcut after simdutf8's).
        Cow::Owned(bytes) => match String::from_utf8(bytes) {
            Ok(text) => return Ok((text, "UTF-8")),
            Err(err) => return decode_legacy(&err.into_bytes()),
        },
    };
    decode_legacy(bytes)
}

/// Bytes that are not all UTF-8: mostly UTF-8, else a legacy charset.
fn decode_legacy(bytes: &[u8]) -> Result<(String, &'static str), Error> {
    // UTF-8 with a few broken bytes (a bad copy-paste) stays UTF-8: decoding it
    // all as a legacy charset would garble every accented letter instead.
    if mostly_utf8(bytes) {
        return Ok((String::from_utf8_lossy(bytes).into_owned(), "UTF-8"));
    }
    let enc = match meta_charset(bytes) {
        // A page that declares UTF-8 but is not, is most often Windows-1252.
        Some(enc) if enc == encoding_rs::UTF_8 => encoding_rs::WINDOWS_1252,
        Some(enc) => enc,
        None => {
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
            if guess.is_single_byte() { single_byte(bytes, guess)? } else { guess }
        }
    };
    let (text, _, _) = enc.decode(bytes);
    Ok((text.into_owned(), enc.name()))
}

/// UTF-16 without a byte-order mark: in French or English text nearly every
/// character is under U+0100, so one byte of each pair is NUL, the high one
/// (odd offsets in little-endian, even in big-endian), and the other rarely.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    // Without a NUL byte both counts are 0: UTF-8 and single-byte text, nearly
    // every input, is told by one memchr instead of a count of every pair.
    if pairs < 4 || !sample.contains(&0) {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let most = |n: usize| n * 10 >= pairs * 7;
    let few = |n: usize| n * 20 <= pairs;
    match (most(even), most(odd)) {
        (false, true) if few(even) => Some(encoding_rs::UTF_16LE),
        (true, false) if few(odd) => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

/// The single-byte charset that reads `bytes` best, of chardetng's `guess`,
/// Windows-1252 and Mac Roman (which chardetng does not know, and whose
/// `é` Windows-1252 reads as `Ž`): the one with the fewest impossible
/// letters. When even the best reads badly, the input is refused.
fn single_byte(bytes: &[u8], guess: &'static encoding_rs::Encoding) -> Result<&'static encoding_rs::Encoding, Error> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let non_ascii = sample.iter().filter(|b| !b.is_ascii()).count();
    let mut best = (usize::MAX, guess);
    for enc in [guess, encoding_rs::WINDOWS_1252, encoding_rs::MACINTOSH] {
        let odd = oddities(&enc.decode_without_bom_handling(sample).0);
        if odd < best.0 {
            best = (odd, enc);
        }
    }
    if best.0 >= 5 && best.0 * 10 > non_ascii {
        return Err(Error::Charset {
            detail: format!(
                "read as {}, {} of its {non_ascii} non-ASCII letters are impossible",
                best.1.name(),
                best.0
            ),
            how: "`iconv -f CHARSET -t UTF-8 FILE > FILE.utf8` with the charset it was written in".to_string(),
        });
    }
    Ok(best.1)
}

/// How many characters of a decoding no French or English text has: C1
/// controls, a capital letter right after a small one (`OrlŽans`), and a
/// symbol inside a word (`voil‡`). ASCII is the same in every candidate and is
/// passed over.
fn oddities(text: &str) -> usize {
    let mut odd = 0;
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii() {
            let next = chars.peek().copied().unwrap_or(' ');
            let inside_word = prev.is_alphabetic() && next.is_alphabetic();
            odd += usize::from(
                ('\u{80}'..='\u{9f}').contains(&c)
                    || (c.is_uppercase() && prev.is_lowercase())
                    || (inside_word && !c.is_alphabetic() && !matches!(c, '’' | '‘' | '‐' | '–' | '·')),
            );
        }
        prev = c;
    }
    odd
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

    /// The seed article, and what each way of writing it reads as.
    #[test]
    fn legacy_charsets_and_utf16_without_bom_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fr/00_seed_stargate.txt");
        let fr = std::fs::read_to_string(path).unwrap();
        let en = "Dockworkers walked off the job on Tuesday, and the port\u{2019}s managers said they \u{201c}regret\u{201d} it. \
                  The union\u{2019}s leaders didn\u{2019}t answer."
            .repeat(20);
        let utf16 = |big: bool| -> Vec<u8> {
            fr.encode_utf16().flat_map(|u| if big { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
        };
        let legacy = |enc: &'static encoding_rs::Encoding, text: &str| enc.encode(text).0.into_owned();
        let cases = [
            (legacy(encoding_rs::MACINTOSH, &fr), fr.as_str(), "macintosh"),
            (legacy(encoding_rs::WINDOWS_1252, &fr), fr.as_str(), "windows-1252"),
            (legacy(encoding_rs::MACINTOSH, &en), en.as_str(), "macintosh"),
            (legacy(encoding_rs::WINDOWS_1252, &en), en.as_str(), "windows-1252"),
            (utf16(false), fr.as_str(), "UTF-16LE"),
            (utf16(true), fr.as_str(), "UTF-16BE"),
        ];
        for (bytes, want, enc) in cases {
            let doc = read_default(&bytes).unwrap_or_else(|e| panic!("{enc}: {e}"));
            assert_eq!((doc.encoding, doc.text.as_str()), (enc, want));
        }
        // Bytes that neither Windows-1252 nor Mac Roman read as words: refused, not guessed.
        let garbled = "Le ch\u{81}t d\u{8d}rt \u{e9}t m\u{81}nge. ".repeat(10);
        let bytes: Vec<u8> = garbled.chars().map(|c| c as u32 as u8).collect();
        let err = read_default(&bytes).unwrap_err();
        assert!(matches!(err, Error::Charset { .. }) && err.to_string().contains("iconv"), "{err}");
    }

    #[test]
    fn gzip_is_unpacked_and_office_files_refused_table() {
        use std::io::Write;
        let page = b"<html><body><p>Le conseil municipal a vot\xc3\xa9 le budget.</p></body></html>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(page).unwrap();
        let gz = gz.finish().unwrap();
        let doc = read_default(&gz).unwrap();
        assert_eq!((doc.kind, doc.text.as_bytes()), (Kind::Html, &page[..]));
        let small = ReadConfig { max_bytes: 40, ..ReadConfig::default() };
        assert!(matches!(read(&gz, &small), Err(Error::TooLarge { .. })), "the limit is on the unpacked size");
        assert!(matches!(read(&gz[..gz.len() / 2], &ReadConfig::default()), Err(Error::Format { .. })));
        let cases: [(&[u8], &str, &str); 5] = [
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF", "pdftotext"),
            (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xmlword/document.xml", "Word", "pandoc"),
            (
                b"PK\x03\x04\x14\x00\x00\x08\x00\x00mimetypeapplication/vnd.oasis.opendocument.text",
                "OpenDocument",
                "pandoc",
            ),
            (b"PK\x03\x04\x14\x00\x00\x00\x08\x00notes.txt", "ZIP", "unzip"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old Office", "libreoffice"),
        ];
        for (bytes, what, how) in cases {
            let err = read_default(bytes).unwrap_err();
            let msg = err.to_string();
            assert!(matches!(err, Error::Format { .. }) && msg.contains(what) && msg.contains(how), "{msg}");
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

    /// Owned bytes of UTF-8 become the document's text in place (no copy: the
    /// peak of a large input); any other owned input reads as borrowed input does.
    #[test]
    fn owned_input_is_not_copied_table() {
        let text = "Le conseil municipal a vot\u{e9} le budget.\n\nThe council voted.".to_string();
        let bytes = text.clone().into_bytes();
        let at = bytes.as_ptr();
        let doc = read(bytes, &ReadConfig::default()).unwrap();
        assert_eq!((doc.text.as_ptr(), doc.text.as_str()), (at, text.as_str()));
        for bytes in [
            b"caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu".to_vec(),
            b"Ligne\r\nsuivante".to_vec(),
            b"\xef\xbb\xbfAvec BOM".to_vec(),
            b"caf\xc3\xa9 \xff".to_vec(),
        ] {
            let borrowed = read_default(&bytes).unwrap();
            let owned = read(bytes, &ReadConfig::default()).unwrap();
            assert_eq!((owned.text, owned.encoding, owned.kind), (borrowed.text, borrowed.encoding, borrowed.kind));
        }
    }
}
