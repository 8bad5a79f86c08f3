//! Gazetteers: lists of known entities (canonical name, kind, aliases) in TOML. The built-in
//! one (`assets/gazetteer.toml`) is embedded; users add files of their own, and an entry of
//! theirs replaces a built-in one with the same name.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Kind;
use crate::diagnostic::{FileError, error_at};

/// The built-in gazetteer.
pub const BUILTIN: &str = include_str!("../../assets/gazetteer.toml");

/// The built-in list of the world's cities of 50,000 people or more (`GeoNames`), after
/// [`BUILTIN`]: none has a name it gives.
pub const BUILTIN_PLACES: &str = include_str!("../../assets/places.toml");

/// One known entity.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The canonical name, shown in the reader.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Other names for it, matched as written (case matters).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Words that, right before a name or alias of it, make the phrase something else
    /// ("potato" chips are no semiconductors). Matched ignoring case.
    #[serde(default)]
    pub not_after: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    entity: Vec<Entry>,
}

/// The known entities, merged from the built-in gazetteer and the user's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Gazetteer {
    entries: Vec<Entry>,
}

impl Gazetteer {
    /// Parses a gazetteer's text; `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Self, FileError> {
        let parsed: File = toml::from_str(text).map_err(|e| error_at(text, file, e.span(), e.message()))?;
        for entry in &parsed.entity {
            let forms = || std::iter::once(&entry.name).chain(&entry.aliases);
            let problem = if let Some(empty) = forms().find(|f| f.trim().is_empty()) {
                Some((empty, "names and aliases must not be empty".to_owned()))
            } else {
                // Names are looked for at the starts of words only.
                forms()
                    .find(|f| !f.trim().starts_with(char::is_alphanumeric))
                    .map(|f| (f, format!("{:?} must start with a letter or digit", f.trim())))
            };
            if let Some((form, problem)) = problem {
                // The form's place in the file, where it is written as it reads.
                let quoted = format!("\"{form}\"");
                let span = text.find(&quoted).map(|at| at..at + quoted.len());
                return Err(error_at(text, file, span, &format!("entity {:?}: {problem}", entry.name)));
            }
        }
        Ok(Self { entries: parsed.entity })
    }

    /// The built-in gazetteer.
    ///
    /// # Panics
    ///
    /// Never: the built-in gazetteer is tested to parse.
    #[must_use]
    pub fn builtin() -> Self {
        let mut builtin =
            Self::parse(BUILTIN, Path::new("assets/gazetteer.toml")).expect("the built-in gazetteer parses (tested)");
        let places = Self::parse(BUILTIN_PLACES, Path::new("assets/places.toml")).expect("the cities parse (tested)");
        builtin.entries.extend(places.entries);
        builtin
    }

    /// The user's gazetteer files, read and parsed, in order (to merge into the built-in
    /// one: see [`Gazetteer::merge`]).
    pub fn read_files(files: &[PathBuf]) -> Result<Vec<Self>, FileError> {
        files
            .iter()
            .map(|file| {
                let text = std::fs::read_to_string(file).map_err(|e| FileError {
                    file: file.clone(),
                    position: None,
                    message: format!("cannot read this gazetteer: {e}"),
                    source_line: None,
                })?;
                Self::parse(&text, file)
            })
            .collect()
    }

    /// Adds `other`'s entries; one with the name of an existing entry replaces it.
    pub fn merge(&mut self, other: Gazetteer) {
        for entry in other.entries {
            match self.entries.iter_mut().find(|e| e.name == entry.name) {
                Some(existing) => *existing = entry,
                None => self.entries.push(entry),
            }
        }
    }

    /// The entries.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Builds a gazetteer from entries (for tests and benchmarks).
    #[must_use]
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        Self { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_gazetteer_parses_and_covers_the_default_corpus() {
        let gazetteer = Gazetteer::builtin();
        assert!(gazetteer.entries().len() >= 1000, "{} entries", gazetteer.entries().len());
        let names: Vec<&str> = gazetteer.entries().iter().map(|e| e.name.as_str()).collect();
        for name in [
            "Kevin Hassett",
            "Donald Trump",
            "He Lifeng",
            "Scott Bessent",
            "Xi Jinping",
            "National Economic Council",
            "Lancaster House",
            "United States",
            "China",
        ] {
            assert!(names.contains(&name), "{name} is missing");
        }
    }

    #[test]
    fn a_user_entry_replaces_a_builtin_one_with_the_same_name() {
        let mut gazetteer = Gazetteer::builtin();
        let before = gazetteer.entries().len();
        let user = Gazetteer::parse("[[entity]]\nname = \"China\"\nkind = \"organisation\"\naliases = [\"PRC\"]\n\n[[entity]]\nname = \"Okonkwo Holdings\"\nkind = \"organisation\"\n", Path::new("mine.toml")).unwrap();
        gazetteer.merge(user);
        assert_eq!(gazetteer.entries().len(), before + 1);
        let china = gazetteer.entries().iter().find(|e| e.name == "China").unwrap();
        assert_eq!(china.kind, Kind::Organisation);
    }

    #[test]
    fn a_name_that_cannot_start_a_word_names_its_line() {
        let text = "[[entity]]\nname = \"Dotcom\"\nkind = \"other\"\naliases = [\".com\"]\n";
        let err = Gazetteer::parse(text, Path::new("mine.toml")).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(4));
        assert!(err.message.contains("\".com\" must start with a letter or digit"), "{}", err.message);
        let err = Gazetteer::parse("[[entity]]\nname = \" \"\nkind = \"other\"\n", Path::new("mine.toml")).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(2));
        assert!(err.message.contains("must not be empty"), "{}", err.message);
    }

    #[test]
    fn a_bad_kind_names_its_line_and_the_kinds() {
        let err = Gazetteer::parse("[[entity]]\nname = \"X\"\nkind = \"persn\"\n", Path::new("mine.toml")).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(3));
        assert!(err.message.contains("did you mean `person`?"), "{}", err.message);
    }
}
