//! Search benchmark: for each keystroke of a typed query, the time to the first results and to
//! the complete ranking at 10k, 100k and 1M articles, on one core and on two, through the
//! reader's own search session (which re-scores only the previous matches as the query narrows)
//! and without narrowing; beside it, a plain scan of every title by fuzzy-matcher's skim matcher
//! (what the reader uses) and, as a comparison only, by nucleo-matcher. Last, a whole-body
//! substring search (`body:"…"`) over the full-text corpora.
//!
//! `cargo bench --bench search` (options after `--`: `--size 10000,100000 --runs 5
//! --query "trade minister"`). 10k and 100k are the synthetic plain-text corpora of the load
//! benchmark (2–5 KB articles); sizes above 100k are headline records (the title, date, source
//! and author of the same synthetic articles with only their first sentence as the body) in one
//! JSON Lines file, written once under `target/bench-corpus/`. Medians of `--runs` runs (at most
//! 3 above 100k); each run types the query afresh into a new session.

// Benchmark arithmetic turns counts into floating-point rates; precision is not at stake.
#![allow(clippy::cast_precision_loss)]

#[path = "support/measure.rs"]
mod measure;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::cell::RefCell;
use std::error::Error;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use newsdesk::corpus::{LoadOptions, Location};
use newsdesk::entities::Recogniser;
use newsdesk::library::{Haystacks, Library};
use newsdesk::query::Query;
use newsdesk::search::session::Session;
use newsdesk::search::{FIRST_RESULTS_AFTER, Hit, Prepared, rank, search};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use rayon::ThreadPool;
use rayon::prelude::*;

/// The allocator the `newsdesk` binary uses, so that the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The query typed, one character at a time: two words of the synthetic corpus's headlines
/// ("ministry" is in its vocabulary, "minister" fuzzily matches it and a few other titles).
const QUERY: &str = "trade minister";
/// The whole-body search: a phrase the synthetic bodies hold now and then.
const BODY_QUERY: &str = "body:\"critical minerals\"";
/// The thread counts compared: one core, and both cores of the machine.
const THREADS: [usize; 2] = [1, 2];
/// Titles scored per parallel chunk in the titles-only scans (the reader's wave).
const CHUNK: usize = 8192;
/// The largest size read from the full-text corpus; larger sizes are headline records.
const FULL_TEXT_UP_TO: u64 = 100_000;

