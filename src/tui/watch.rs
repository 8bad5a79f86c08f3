//! Live folders: watches the folders the reader opened (crate `notify`, polling every half
//! second where the system's file events cannot be had) and tells the loop which article files
//! were added, changed or removed, a quarter second after the last event of a burst (an editor's
//! save, a copy of many files), so that each batch is loaded once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::corpus::is_article_file;

/// How long the watcher waits after an event for more of the same burst.
const SETTLE: Duration = Duration::from_millis(250);

/// How often the fallback watcher looks at the folders.
const POLL: Duration = Duration::from_millis(500);

/// A running watch; it stops when dropped.
pub(super) struct Watch {
    _watcher: Box<dyn Watcher + Send>,
}

/// Watches `roots` (folders; files named alone are not watched) and calls `changed` with the
/// article files each burst of events touched. `Err` says why no watch could start.
pub(super) fn start(roots: &[PathBuf], changed: impl Fn(Vec<PathBuf>) + Send + 'static) -> Result<Watch, String> {
    let (events, inbox) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher: Box<dyn Watcher + Send> = match notify::recommended_watcher(events.clone()) {
        Ok(watcher) => Box::new(watcher),
        Err(_) => Box::new(
            notify::PollWatcher::new(events, notify::Config::default().with_poll_interval(POLL))
                .map_err(|e| e.to_string())?,
        ),
    };
    for root in roots.iter().filter(|r| r.is_dir()) {
        watcher.watch(root, RecursiveMode::Recursive).map_err(|e| format!("{}: {e}", root.display()))?;
    }
    let roots = roots.to_vec();
    std::thread::Builder::new()
        .name("watch".into())
        .spawn(move || settle(&inbox, &roots, &changed))
        .map_err(|e| e.to_string())?;
    Ok(Watch { _watcher: watcher })
}

/// True for a path in a hidden folder (or hidden itself) below its root, which a load skips.
fn hidden(path: &Path, roots: &[PathBuf]) -> bool {
    let below = roots.iter().find_map(|root| path.strip_prefix(root).ok()).unwrap_or(path);
    below.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// The article files under a folder, hidden ones left out.
fn files_under(folder: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_article_file(e.path()))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Gathers the paths of each burst of events and hands them on; ends with the watcher.
fn settle(inbox: &mpsc::Receiver<notify::Result<notify::Event>>, roots: &[PathBuf], changed: &impl Fn(Vec<PathBuf>)) {
    let mut burst: BTreeSet<PathBuf> = BTreeSet::new();
    loop {
        let event = if burst.is_empty() { inbox.recv().ok() } else { inbox.recv_timeout(SETTLE).ok() };
        match event {
            Some(Ok(event)) => {
                if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) {
                    for path in event.paths.into_iter().filter(|p| !hidden(p, roots)) {
                        // A folder made (or moved in) may have files before its own watch starts.
                        if path.is_dir() {
                            burst.extend(files_under(&path));
                        } else if is_article_file(&path) {
                            burst.insert(path);
                        }
                    }
                }
            }
            Some(Err(_)) => {}
            None if burst.is_empty() => return,
            None => changed(std::mem::take(&mut burst).into_iter().collect()),
        }
    }
}
