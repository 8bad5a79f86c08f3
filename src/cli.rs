//! The command line: parses arguments, loads the configuration and the corpus, and runs a
//! subcommand or the reader. Data goes to stdout, messages to stderr; this is the only module
//! that prints.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use unicode_width::UnicodeWidthStr;

use crate::app;
use crate::config::{Config, ConfigError, EXAMPLE};
use crate::corpus::{self, Article, Corpus, Input, LoadOptions, Progress};
use crate::sanitize;

/// Exit status: everything went well.
pub const EXIT_OK: u8 = 0;
/// Exit status of `check`: some files were skipped or read only in part.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status: bad usage, a bad config file, a path that does not exist, nothing loaded, or
/// no such article.
pub const EXIT_ERROR: u8 = 2;

/// Below this many files, loading is quick enough to need no progress indicator.
const PROGRESS_MIN_FILES: usize = 1000;

/// newsdesk: read, filter and cross-reference a corpus of news articles from the terminal.
///
/// With no command, opens the reader on PATHs (folders are read recursively), else on the
/// config's [corpus] paths, else on the built-in default corpus.
#[derive(Debug, Parser)]
#[command(name = "newsdesk", version, args_conflicts_with_subcommands = true, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Folders or files of articles (.txt, .md, .markdown, .jsonl, .ndjson, .json).
    paths: Vec<PathBuf>,
    /// Read the configuration from this file instead of the platform's config folder.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print the default configuration, with every option documented, and exit.
    #[arg(long)]
    print_default_config: bool,
    /// Panic at the first key press (to test that the terminal is restored).
    #[arg(long, hide = true)]
    crash_test: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the articles: id, date, source, words, title.
    List {
        /// Folders or files of articles.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
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
    /// Report every file that could not be read, or was read only in part.
    ///
    /// Exit status: 0 when everything loaded, 1 when some files were skipped or partly read,
    /// 2 when nothing could be loaded or a path does not exist.
    Check {
        /// Folders or files of articles.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
}

/// How data is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// One JSON array, for scripts.
    Json,
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

fn run(cli: Cli) -> Result<u8, String> {
    if cli.print_default_config {
        print!("{EXAMPLE}");
        return Ok(EXIT_OK);
    }
    let (config, file) = Config::load(cli.config.as_deref()).map_err(|e: ConfigError| e.to_string())?;
    let options = LoadOptions { rules: config.rules().map_err(|e| e.to_string())? };
    match cli.command {
        None => {
            // Everything that can fail does so before the terminal is touched.
            let keymap = config.keymap().map_err(|e| match &file {
                Some(file) => format!("{}: {e}", sanitize::line(&file.to_string_lossy())),
                None => e.to_string(),
            })?;
            let corpus = load(&cli.paths, &config, &options)?;
            if !io::stdout().is_terminal() {
                return print_list(&corpus, OutputFormat::Table, Sort::Date);
            }
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let reader = app::Options { no_color, crash_test: cli.crash_test };
            app::run(&corpus, &config, &keymap, &reader).map_err(|e| format!("terminal error: {e}"))?;
            Ok(EXIT_OK)
        }
        Some(Command::List { paths, format, sort }) => {
            let corpus = load(&paths, &config, &options)?;
            print_list(&corpus, format, sort)
        }
        Some(Command::Show { id, paths, raw }) => {
            let corpus = load(&paths, &config, &options)?;
            show(&corpus, &id, raw)
        }
        Some(Command::Check { paths, format }) => {
            let corpus = load_quietly(&paths, &config, &options);
            check(&corpus, format)
        }
    }
}

/// What to load: the paths given, else the config's, else the built-in corpus.
fn inputs(paths: &[PathBuf], config: &Config) -> Vec<Input> {
    let chosen = if paths.is_empty() { &config.corpus.paths } else { paths };
    if chosen.is_empty() { vec![Input::Builtin] } else { chosen.iter().cloned().map(Input::Path).collect() }
}

/// Loads the corpus with a progress indicator on stderr when it is large.
fn load_quietly(paths: &[PathBuf], config: &Config, options: &LoadOptions) -> Corpus {
    let bar = indicatif::ProgressBar::hidden();
    let progress = |p: Progress| {
        if p.total >= PROGRESS_MIN_FILES {
            if bar.is_hidden() && p.done == 0 {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar.set_style(
                    indicatif::ProgressStyle::with_template("reading {pos}/{len} files {wide_bar} {eta}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
            }
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
        }
    };
    let corpus = corpus::load(&inputs(paths, config), options, &progress);
    bar.finish_and_clear();
    corpus
}

/// Loads the corpus; a missing path or an empty result is an error, other problems a note.
fn load(paths: &[PathBuf], config: &Config, options: &LoadOptions) -> Result<Corpus, String> {
    let corpus = load_quietly(paths, config, options);
    let report = corpus.report();
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
            "newsdesk: {} problems in {} of {} files (skipped or read in part); `newsdesk check` lists them",
            report.problems.len(),
            report.files_with_problems(),
            report.files_seen,
        );
    }
    Ok(corpus)
}

fn ordered(corpus: &Corpus, sort: Sort) -> Vec<&Article> {
    let articles = corpus.articles();
    let mut rows: Vec<&Article> = corpus.by_date().into_iter().map(|i| &articles[i]).collect();
    match sort {
        Sort::Date => {}
        Sort::Source => rows.sort_by_key(|a| corpus.source_name(a.source).to_lowercase()),
        Sort::Title => rows.sort_by_key(|a| a.title.to_lowercase()),
        Sort::Path => rows = articles.iter().collect(),
    }
    rows
}

fn print_list(corpus: &Corpus, format: OutputFormat, sort: Sort) -> Result<u8, String> {
    let rows = ordered(corpus, sort);
    let mut out = io::stdout().lock();
    let written = match format {
        OutputFormat::Json => {
            let json: Vec<serde_json::Value> = rows.iter().map(|a| article_json(corpus, a)).collect();
            serde_json::to_writer_pretty(&mut out, &json).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
        OutputFormat::Table => write_table(&mut out, corpus, &rows),
    };
    finish_output(written)
}

/// A broken pipe (`newsdesk list | head`) is not an error.
fn finish_output(written: io::Result<()>) -> Result<u8, String> {
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("cannot write the output: {e}")),
        _ => Ok(EXIT_OK),
    }
}

