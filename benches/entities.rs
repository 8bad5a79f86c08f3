//! Entity extraction benchmark: throughput of the recogniser (gazetteer scan and unknown-name
//! detection) on the synthetic plain-text corpus, with a gazetteer of at least 5,000 names,
//! in MB/s per core, and the time to build the corpus-wide index on all cores.
//!
//! `cargo bench --bench entities` (options after `--`: `--size 100000 --runs 3`, and
//! `--work scan,detection,both,aho-corasick,cooccurrence` to measure only some of the work, e.g. under a
//! profiler;
//! `--corpus DIR` reads a corpus of one's own instead of the synthetic one;
//! `--dump FILE` writes every name the reader's recogniser finds, one line per name, so that
//! two builds can be compared byte for byte).
//!
//! The `aho-corasick` rows are a yardstick, not newsdesk's work: the crate's own fastest
//! search (a DFA, leftmost-longest, case-sensitive) for the gazetteer's names over the same
//! text, reporting every match with no word boundaries and no detection; once with the first
//! 1,000 names, as the issue's own measurement had, and once with all of them.

// Benchmark arithmetic turns counts into floating-point rates; precision is not at stake.
#![allow(clippy::cast_precision_loss)]

#[path = "support/measure.rs"]
mod measure;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::time::Instant;

use newsdesk::corpus::{Corpus, LoadOptions, Location, load};
use newsdesk::entities::{EntityIndex, Entry, Gazetteer, Kind, Recogniser, WordLists};

/// The allocator the `newsdesk` binary uses, so that the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let size: u64 = measure::list_arg(&args, "--size").and_then(|s| s[0].parse().ok()).unwrap_or(100_000);
    let runs: usize = measure::list_arg(&args, "--runs").and_then(|r| r[0].parse().ok()).unwrap_or(3);
    let work = measure::list_arg(&args, "--work").unwrap_or_else(|| {
        ["scan", "detection", "both", "aho-corasick", "cooccurrence"].into_iter().map(String::from).collect()
    });
    let dir = match measure::list_arg(&args, "--corpus") {
        Some(dir) => std::path::PathBuf::from(&dir[0]),
        None => synthetic::corpus(synthetic::Format::Text, size).expect("write the corpus"),
    };
    let corpus = load(&[Location::Path(dir)], &LoadOptions::default(), &|_| {});
    let bytes: usize = corpus.articles().iter().map(|a| a.text.len()).sum();
    let mb = bytes as f64 / 1e6;

    let gazetteer = big_gazetteer();
    let names: usize = gazetteer.entries().iter().map(|e| 1 + e.aliases.len()).sum();
    let lists = WordLists::builtin();
    let build = Instant::now();
    let both = Recogniser::new(gazetteer.clone(), &lists, true);
    eprintln!("recogniser built in {:.1} ms", build.elapsed().as_secs_f64() * 1000.0);
    let known_only = Recogniser::new(gazetteer, &lists, false);
    let detect_only = Recogniser::new(Gazetteer::default(), &lists, true);

    if let Some(path) = measure::list_arg(&args, "--dump") {
        dump(&corpus, &both, &path[0]);
    }
    println!(
        "{} articles, {mb:.0} MB of clean text; gazetteer of {} entities, {names} names",
        corpus.articles().len(),
        both.gazetteer().entries().len()
    );
    println!("| work | one core MB/s | both cores: index build ms | both cores MB/s |");
    println!("|---|---:|---:|---:|");
    for (key, what, recogniser) in [
        ("scan", "gazetteer scan", &known_only),
        ("detection", "unknown-name detection", &detect_only),
        ("both", "both (the reader's)", &both),
    ] {
        if !work.iter().any(|w| w == key) {
            continue;
        }
        let single = measure::median((0..runs).map(|_| single_core_seconds(&corpus, recogniser)));
        let parallel = measure::median((0..runs).map(|_| {
            let start = Instant::now();
            let index = EntityIndex::build(corpus.articles(), recogniser);
            std::hint::black_box(index.entities().len());
            start.elapsed().as_secs_f64()
        }));
        println!("| {what} | {:.0} | {:.0} | {:.0} |", mb / single, parallel * 1000.0, mb / parallel);
    }
    if work.iter().any(|w| w == "cooccurrence") {
        cooccurrence_row(&corpus, &both, runs);
    }
    if work.iter().any(|w| w == "aho-corasick") {
        let names: Vec<&str> = both
            .gazetteer()
            .entries()
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
            .map(String::as_str)
            .collect();
        let mut counts = vec![1_000.min(names.len()), names.len()];
        counts.dedup();
        for count in counts {
            let (seconds, matches) = automaton_alone(&corpus, &names[..count], runs);
            println!(
                "| aho-corasick alone (DFA, every match), {count} names: {:.1} bytes a match | {:.0} | – | – |",
                bytes as f64 / matches as f64,
                mb / seconds
            );
        }
    }
}

