//! Helpers shared by the integration tests.
#![allow(dead_code, missing_docs)]

pub mod feed_server;
pub mod pty;

use std::path::{Path, PathBuf};
use std::process::Command;

use newsdesk::corpus::{Article, LoadOptions, Location};
use newsdesk::entities::Recogniser;
use newsdesk::library::Library;

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Loads inputs with the default configuration, and finds their entities, as the command
/// line does.
pub fn load(inputs: &[Location]) -> Library {
    Library::load(inputs, &LoadOptions::default(), Some(&Recogniser::builtin()), &|_| {})
}

/// Loads inputs without finding their entities, as the reader opens them.
pub fn load_without_entities(inputs: &[Location]) -> Library {
    Library::load(inputs, &LoadOptions::default(), None, &|_| {})
}

/// The default corpus, with its entities.
pub fn seeds() -> Library {
    load(&[Location::Builtin])
}

/// Loads one path.
pub fn load_path(path: &Path) -> Library {
    load(&[Location::Path(path.to_path_buf())])
}

/// The article loaded from a file whose path ends with `name` (and record line, if any).
pub fn article<'a>(corpus: &'a Library, name: &str) -> &'a Article {
    corpus.articles().iter().find(|a| a.origin.to_string().ends_with(name)).unwrap_or_else(|| {
        panic!(
            "no article from {name}; have {:?}",
            corpus.articles().iter().map(|a| a.origin.to_string()).collect::<Vec<_>>()
        )
    })
}

/// The newsdesk binary, with a config folder of its own so the user's config never leaks in.
pub fn newsdesk(config_home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    command
        .env("XDG_CONFIG_HOME", config_home)
        .env("HOME", config_home)
        .env("XDG_CACHE_HOME", config_home.join("cache"))
        .env_remove("NO_COLOR");
    command
}
