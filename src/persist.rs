//! What the reader keeps between sessions, per corpus: the articles read and starred, the last
//! article open and where in it, the search and find histories, and the changes of many read
//! marks that can be undone. Kept in a JSON file under the platform's state folder
//! (`$XDG_STATE_HOME/newsdesk/`, usually `~/.local/state/newsdesk/`), one per corpus (named by
//! a hash of its paths), keyed by the stable article ids.
//!
//! Writes are atomic: a temporary file beside it is written, flushed to disk and renamed over
//! it, so that a crash or a second newsdesk on the same corpus never leaves half a file. A file
//! that cannot be read or parsed is moved aside (`NAME.json.corrupt-SECONDS`) and newsdesk
//! starts afresh, saying so; nothing else is lost.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::corpus::Location;

/// The version of the file's layout.
const VERSION: u32 = 1;

/// The reader's lasting state for one corpus, as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Memory {
    /// The layout's version.
    pub version: u32,
    /// The corpus's paths, for whoever opens the file.
    pub corpus: Vec<String>,
    /// Ids of the articles read.
    pub read: Vec<String>,
    /// Ids of the articles starred.
    pub starred: Vec<String>,
    /// The last article open and where.
    pub last: Option<LastPlace>,
    /// Searches, oldest first.
    pub search_history: Vec<String>,
    /// Finds in articles, oldest first.
    pub find_history: Vec<String>,
    /// How the article list was ordered (`date`, `oldest`, `source`, `title`, `story`).
    pub order: Option<String>,
    /// The search prompt's mode: exact words (true) or fuzzy.
    pub exact_words: bool,
    /// Changes of many read marks that can be undone, oldest first. Not written while there
    /// are none; a file without it (written before there was one) reads as none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undo: Vec<UndoStep>,
}

/// A change of many read marks, as it is undone: the marks its articles had before.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UndoStep {
    /// What was done, as the status bar said it.
    pub what: String,
    /// Ids of the articles changed that were read before.
    pub read: Vec<String>,
    /// Ids of the articles changed that were unread before.
    pub unread: Vec<String>,
}

/// The last article open, and where it was scrolled to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LastPlace {
    /// The article's id.
    pub article: String,
    /// The first byte of its text in view; none at its top.
    pub anchor: Option<u32>,
}

/// Where one corpus's state is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    path: PathBuf,
    corpus: Vec<String>,
}

impl Store {
    /// The store of the corpus loaded from `inputs`, under the platform's state folder (the
    /// local data folder where there is none); `None` when neither is known.
    #[must_use]
    pub fn for_corpus(inputs: &[Location]) -> Option<Self> {
        let folder = dirs::state_dir().or_else(dirs::data_local_dir)?.join("newsdesk");
        Some(Self::in_folder(&folder, inputs))
    }

    /// The store of the corpus loaded from `inputs`, in `folder`.
    #[must_use]
    pub fn in_folder(folder: &Path, inputs: &[Location]) -> Self {
        let (corpus, key) = Location::identity(inputs);
        Self { path: folder.join(format!("corpus-{key:016x}.json")), corpus }
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the state: empty when there is none yet; when the file is unreadable or corrupt,
    /// empty too, with a message saying so and where the bad file was moved.
    #[must_use]
    pub fn load(&self) -> (Memory, Option<String>) {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return (Memory::default(), None),
            Err(e) => return (Memory::default(), Some(self.set_aside(&format!("cannot be read ({e})")))),
        };
        match serde_json::from_str::<Memory>(&text) {
            Ok(memory) if memory.version <= VERSION => (memory, None),
            Ok(memory) => {
                let why = format!("was written by a newer newsdesk (layout {})", memory.version);
                (Memory::default(), Some(self.set_aside(&why)))
            }
            Err(e) => (Memory::default(), Some(self.set_aside(&format!("is corrupt ({e})")))),
        }
    }

    /// Moves a bad file aside; returns the message that says so.
    fn set_aside(&self, why: &str) -> String {
        let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let aside = self.path.with_extension(format!("json.corrupt-{seconds}"));
        let shown = |p: &Path| crate::sanitize::line(&p.display().to_string()).into_owned();
        match fs::rename(&self.path, &aside) {
            Ok(()) => format!("saved state {why}: moved to {}; starting afresh", shown(&aside)),
            Err(e) => format!("saved state {} {why}, and could not be moved aside ({e})", shown(&self.path)),
        }
    }

