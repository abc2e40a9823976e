//! Runs a command with bytes on its standard input, written from a thread so
//! that a large input cannot fill the pipe while the command waits on its output.

use std::io::Write;
use std::process::{Command, Output, Stdio};

pub fn output_with_stdin(mut cmd: Command, stdin: &[u8]) -> Output {
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("binary starts");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("binary ends");
    writer.join().unwrap();
    out
}
