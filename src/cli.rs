//! The command line: parses arguments, loads the configuration and the library, and runs a
//! subcommand or the reader. Data goes to stdout, messages to stderr; this is the only module
//! that prints.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use unicode_width::UnicodeWidthStr;

use crate::cache::{self, Cache};
use crate::config::corrections::CorrectionsFile;
use crate::config::{Config, EXAMPLE};
use crate::corpus::{self, Article, LoadOptions, Location, Progress, Stage};
use crate::diagnostic::FileError;
use crate::entities::{Entity, Kind, Recogniser};
use crate::export::article_json;
use crate::library::Library;
use crate::sanitize;
use crate::tui;
use crate::wording::counted;

mod cooccurrence;
mod stories;
mod timeline;

/// Exit status: everything went well.
pub const EXIT_OK: u8 = 0;
/// Exit status of `check`: some files were skipped or read only in part.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status of `search`: nothing matched (as grep's).
pub const EXIT_NO_MATCH: u8 = 1;
/// Exit status: bad usage, a bad config file, a path that does not exist, nothing loaded, or
/// no such article.
pub const EXIT_ERROR: u8 = 2;

/// Below this many files (or articles, to find names in), a load is quick enough to need no
/// progress indicator.
const PROGRESS_MIN: usize = 1000;

/// newsdesk: read, filter and cross-reference a corpus of news articles from the terminal.
///
/// With no command, opens the reader on PATHs (folders are read recursively), else on the
/// config's [corpus] paths, else on the built-in default corpus.
#[derive(Debug, Parser)]
#[command(name = "newsdesk", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Option<Action>,
    /// Folders or files of articles (.txt, .md, .markdown, .jsonl, .ndjson, .json, .html, .rss,
    /// .atom, .xml, .opml).
    paths: Vec<PathBuf>,
    /// Read the configuration from this file instead of the platform's config folder.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Output format: table, json; for lists of articles also jsonl, markdown, csv.
    #[arg(long, global = true, value_enum)]
    format: Option<ListFormat>,
    /// Draw without colours (as the `NO_COLOR` variable does).
    #[arg(long, global = true)]
    no_color: bool,
    #[command(flatten)]
    leave_out: LeaveOut,
    /// Print the default configuration, with every option documented, and exit.
    #[arg(long)]
    print_default_config: bool,
    /// Panic on purpose, to test what a panic does: at the first key press (`--crash-test`: the
    /// terminal is restored), or while the reader finds names (`--crash-test=names`: it goes on
    /// without them).
    #[arg(long, hide = true, value_enum, num_args = 0..=1, require_equals = true, default_missing_value = "key")]
    crash_test: Option<tui::CrashTest>,
}

