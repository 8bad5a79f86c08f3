//! The reader: the terminal loop at the edge (events in, frames out) around a pure core of
//! commands, state and one `update` function. The terminal is restored on quit, on error and
//! on panic, but for a panic finding names in the background: that one is caught, and the
//! reader goes on without the entities.

mod keys;
mod watch;

use std::any::Any;
use std::collections::HashSet;
use std::io::{self, Stdout};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Once, mpsc};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, KeyEventKind,
    MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::command::Mode;
use crate::config::corrections::CorrectionsFile;
use crate::config::keymap::{Feed, Key, KeyName, Keymap};
use crate::config::{Config, ThemeConfig};
use crate::corpus::{self, Article, Corpus};
use crate::entities::corrections::Corrections;
use crate::entities::{ArticleEntities, DeferredRecogniser, EntityIndex, Recogniser};
use crate::library::Library;
use crate::persist::Store;
use crate::reader::{lasting, mode, state, update};
use crate::search::worker;
use crate::stories::Stories;
use crate::ui::{self, View};
use state::State;
use update::{Effect, Input, update};

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: i32 = 3;

/// How the reader was asked to run.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Draw without colours (the `NO_COLOR` convention).
    pub no_color: bool,
    /// Panic on purpose, to prove what a panic does (tests): see [`CrashTest`].
    pub crash_test: Option<CrashTest>,
    /// Where the reader's state lasts between sessions; `None`: it does not.
    pub store: Option<Store>,
    /// Finds the library's entities while the reader is open, when it was loaded without them:
    /// the articles can be read at once, and the entities show when found. Built on the thread
    /// that finds them, so that the first frame does not wait for it.
    pub recogniser: Option<Arc<DeferredRecogniser>>,
    /// How files that change in the library's folders (or that a fetch saves) are loaded;
    /// `None`: never.
    pub live: Option<corpus::LoadOptions>,
    /// Watch the library's folders while open.
    pub watch: bool,
    /// Where corrections to the entities are kept (the library has them already); `None`:
    /// corrections are off.
    pub corrections: Option<CorrectionsFile>,
    /// Problems to tell at start (bad entries of the corrections file).
    pub problems: Vec<String>,
}

/// Where the reader panics on purpose (the hidden `--crash-test` option, for tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CrashTest {
    /// At the first key press: the terminal is restored, a report printed, and the reader ends.
    Key,
    /// While the names are found: the status bar says so, and the reader goes on without them.
    Names,
}

/// The name of the thread that finds names in the background, and the start of its pool's
/// threads' names (`names-0`, `names-1`…) and of the one that names the open article
/// meanwhile (`names-open`): a panic on them is caught (see [`find_entities_apart`] and
/// [`name_apart`]), so the panic hook leaves the terminal alone.
const NAMING_THREAD: &str = "names";

/// Unsaved changes to the lasting state are written once they are this old.
const SAVE_AFTER: Duration = Duration::from_secs(2);

/// How often the progress of finding names is redrawn.
const NAMING_TICK: Duration = Duration::from_millis(200);

/// Names found after this long are announced in the status bar; quicker ones show without a
/// word (the key hints of a small library stay in view).
const ANNOUNCE_NAMES_AFTER: Duration = Duration::from_secs(1);

/// What the reader's loop waits for: the terminal or the search worker.
enum Message {
    /// A key, mouse or resize event.
    Terminal(Event),
    /// The terminal could not be read.
    TerminalGone(io::Error),
    /// The search worker answered.
    Worker(worker::Response),
    /// The entities are found: the index, for the library to take.
    EntitiesFound(EntityIndex),
    /// Finding the entities failed: why (a panic's message, unsanitised).
    EntitiesFailed(String),
    /// The stories are found, for the library to take.
    StoriesFound(Stories),
    /// Something for the status bar to say.
    Note(String),
    /// Article files in a watched folder were added, changed or removed.
    FilesChanged(Vec<PathBuf>),
    /// A batch of changed files, loaded (batches are numbered in the order the changes came):
    /// their articles, and the paths whose earlier articles are gone (changed or removed).
    FilesLoaded(u64, Corpus, Vec<PathBuf>),
    /// The corrections file changed: its corrections, for the library to take.
    Corrections(Corrections),
}

