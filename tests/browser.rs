//! The HTML report in a real browser. The real binary writes the reports of
//! the seed, an HTML sample and two hostile pages (`tests/data/hostile.*`,
//! whose text holds `<script>`, `<img onerror>`, `javascript:` links and
//! `</style>`) into a folder; headless Chromium (the `chromium` system
//! package) loads each and the test reads the DOM it built: the key points
//! highlighted, the ad tail struck through with its reasons, no script of
//! the page run. Screenshots at 360 px and at a desktop width land in
//! `target/tmp/browser/` for someone to look at.
//!
//! Without Chromium the test fails, saying how to install it, unless
//! `ABREGE_SKIP_BROWSER=1`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const INSTALL: &str = "apt-get update && apt-get install -y chromium";

/// What a page's script would set if it ran (the hostile pages' scripts set it).
const MARKER: &str = "data-pwned=\"";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn out_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser")
}

/// The browser: `ABREGE_CHROMIUM`, else the first of the usual names on PATH.
/// None (the caller returns) when absent and `ABREGE_SKIP_BROWSER=1`.
fn chromium() -> Option<&'static Path> {
    static EXE: OnceLock<Option<PathBuf>> = OnceLock::new();
    let exe = EXE.get_or_init(|| {
        if let Some(exe) = std::env::var_os("ABREGE_CHROMIUM") {
            return Some(PathBuf::from(exe));
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
            .iter()
            .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
            .find(|p| p.is_file())
    });
    match exe {
        Some(exe) => Some(exe.as_path()),
        None if std::env::var_os("ABREGE_SKIP_BROWSER").is_some_and(|v| v == "1") => {
            eprintln!("browser tests skipped: no Chromium and ABREGE_SKIP_BROWSER=1");
            None
        }
        None => panic!(
            "the browser tests need headless Chromium and found none on PATH (chromium, chromium-browser, \
             google-chrome): install it with `{INSTALL}` (Debian), or point ABREGE_CHROMIUM at it, or set \
             ABREGE_SKIP_BROWSER=1 to skip these tests"
        ),
    }
}

/// Runs Chromium headless on one page with a fresh profile, no network
/// services, killed after a minute; its standard output.
fn run_chromium(exe: &Path, page: &Path, args: &[&str]) -> String {
    run_chromium_at(exe, page, "", args)
}

