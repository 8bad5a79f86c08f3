//! Loads a corpus: finds the files under the paths the user named (or takes the built-in
//! default corpus), reads and cleans them on all cores, settles each article's metadata, and
//! reports every file it could not read. One bad file never stops the load.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::builtin::{self, BUILTIN_PREFIX};
use super::decode::{Decoded, decode};
use super::formats::{self, FileResult, Format, Parsed};
use super::manifest::{MANIFEST_NAME, Manifest, line_of};
use super::report::{LoadReport, MISSING_PATH, Problem, ProblemKind, Severity};
use super::reuse::{
    Earlier, FileRecord, Known, Stamp, Verdict, hash_bytes, hash_file, hash_of, judge, modified_nanos, node_of,
};
use super::structure::Rules;
use super::{Article, ArticleId, Corpus, Dated, Origin, Precision, SourceId};
use crate::sanitize;

/// Something to load articles from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// The default corpus compiled into the binary.
    Builtin,
    /// A file or a folder (read recursively).
    Path(PathBuf),
}

impl Location {
    /// The names of a corpus's inputs, canonical, sorted and once each (`(built-in)` for the
    /// default corpus), and a hash of them: what a store of state or a cache is kept under,
    /// the same however the paths were written.
    #[must_use]
    pub fn identity(inputs: &[Location]) -> (Vec<String>, u64) {
        let mut names: Vec<String> = inputs
            .iter()
            .map(|input| match input {
                Location::Builtin => "(built-in)".to_owned(),
                Location::Path(path) => {
                    std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()).display().to_string()
                }
            })
            .collect();
        names.sort();
        names.dedup();
        let key = xxhash_rust::xxh3::xxh3_64(names.join("\n").as_bytes());
        (names, key)
    }
}

/// How to load. Its default, the rules `config.example.toml` documents, comes from
/// [`crate::config`], which owns the defaults.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Boilerplate and inference rules.
    pub rules: Rules,
}

/// How far a load has come, for a progress indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// What the load is doing.
    pub stage: Stage,
    /// Files read (or articles whose entities are found) so far.
    pub done: usize,
    /// Files to read (or articles) in all.
    pub total: usize,
}

/// The stages of a load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading and cleaning the files.
    Reading,
    /// Finding the entities the articles name (see [`crate::library`]).
    Naming,
}