    /// Writes the state atomically (see [`write_atomically`]).
    pub fn save(&self, memory: &Memory) -> io::Result<()> {
        let memory = Memory { version: VERSION, corpus: self.corpus.clone(), ..memory.clone() };
        let bytes = serde_json::to_vec_pretty(&memory).map_err(io::Error::other)?;
        write_atomically(&self.path, &bytes)
    }
}

/// Writes a file atomically: a temporary file beside it (named uniquely by `tempfile`, so that
/// two writers never share one, and hidden, so that a watched folder never lists it), flushed
/// to disk and renamed over it; its folder is made if need be. A crash, or a second newsdesk
/// writing the same file, never leaves half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = path.parent().filter(|f| !f.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(folder)?;
    let mut temporary = tempfile::Builder::new().prefix(".newsdesk-").tempfile_in(folder)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    // The rename itself lasts once the folder is flushed (where folders can be opened).
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Memory {
        Memory {
            read: vec!["00000000aa".into()],
            starred: vec!["00000000bb".into()],
            last: Some(LastPlace { article: "00000000aa".into(), anchor: Some(120) }),
            search_history: vec!["hassett".into()],
            ..Memory::default()
        }
    }

    #[test]
    fn state_is_saved_and_read_back_per_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_folder(dir.path(), &[Location::Builtin]);
        assert_eq!(store.load(), (Memory::default(), None), "nothing saved yet");
        store.save(&memory()).unwrap();
        let (read, problem) = store.load();
        assert_eq!(problem, None);
        assert_eq!(read.starred, memory().starred);
        assert_eq!(read.last, memory().last);
        assert_eq!(read.corpus, ["(built-in)"]);
        let other = Store::in_folder(dir.path(), &[Location::Path(dir.path().to_path_buf())]);
        assert_ne!(other.path(), store.path(), "another corpus, another file");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left: {leftovers:?}");
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_and_the_reader_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_folder(dir.path(), &[Location::Builtin]);
        fs::write(store.path(), "{\"read\": [\"00000000aa\", tru").unwrap();
        let (memory, problem) = store.load();
        assert_eq!(memory, Memory::default());
        let problem = problem.unwrap();
        assert!(problem.contains("corrupt") && problem.contains(".corrupt-"), "{problem}");
        assert!(!store.path().exists());
        let aside: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(aside.iter().any(|n| n.contains(".json.corrupt-")), "{aside:?}");
        store.save(&memory).unwrap();
        assert_eq!(store.load().1, None, "a new file is written beside the bad one");
    }

    #[test]
    fn a_file_from_before_the_undo_history_loads_and_none_is_written_while_empty() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_folder(dir.path(), &[Location::Builtin]);
        let old = r#"{"version": 1, "corpus": ["(built-in)"], "read": ["00000000aa"], "starred": [],
            "last": null, "search_history": [], "find_history": [], "order": null, "exact_words": false}"#;
        fs::write(store.path(), old).unwrap();
        let (memory, problem) = store.load();
        assert_eq!(problem, None);
        assert_eq!((memory.read.as_slice(), memory.undo.as_slice()), (&["00000000aa".to_owned()][..], &[][..]));
        store.save(&memory).unwrap();
        assert!(!fs::read_to_string(store.path()).unwrap().contains("undo"), "the file is as before");
        let step = UndoStep { what: "marked 2 articles read".into(), read: vec![], unread: vec!["00000000aa".into()] };
        store.save(&Memory { undo: vec![step.clone()], ..memory }).unwrap();
        assert_eq!(store.load().0.undo, [step]);
    }

    #[test]
    fn two_writers_never_leave_half_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_folder(dir.path(), &[Location::Builtin]);
        let big = Memory { read: (0..20_000).map(|i| format!("{i:010x}")).collect(), ..Memory::default() };
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    for _ in 0..10 {
                        store.save(&big).unwrap();
                    }
                });
            }
            for _ in 0..20 {
                if store.path().exists() {
                    assert_eq!(store.load().1, None, "a reader sees a whole file or the old one");
                }
            }
        });
        assert_eq!(store.load().0.read.len(), 20_000);
    }
}
