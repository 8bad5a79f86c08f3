//! Errors that point into a file, and "did you mean" wording: a leaf that every layer may
//! use to say which file, line and column is wrong, and what was probably meant.

use std::fmt;
use std::path::{Path, PathBuf};

/// A file (configuration, keymap, gazetteer) that cannot be used: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line and column, when the problem is at a place in the file.
    pub position: Option<(usize, usize)>,
    /// What is wrong, with the valid choices.
    pub message: String,
    /// The line of the file, for context.
    pub source_line: Option<String>,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::sanitize::line(&self.file.to_string_lossy()).into_owned();
        match self.position {
            Some((line, column)) => write!(f, "{file}:{line}:{column}: {}", self.message)?,
            None => write!(f, "{file}: {}", self.message)?,
        }
        if let (Some(text), Some((line, column))) = (&self.source_line, self.position) {
            let gutter = line.to_string().len();
            write!(
                f,
                "\n{:gutter$} |\n{line} | {}\n{:gutter$} | {}^",
                "",
                crate::sanitize::line(text),
                "",
                " ".repeat(column.saturating_sub(1))
            )?;
        }
        Ok(())
    }
}

/// An error at a byte span of `text`, with a "did you mean" for near-miss names.
pub fn error_at(text: &str, file: &Path, span: Option<std::ops::Range<usize>>, message: &str) -> FileError {
    let position = span.map(|span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    });
    let source_line = position.and_then(|(line, _)| text.lines().nth(line - 1)).map(str::to_owned);
    let mut message = message.trim().replace('\n', " ");
    if let Some(key) = position.and_then(|(line, _)| key_at(text, line)) {
        message = format!("{key}: {message}");
    }
    if let Some(hint) = did_you_mean(&message) {
        message = format!("{message}; did you mean `{hint}`?");
    }
    FileError { file: file.to_path_buf(), position, message, source_line }
}

/// The dotted key set on a line (`[theme] accent = …` → `theme.accent`), for messages.
fn key_at(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let (key, _) = lines.get(line - 1)?.split_once('=')?;
    let key = key.trim().trim_matches('"');
    let table = lines[..line - 1].iter().rev().find_map(|l| {
        let l = l.trim();
        l.strip_prefix('[').and_then(|l| l.strip_suffix(']')).map(|t| t.trim_matches(['[', ']']).trim().to_owned())
    });
    Some(match table {
        Some(table) => format!("{table}.{key}"),
        None => key.to_owned(),
    })
}

/// For serde's "unknown field/variant `x`, expected one of `a`, `b`": the closest choice.
fn did_you_mean(message: &str) -> Option<String> {
    let start = message.find("unknown field `").or_else(|| message.find("unknown variant `"))?;
    let rest = message[start..].split_once('`')?.1;
    let (wrong, choices) = rest.split_once('`')?;
    closest(wrong, choices.split('`').skip(1).step_by(2)).map(str::to_owned)
}

/// The choice closest to a misspelt `wrong`, when one is close enough to suggest.
pub fn closest<'a>(wrong: &str, choices: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    choices
        .into_iter()
        .map(|choice| (strsim::damerau_levenshtein(wrong, choice), choice))
        .filter(|(distance, choice)| *distance <= (choice.len() / 3).max(2))
        .min()
        .map(|(_, choice)| choice)
}