thread_local! {
    /// Each pool thread's own nucleo matcher (it holds scratch memory), made once as a real
    /// integration would keep it.
    static NUCLEO: RefCell<Matcher> = RefCell::new(Matcher::new(Config::DEFAULT));
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes: Vec<u64> = measure::list_arg(&args, "--size")
        .map_or_else(|| vec![10_000, 100_000, 1_000_000], |s| s.iter().filter_map(|n| n.parse().ok()).collect());
    let runs: usize = measure::list_arg(&args, "--runs").and_then(|r| r[0].parse().ok()).unwrap_or(5);
    let text = measure::list_arg(&args, "--query").map_or_else(|| QUERY.to_owned(), |q| q.join(","));
    let pools: Vec<(usize, ThreadPool)> = THREADS
        .iter()
        .map(|&n| Ok((n, rayon::ThreadPoolBuilder::new().num_threads(n).build()?)))
        .collect::<Result<_, rayon::ThreadPoolBuildError>>()?;
    let started = Instant::now();

    println!(
        "Query typed: `{text}`. Times in ms, medians, as `1 thread / 2 threads`. *First results*: when the \
         session reported its best so far (after {} ms, or sooner when the next wave would end past 1.5 times \
         that), or when it finished. \
         *Complete*: the whole ranking, through the reader's session (candidates narrowed, terms' scores kept \
         between keystrokes). *Without narrowing*: the same query ranked afresh over every story; *of which \
         preparing*: matching it against every source (entities and titles are matched as stories are scored). \
         *skim* / *nucleo titles*: every title scored and the matches sorted, nothing else.",
        FIRST_RESULTS_AFTER.as_millis()
    );
    let mut body_rows = Vec::new();
    for &size in &sizes {
        let load_started = Instant::now();
        let corpus = corpus(size)?;
        let load_s = load_started.elapsed().as_secs_f64();
        let runs = if size > FULL_TEXT_UP_TO { runs.min(3) } else { runs }.max(1);
        let text_mb = corpus.articles().iter().map(|a| a.text.len()).sum::<usize>() as f64 / 1e6;
        println!();
        println!(
            "### {} articles ({}, {text_mb:.0} MB of text, {} entities; loaded in {load_s:.1} s)",
            corpus.articles().len(),
            if size > FULL_TEXT_UP_TO { "headline records" } else { "full articles" },
            corpus.entities().entities().len(),
        );
        println!();
        keystroke_table(&corpus, &text, &pools, runs);
        if size <= FULL_TEXT_UP_TO {
            body_rows.push(body_row(&corpus, text_mb, &pools, runs));
        }
    }
    if !body_rows.is_empty() {
        println!();
        println!("### Whole-body substring search: `{BODY_QUERY}`");
        println!();
        println!(
            "| articles | MB of text | matches | first search ms (builds lower-cased bodies) | later searches ms |"
        );
        println!("|---:|---:|---:|---:|---:|");
        for row in body_rows {
            println!("{row}");
        }
    }
    eprintln!("search benchmark done in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The corpus of `size` articles: the full-text corpus up to [`FULL_TEXT_UP_TO`], headline
/// records above, loaded as the reader loads (entities recognised).
fn corpus(size: u64) -> io::Result<Library> {
    let dir = if size > FULL_TEXT_UP_TO { headlines(size)? } else { synthetic::corpus(synthetic::Format::Text, size)? };
    let corpus = Library::load(&[Location::Path(dir)], &LoadOptions::default(), Some(&Recogniser::builtin()), &|_| {});
    if !corpus.report().is_clean() || corpus.articles().len() as u64 != size {
        eprintln!(
            "warning: loaded {} articles of {size}, {} problems",
            corpus.articles().len(),
            corpus.report().problems.len()
        );
    }
    Ok(corpus)
}

/// `count` headline records in one JSON Lines file under `target/bench-corpus/`, written once
/// (on all cores) and reused; a marker file records that it is complete.
fn headlines(count: u64) -> io::Result<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let dir = root.join(format!("headlines-{count}"));
    let marker = root.join(format!("headlines-{count}.done"));
    if !marker.exists() {
        eprintln!("writing {count} headline records to {} ...", dir.display());
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        let mut out = BufWriter::new(fs::File::create(dir.join("headlines.jsonl"))?);
        let mut bytes = 0u64;
        let count = count as usize;
        for start in (0..count).step_by(65_536) {
            let lines: Vec<String> =
                (start..(start + 65_536).min(count)).into_par_iter().map(|i| headline(i as u64)).collect();
            for line in lines {
                bytes += line.len() as u64 + 1;
                writeln!(out, "{line}")?;
            }
        }
        out.flush()?;
        fs::write(&marker, bytes.to_string())?;
    }
    Ok(dir)
}

/// Synthetic article `i` as a headline record: its title, date, source and author, and the
/// first sentence of its body as the text.
fn headline(i: u64) -> String {
    let mut article = synthetic::article(i);
    let first = &article.paragraphs[0];
    let end = first.find(". ").map_or(first.len(), |at| at + 1);
    article.paragraphs = vec![first[..end].to_owned()];
    article.to_json()
}

/// One keystroke's times in ms, for one run on one pool.
#[derive(Clone, Copy, Default)]
struct Times {
    /// Session: the first results (partial or complete).
    first: f64,
    /// Session: the complete ranking.
    complete: f64,
    /// The complete ranking over every article, without narrowing.
    fresh: f64,
    /// Of which preparing the query (matching it against every source and entity name).
    prepare: f64,
    /// Every title scanned by the skim matcher, matches sorted.
    skim: f64,
    /// Every title scanned by nucleo, matches sorted.
    nucleo: f64,
}

/// How many articles or titles one keystroke matched.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    session: usize,
    skim: usize,
    nucleo: usize,
}

