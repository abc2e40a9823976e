//! Where documents come from: standard input, files, folders walked in order.
//!
//! Input: the command's paths and `--glob` patterns. Output: the [`Source`]s
//! to read, with the folders that could not be listed and what was passed
//! over (special files, never opened; links back to a folder already read).

use abrege::Error;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One document to read.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    /// A file, and its path relative to the folder it was found in (its name
    /// when it was given directly): where its output goes under `--out-dir`.
    File {
        path: PathBuf,
        rel: PathBuf,
    },
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File { path, .. } => path.display().to_string(),
        }
    }

    /// Reads the whole document, refusing it early when over `max_bytes`.
    pub fn read(&self, max_bytes: u64) -> Result<Vec<u8>, Error> {
        let io_err = |source| Error::Io { path: self.name(), source };
        let mut bytes = Vec::new();
        match self {
            Source::Stdin => {
                std::io::stdin().lock().take(max_bytes + 1).read_to_end(&mut bytes).map_err(io_err)?;
            }
            Source::File { path, .. } => {
                let size = std::fs::metadata(path).map_err(io_err)?.len();
                if size > max_bytes {
                    return Err(Error::TooLarge { size, limit: max_bytes });
                }
                // The size known: one allocation, where growing by doubling
                // held up to twice the file (the peak of a large input).
                bytes.reserve_exact(usize::try_from(size).unwrap_or(0).saturating_add(1));
                std::fs::File::open(path)
                    .map_err(io_err)?
                    .take(max_bytes + 1)
                    .read_to_end(&mut bytes)
                    .map_err(io_err)?;
            }
        }
        if bytes.len() as u64 > max_bytes {
            return Err(Error::TooLarge { size: bytes.len() as u64, limit: max_bytes });
        }
        Ok(bytes)
    }
}

/// What the paths name: the documents, the folders that could not be listed
/// (failures), and what was passed over (warnings: special files, links back
/// to a folder already read).
#[derive(Debug, Default)]
pub struct Gathered {
    pub sources: Vec<Source>,
    pub failures: Vec<String>,
    pub warnings: Vec<String>,
}

/// The documents named by the paths: folders expanded (sorted, hidden entries
/// skipped, `globs` applied; FIFOs, sockets and devices skipped unopened, each
/// real file and folder read once, so a symlink loop ends). With several paths,
/// each folder's files go under the folder's own name, as `cp -r x y out/` does.
pub fn gather(paths: &[PathBuf], globs: &[Glob]) -> Gathered {
    let mut found = Gathered::default();
    if paths.is_empty() {
        found.sources.push(Source::Stdin);
        return found;
    }
    let mut seen = Seen::default();
    for path in paths {
        if path.as_os_str() == "-" {
            found.sources.push(Source::Stdin);
        } else if path.is_dir() {
            // `.` or `..` have no name of their own: their resolved path has.
            let name = path
                .file_name()
                .map(PathBuf::from)
                .or_else(|| path.canonicalize().ok()?.file_name().map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("root"));
            let prefix = if paths.len() > 1 { name } else { PathBuf::new() };
            walk(path, &prefix, globs, &mut seen, &mut found);
        } else {
            // Missing files are reported when read, in order with the others;
            // a FIFO named on the command line is read (`abrege <(cmd)`).
            let rel = path.file_name().map_or_else(|| path.clone(), PathBuf::from);
            found.sources.push(Source::File { path: path.clone(), rel });
        }
    }
    found
}

/// Reads the `--glob` patterns; the first bad one is the error.
pub fn globs(patterns: &[String]) -> Result<Vec<Glob>, String> {
    patterns.iter().map(|p| Glob::new(p)).collect()
}

/// [`gather`], with its warnings and failures printed on stderr; `None` (after
/// saying so) when the paths hold nothing to read at all, which is no failure
/// of any one input but a run with no input.
pub fn gather_reported(paths: &[PathBuf], globs: &[Glob], patterns: &[String]) -> Option<Gathered> {
    let found = gather(paths, globs);
    for w in &found.warnings {
        eprintln!("abrege: {w}");
    }
    for f in &found.failures {
        eprintln!("abrege: {f}");
    }
    if found.sources.is_empty() && found.failures.is_empty() {
        let matching = if patterns.is_empty() {
            String::new()
        } else {
            format!(" matching --glob {}", patterns.iter().map(|p| format!("'{p}'")).collect::<Vec<_>>().join(" or "))
        };
        eprintln!(
            "abrege: no input: no file{matching} in {}: check the paths{}",
            paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
            if patterns.is_empty() { "" } else { " and the patterns (a pattern without `/` matches file names)" }
        );
        return None;
    }
    Some(found)
}