/// What a command can be told to leave out.
#[derive(Debug, clap::Args)]
struct LeaveOut {
    /// Neither read nor write the cache: read and clean every file, find every name.
    #[arg(long, global = true)]
    no_cache: bool,
    /// Show the entities as found, without the corrections in corrections.toml (beside the
    /// config file); the reader then makes none.
    #[arg(long, global = true)]
    no_corrections: bool,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// List the articles: id, date, source, words, title.
    List {
        /// Folders or files of articles.
        paths: Vec<PathBuf>,
        /// Order of the rows.
        #[arg(long, value_enum, default_value_t = Sort::Date)]
        sort: Sort,
    },
    /// Print one article's clean text (or its text as on disk).
    Show {
        /// The article's id, or any unique prefix of it (at least 4 digits).
        id: String,
        /// Folders or files of articles.
        paths: Vec<PathBuf>,
        /// Print the text as it is on disk, with its boilerplate.
        #[arg(long)]
        raw: bool,
    },
    /// List the entities the articles name: kind, forms seen, mentions, articles, dates.
    Entities {
        /// Folders or files of articles.
        paths: Vec<PathBuf>,
        /// Only entities of this kind (person, organisation, place, commodity, event, other).
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        /// The entities named in the same articles as this one, best associated first.
        #[arg(long, value_name = "NAME", conflicts_with = "edges")]
        with: Option<String>,
        /// Every pair of entities named together, with the articles naming both (for Gephi or
        /// networkx; `--format csv` or `json`).
        #[arg(long)]
        edges: bool,
        /// With `--edges`: only pairs named together in at least this many articles.
        #[arg(long, value_name = "N", default_value_t = 1, requires = "edges")]
        min_weight: u32,
    },
    /// Search the articles: the reader's query syntax and ranking, best first.
    ///
    /// Terms AND together, each fuzzy; 'exact, !exclude, "a phrase", ^title-prefix,
    /// title-suffix$; fields source:, date:2025-06, date:A..B, after:, before:, entity:, kind:,
    /// body:"words", undated, unread, starred (as marked in the reader). A part that does not
    /// parse is reported and left out.
    Search {
        /// The query (quote it for the shell).
        query: String,
        /// Folders or files of articles.
        paths: Vec<PathBuf>,
    },
    /// Group the articles by the event they report: each story's id, size, outlets, span and
    /// label (its most central headline), largest first, then the most recent.
    Stories {
        /// Folders or files of articles.
        paths: Vec<PathBuf>,
        /// Similarity at which an article joins a story (for tuning; see docs/stories.md).
        #[arg(long, hide = true)]
        join: Option<f32>,
        /// Average similarity to a story's first articles an article must also reach.
        #[arg(long, hide = true)]
        cohesion: Option<f32>,
        /// Days from a story's first article an article may join it.
        #[arg(long, hide = true)]
        days: Option<i32>,
    },
    /// Count the articles per day, week or month (by their date, else the date of the event
    /// they report), every period from the first to the last; undated ones apart.
    Timeline {
        /// Folders or files of articles.
        paths: Vec<PathBuf>,
        /// Only the articles this query finds (the search's syntax; `story:ID` for a story).
        #[arg(long, short)]
        query: Option<String>,
        /// The length of a period.
        #[arg(long, value_enum, default_value_t = timeline::By::Day)]
        by: timeline::By,
    },
    /// Fetch feeds and save their new items into a folder, each once across runs.
    ///
    /// SOURCE is a feed's web address or an OPML file listing feeds; with none, the feeds
    /// fetched into DIR before. Exit status 1 when a feed failed.
    Fetch {
        /// Feed addresses or OPML files.
        sources: Vec<String>,
        /// The folder the items are saved in (one HTML file per item, a folder per feed).
        #[arg(long, value_name = "DIR")]
        into: PathBuf,
        /// Longest a feed may take, in seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 20)]
        timeout: u64,
        /// Largest a feed may be, in megabytes (as decoded).
        #[arg(long, value_name = "MB", default_value_t = 10)]
        max_size: u64,
    },
    /// Report every file that could not be read, or was read only in part.
    ///
    /// Exit status: 0 when everything loaded, 1 when some files were skipped or partly read,
    /// 2 when nothing could be loaded or a path does not exist.
    Check {
        /// Folders or files of articles.
        paths: Vec<PathBuf>,
    },
    /// The cache of clean articles and their names, which makes opening a corpus again quick.
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
}

/// What to do with the cache.
#[derive(Debug, Subcommand)]
enum CacheAction {
    /// Delete the cache of every corpus.
    Clear,
    /// Print the folder the cache is kept in.
    Path,
}

/// How data is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// One JSON array, for scripts.
    Json,
}

/// How a list of articles is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    /// Aligned columns for people.
    Table,
    /// One JSON array, for scripts.
    Json,
    /// One JSON object per line, with each article's entities.
    Jsonl,
    /// A Markdown document: each article's metadata, entities and text.
    Markdown,
    /// Comma-separated values with a header row.
    Csv,
}

impl timeline::Format {
    /// The timeline's format for `--format`.
    fn of(format: Option<ListFormat>) -> Result<Self, String> {
        match format {
            None | Some(ListFormat::Table) => Ok(Self::Table),
            Some(ListFormat::Json) => Ok(Self::Json),
            Some(ListFormat::Csv) => Ok(Self::Csv),
            Some(_) => Err("--format: the timeline prints table, json or csv".into()),
        }
    }
}

impl ListFormat {
    /// The export format it names, if it is one.
    fn export(self) -> Option<crate::export::Format> {
        match self {
            ListFormat::Jsonl => Some(crate::export::Format::Jsonl),
            ListFormat::Markdown => Some(crate::export::Format::Markdown),
            ListFormat::Csv => Some(crate::export::Format::Csv),
            ListFormat::Table | ListFormat::Json => None,
        }
    }
}

/// Row orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Sort {
    /// Newest first, undated last.
    Date,
    /// By source, then newest first.
    Source,
    /// By title.
    Title,
    /// As found on disk.
    Path,
}

