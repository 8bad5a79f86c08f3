//! Loading benchmark: synthetic corpora of 1k, 10k and 100k articles in each format, loaded by
//! `newsdesk::corpus::load`, beside the time to merely read the same bytes.
//!
//! `cargo bench --bench load` (all sizes and formats), or with options after `--`:
//! `--sizes 1000,10000 --formats txt,jsonl --runs 5`. With `--cache`, the on-disk cache
//! instead: reading the bytes, a cold load (no cache), and a warm one (the cache written by a
//! load before, the files unchanged), each to the names found, side by side. Each measurement runs in a fresh child
//! process, so that its peak memory (`VmHWM`) is its own; the page cache is warmed first, so the
//! times are of reading from memory, not disk. Medians are reported.

// Benchmark arithmetic turns counts into floating-point rates; precision is not at stake.
#![allow(clippy::cast_precision_loss, clippy::cast_sign_loss, clippy::cast_possible_truncation)]

#[path = "support/measure.rs"]
mod measure;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use newsdesk::cache::Cache;
use newsdesk::corpus::{LoadOptions, Location};
use newsdesk::entities::Recogniser;
use newsdesk::library::Library;
use synthetic::Format;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1], Path::new(&args[i + 2]));
        return;
    }
    let sizes =
        measure::list_arg(&args, "--sizes").unwrap_or_else(|| vec!["1000".into(), "10000".into(), "100000".into()]);
    let formats = measure::list_arg(&args, "--formats")
        .unwrap_or_else(|| Format::ALL.iter().map(|f| f.name().to_owned()).collect());
    let runs: usize = measure::list_arg(&args, "--runs").and_then(|r| r[0].parse().ok()).unwrap_or(5);
    if args.iter().any(|a| a == "--cache") {
        cache_table(&formats, &sizes, runs);
        return;
    }

    println!(
        "| format | articles | corpus MB | read ms | load ms | load/read | articles/s | MB/s | peak RSS MB | RSS/corpus |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    each_corpus(&formats, &sizes, (runs, false), |format, dir, runs| {
        let read: Vec<Sample> = (0..runs).map(|_| run_child("read", dir)).collect();
        let loads: Vec<Sample> = (0..runs).map(|_| run_child("load", dir)).collect();
        let bytes = read[0].bytes as f64;
        let read_ms = measure::median(read.iter().map(|s| s.ms));
        let load_ms = measure::median(loads.iter().map(|s| s.ms));
        let peak_mb = measure::median(loads.iter().map(|s| s.peak_kb as f64 / 1024.0));
        println!(
            "| {} | {} | {:.0} | {:.0} | {:.0} | {:.2} | {:.0} | {:.0} | {:.0} | {:.2} |",
            format.name(),
            loads[0].articles,
            bytes / 1e6,
            read_ms,
            load_ms,
            load_ms / read_ms,
            loads[0].articles as f64 / (load_ms / 1000.0),
            bytes / 1e6 / (load_ms / 1000.0),
            peak_mb,
            peak_mb * 1024.0 * 1024.0 / bytes,
        );
    });
}

/// Runs `measure` on each synthetic corpus (made if need be, its files in the page cache),
/// with how many runs to make of it (at most 3 of the largest, unless `all_runs`).
fn each_corpus(
    formats: &[String],
    sizes: &[String],
    (runs, all_runs): (usize, bool),
    mut measure: impl FnMut(Format, &Path, usize),
) {
    for format in formats.iter().filter_map(|f| Format::parse(f)) {
        for size in sizes.iter().filter_map(|s| s.parse::<u64>().ok()) {
            let dir = synthetic::corpus(format, size).expect("write the corpus");
            run_child("read", &dir); // warm the page cache
            measure(format, &dir, if size >= 100_000 && !all_runs { runs.min(3) } else { runs });
        }
    }
}

