//! `--format html` through the real binary: one page per article on
//! standard output or in a folder with its `index.html`, and what it refuses.
//! (How the pages look in a browser: `tests/browser.rs`.)

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn abrege(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_abrege")).current_dir(root()).args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

const SEED: &str = "samples/fr/00_seed_stargate.txt";

#[test]
fn summary_and_extract_pages_table() {
    // (arguments, text wanted, text unwanted)
    type Case<'a> = (&'a [&'a str], &'a [&'a str], &'a [&'a str]);
    let cases: [Case; 4] = [
        (
            &["--format", "html", SEED],
            &[
                "<!DOCTYPE html>\n<html lang=\"fr\">",
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-",
                "<h2 id=\"points\">Points clés</h2>",
                "10 blocs gardés, 46 écartés",
                "<s>Partager l&apos;article:</s>",
                "<mark>Selon un rapport du média américain",
                "<meter min=\"0\"",
            ],
            &["Pourquoi ces phrases", "unsafe-inline"],
        ),
        (
            &["--format", "html", "--to", "en", SEED],
            &["<html lang=\"en\">", "Key points", "Article in French", "<h1 lang=\"fr\">OpenAI et SoftBank"],
            &["Points clés"],
        ),
        (
            &["extract", "--format", "html", SEED],
            &["<html lang=\"fr\">", "Article en français", "10 blocs gardés, 46 écartés", "<s>VIDÉOS SPONSORISÉES</s>"],
            &["<meter", "<mark", "Points clés"],
        ),
        (
            &["extract", "--format", "html", "samples/en/03_river_cleanup.html"],
            &["<html lang=\"en\">", "dropped · outside the article’s container", "<script>"],
            &["<meter"],
        ),
    ];
    for (args, want, unwanted) in cases {
        let page = stdout(&abrege(args));
        assert!(page.ends_with("</html>\n"), "{args:?}");
        for w in want {
            assert!(page.contains(w), "{args:?}: {w:?} not in the page");
        }
        for u in unwanted {
            assert!(!page.contains(u), "{args:?}: {u:?} in the page");
        }
    }
}

#[test]
fn refusals_table() {
    let river = "samples/en/03_river_cleanup.html";
    let cases: [(&[&str], &str); 5] = [
        (&["detect", "--format", "html", SEED], "not of `detect`, `split` or `translate`"),
        (&["split", "--format", "html", SEED], "not of `detect`, `split` or `translate`"),
        (&["translate", "--format", "html", SEED], "not of `detect`, `split` or `translate`"),
        (&["--jsonl", "--format", "html", "x.jsonl"], "--jsonl writes JSON lines"),
        (&["--format", "html", SEED, river], "needs an output folder (-o DIR)"),
    ];
    for (args, why) in cases {
        let out = abrege(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(why), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("abrege-report-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The links of an index, in order.
fn links(index: &str) -> Vec<&str> {
    index.split("<a href=\"").skip(1).map(|a| a.split('"').next().unwrap()).collect()
}

#[test]
fn folder_writes_pages_and_an_index() {
    let dir = scratch("folder");
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("sub dir")).unwrap();
    std::fs::copy(root().join(SEED), input.join("a.txt")).unwrap();
    std::fs::copy(root().join("samples/en/03_river_cleanup.html"), input.join("sub dir/b.html")).unwrap();
    // Its page must not take the index's name.
    std::fs::copy(root().join("samples/fr/01_transports_gratuits.txt"), input.join("index.txt")).unwrap();
    std::fs::write(input.join("blank.txt"), "   \n").unwrap();
    let out = dir.join("out");
    let run = || {
        let o = abrege(&["--format", "html", "-q", "-o", out.to_str().unwrap(), input.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(out.join("index.html")).expect("index.html written")
    };
    let index = run();
    for page in ["a.html", "sub dir/b.html", "index.txt.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap_or_else(|_| panic!("{page} not written"));
        assert!(html.starts_with("<!DOCTYPE html>"), "{page}");
    }
    let mut got = links(&index);
    got.sort();
    assert_eq!(got, ["a.html", "index.txt.html", "sub%20dir/b.html"], "{index}");
    // Most inputs are French: so is the frame.
    assert!(index.contains("<html lang=\"fr\">") && index.contains("4 articles, 1 en échec"), "{index}");
    assert!(index.contains(">OpenAI et SoftBank investissent massivement"), "{index}");
    assert!(index.contains("Erreurs") && index.contains("blank.txt"), "{index}");
    assert!(!index.contains("<script"), "{index}");
    // Run again: the pages are up to date and not read again; the index still
    // links them, without their counts (nor their language: the frame is English).
    let again = run();
    let mut got = links(&again);
    got.sort();
    assert_eq!(got, ["a.html", "index.txt.html", "sub%20dir/b.html"], "{again}");
    assert_eq!(again.matches("up to date, not read again").count(), 3, "{again}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_page_is_escaped_in_the_report() {
    for file in ["tests/data/hostile.html", "tests/data/hostile.txt"] {
        let page = stdout(&abrege(&["--format", "html", file]));
        assert_eq!(page.matches("<script>").count(), 1, "{file}");
        for raw in ["<img", "<svg", "<iframe", "<a ", "href=\"javascript", "</style></p>", "<script>document"] {
            assert!(!page.contains(raw), "{file}: {raw}");
        }
        assert!(page.contains("&lt;script&gt;document.documentElement.setAttribute("), "{file}");
        assert!(page.contains("&lt;/style&gt;&lt;/p&gt;"), "{file}");
    }
}