/// Runs the reader on a loaded library until the user quits.
///
/// # Panics
///
/// With `options.crash_test` set to [`CrashTest::Key`], at the first key press, by design.
pub fn run(library: Library, config: &Config, keymap: &Keymap, options: &Options) -> io::Result<()> {
    // Shared with the threads that read it (search, finding entities) while they work, and the
    // reader's own again between: see [`Library`] and [`take_entities`].
    let mut library = Arc::new(library);
    let library = &mut library;
    let theme: ThemeConfig = if options.no_color { config.monochrome_theme() } else { config.theme.clone() };
    let (mut state, problems) = first_state(library, config, keymap, options);
    let mut terminal = TerminalGuard::enter()?;
    let size = terminal.terminal.size()?;
    update(&mut state, library, Input::Resize(size.width, size.height));
    if !problems.is_empty() {
        update(&mut state, library, Input::Message(problems.join(" · ")));
    }
    let mut saver = Saver { store: options.store.as_ref(), saved: lasting::Snapshot::of(&state), at: Instant::now() };
    let (messages, inbox) = mpsc::channel();
    read_terminal(messages.clone());
    let naming = options.recogniser.clone().filter(|_| !library.entities_found());
    let mut waiting = Waiting::default();
    let (stop_naming, naming_since) = (AtomicBool::new(false), Instant::now());
    let counters =
        Counters { named: AtomicUsize::new(0), grouped: AtomicUsize::new(0), total: library.articles().len() };
    let total = counters.total;
    if naming.is_some() {
        update(&mut state, library, Input::FindingEntities { done: 0, total });
    }
    let outcome = std::thread::scope(|scope| {
        // However the loop ends, the names are no longer looked for: the scope waits for that.
        let _stop_naming = SetOnDrop(&stop_naming);
        // Stories are found once the names are (they weigh the entities an article names), or
        // at once when no names are being found.
        let find_stories = |library: &Arc<Library>, state: &mut State, messages: &mpsc::Sender<Message>| {
            update(state, library, Input::FindingStories { done: 0, total: 2 * total });
            start_stories(scope, Arc::clone(library), messages.clone(), &counters.grouped, &stop_naming);
        };
        if naming.is_none() {
            find_stories(library, &mut state, &messages);
        }
        if let Some(recogniser) = naming.clone() {
            let (named, stop, crash) = (&counters.named, &stop_naming, options.crash_test);
            let shared = Arc::clone(library);
            start_naming(scope, messages.clone(), move |messages| {
                find_entities_apart(shared, &recogniser, named, stop, crash, messages);
            });
        }
        // Live folders: a watch that tells of changed files, for as long as the reader is open.
        let watching =
            (options.watch && options.live.is_some()).then(|| watch_folders(library, &mut state, &messages)).flatten();
        let to_worker = messages.clone();
        let worker = worker::Worker::start(scope, move |response| {
            let _ = to_worker.send(Message::Worker(response));
        });
        worker.send(worker::Request::Prepare, library);
        count_saved_searches(&worker, &state, library);
        let mut pending: Vec<Key> = Vec::new();
        loop {
            if waiting.take(library, &mut state, &worker, naming_since, config) {
                find_stories(library, &mut state, &messages);
            }
            // Once the naming thread has built the recogniser.
            let recogniser = naming.as_ref().and_then(|deferred| deferred.ready());
            waiting.take_changes(library, &mut state, recogniser.as_deref());
            if let Some(recogniser) = recogniser {
                name_open_article(&mut state, library, &recogniser);
            }
            let shown: &Library = library;
            terminal
                .terminal
                .draw(|frame| ui::draw(frame, View { state: &state, library: shown, theme: &theme, keymap }))?;
            let Some(mut message) = next_message(&inbox, &mut saver, &mut state, library, &counters, &waiting)? else {
                continue;
            };
            // Everything that has arrived is handled before the next frame (a paste, a burst of
            // keys, results), so that the screen never lags behind.
            loop {
                let input = match message {
                    Message::Terminal(event) => {
                        terminal_input(&mut state, library, keymap, &mut pending, event, options.crash_test)
                    }
                    Message::TerminalGone(err) => return Err(err),
                    Message::EntitiesFailed(why) => {
                        find_stories(library, &mut state, &messages);
                        Some(Input::EntitiesFailed(why))
                    }
                    Message::FilesChanged(files) => {
                        waiting.load(scope, library, files, options.live.as_ref(), &messages)
                    }
                    other => waiting.receive(other),
                };
                if let Some(effect) = input.and_then(|input| update(&mut state, library, input)) {
                    if effect == Effect::Quit {
                        return Ok(());
                    }
                    let (watched, corrections) = (watching.is_some(), options.corrections.as_ref());
                    let shell = Shell { terminal: &mut terminal, config, watched, messages: &messages, corrections };
                    shell.carry_out(&effect, &mut state, library);
                    carry_out(effect, &mut state, library, config, &worker);
                }
                match inbox.try_recv() {
                    Ok(next) => message = next,
                    Err(_) => break,
                }
            }
        }
    });
    drop(terminal);
    if let Err(message) = saver.save(&state, library) {
        eprintln!("newsdesk: {message}");
    }
    outcome
}

/// The state at start, with what lasted from the last session, and the problems to tell.
fn first_state(library: &Library, config: &Config, keymap: &Keymap, options: &Options) -> (State, Vec<String>) {
    let mut state = State::new(library, config.layout.list_width, ui::help_lines(keymap).len());
    state.set_saved(config.search.saved.iter().map(|(name, text)| (name.clone(), text.clone())));
    let mut problems = Vec::new();
    if let Some(store) = &options.store {
        let (memory, problem) = store.load();
        lasting::restore(&mut state, library, memory);
        problems.extend(problem);
    }
    problems.extend(saved_search_problems(&state));
    problems.extend(library.take_cache_note());
    problems.extend(options.problems.iter().cloned());
    if options.corrections.is_none() {
        state.correcting.off = Some("corrections are off here (--no-corrections, or no config folder)".into());
    }
    (state, problems)
}

/// Does what an update asked for (all but quitting), and tells the state how it went.
fn carry_out(effect: Effect, state: &mut State, library: &Arc<Library>, config: &Config, worker: &worker::Worker<'_>) {
    match effect {
        // The loop itself quits, starts a fetch (it holds the channel the results come by),
        // pipes (it holds the terminal) and corrects (it holds the file and the channel).
        Effect::Quit | Effect::Fetch | Effect::Pipe(_) | Effect::Correct(_) => {}
        Effect::Copy(text) => copy(state, library, config, &text),
        Effect::LoadRaw(index) => {
            let text = corpus::raw_text(&library.articles()[index]).map_err(|e| e.to_string());
            update(state, library, Input::RawLoaded { index, text });
        }
        Effect::OpenUrl(url) => {
            let message = open_url(&config.open.url_command, &url);
            update(state, library, Input::Message(message));
        }
        Effect::Export(articles) => {
            let message = export_to_file(&config.export, library, &articles);
            update(state, library, Input::Message(message));
        }
        Effect::Work(request) => worker.send(request, library),
    }
}

/// Asks the worker to count the articles each saved search matches.
fn count_saved_searches(worker: &worker::Worker<'_>, state: &State, library: &Arc<Library>) {
    for (slot, saved) in state.search.saved.iter().enumerate() {
        worker.send(worker::Request::Count { slot, text: saved.text.clone() }, library);
    }
}

