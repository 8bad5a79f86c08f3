//! The corrections file, `corrections.toml`, in the config file's folder: read on every load
//! (by the reader and the command line), and written by the reader, which adds an entry at its
//! end for each correction made and cuts it out again when the correction is undone. Written
//! atomically (a temporary file renamed over it), keeping whatever else the file holds:
//! comments, entries written by hand.

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::FileError;
use crate::entities::corrections::{Correction, Corrections, Parsed};

/// The file's name, beside `config.toml`.
pub const FILE_NAME: &str = "corrections.toml";

/// What a file made by the reader starts with.
const HEADER: &str = "\
# newsdesk's corrections to the entities it finds, applied in this order on every load, by the
# reader and the command line. The reader adds an entry for each correction made there (c r,
# c m, c k, c i) and takes it out again on undo (c u); entries can be written by hand too.
# The format: docs/entities.md, \"Corrections\".
";

/// Where the corrections are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionsFile {
    path: PathBuf,
}

impl CorrectionsFile {
    /// The file in the folder of the config file: `--config`'s (`explicit`), else the
    /// platform's (`$XDG_CONFIG_HOME/newsdesk/`), whether or not a config file is there; `None`
    /// when there is no config folder.
    #[must_use]
    pub fn beside(explicit: Option<&Path>) -> Option<Self> {
        let config = match explicit {
            Some(path) => path.to_path_buf(),
            None => super::Config::user_file()?,
        };
        let folder = config.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let folder = if folder.as_os_str().is_empty() { PathBuf::from(".") } else { folder };
        Some(Self { path: folder.join(FILE_NAME) })
    }

    /// The file at `path`.
    #[must_use]
    pub fn at(path: PathBuf) -> Self {
        Self { path }
    }

    /// The file's path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the corrections: none when there is no file; the entries that cannot be read are
    /// reported (file, line, what) and the others apply.
    #[must_use]
    pub fn load(&self) -> Parsed {
        match self.text() {
            Ok(text) => Corrections::parse(&text, &self.path),
            Err(e) => Parsed {
                problems: vec![FileError {
                    file: self.path.clone(),
                    position: None,
                    message: format!("cannot read the corrections: {e}"),
                    source_line: None,
                }],
                ..Parsed::default()
            },
        }
    }

    /// Adds a correction at the end of the file (made, with a header, when there is none);
    /// returns the file as read again.
    pub fn add(&self, correction: &Correction) -> io::Result<Parsed> {
        let mut text = self.text()?;
        if text.trim().is_empty() {
            HEADER.clone_into(&mut text);
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&correction.to_toml());
        self.write(&text)
    }

    /// Takes the last entry of the file that is `correction` out of it; returns the file as
    /// read again. An error when no entry is (edited by hand since, say).
    pub fn remove(&self, correction: &Correction) -> io::Result<Parsed> {
        let text = self.text()?;
        let parsed = Corrections::parse(&text, &self.path);
        let Some(at) = parsed.corrections.iter().rposition(|c| c == correction) else {
            return Err(io::Error::new(io::ErrorKind::NotFound, "the correction is no longer in the file"));
        };
        let span = parsed.spans[at].clone();
        let (before, after) = (&text[..span.start], &text[span.end..]);
        let mut kept = before.trim_end().to_owned();
        if !after.trim().is_empty() {
            kept.push_str("\n\n");
            kept.push_str(after.trim_start());
        }
        kept.push('\n');
        self.write(&kept)
    }

    /// The file's text; empty when there is no file.
    fn text(&self) -> io::Result<String> {
        match std::fs::read_to_string(&self.path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
            read => read,
        }
    }

    /// Writes the text atomically, and reads it back as corrections.
    fn write(&self, text: &str) -> io::Result<Parsed> {
        crate::persist::write_atomically(&self.path, text.as_bytes())?;
        Ok(Corrections::parse(text, &self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Kind;
    use crate::entities::corrections::EntityKey;

    fn rename(from: &str, to: &str) -> Correction {
        Correction::Rename { entity: EntityKey { name: from.into(), kind: Some(Kind::Person) }, to: to.into() }
    }

    #[test]
    fn corrections_are_added_at_the_end_and_taken_out_again_keeping_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let file = CorrectionsFile::at(dir.path().join("newsdesk").join(FILE_NAME));
        assert_eq!(file.load(), Parsed::default(), "no file, no corrections");
        let first = file.add(&rename("Kevin Hassett", "Kevin A. Hassett")).unwrap();
        assert_eq!(first.corrections.len(), 1);
        let written = std::fs::read_to_string(file.path()).unwrap();
        assert!(written.starts_with("# newsdesk's corrections"), "{written}");
        // By hand, meanwhile: a comment and an entry.
        std::fs::write(file.path(), format!("{written}\n# mine\n[[ignore]]\nname = \"Getty Images\"\n")).unwrap();
        let ignore = Correction::Ignore { entity: EntityKey { name: "Getty Images".into(), kind: None } };
        file.add(&rename("Xi", "Xi Jinping")).unwrap();
        let after = file.remove(&rename("Kevin Hassett", "Kevin A. Hassett")).unwrap();
        assert_eq!(after.corrections.iter().cloned().collect::<Vec<_>>(), [ignore, rename("Xi", "Xi Jinping")]);
        let text = std::fs::read_to_string(file.path()).unwrap();
        assert!(text.contains("# mine"), "{text}");
        let after = file.remove(&rename("Xi", "Xi Jinping")).unwrap();
        assert_eq!(after.corrections.len(), 1);
        assert!(file.remove(&rename("Xi", "Xi Jinping")).is_err(), "gone already");
        let text = std::fs::read_to_string(file.path()).unwrap();
        assert!(text.ends_with("name = \"Getty Images\"\n"), "{text:?}");
        let leftovers = std::fs::read_dir(file.path().parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left");
    }

    #[test]
    fn the_file_is_beside_the_config_file() {
        let file = CorrectionsFile::beside(Some(Path::new("/etc/newsdesk/mine.toml"))).unwrap();
        assert_eq!(file.path(), Path::new("/etc/newsdesk/corrections.toml"));
        let file = CorrectionsFile::beside(Some(Path::new("mine.toml"))).unwrap();
        assert_eq!(file.path(), Path::new("./corrections.toml"));
    }
}
