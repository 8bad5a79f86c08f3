//! The load report: every file skipped or read only in part, with where and why.

use std::fmt;

/// Whether a problem cost a whole file (or record), or only part of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    /// Loaded, with something lost or replaced (bad bytes, bad front matter, a bad record).
    Partial,
    /// Not loaded at all.
    Skipped,
}

/// Why a file or record could not be read as it should.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum ProblemKind {
    /// A path named on the command line or in the config does not exist (or a broken symlink).
    NotFound,
    /// The file could not be opened or read (permission denied, deleted while loading).
    Unreadable,
    /// A symbolic link leads back to a folder above it.
    SymlinkLoop,
    /// Not an article format newsdesk reads (images, archives, other extensions).
    Unsupported,
    /// Binary content in a file with a text extension.
    Binary,
    /// The file, or the article in it, has no text.
    Empty,
    /// Not valid UTF-8: the bad bytes were replaced with U+FFFD.
    NotUtf8,
    /// The TOML front matter of a Markdown file does not parse.
    BadFrontMatter,
    /// A JSON file does not parse.
    BadJson,
    /// One record of a JSON or JSON Lines file does not parse or is not an article.
    BadJsonRecord,
    /// A folder's manifest does not parse, or names a file that is not there.
    BadManifest,
    /// A date in metadata that is not a date.
    BadDate,
    /// A feed (RSS, Atom, JSON Feed) or one of its items does not parse, or an OPML file's.
    BadFeed,
}

impl ProblemKind {
    /// A short human name for the kind, as the report prints it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::NotFound => "not found",
            Self::Unreadable => "unreadable",
            Self::SymlinkLoop => "symlink loop",
            Self::Unsupported => "unsupported type",
            Self::Binary => "binary",
            Self::Empty => "empty",
            Self::NotUtf8 => "not UTF-8",
            Self::BadFrontMatter => "bad front matter",
            Self::BadJson => "bad JSON",
            Self::BadJsonRecord => "bad JSON record",
            Self::BadManifest => "bad manifest",
            Self::BadDate => "bad date",
            Self::BadFeed => "bad feed",
        }
    }
}

/// One thing the loader could not read as it should.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The file, as the user named it (sanitised for display).
    pub path: String,
    /// The 1-based line, where it helps.
    pub line: Option<u32>,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// Whether the file (or record) was skipped or loaded in part.
    pub severity: Severity,
    /// Details: what the parser said, what was replaced.
    pub detail: String,
}

impl Problem {
    /// A problem with a file as a whole.
    pub(crate) fn new(path: &str, kind: ProblemKind, severity: Severity, detail: impl Into<String>) -> Self {
        Self {
            path: crate::sanitize::line(path).into_owned(),
            line: None,
            kind,
            severity,
            detail: crate::sanitize::line(&detail.into()).into_owned(),
        }
    }

    /// The same problem, at a line.
    #[must_use]
    pub(crate) fn at_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Problem {
    /// `path:line: skipped: kind: detail`, like a compiler's message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let what = match self.severity {
            Severity::Skipped => "skipped",
            Severity::Partial => "partly read",
        };
        write!(f, ": {what}: {}", self.kind.label())?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// Everything the loader could not read, and how much it did read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Problems in the order the files were read.
    pub problems: Vec<Problem>,
    /// Files found (articles, manifests and everything skipped).
    pub files_seen: usize,
    /// Files from which at least one article loaded.
    pub files_loaded: usize,
    /// Bytes read from article files (or, for files taken from the cache, their size).
    pub bytes_read: u64,
    /// Files whose articles were taken from the cache, unchanged since, not read again.
    pub files_cached: usize,
    /// Pieces of boilerplate cut from the clean text (lines, blocks, inline fragments), by
    /// source.
    pub cut_by_source: std::collections::BTreeMap<String, usize>,
}

impl LoadReport {
    /// True when nothing was skipped or read in part.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// Distinct files with at least one problem.
    #[must_use]
    pub fn files_with_problems(&self) -> usize {
        let mut paths: Vec<&str> = self.problems.iter().map(|p| p.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    }

    /// The boilerplate cut, in words: `412 pieces of boilerplate cut (Reuters 300, BBC 112)`,
    /// the most cut first; `None` when nothing was.
    #[must_use]
    pub fn cut_summary(&self) -> Option<String> {
        let total: usize = self.cut_by_source.values().sum();
        if total == 0 {
            return None;
        }
        let mut by_source: Vec<(&String, &usize)> = self.cut_by_source.iter().collect();
        by_source.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let shown: Vec<String> = by_source.iter().take(8).map(|(s, n)| format!("{s} {n}")).collect();
        let more = if by_source.len() > 8 { format!(", {} more sources", by_source.len() - 8) } else { String::new() };
        let noun = if total == 1 { "piece" } else { "pieces" };
        Some(format!("{total} {noun} of boilerplate cut ({}{more})", shown.join(", ")))
    }

    /// Problems that cost a whole file or record.
    #[must_use]
    pub fn skipped(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Skipped).count()
    }

    /// True when a path the user named does not exist.
    #[must_use]
    pub fn has_missing_path(&self) -> bool {
        self.problems.iter().any(|p| p.kind == ProblemKind::NotFound && p.detail == MISSING_PATH)
    }
}

/// The detail of a [`ProblemKind::NotFound`] for a path the user named.
pub(crate) const MISSING_PATH: &str = "no such file or folder";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_reads_like_a_compiler_message() {
        let p =
            Problem::new("feeds/a.jsonl", ProblemKind::BadJsonRecord, Severity::Skipped, "expected `:` at column 9")
                .at_line(7);
        assert_eq!(p.to_string(), "feeds/a.jsonl:7: skipped: bad JSON record: expected `:` at column 9");
    }

    #[test]
    fn paths_with_escape_sequences_are_sanitised() {
        let p = Problem::new("evil\u{1b}]0;title\u{7}.txt", ProblemKind::Empty, Severity::Skipped, "");
        assert_eq!(p.to_string(), "evil.txt: skipped: empty");
    }
}