/// The files and folders already read, by identity (device and inode on Unix,
/// the resolved path elsewhere): a folder reached again through a link is a
/// loop or a second name, and a file reached twice would be summarized twice.
#[derive(Default)]
struct Seen(std::collections::HashSet<FileId>);

#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

impl Seen {
    /// Whether `path` (of metadata `meta`) is new, recording it.
    fn first(&mut self, path: &Path, meta: &std::fs::Metadata) -> bool {
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            let _ = path;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let id = {
            let _ = meta;
            path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
        };
        self.0.insert(id)
    }
}

/// What kind of special file `t` is, for the warning that skips it.
fn special_kind(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = t;
    "not a regular file"
}

fn walk(root: &Path, prefix: &Path, globs: &[Glob], seen: &mut Seen, found: &mut Gathered) {
    match std::fs::metadata(root) {
        Ok(meta) if !seen.first(root, &meta) => {
            found
                .warnings
                .push(format!("{}: skipped: this folder was already read under another name", root.display()));
            return;
        }
        _ => {}
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                found.failures.push(format!("{}: cannot list folder: {err}", dir.display()));
                continue;
            }
        };
        let mut names: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        names.sort();
        let mut dirs = Vec::new();
        for path in names {
            // Links are followed (metadata, not symlink_metadata); a broken
            // link is kept as a file and reported when read.
            let meta = match std::fs::metadata(&path) {
                Ok(meta) => meta,
                Err(_) => {
                    push_file(root, prefix, globs, path, found);
                    continue;
                }
            };
            let t = meta.file_type();
            if t.is_dir() {
                if seen.first(&path, &meta) {
                    dirs.push(path);
                } else {
                    found.warnings.push(format!(
                        "{}: skipped: a link to a folder already read (a loop or a second name)",
                        path.display()
                    ));
                }
            } else if !t.is_file() {
                // Opening a FIFO blocks until a writer comes; a device may never end.
                found.warnings.push(format!(
                    "{}: skipped: {}, not a file (never opened)",
                    path.display(),
                    special_kind(t)
                ));
            } else if seen.first(&path, &meta) {
                push_file(root, prefix, globs, path, found);
            }
        }
        // Depth first, in name order: push subfolders reversed.
        stack.extend(dirs.into_iter().rev());
    }
}

fn push_file(root: &Path, prefix: &Path, globs: &[Glob], path: PathBuf, found: &mut Gathered) {
    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    if globs.is_empty() || globs.iter().any(|g| g.matches(&rel)) {
        found.sources.push(Source::File { path, rel: prefix.join(rel) });
    }
}

