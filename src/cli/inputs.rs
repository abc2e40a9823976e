//! Where documents come from: standard input, files, folders walked in order.

use abrege::Error;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One document to read.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(p) => p.display().to_string(),
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
            Source::File(path) => {
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

/// The documents named by the paths, folders expanded (sorted, hidden entries
/// skipped); and how many paths could not be listed (reported on stderr).
pub fn gather(paths: &[PathBuf]) -> (Vec<Source>, usize) {
    if paths.is_empty() {
        return (vec![Source::Stdin], 0);
    }
    let mut sources = Vec::new();
    let mut failed = 0;
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if path.is_dir() {
            failed += walk(path, &mut sources);
        } else {
            // Missing files are reported when read, in order with the others.
            sources.push(Source::File(path.clone()));
        }
    }
    (sources, failed)
}

fn walk(root: &Path, out: &mut Vec<Source>) -> usize {
    let mut failed = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                eprintln!("abrege: {}: cannot list folder: {err}", dir.display());
                failed += 1;
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
        out.extend(files.into_iter().map(Source::File));
        // Depth first, in name order: push subfolders reversed.
        stack.extend(dirs.into_iter().rev());
    }
    failed
}
