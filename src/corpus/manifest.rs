//! Folder manifests: an optional `manifest.toml` in a corpus folder that states what files do
//! not say about themselves.
//!
//! ```toml
//! # Defaults for every file in this folder and its subfolders.
//! source = "Reuters"
//!
//! # One table per file (a path relative to this folder).
//! [files."2025/talks.txt"]
//! title = "US and China resume talks"
//! date = 2025-06-09            # publication date
//! event_date = 2025-06-10      # or: the date of the event an undated article reports
//! source = "Reuters"
//! url = "https://example.com/talks"
//! authors = ["Jane Doe"]
//! tags = ["trade"]
//! ```

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;

use super::dates::parse_date;

/// The file name of a folder manifest.
pub const MANIFEST_NAME: &str = "manifest.toml";

/// What a manifest states for one file, or as defaults for its folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    pub title: Option<String>,
    #[serde(default, deserialize_with = "date")]
    pub date: Option<Date>,
    #[serde(default, deserialize_with = "date")]
    pub event_date: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub authors: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
}

impl Entry {
    /// Fills what this entry leaves open from `defaults`.
    #[must_use]
    pub fn or(self, defaults: &Entry) -> Entry {
        Entry {
            title: self.title.or_else(|| defaults.title.clone()),
            date: self.date.or(defaults.date),
            event_date: self.event_date.or(defaults.event_date),
            source: self.source.or_else(|| defaults.source.clone()),
            url: self.url.or_else(|| defaults.url.clone()),
            authors: self.authors.or_else(|| defaults.authors.clone()),
            tags: self.tags.or_else(|| defaults.tags.clone()),
        }
    }
}

/// A parsed manifest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    /// Default source for the folder.
    source: Option<String>,
    /// Default publication date for the folder.
    #[serde(default, deserialize_with = "date")]
    date: Option<Date>,
    /// Default event date for the folder.
    #[serde(default, deserialize_with = "date")]
    event_date: Option<Date>,
    /// Default authors for the folder.
    authors: Option<Vec<String>>,
    /// Default tags for the folder.
    tags: Option<Vec<String>>,
    /// Per-file entries by path relative to the manifest's folder.
    #[serde(default)]
    pub files: BTreeMap<Spanned<String>, Entry>,
}

/// A manifest that does not parse: its line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ManifestError {
    pub line: u32,
    pub message: String,
}

impl Manifest {
    /// Parses a manifest's text.
    pub fn parse(text: &str) -> Result<Self, ManifestError> {
        toml::from_str(text).map_err(|e| ManifestError {
            line: line_of(text, e.span().map_or(0, |s| s.start)),
            message: e.message().trim().to_owned(),
        })
    }

    /// The folder's defaults, as an entry.
    pub fn defaults(&self) -> Entry {
        Entry {
            source: self.source.clone(),
            date: self.date,
            event_date: self.event_date,
            authors: self.authors.clone(),
            tags: self.tags.clone(),
            ..Entry::default()
        }
    }
}

/// The 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> u32 {
    super::line_at(text.as_bytes(), offset)
}

/// A date written as a TOML date or as a string in any form newsdesk recognises.
fn date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    let value = toml::Value::deserialize(deserializer)?;
    let written = match &value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    parse_date(&written)
        .map(|dated| dated.date)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("{written} is not a date (write it as 2025-06-08)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_files_are_read() {
        let manifest = Manifest::parse(
            "source = \"Reuters\"\n[files.\"a.txt\"]\ntitle = \"A\"\ndate = 2025-06-09\nevent_date = \"June 10, 2025\"\n",
        )
        .unwrap();
        assert_eq!(manifest.defaults().source.as_deref(), Some("Reuters"));
        let (name, entry) = manifest.files.iter().next().unwrap();
        assert_eq!(name.get_ref(), "a.txt");
        assert_eq!(entry.date, Some(jiff::civil::date(2025, 6, 9)));
        assert_eq!(entry.event_date, Some(jiff::civil::date(2025, 6, 10)));
        assert_eq!(entry.clone().or(&manifest.defaults()).source.as_deref(), Some("Reuters"));
    }

    #[test]
    fn unknown_keys_and_bad_dates_name_their_line() {
        let err = Manifest::parse("source = \"x\"\n\n[files.\"a.txt\"]\ntitel = \"A\"\n").unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("unknown field `titel`"), "{}", err.message);
        let err = Manifest::parse("[files.\"a.txt\"]\ndate = \"soon\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("soon is not a date"), "{}", err.message);
    }

    #[test]
    fn a_folder_title_is_refused() {
        let err = Manifest::parse("title = \"x\"\n").unwrap_err();
        assert!(err.message.contains("unknown field `title`"), "{}", err.message);
    }
}