/// Cold and warm loads (to the names found) beside the read floor.
fn cache_table(formats: &[String], sizes: &[String], runs: usize) {
    println!(
        "| format | articles | corpus MB | cache MB | read ms | read+hold ms | cold ms | warm ms | warm/read | warm/read+hold | cold/warm | warm peak RSS MB |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    each_corpus(formats, sizes, (runs, true), |format, dir, runs| {
        let _ = std::fs::remove_dir_all(cache_folder());
        run_child("warm", dir); // writes the cache
        let cache_bytes: u64 = std::fs::read_dir(cache_folder()).map_or(0, |entries| {
            entries.filter_map(Result::ok).filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()
        });
        let mut read = Vec::new();
        let mut hold = Vec::new();
        let mut cold = Vec::new();
        let mut warm = Vec::new();
        // Interleaved, so that the machine's moods fall on all three alike.
        for _ in 0..runs {
            read.push(run_child("read", dir));
            hold.push(run_child("hold", dir));
            cold.push(run_child("load", dir));
            warm.push(run_child("warm", dir));
        }
        let bytes = read[0].bytes as f64;
        let read_ms = measure::median(read.iter().map(|s| s.ms));
        let hold_ms = measure::median(hold.iter().map(|s| s.ms));
        let cold_ms = measure::median(cold.iter().map(|s| s.ms));
        let warm_ms = measure::median(warm.iter().map(|s| s.ms));
        let peak_mb = measure::median(warm.iter().map(|s| s.peak_kb as f64 / 1024.0));
        println!(
            "| {} | {} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.2} | {:.2} | {:.1} | {:.0} |",
            format.name(),
            warm[0].articles,
            bytes / 1e6,
            cache_bytes as f64 / 1e6,
            read_ms,
            hold_ms,
            cold_ms,
            warm_ms,
            warm_ms / read_ms,
            warm_ms / hold_ms,
            cold_ms / warm_ms,
            peak_mb,
        );
    });
}

/// Where the bench keeps its caches.
fn cache_folder() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cache")
}

/// One measurement, as a child process reports it.
struct Sample {
    ms: f64,
    peak_kb: u64,
    articles: usize,
    bytes: u64,
}

fn run_child(what: &str, dir: &Path) -> Sample {
    let exe = std::env::current_exe().expect("own path");
    let output = Command::new(exe).args(["--child", what]).arg(dir).output().expect("run the child");
    assert!(output.status.success(), "child failed: {}", String::from_utf8_lossy(&output.stderr));
    let line = String::from_utf8(output.stdout).expect("utf-8");
    let fields: Vec<f64> = line.split_whitespace().map(|f| f.parse().expect("number")).collect();
    Sample { ms: fields[0], peak_kb: fields[1] as u64, articles: fields[2] as usize, bytes: fields[3] as u64 }
}

/// In the child: read or load `dir`, print `ms peak_kb articles bytes`.
fn child(what: &str, dir: &Path) {
    let start = Instant::now();
    let (articles, bytes) = if what == "read" {
        measure::read_all(dir)
    } else if what == "hold" {
        measure::read_and_hold(dir)
    } else if what == "warm" {
        let inputs = [Location::Path(dir.to_path_buf())];
        let cache = Cache::in_folder(&cache_folder(), &inputs);
        let library = Library::open(&inputs, &LoadOptions::default(), Some(&Recogniser::builtin()), cache, &|_| {});
        assert!(library.take_cache_note().is_none(), "the cache is sound");
        (library.articles().len(), library.report().bytes_read)
    } else {
        let recogniser = Recogniser::builtin();
        let corpus =
            Library::load(&[Location::Path(dir.to_path_buf())], &LoadOptions::default(), Some(&recogniser), &|_| {});
        assert!(corpus.report().is_clean(), "{:?}", &corpus.report().problems[..1]);
        (corpus.articles().len(), corpus.report().bytes_read)
    };
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    println!("{ms} {} {articles} {bytes}", measure::peak_rss_kb());
}

/// The allocator the `newsdesk` binary uses, so that the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