/// Runs newsdesk with the process's arguments; returns its exit status.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { EXIT_ERROR } else { EXIT_OK });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("newsdesk: {message}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// `table` or `json`, the formats of the commands that print no list of articles.
fn table_or_json(format: Option<ListFormat>) -> Result<OutputFormat, String> {
    match format {
        None | Some(ListFormat::Table) => Ok(OutputFormat::Table),
        Some(ListFormat::Json) => Ok(OutputFormat::Json),
        Some(other) => Err(format!(
            "--format {}: this command prints table or json",
            other.to_possible_value().map_or_else(String::new, |v| v.get_name().to_owned())
        )),
    }
}

fn run(cli: Cli) -> Result<u8, String> {
    if cli.command.is_some() && !cli.paths.is_empty() {
        let first = sanitize::line(&cli.paths[0].to_string_lossy()).into_owned();
        return Err(format!("{first:?} comes before the command: give paths after it (`newsdesk list PATH`)"));
    }
    if cli.print_default_config {
        print!("{EXAMPLE}");
        return Ok(EXIT_OK);
    }
    let (config, file) = Config::load(cli.config.as_deref()).map_err(|e: FileError| e.to_string())?;
    let deferred = std::sync::Arc::new(config.deferred_recogniser().map_err(|e| e.to_string())?);
    let options = LoadOptions { rules: config.rules().map_err(|e| e.to_string())? };
    // The reader builds the recogniser in the background; every other command needs it now.
    let opens_reader = cli.command.is_none() && io::stdout().is_terminal();
    let shared = (!opens_reader).then(|| deferred.get());
    let recogniser = shared.as_deref();
    let loading =
        Loading { config: &config, options: &options, cache: !cli.leave_out.no_cache, for_reader: opens_reader };
    let corrections = if cli.leave_out.no_corrections { None } else { CorrectionsFile::beside(cli.config.as_deref()) };
    let load_corrected =
        |paths: &[PathBuf], recogniser| load_and_correct(paths, &loading, recogniser, corrections.as_ref());
    match cli.command {
        None => open_reader(&cli, file.as_deref(), &loading, deferred, corrections),
        Some(Action::List { paths, sort }) => {
            let format = cli.format.unwrap_or(ListFormat::Table);
            let library = load_corrected(&paths, recogniser)?;
            print_list(&library, format, sort)
        }
        Some(Action::Show { id, paths, raw }) => {
            let library = load_corrected(&paths, recogniser)?;
            show(&library, &id, raw)
        }
        Some(Action::Entities { paths, kind, with, edges, min_weight }) => {
            entities(|| load_corrected(&paths, recogniser), cli.format, kind, with, edges, min_weight)
        }
        Some(Action::Search { query, paths }) => {
            let format = cli.format.unwrap_or(ListFormat::Table);
            let query = parse_query(&query)?;
            let mut library = load_corrected(&paths, recogniser)?;
            find_stories_for(&mut library, &query)?;
            let marks = marks_of(&library, &inputs(&paths, &config));
            print_search(&library, &query, format, &marks)
        }
        Some(Action::Stories { paths, join, cohesion, days }) => {
            let format = match table_or_json(cli.format)? {
                OutputFormat::Table => stories::Format::Table,
                OutputFormat::Json => stories::Format::Json,
            };
            let library = load_corrected(&paths, recogniser)?;
            let found = crate::stories::detect(
                library.articles(),
                Some(library.entities()),
                stories::tuning(join, cohesion, days),
            );
            finish_output(stories::print(&library, &found, format))
        }
        Some(Action::Timeline { paths, query, by }) => {
            let format = timeline::Format::of(cli.format)?;
            let query = query.as_deref().map(parse_query).transpose()?;
            let library = load_corrected(&paths, recogniser)?;
            let marks = marks_of(&library, &inputs(&paths, &config));
            print_timeline(library, query.as_ref(), &marks, by, format)
        }
        Some(Action::Fetch { sources, into, timeout, max_size }) => fetch(&sources, &into, timeout, max_size),
        Some(Action::Cache { action }) => cache_command(&action),
        Some(Action::Check { paths }) => {
            let format = table_or_json(cli.format)?;
            let library = load_quietly(&paths, &loading, recogniser);
            check(&library, format)
        }
    }
}

