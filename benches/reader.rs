//! Reader benchmark: the time to the first frame of the real binary in a pseudo-terminal on
//! the default corpus, and the time to update and redraw the screen after a key at 1k, 10k and
//! 100k articles (the synthetic plain-text corpora of the load benchmark).
//!
//! It also times, on the synthetic corpora, how long the real binary takes to show its first
//! frame and to find the entities (which it does after opening).
//!
//! Last, the entity browser (`E`): opening it (counting every entity of the listed articles,
//! sorting, drawing), opening it again on the same list, a sort key, a kind key, and each key of
//! a name typed into its filter, then taken back.
//!
//! `cargo bench --bench reader` (options after `--`: `--sizes 1000,100000 --runs 200`,
//! `--starts 3` for the startups timed per size, `--binary PATH` to time another build,
//! `--frame-only` for a build that finds the names before it opens, `--tables
//! start,keys,browser` for some of the tables).
//! Medians; frames are drawn into an off-screen buffer of 200×50 cells, which is what ratatui
//! diffs against the terminal.

// Benchmark arithmetic turns counts into floating-point rates; precision is not at stake.
#![allow(clippy::cast_precision_loss)]

#[path = "support/measure.rs"]
mod measure;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::io::Read;
use std::time::{Duration, Instant};

use newsdesk::command::Command;
use newsdesk::config::Config;
use newsdesk::corpus::{LoadOptions, Location as Source};
use newsdesk::entities::Recogniser;
use newsdesk::library::Library;
use newsdesk::reader::state::State;
use newsdesk::reader::update::{Input, update};
use newsdesk::ui::{self, View};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The allocator the `newsdesk` binary uses, so that the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes =
        measure::list_arg(&args, "--sizes").unwrap_or_else(|| vec!["1000".into(), "10000".into(), "100000".into()]);
    let runs: usize = measure::list_arg(&args, "--runs").and_then(|r| r[0].parse().ok()).unwrap_or(200);

    let binary =
        measure::list_arg(&args, "--binary").map_or(env!("CARGO_BIN_EXE_newsdesk").to_owned(), |b| b[0].clone());
    let starts: usize = measure::list_arg(&args, "--starts").and_then(|r| r[0].parse().ok()).unwrap_or(3);
    // A build that finds the names before it opens never says "finding names".
    let frame_only = args.iter().any(|a| a == "--frame-only");
    let tables =
        measure::list_arg(&args, "--tables").unwrap_or_else(|| vec!["start".into(), "keys".into(), "browser".into()]);

    if tables.iter().any(|t| t == "start") {
        startups(&binary, &sizes, starts, frame_only);
    }
    if tables.iter().any(|t| t == "keys") {
        keys(&sizes, runs);
    }
    if tables.iter().any(|t| t == "browser") {
        browser(&sizes);
    }
}

/// The first frame on the default corpus, and the first frame and the names found on the
/// synthetic corpora.
fn startups(binary: &str, sizes: &[String], starts: usize, frame_only: bool) {
    let first_frames: Vec<f64> = (0..20).map(|_| startup_ms(binary, &[], false, None)[0]).collect();
    println!(
        "first frame of `newsdesk` on the default corpus: median {:.1} ms (20 starts)\n",
        measure::median(first_frames.into_iter())
    );
    println!("| articles | first frame ms | names found ms | warm: first frame ms | warm: names found ms |");
    println!("|---:|---:|---:|---:|---:|");
    for size in sizes.iter().filter_map(|s| s.parse::<u64>().ok()) {
        let dir = synthetic::corpus(synthetic::Format::Text, size).expect("write the corpus");
        let path = dir.to_string_lossy().into_owned();
        // Cold: no cache; warm: the cache an earlier start wrote once its names were found.
        let cold: Vec<Vec<f64>> =
            (0..starts).map(|_| startup_ms(binary, &[&path, "--no-cache"], !frame_only, None)).collect();
        let caches = bench_home().join("cache/newsdesk");
        let _ = std::fs::remove_dir_all(&caches);
        // A start that writes the cache (after its names are shown): waited for, as a quit does.
        startup_ms(binary, &[&path], true, Some(&caches));
        let warm: Vec<Vec<f64>> = (0..starts).map(|_| startup_ms(binary, &[&path], !frame_only, None)).collect();
        let median = |times: &[Vec<f64>], i: usize| {
            times[0].get(i).map_or("–".to_owned(), |_| format!("{:.0}", measure::median(times.iter().map(|t| t[i]))))
        };
        println!(
            "| {size} | {} | {} | {} | {} |",
            median(&cold, 0),
            median(&cold, 1),
            median(&warm, 0),
            median(&warm, 1)
        );
    }
    println!();
}

