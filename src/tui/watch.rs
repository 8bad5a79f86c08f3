//! Live folders: watches the folders the reader opened (crate `notify`, polling every half
//! second where the system's file events cannot be had) and tells the loop which article files
//! were added, changed or removed, a quarter second after the last event of a burst (an editor's
//! save, a copy of many files), so that each batch is loaded once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::corpus::is_article_file;

/// How long the watcher waits after an event for more of the same burst.
const SETTLE: Duration = Duration::from_millis(250);

/// The longest a burst is gathered while events keep coming (a file written every moment).
const LONGEST_BURST: Duration = Duration::from_secs(2);

/// How often the fallback watcher looks at the folders.
const POLL: Duration = Duration::from_millis(500);

/// A running watch; it stops when dropped.
pub(super) struct Watch {
    _watcher: Box<dyn Watcher + Send>,
}

/// Watches `roots` (folders; files named alone are not watched) and calls `changed` with the
/// article files each burst of events touched, and the paths removed (a file, or a folder and
/// all below it), written as the roots are (a relative root gives relative paths, as the
/// articles' own). `Err` says why no watch could start.
pub(super) fn start(roots: &[PathBuf], changed: impl Fn(Vec<PathBuf>) + Send + 'static) -> Result<Watch, String> {
    let (events, inbox) = mpsc::channel::<notify::Result<notify::Event>>();
    // Events name paths as the system knows them (absolute, links resolved); each watched root
    // is kept with the form the user wrote, to write them back.
    let roots: Vec<(PathBuf, PathBuf)> =
        roots.iter().filter(|r| r.is_dir()).filter_map(|r| Some((r.canonicalize().ok()?, r.clone()))).collect();
    let system = notify::recommended_watcher(events.clone()).ok().and_then(|mut watcher| {
        watch_all(&mut watcher, &roots).ok().map(|()| Box::new(watcher) as Box<dyn Watcher + Send>)
    });
    // No system events, or too few watches for the tree (inotify's limit): look instead.
    let watcher = if let Some(watcher) = system {
        watcher
    } else {
        let config = notify::Config::default().with_poll_interval(POLL);
        let mut watcher = notify::PollWatcher::new(events, config).map_err(|e| e.to_string())?;
        watch_all(&mut watcher, &roots)?;
        Box::new(watcher)
    };
    std::thread::Builder::new()
        .name("watch".into())
        .spawn(move || settle(&inbox, &roots, &changed))
        .map_err(|e| e.to_string())?;
    Ok(Watch { _watcher: watcher })
}

/// Watches every root, recursively.
fn watch_all(watcher: &mut dyn Watcher, roots: &[(PathBuf, PathBuf)]) -> Result<(), String> {
    for (canonical, written) in roots {
        watcher.watch(canonical, RecursiveMode::Recursive).map_err(|e| format!("{}: {e}", written.display()))?;
    }
    Ok(())
}

/// The path as the user's root writes it, when it is below a root and not hidden there (a load
/// skips hidden files and folders).
fn as_written(path: &Path, roots: &[(PathBuf, PathBuf)]) -> Option<PathBuf> {
    let (below, written) =
        roots.iter().find_map(|(canonical, written)| Some((path.strip_prefix(canonical).ok()?, written)))?;
    let hidden = below.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    (!hidden).then(|| written.join(below))
}

