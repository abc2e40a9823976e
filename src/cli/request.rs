//! One `--jsonl` request line: read with a bounded buffer, then parsed.
//!
//! Input: a byte stream of JSON lines. Output: each line's bytes (or, past
//! the limit, only its length and its first bytes), then a [`Parsed`]
//! request: its id exactly as written (`1e2` stays `1e2`, a 20-digit number
//! keeps its digits), its text or HTML, or why it is refused. Kept apart from
//! the batch loop, with no other dependency than the library and serde_json,
//! so that the fuzz target `jsonl` runs this very code.

use abrege::Error;
use serde::de::{self, Deserializer as _, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::io::BufRead;

/// How much of an overlong line is kept, to read its id from.
pub const ID_PREFIX: usize = 64 * 1024;

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The end of the stream.
    End,
    /// A whole line (its `\n` included) is in the buffer.
    Whole,
    /// A line longer than the limit, of this many bytes (its `\n` included):
    /// read through without keeping more than its first [`ID_PREFIX`] bytes.
    TooLong(u64),
}

/// Reads one line into `line` (cleared first), keeping at most `limit` bytes
/// of it: memory stays flat whatever the line's length. (memchr's vector
/// search: the standard library's `read_until` scans a word at a time.)
pub fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>, limit: usize) -> std::io::Result<Line> {
    line.clear();
    let mut read: u64 = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        let (done, used) = match memchr::memchr(b'\n', buf) {
            Some(at) => (true, at + 1),
            None => (buf.is_empty(), buf.len()),
        };
        read += used as u64;
        let over = read > limit as u64;
        // Past the limit, only the first bytes are kept, to read the id from.
        let take = if over { used.min(ID_PREFIX.saturating_sub(line.len())) } else { used };
        line.extend_from_slice(&buf[..take]);
        reader.consume(used);
        if over && line.capacity() > 2 * ID_PREFIX {
            line.truncate(ID_PREFIX);
            line.shrink_to(ID_PREFIX);
        }
        if done {
            return Ok(match read {
                0 => Line::End,
                n if n > limit as u64 => Line::TooLong(n),
                _ => Line::Whole,
            });
        }
    }
}

/// A request line, parsed.
#[derive(Debug)]
pub enum Parsed<'a> {
    /// Only whitespace: no request, no answer.
    Blank,
    /// The id (absent: `None`) and the article, with whether it is HTML.
    Article { id: Option<Cow<'a, RawValue>>, content: Cow<'a, str>, html: bool },
    /// A line that asks for nothing we can answer, with its id when it has one.
    Refused { id: Option<Cow<'a, RawValue>>, error: Error },
}

/// The fields of a request line that we use; the others are skipped unread.
#[derive(serde::Deserialize)]
struct Request<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    html: Option<Cow<'a, str>>,
}

/// Parses line `number` (from 1); a UTF-8 byte-order mark before it is skipped.
pub fn parse(line: &[u8], number: usize) -> Parsed<'_> {
    let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return Parsed::Blank;
    }
    // Most lines are well-formed requests: read only the fields we use, the
    // text borrowed from the line when it has no escapes. The line is checked
    // as UTF-8 at once (SIMD), so that serde_json need not check each string
    // again.
    let request = match simdutf8::basic::from_utf8(line) {
        Ok(line) => serde_json::from_str::<Request>(line),
        Err(_) => serde_json::from_slice::<Request>(line),
    };
    let bad = |msg: String| Error::BadRequest(format!("line {number}: {msg}"));
    match request {
        Ok(Request { id, text: Some(_), html: Some(_) }) => {
            Parsed::Refused { id: id.map(Cow::Borrowed), error: Error::TextAndHtml { line: number } }
        }
        Ok(Request { id, text: Some(content), html: None }) => {
            Parsed::Article { id: id.map(Cow::Borrowed), content, html: false }
        }
        Ok(Request { id, text: None, html: Some(content) }) => {
            Parsed::Article { id: id.map(Cow::Borrowed), content, html: true }
        }
        Ok(Request { id, text: None, html: None }) => {
            Parsed::Refused { id: id.map(Cow::Borrowed), error: bad("no \"text\" or \"html\" string field".into()) }
        }
        // Anything else (a text that is no string, a duplicate field, not an
        // object, not JSON) is read again as a whole value, which says what is wrong.
        Err(_) => {
            let error = match serde_json::from_slice::<serde_json::Value>(line) {
                Err(err) => bad(format!("not JSON ({err})")),
                Ok(serde_json::Value::Object(obj)) => match (obj.get("text"), obj.get("html")) {
                    (Some(_), Some(_)) => Error::TextAndHtml { line: number },
                    _ => bad(format!(
                        "\"text\" and \"html\" must be strings ({})",
                        serde_json::from_slice::<Request>(line).err().map_or_else(String::new, |e| e.to_string())
                    )),
                },
                Ok(_) => bad("expected an object {\"id\": …, \"text\": …}".into()),
            };
            Parsed::Refused { id: id_in(line).map(Cow::Owned), error }
        }
    }
}