/// Where a file's bytes come from.
#[derive(Debug)]
enum Content {
    Builtin(&'static [u8]),
    File(PathBuf),
}

/// Metadata a manifest gives one file: its own entry, and its folders' defaults.
#[derive(Debug, Default, Clone, Hash)]
struct FromManifest {
    file: Option<super::manifest::Entry>,
    defaults: super::manifest::Entry,
}

/// One file to read.
#[derive(Debug)]
struct Task {
    /// The path as the user named it (joined to the root), for reports and `path`.
    display: Arc<Path>,
    /// The path relative to its root, the key of its articles' ids.
    key: String,
    content: Content,
    format: Format,
    /// The name of the subfolder it is in, when it is below its root.
    folder: Option<String>,
    manifest: FromManifest,
}

/// Loads the inputs into a corpus. `progress` is called from worker threads as files are read.
pub fn load(inputs: &[Location], options: &LoadOptions, progress: &(dyn Fn(Progress) + Sync)) -> Corpus {
    load_reusing(inputs, options, Earlier::default(), progress).0
}

/// Loads the inputs into a corpus, taking the articles of each file that is as `earlier`
/// stamped it (see [`super::reuse`]) instead of reading it again; returns, beside the corpus,
/// what each file (not the built-in ones) gave, for a cache to keep.
pub fn load_reusing(
    inputs: &[Location],
    options: &LoadOptions,
    earlier: Earlier,
    progress: &(dyn Fn(Progress) + Sync),
) -> (Corpus, Vec<FileRecord>) {
    let mut report = LoadReport::default();
    let mut tasks = Vec::new();
    let mut roots = Vec::new();
    for input in inputs {
        match input {
            Location::Builtin => builtin_tasks(&mut tasks, &mut report),
            Location::Path(path) => {
                roots.push(path.clone());
                path_tasks(path, &mut tasks, &mut report);
            }
        }
    }
    read_tasks(tasks, report, roots, options, earlier, progress)
}

/// Loads some files of a folder already loaded (`root`: files added or changed while the
/// reader is open), keyed, named and described by manifests as a load of the whole folder
/// would: their articles get the same ids.
#[must_use]
pub fn load_files(root: &Path, mut files: Vec<PathBuf>, options: &LoadOptions) -> Corpus {
    let mut report = LoadReport::default();
    let mut tasks = Vec::new();
    // The manifests of the files' folders, up to the root, describe them as at the first load.
    let manifests: Vec<PathBuf> = files
        .iter()
        .flat_map(|file| file.ancestors().skip(1).take_while(|dir| dir.starts_with(root)))
        .map(|dir| dir.join(MANIFEST_NAME))
        .filter(|manifest| manifest.is_file())
        .collect();
    files.extend(manifests);
    files.sort();
    files.dedup();
    file_tasks(root, files, &mut tasks, &mut report, false);
    read_tasks(tasks, report, vec![root.to_path_buf()], options, Earlier::default(), &|_| {}).0
}

/// Reads the tasks on all cores and assembles the corpus.
fn read_tasks(
    tasks: Vec<Task>,
    report: LoadReport,
    roots: Vec<PathBuf>,
    options: &LoadOptions,
    mut earlier: Earlier,
    progress: &(dyn Fn(Progress) + Sync),
) -> (Corpus, Vec<FileRecord>) {
    let total = tasks.len();
    let done = AtomicUsize::new(0);
    progress(Progress { stage: Stage::Reading, done: 0, total });
    // A file reached twice (folders named inside one another) is read each time, not cached:
    // one record per path could not tell its two keys apart.
    let mut seen = std::collections::HashSet::new();
    let twice: std::collections::HashSet<&Path> =
        tasks.iter().map(|t| &*t.display).filter(|path| !seen.insert(*path)).collect();
    let known: Vec<Option<Known>> = tasks
        .iter()
        .map(|task| if twice.contains(&*task.display) { None } else { earlier.files.remove(task.display.as_os_str()) })
        .collect();
    drop(earlier.files);
    let outcomes: Vec<FileOutcome> = tasks
        .par_iter()
        .zip(known)
        .map(|(task, known)| {
            let mut outcome = read_and_settle(task, &options.rules, known, earlier.written);
            if twice.contains(&*task.display) {
                outcome.stamp = None;
            }
            progress(Progress { stage: Stage::Reading, done: done.fetch_add(1, Ordering::Relaxed) + 1, total });
            outcome
        })
        .collect();
    drop(twice);
    drop(tasks);
    assemble(outcomes, report, roots)
}

/// The built-in corpus as tasks.
fn builtin_tasks(tasks: &mut Vec<Task>, report: &mut LoadReport) {
    let manifest = builtin::file(MANIFEST_NAME).map(|bytes| {
        let text = String::from_utf8_lossy(bytes);
        Manifest::parse(&text).expect("the built-in manifest parses (tested)")
    });
    for &(name, bytes) in builtin::FILES {
        report.files_seen += 1;
        if name == MANIFEST_NAME {
            continue;
        }
        let Ok(format) = Format::of(Path::new(name)) else { continue };
        let file =
            manifest.as_ref().and_then(|m| m.files.iter().find(|(k, _)| k.get_ref() == name)).map(|(_, e)| e.clone());
        tasks.push(Task {
            display: Arc::from(Path::new(&format!("{BUILTIN_PREFIX}{name}"))),
            key: name.to_owned(),
            content: Content::Builtin(bytes),
            format,
            folder: None,
            manifest: FromManifest { file, defaults: manifest.as_ref().map(Manifest::defaults).unwrap_or_default() },
        });
    }
}

/// Finds the files under a path the user named.
fn path_tasks(root: &Path, tasks: &mut Vec<Task>, report: &mut LoadReport) {
    let display = |p: &Path| p.to_string_lossy().into_owned();
    let metadata = match std::fs::metadata(root) {
        Ok(metadata) => metadata,
        Err(err) => {
            report.files_seen += 1;
            let (kind, detail) = match err.kind() {
                io::ErrorKind::NotFound => (ProblemKind::NotFound, MISSING_PATH.to_owned()),
                _ => (ProblemKind::Unreadable, err.to_string()),
            };
            report.problems.push(Problem::new(&display(root), kind, Severity::Skipped, detail));
            return;
        }
    };
    // A file named directly is read with the manifest beside it, as if its folder were the root.
    let (base, files) = if metadata.is_dir() {
        (root.to_path_buf(), walk(root, report))
    } else {
        (root.parent().unwrap_or(Path::new("")).to_path_buf(), vec![root.to_path_buf()])
    };
    file_tasks(&base, files, tasks, report, true);
}

/// The tasks of files found under `base` (their ids' keys are relative to it); with `whole`,
/// the files are all the folder's, and a manifest naming a file not among them is reported.
fn file_tasks(base: &Path, files: Vec<PathBuf>, tasks: &mut Vec<Task>, report: &mut LoadReport, whole: bool) {
    let display = |p: &Path| p.to_string_lossy().into_owned();
    let base = base.to_path_buf();
    let mut manifests = read_manifests(&base, &files, report);
    // Feed files that OPML files list, beyond those walked anyway.
    let mut listed: Vec<PathBuf> = Vec::new();
    // Made only when an OPML file lists feeds (a system call per file).
    let walked_of = |files: &[PathBuf]| -> std::collections::HashSet<PathBuf> {
        files.iter().filter_map(|f| f.canonicalize().ok()).collect()
    };
    let walked = if files.iter().any(|f| Format::of(f) == Ok(Format::Opml)) {
        walked_of(&files)
    } else {
        std::collections::HashSet::default()
    };
    for path in files {
        if path.file_name().is_some_and(|n| n == MANIFEST_NAME) {
            continue;
        }
        report.files_seen += 1;
        let format = match Format::of(&path) {
            Ok(format) => format,
            Err(what) => {
                report.problems.push(Problem::new(&display(&path), ProblemKind::Unsupported, Severity::Skipped, what));
                continue;
            }
        };
        if format == Format::Opml {
            listed.extend(feeds_listed(&path, report));
            continue;
        }
        let relative = path.strip_prefix(&base).unwrap_or(&path);
        let folder =
            relative.parent().and_then(Path::file_name).map(|n| sanitize::line(&n.to_string_lossy()).into_owned());
        tasks.push(Task {
            display: Arc::from(path.as_path()),
            key: key_of(relative),
            manifest: manifest_for(&base, relative, &mut manifests),
            content: Content::File(path.clone()),
            format,
            folder,
        });
    }
    listed.sort();
    listed.dedup();
    for path in listed {
        if walked.contains(&path) {
            continue;
        }
        report.files_seen += 1;
        let key = path.strip_prefix(&base).map_or_else(|_| path.to_string_lossy().into_owned(), key_of);
        let format = Format::of(&path).unwrap_or(Format::Feed);
        tasks.push(Task {
            display: Arc::from(path.as_path()),
            key,
            manifest: FromManifest::default(),
            content: Content::File(path.clone()),
            format,
            folder: None,
        });
    }
    for (dir, (manifest, used, text)) in manifests.into_iter().filter(|_| whole) {
        for (name, _) in manifest.files.iter().filter(|(name, _)| !used.contains(name.get_ref())) {
            let path = display(&dir.join(MANIFEST_NAME));
            let line = line_of(&text, name.span().start);
            let detail = format!("names {:?}, which is not in the folder", name.get_ref());
            report
                .problems
                .push(Problem::new(&path, ProblemKind::BadManifest, Severity::Partial, detail).at_line(line));
        }
    }
}

/// The local feed files an OPML file lists (paths relative to it, absolute, or `file:` urls),
/// made canonical; a listed file that is not there, a feed given by a web address (`newsdesk
/// fetch` saves those) and an OPML file that does not parse are reported on the OPML file.
fn feeds_listed(opml: &Path, report: &mut LoadReport) -> Vec<PathBuf> {
    let shown = opml.to_string_lossy().into_owned();
    let text = match std::fs::read(opml) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(err) => {
            report.problems.push(Problem::new(&shown, ProblemKind::Unreadable, Severity::Skipped, err.to_string()));
            return Vec::new();
        }
    };
    let document = match opml::OPML::from_str(&text) {
        Ok(document) => document,
        Err(err) => {
            let detail = format!("not an OPML file: {}", sanitize::line(&err.to_string()));
            report.problems.push(Problem::new(&shown, ProblemKind::BadFeed, Severity::Skipped, detail));
            return Vec::new();
        }
    };
    let mut urls = Vec::new();
    let mut outlines: Vec<&opml::Outline> = document.body.outlines.iter().collect();
    while let Some(outline) = outlines.pop() {
        urls.extend(outline.xml_url.clone());
        outlines.extend(outline.outlines.iter());
    }
    urls.reverse();
    let folder = opml.parent().unwrap_or(Path::new(""));
    let (mut found, mut web, mut missing) = (Vec::new(), 0, Vec::new());
    for url in urls {
        let path = match url::Url::parse(&url) {
            Ok(parsed) if parsed.scheme() == "file" => parsed.to_file_path().ok(),
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
                web += 1;
                continue;
            }
            _ => Some(folder.join(&url)),
        };
        match path.and_then(|p| p.canonicalize().ok()).filter(|p| p.is_file()) {
            Some(path) => found.push(path),
            None => missing.push(sanitize::line(&url).into_owned()),
        }
    }
    if web > 0 {
        let detail = format!(
            "{} by web address, not read: `newsdesk fetch {shown} --into DIR` saves them",
            crate::wording::counted(web, "feed", "feeds")
        );
        report.problems.push(Problem::new(&shown, ProblemKind::BadFeed, Severity::Partial, detail));
    }
    for url in missing {
        let detail = format!("lists {url:?}, which is not there");
        report.problems.push(Problem::new(&shown, ProblemKind::NotFound, Severity::Partial, detail));
    }
    found
}