/// One `--glob` pattern, checked once: `*` and `?` within a path component,
/// `**` across components, `[abc]`, `[a-z]` and `[!abc]` for one character; a
/// pattern without `/` is matched against the file name alone. Written here
/// rather than pulling a regex engine into the default build.
#[derive(Debug, Clone)]
pub struct Glob {
    tokens: Vec<Token>,
    whole_path: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Char(char),
    /// `?`: any one character but `/`.
    Any,
    /// `*`: any characters but `/`.
    Star,
    /// `**` (and `**/`, which also matches no folder at all).
    Stars {
        slash: bool,
    },
    /// `[…]`: ranges (a single character is a range of one), negated with `!` or `^`.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Glob {
    /// Reads a pattern; an unclosed `[` is an error that says how to write a literal one.
    pub fn new(pattern: &str) -> Result<Glob, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '*' if chars.get(i + 1) == Some(&'*') => {
                    let slash = chars.get(i + 2) == Some(&'/');
                    tokens.push(Token::Stars { slash });
                    i += if slash { 3 } else { 2 };
                    continue;
                }
                '*' => tokens.push(Token::Star),
                '?' => tokens.push(Token::Any),
                '[' => {
                    let (token, end) = class(&chars, i).ok_or_else(|| {
                        format!(
                            "bad --glob pattern `{pattern}`: the `[` at character {} is never closed \
                             (write `[[]` for a literal `[`)",
                            i + 1
                        )
                    })?;
                    tokens.push(token);
                    i = end;
                }
                c => tokens.push(Token::Char(c)),
            }
            i += 1;
        }
        Ok(Glob { tokens, whole_path: pattern.contains('/') })
    }

    /// Whether `path` (relative to the folder walked) matches.
    pub fn matches(&self, path: &Path) -> bool {
        let path = path.to_string_lossy().replace('\\', "/");
        let subject = if self.whole_path { path.as_str() } else { path.rsplit('/').next().unwrap_or(&path) };
        let s: Vec<char> = subject.chars().collect();
        let p = &self.tokens;
        // ok[i][j]: tokens from i match the subject from j; filled from the end, O(|p|·|s|).
        let mut ok = vec![vec![false; s.len() + 1]; p.len() + 1];
        ok[p.len()][s.len()] = true;
        for i in (0..p.len()).rev() {
            for j in (0..=s.len()).rev() {
                let one = |c: char| match &p[i] {
                    Token::Char(want) => c == *want,
                    Token::Any => c != '/',
                    Token::Class { negated, ranges } => {
                        c != '/' && ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) != *negated
                    }
                    Token::Star | Token::Stars { .. } => false,
                };
                ok[i][j] = match p[i] {
                    Token::Star => ok[i + 1][j] || (j < s.len() && s[j] != '/' && ok[i][j + 1]),
                    // `**/` matches no folder, or anything up to a `/`; `**` anything.
                    Token::Stars { slash: true } => {
                        ok[i + 1][j] || (j < s.len() && ((s[j] == '/' && ok[i + 1][j + 1]) || ok[i][j + 1]))
                    }
                    Token::Stars { slash: false } => ok[i + 1][j] || (j < s.len() && ok[i][j + 1]),
                    _ => j < s.len() && one(s[j]) && ok[i + 1][j + 1],
                };
            }
        }
        ok[0][0]
    }
}

/// The class opening at `chars[start]` (a `[`) and the index of its `]`.
fn class(chars: &[char], start: usize) -> Option<(Token, usize)> {
    let mut i = start + 1;
    let negated = matches!(chars.get(i), Some('!' | '^'));
    i += usize::from(negated);
    let mut ranges = Vec::new();
    // A `]` first in the class is one of its characters.
    let mut first = true;
    while let Some(&c) = chars.get(i) {
        if c == ']' && !first {
            return Some((Token::Class { negated, ranges }, i));
        }
        first = false;
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&hi| hi != ']') {
            ranges.push((c, chars[i + 2]));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_table() {
        let cases = [
            ("*.html", "a/b/page.html", true),
            ("*.html", "a/b/page.txt", false),
            ("fr/*.txt", "fr/a.txt", true),
            ("fr/*.txt", "fr/x/a.txt", false),
            ("fr/**/*.txt", "fr/x/y/a.txt", true),
            ("**/*.txt", "a.txt", true),
            ("page-??.txt", "page-01.txt", true),
            ("page-??.txt", "page-1.txt", false),
            ("*", "anything", true),
            ("fr/**/*.txt", "fr/a.txt", true),
            ("**", "a/b/c", true),
            ("page-[0-9].txt", "page-7.txt", true),
            ("page-[0-9].txt", "page-x.txt", false),
            ("page-[!0-9].txt", "page-x.txt", true),
            ("[]]x", "]x", true),
            ("[[]x", "[x", true),
            ("*.[ht]*", "a.html", true),
            ("*.[ht]*", "a.md", false),
            ("é*.txt", "été.txt", true),
        ];
        for (pattern, path, want) in cases {
            assert_eq!(Glob::new(pattern).unwrap().matches(Path::new(path)), want, "{pattern} {path}");
        }
        for bad in ["[", "a[b", "[!", "*.[ch"] {
            let err = Glob::new(bad).unwrap_err();
            assert!(err.contains("never closed") && err.contains(bad), "{err}");
        }
    }
}