/// Median seconds, on this thread alone, for aho-corasick's own search for `names` over every
/// article's text (a DFA, leftmost-longest, case-sensitive: every match, no word boundaries),
/// and how many matches it finds.
fn automaton_alone(corpus: &Corpus, names: &[&str], runs: usize) -> (f64, usize) {
    let automaton = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(names)
        .expect("the gazetteer's names build an automaton");
    let mut matches = 0;
    let seconds = measure::median((0..runs).map(|_| {
        let start = Instant::now();
        matches = corpus.articles().iter().map(|a| automaton.find_iter(&a.text).count()).sum();
        start.elapsed().as_secs_f64()
    }));
    (seconds, matches)
}

/// Seconds to recognise every article's text on this thread alone.
fn single_core_seconds(corpus: &Corpus, recogniser: &Recogniser) -> f64 {
    let start = Instant::now();
    let mut found = 0;
    for article in corpus.articles() {
        found += recogniser.article(article).len();
    }
    std::hint::black_box(found);
    start.elapsed().as_secs_f64()
}

/// Writes every name `recogniser` finds in `corpus` to `path`: article, byte range, target.
fn dump(corpus: &Corpus, recogniser: &Recogniser, path: &str) {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (n, article) in corpus.articles().iter().enumerate() {
        for found in recogniser.article(article) {
            let _ = writeln!(out, "{n} {:?} {:?}", found.range, found.target);
        }
    }
    std::fs::write(path, out).expect("write the dump");
}

/// The built-in gazetteer, with invented people and companies added until it holds at least
/// 5,000 names (deterministic).
fn big_gazetteer() -> Gazetteer {
    let mut gazetteer = Gazetteer::builtin();
    let syllables = ["ka", "lo", "mi", "ren", "to", "sa", "vi", "dor", "el", "nu", "pra", "zen", "qua", "bel", "tir"];
    let name = |i: usize, j: usize| {
        let mut word: String = syllables[i % syllables.len()].to_owned()
            + syllables[j % syllables.len()]
            + syllables[(i + j) % syllables.len()];
        word[..1].make_ascii_uppercase();
        word
    };
    let mut extra = Vec::new();
    let mut i = 0;
    while gazetteer.entries().iter().map(|e| 1 + e.aliases.len()).sum::<usize>() + extra.len() * 2 < 5_200 {
        let (first, last) = (name(i, i / 7), name(i / 3, i + 5));
        let kind = if i % 3 == 0 { Kind::Organisation } else { Kind::Person };
        let full = if kind == Kind::Person { format!("{first} {last}") } else { format!("{last} Holdings") };
        extra.push(Entry { aliases: vec![format!("{full} Group")], name: full, kind, not_after: Vec::new() });
        i += 1;
    }
    gazetteer.merge(Gazetteer::from_entries(extra));
    gazetteer
}

/// Who appears with whom, as the reader's `w` and the CLI's `--with` and `--edges` ask: worked
/// out on demand from the index, for the most named entity (the worst case), and every pair.
fn cooccurrence_row(corpus: &Corpus, both: &Recogniser, runs: usize) {
    // Who appears with whom, as the reader's `w` and the CLI's --with and --edges ask:
    // worked out on demand from the index, for the most named entity (the worst case).
    let index = EntityIndex::build(corpus.articles(), both);
    let most = (0..index.entities().len())
        .max_by_key(|&i| index.entities()[i].articles.len())
        .map(|i| newsdesk::entities::EntityId(i as u32))
        .expect("entities");
    let named_in = index.entity(most).articles.len();
    // Each article's entities, sorted and each once, as the search haystacks hold them.
    let lists: Vec<Vec<newsdesk::entities::EntityId>> = (0..index.len()).map(|a| index.entity_ids(a)).collect();
    let partners = measure::median((0..runs).map(|_| {
        let start = Instant::now();
        let of = |a: usize| lists[a].as_slice();
        std::hint::black_box(newsdesk::entities::cooccurrence::partners_from(&index, most, &of).len());
        start.elapsed().as_secs_f64()
    }));
    let edges = measure::median((0..runs.min(2)).map(|_| {
        let start = Instant::now();
        std::hint::black_box(newsdesk::entities::cooccurrence::edges(&index, 2).len());
        start.elapsed().as_secs_f64()
    }));
    println!();
    println!(
        "Co-occurrence: the partners of the most named entity ({named_in} articles) in {:.1} ms; every pair named \
         together twice or more in {:.0} ms.",
        partners * 1000.0,
        edges * 1000.0
    );
}