/// An article as `--format json` shows it: the fields scripts rely on.
fn article_json(corpus: &Corpus, article: &Article) -> serde_json::Value {
    serde_json::json!({
        "id": article.id.to_string(),
        "title": article.title,
        "date": article.date.map(|d| d.to_string()),
        "event_date": article.event_date.map(|d| d.to_string()),
        "source": corpus.source_name(article.source),
        "url": article.url,
        "authors": article.authors,
        "tags": article.tags,
        "words": article.words,
        "path": article.origin.to_string(),
    })
}

fn write_table(out: &mut impl Write, corpus: &Corpus, rows: &[&Article]) -> io::Result<()> {
    let source_width =
        rows.iter().map(|a| corpus.source_name(a.source).width().min(24)).max().unwrap_or(0).max("SOURCE".len());
    writeln!(out, "{:<10}  {:<10}  {}  {:>6}  TITLE", "ID", "DATE", pad("SOURCE", source_width), "WORDS")?;
    for article in rows {
        let date = article.date.map_or_else(|| "undated".to_owned(), |d| d.to_string());
        let source = pad(&sanitize::line(corpus.source_name(article.source)), source_width);
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

fn show(corpus: &Corpus, id: &str, raw: bool) -> Result<u8, String> {
    let article = find_article(corpus, id)?;
    let mut out = io::stdout().lock();
    let written = if raw {
        let text =
            corpus::raw_text(article).map_err(|e| format!("{}: cannot read the raw text: {e}", article.origin))?;
        write!(out, "{text}").and_then(|()| if text.ends_with('\n') { Ok(()) } else { writeln!(out) })
    } else {
        let mut meta = vec![corpus.source_name(article.source).to_owned()];
        meta.push(match (article.date, article.event_date) {
            (Some(date), _) => date.to_string(),
            (None, Some(event)) => format!("undated (reports events of {event})"),
            (None, None) => "undated".to_owned(),
        });
        meta.push(format!("{} words", article.words));
        meta.extend(article.url.clone());
        writeln!(out, "{}\n{}\n\n{}", sanitize::line(&article.title), sanitize::line(&meta.join(" · ")), article.text)
    };
    finish_output(written)
}

/// The article an id or id prefix names.
fn find_article<'a>(corpus: &'a Corpus, id: &str) -> Result<&'a Article, String> {
    let id = id.trim();
    if id.len() < 4 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!(
            "{:?} is not an article id: ids are hexadecimal, give at least 4 digits (see `newsdesk list`)",
            sanitize::line(id)
        ));
    }
    match corpus.find_by_prefix(id).as_slice() {
        [one] => Ok(one),
        [] => Err(format!("no article has an id starting with {id} (see `newsdesk list`)")),
        many => Err(format!(
            "{} articles have ids starting with {id}: {}; give more digits",
            many.len(),
            many.iter().take(5).map(|a| a.id.to_string()).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn check(corpus: &Corpus, format: OutputFormat) -> Result<u8, String> {
    let report = corpus.report();
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
            let json = serde_json::json!({
                "articles": corpus.articles().len(),
                "files_seen": report.files_seen,
                "files_loaded": report.files_loaded,
                "bytes": report.bytes_read,
                "problems": problems,
            });
            serde_json::to_writer_pretty(&mut out, &json).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
        OutputFormat::Table => {
            let summary = format!(
                "{} articles from {} of {} files ({} bytes); {} files with problems",
                corpus.articles().len(),
                report.files_loaded,
                report.files_seen,
                report.bytes_read,
                report.files_with_problems()
            );
            writeln!(out, "{summary}").and_then(|()| report.problems.iter().try_for_each(|p| writeln!(out, "{p}")))
        }
    };
    finish_output(written)?;
    Ok(if report.has_missing_path() || corpus.articles().is_empty() {
        EXIT_ERROR
    } else if report.is_clean() {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    })
}