/// What a special file is, in words.
#[cfg(unix)]
fn special_file_kind(file_type: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

/// What a special file is, in words.
#[cfg(not(unix))]
fn special_file_kind(_: std::fs::FileType) -> &'static str {
    "a special file"
}

/// A path relative to its root, with `/` separators on every platform.
fn key_of(relative: &Path) -> String {
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The files under a folder, in name order; hidden files and folders are skipped, symlinks
/// followed, loops and unreadable folders reported.
fn walk(root: &Path, report: &mut LoadReport) -> Vec<PathBuf> {
    let is_hidden =
        |entry: &walkdir::DirEntry| entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
    let mut files = Vec::new();
    for entry in
        walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| !is_hidden(e))
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => files.push(entry.into_path()),
            Ok(entry) if !entry.file_type().is_dir() => {
                // A named pipe, socket or device: never opened (a pipe would block the load).
                report.files_seen += 1;
                let detail = format!("{}, not a file", special_file_kind(entry.file_type()));
                let path = entry.path().to_string_lossy();
                report.problems.push(Problem::new(&path, ProblemKind::Unsupported, Severity::Skipped, detail));
            }
            Ok(_) => {}
            Err(err) => {
                report.files_seen += 1;
                let path = err
                    .path()
                    .map_or_else(|| root.to_string_lossy().into_owned(), |p| p.to_string_lossy().into_owned());
                let problem = if let Some(ancestor) = err.loop_ancestor() {
                    let detail = format!("leads back to {}", ancestor.to_string_lossy());
                    Problem::new(&path, ProblemKind::SymlinkLoop, Severity::Skipped, detail)
                } else {
                    match err.io_error().map(io::Error::kind) {
                        Some(io::ErrorKind::NotFound) => {
                            Problem::new(&path, ProblemKind::NotFound, Severity::Skipped, "broken symbolic link")
                        }
                        _ => {
                            Problem::new(&path, ProblemKind::Unreadable, Severity::Skipped, io_reason(&err.to_string()))
                        }
                    }
                };
                report.problems.push(problem);
            }
        }
    }
    files
}

