//! What the unit tests share: the default corpus as a library, with its entities found or
//! not, as the reader and the command line have it.

use std::sync::atomic::AtomicBool;

use crate::corpus::{LoadOptions, Location};
use crate::entities::Recogniser;
use crate::library::Library;

/// The seed articles with their entities, as the command line loads them.
pub(crate) fn seeds() -> Library {
    Library::load(&[Location::Builtin], &LoadOptions::default(), Some(&Recogniser::builtin()), &|_| {})
}

/// The seed articles without their entities, as the reader opens them.
pub(crate) fn seeds_without_entities() -> Library {
    Library::load(&[Location::Builtin], &LoadOptions::default(), None, &|_| {})
}

/// Finds the entities of a library opened without them, as the reader does in the background.
pub(crate) fn find_entities_now(library: &mut Library) {
    let index = library.find_entities(&Recogniser::builtin(), &|_| {}, &AtomicBool::new(false));
    library.set_entities(index.expect("nothing stops it"));
}

/// A library of the given files (name, contents), written to a folder of their own and loaded
/// as the reader loads a folder (without entities).
pub(crate) fn library_of(files: &[(&str, &str)]) -> Library {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        std::fs::write(folder.path().join(name), text).expect("a file written");
    }
    Library::load(&[Location::Path(folder.path().to_path_buf())], &LoadOptions::default(), None, &|_| {})
}

/// Carries out an update's effect as the reader's loop would, for a search: with the worker's
/// session in this thread, the results handed back at once.
pub(crate) fn run_effect(
    state: &mut crate::reader::state::State,
    library: &Library,
    session: &mut crate::search::session::Session,
    effect: Option<crate::reader::update::Effect>,
) {
    use crate::reader::update::{Effect, Input, update};
    use crate::search::worker::{Request, Response};
    if let Some(Effect::Work(Request::Search { generation, text, marks })) = effect {
        let query = crate::query::Query::parse(&text);
        let hits = session.search_marked(library, &query, &marks, &|| false, &mut |_| {}).expect("not stopped");
        update(state, library, Input::Worker(Response::Found { generation, hits, complete: true }));
    }
}

/// The seed articles with their entities and stories found, as the reader has them at last.
pub(crate) fn seeds_with_stories() -> Library {
    let mut library = seeds();
    let stories = library.find_stories(&|_| {}, &AtomicBool::new(false)).expect("nothing stops it");
    library.set_stories(stories);
    library
}

/// The reader's state on `library`, on a 120 × 40 screen.
pub(crate) fn reader_on(library: &Library) -> crate::reader::state::State {
    use crate::reader::update::{Input, update};
    let mut state = crate::reader::state::State::new(library, 46, 40);
    update(&mut state, library, Input::Resize(120, 40));
    state
}

/// Presses keys bound to `commands`, carrying out each search as the reader's loop would.
pub(crate) fn press_keys(
    state: &mut crate::reader::state::State,
    library: &Library,
    session: &mut crate::search::session::Session,
    commands: &[crate::command::Command],
) {
    use crate::reader::update::{Input, update};
    for command in commands {
        let effect = update(state, library, Input::Command(*command));
        run_effect(state, library, session, effect);
    }
}
