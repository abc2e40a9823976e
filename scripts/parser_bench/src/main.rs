//! CPU time per page of three HTML parsers on the same pages, each reading
//! every text node (what the blocks stage needs at least):
//! - html5ever through scraper (what abrege uses): the HTML standard's
//!   tokenizer and tree builder, then a walk of the tree;
//! - tl: a fast tree parser that does not follow the standard's tree
//!   construction (no implied end tags, no foster parenting);
//! - lol_html: a streaming rewriter (standard tokenizer, no tree).
//!
//! usage: cargo run --release -- PAGES.jsonl   (lines with an "html" field)

use std::hint::black_box;

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace().next().and_then(|n| n.parse::<f64>().ok()).unwrap_or(0.0) / 1e9
}

fn html5ever(page: &str) -> usize {
    let doc = scraper::Html::parse_document(page);
    doc.tree.values().map(|n| if let scraper::Node::Text(t) = n { t.len() } else { 0 }).sum()
}

fn tl(page: &str) -> usize {
    let Ok(dom) = tl::parse(page, tl::ParserOptions::default()) else { return 0 };
    dom.nodes().iter().map(|n| if let tl::Node::Raw(b) = n { b.as_bytes().len() } else { 0 }).sum()
}

fn lol_html(page: &str) -> usize {
    use lol_html::{HtmlRewriter, Settings, text};
    let mut total = 0;
    let mut rewriter = HtmlRewriter::new(
        Settings {
            element_content_handlers: vec![text!("*", |t| {
                total += t.as_str().len();
                Ok(())
            })],
            ..Settings::new()
        },
        |_: &[u8]| {},
    );
    if rewriter.write(page.as_bytes()).is_err() || rewriter.end().is_err() {
        return 0;
    }
    total
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: parser_bench PAGES.jsonl");
    let pages: Vec<String> = std::fs::read_to_string(&path)
        .expect("readable file")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["html"].as_str().map(str::to_string))
        .collect();
    println!("{} pages", pages.len());
    type Parse = fn(&str) -> usize;
    let parsers: [(&str, Parse); 3] = [("html5ever (scraper)", html5ever), ("tl", tl), ("lol_html", lol_html)];
    for (name, parse) in parsers {
        parse(&pages[0]);
        let start = cpu_seconds();
        let text: usize = pages.iter().map(|p| black_box(parse(p))).sum();
        let per_page = (cpu_seconds() - start) * 1000.0 / pages.len() as f64;
        println!("{name:20} {per_page:6.2} ms CPU per page  ({text} bytes of text nodes)");
    }
}