/// Waits for the next message; or, when the save is due or the background work's progress is
/// to be shown, does that and returns `None`.
fn next_message(
    inbox: &mpsc::Receiver<Message>,
    saver: &mut Saver<'_>,
    state: &mut State,
    library: &Library,
    counters: &Counters,
    waiting: &Waiting,
) -> io::Result<Option<Message>> {
    // While the entity browser has work left, a step of it is done whenever no message waits.
    if crate::reader::browser::working(state) {
        return match inbox.try_recv() {
            Ok(message) => Ok(Some(message)),
            Err(mpsc::TryRecvError::Empty) => {
                update(state, library, Input::Continue);
                Ok(None)
            }
            Err(e) => Err(io::Error::other(e)),
        };
    }
    // While an index waits for the library, the loop looks again soon.
    let naming_tick = if waiting.any() { Some(RETRY_TAKE) } else { naming_tick(state, library) };
    let saving = saver.wait(state);
    let Some(wait) = saving.into_iter().chain(naming_tick).min() else {
        return inbox.recv().map(Some).map_err(io::Error::other);
    };
    match inbox.recv_timeout(wait) {
        Ok(message) => Ok(Some(message)),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // The wait that ran out may have been the save's.
            if saving == Some(wait)
                && let Err(message) = saver.save(state, library)
            {
                update(state, library, Input::Message(message));
            }
            if naming_tick.is_some() {
                counters.report(state, library);
            }
            Ok(None)
        }
        Err(e) => Err(io::Error::other(e)),
    }
}

/// Indexes found in the background, and articles of changed files, waiting until no other
/// thread reads the library.
#[derive(Default)]
struct Waiting {
    entities: Option<EntityIndex>,
    stories: Option<Stories>,
    /// The corrections as the file now holds them.
    corrections: Option<Corrections>,
    /// Loaded batches of changed files, by number, applied in order.
    changes: std::collections::BTreeMap<u64, (Corpus, Vec<PathBuf>)>,
    /// The number of the next batch to load, and of the next to apply.
    batches: (u64, u64),
}

impl Waiting {
    /// What a message from a background thread is for the reader: an input now, or something
    /// to wait with for the library.
    fn receive(&mut self, message: Message) -> Option<Input> {
        match message {
            Message::Worker(response) => return Some(Input::Worker(response)),
            Message::Note(note) => return Some(Input::Message(note)),
            Message::EntitiesFound(index) => self.entities = Some(index),
            Message::StoriesFound(stories) => self.stories = Some(stories),
            Message::FilesLoaded(batch, corpus, gone) => _ = self.changes.insert(batch, (corpus, gone)),
            Message::Corrections(corrections) => self.corrections = Some(corrections),
            Message::Terminal(_) | Message::TerminalGone(_) | Message::EntitiesFailed(_) | Message::FilesChanged(_) => {
            }
        }
        None
    }

    /// Loads a batch of changed files in the background (numbered, to be applied in order).
    fn load<'scope>(
        &mut self,
        scope: &'scope std::thread::Scope<'scope, '_>,
        library: &Library,
        files: Vec<PathBuf>,
        options: Option<&corpus::LoadOptions>,
        messages: &mpsc::Sender<Message>,
    ) -> Option<Input> {
        self.batches.0 += 1;
        load_changed(scope, library.corpus().roots(), files, options, messages, self.batches.0 - 1);
        None
    }

    /// True while an index or a change waits.
    fn any(&self) -> bool {
        self.entities.is_some() || self.stories.is_some() || self.corrections.is_some() || !self.changes.is_empty()
    }

    /// Appends the articles of changed files, once the library can take them (their names
    /// are found at once, with the recogniser when it is built), and tells the reader which
    /// are new and which earlier ones are gone.
    fn take_changes(&mut self, library: &mut Arc<Library>, state: &mut State, recogniser: Option<&Recogniser>) {
        if self.changes.is_empty() {
            return;
        }
        if Arc::get_mut(library).is_none() {
            return;
        }
        // In the order the changes came, whatever order their loads ended in.
        while let Some((corpus, gone_files)) = self.changes.remove(&self.batches.1) {
            self.batches.1 += 1;
            let Some(own) = Arc::get_mut(library) else { return };
            let mut corpus = corpus;
            // An article read again as it was (a file saved unchanged, events of one write
            // spread over two batches, the feeds an edited OPML file lists) is neither gone
            // nor new.
            let same = |a: &Article| {
                let mut hasher = xxhash_rust::xxh3::Xxh3::new();
                for part in [a.origin.path.as_os_str().as_encoded_bytes(), a.title.as_bytes(), a.text.as_bytes()] {
                    hasher.update(&(part.len() as u64).to_le_bytes());
                    hasher.update(part);
                }
                hasher.digest128()
            };
            let read_again: HashSet<u128> = corpus.articles().iter().map(same).collect();
            let paths: HashSet<Arc<std::path::Path>> =
                corpus.articles().iter().map(|a| Arc::clone(&a.origin.path)).collect();
            let live = |i: &usize| !state.changes.is_gone(*i);
            // The live articles of the files named: a file's, or every one below a folder removed.
            let gone: Vec<usize> = (0..own.articles().len())
                .filter(live)
                .filter(|&i| gone_files.iter().any(|f| own.articles()[i].origin.path.starts_with(f)))
                .filter(|&i| !read_again.contains(&same(&own.articles()[i])))
                .collect();
            let unchanged: HashSet<u128> = (0..own.articles().len())
                .filter(live)
                .filter(|&i| paths.contains(&own.articles()[i].origin.path))
                .map(|i| same(&own.articles()[i]))
                .filter(|key| read_again.contains(key))
                .collect();
            corpus.retain_articles(|b| !unchanged.contains(&same(b)));
            let added = own.append(corpus, recogniser);
            update(state, library, Input::ArticlesChanged { added, gone });
        }
    }

    /// Gives the library what waits, if it can take it now (see [`take_entities`] and
    /// [`give`]); true when it took the entities (the stories are found next).
    fn take(
        &mut self,
        library: &mut Arc<Library>,
        state: &mut State,
        worker: &worker::Worker<'_>,
        naming_since: Instant,
        config: &Config,
    ) -> bool {
        let mut took_entities = false;
        if let Some(index) = self.entities.take() {
            self.entities = take_entities(library, index, state, worker, naming_since, config);
            took_entities = self.entities.is_none();
        }
        if let Some(stories) = self.stories.take() {
            let set = Library::set_stories;
            self.stories = give(library, stories, set, Input::StoriesFound, (state, worker, config));
        }
        if let Some(corrections) = self.corrections.take() {
            let set = Library::set_corrections;
            self.corrections = give(library, corrections, set, Input::CorrectionsApplied, (state, worker, config));
        }
        took_entities
    }
}