/// walkdir's message without the path it repeats.
fn io_reason(message: &str) -> String {
    message.rsplit(": ").next().unwrap_or(message).to_owned()
}

/// A manifest, the per-file names it was asked for, and its text (for line numbers).
type ManifestSlot = (Manifest, std::collections::HashSet<String>, String);

/// Reads the manifests among `files`, by folder; bad ones are reported and ignored.
fn read_manifests(base: &Path, files: &[PathBuf], report: &mut LoadReport) -> HashMap<PathBuf, ManifestSlot> {
    let mut manifests = HashMap::new();
    let beside = base.join(MANIFEST_NAME);
    let candidates = files.iter().filter(|p| p.file_name().is_some_and(|n| n == MANIFEST_NAME));
    let extra = (!files.contains(&beside) && beside.is_file()).then_some(&beside);
    for path in candidates.chain(extra) {
        report.files_seen += 1;
        let shown = path.to_string_lossy().into_owned();
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(err) => {
                report.problems.push(Problem::new(&shown, ProblemKind::Unreadable, Severity::Skipped, err.to_string()));
                continue;
            }
        };
        match Manifest::parse(&text) {
            Ok(manifest) => {
                let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
                manifests.insert(dir, (manifest, std::collections::HashSet::new(), text));
            }
            Err(err) => report.problems.push(
                Problem::new(
                    &shown,
                    ProblemKind::BadManifest,
                    Severity::Skipped,
                    format!("{} (manifest ignored)", err.message),
                )
                .at_line(err.line),
            ),
        }
    }
    manifests
}

/// What the manifests of a file's folders say about it: the nearest per-file entry, and the
/// folders' defaults, nearest first.
fn manifest_for(base: &Path, relative: &Path, manifests: &mut HashMap<PathBuf, ManifestSlot>) -> FromManifest {
    let mut found = FromManifest::default();
    if manifests.is_empty() {
        return found;
    }
    let mut dir = relative.parent();
    while let Some(folder) = dir {
        if let Some((manifest, used, _)) = manifests.get_mut(&base.join(folder)) {
            let name = key_of(relative.strip_prefix(folder).unwrap_or(relative));
            let entry = manifest.files.iter().find(|(k, _)| *k.get_ref() == name);
            if let (None, Some((_, entry))) = (&found.file, entry) {
                found.file = Some(entry.clone());
                used.insert(name);
            }
            found.defaults = std::mem::take(&mut found.defaults).or(&manifest.defaults());
        }
        dir = folder.parent();
    }
    found
}