/// The same, at `fragment` (`#…` or nothing) of the page's address.
fn run_chromium_at(exe: &Path, page: &Path, fragment: &str, args: &[&str]) -> String {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let profile = out_dir().join(format!("profile-{}", RUN.fetch_add(1, Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&profile);
    let url = format!("file://{}{fragment}", page.canonicalize().expect("page written").display());
    let mut child = Command::new(exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e} (install: {INSTALL})", exe.display()));
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("chromium runs") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish {url} {args:?} within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = reader.join().unwrap();
    assert!(status.success(), "chromium {args:?} {url}: {status}");
    let _ = std::fs::remove_dir_all(&profile);
    out
}

/// The DOM Chromium built for a page, after its scripts ran.
fn dom(exe: &Path, page: &Path) -> String {
    let dom = run_chromium(exe, page, &["--dump-dom"]);
    assert!(dom.contains("<body"), "no DOM for {}: {dom}", page.display());
    dom
}

/// A screenshot of the page's top `height` pixels at `width`, under target/tmp/browser/.
fn screenshot(exe: &Path, page: &Path, name: &str, width: u32, height: u32) {
    let png = out_dir().join(format!("{name}-{width}.png"));
    let _ = std::fs::remove_file(&png);
    run_chromium(exe, page, &[&format!("--screenshot={}", png.display()), &format!("--window-size={width},{height}")]);
    let len = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
    assert!(len > 1000, "no screenshot at {}", png.display());
}

/// The reports of the four inputs and their index, written once by the
/// real binary: (seed, HTML sample, hostile HTML, hostile text, index).
fn reports() -> &'static [PathBuf; 5] {
    static REPORTS: OnceLock<[PathBuf; 5]> = OnceLock::new();
    REPORTS.get_or_init(|| {
        let dir = out_dir().join("reports");
        let _ = std::fs::remove_dir_all(&dir);
        let inputs = [
            "samples/fr/00_seed_stargate.txt",
            "samples/en/03_river_cleanup.html",
            "tests/data/hostile.html",
            "tests/data/hostile.txt",
        ];
        let output = Command::new(env!("CARGO_BIN_EXE_abrege"))
            .current_dir(root())
            .args(["--format", "html", "-q", "-o"])
            .arg(&dir)
            .args(inputs)
            .output()
            .expect("binary runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let names =
            ["00_seed_stargate.html", "03_river_cleanup.html", "hostile.html", "hostile.txt.html", "index.html"];
        names.map(|n| {
            let p = dir.join(n);
            assert!(p.is_file(), "{} not written", p.display());
            p
        })
    })
}

/// The `<li>` of each block, in order, from the `#blocks` list of a DOM.
fn blocks(dom: &str) -> Vec<&str> {
    let list = dom.split("id=\"blocks\"").nth(1).expect("a list of blocks").split("</ol>").next().unwrap();
    list.split("<li ").skip(1).collect()
}

/// The text of the `<mark>` elements of a piece of DOM.
fn marks(dom: &str) -> Vec<&str> {
    dom.split("<mark").skip(1).map(|m| m.split_once('>').unwrap().1.split("</mark>").next().unwrap()).collect()
}

/// The key points highlighted in their list, checked to be the sentences
/// highlighted where they stand among the blocks; and the blocks.
fn key_points(dom: &str) -> (Vec<&str>, Vec<&str>) {
    let points = dom.split("<ol class=\"points\">").nth(1).unwrap().split("</ol>").next().unwrap();
    let key_points = marks(points);
    let blocks = blocks(dom);
    let in_place: Vec<&str> = blocks.iter().flat_map(|b| marks(b)).collect();
    assert_eq!(in_place, key_points, "the key points are not the sentences highlighted in the page");
    (key_points, blocks)
}

/// The filter is shown only by the report's own script: it ran, under the CSP.
fn own_script_ran(dom: &str) -> bool {
    dom.contains("<label class=\"filter\" id=\"filter\">")
}

#[test]
fn seed_report_shows_key_points_and_the_struck_ad_tail() {
    let Some(exe) = chromium() else { return };
    let page = &reports()[0];
    let dom = dom(exe, page);
    // Three key points, the same sentences highlighted where they stand in the page.
    let (key_points, blocks) = key_points(&dom);
    assert_eq!(key_points.len(), 3, "{key_points:?}");
    assert!(key_points[0].starts_with("Selon un rapport du média américain"), "{key_points:?}");
    // The ad tail: from "Partager l'article" on, every block struck through with its reason.
    let tail = blocks.iter().position(|b| b.contains("<s>Partager l'article:</s>")).expect("the share line");
    assert!(blocks.len() - tail > 40, "{} blocks, tail at {tail}", blocks.len());
    for b in &blocks[tail..] {
        assert!(b.starts_with("class=\"block dropped\""), "{b}");
        assert!(
            b.contains("<s>") && b.contains("après la fin de l’article («\u{202f}Partager l'article:\u{202f}»)"),
            "{b}"
        );
        assert!(b.contains("<details class=\"why\"><summary title=\"Après une marque de fin d’article"), "{b}");
    }
    for text in ["VIDÉOS SPONSORISÉES", "OPPO Reno12", "CONTENUS SPONSORISÉS", "A lire également"] {
        assert!(blocks[tail..].iter().any(|b| b.contains(&format!("<s>{text}"))), "{text} not struck through");
    }
    // Kept blocks are plain, with their scores as bars.
    assert_eq!(blocks.iter().filter(|b| b.starts_with("class=\"block kept")).count(), 10);
    assert!(dom.matches("<meter").count() >= 20);
    assert!(own_script_ran(&dom), "the filter script did not run");
    assert!(!dom.contains(MARKER));
    assert!(dom.contains("<ol class=\"blocks\" id=\"blocks\">"), "dropped blocks hidden at first");
    screenshot(exe, page, "seed", 360, 12000);
    screenshot(exe, page, "seed", 1280, 7000);
    // The filter: `#kept` opens the page with the dropped blocks hidden.
    let kept = run_chromium_at(exe, page, "#kept", &["--dump-dom"]);
    assert!(kept.contains("<ol class=\"blocks hide-dropped\" id=\"blocks\">"), "the filter did not apply");
    let png = out_dir().join("seed-kept-360.png");
    run_chromium_at(exe, page, "#kept", &[&format!("--screenshot={}", png.display()), "--window-size=360,5000"]);
    assert!(png.is_file());
}

#[test]
fn html_sample_report_shows_dropped_furniture_with_reasons() {
    let Some(exe) = chromium() else { return };
    let page = &reports()[1];
    let dom = dom(exe, page);
    let (key_points, blocks) = key_points(&dom);
    assert!(!key_points.is_empty());
    let dropped: Vec<&&str> = blocks.iter().filter(|b| b.starts_with("class=\"block dropped\"")).collect();
    assert!(dropped.len() >= 3, "{blocks:#?}");
    for b in dropped {
        let label = b.split("<details class=\"why\"><summary").nth(1).expect("a reason label");
        assert!(label.contains("title=\"") && label.contains(">dropped · "), "{b}");
    }
    assert!(own_script_ran(&dom));
    screenshot(exe, page, "river", 360, 4000);
}

#[test]
fn hostile_pages_run_no_script() {
    let Some(exe) = chromium() else { return };
    let r = reports();
    // The marker works: the hostile page itself, opened as is, runs its scripts.
    assert!(dom(exe, &root().join("tests/data/hostile.html")).contains(MARKER), "the control page set no marker");
    for page in [&r[2], &r[3]] {
        let dom = dom(exe, page);
        assert!(!dom.contains(MARKER), "a script of the page ran in {}:\n{dom}", page.display());
        assert!(!dom.contains("<title>PWNED</title>"));
        // The hostile text is there, as text, in a key point.
        assert!(
            dom.contains("<mark lang=\"fr\">&lt;script&gt;document.documentElement.setAttribute('data-pwned','text-script')&lt;/script&gt;"),
            "{dom}"
        );
        for tag in ["<img", "<iframe", "<svg", "<a ", "<link", "<object", "<embed"] {
            assert!(!dom.contains(tag), "{tag} in {}", page.display());
        }
        assert_eq!(dom.matches("<script").count(), 1, "{dom}");
        assert_eq!(dom.matches("<style").count(), 1, "{dom}");
        assert!(own_script_ran(&dom));
    }
    // The CSP holds even if escaping failed: a script slipped into the report does not run.
    let report = std::fs::read_to_string(&r[2]).unwrap();
    let slipped = report.replace(
        "</main>",
        "<script>document.documentElement.setAttribute('data-pwned','slipped')</script>\
         <img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\"></main>",
    );
    let slipped_page = out_dir().join("slipped.html");
    std::fs::write(&slipped_page, slipped).unwrap();
    let dom = dom(exe, &slipped_page);
    assert!(!dom.contains(MARKER), "the CSP let a slipped script run");
    assert!(own_script_ran(&dom), "the CSP blocked the report's own script");
    screenshot(exe, &r[2], "hostile", 360, 2400);
}

#[test]
fn index_links_every_report() {
    let Some(exe) = chromium() else { return };
    let r = reports();
    let dom = dom(exe, &r[4]);
    let rows: Vec<&str> =
        dom.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap().split("<tr>").skip(1).collect();
    assert_eq!(rows.len(), 4, "{dom}");
    for (row, page) in rows.iter().zip(&r[..4]) {
        let href = row.split("href=\"").nth(1).unwrap().split('"').next().unwrap();
        assert_eq!(r[4].parent().unwrap().join(href), *page, "{row}");
    }
    assert!(rows[0].contains(">OpenAI et SoftBank investissent massivement"), "{}", rows[0]);
    assert!(!dom.contains("<script") && !dom.contains(MARKER));
    screenshot(exe, &r[4], "index", 360, 900);
}