/// How far the work in the background has come: articles named, steps of finding stories.
struct Counters {
    named: AtomicUsize,
    grouped: AtomicUsize,
    total: usize,
}

impl Counters {
    /// Tells the reader how far the names and the stories it waits for have come.
    fn report(&self, state: &mut State, library: &Library) {
        let total = self.total;
        if state.entities.finding.is_some() {
            let done = self.named.load(Ordering::Relaxed);
            update(state, library, Input::FindingEntities { done, total });
        }
        if state.finding_stories.is_some() {
            let done = self.grouped.load(Ordering::Relaxed);
            update(state, library, Input::FindingStories { done, total: 2 * total });
        }
    }
}

/// Puts text on the clipboard with the OSC 52 escape sequence (base64: nothing in the text can
/// act as a sequence of its own), or says why not.
fn copy(state: &mut State, library: &Library, config: &Config, text: &str) {
    use base64::Engine as _;
    if !config.open.osc52 {
        update(state, library, Input::Message("copying is off ([open] osc52 = false)".into()));
        return;
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    // Between frames: the last frame is flushed, and the next is drawn after this.
    let mut out = io::stdout();
    let written = io::Write::write_all(&mut out, format!("\x1b]52;c;{encoded}\x07").as_bytes())
        .and_then(|()| io::Write::flush(&mut out));
    if let Err(err) = written {
        update(state, library, Input::Message(format!("could not copy: {err}")));
    }
}

/// What the loop holds that some effects need: the terminal, the config, the channel, the
/// corrections file.
struct Shell<'a> {
    terminal: &'a mut TerminalGuard,
    config: &'a Config,
    watched: bool,
    messages: &'a mpsc::Sender<Message>,
    corrections: Option<&'a CorrectionsFile>,
}

impl Shell<'_> {
    /// Starts a fetch, pipes an article, or changes the corrections file; the other effects
    /// are [`carry_out`]'s.
    fn carry_out(self, effect: &Effect, state: &mut State, library: &Library) {
        match effect {
            Effect::Fetch => fetch_feeds(library.corpus().roots(), self.watched, self.messages),
            Effect::Pipe(articles) => pipe(self.terminal, state, library, self.config, articles),
            Effect::Correct(edit) => correct(self.corrections, edit, state, library, self.messages),
            _ => {}
        }
    }
}

/// Changes the corrections file as asked, tells the reader how it went, and sends the
/// corrections it now holds, for the library to take (see [`give`]).
fn correct(
    file: Option<&CorrectionsFile>,
    edit: &crate::reader::correcting::Edit,
    state: &mut State,
    library: &Library,
    messages: &mpsc::Sender<Message>,
) {
    use crate::reader::correcting::Edit;
    let changed = match (file, edit) {
        (None, _) => Err("corrections are off".to_owned()),
        (Some(file), Edit::Add(made)) => file.add(&made.correction).map_err(|e| e.to_string()),
        (Some(file), Edit::Undo(made)) => file.remove(&made.correction).map_err(|e| e.to_string()),
    };
    let shown = |file: &CorrectionsFile| crate::sanitize::line(&file.path().display().to_string()).into_owned();
    let outcome = match (changed, file) {
        (Ok(parsed), _) => {
            let _ = messages.send(Message::Corrections(parsed.corrections));
            Ok(())
        }
        (Err(why), Some(file)) => Err(format!("{}: {why}", shown(file))),
        (Err(why), None) => Err(why),
    };
    update(state, library, Input::Corrected { edit: edit.clone(), outcome });
}

/// True while another program (the pipe command) has the terminal: its input is not read.
static INPUT_PAUSED: AtomicBool = AtomicBool::new(false);

/// Gives articles' clean text (title, metadata line, text; several one after the other, see
/// [`crate::reader::piped`]) to the pipe command on its standard input, in one run, the
/// terminal handed to it until it ends, then taken back and redrawn.
fn pipe(terminal: &mut TerminalGuard, state: &mut State, library: &Library, config: &Config, articles: &[usize]) {
    let command: Vec<String> = if config.open.pipe_command.is_empty() {
        std::env::var("PAGER")
            .ok()
            .and_then(|p| shell_words::split(&p).ok())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| vec!["less".into()])
    } else {
        config.open.pipe_command.clone()
    };
    let text = crate::reader::piped::text(library, articles);
    INPUT_PAUSED.store(true, Ordering::SeqCst);
    // The input thread's last look at the terminal ends within its poll.
    std::thread::sleep(Duration::from_millis(60));
    restore();
    let ran = std::process::Command::new(&command[0]).args(&command[1..]).stdin(Stdio::piped()).spawn().and_then(
        |mut child| {
            if let Some(mut stdin) = child.stdin.take() {
                // A pager that quits early closes its input: that is no failure.
                let _ = io::Write::write_all(&mut stdin, text.as_bytes());
            }
            child.wait()
        },
    );
    let back = TerminalGuard::reenter(terminal);
    INPUT_PAUSED.store(false, Ordering::SeqCst);
    let shown = crate::sanitize::line(&command.join(" ")).into_owned();
    let message = match (ran, back) {
        (_, Err(err)) => format!("the terminal could not be taken back: {err}"),
        (Ok(status), Ok(())) if status.success() && articles.len() > 1 => {
            format!("piped {} to {shown}", crate::wording::counted(articles.len(), "article", "articles"))
        }
        (Ok(status), Ok(())) if status.success() => format!("piped to {shown}"),
        (Ok(status), Ok(())) => format!("{shown} ended with {status}"),
        (Err(err), Ok(())) => format!("could not run {shown}: {err}"),
    };
    update(state, library, Input::Message(message));
}

/// True while a fetch runs.
static FETCHING: AtomicBool = AtomicBool::new(false);

