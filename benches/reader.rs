//! Reader benchmark: the time to the first frame of the real binary in a pseudo-terminal on
//! the default corpus, and the time to update and redraw the screen after a key at 1k, 10k and
//! 100k articles (the synthetic plain-text corpora of the load benchmark).
//!
//! `cargo bench --bench reader` (options after `--`: `--sizes 1000,100000 --runs 200`).
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

use newsdesk::app::command::Command;
use newsdesk::app::state::State;
use newsdesk::app::update::{Input, update};
use newsdesk::config::Config;
use newsdesk::corpus::{Input as Source, LoadOptions, load};
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

    let first_frames: Vec<f64> = (0..20).map(|_| first_frame_ms()).collect();
    println!(
        "first frame of `newsdesk` on the default corpus: median {:.1} ms (20 starts)\n",
        measure::median(first_frames.into_iter())
    );

    println!("| articles | move selection ms | scroll article ms | page down list ms | regroup ms |");
    println!("|---:|---:|---:|---:|---:|");
    for size in sizes.iter().filter_map(|s| s.parse::<u64>().ok()) {
        let dir = synthetic::corpus(synthetic::Format::Text, size).expect("write the corpus");
        let corpus = load(&[Source::Path(dir)], &LoadOptions::default(), &|_| {});
        let config = Config::default();
        let keymap = config.keymap().expect("default keymap");
        let mut state = State::new(&corpus, config.layout.stories_width, ui::help_lines(&keymap).len());
        update(&mut state, &corpus, Input::Resize(200, 50));
        let area = Rect::new(0, 0, 200, 50);
        let mut buf = Buffer::empty(area);
        let mut frame = |state: &mut State, command: Command| {
            let start = Instant::now();
            update(state, &corpus, Input::Command(command));
            buf.reset();
            ui::render(View { state, corpus: &corpus, theme: &config.theme, keymap: &keymap }, area, &mut buf);
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
        println!(
            "| {} | {:.3} | {:.3} | {:.3} | {:.1} |",
            corpus.articles().len(),
            measure::median(moves.into_iter()),
            measure::median(scrolls.into_iter()),
            measure::median(pages.into_iter()),
            measure::median(regroups.into_iter()),
        );
    }
}

/// Starts the release binary in a 120×32 pseudo-terminal and times its first full frame.
fn first_frame_ms() -> f64 {
    let pair =
        native_pty_system().openpty(PtySize { rows: 32, cols: 120, pixel_width: 0, pixel_height: 0 }).expect("pty");
    let home = std::env::temp_dir().join("newsdesk-bench-home");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_newsdesk"));
    command.env("TERM", "xterm-256color");
    command.env("XDG_CONFIG_HOME", &home);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(command).expect("spawn");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(32.try_into().unwrap(), 120.try_into().unwrap(), 0);
        let mut buf = vec![0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
            // The status bar is the last row drawn: the frame is complete.
            if parser.screen().contents().contains(" STORIES  story 1/5") {
                let _ = sender.send(start.elapsed());
                break;
            }
        }
    });
    let elapsed = receiver.recv_timeout(Duration::from_secs(10)).expect("a first frame");
    let _ = child.kill();
    let _ = child.wait();
    elapsed.as_secs_f64() * 1000.0
}