/// A key's update and redraw, for the keys of the article list, the article and the timeline.
fn keys(sizes: &[String], runs: usize) {
    println!(
        "| articles | move selection ms | scroll article ms | page down list ms | regroup ms | timeline step ms | stories list ms |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for size in sizes.iter().filter_map(|s| s.parse::<u64>().ok()) {
        let dir = synthetic::corpus(synthetic::Format::Text, size).expect("write the corpus");
        let mut corpus =
            Library::load(&[Source::Path(dir)], &LoadOptions::default(), Some(&Recogniser::builtin()), &|_| {});
        let stories = corpus.find_stories(&|_| {}, &std::sync::atomic::AtomicBool::new(false)).expect("not stopped");
        corpus.set_stories(stories);
        let corpus = corpus;
        let mut screen = Screen::new();
        let mut state = screen.reader_on(&corpus);
        let mut frame = |state: &mut State, command: Command| screen.frame(state, &corpus, Input::Command(command));
        let moves: Vec<f64> =
            (0..runs).map(|i| frame(&mut state, if i % 2 == 0 { Command::Down } else { Command::Up })).collect();
        let pages: Vec<f64> = (0..runs)
            .map(|i| frame(&mut state, if i % 2 == 0 { Command::PageDown } else { Command::PageUp }))
            .collect();
        frame(&mut state, Command::Open);
        let scrolls: Vec<f64> =
            (0..runs).map(|i| frame(&mut state, if i % 2 == 0 { Command::Down } else { Command::Up })).collect();
        frame(&mut state, Command::Back);
        let regroups: Vec<f64> = (0..6).map(|_| frame(&mut state, Command::CycleGrouping)).collect();
        // The timeline counts the listed articles per day at each step and each frame.
        frame(&mut state, Command::Timeline);
        let steps: Vec<f64> =
            (0..runs).map(|i| frame(&mut state, if i % 2 == 0 { Command::Earlier } else { Command::Later })).collect();
        frame(&mut state, Command::Back);
        let stories: Vec<f64> = (0..6).map(|_| frame(&mut state, Command::ToggleStories)).collect();
        println!(
            "| {} | {:.3} | {:.3} | {:.3} | {:.1} | {:.2} | {:.1} |",
            corpus.articles().len(),
            measure::median(moves.into_iter()),
            measure::median(scrolls.into_iter()),
            measure::median(pages.into_iter()),
            measure::median(regroups.into_iter()),
            measure::median(steps.into_iter()),
            measure::median(stories.into_iter()),
        );
    }
}

/// The reader's screen as the benchmarks draw it: the default config, a 200×50 buffer (what
/// ratatui diffs against the terminal).
struct Screen {
    config: Config,
    keymap: newsdesk::config::keymap::Keymap,
    buf: Buffer,
}

impl Screen {
    fn new() -> Self {
        let config = Config::default();
        let keymap = config.keymap().expect("default keymap");
        Self { config, keymap, buf: Buffer::empty(Rect::new(0, 0, 200, 50)) }
    }

    /// The reader's state at start on `library`, on this screen.
    fn reader_on(&self, library: &Library) -> State {
        let mut state = State::new(library, self.config.layout.list_width, ui::help_lines(&self.keymap).len());
        update(&mut state, library, Input::Resize(200, 50));
        state
    }

    /// An input's update and the redraw after it, in ms.
    fn frame(&mut self, state: &mut State, library: &Library, input: Input) -> f64 {
        let start = Instant::now();
        update(state, library, input);
        self.buf.reset();
        let view = View { state, library, theme: &self.config.theme, keymap: &self.keymap };
        ui::render(view, self.buf.area, &mut self.buf);
        start.elapsed().as_secs_f64() * 1000.0
    }
}

/// The name typed into the entity browser's filter, one key at a time: a person the synthetic
/// articles name often, among 175,625 entities at 100k.
const BROWSER_FILTER: &str = "kevin hassett";

/// The search whose articles the browser is opened on too: a twentieth of them.
const BROWSER_SEARCH: &str = "source:cnbc";

/// Runs of the browser's keys timed at each size (medians printed).
const BROWSER_RUNS: usize = 15;