/// Reads and parses one file; returns what it held, how many bytes it had, and their hash
/// (none for a built-in file, or one that could not be read).
fn read_task(task: &Task, rules: &Rules) -> (FileResult, u64, Option<u128>) {
    thread_local! {
        /// Each worker reads its files into one buffer, reused, rather than one per file.
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let path = task.display.to_string_lossy();
    let unreadable = |err: io::Error| {
        let detail = match err.kind() {
            io::ErrorKind::NotFound => "deleted while loading".to_owned(),
            _ => err.to_string(),
        };
        let problem = Problem::new(&path, ProblemKind::Unreadable, Severity::Skipped, detail);
        (FileResult { articles: Vec::new(), problems: vec![problem] }, 0, None)
    };
    match &task.content {
        Content::Builtin(bytes) => (parse_bytes(task.format, bytes, &path, rules), bytes.len() as u64, None),
        Content::File(file) if task.format == Format::JsonLines => {
            match stream_json_lines(file, &path, rules, JSON_LINES_CHUNK) {
                Ok((result, size, hash)) => (result, size, Some(hash)),
                Err(err) => unreadable(err),
            }
        }
        Content::File(file) => BUFFER.with_borrow_mut(|buffer| {
            buffer.clear();
            match std::fs::File::open(file).and_then(|mut f| f.read_to_end(buffer)) {
                Ok(size) => (parse_bytes(task.format, buffer, &path, rules), size as u64, Some(hash_bytes(buffer))),
                Err(err) => unreadable(err),
            }
        }),
    }
}

/// Decodes a file's bytes and reads them in their format.
fn parse_bytes(format: Format, bytes: &[u8], path: &str, rules: &Rules) -> FileResult {
    // An XML feed states its own encoding: read so, it needs no decoding of ours.
    if format == Format::Feed
        && !bytes.is_empty()
        && let Some(result) = formats::feed_from_bytes(bytes, path, rules)
    {
        return result;
    }
    let skipped = |kind, detail: &str| FileResult {
        articles: Vec::new(),
        problems: vec![Problem::new(path, kind, Severity::Skipped, detail)],
    };
    let (text, replaced_from_line) = match decode(bytes) {
        Decoded::Text { text, replaced_from_line } => (text, replaced_from_line),
        Decoded::Empty => return skipped(ProblemKind::Empty, "no text"),
        Decoded::Binary(what) => return skipped(ProblemKind::Binary, what),
    };
    let mut result = match format {
        Format::Text => formats::parse(format, &sanitize::text(&formats::decode_entities(&text)), path, rules),
        // Markdown decodes its own entities; HTML is rendered, then sanitised as text.
        Format::Markdown | Format::Html => formats::parse(format, &sanitize::text(&text), path, rules),
        // A feed's fields are made safe one by one as they are read (XML must parse first).
        Format::Feed | Format::Opml => formats::parse(format, &text, path, rules),
        Format::JsonLines | Format::Json => {
            let mut result = formats::parse(format, &text, path, rules);
            // Record spans are offsets in the file: past a byte-order mark; lost where bytes were replaced.
            let shift = matches!(text, Cow::Borrowed(_)).then(|| (bytes.len() - text.len()) as u64);
            shift_spans(&mut result, shift, 0);
            result
        }
    };
    if let Some(line) = replaced_from_line {
        let problem =
            Problem::new(path, ProblemKind::NotUtf8, Severity::Partial, "invalid bytes replaced with \u{fffd}");
        result.problems.insert(0, problem.at_line(line));
    }
    result
}

/// Moves record spans by `offset` bytes (or drops them) and lines by `lines`.
fn shift_spans(result: &mut FileResult, offset: Option<u64>, lines: u32) {
    for article in &mut result.articles {
        article.span = offset.and_then(|offset| article.span.take().map(|s| s.start + offset..s.end + offset));
        article.line = article.line.map(|line| line + lines);
    }
    for problem in &mut result.problems {
        problem.line = problem.line.map(|line| line + lines);
    }
}

/// How much of a JSON Lines file is read at a time: the file is never held whole, so that
/// loading a large one needs little more memory than its articles.
const JSON_LINES_CHUNK: usize = 8 << 20;

/// Reads a JSON Lines file a chunk of whole lines at a time; returns its records, its size and
/// the hash of its bytes.
fn stream_json_lines(file: &Path, path: &str, rules: &Rules, chunk_size: usize) -> io::Result<(FileResult, u64, u128)> {
    let mut reader = std::fs::File::open(file)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut result = FileResult::default();
    let (mut offset, mut lines, mut carry) = (0u64, 0u32, Vec::new());
    loop {
        let mut chunk = std::mem::take(&mut carry);
        let start = chunk.len();
        chunk.resize(start + chunk_size, 0);
        let read = read_fully(&mut reader, &mut chunk[start..])?;
        chunk.truncate(start + read);
        hasher.update(&chunk[start..]);
        let at_end = read == 0;
        let cut = if at_end { chunk.len() } else { memchr::memrchr(b'\n', &chunk).map_or(0, |i| i + 1) };
        if cut == 0 && !at_end {
            carry = chunk; // a line longer than a chunk: read on
            continue;
        }
        carry = chunk.split_off(cut);
        if offset == 0 && !chunk.is_empty() {
            let mut part = parse_bytes(Format::JsonLines, &chunk, path, rules);
            shift_spans(&mut part, Some(0), 0);
            merge(&mut result, part);
        } else if !chunk.is_empty() {
            let mut part = match decode(&chunk) {
                Decoded::Text { text, replaced_from_line } => {
                    let mut part = formats::parse(Format::JsonLines, &text, path, rules);
                    shift_spans(&mut part, matches!(text, Cow::Borrowed(_)).then_some(offset), 0);
                    if let Some(line) = replaced_from_line {
                        let problem = Problem::new(
                            path,
                            ProblemKind::NotUtf8,
                            Severity::Partial,
                            "invalid bytes replaced with \u{fffd}",
                        );
                        part.problems.insert(0, problem.at_line(line));
                    }
                    part
                }
                Decoded::Empty => FileResult::default(),
                Decoded::Binary(what) => {
                    let detail = format!("{what}: this part of the file was skipped");
                    let problem = Problem::new(path, ProblemKind::Binary, Severity::Skipped, detail);
                    FileResult { articles: Vec::new(), problems: vec![problem.at_line(1)] }
                }
            };
            shift_spans(&mut part, Some(0), lines);
            merge(&mut result, part);
        }
        lines += u32::try_from(memchr::memchr_iter(b'\n', &chunk).count()).unwrap_or(u32::MAX);
        offset += chunk.len() as u64;
        if at_end {
            return Ok((result, offset, hasher.digest128()));
        }
    }
}

/// Reads until `buffer` is full or the file ends; returns the bytes read.
fn read_fully(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn merge(into: &mut FileResult, part: FileResult) {
    into.articles.extend(part.articles);
    into.problems.extend(part.problems);
}

/// What one file gave: its articles (each with its source's name, not yet interned), its
/// problems, the boilerplate cut from it by source, and its identity.
struct FileOutcome {
    /// The file as the user named it.
    path: Arc<Path>,
    articles: Vec<(Article, String)>,
    problems: Vec<Problem>,
    cut: Vec<(String, usize)>,
    size: u64,
    /// None for a built-in file, or one that could not be read.
    stamp: Option<Stamp>,
    /// Taken from what an earlier load gave, not read.
    taken: bool,
    /// Its bytes were read to tell it unchanged.
    hashed: bool,
}

/// Reads one file and settles the metadata of its articles (on a worker thread); a file as
/// `known` stamped it is taken as it was, not read.
fn read_and_settle(task: &Task, rules: &Rules, known: Option<Known>, written: i64) -> FileOutcome {
    // What manifests say of it, and the key its ids are made from.
    let manifest = hash_of(&(&task.manifest, &task.key));
    let metadata = match &task.content {
        Content::File(file) => std::fs::metadata(file).ok(),
        Content::Builtin(_) => None,
    };
    if let (Some(known), Some(metadata), Content::File(file)) = (known, &metadata, &task.content) {
        let same = match judge(&known, metadata, manifest, written) {
            Verdict::Same(stamp) => Some((stamp, false)),
            // Touched, copied, or modified as the cache was made: the same bytes will do.
            Verdict::Read => hash_file(file).ok().and_then(|(hash, size)| {
                (hash == known.stamp.hash && known.stamp.manifest == manifest).then(|| {
                    let node = node_of(metadata);
                    (Stamp { size, modified: modified_nanos(metadata), hash, manifest, node }, true)
                })
            }),
        };
        if let Some((stamp, hashed)) = same {
            return taken(task, known, stamp, hashed);
        }
    }
    let (result, size, hash) = read_task(task, rules);
    let single = matches!(task.format, Format::Text | Format::Markdown | Format::Html);
    let mut cut: Vec<(String, usize)> = Vec::new();
    let articles = result
        .articles
        .into_iter()
        .map(|parsed| {
            let key = match (&parsed.key, parsed.line) {
                (Some(key), _) => format!("{}#{key}", task.key),
                (None, Some(line)) => format!("{}#{line}", task.key),
                (None, None) => task.key.clone(),
            };
            let (article, source, pieces) = settle(task, parsed, ArticleId::from_key(&key), single);
            if pieces > 0 {
                match cut.iter_mut().find(|(s, _)| *s == source) {
                    Some((_, n)) => *n += pieces,
                    None => cut.push((source.clone(), pieces)),
                }
            }
            (article, source)
        })
        .collect();
    let stamp = hash.zip(metadata).map(|(hash, metadata)| Stamp {
        size,
        modified: modified_nanos(&metadata),
        hash,
        manifest,
        node: node_of(&metadata),
    });
    let path = Arc::clone(&task.display);
    FileOutcome { path, articles, problems: result.problems, cut, size, stamp, taken: false, hashed: false }
}

/// What an earlier load kept of a file that has not changed, as this load's (`hashed` when its
/// bytes were read to tell).
fn taken(task: &Task, known: Known, stamp: Stamp, hashed: bool) -> FileOutcome {
    let Known { articles, problems, cut, .. } = known;
    let articles = articles
        .into_iter()
        .map(|(mut article, source)| {
            article.origin.path = Arc::clone(&task.display);
            (article, source)
        })
        .collect();
    FileOutcome {
        path: Arc::clone(&task.display),
        articles,
        problems,
        cut,
        size: stamp.size,
        stamp: Some(stamp),
        taken: true,
        hashed,
    }
}

/// Interns sources, parts ids that collide, and builds the corpus; and what each file gave.
fn assemble(outcomes: Vec<FileOutcome>, mut report: LoadReport, roots: Vec<PathBuf>) -> (Corpus, Vec<FileRecord>) {
    let mut sources = Sources::default();
    let mut ids = std::collections::HashSet::new();
    let mut articles = Vec::with_capacity(outcomes.iter().map(|o| o.articles.len()).sum());
    let mut records = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        report.bytes_read += outcome.size;
        report.files_cached += usize::from(outcome.taken);
        if !outcome.articles.is_empty() {
            report.files_loaded += 1;
        }
        for (source, cut) in &outcome.cut {
            *report.cut_by_source.entry(source.clone()).or_default() += cut;
        }
        let first = articles.len();
        let keyed: Vec<ArticleId> = outcome.articles.iter().map(|(a, _)| a.id).collect();
        for (mut article, source) in outcome.articles {
            while !ids.insert(article.id) {
                article.id = article.id.bumped();
            }
            article.source = sources.intern(&source);
            articles.push(article);
        }
        if let Some(stamp) = outcome.stamp {
            records.push(FileRecord {
                path: outcome.path,
                stamp,
                articles: first..articles.len(),
                ids: keyed,
                hashed: outcome.hashed,
                problems: outcome.problems.clone(),
                cut: outcome.cut,
            });
        }
        report.problems.extend(outcome.problems);
    }
    report.problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    (Corpus::from_parts(articles, sources.names, report, roots), records)
}

/// The article's metadata, by precedence: the manifest's entry for the file, what the file
/// states (front matter, JSON fields), the folder's manifest defaults, what the text states,
/// the url's host, the subfolder's name.
fn settle(task: &Task, parsed: Parsed, id: ArticleId, single: bool) -> (Article, String, usize) {
    let Parsed { stated, inferred, body, line, span, title_derived, cut, key: _ } = parsed;
    let entry = task.manifest.file.clone().unwrap_or_default();
    let defaults = &task.manifest.defaults;
    let clean = |s: Option<String>| s.and_then(|s| formats::field(&s));
    // A manifest's title and url name one article: they do not apply to every record of a file.
    let (entry_title, entry_url) = if single { (clean(entry.title), clean(entry.url)) } else { (None, None) };
    let url = entry_url.or(stated.url);
    let title_derived = title_derived && entry_title.is_none();
    let stated_metadata = stated.metadata.clone();
    let title = entry_title.or(stated.title).or(inferred.title).unwrap_or_else(|| {
        let stem = task.display.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        sanitize::line(&stem).into_owned()
    });
    let source = clean(entry.source)
        .or(stated.source)
        .or_else(|| clean(defaults.source.clone()))
        .or(inferred.source)
        .or_else(|| url.as_deref().and_then(host_of))
        .or_else(|| task.folder.clone())
        .unwrap_or_else(|| "unknown".to_owned());
    let list = |v: Option<Vec<String>>| v.map(|v| v.iter().filter_map(|s| formats::field(s)).collect::<Vec<_>>());
    let authors = list(entry.authors)
        .or((!stated.authors.is_empty()).then_some(stated.authors))
        .or((!inferred.authors.is_empty()).then_some(inferred.authors))
        .or_else(|| list(defaults.authors.clone()))
        .unwrap_or_default();
    let tags = list(entry.tags)
        .or((!stated.tags.is_empty()).then_some(stated.tags))
        .or_else(|| list(defaults.tags.clone()))
        .unwrap_or_default();
    let words = body.words();
    let dated =
        entry.date.map(Dated::day).or(stated.date).or(inferred.date.map(Dated::day)).or(defaults.date.map(Dated::day));
    let article = Article {
        id,
        title,
        title_derived,
        date: dated.map(|d| d.date),
        date_precision: dated.map_or(Precision::Day, |d| d.precision),
        event_date: entry.event_date.or(defaults.event_date),
        source: SourceId(0),
        url,
        authors,
        tags,
        metadata: stated_metadata,
        origin: Origin { path: Arc::clone(&task.display), line, span },
        text: body.text,
        blocks: body.blocks,
        words,
    };
    (article, source, cut)
}

/// The host of a url, without `www.`.
fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_owned())
}