/// The article files under a folder, hidden ones left out.
pub(super) fn files_under(folder: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_article_file(e.path()))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Gathers the paths of each burst and hands them on: a quarter second after its last event,
/// or two seconds after its first when events keep coming; ends with the watcher.
fn settle(
    inbox: &mpsc::Receiver<notify::Result<notify::Event>>,
    roots: &[(PathBuf, PathBuf)],
    changed: &impl Fn(Vec<PathBuf>),
) {
    let mut burst: BTreeSet<PathBuf> = BTreeSet::new();
    // Folders made in the burst: read again as it is handed on, as files written in them
    // before their own watch began raise no event.
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    let mut since = Instant::now();
    loop {
        let wait = SETTLE.min(LONGEST_BURST.saturating_sub(since.elapsed()));
        let gathering = !burst.is_empty() || !folders.is_empty();
        let event = if gathering { inbox.recv_timeout(wait).ok() } else { inbox.recv().ok() };
        match event {
            // Reading a file or listing a folder is no change (and listing the folders made
            // would raise such events again, for ever).
            Some(Ok(event)) if !is_change(event.kind) => continue,
            Some(Ok(event)) => {
                if !gathering {
                    since = Instant::now();
                }
                burst.extend(paths_of(&event, roots));
                if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_)) {
                    folders.extend(event.paths.into_iter().filter(|p| p.is_dir()));
                }
                if (!burst.is_empty() || !folders.is_empty()) && since.elapsed() < LONGEST_BURST {
                    continue;
                }
            }
            Some(Err(_)) => continue,
            None if !gathering => return,
            None => {}
        }
        for folder in std::mem::take(&mut folders) {
            burst.extend(files_under(&folder).iter().filter_map(|f| as_written(f, roots)));
        }
        if !burst.is_empty() {
            changed(std::mem::take(&mut burst).into_iter().collect());
        }
    }
}

/// True for an event that may change what a folder's articles are: a file or folder made,
/// written, renamed or removed; not a read, an open, a listing, or a change of permissions or
/// times alone.
fn is_change(kind: EventKind) -> bool {
    use notify::event::ModifyKind;
    matches!(kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_))
        && !matches!(kind, EventKind::Modify(ModifyKind::Metadata(_)))
}

/// The paths an event touched that matter: article files made, written or removed, every
/// article file in a folder made or moved in, and a folder removed or moved away (all its
/// articles are gone). A change of permissions or times alone (`touch`) is no change.
fn paths_of(event: &notify::Event, roots: &[(PathBuf, PathBuf)]) -> Vec<PathBuf> {
    if !is_change(event.kind) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for path in &event.paths {
        if path.is_dir() {
            out.extend(files_under(path).iter().filter_map(|f| as_written(f, roots)));
        } else if is_article_file(path) || !path.exists() {
            // A path no longer there may have been a folder: its articles are gone too.
            out.extend(as_written(path, roots));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use notify::event::{AccessKind, AccessMode, CreateKind};

    use super::*;

    /// What `settle` hands on for these events, the channel closed after them.
    fn handed_on(events: Vec<notify::Event>, roots: &[(PathBuf, PathBuf)]) -> Vec<Vec<PathBuf>> {
        let (sender, inbox) = mpsc::channel();
        for event in events {
            sender.send(Ok(event)).unwrap();
        }
        drop(sender);
        let handed = RefCell::new(Vec::new());
        settle(&inbox, roots, &|paths| handed.borrow_mut().push(paths));
        handed.into_inner()
    }

    #[test]
    fn reading_files_or_listing_a_folder_is_no_change_but_a_folder_made_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("wire");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("a.txt"), "Talks\n\nTalks went on.\n").unwrap();
        let roots = [(dir.path().to_path_buf(), dir.path().to_path_buf())];
        let event = |kind: EventKind, path: &Path| notify::Event::new(kind).add_path(path.to_path_buf());
        // Listing a folder (as the loader and this watch do) and reading its file: nothing.
        let read = vec![
            event(EventKind::Access(AccessKind::Open(AccessMode::Any)), &folder),
            event(EventKind::Access(AccessKind::Close(AccessMode::Read)), &folder.join("a.txt")),
        ];
        assert!(handed_on(read, &roots).is_empty(), "a read never loads anything, so never loops");
        // A folder made: its files, written before its own watch began, are handed on.
        let made = handed_on(vec![event(EventKind::Create(CreateKind::Folder), &folder)], &roots);
        assert_eq!(made, vec![vec![folder.join("a.txt")]]);
    }
}
