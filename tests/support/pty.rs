//! Runs the real `newsdesk` binary in a pseudo-terminal, types keys, and reads the screen
//! through a terminal emulator (`vt100`), as a user at a terminal would see it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for the screen to show something before failing: generous, because the
/// machine running the tests may be slow and busy. Not a measure of speed.
const DEADLINE: Duration = Duration::from_secs(20);
/// How long the output must stay quiet before a screen counts as drawn.
const SETTLE: Duration = Duration::from_millis(30);

/// Keys as a terminal sends them.
pub mod keys {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const TAB: &str = "\t";
    pub const DOWN: &str = "\x1b[B";
    pub const UP: &str = "\x1b[A";
    pub const PAGE_DOWN: &str = "\x1b[6~";
    pub const CTRL_D: &str = "\x04";
    pub const CTRL_C: &str = "\x03";
    pub const BACKSPACE: &str = "\x7f";

    /// A left click at a screen cell (0-based), as SGR mouse reports send it.
    #[must_use]
    pub fn click(column: u16, row: u16) -> String {
        format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", column + 1, row + 1, column + 1, row + 1)
    }

    /// A wheel notch down over a screen cell.
    #[must_use]
    pub fn wheel_down(column: u16, row: u16) -> String {
        format!("\x1b[<65;{};{}M", column + 1, row + 1)
    }
}

/// The program in its pseudo-terminal.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, raw.
    output: Arc<Mutex<Vec<u8>>>,
}

impl Tui {
    /// Starts `newsdesk ARGS` in a `width` × `height` terminal, with a config folder and home
    /// of its own (`home`).
    pub fn start(args: &[&str], width: u16, height: u16, home: &Path) -> Self {
        Self::start_with_env(args, width, height, home, &[])
    }

    /// As [`Tui::start`], with extra environment variables.
    pub fn start_with_env(args: &[&str], width: u16, height: u16, home: &Path, env: &[(&str, &str)]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize { rows: height, cols: width, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_newsdesk"));
        command.args(args);
        command.cwd(home);
        command.env_clear();
        command.env("TERM", "xterm-256color");
        command.env("HOME", home);
        command.env("XDG_CONFIG_HOME", home.join("config"));
        command.env("XDG_STATE_HOME", home.join("state"));
        command.env("XDG_DATA_HOME", home.join("data"));
        command.env("XDG_CACHE_HOME", home.join("cache"));
        command.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pair.slave.spawn_command(command).expect("start newsdesk");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nonzero(height), nonzero(width), 0)));
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let (screen, raw) = (Arc::clone(&parser), Arc::clone(&output));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().process(&buf[..n]);
                raw.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Self { child, master: pair.master, writer, parser, output }
    }

    /// Types keys (raw bytes, see [`keys`]).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    /// The screen's text, rows joined by newlines.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Runs `check` on the emulated screen.
    pub fn with_screen<T>(&self, check: impl FnOnce(&vt100::Screen) -> T) -> T {
        check(self.parser.lock().unwrap().screen())
    }

    /// Waits until the screen shows `text`; returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} on screen"), |screen| screen.contains(text))
    }

    /// Waits until `ready` holds for the screen's text and the output has settled (a frame
    /// may arrive in pieces: its first rows before its last); returns the screen.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                let written = self.output.lock().unwrap().len();
                std::thread::sleep(SETTLE);
                if self.output.lock().unwrap().len() == written {
                    let settled = self.screen();
                    if ready(&settled) {
                        return settled;
                    }
                }
            }
            assert!(start.elapsed() < DEADLINE, "waited for {what}; the screen is:\n{screen}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&mut self, width: u16, height: u16) {
        self.parser.lock().unwrap().screen_mut().set_size(nonzero(height), nonzero(width));
        self.master.resize(PtySize { rows: height, cols: width, pixel_width: 0, pixel_height: 0 }).expect("resize");
    }

    /// Waits for the program to exit; returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                // Let the reader thread take the last output.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            assert!(start.elapsed() < DEADLINE, "newsdesk did not exit; the screen is:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Everything the program wrote, as text.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// True when the terminal is back in its normal mode: line editing and echo on (the
    /// terminal's own settings), the main screen shown, a visible cursor, no mouse reports.
    pub fn is_restored(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let cooked =
            self.master.get_termios().is_some_and(|t| t.local_flags.contains(LocalFlags::ICANON | LocalFlags::ECHO));
        let screen_ok = self.with_screen(|s| {
            !s.alternate_screen() && !s.hide_cursor() && s.mouse_protocol_mode() == vt100::MouseProtocolMode::None
        });
        cooked && screen_ok
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).expect("at least 1")
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