/// Types `text` into the corpus `runs` times on each pool and prints a table with a row per
/// keystroke.
fn keystroke_table(corpus: &Library, text: &str, pools: &[(usize, ThreadPool)], runs: usize) {
    let prefixes: Vec<String> = (1..=text.chars().count()).map(|k| text.chars().take(k).collect()).collect();
    let queries: Vec<Query> = prefixes.iter().map(|p| Query::parse(p)).collect();
    // The word index is built once, as the reader's worker does right after the first frame.
    let words_started = Instant::now();
    std::hint::black_box(corpus.words().len());
    println!("Building the word index takes {:.0} ms.", words_started.elapsed().as_secs_f64() * 1000.0);
    let all: Vec<u32> = (0..corpus.articles().len() as u32).collect();
    let titles: Vec<&str> = corpus.articles().iter().map(|a| a.title.as_str()).collect();
    // nucleo matches UTF-32 (or ASCII) text: a real integration converts titles once, at load.
    let titles32: Vec<Utf32String> = titles.iter().map(|&t| Utf32String::from(t)).collect();
    let skim = SkimMatcherV2::default().ignore_case();

    // times[run][pool][keystroke]
    let mut times = vec![vec![vec![Times::default(); prefixes.len()]; pools.len()]; runs];
    let mut counts: Vec<Option<Counts>> = vec![None; prefixes.len()];
    let mut mismatches = Vec::new();
    let mut session_build_ms = vec![Vec::new(); pools.len()];
    for this_run in &mut times {
        for (p, (_, pool)) in pools.iter().enumerate() {
            pool.install(|| {
                let build = Instant::now();
                std::hint::black_box(Haystacks::build(corpus.corpus(), corpus.entities()));
                session_build_ms[p].push(build.elapsed().as_secs_f64() * 1000.0);
                let mut session = Session::new();
                for (k, query) in queries.iter().enumerate() {
                    let (first, complete, typed) =
                        timed(|partial| session.search(corpus, query, &|| false, partial).expect("never stale"));
                    let mut prepare = 0.0;
                    let (_, fresh, whole) = timed(|partial| {
                        let start = Instant::now();
                        let prepared = Prepared::new(corpus, query);
                        prepare = start.elapsed().as_secs_f64() * 1000.0;
                        rank(&prepared, &all, &|| false, partial).expect("never stale")
                    });
                    if *typed != whole[..] {
                        mismatches.push(format!(
                            "`{}`: {} hits typed, {} ranked afresh",
                            prefixes[k],
                            typed.len(),
                            whole.len()
                        ));
                    }
                    let (skim_ms, skim_count) = skim_titles(&skim, &titles, &prefixes[k]);
                    let (nucleo_ms, nucleo_count) = nucleo_titles(&titles32, &prefixes[k]);
                    this_run[p][k] = Times { first, complete, fresh, prepare, skim: skim_ms, nucleo: nucleo_ms };
                    let now = Counts { session: typed.len(), skim: skim_count, nucleo: nucleo_count };
                    assert!(counts[k].is_none_or(|c| c == now), "counts differ between runs");
                    counts[k] = Some(now);
                }
            });
        }
    }
    let build: Vec<String> =
        session_build_ms.iter().map(|ms| format!("{:.0}", measure::median(ms.iter().copied()))).collect();
    println!("Building the haystacks (lower-cased titles, entities per article) takes {} ms.", build.join(" / "));
    println!();
    println!(
        "| key | query | matches | first results ms | complete ms | without narrowing ms | of which preparing ms | \
         skim titles ms | nucleo titles ms | title matches skim / nucleo |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (k, prefix) in prefixes.iter().enumerate() {
        let cell = |f: fn(&Times) -> f64| {
            let per_pool: Vec<String> = (0..pools.len())
                .map(|p| format!("{:.1}", measure::median(times.iter().map(|run| f(&run[p][k])))))
                .collect();
            per_pool.join(" / ")
        };
        let c = counts[k].unwrap_or_default();
        println!(
            "| {} | `{prefix}` | {} | {} | {} | {} | {} | {} | {} | {} / {} |",
            k + 1,
            c.session,
            cell(|t| t.first),
            cell(|t| t.complete),
            cell(|t| t.fresh),
            cell(|t| t.prepare),
            cell(|t| t.skim),
            cell(|t| t.nucleo),
            c.skim,
            c.nucleo,
        );
    }
    mismatches.sort();
    mismatches.dedup();
    for m in mismatches {
        println!("\n**Warning**: narrowed and fresh results differ for {m}.");
    }
}

