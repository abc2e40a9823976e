//! Where documents come from: standard input, files, folders walked in order.

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

/// The documents named by the paths: folders expanded (sorted, hidden entries
/// skipped, `globs` applied), and the folders that could not be listed.
pub fn gather(paths: &[PathBuf], globs: &[String]) -> (Vec<Source>, Vec<String>) {
    if paths.is_empty() {
        return (vec![Source::Stdin], Vec::new());
    }
    let mut sources = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if path.is_dir() {
            walk(path, globs, &mut sources, &mut failures);
        } else {
            // Missing files are reported when read, in order with the others.
            let rel = path.file_name().map_or_else(|| path.clone(), PathBuf::from);
            sources.push(Source::File { path: path.clone(), rel });
        }
    }
    (sources, failures)
}

fn walk(root: &Path, globs: &[String], out: &mut Vec<Source>, failures: &mut Vec<String>) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                failures.push(format!("{}: cannot list folder: {err}", dir.display()));
                continue;
            }
        };
        let mut names: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        names.sort();
        let (dirs, files): (Vec<PathBuf>, Vec<PathBuf>) = names.into_iter().partition(|p| p.is_dir());
        for path in files {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            if globs.is_empty() || globs.iter().any(|g| glob_match(g, &rel)) {
                out.push(Source::File { path, rel });
            }
        }
        // Depth first, in name order: push subfolders reversed.
        stack.extend(dirs.into_iter().rev());
    }
}

/// Shell-style matching: `*` and `?` within a path component, `**` across
/// components; a pattern without `/` is matched against the file name alone.
/// Written here rather than pulling a regex engine into the default build.
pub fn glob_match(pattern: &str, path: &Path) -> bool {
    let path = path.to_string_lossy().replace('\\', "/");
    let subject = if pattern.contains('/') { path.as_str() } else { path.rsplit('/').next().unwrap_or(&path) };
    matches(pattern.as_bytes(), subject.as_bytes())
}

fn matches(p: &[u8], s: &[u8]) -> bool {
    // ok[i][j]: pattern from i matches subject from j; filled from the end, O(|p|·|s|).
    let mut ok = vec![vec![false; s.len() + 1]; p.len() + 1];
    ok[p.len()][s.len()] = true;
    for i in (0..p.len()).rev() {
        for j in (0..=s.len()).rev() {
            ok[i][j] = if p[i] == b'*' {
                let double = p.get(i + 1) == Some(&b'*');
                if double {
                    // `**/` also matches no folder at all.
                    let after = if p.get(i + 2) == Some(&b'/') { i + 3 } else { i + 2 };
                    ok[after][j] || ok[i + 2][j] || (j < s.len() && ok[i][j + 1])
                } else {
                    ok[i + 1][j] || (j < s.len() && s[j] != b'/' && ok[i][j + 1])
                }
            } else if i > 0 && p[i - 1] == b'*' && p[i] == b'*' {
                // Second star of `**`: handled with the first.
                ok[i + 1][j]
            } else {
                j < s.len() && (p[i] == s[j] || (p[i] == b'?' && s[j] != b'/')) && ok[i + 1][j + 1]
            };
        }
    }
    ok[0][0]
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
        ];
        for (pattern, path, want) in cases {
            assert_eq!(glob_match(pattern, Path::new(path)), want, "{pattern} {path}");
        }
    }
}
