//! Reader benchmark: the time to the first frame of the real binary in a pseudo-terminal on
//! the default corpus, and the time to update and redraw the screen after a key at 1k, 10k and
//! 100k articles (the synthetic plain-text corpora of the load benchmark).
//!
//! It also times, on the synthetic corpora, how long the real binary takes to show its first
//! frame and to find the entities (which it does after opening).
//!
//! `cargo bench --bench reader` (options after `--`: `--sizes 1000,100000 --runs 200`,
//! `--starts 3` for the startups timed per size, `--binary PATH` to time another build, and
//! `--frame-only` for a build that finds the names before it opens).
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

    let first_frames: Vec<f64> = (0..20).map(|_| startup_ms(&binary, &[], false)[0]).collect();
    println!(
        "first frame of `newsdesk` on the default corpus: median {:.1} ms (20 starts)\n",
        measure::median(first_frames.into_iter())
    );
    println!("| articles | first frame ms | names found ms |");
    println!("|---:|---:|---:|");
    for size in sizes.iter().filter_map(|s| s.parse::<u64>().ok()) {
        let dir = synthetic::corpus(synthetic::Format::Text, size).expect("write the corpus");
        let path = dir.to_string_lossy().into_owned();
        let times: Vec<Vec<f64>> = (0..starts).map(|_| startup_ms(&binary, &[&path], !frame_only)).collect();
        let median = |i: usize| {
            times[0].get(i).map_or("–".to_owned(), |_| format!("{:.0}", measure::median(times.iter().map(|t| t[i]))))
        };
        println!("| {size} | {} | {} |", median(0), median(1));
    }
    println!();

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
        let config = Config::default();
        let keymap = config.keymap().expect("default keymap");
        let mut state = State::new(&corpus, config.layout.list_width, ui::help_lines(&keymap).len());
        update(&mut state, &corpus, Input::Resize(200, 50));
        let area = Rect::new(0, 0, 200, 50);
        let mut buf = Buffer::empty(area);
        let mut frame = |state: &mut State, command: Command| {
            let start = Instant::now();
            update(state, &corpus, Input::Command(command));
            buf.reset();
            ui::render(View { state, library: &corpus, theme: &config.theme, keymap: &keymap }, area, &mut buf);
            start.elapsed().as_secs_f64() * 1000.0
        };
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

/// Starts the release binary (or `--binary PATH`) on `args` in a 120×32 pseudo-terminal and
/// times, in ms, its first frame (the status bar, the last row drawn, shows) and, with `names`,
/// when the entities are found (the status bar said `finding names`, and no longer does).
fn startup_ms(binary: &str, args: &[&str], names: bool) -> Vec<f64> {
    let pair =
        native_pty_system().openpty(PtySize { rows: 32, cols: 120, pixel_width: 0, pixel_height: 0 }).expect("pty");
    let home = std::env::temp_dir().join("newsdesk-bench-home");
    let mut command = CommandBuilder::new(binary);
    command.args(args);
    command.env("TERM", "xterm-256color");
    command.env("XDG_CONFIG_HOME", &home);
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
    let _ = child.kill();
    let _ = child.wait();
    times
}