/// `newsdesk entities`: the list, one entity's partners (`--with`) or every pair (`--edges`).
fn entities(
    load: impl FnOnce() -> Result<Library, String>,
    format: Option<ListFormat>,
    kind: Option<Kind>,
    with: Option<String>,
    edges: bool,
    min_weight: u32,
) -> Result<u8, String> {
    let pairs_format = match format {
        Some(ListFormat::Json) => cooccurrence::Format::Json,
        Some(ListFormat::Csv) => cooccurrence::Format::Csv,
        _ => cooccurrence::Format::Table,
    };
    if with.is_none() && !edges {
        let format = table_or_json(format)?;
        let library = load()?;
        return print_entities(&library, kind, format);
    }
    if !matches!(format, None | Some(ListFormat::Table | ListFormat::Json | ListFormat::Csv)) {
        return Err("--format: --with and --edges print table, json or csv".into());
    }
    let library = load()?;
    match with {
        Some(name) => {
            let entity = cooccurrence::find(library.entities(), &name)?;
            cooccurrence::print_partners(library.entities(), entity, pairs_format)
        }
        None => cooccurrence::print_edges(library.entities(), min_weight, pairs_format),
    }
}

/// `newsdesk cache clear` and `newsdesk cache path`.
fn cache_command(action: &CacheAction) -> Result<u8, String> {
    let folder = Cache::folder().ok_or("this platform has no cache folder (set XDG_CACHE_HOME)")?;
    let shown = sanitize::line(&folder.display().to_string()).into_owned();
    match action {
        CacheAction::Path => println!("{shown}"),
        CacheAction::Clear => {
            let (files, bytes) = cache::clear(&folder).map_err(|e| format!("{shown}: {e}"))?;
            let megabytes = format!("{}.{} MB", bytes / 1_000_000, bytes / 100_000 % 10);
            println!("cleared {} ({megabytes}) from {shown}", counted(files, "cache", "caches"));
        }
    }
    Ok(EXIT_OK)
}

/// The reader on the paths given (see [`run`]); when stdout is no terminal, the list of
/// articles instead.
fn open_reader(
    cli: &Cli,
    file: Option<&std::path::Path>,
    loading: &Loading<'_>,
    deferred: std::sync::Arc<crate::entities::DeferredRecogniser>,
    corrections: Option<CorrectionsFile>,
) -> Result<u8, String> {
    let (config, options) = (loading.config, loading.options);
    // Everything that can fail does so before the terminal is touched.
    let keymap = config.keymap().map_err(|e| match file {
        Some(file) => format!("{}: {e}", sanitize::line(&file.to_string_lossy())),
        None => e.to_string(),
    })?;
    if !io::stdout().is_terminal() {
        let recogniser = deferred.get();
        let library = load_and_correct(&cli.paths, loading, Some(&recogniser), corrections.as_ref())?;
        return print_list(&library, ListFormat::Table, Sort::Date);
    }
    // The reader opens on the stories and finds their entities meanwhile.
    let mut library = load(&cli.paths, loading, None)?;
    let problems = said_briefly(&apply_corrections(&mut library, corrections.as_ref()));
    let no_color = cli.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let store = crate::persist::Store::for_corpus(&inputs(&cli.paths, config));
    let (live, watch) = (Some(options.clone()), config.corpus.watch);
    let (recogniser, crash_test) = (Some(deferred), cli.crash_test);
    let reader = tui::Options { no_color, crash_test, store, recogniser, live, watch, corrections, problems };
    tui::run(library, config, &keymap, &reader).map_err(|e| format!("terminal error: {e}"))?;
    Ok(EXIT_OK)
}

/// What to load: the paths given, else the config's, else the built-in library.
fn inputs(paths: &[PathBuf], config: &Config) -> Vec<Location> {
    let chosen = if paths.is_empty() { &config.corpus.paths } else { paths };
    if chosen.is_empty() { vec![Location::Builtin] } else { chosen.iter().cloned().map(Location::Path).collect() }
}

/// How the commands load: the configuration, its load options, and whether the cache is used.
struct Loading<'a> {
    config: &'a Config,
    options: &'a LoadOptions,
    cache: bool,
    /// The reader tells of the cache itself (stderr is behind its screen).
    for_reader: bool,
}

