//! Loads a corpus: finds the files under the paths the user named (or takes the built-in
//! default corpus), reads and cleans them on all cores, settles each article's metadata, and
//! reports every file it could not read. One bad file never stops the load.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::builtin::{self, BUILTIN_PREFIX};
use super::decode::{Decoded, decode};
use super::formats::{self, FileResult, Format, Parsed};
use super::manifest::{MANIFEST_NAME, Manifest, line_of};
use super::report::{LoadReport, MISSING_PATH, Problem, ProblemKind, Severity};
use super::structure::Rules;
use super::{Article, ArticleId, Corpus, Origin, SourceId};
use crate::sanitize;

/// Something to load articles from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// The default corpus compiled into the binary.
    Builtin,
    /// A file or a folder (read recursively).
    Path(PathBuf),
}

/// How to load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Boilerplate and inference rules.
    pub rules: Rules,
}

impl Default for LoadOptions {
    /// The rules of the default configuration.
    fn default() -> Self {
        let rules = crate::config::Config::default().rules().expect("the default config's rules compile (tested)");
        Self { rules }
    }
}

/// How far a load has come, for a progress indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Files read so far.
    pub done: usize,
    /// Files to read in all.
    pub total: usize,
}

/// Where a file's bytes come from.
#[derive(Debug)]
enum Content {
    Builtin(&'static [u8]),
    File(PathBuf),
}

/// Metadata a manifest gives one file: its own entry, and its folders' defaults.
#[derive(Debug, Default, Clone)]
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
pub fn load(inputs: &[Input], options: &LoadOptions, progress: &(dyn Fn(Progress) + Sync)) -> Corpus {
    let mut report = LoadReport::default();
    let mut tasks = Vec::new();
    let mut roots = Vec::new();
    for input in inputs {
        match input {
            Input::Builtin => builtin_tasks(&mut tasks, &mut report),
            Input::Path(path) => {
                roots.push(path.clone());
                path_tasks(path, &mut tasks, &mut report);
            }
        }
    }
    let total = tasks.len();
    let done = AtomicUsize::new(0);
    progress(Progress { done: 0, total });
    let results: Vec<(FileResult, u64)> = tasks
        .par_iter()
        .map(|task| {
            let result = read_task(task, &options.rules);
            progress(Progress { done: done.fetch_add(1, Ordering::Relaxed) + 1, total });
            result
        })
        .collect();
    assemble(tasks, results, report, roots)
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
    let mut manifests = read_manifests(&base, &files, report);
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
    for (dir, (manifest, used, text)) in manifests {
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

/// Reads and parses one file; returns what it held and how many bytes it had.
fn read_task(task: &Task, rules: &Rules) -> (FileResult, u64) {
    let path = task.display.to_string_lossy();
    let bytes = match &task.content {
        Content::Builtin(bytes) => bytes.to_vec(),
        Content::File(file) => match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(err) => {
                let detail = match err.kind() {
                    io::ErrorKind::NotFound => "deleted while loading".to_owned(),
                    _ => err.to_string(),
                };
                let problem = Problem::new(&path, ProblemKind::Unreadable, Severity::Skipped, detail);
                return (FileResult { articles: Vec::new(), problems: vec![problem] }, 0);
            }
        },
    };
    let size = bytes.len() as u64;
    let skipped = |kind, detail: &str| FileResult {
        articles: Vec::new(),
        problems: vec![Problem::new(&path, kind, Severity::Skipped, detail)],
    };
    let (text, replaced_from_line) = match decode(bytes) {
        Decoded::Text { text, replaced_from_line } => (text, replaced_from_line),
        Decoded::Empty => return (skipped(ProblemKind::Empty, "no text"), size),
        Decoded::Binary(what) => return (skipped(ProblemKind::Binary, what), size),
    };
    let mut result = match task.format {
        Format::Text | Format::Markdown => formats::parse(task.format, &sanitize::text(&text), &path, rules),
        Format::JsonLines | Format::Json => formats::parse(task.format, &text, &path, rules),
    };
    if let Some(line) = replaced_from_line {
        let problem =
            Problem::new(&path, ProblemKind::NotUtf8, Severity::Partial, "invalid bytes replaced with \u{fffd}");
        result.problems.insert(0, problem.at_line(line));
    }
    (result, size)
}

/// Settles each article's metadata, interns sources, gives ids, and builds the corpus.
fn assemble(tasks: Vec<Task>, results: Vec<(FileResult, u64)>, mut report: LoadReport, roots: Vec<PathBuf>) -> Corpus {
    let mut sources = Sources::default();
    let mut ids = std::collections::HashSet::new();
    let mut articles = Vec::new();
    for (task, (result, size)) in tasks.into_iter().zip(results) {
        report.bytes_read += size;
        report.problems.extend(result.problems);
        if !result.articles.is_empty() {
            report.files_loaded += 1;
        }
        let single = matches!(task.format, Format::Text | Format::Markdown);
        for parsed in result.articles {
            let key = match parsed.line {
                Some(line) => format!("{}#{line}", task.key),
                None => task.key.clone(),
            };
            let mut id = ArticleId::from_key(&key);
            while !ids.insert(id) {
                id = id.bumped();
            }
            articles.push(settle(&task, parsed, id, single, &mut sources));
        }
    }
    report.problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    Corpus::from_parts(articles, sources.names, report, roots)
}

/// The article's metadata, by precedence: the manifest's entry for the file, what the file
/// states (front matter, JSON fields), the folder's manifest defaults, what the text states,
/// the url's host, the subfolder's name.
fn settle(task: &Task, parsed: Parsed, id: ArticleId, single: bool, sources: &mut Sources) -> Article {
    let Parsed { stated, inferred, body, line, span, .. } = parsed;
    let entry = task.manifest.file.clone().unwrap_or_default();
    let defaults = &task.manifest.defaults;
    let clean = |s: Option<String>| s.and_then(|s| formats::field(&s));
    // A manifest's title and url name one article: they do not apply to every record of a file.
    let (entry_title, entry_url) = if single { (clean(entry.title), clean(entry.url)) } else { (None, None) };
    let url = entry_url.or(stated.url);
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
    Article {
        id,
        title,
        date: entry.date.or(stated.date).or(inferred.date).or(defaults.date),
        event_date: entry.event_date.or(defaults.event_date),
        source: sources.intern(&source),
        url,
        authors,
        tags,
        origin: Origin { path: Arc::clone(&task.display), line, span },
        text: body.text,
        blocks: body.blocks,
        words,
    }
}

/// The host of a url, without `www.`.
fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_owned())
}

