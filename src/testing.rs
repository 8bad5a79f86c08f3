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