/// Fetches the feeds remembered in the library's folders on a thread of its own, and says how
/// it went; the new items appear through the watch (without one, they are loaded at once).
fn fetch_feeds(roots: &[PathBuf], watched: bool, messages: &mpsc::Sender<Message>) {
    let folders: Vec<PathBuf> =
        roots.iter().filter(|r| r.join(crate::fetch::SUBSCRIPTIONS).is_file()).cloned().collect();
    if folders.is_empty() {
        let note = "no feeds to fetch: `newsdesk fetch URL --into FOLDER` subscribes a folder".to_owned();
        let _ = messages.send(Message::Note(note));
        return;
    }
    // One fetch at a time: F again while one runs says so.
    if FETCHING.swap(true, Ordering::SeqCst) {
        let _ = messages.send(Message::Note("a fetch is under way".into()));
        return;
    }
    let (messages, failed) = (messages.clone(), messages.clone());
    let state = dirs::state_dir().or_else(dirs::data_local_dir).map(|d| d.join("newsdesk").join("feeds"));
    let spawned = std::thread::Builder::new().name("fetch".into()).spawn(move || {
        let limits = crate::fetch::Limits::default();
        let mut lines = Vec::new();
        for folder in folders {
            let urls = crate::fetch::addresses(&[], &folder).unwrap_or_default();
            let before = if watched { Vec::new() } else { watch::files_under(&folder) };
            let summary = crate::fetch::fetch_all(&urls, &folder, &limits, state.as_deref(), &|_, _| {});
            lines.push(format!("fetched {}", summary.line()));
            if !watched {
                let new: Vec<PathBuf> =
                    watch::files_under(&folder).into_iter().filter(|f| !before.contains(f)).collect();
                let _ = messages.send(Message::FilesChanged(new));
            }
        }
        FETCHING.store(false, Ordering::SeqCst);
        let _ = messages.send(Message::Note(lines.join(" · ")));
    });
    if let Err(err) = spawned {
        FETCHING.store(false, Ordering::SeqCst);
        let _ = failed.send(Message::Note(format!("the feeds could not be fetched: {err}")));
    }
}

/// Watches the library's folders, telling the loop of changed files; says so when it cannot.
fn watch_folders(library: &Library, state: &mut State, messages: &mpsc::Sender<Message>) -> Option<watch::Watch> {
    let to_loop = messages.clone();
    match watch::start(library.corpus().roots(), move |files| _ = to_loop.send(Message::FilesChanged(files))) {
        Ok(watch) => Some(watch),
        Err(why) => {
            update(state, library, Input::Message(format!("the folders are not watched: {why}")));
            None
        }
    }
}

/// Loads the changed files on a thread of their own, each with the folder it is under, and
/// sends their articles; a file no longer there is only gone.
fn load_changed<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    roots: &[PathBuf],
    files: Vec<PathBuf>,
    options: Option<&corpus::LoadOptions>,
    messages: &mpsc::Sender<Message>,
    batch: u64,
) {
    // Every batch is answered, loaded or not, so that the ones after it are applied.
    let Some(options) = options.cloned() else {
        let _ = messages.send(Message::FilesLoaded(batch, Corpus::default(), Vec::new()));
        return;
    };
    let (roots, messages, failed) = (roots.to_vec(), messages.clone(), messages.clone());
    let spawned = std::thread::Builder::new().name("changes".into()).spawn_scoped(scope, move || {
        let present: Vec<PathBuf> = files.iter().filter(|f| f.is_file()).cloned().collect();
        let mut loaded: Option<Corpus> = None;
        for root in &roots {
            let under: Vec<PathBuf> = present.iter().filter(|f| f.starts_with(root)).cloned().collect();
            if under.is_empty() {
                continue;
            }
            let part = corpus::load_files(root, under, &options);
            match loaded.as_mut() {
                Some(all) => _ = all.append(part),
                None => loaded = Some(part),
            }
        }
        // Every file named was there before or is gone now: its earlier articles are gone.
        let _ = messages.send(Message::FilesLoaded(batch, loaded.unwrap_or_default(), files));
    });
    if let Err(err) = spawned {
        let _ = failed.send(Message::FilesLoaded(batch, Corpus::default(), Vec::new()));
        let _ = failed.send(Message::Note(format!("the changed files could not be read: {err}")));
    }
}

/// How often the progress of finding entities or stories is redrawn, while they are found.
fn naming_tick(state: &State, library: &Library) -> Option<Duration> {
    let naming = state.entities.finding.is_some() && !library.entities_found();
    let grouping = state.finding_stories.is_some() && library.stories().is_none();
    (naming || grouping).then_some(NAMING_TICK)
}

/// How soon the loop tries again to give the library an entity index found while a search
/// was reading it.
const RETRY_TAKE: Duration = Duration::from_millis(20);

/// Gives the library the entity index found in the background, once no other thread reads it
/// (the worker lets it go when it answers; a stale search stops within a wave); tells the
/// reader, which runs the search under way again, and counts the saved searches anew. The
/// index back when the library is still shared.
fn take_entities(
    library: &mut Arc<Library>,
    index: EntityIndex,
    state: &mut State,
    worker: &worker::Worker<'_>,
    naming_since: Instant,
    config: &Config,
) -> Option<EntityIndex> {
    let Some(own) = Arc::get_mut(library) else { return Some(index) };
    own.set_entities(index);
    let announce = naming_since.elapsed() >= ANNOUNCE_NAMES_AFTER;
    if let Some(effect) = update(state, library, Input::EntitiesFound { announce }) {
        carry_out(effect, state, library, config, worker);
    }
    count_saved_searches(worker, state, library);
    if let Some(note) = library.take_cache_note() {
        update(state, library, Input::Message(note));
    }
    None
}