/// Runs a search that reports partial results through its argument; returns the ms to the
/// first results (the partial report, or the end when there was none), the ms to the end and
/// the hits.
fn timed<T>(search: impl FnOnce(&mut dyn FnMut(Vec<Hit>)) -> T) -> (f64, f64, T) {
    let start = Instant::now();
    let mut first = None;
    let hits = search(&mut |best| {
        std::hint::black_box(best);
        first.get_or_insert(start.elapsed());
    });
    let complete = start.elapsed();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    (ms(first.unwrap_or(complete)), ms(complete), hits)
}

/// Scores every title against the query's words with the skim matcher (each word must match,
/// scores add up, as the reader's terms do) on the current pool, and sorts the matches best
/// first; returns the ms taken and the number of matches.
fn skim_titles(matcher: &SkimMatcherV2, titles: &[&str], query: &str) -> (f64, usize) {
    let start = Instant::now();
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut found: Vec<(u32, i64)> = titles
        .par_chunks(CHUNK)
        .enumerate()
        .flat_map_iter(|(c, chunk)| {
            let words = &words;
            chunk.iter().enumerate().filter_map(move |(i, title)| {
                let mut score = 0;
                for word in words {
                    score += matcher.fuzzy_match(title, word)?;
                }
                Some(((c * CHUNK + i) as u32, score))
            })
        })
        .collect();
    found.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    std::hint::black_box(found.first());
    (start.elapsed().as_secs_f64() * 1000.0, found.len())
}

/// Scores every title (converted to UTF-32 at load) against the query with nucleo, one matcher
/// per pool thread, and sorts the matches best first; returns the ms taken and the number of
/// matches.
fn nucleo_titles(titles: &[Utf32String], query: &str) -> (f64, usize) {
    let start = Instant::now();
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut found: Vec<(u32, u32)> = titles
        .par_chunks(CHUNK)
        .enumerate()
        .flat_map_iter(|(c, chunk)| {
            NUCLEO.with_borrow_mut(|matcher| {
                chunk
                    .iter()
                    .enumerate()
                    .filter_map(|(i, title)| {
                        pattern.score(title.slice(..), matcher).map(|s| ((c * CHUNK + i) as u32, s))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    found.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    std::hint::black_box(found.first());
    (start.elapsed().as_secs_f64() * 1000.0, found.len())
}

/// Times the whole-body search on each pool: the first search (which lower-cases every body)
/// on fresh haystacks, then the median of `runs` later ones; a row of the body table.
fn body_row(corpus: &Library, text_mb: f64, pools: &[(usize, ThreadPool)], runs: usize) -> String {
    let query = Query::parse(BODY_QUERY);
    let mut matches = 0;
    let mut first = Vec::new();
    let mut later = Vec::new();
    for (_, pool) in pools {
        pool.install(|| {
            // A library whose haystacks have not lower-cased the bodies yet.
            let mut fresh = Library::new(corpus.corpus().clone());
            fresh.set_entities(corpus.entities().clone());
            let corpus = &fresh;
            let start = Instant::now();
            matches = search(corpus, &query).len();
            first.push(start.elapsed().as_secs_f64() * 1000.0);
            let ms = measure::median((0..runs).map(|_| {
                let start = Instant::now();
                std::hint::black_box(search(corpus, &query).len());
                start.elapsed().as_secs_f64() * 1000.0
            }));
            later.push(ms);
        });
    }
    let join = |v: &[f64]| v.iter().map(|ms| format!("{ms:.0}")).collect::<Vec<_>>().join(" / ");
    format!("| {} | {text_mb:.0} | {matches} | {} | {} |", corpus.articles().len(), join(&first), join(&later))
}