/// One key in the entity browser, timed: its own update and redraw (what shows first), then
/// the steps the loop runs after it while the browser has work left, each an update and a
/// redraw too.
#[derive(Clone, Copy, Default)]
struct Timed {
    /// The key's update and redraw, ms: the first results.
    first: f64,
    /// Until the work is done, ms.
    complete: f64,
    /// The longest of the steps after the key, ms.
    longest_step: f64,
}

/// The entity browser at each size: opening it (counting the entities of the listed
/// articles, here every article, and sorting them), opening it again on the same list, a sort
/// and a kind key, and each key of a name typed into the filter, then three taken back; each
/// an update and a redraw into a 200×50 buffer, as the first results and complete; medians of
/// [`BROWSER_RUNS`].
fn browser(sizes: &[String]) {
    for size in sizes.iter().filter_map(|s| s.parse::<u64>().ok()) {
        let dir = synthetic::corpus(synthetic::Format::Text, size).expect("write the corpus");
        let corpus =
            Library::load(&[Source::Path(dir)], &LoadOptions::default(), Some(&Recogniser::builtin()), &|_| {});
        let mut screen = Screen::new();
        let mut state = screen.reader_on(&corpus);
        let mut frame = |state: &mut State, input: Input| screen.frame(state, &corpus, input);
        // A key, then the steps the loop runs after it.
        let mut key = |state: &mut State, input: Input| {
            let first = frame(state, input);
            let mut timed = Timed { first, complete: first, longest_step: 0.0 };
            while newsdesk::reader::browser::working(state) {
                let step = frame(state, Input::Continue);
                timed.complete += step;
                timed.longest_step = timed.longest_step.max(step);
            }
            timed
        };
        let command = Input::Command;
        let (mut opens, mut reopens, mut others, mut searched) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut listed = 0;
        for _ in 0..BROWSER_RUNS {
            state.browser = None;
            opens.push(key(&mut state, command(Command::EntityBrowser)));
            key(&mut state, command(Command::EntityBrowser));
            reopens.push(key(&mut state, command(Command::EntityBrowser)));
            // The names known, another list: a search's, then every article again.
            key(&mut state, command(Command::EntityBrowser));
            search(&mut state, &corpus, BROWSER_SEARCH);
            searched.push(key(&mut state, command(Command::EntityBrowser)));
            listed = state.browser.as_ref().map_or(0, |b| b.view.articles());
            key(&mut state, command(Command::EntityBrowser));
            update(&mut state, &corpus, command(Command::Back));
            others.push(key(&mut state, command(Command::EntityBrowser)));
        }
        let sorts: Vec<Timed> = (0..BROWSER_RUNS).map(|_| key(&mut state, command(Command::SortEntities))).collect();
        while state.browser.as_ref().is_some_and(|b| b.sort != newsdesk::reader::browser::Sort::default()) {
            key(&mut state, command(Command::SortEntities));
        }
        let kinds: Vec<Timed> = (0..BROWSER_RUNS).map(|_| key(&mut state, command(Command::NextKind))).collect();
        while state.browser.as_ref().is_some_and(|b| b.kind.is_some()) {
            key(&mut state, command(Command::NextKind));
        }
        // Each run types the name afresh, then takes three keys back.
        let typed: Vec<char> = BROWSER_FILTER.chars().collect();
        let mut per_key: Vec<Vec<Timed>> = vec![Vec::new(); typed.len() + 3];
        let mut matches = vec![0; typed.len() + 3];
        for _ in 0..BROWSER_RUNS {
            key(&mut state, command(Command::FilterEntities));
            for (n, times) in per_key.iter_mut().enumerate() {
                let input = typed.get(n).map_or(command(Command::DeleteBack), |&c| Input::Type(c));
                times.push(key(&mut state, input));
                matches[n] = state.browser.as_ref().map_or(0, |b| b.shown.len());
            }
            key(&mut state, command(Command::Back));
        }
        let entities = state.browser.as_ref().map_or(0, |b| b.rows.len());
        let opening = [&opens[..], &reopens, &searched, &others];
        print_browser(
            (corpus.articles().len(), entities, listed),
            opening,
            [&sorts, &kinds],
            (&typed, &per_key, &matches),
        );
    }
}

/// Searches the articles for `query` as the reader's worker would, the filter kept.
fn search(state: &mut State, library: &Library, query: &str) {
    use newsdesk::reader::update::Effect;
    use newsdesk::search::worker::{Request, Response};
    let mut session = newsdesk::search::session::Session::new();
    update(state, library, Input::Command(Command::Search));
    for c in query.chars() {
        if let Some(Effect::Work(Request::Search { generation, text, marks })) = update(state, library, Input::Type(c))
        {
            let query = newsdesk::query::Query::parse(&text);
            let hits = session.search_marked(library, &query, &marks, &|| false, &mut |_| {}).expect("not stopped");
            update(state, library, Input::Worker(Response::Found { generation, hits, complete: true }));
        }
    }
    update(state, library, Input::Command(Command::Open));
    update(state, library, Input::Command(Command::Back));
}