/// Gives the library something it takes with `set` (stories, corrections) once no other thread
/// reads it (as [`take_entities`] does), tells the reader (`input`), and counts the saved
/// searches anew; the value back while the library is still shared.
fn give<T>(
    library: &mut Arc<Library>,
    value: T,
    set: fn(&mut Library, T),
    input: Input,
    (state, worker, config): (&mut State, &worker::Worker<'_>, &Config),
) -> Option<T> {
    let Some(own) = Arc::get_mut(library) else { return Some(value) };
    set(own, value);
    if let Some(effect) = update(state, library, input) {
        carry_out(effect, state, library, config, worker);
    }
    count_saved_searches(worker, state, library);
    None
}

/// Finds the stories on a thread of their own, counting the steps done in `grouped`, and
/// sends them when found (not when stopped first). A panic there is a bug that ends the
/// reader, as one in the reader's own code does.
fn start_stories<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    library: Arc<Library>,
    messages: mpsc::Sender<Message>,
    grouped: &'scope AtomicUsize,
    stop: &'scope AtomicBool,
) {
    let failed = messages.clone();
    let spawned = std::thread::Builder::new().name("stories".into()).spawn_scoped(scope, move || {
        let found = library.find_stories(&|done| _ = grouped.fetch_max(done, Ordering::Relaxed), stop);
        // The library is let go before the reader hears of the stories, so that it can take them.
        drop(library);
        if let Some(stories) = found {
            let _ = messages.send(Message::StoriesFound(stories));
        }
    });
    if let Err(err) = spawned {
        let _ = failed.send(Message::Note(format!("the stories could not be found: {err}")));
    }
}

/// Starts `naming` (see [`find_entities_apart`]) on a thread named [`NAMING_THREAD`], which tells
/// `messages` how it went; says itself that finding names failed when the thread cannot start.
fn start_naming<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    messages: mpsc::Sender<Message>,
    naming: impl FnOnce(&mpsc::Sender<Message>) + Send + 'scope,
) {
    let failed = messages.clone();
    let started = std::thread::Builder::new().name(NAMING_THREAD.into()).spawn_scoped(scope, move || naming(&messages));
    if let Err(err) = started {
        let _ = failed.send(Message::EntitiesFailed(format!("could not start its thread: {err}")));
    }
}

/// The longest text, in bytes, whose names are found on its own when it is opened (about 3 ms
/// at this recogniser's speed).
const EARLY_NAMES_UP_TO: usize = 256 * 1024;

/// Finds the open article's own names, while the library's are still being found and if not
/// found yet: its mentions are highlighted at once. A panic there (a bug in the recogniser)
/// leaves the article without highlights.
fn name_open_article(state: &mut State, library: &Library, recogniser: &Recogniser) {
    if let Some(index) = state.article_to_name(library) {
        let article = &library.articles()[index];
        // A long text (a book, a log) waits for the library's names: the loop would wait on it.
        let short = article.text.len() <= EARLY_NAMES_UP_TO;
        let own = short.then(|| name_apart(article, recogniser)).flatten().unwrap_or_default();
        state.entities.early = Some((index, own));
    }
}

/// The names of one article on their own (see [`ArticleEntities`]), found on a thread named as
/// the naming threads are, so that a panic there (a bug in the recogniser) leaves the
/// terminal alone and is only `None`.
fn name_apart(article: &Article, recogniser: &Recogniser) -> Option<ArticleEntities> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().name(format!("{NAMING_THREAD}-open"));
        thread.spawn_scoped(scope, || ArticleEntities::of(article, recogniser)).ok()?.join().ok()
    })
}

/// Builds the recogniser if need be, then finds the library's entities on a thread pool of
/// their own (its threads named after [`NAMING_THREAD`]), so that searches (on the shared pool) are not queued behind them,
/// counting the articles done in `named`; says when they are found (not when stopped first),
/// or why finding them failed. A panic while finding them (a bug in the recogniser; with
/// [`CrashTest::Names`], on purpose) is caught here, as rayon hands a panic on a pool thread on
/// to the caller of `install`; the reader goes on without the entities.
fn find_entities_apart(
    library: Arc<Library>,
    recogniser: &DeferredRecogniser,
    named: &AtomicUsize,
    stop: &AtomicBool,
    crash_test: Option<CrashTest>,
    messages: &mpsc::Sender<Message>,
) {
    let progress = |done: usize| {
        assert!(crash_test != Some(CrashTest::Names), "crash test: a panic finding names");
        named.fetch_max(done, Ordering::Relaxed);
    };
    let found = match rayon::ThreadPoolBuilder::new().thread_name(|i| format!("{NAMING_THREAD}-{i}")).build() {
        // The library takes the index only when it is whole, so a panic leaves it as it was.
        Ok(pool) => std::panic::catch_unwind(AssertUnwindSafe(|| {
            pool.install(|| library.find_entities(&recogniser.get(), &progress, stop))
        }))
        .map_err(|panic| panic_message(panic.as_ref())),
        // Not the shared pool instead: a panic on its threads would tear the terminal down.
        Err(err) => Err(format!("could not start its threads: {err}")),
    };
    // The library is let go before the reader hears of the index, so that it can take it; the
    // cache (when anything was new) is written after, holding only the articles.
    let cache_write = library.take_cache_write();
    drop(library);
    let message = match found {
        Ok(Some(index)) => Message::EntitiesFound(index),
        Ok(None) => return,
        Err(why) => Message::EntitiesFailed(why),
    };
    let _ = messages.send(message);
    if let Some(Err(why)) = cache_write.map(crate::library::CacheWrite::write) {
        let _ = messages.send(Message::Note(why));
    }
}

/// True on the threads that find names, [`NAMING_THREAD`], its pool's (`names-0`…) and the
/// open article's (`names-open`), whose panics are caught.
fn is_naming_thread(name: Option<&str>) -> bool {
    name.and_then(|name| name.strip_prefix(NAMING_THREAD)).is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// What a panic said (`panic!`'s message), from its payload.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".into())
}

/// Sets a flag when dropped.
struct SetOnDrop<'a>(&'a AtomicBool);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Writes the lasting state when it changed, at most every [`SAVE_AFTER`], and at the end.
struct Saver<'a> {
    store: Option<&'a Store>,
    /// What was saved last (or restored).
    saved: lasting::Snapshot,
    at: Instant,
}