/// Interned source names; names differing only in case are one source.
#[derive(Default)]
pub(crate) struct Sources {
    pub(crate) names: Vec<String>,
    ids: HashMap<String, SourceId>,
    /// The source interned last: articles come in runs from one source.
    last: Option<SourceId>,
}

impl Sources {
    /// The sources of a corpus loaded before, to intern more after them.
    pub(crate) fn of(names: Vec<String>) -> Self {
        let mut ids = HashMap::default();
        for (i, name) in names.iter().enumerate() {
            let id = SourceId(u32::try_from(i).expect("fewer than 4 billion sources"));
            ids.entry(name.to_lowercase()).or_insert(id);
        }
        Self { names, ids, last: None }
    }

    pub(crate) fn intern(&mut self, name: &str) -> SourceId {
        if let Some(last) = self.last.filter(|last| self.names[last.0 as usize] == name) {
            return last;
        }
        let folded = name.to_lowercase();
        let id = if let Some(&id) = self.ids.get(&folded) {
            id
        } else {
            let id = SourceId(u32::try_from(self.names.len()).expect("fewer than 4 billion sources"));
            self.names.push(name.to_owned());
            self.ids.insert(folded, id);
            id
        };
        self.last = Some(id);
        id
    }
}

/// True for a feed file: RSS or Atom by its extension, or a JSON Feed.
fn is_feed(path: &Path) -> bool {
    match Format::of(path) {
        Ok(Format::Feed) => true,
        Ok(Format::Json) => std::fs::read_to_string(path).is_ok_and(|text| formats::is_json_feed(&text)),
        _ => false,
    }
}

