//! Measuring helpers shared by the benchmarks: medians, peak memory, argument lists.
#![allow(dead_code)]

use std::path::Path;

/// The median of some numbers.
pub fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 { values[n / 2] } else { f64::midpoint(values[n / 2 - 1], values[n / 2]) }
}

/// This process's peak resident memory in KiB (Linux `VmHWM`; 0 where unknown).
pub fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Every file under `dir`.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Reads every file under `dir` into memory (the bytes are dropped as they are counted) on
/// all cores, as the loader does: the floor any loader stands on.
pub fn read_all(dir: &Path) -> (usize, u64) {
    use rayon::prelude::*;
    let files = files_under(dir);
    let bytes = files.par_iter().map(|f| std::fs::read(f).map_or(0, |b| b.len() as u64)).sum();
    (files.len(), bytes)
}

/// Reads every file under `dir` into memory and keeps the bytes until every file is read, on
/// all cores: the floor of any load that holds the text, as the page faults of fresh memory are
/// paid too.
pub fn read_and_hold(dir: &Path) -> (usize, u64) {
    use rayon::prelude::*;
    let files = files_under(dir);
    let held: Vec<Vec<u8>> = files.par_iter().map(|f| std::fs::read(f).unwrap_or_default()).collect();
    (files.len(), held.iter().map(|b| b.len() as u64).sum())
}

/// The comma-separated values of `--name a,b,c`.
pub fn list_arg(args: &[String], name: &str) -> Option<Vec<String>> {
    let i = args.iter().position(|a| a == name)?;
    Some(args.get(i + 1)?.split(',').map(str::to_owned).collect())
}