/// Loads the library with a progress indicator on stderr when it is large; says on stderr what
/// went wrong with the cache, if anything did.
fn load_quietly(paths: &[PathBuf], loading: &Loading<'_>, recogniser: Option<&Recogniser>) -> Library {
    let bar = indicatif::ProgressBar::hidden();
    let progress = |p: Progress| {
        if p.total >= PROGRESS_MIN {
            // Each stage opens with one report of nothing done, before its workers start.
            if p.done == 0 {
                let template = match p.stage {
                    Stage::Reading => "reading {pos}/{len} files {wide_bar} {eta}",
                    Stage::Naming => "finding names {pos}/{len} articles {wide_bar} {eta}",
                };
                if bar.is_hidden() {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
                bar.set_style(
                    indicatif::ProgressStyle::with_template(template)
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                bar.reset_eta();
            }
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
        }
    };
    let inputs = inputs(paths, loading.config);
    let cache = loading.cache.then(|| Cache::for_corpus(&inputs)).flatten();
    let library = Library::open(&inputs, loading.options, recogniser, cache, &progress);
    bar.finish_and_clear();
    if let Some(note) = (!loading.for_reader).then(|| library.take_cache_note()).flatten() {
        eprintln!("newsdesk: {note}");
    }
    library
}

/// Loads the library (see [`load`]) and applies the corrections file, when there is one; what
/// is wrong in it is told on stderr, each bad entry with its line (the others apply).
fn load_and_correct(
    paths: &[PathBuf],
    loading: &Loading<'_>,
    recogniser: Option<&Recogniser>,
    corrections: Option<&CorrectionsFile>,
) -> Result<Library, String> {
    let mut library = load(paths, loading, recogniser)?;
    let problems = apply_corrections(&mut library, corrections);
    for problem in &problems {
        // The file may quote names found in articles: made safe to print.
        eprintln!("newsdesk: {}", sanitize::text(&problem.to_string()));
    }
    if !problems.is_empty() {
        eprintln!("newsdesk: the other corrections apply");
    }
    Ok(library)
}

/// Bad entries of the corrections file as the reader's status bar says them: file, line and
/// what, the lines of context left out.
fn said_briefly(problems: &[FileError]) -> Vec<String> {
    let mut said: Vec<String> = problems
        .iter()
        .map(|e| {
            let file = e.file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let line = e.position.map(|(line, _)| format!(":{line}")).unwrap_or_default();
            format!("{file}{line}: {}", e.message)
        })
        .collect();
    if !said.is_empty() {
        said.push("the other corrections apply".into());
    }
    said
}

/// Applies the corrections file (when there is one) to the library; returns what is wrong
/// in it, each bad entry with its line (the others apply).
fn apply_corrections(library: &mut Library, file: Option<&CorrectionsFile>) -> Vec<FileError> {
    let Some(file) = file else { return Vec::new() };
    let parsed = file.load();
    library.set_corrections(parsed.corrections);
    parsed.problems
}

/// Loads the library; a missing path or an empty result is an error, other problems a note.
fn load(paths: &[PathBuf], loading: &Loading<'_>, recogniser: Option<&Recogniser>) -> Result<Library, String> {
    let library = load_quietly(paths, loading, recogniser);
    let report = library.report();
    if report.has_missing_path() {
        let missing: Vec<String> = report
            .problems
            .iter()
            .filter(|p| p.kind == corpus::ProblemKind::NotFound)
            .map(ToString::to_string)
            .collect();
        return Err(missing.join("\nnewsdesk: "));
    }
    if !report.is_clean() {
        eprintln!(
            "newsdesk: {} in {} of {} (skipped or read in part); `newsdesk check` lists them",
            counted(report.problems.len(), "problem", "problems"),
            report.files_with_problems(),
            counted(report.files_seen, "file", "files"),
        );
    }
    Ok(library)
}

/// The articles' indexes in a row order.
fn ordered(library: &Library, sort: Sort) -> Vec<usize> {
    let articles = library.articles();
    let mut rows: Vec<usize> = library.by_date();
    match sort {
        Sort::Date => {}
        Sort::Source => rows.sort_by_key(|&i| library.source_name(articles[i].source).to_lowercase()),
        Sort::Title => rows.sort_by_key(|&i| articles[i].title.to_lowercase()),
        Sort::Path => rows = (0..articles.len()).collect(),
    }
    rows
}

fn print_list(library: &Library, format: ListFormat, sort: Sort) -> Result<u8, String> {
    let rows = ordered(library, sort);
    let articles: Vec<&Article> = rows.iter().map(|&i| &library.articles()[i]).collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match (format, format.export()) {
        (_, Some(export)) => crate::export::write(&mut out, library, &rows, export),
        (ListFormat::Json, _) => {
            let json: Vec<serde_json::Value> = articles.iter().map(|a| article_json(library, a)).collect();
            serde_json::to_writer_pretty(&mut out, &json).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
        _ => write_table(&mut out, library, &articles),
    };
    finish_output(written.and_then(|()| out.flush()))
}

/// Snippets in search output are about this many characters wide.
const SNIPPET_WIDTH: usize = 60;

/// Fetches the feeds into a folder with a progress bar on stderr, then prints the summary.
fn fetch(sources: &[String], into: &std::path::Path, timeout: u64, max_size: u64) -> Result<u8, String> {
    // A day and a terabyte are plenty: larger values would overflow.
    let limits = &crate::fetch::Limits {
        timeout: std::time::Duration::from_secs(timeout.clamp(1, 86_400)),
        max_bytes: max_size.clamp(1, 1 << 20) * 1024 * 1024,
    };
    let urls = crate::fetch::addresses(sources, into)?;
    std::fs::create_dir_all(into).map_err(|e| format!("{}: {e}", into.display()))?;
    crate::fetch::remember(into, &urls).map_err(|e| format!("{}: {e}", into.display()))?;
    let state = dirs::state_dir().or_else(dirs::data_local_dir).map(|d| d.join("newsdesk").join("feeds"));
    let bar = if io::stderr().is_terminal() {
        indicatif::ProgressBar::new(urls.len() as u64).with_style(
            indicatif::ProgressStyle::with_template("fetching {pos}/{len} feeds {wide_bar}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    let summary =
        crate::fetch::fetch_all(&urls, into, limits, state.as_deref(), &|done, _| bar.set_position(done as u64));
    bar.finish_and_clear();
    for (url, why) in &summary.failed {
        eprintln!("newsdesk: {url}: {why}");
    }
    println!("{}", summary.line());
    Ok(if summary.failed.is_empty() { EXIT_OK } else { EXIT_NO_MATCH })
}

/// Prints the timeline of the articles a query finds (all of them without one).
fn print_timeline(
    mut library: Library,
    query: Option<&crate::query::Query>,
    marks: &crate::search::Marks,
    by: timeline::By,
    format: timeline::Format,
) -> Result<u8, String> {
    let articles: Vec<usize> = match query {
        Some(query) => {
            find_stories_for(&mut library, query)?;
            crate::search::search_marked(&library, query, marks).iter().map(|h| h.article as usize).collect()
        }
        None => (0..library.articles().len()).collect(),
    };
    let (periods, undated) = timeline::periods(&library, &articles, by);
    finish_output(timeline::print(&periods, undated, by, format))
}

/// What the reader marked in this library (read, starred), for `unread` and `starred`.
fn marks_of(library: &Library, inputs: &[Location]) -> crate::search::Marks {
    let mut state = crate::reader::state::State::new(library, 0, 0);
    if let Some(store) = crate::persist::Store::for_corpus(inputs) {
        let (memory, problem) = store.load();
        if let Some(problem) = problem {
            eprintln!("newsdesk: {problem}");
        }
        crate::reader::lasting::restore(&mut state, library, memory);
    }
    state.marks
}

/// A query, or what does not parse in it (each part, with its column).
fn parse_query(text: &str) -> Result<crate::query::Query, String> {
    let query = crate::query::Query::parse(text);
    if !query.errors.is_empty() {
        let errors: Vec<String> = query
            .errors
            .iter()
            .map(|error| {
                format!(
                    "query: `{}` (column {}): {error}",
                    sanitize::line(&text[error.span.clone()]),
                    text[..error.span.start].chars().count() + 1
                )
            })
            .collect();
        return Err(errors.join("\nnewsdesk: "));
    }
    Ok(query)
}

/// Finds the stories when the query names one (`story:ID`); `story:` alone, the reader's
/// selected article's story, means nothing here.
fn find_stories_for(library: &mut Library, query: &crate::query::Query) -> Result<(), String> {
    if query.terms.iter().any(|t| t.test == crate::query::Test::Story(None)) {
        return Err("query: `story:` alone is the story of the article selected in the reader; here, give a story's id (`newsdesk stories` lists them)".into());
    }
    if query.uses_stories() {
        let found = library.find_stories(&|_| {}, &std::sync::atomic::AtomicBool::new(false));
        library.set_stories(found.expect("nothing stops this build"));
    }
    Ok(())
}

fn print_search(
    library: &Library,
    query: &crate::query::Query,
    format: ListFormat,
    marks: &crate::search::Marks,
) -> Result<u8, String> {
    let hits = crate::search::search_marked(library, query, marks);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match (format, format.export()) {
        (_, Some(export)) => {
            let rows: Vec<usize> = hits.iter().map(|h| h.article as usize).collect();
            crate::export::write(&mut out, library, &rows, export)
        }
        (ListFormat::Json, _) => {
            let json: Vec<serde_json::Value> = hits
                .iter()
                .map(|hit| {
                    let mut row = article_json(library, &library.articles()[hit.article as usize]);
                    let why = hit.explain(library, SNIPPET_WIDTH);
                    row["score"] = hit.score.into();
                    row["why"] = serde_json::json!({ "field": why.field, "text": why.text });
                    row
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &json).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
        _ => write_search_table(&mut out, library, &hits),
    };
    // As grep: 0 when something matched, 1 when nothing did.
    finish_output(written.and_then(|()| out.flush())).map(|code| if hits.is_empty() { EXIT_NO_MATCH } else { code })
}

fn write_search_table(out: &mut impl Write, library: &Library, hits: &[crate::search::Hit]) -> io::Result<()> {
    writeln!(out, "{:>5}  {:<10}  {:<10}  TITLE / WHY", "SCORE", "ID", "DATE")?;
    for hit in hits {
        let article = &library.articles()[hit.article as usize];
        let date = article.date_iso().unwrap_or_else(|| "undated".to_owned());
        writeln!(out, "{:>5}  {}  {date:<10}  {}", hit.score, article.id, sanitize::line(&article.title))?;
        let why = hit.explain(library, SNIPPET_WIDTH);
        if why.field != "title" {
            writeln!(out, "{:>31}{}: {}", "", why.field, sanitize::line(&why.text))?;
        }
    }
    Ok(())
}

/// A broken pipe (`newsdesk list | head`) is not an error.
fn finish_output(written: io::Result<()>) -> Result<u8, String> {
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("cannot write the output: {e}")),
        _ => Ok(EXIT_OK),
    }
}

fn write_table(out: &mut impl Write, library: &Library, rows: &[&Article]) -> io::Result<()> {
    let source_width =
        rows.iter().map(|a| library.source_name(a.source).width().min(24)).max().unwrap_or(0).max("SOURCE".len());
    writeln!(out, "{:<10}  {:<10}  {}  {:>6}  TITLE", "ID", "DATE", pad("SOURCE", source_width), "WORDS")?;
    for article in rows {
        let date = article.date_iso().unwrap_or_else(|| "undated".to_owned());
        let source = pad(&sanitize::line(library.source_name(article.source)), source_width);
        writeln!(
            out,
            "{}  {date:<10}  {source}  {:>6}  {}",
            article.id,
            article.words,
            sanitize::line(&article.title)
        )?;
    }
    Ok(())
}

/// `text` cut or padded to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(&" ".repeat(width - used));
    out
}

fn show(library: &Library, id: &str, raw: bool) -> Result<u8, String> {
    let article = find_article(library, id)?;
    let mut out = io::stdout().lock();
    let written = if raw {
        let text =
            corpus::raw_text(article).map_err(|e| format!("{}: cannot read the raw text: {e}", article.origin))?;
        write!(out, "{text}").and_then(|()| if text.ends_with('\n') { Ok(()) } else { writeln!(out) })
    } else {
        let mut meta = vec![library.source_name(article.source).to_owned()];
        meta.push(article.dated(|d| d.to_string()));
        meta.push(counted(article.words as usize, "word", "words"));
        meta.extend(article.url.clone());
        writeln!(out, "{}\n{}\n\n{}", sanitize::line(&article.title), sanitize::line(&meta.join(" · ")), article.text)
    };
    finish_output(written)
}

/// The article an id or id prefix names.
fn find_article<'a>(library: &'a Library, id: &str) -> Result<&'a Article, String> {
    let id = id.trim();
    if id.len() < 4 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!(
            "{:?} is not an article id: ids are hexadecimal, give at least 4 digits (see `newsdesk list`)",
            sanitize::line(id)
        ));
    }
    match library.corpus().find_by_prefix(id).as_slice() {
        [one] => Ok(one),
        [] => Err(format!("no article has an id starting with {id} (see `newsdesk list`)")),
        many => Err(format!(
            "{} articles have ids starting with {id}: {}; give more digits",
            many.len(),
            many.iter().take(5).map(|a| a.id.to_string()).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    text.parse()
}

fn print_entities(library: &Library, kind: Option<Kind>, format: OutputFormat) -> Result<u8, String> {
    let index = library.entities();
    let mut entities: Vec<&Entity> =
        index.entities().iter().filter(|e| e.mentions > 0 && kind.is_none_or(|k| e.kind == k)).collect();
    entities.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(&b.name)));
    let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
    let mut out = io::stdout().lock();
    let written = match format {
        OutputFormat::Json => {
            let json: Vec<serde_json::Value> = entities
                .iter()
                .map(|e| {
                    let ids: Vec<String> =
                        e.articles.iter().map(|(a, _)| library.articles()[*a as usize].id.to_string()).collect();
                    serde_json::json!({
                        "name": e.name, "kind": e.kind.name(), "aliases": e.aliases_seen,
                        "mentions": e.mentions, "articles": e.articles.len(), "article_ids": ids,
                        "first_date": date(e.first_date), "last_date": date(e.last_date),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &json).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
        OutputFormat::Table => {
            let width = entities.iter().map(|e| e.name.width().min(32)).max().unwrap_or(4).max(4);
            writeln!(
                out,
                "{}  {:<12}  {:>8}  {:>8}  {:<10}  {:<10}  ALIASES",
                pad("NAME", width),
                "KIND",
                "MENTIONS",
                "ARTICLES",
                "FIRST",
                "LAST"
            )
            .and_then(|()| {
                entities.iter().try_for_each(|e| {
                    writeln!(
                        out,
                        "{}  {:<12}  {:>8}  {:>8}  {:<10}  {:<10}  {}",
                        pad(&sanitize::line(&e.name), width),
                        e.kind.name(),
                        e.mentions,
                        e.articles.len(),
                        date(e.first_date).unwrap_or_else(|| "-".into()),
                        date(e.last_date).unwrap_or_else(|| "-".into()),
                        sanitize::line(&e.aliases_seen.join(", "))
                    )
                })
            })
        }
    };
    finish_output(written)
}

/// What `check` counts beside the problems.
struct CheckCounts {
    derived_titles: usize,
    undated: usize,
    skipped: usize,
}

impl CheckCounts {
    fn of(library: &Library) -> Self {
        let articles = library.articles();
        Self {
            derived_titles: articles.iter().filter(|a| a.title_derived).count(),
            undated: articles.iter().filter(|a| a.date.is_none()).count(),
            skipped: library.report().skipped(),
        }
    }
}

/// `check`'s last line: `12 files, 340 articles, 5 derived titles, 7 undated, 3 skipped`.
fn check_summary(library: &Library) -> String {
    let counts = CheckCounts::of(library);
    format!(
        "{}, {}, {}, {} undated, {} skipped",
        counted(library.report().files_seen, "file", "files"),
        counted(library.articles().len(), "article", "articles"),
        counted(counts.derived_titles, "derived title", "derived titles"),
        counts.undated,
        counts.skipped,
    )
}

fn check(library: &Library, format: OutputFormat) -> Result<u8, String> {
    let report = library.report();
    let mut out = io::stdout().lock();
    let written = match format {
        OutputFormat::Json => {
            let problems: Vec<serde_json::Value> = report
                .problems
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "path": p.path, "line": p.line, "kind": p.kind.label(),
                        "skipped": p.severity == corpus::Severity::Skipped, "detail": p.detail,
                    })
                })
                .collect();
            let counts = CheckCounts::of(library);
            let json = serde_json::json!({
                "articles": library.articles().len(),
                "files_seen": report.files_seen,
                "files_loaded": report.files_loaded,
                "bytes": report.bytes_read,
                "derived_titles": counts.derived_titles,
                "undated": counts.undated,
                "skipped": counts.skipped,
                "boilerplate_cut": report.cut_by_source,
                "problems": problems,
            });
            serde_json::to_writer_pretty(&mut out, &json).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
        OutputFormat::Table => report
            .problems
            .iter()
            .try_for_each(|p| writeln!(out, "{p}"))
            .and_then(|()| report.cut_summary().map_or(Ok(()), |cut| writeln!(out, "{cut}")))
            .and_then(|()| writeln!(out, "{}", check_summary(library))),
    };
    finish_output(written)?;
    Ok(if report.has_missing_path() || library.articles().is_empty() {
        EXIT_ERROR
    } else if report.is_clean() {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    })
}