/// The article's text as it is on disk (before cleaning), sanitised for display: the whole
/// file, for a JSON record its body field as written, for a feed's item its content. Read again on demand, so that the
/// corpus does not hold every text twice.
pub fn raw_text(article: &Article) -> io::Result<String> {
    let path = article.origin.path.to_string_lossy();
    let changed = || io::Error::new(io::ErrorKind::InvalidData, "the file changed since it was loaded");
    let raw = match (path.strip_prefix(BUILTIN_PREFIX), &article.origin.span, article.origin.line) {
        (Some(name), _, _) => {
            let bytes = builtin::file(name).ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
            String::from_utf8_lossy(bytes).into_owned()
        }
        (None, Some(span), _) => {
            let mut file = std::fs::File::open(&*article.origin.path)?;
            io::Seek::seek(&mut file, io::SeekFrom::Start(span.start))?;
            let mut record = vec![0; usize::try_from(span.end - span.start).map_err(|_| changed())?];
            file.read_exact(&mut record).map_err(|_| changed())?;
            formats::raw_body(&String::from_utf8_lossy(&record)).ok_or_else(changed)?
        }
        (None, None, Some(item)) if is_feed(&article.origin.path) => {
            let text = String::from_utf8_lossy(&std::fs::read(&*article.origin.path)?).into_owned();
            formats::raw_item(&text, item).ok_or_else(changed)?
        }
        (None, None, Some(_)) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "this record's raw text cannot be found: its file is not UTF-8",
            ));
        }
        (None, None, None) => match decode(&std::fs::read(&*article.origin.path)?) {
            Decoded::Text { text, .. } => text.into_owned(),
            Decoded::Empty => String::new(),
            Decoded::Binary(what) => {
                return Err(io::Error::new(io::ErrorKind::InvalidData, format!("the file is now {what}")));
            }
        },
    };
    Ok(sanitize::text(&raw).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_read_in_small_chunks_give_the_same_articles_lines_and_spans() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("feed.jsonl");
        let mut text = String::from("\u{feff}");
        for i in 1..=20 {
            if i % 7 == 0 {
                text.push_str("{broken\n\n");
            } else {
                let record =
                    format!("{{\"title\":\"Story {i}\",\"body\":\"Body of story {i}, which is long enough.\"}}\n");
                text.push_str(&record);
            }
        }
        std::fs::write(&file, &text).unwrap();
        let rules = LoadOptions::default().rules;
        let (whole, size, hash) = stream_json_lines(&file, "feed.jsonl", &rules, 1 << 20).unwrap();
        let (chunked, _, chunked_hash) = stream_json_lines(&file, "feed.jsonl", &rules, 64).unwrap();
        assert_eq!(hash, chunked_hash);
        assert_eq!(hash, hash_bytes(&std::fs::read(&file).unwrap()));
        assert_eq!(size, text.len() as u64);
        assert_eq!(whole.articles.len(), 18);
        assert_eq!(whole.articles, chunked.articles);
        assert_eq!(whole.problems, chunked.problems);
        assert_eq!(chunked.problems.iter().map(|p| p.line).collect::<Vec<_>>(), [Some(7), Some(15)]);
        let last = chunked.articles.last().unwrap();
        let span = last.span.clone().unwrap();
        assert_eq!(
            &text.as_bytes()[span.start as usize..span.end as usize],
            b"{\"title\":\"Story 20\",\"body\":\"Body of story 20, which is long enough.\"}\n"
        );
    }
}