/// The `"id"` of the object that `bytes` start with, as written, when it can
/// be read before the bytes end (the first bytes of an overlong line, or a
/// line that is not a whole request): keys before it are skipped unread.
pub fn id_in(bytes: &[u8]) -> Option<Box<RawValue>> {
    /// Stores the id in the slot, then stops the parse (an error) without
    /// reading the rest, which may be cut off.
    struct Find<'s>(&'s mut Option<Box<RawValue>>);
    impl<'de> Visitor<'de> for Find<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                if key == "id" {
                    *self.0 = Some(map.next_value::<Box<RawValue>>()?);
                    return Err(de::Error::custom("found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut found = None;
    let _ = serde_json::Deserializer::from_slice(bytes).deserialize_map(Find(&mut found));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    #[test]
    fn read_line_is_read_until_newline_under_the_limit_table() {
        let cases: [&[u8]; 6] = [
            b"",
            b"\n",
            b"{\"id\": 1, \"text\": \"L'\xc3\xa9t\xc3\xa9\"}\n{\"id\": 2}\n",
            b"one\ntwo\n\nthree without end",
            b"a line longer than the reader's buffer of seven bytes\nb\n",
            b"\n\n\r\n",
        ];
        for input in cases {
            for capacity in [1, 7, 8192] {
                let (mut ours, mut std) = (BufReader::with_capacity(capacity, input), BufReader::new(input));
                loop {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    let got = read_line(&mut ours, &mut a, 1000).unwrap();
                    let m = std.read_until(b'\n', &mut b).unwrap();
                    assert_eq!((a.len(), &a), (m, &b), "{input:?} with a buffer of {capacity}");
                    assert_eq!(got == Line::End, m == 0);
                    if m == 0 {
                        break;
                    }
                }
            }
        }
    }

    #[test]
    fn an_overlong_line_keeps_its_prefix_and_the_next_line_is_whole() {
        let long = format!("{{\"id\": \"k\", \"text\": \"{}\"}}\n", "a".repeat(200_000));
        let input = format!("{long}{{\"id\": 2, \"text\": \"b\"}}\n");
        for capacity in [7, 8192] {
            let mut reader = BufReader::with_capacity(capacity, input.as_bytes());
            let mut line = Vec::new();
            assert_eq!(read_line(&mut reader, &mut line, 1000).unwrap(), Line::TooLong(long.len() as u64));
            assert!(line.len() <= ID_PREFIX && line.capacity() < 2 * ID_PREFIX, "{}", line.capacity());
            assert_eq!(id_in(&line).map(|id| id.get().to_string()).as_deref(), Some("\"k\""));
            assert_eq!(read_line(&mut reader, &mut line, 1000).unwrap(), Line::Whole);
            assert_eq!(line, b"{\"id\": 2, \"text\": \"b\"}\n");
        }
    }

    #[test]
    fn ids_are_echoed_as_written_table() {
        let cases = [
            (r#"{"id": 18446744073709551616, "text": "x"}"#, Some("18446744073709551616")),
            (r#"{"id": 1e2, "text": "x"}"#, Some("1e2")),
            (r#"{"id": -0.0, "text": "x"}"#, Some("-0.0")),
            (r#"{"id": "caf\u00e9", "text": "x"}"#, Some(r#""caf\u00e9""#)),
            (r#"{"id": {"a": [1, 2]}, "text": "x"}"#, Some(r#"{"a": [1, 2]}"#)),
            (r#"{"text": "x", "id": 7}"#, Some("7")),
            (r#"{"text": "x"}"#, None),
        ];
        for (line, want) in cases {
            let Parsed::Article { id, .. } = parse(line.as_bytes(), 1) else { panic!("{line}") };
            assert_eq!(id.as_deref().map(RawValue::get), want, "{line}");
        }
    }

    #[test]
    fn edges_of_a_request_table() {
        assert!(matches!(parse(b"  \r\n", 1), Parsed::Blank));
        assert!(matches!(parse(b"\xef\xbb\xbf{\"id\": 1, \"text\": \"x\"}\n", 1), Parsed::Article { html: false, .. }));
        assert!(matches!(parse(br#"{"id": 1, "html": "<p>x</p>"}"#, 1), Parsed::Article { html: true, .. }));
        let refused = |line: &[u8]| match parse(line, 3) {
            Parsed::Refused { id, error } => (id.map(|i| i.get().to_string()), error.kind().to_string()),
            other => panic!("{other:?}"),
        };
        let cases: [(&[u8], Option<&str>, &str); 6] = [
            (br#"{"id": 1, "text": "x", "html": "<p>y</p>"}"#, Some("1"), "text_and_html"),
            (br#"{"id": 2, "text": 5, "html": "<p>y</p>"}"#, Some("2"), "text_and_html"),
            (br#"{"id": 3, "text": 5}"#, Some("3"), "bad_request"),
            (br#"{"id": 4}"#, Some("4"), "bad_request"),
            (br#"[1, 2]"#, None, "bad_request"),
            (br#"{"id": 6, "text": "cut"#, Some("6"), "bad_request"),
        ];
        for (line, id, kind) in cases {
            assert_eq!(refused(line), (id.map(str::to_string), kind.to_string()), "{}", String::from_utf8_lossy(line));
        }
    }
}
