//! What an output folder's files were made from, so that a rerun redoes an
//! output when its input *or the options that shape it* changed, and skips it
//! otherwise.
//!
//! Input: the output folder, and for each output the input's identity (its
//! resolved path, size and modification time) and the run's options
//! fingerprint. Output: `DIR/.abrege-manifest.json` (hidden, so a later walk of
//! DIR never reads it as an article), rewritten atomically after each group of
//! inputs: a run killed midway keeps what it recorded, and an output missing
//! from the manifest is redone rather than trusted.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The manifest's file name inside the output folder.
pub const FILE_NAME: &str = ".abrege-manifest.json";

/// What one output was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The input's resolved path.
    pub input: PathBuf,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified: u128,
    /// [`fingerprint`] of the options the output was made with.
    pub options: String,
}

impl Stamp {
    /// The stamp of `input` made with `options` now; `None` when it cannot be
    /// read (the output is then always redone).
    pub fn of(input: &Path, options: &str) -> Option<Stamp> {
        let meta = std::fs::metadata(input).ok()?;
        let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
        Some(Stamp { input: input.canonicalize().ok()?, size: meta.len(), modified, options: options.to_string() })
    }
}

/// The outputs of one folder, by their path relative to it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Which abrege wrote it: another version may summarize differently.
    version: String,
    outputs: BTreeMap<String, Stamp>,
}

impl Manifest {
    /// The folder's manifest; empty when there is none, or one this version
    /// cannot read or did not write (its outputs are then redone).
    pub fn load(dir: &Path) -> Manifest {
        let read = std::fs::read(dir.join(FILE_NAME)).ok().and_then(|b| serde_json::from_slice::<Manifest>(&b).ok());
        match read {
            Some(m) if m.version == env!("CARGO_PKG_VERSION") => m,
            _ => Manifest { version: env!("CARGO_PKG_VERSION").to_string(), outputs: BTreeMap::new() },
        }
    }

    /// Whether `output` exists and was made from `stamp`'s input and options.
    pub fn is_current(&self, dir: &Path, output: &Path, stamp: &Stamp) -> bool {
        output.exists() && self.outputs.get(&key(dir, output)).is_some_and(|s| s == stamp)
    }

    /// Records that `output` was made from `stamp` (or, with `None`, that it is
    /// no longer current: its input failed or could not be stamped).
    pub fn record(&mut self, dir: &Path, output: &Path, stamp: Option<Stamp>) {
        match stamp {
            Some(stamp) => self.outputs.insert(key(dir, output), stamp),
            None => self.outputs.remove(&key(dir, output)),
        };
    }

    /// Writes the manifest beside the outputs (temporary file, then rename).
    pub fn save(&self, dir: &Path) -> anyhow::Result<()> {
        let json = serde_json::to_vec_pretty(self)?;
        super::batch::write_atomically(&dir.join(FILE_NAME), &json)
    }
}

fn key(dir: &Path, output: &Path) -> String {
    output.strip_prefix(dir).unwrap_or(output).to_string_lossy().into_owned()
}

/// A short stable name for the options that shape an output (the task and the
/// whole configuration): FNV-1a over their debug form, which, unlike std's
/// hasher, gives the same value in every build.
pub fn fingerprint(parts: &str) -> String {
    let hash = parts.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_input_or_option_is_not_current_table() {
        let dir = std::env::temp_dir().join(format!("abrege-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (input, output) = (dir.join("in.txt"), dir.join("in.out"));
        std::fs::write(&input, "Le chat dort.").unwrap();
        std::fs::write(&output, "summary").unwrap();
        let (a, b) = (fingerprint("Summarize n=3"), fingerprint("Summarize n=5"));
        assert_ne!(a, b);
        let mut m = Manifest::load(&dir);
        let stamp = Stamp::of(&input, &a).unwrap();
        assert!(!m.is_current(&dir, &output, &stamp), "nothing recorded yet");
        m.record(&dir, &output, Some(stamp.clone()));
        m.save(&dir).unwrap();
        let m = Manifest::load(&dir);
        let cases = [
            (stamp.clone(), true),
            (Stamp::of(&input, &b).unwrap(), false),
            (Stamp { size: stamp.size + 1, ..stamp.clone() }, false),
            (Stamp { modified: stamp.modified + 1, ..stamp.clone() }, false),
            (Stamp { input: dir.join("other.txt"), ..stamp.clone() }, false),
        ];
        for (s, current) in cases {
            assert_eq!(m.is_current(&dir, &output, &s), current, "{s:?}");
        }
        std::fs::remove_file(&output).unwrap();
        assert!(!m.is_current(&dir, &output, &stamp), "a deleted output is redone");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
