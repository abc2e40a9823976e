//! Builds a folder like the ones users point abrege at: good articles (copies
//! of the samples) and every bad case of the README's table. Shared by the
//! batch tests and the batch benchmark (`examples/batch_bench.rs`).

use std::path::{Path, PathBuf};

/// The files written, split by whether abrege should summarize them.
pub struct Folder {
    pub good: Vec<PathBuf>,
    pub bad: Vec<PathBuf>,
}

fn samples(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for lang in ["fr", "en"] {
        for e in std::fs::read_dir(root.join("samples").join(lang)).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if (name.ends_with(".txt") || name.ends_with(".html"))
                && !name.contains(".out.")
                && !name.contains(".expected-")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Writes `good` copies of the samples under `dir/articles/` and the bad cases under `dir/odd/`.
pub fn make(root: &Path, dir: &Path, good: usize, huge: bool) -> Folder {
    let samples = samples(root);
    let mut folder = Folder { good: Vec::new(), bad: Vec::new() };
    for i in 0..good {
        let src = &samples[i % samples.len()];
        let ext = src.extension().unwrap().to_string_lossy().into_owned();
        let sub = dir.join("articles").join(format!("{:02}", i / 100));
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(format!("{i:05}.{ext}"));
        std::fs::copy(src, &path).unwrap();
        folder.good.push(path);
    }
    let odd = dir.join("odd");
    std::fs::create_dir_all(&odd).unwrap();
    let fr = "Le conseil municipal a voté mardi soir le budget de la ville, après un long débat sur les transports.";
    let mut put = |name: &str, bytes: Vec<u8>, good: bool| {
        let path = odd.join(name);
        std::fs::write(&path, bytes).unwrap();
        if good { folder.good.push(path) } else { folder.bad.push(path) }
    };
    put("empty.txt", Vec::new(), false);
    put("blank.txt", b"   \n\n\t  \n".to_vec(), false);
    put("binary.txt", (0u8..=255).cycle().take(4096).collect(), false);
    put("german.txt", std::fs::read(root.join("tests/data/de_artikel.txt")).unwrap(), false);
    let mut invalid = format!("{fr} Les élus ont débattu longtemps.").into_bytes();
    invalid.insert(10, 0xff);
    put("invalid_utf8.txt", invalid, true);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(fr.encode_utf16().flat_map(u16::to_le_bytes));
    put("utf16.txt", utf16, true);
    put("cp1252.txt", std::fs::read(root.join("tests/data/fr_cp1252.txt")).unwrap(), true);
    put("no_punct.txt", std::fs::read(root.join("tests/data/no_punct.txt")).unwrap(), true);
    put("mixed.txt", std::fs::read(root.join("tests/data/mixed_fr_en.txt")).unwrap(), true);
    let deep = format!("<html><body>{}<p>{fr}</p>{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000));
    put("deep.html", deep.into_bytes(), true);
    put("broken.html", format!("<html><body><div><p>{fr}<span><p>{fr} Encore.</div></td>").into_bytes(), true);
    if huge {
        // 100 MB on one line: over the default --max-bytes, refused before reading.
        put("huge.txt", "mot ".repeat(25 * 1024 * 1024).into_bytes(), false);
    }
    folder
}
