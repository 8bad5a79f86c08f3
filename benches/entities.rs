//! Entity extraction benchmark: throughput of the recogniser (gazetteer scan and unknown-name
//! detection) on the synthetic plain-text corpus, with a gazetteer of at least 5,000 names,
//! in MB/s per core, and the time to build the corpus-wide index on all cores.
//!
//! `cargo bench --bench entities` (options after `--`: `--size 100000 --runs 3`, and
//! `--work scan,detection,both,aho-corasick,cooccurrence,corrections` to measure only some of the work,
//! e.g. under a profiler;
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
    if work.iter().any(|w| w == "corrections") {
        corrections_row(corpus, &both, runs);
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

/// Corrections (`corrections.toml`) on the corpus's most named entities, a worst case: five
/// merges of the top ten into one another, five renames, five kinds changed and five entities
/// ignored, so that most articles are rewritten. Times working out what they do, the corrected
/// copy, the library taking them (search's haystacks made anew), and an article appended then;
/// the copy's size.
fn corrections_row(corpus: Corpus, both: &Recogniser, runs: usize) {
    use newsdesk::entities::corrections::{Correction, Corrections, EntityKey};
    let mut library = newsdesk::library::Library::with_entities(corpus, both, &|_| {});
    let last = library.articles().len() - 1;
    let found = library.entities_as_found().clone();
    let mut top: Vec<&newsdesk::entities::Entity> = found.entities().iter().filter(|e| e.mentions > 0).collect();
    top.sort_by_key(|e| std::cmp::Reverse(e.mentions));
    let key = |e: &newsdesk::entities::Entity| EntityKey::of(e);
    let mut chosen = Vec::new();
    for pair in top[..10].chunks(2) {
        chosen.push(Correction::Merge { into: key(pair[0]), names: vec![key(pair[1])] });
    }
    for (i, e) in top[10..15].iter().enumerate() {
        chosen.push(Correction::Rename { entity: key(e), to: format!("Renamed {i}") });
    }
    for e in &top[15..20] {
        chosen.push(Correction::Kind { entity: key(e), to: Kind::Other });
    }
    for e in &top[20..25] {
        chosen.push(Correction::Ignore { entity: key(e) });
    }
    let corrections = Corrections::from(chosen);
    let touched: usize = top[..25].iter().map(|e| e.articles.len()).sum();
    let plan_s = measure::median((0..runs).map(|_| {
        let start = Instant::now();
        std::hint::black_box(corrections.plan(found.entities()).matched());
        start.elapsed().as_secs_f64()
    }));
    let plan = corrections.plan(found.entities());
    let apply_s = measure::median((0..runs).map(|_| {
        let start = Instant::now();
        std::hint::black_box(plan.apply(&found).map(|i| i.len()));
        start.elapsed().as_secs_f64()
    }));
    std::hint::black_box(library.haystacks().entities_of(0).len());
    let set_s = measure::median((0..runs).map(|n| {
        let start = Instant::now();
        library.set_corrections(if n % 2 == 0 { corrections.clone() } else { Corrections::default() });
        start.elapsed().as_secs_f64()
    }));
    // One article appended, as a live folder does: its names found (then corrected alone),
    // without corrections and with them.
    let mut append_s = [0.0; 2];
    for (with, seconds) in append_s.iter_mut().enumerate() {
        library.set_corrections(if with == 1 { corrections.clone() } else { Corrections::default() });
        let dir = std::env::temp_dir().join(format!("newsdesk-bench-corrections-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder for the appended article");
        let article = &library.articles()[last];
        std::fs::write(dir.join("again.txt"), format!("{}\n\n{}\n", article.title, article.text)).expect("written");
        let one = load(&[Location::Path(dir.clone())], &LoadOptions::default(), &|_| {});
        let _ = std::fs::remove_dir_all(&dir);
        let start = Instant::now();
        library.append(one, Some(both));
        *seconds = start.elapsed().as_secs_f64();
    }
    let bytes = index_bytes(library.entities());
    println!();
    println!(
        "Corrections (25, on the most named entities; {touched} article mentions of them): worked out in {:.1} ms, \
         the corrected copy in {:.0} ms, taken by the library (search's entity lists anew) in {:.0} ms; an article \
         appended and its names found in {:.1} ms without corrections, {:.1} ms with them. The copy holds about \
         {:.0} MB.",
        plan_s * 1000.0,
        apply_s * 1000.0,
        set_s * 1000.0,
        append_s[0] * 1000.0,
        append_s[1] * 1000.0,
        bytes as f64 / 1e6
    );
}

/// About how many bytes an index holds: mentions, entity tables (names, forms, article lists).
fn index_bytes(index: &EntityIndex) -> usize {
    let mention = std::mem::size_of::<newsdesk::entities::Mention>();
    let vec = std::mem::size_of::<Vec<u8>>();
    let mentions: usize =
        (0..index.len()).map(|a| (index.mentions(a).len() + index.title_mentions(a).len()) * mention + 2 * vec).sum();
    let entities: usize = index
        .entities()
        .iter()
        .map(|e| {
            std::mem::size_of::<newsdesk::entities::Entity>()
                + e.name.len()
                + e.aliases_seen.iter().map(|a| a.len() + vec).sum::<usize>()
                + e.articles.len() * 8
        })
        .sum();
    mentions + entities
}