/// Interned source names; names differing only in case are one source.
#[derive(Default)]
struct Sources {
    names: Vec<String>,
    ids: HashMap<String, SourceId>,
}

impl Sources {
    fn intern(&mut self, name: &str) -> SourceId {
        let folded = name.to_lowercase();
        if let Some(&id) = self.ids.get(&folded) {
            return id;
        }
        let id = SourceId(u32::try_from(self.names.len()).expect("fewer than 4 billion sources"));
        self.names.push(name.to_owned());
        self.ids.insert(folded, id);
        id
    }
}

/// The article's text as it is on disk (before cleaning), sanitised for display: the whole
/// file, or for a JSON record its body field as written. Read again on demand, so that the
/// corpus does not hold every text twice.
pub fn raw_text(article: &Article) -> io::Result<String> {
    let path = article.origin.path.to_string_lossy();
    let bytes = match path.strip_prefix(BUILTIN_PREFIX) {
        Some(name) => {
            builtin::file(name).map(<[u8]>::to_vec).ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?
        }
        None => std::fs::read(&*article.origin.path)?,
    };
    let text = match decode(bytes) {
        Decoded::Text { text, .. } => text,
        Decoded::Empty => String::new(),
        Decoded::Binary(what) => {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("the file is now {what}")));
        }
    };
    let raw = match &article.origin.span {
        Some(span) => {
            let changed = || io::Error::new(io::ErrorKind::InvalidData, "the file changed since it was loaded");
            let record = text.get(span.start as usize..span.end as usize).ok_or_else(changed)?;
            formats::raw_body(record).ok_or_else(changed)?
        }
        None => text,
    };
    Ok(sanitize::text(&raw).into_owned())
}
