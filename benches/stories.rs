//! Story detection benchmark: the time to group 1k, 10k and 100k synthetic articles into
//! stories (the reader does it in the background after the names), its growth per tenfold
//! corpus (near 10× is linear; all pairs would be 100×), and the memory it takes at its peak
//! (resident memory above what the loaded library holds: what the process grows by; the
//! allocator reuses pages the load freed, so the term vectors' own size, at most 40 × 16 bytes
//! an article, is the upper bound to quote beside it) beside the corpus's bytes of text.
//!
//! `cargo bench --bench stories` (options after `--`: `--sizes 1000,10000,100000`, `--runs 3`,
//! `--corpus DIR` to measure a corpus of one's own, e.g. a real one from docs/real-corpora.md).

// Benchmark arithmetic turns counts into floating-point rates; precision is not at stake.
#![allow(clippy::cast_precision_loss)]

#[path = "support/measure.rs"]
mod measure;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use newsdesk::corpus::{LoadOptions, Location};
use newsdesk::entities::Recogniser;
use newsdesk::library::Library;

/// The allocator the `newsdesk` binary uses, so that the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// This process's resident memory now, in KiB (Linux `VmRSS`; 0 where unknown).
fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Starts the peak resident memory (`VmHWM`) afresh from what is resident now (Linux 4.0+).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The most a term vector takes: 40 terms of a hash and a weight.
const VECTOR_BYTES: usize = 40 * 16;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = measure::list_arg(&args, "--runs").and_then(|r| r[0].parse().ok()).unwrap_or(3);
    let corpora: Vec<(String, PathBuf)> = match measure::list_arg(&args, "--corpus") {
        Some(dirs) => dirs.into_iter().map(|d| (d.clone(), PathBuf::from(d))).collect(),
        None => measure::list_arg(&args, "--sizes")
            .unwrap_or_else(|| vec!["1000".into(), "10000".into(), "100000".into()])
            .into_iter()
            .map(|n| {
                let count: u64 = n.parse().expect("--sizes takes numbers");
                (n, synthetic::corpus(synthetic::Format::Text, count).expect("write the corpus"))
            })
            .collect(),
    };
    println!(
        "| articles | MB of text | stories | median s | µs per article | growth | RSS growth MB | growth / text | vectors ≤ MB |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut previous: Option<(usize, f64)> = None;
    for (name, dir) in corpora {
        let library =
            Library::load(&[Location::Path(dir)], &LoadOptions::default(), Some(&Recogniser::builtin()), &|_| {});
        let articles = library.articles().len();
        let text: usize = library.articles().iter().map(|a| a.text.len()).sum();
        let mut times = Vec::new();
        let (mut stories, mut peak) = (0, 0u64);
        for _ in 0..runs {
            reset_peak();
            let base = rss_kb();
            let start = Instant::now();
            let found = library.find_stories(&|_| {}, &AtomicBool::new(false)).expect("not stopped");
            times.push(start.elapsed().as_secs_f64());
            peak = peak.max(measure::peak_rss_kb().saturating_sub(base) * 1024);
            stories = found.stories.len();
        }
        let median = measure::median(times.into_iter());
        // Per tenfold: the time ratio scaled to a tenfold step of articles.
        let growth = previous.map_or_else(
            || "–".to_owned(),
            |(n, t)| format!("{:.1}× per 10×", (median / t).powf(1.0 / (articles as f64 / n as f64).log10())),
        );
        println!(
            "| {name} ({articles}) | {:.1} | {stories} | {median:.3} | {:.1} | {growth} | {:.1} | {:.2} | {:.0} |",
            text as f64 / 1e6,
            median * 1e6 / articles as f64,
            peak as f64 / 1e6,
            peak as f64 / text as f64,
            (articles * VECTOR_BYTES) as f64 / 1e6,
        );
        previous = Some((articles, median));
    }
}