/// The entity browser's tables.
fn print_browser(
    (articles, entities, listed): (usize, usize, usize),
    [opens, reopens, searched, others]: [&[Timed]; 4],
    [sorts, kinds]: [&[Timed]; 2],
    (typed, per_key, matches): (&[char], &[Vec<Timed>], &[usize]),
) {
    let median = |times: &[Timed], of: fn(&Timed) -> f64| measure::median(times.iter().map(of));
    let cells = |times: &[Timed]| {
        format!(
            "{:.2} | {:.2} | {:.2}",
            median(times, |t| t.first),
            median(times, |t| t.complete),
            median(times, |t| t.longest_step)
        )
    };
    println!("### Entity browser at {articles} articles ({entities} entities named)\n");
    println!("| key | first results ms | complete ms | longest step after ms |");
    println!("|---|---:|---:|---:|");
    println!("| `E` first open (names read and ordered, count, sort) | {} |", cells(opens));
    println!("| `E` open again, same list | {} |", cells(reopens));
    println!("| `E` open on `{BROWSER_SEARCH}`'s {listed} articles | {} |", cells(searched));
    println!("| `E` open on every article again | {} |", cells(others));
    println!("| `s` sort | {} |", cells(sorts));
    println!("| `tab` kind | {} |", cells(kinds));
    println!();
    println!("| key | filter | matches | first results ms | complete ms | longest step after ms |");
    println!("|---:|---|---:|---:|---:|---:|");
    for (n, times) in per_key.iter().enumerate() {
        let (what, filter): (String, String) = if n < typed.len() {
            ((n + 1).to_string(), typed[..=n].iter().collect())
        } else {
            ("⌫".to_owned(), typed[..typed.len() - (n + 1 - typed.len())].iter().collect())
        };
        println!("| {what} | `{filter}` | {} | {} |", matches[n], cells(times));
    }
    println!();
}

/// The home of the started binaries: their config, state and cache.
fn bench_home() -> std::path::PathBuf {
    std::env::temp_dir().join("newsdesk-bench-home")
}

/// Starts the release binary (or `--binary PATH`) on `args` in a 120×32 pseudo-terminal and
/// times, in ms, its first frame (the status bar, the last row drawn, shows) and, with `names`,
/// when the entities are found (the status bar said `finding names`, and no longer does).
fn startup_ms(binary: &str, args: &[&str], names: bool, cache_written: Option<&std::path::Path>) -> Vec<f64> {
    let pair =
        native_pty_system().openpty(PtySize { rows: 32, cols: 120, pixel_width: 0, pixel_height: 0 }).expect("pty");
    let home = bench_home();
    let mut command = CommandBuilder::new(binary);
    command.args(args);
    command.env("TERM", "xterm-256color");
    command.env("XDG_CONFIG_HOME", &home);
    command.env("XDG_CACHE_HOME", home.join("cache"));
    // No state saved by an earlier session (an article left open) is restored.
    command.env("XDG_STATE_HOME", home.join("state"));
    let _ = std::fs::remove_dir_all(home.join("state"));
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(command).expect("spawn");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(32.try_into().unwrap(), 120.try_into().unwrap(), 0);
        let mut buf = vec![0u8; 65536];
        let (mut framed, mut finding) = (false, false);
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
            let screen = parser.screen().contents();
            if !framed && screen.contains(" ARTICLES  article 1/") {
                framed = true;
                let _ = sender.send(start.elapsed());
            }
            finding |= screen.contains("finding names");
            if framed && (!names || (finding && !screen.contains("finding names"))) {
                let _ = sender.send(start.elapsed());
                break;
            }
        }
    });
    let times = (0..=usize::from(names))
        .map(|_| receiver.recv_timeout(Duration::from_secs(120)).expect("the screen shows it").as_secs_f64() * 1000.0)
        .collect();
    if let Some(caches) = cache_written {
        let written = || {
            std::fs::read_dir(caches).is_ok_and(|mut files| {
                files.any(|f| f.is_ok_and(|f| f.path().extension().is_some_and(|e| e == "cache")))
            })
        };
        let since = Instant::now();
        while !written() && since.elapsed() < Duration::from_secs(120) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    times
}