impl Saver<'_> {
    /// How long the loop may wait before saving; `None` when nothing is unsaved.
    fn wait(&self, state: &State) -> Option<Duration> {
        (self.store.is_some() && !self.saved.is_of(state)).then(|| SAVE_AFTER.saturating_sub(self.at.elapsed()))
    }

    /// Saves now; the error says what went wrong and where.
    fn save(&mut self, state: &State, library: &Library) -> Result<(), String> {
        let Some(store) = self.store else { return Ok(()) };
        self.saved = lasting::Snapshot::of(state);
        self.at = Instant::now();
        store.save(&lasting::memory_of(state, library)).map_err(|e| {
            format!(
                "could not save the reader's state to {}: {e}",
                crate::sanitize::line(&store.path().display().to_string())
            )
        })
    }
}

/// Writes the articles to a new file in the export folder; returns the message that says where
/// (or why not).
fn export_to_file(config: &crate::config::ExportConfig, library: &Library, articles: &[usize]) -> String {
    let folder = &config.folder;
    let stamp = jiff::Zoned::now().strftime("%Y-%m-%d-%H%M%S").to_string();
    let extension = config.format.extension();
    let name = |n: u32| {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        folder.join(format!("newsdesk-{stamp}{suffix}.{extension}"))
    };
    // A name not taken (two exports in one second); `create_new` below refuses to overwrite.
    let path = (1..1000).map(name).find(|p| !p.exists()).unwrap_or_else(|| name(1));
    let written = std::fs::create_dir_all(folder).and_then(|()| std::fs::File::create_new(&path)).and_then(|file| {
        let mut out = io::BufWriter::new(file);
        crate::export::write(&mut out, library, articles, config.format)?;
        io::Write::flush(&mut out)
    });
    let shown =
        crate::sanitize::line(&std::path::absolute(&path).unwrap_or(path.clone()).display().to_string()).into_owned();
    match written {
        Ok(()) => format!("exported {} to {shown}", crate::wording::counted(articles.len(), "article", "articles")),
        Err(e) => format!("could not export to {shown}: {e}"),
    }
}

/// Reads terminal events on a thread of their own, so that the loop can wait for them and for
/// the search worker at once. The thread ends with the process.
fn read_terminal(messages: mpsc::Sender<Message>) {
    std::thread::spawn(move || {
        loop {
            // While another program has the terminal, its keys are its own.
            if INPUT_PAUSED.load(Ordering::SeqCst) || !event::poll(Duration::from_millis(50)).unwrap_or(true) {
                if INPUT_PAUSED.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(20));
                }
                continue;
            }
            let message = match event::read() {
                Ok(event) => Message::Terminal(event),
                Err(err) => Message::TerminalGone(err),
            };
            let gone = matches!(message, Message::TerminalGone(_));
            if messages.send(message).is_err() || gone {
                return;
            }
        }
    });
}

/// Turns a terminal event into the reader's input: characters typed into an open prompt, keys
/// through the keymap, the mouse, resizes.
fn terminal_input(
    state: &mut State,
    library: &Library,
    keymap: &Keymap,
    pending: &mut Vec<Key>,
    event: Event,
    crash_test: Option<CrashTest>,
) -> Option<Input> {
    Some(match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            assert!(crash_test != Some(CrashTest::Key), "crash test: a panic inside the reader");
            let key = keys::key_of(key)?;
            if let (Mode::Prompt, KeyName::Char(c), false, false) = (mode(state), key.name, key.ctrl, key.alt) {
                pending.clear();
                return Some(Input::Type(c));
            }
            match keymap.feed(mode(state), pending, key) {
                Feed::Command(command) => {
                    update(state, library, Input::Pending(String::new()));
                    Input::Command(command)
                }
                Feed::Pending => Input::Pending(pending.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")),
                Feed::Unbound => {
                    update(state, library, Input::Pending(String::new()));
                    let help = keymap.key_for(mode(state), crate::command::Command::Help).unwrap_or_default();
                    Input::Message(format!("{key} does nothing here; {help} lists the keys"))
                }
            }
        }
        Event::Paste(text) if mode(state) == Mode::Prompt => {
            for c in text.chars().filter(|c| !c.is_control()) {
                update(state, library, Input::Type(c));
            }
            return None;
        }
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Input::Scroll { column: mouse.column, row: mouse.row, lines: WHEEL_LINES },
            MouseEventKind::ScrollUp => Input::Scroll { column: mouse.column, row: mouse.row, lines: -WHEEL_LINES },
            MouseEventKind::Down(MouseButton::Left) => Input::Click { column: mouse.column, row: mouse.row },
            _ => return None,
        },
        Event::Resize(width, height) => Input::Resize(width, height),
        _ => return None,
    })
}

/// Saved searches whose queries do not parse, named, for the status bar.
fn saved_search_problems(state: &State) -> Option<String> {
    let problems: Vec<String> = state
        .search
        .saved
        .iter()
        .filter_map(|s| {
            let query = crate::query::Query::parse(&s.text);
            query.errors.first().map(|e| format!("saved search “{}”: {}", s.name, e.message))
        })
        .collect();
    (!problems.is_empty()).then(|| format!("[search.saved] {}", problems.join("; ")))
}

/// The command line that opens `url`: the configured arguments with `{url}` replaced, or the
/// url added at the end.
#[must_use]
pub fn url_command(template: &[String], url: &str) -> Vec<String> {
    let mut args: Vec<String> = template.iter().map(|a| a.replace("{url}", url)).collect();
    if !template.iter().any(|a| a.contains("{url}")) {
        args.push(url.to_owned());
    }
    args
}

/// Opens a url with the configured program (run directly, never through a shell); returns
/// the message for the status bar.
fn open_url(template: &[String], url: &str) -> String {
    let args = url_command(template, url);
    let Some((program, rest)) = args.split_first() else {
        return "no program to open urls is configured ([open] url_command)".into();
    };
    let spawned = std::process::Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            // Reap it when it exits, so that it never lingers as a zombie.
            std::thread::spawn(move || child.wait());
            format!("opened {url}")
        }
        Err(err) => format!("could not run {program}: {err}"),
    }
}

