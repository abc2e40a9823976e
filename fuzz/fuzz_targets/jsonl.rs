//! Fuzz target: any bytes as a `--jsonl` stream, through the command's own
//! line reader and request parser (`src/cli/request.rs`, included as is).
//! Nothing may panic; lines under the limit come back whole and in order; an
//! overlong line keeps no more than its prefix; every id found is JSON that
//! a reply line can carry.
#![no_main]

#[path = "../../src/cli/request.rs"]
#[allow(dead_code)]
mod request;

use libfuzzer_sys::fuzz_target;
use request::{Line, Parsed};
use std::io::BufReader;

/// An id is echoed as written: it must be one JSON value, and a reply line
/// carrying it must be JSON. (Checked as JSON text, not as a `Value`: a
/// number like `1e400` is valid JSON that no f64 holds, and is echoed as is.)
fn check_id(id: Option<&serde_json::value::RawValue>) {
    use serde_json::value::RawValue;
    if let Some(id) = id {
        assert!(serde_json::from_str::<&RawValue>(id.get()).is_ok(), "{}", id.get());
        let line = format!("{{\"id\":{},\"lang\":\"fr\"}}", id.get());
        assert!(serde_json::from_str::<&RawValue>(&line).is_ok(), "{line}");
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the limit and the reader's buffer size, so that
    // lines cross both.
    let Some((&knob, stream)) = data.split_first() else { return };
    let limit = usize::from(knob % 64) * 16;
    let capacity = usize::from(knob / 64) * 5 + 1;
    let mut reader = BufReader::with_capacity(capacity, stream);
    let (mut line, mut at, mut number) = (Vec::new(), 0usize, 0);
    loop {
        match request::read_line(&mut reader, &mut line, limit).unwrap() {
            Line::End => break,
            Line::Whole => {
                assert_eq!(&stream[at..at + line.len()], &line[..]);
                at += line.len();
                number += 1;
                match request::parse(&line, number) {
                    Parsed::Blank => assert!(line.iter().skip_while(|&&b| b == 0xef || b == 0xbb || b == 0xbf).all(u8::is_ascii_whitespace)),
                    Parsed::Article { id, .. } | Parsed::Refused { id, .. } => check_id(id.as_deref()),
                }
            }
            Line::TooLong(size) => {
                assert!(size as usize > limit && line.len() <= request::ID_PREFIX.max(limit));
                assert_eq!(&stream[at..at + line.len()], &line[..]);
                at += size as usize;
                number += 1;
                check_id(request::id_in(&line).as_deref());
            }
        }
    }
    assert_eq!(at, stream.len());
});