/// The terminal in raw mode on the alternate screen with mouse capture; restored when
/// dropped, and by the panic hook.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    fn enter() -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        // Nothing here asks the terminal anything (such as the cursor's position): a terminal
        // that does not answer must not stall the start.
        let entered = execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste,
            Clear(ClearType::All)
        )
        .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())))
        .and_then(|mut terminal| terminal.hide_cursor().map(|()| terminal));
        match entered {
            Ok(terminal) => Ok(Self { terminal }),
            Err(err) => {
                restore();
                Err(err)
            }
        }
    }
}

impl TerminalGuard {
    /// Takes the terminal back after another program had it: raw mode, the alternate screen,
    /// mouse and paste reports, and a full redraw.
    fn reenter(guard: &mut Self) -> io::Result<()> {
        enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste, Clear(ClearType::All))?;
        // A blank frame, so that the next is drawn whole (not `Terminal::clear`, which asks the
        // terminal where its cursor is: one that does not answer would stall the reader).
        guard.terminal.draw(|_| {})?;
        guard.terminal.hide_cursor()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was: cooked mode, main screen, no mouse capture or bracketed
/// paste, a cursor.
/// Safe to call more than once.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// On a panic: restore the terminal first, then print a short report (the full one, with a
/// backtrace, when `RUST_BACKTRACE` is set). Not on the threads that find names: their panics
/// are caught (said in the status bar, or leaving the open article plain), and the reader goes
/// on, on a screen left whole.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if is_naming_thread(std::thread::current().name()) {
                return;
            }
            restore();
            if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
                default(info);
                return;
            }
            let message = panic_message(info.payload());
            let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
            eprintln!("newsdesk crashed: {message}{place}");
            eprintln!("The terminal has been restored. Run with RUST_BACKTRACE=1 for details, and please report it.");
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_searches_that_do_not_parse_are_named() {
        let library = Library::default();
        let mut state = State::new(&library, 46, 10);
        state.set_saved([("Fine".to_owned(), "rare".to_owned()), ("Typo".to_owned(), "sorce:dw".to_owned())]);
        let problem = saved_search_problems(&state).unwrap();
        assert!(problem.contains("“Typo”") && problem.contains("source:"), "{problem}");
        assert!(!problem.contains("Fine"));
    }

    #[test]
    fn a_panic_finding_entities_is_caught_and_said_and_the_library_has_none() {
        let library = Arc::new(crate::testing::seeds_without_entities());
        let (messages, inbox) = mpsc::channel();
        let (named, stop) = (AtomicUsize::new(0), AtomicBool::new(false));
        // The crash test panics inside the parallel search for names, as a recogniser's bug would.
        let shared = Arc::clone(&library);
        find_entities_apart(shared, &DeferredRecogniser::builtin(), &named, &stop, Some(CrashTest::Names), &messages);
        let Ok(Message::EntitiesFailed(why)) = inbox.try_recv() else { panic!("no failure said") };
        assert_eq!(why, "crash test: a panic finding names");
        assert!(inbox.try_recv().is_err(), "nothing else said");
        assert!(!library.entities_found() && library.entities().entities().is_empty());
    }

    #[test]
    fn entities_are_found_and_handed_over_when_nothing_panics() {
        let mut library = Arc::new(crate::testing::seeds_without_entities());
        let (messages, inbox) = mpsc::channel();
        let (named, stop) = (AtomicUsize::new(0), AtomicBool::new(false));
        find_entities_apart(Arc::clone(&library), &DeferredRecogniser::builtin(), &named, &stop, None, &messages);
        let Ok(Message::EntitiesFound(index)) = inbox.try_recv() else { panic!("no index handed over") };
        let own = Arc::get_mut(&mut library).expect("the finder let the library go");
        own.set_entities(index);
        assert!(library.entities_found());
        assert_eq!(named.load(Ordering::Relaxed), library.articles().len());
    }

    #[test]
    fn the_loop_asks_for_the_entity_browsers_next_step_when_no_message_waits() {
        let library = crate::testing::seeds();
        let mut state = crate::testing::reader_on(&library);
        update(&mut state, &library, Input::Command(crate::command::Command::EntityBrowser));
        crate::reader::browser::recount_later(&mut state, &library);
        assert!(crate::reader::browser::working(&state));
        let (messages, inbox) = mpsc::channel();
        let mut saver = Saver { store: None, saved: lasting::Snapshot::of(&state), at: Instant::now() };
        let counters = Counters { named: AtomicUsize::new(0), grouped: AtomicUsize::new(0), total: 0 };
        let waiting = Waiting::default();
        // A message that waits comes first.
        messages.send(Message::Note("hello".into())).unwrap();
        let next = next_message(&inbox, &mut saver, &mut state, &library, &counters, &waiting).unwrap();
        assert!(matches!(next, Some(Message::Note(_))));
        assert!(crate::reader::browser::working(&state), "no step yet");
        // Then, with none, a step: on the seeds, the rest of the work.
        let next = next_message(&inbox, &mut saver, &mut state, &library, &counters, &waiting).unwrap();
        assert!(next.is_none());
        assert!(!crate::reader::browser::working(&state));
        assert_eq!(state.browser.as_ref().map(|b| b.shown.len()), Some(25));
    }

    #[test]
    fn only_the_threads_finding_names_keep_the_terminal_on_a_panic() {
        for name in ["names", "names-0", "names-12", "names-open"] {
            assert!(is_naming_thread(Some(name)), "{name}");
        }
        for name in [None, Some("main"), Some("namesake"), Some("search"), Some("app::tests::x")] {
            assert!(!is_naming_thread(name), "{name:?}");
        }
    }

    #[test]
    fn urls_are_passed_as_one_argument_never_through_a_shell() {
        let template = vec!["xdg-open".to_owned(), "{url}".to_owned()];
        let url = "https://example.com/a?b=1&c=$(rm -rf ~)";
        assert_eq!(url_command(&template, url), ["xdg-open", url]);
        assert_eq!(
            url_command(&["firefox".to_owned(), "--new-tab".to_owned()], "https://x.y"),
            ["firefox", "--new-tab", "https://x.y"]
        );
    }
}
