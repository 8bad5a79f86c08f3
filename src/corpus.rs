//! The article corpus: every article in memory, cleaned, with its metadata. It knows nothing
//! of entities, articles or search: those are indexes built from it, owned with it by the
//! [`Library`](crate::library::Library).
//!
//! [`load`] reads files (or the built-in default corpus) into a [`Corpus`] and a
//! [`LoadReport`] of everything it could not read; [`Corpus::append`] adds the articles of a
//! later load. Nothing here touches a terminal.

mod builtin;
mod dates;
mod decode;
mod formats;
mod load;
mod manifest;
#[cfg(test)]
mod properties;
mod report;
pub mod reuse;
mod structure;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use dates::{Dated, Precision, find_date, parse_date};
pub use load::{LoadOptions, Location, Progress, Stage, load, load_files, load_reusing, raw_text};

/// True for a file newsdesk reads as articles (by its extension), not hidden.
#[must_use]
pub fn is_article_file(path: &std::path::Path) -> bool {
    let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
    !hidden && formats::Format::of(path).is_ok()
}
pub use report::{LoadReport, Problem, ProblemKind, Severity};
pub use structure::{ABBREVIATIONS, RuleLists, Rules, RulesError};

use jiff::civil::Date;

/// A stable article id: the same across runs and machines for the same corpus, so that read
/// state and bookmarks survive a reload. It is a hash of the article's place in the corpus
/// (its path relative to the folder it was loaded from, and its record number in a JSON file),
/// shown as 10 hexadecimal digits; any unique prefix of at least 4 digits names it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct ArticleId(u64);

impl ArticleId {
    /// Number of hexadecimal digits shown for an id.
    pub const DIGITS: usize = 10;

    /// The id of the article found at `key` (a relative path, plus `#n` for the n-th record).
    #[must_use]
    pub fn from_key(key: &str) -> Self {
        Self(xxhash_rust::xxh3::xxh3_64(key.as_bytes()) >> (64 - 4 * Self::DIGITS))
    }

    /// The next id after this one, used to part the rare two keys that hash alike.
    #[must_use]
    fn bumped(self) -> Self {
        Self((self.0 + 1) & ((1 << (4 * Self::DIGITS)) - 1))
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:0width$x}", self.0, width = Self::DIGITS)
    }
}

impl fmt::Debug for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ArticleId({self})")
    }
}

/// An interned source (outlet) name: an index into [`Corpus::sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct SourceId(pub u32);

/// What a block of article text is, so the reader can style it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BlockKind {
    /// A section heading.
    Heading,
    /// A paragraph of running text.
    Paragraph,
    /// One item of a list; its text starts with the item's marker.
    ListItem,
    /// A quoted passage.
    Quote,
    /// Preformatted text (code, tables): line breaks inside it are kept.
    Preformatted,
}

/// One block of an article's clean text: its kind and its byte range in [`Article::text`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Byte range of the block in the article's text.
    pub range: Range<u32>,
}

/// Where an article came from: a file, or a record in a file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// The file as the user named it (or `builtin:NAME` for the default corpus). Not kept by
    /// a cache, which keeps the articles of a file together and names the file once.
    #[serde(skip, default = "no_path")]
    pub path: Arc<Path>,
    /// The 1-based line of the record, for articles read from JSON files.
    pub line: Option<u32>,
    /// Byte range of the record in the file, for JSON records (to re-read the raw text).
    pub span: Option<Range<u64>>,
}

/// The path of an origin read back from a cache, before its file's path is given to it.
fn no_path() -> Arc<Path> {
    Arc::from(Path::new(""))
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::sanitize::line(&self.path.to_string_lossy()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// One article, cleaned: safe to draw, with its boilerplate removed.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Stable id.
    pub id: ArticleId,
    /// The title, stated or inferred (see the README's inference rules).
    pub title: String,
    /// True when no title was stated and the title was derived from the text (a record with
    /// none): shown dimmed, and said in JSON output.
    pub title_derived: bool,
    /// The publication date the article (or its metadata) states, the first day of its
    /// period when only a year or a month is stated; `None` when undated.
    pub date: Option<Date>,
    /// How precisely the date was stated (a year, a month, a day).
    pub date_precision: Precision,
    /// The date of the event the article reports, when metadata records it for an undated
    /// article. Shown labelled as such, never as a publication date.
    pub event_date: Option<Date>,
    /// The outlet.
    pub source: SourceId,
    /// The article's address on the web.
    pub url: Option<String>,
    /// Authors, as stated.
    pub authors: Vec<String>,
    /// Tags, as stated in front matter or a record.
    pub tags: Vec<String>,
    /// Other metadata stated (front matter keys newsdesk does not read), as written.
    pub metadata: Vec<(String, String)>,
    /// Where it was read from.
    pub origin: Origin,
    /// The clean text: blocks separated by blank lines, sanitised.
    pub text: String,
    /// The blocks of `text`, in order.
    pub blocks: Vec<Block>,
    /// Number of words in `text`.
    pub words: u32,
}

impl Article {
    /// The text of one block.
    #[must_use]
    pub fn block_text(&self, block: &Block) -> &str {
        &self.text[block.range.start as usize..block.range.end as usize]
    }

    /// Minutes to read at 230 words a minute, at least one.
    #[must_use]
    pub fn minutes_to_read(&self) -> u32 {
        self.words.div_ceil(230).max(1)
    }

    /// The day it tells of: its date, else the date of the event it reports (what `date:`
    /// queries, the timeline and stories go by).
    #[must_use]
    pub fn day(&self) -> Option<Date> {
        self.date.or(self.event_date)
    }

    /// Its date as stated, in ISO 8601 (`1790`, `2017-03`, `2017-03-14`); `None` when undated.
    #[must_use]
    pub fn date_iso(&self) -> Option<String> {
        self.date.map(|date| Dated { date, precision: self.date_precision }.iso())
    }

    /// Its date in words, each day written by `day`: the publication date (a year alone or a
    /// month as stated: `1790`, `Mar 2017`), else "undated" with the date of the events it
    /// reports when known.
    #[must_use]
    pub fn dated(&self, day: impl Fn(Date) -> String) -> String {
        match (self.date, self.event_date) {
            (Some(date), _) => match self.date_precision {
                Precision::Year => date.year().to_string(),
                Precision::Month => date.strftime("%b %Y").to_string(),
                Precision::Day => day(date),
            },
            (None, Some(event)) => format!("undated (reports events of {})", day(event)),
            (None, None) => "undated".to_owned(),
        }
    }
}

/// The articles in memory, their interned sources, and the report of what could not be read.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    articles: Vec<Article>,
    sources: Vec<String>,
    report: LoadReport,
    /// Roots the corpus was loaded from, as the user named them.
    roots: Vec<PathBuf>,
}

impl Corpus {
    /// All articles, in load order (by path, then record).
    #[must_use]
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// The article with this id.
    #[must_use]
    pub fn get(&self, id: ArticleId) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }

    /// Finds the articles whose id starts with `prefix` (hexadecimal, case-insensitive).
    #[must_use]
    pub fn find_by_prefix(&self, prefix: &str) -> Vec<&Article> {
        let prefix = prefix.to_ascii_lowercase();
        self.articles.iter().filter(|a| a.id.to_string().starts_with(&prefix)).collect()
    }

    /// The name of a source.
    #[must_use]
    pub fn source_name(&self, source: SourceId) -> &str {
        &self.sources[source.0 as usize]
    }

    /// All source names; a [`SourceId`] indexes this.
    #[must_use]
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// What could not be read, or was read only in part.
    #[must_use]
    pub fn report(&self) -> &LoadReport {
        &self.report
    }

    /// The roots the corpus was loaded from.
    #[must_use]
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Article indexes ordered newest first, undated last (those by the date of the event
    /// they report, when known), ties by title.
    #[must_use]
    pub fn by_date(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.articles.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.articles[a], &self.articles[b]);
            b.date
                .is_some()
                .cmp(&a.date.is_some())
                .then(b.date.cmp(&a.date))
                .then(b.event_date.cmp(&a.event_date))
                .then_with(|| a.title.cmp(&b.title))
        });
        order
    }

    /// Builds a corpus from parts (used by the loader and by tests).
    #[must_use]
    pub(crate) fn from_parts(
        articles: Vec<Article>,
        sources: Vec<String>,
        report: LoadReport,
        roots: Vec<PathBuf>,
    ) -> Self {
        Self { articles, sources, report, roots }
    }

    /// Keeps only the articles `keep` says yes to (of a load not yet appended).
    pub fn retain_articles(&mut self, keep: impl FnMut(&Article) -> bool) {
        self.articles.retain(keep);
    }

    /// Adds the articles of `more` (a later load: a new file, a fetched feed) after these,
    /// with its sources, report and roots; an id already taken is bumped, as a load does.
    /// Returns the range of the new articles' indexes.
    pub fn append(&mut self, more: Corpus) -> Range<usize> {
        let start = self.articles.len();
        let mut ids: std::collections::HashSet<ArticleId> = self.articles.iter().map(|a| a.id).collect();
        // Interned as a load interns them: names differing only in case are one source.
        let mut sources = load::Sources::of(std::mem::take(&mut self.sources));
        for mut article in more.articles {
            article.source = sources.intern(&more.sources[article.source.0 as usize]);
            while !ids.insert(article.id) {
                article.id = article.id.bumped();
            }
            self.articles.push(article);
        }
        self.sources = sources.names;
        self.report.problems.extend(more.report.problems);
        self.report.files_seen += more.report.files_seen;
        self.report.files_loaded += more.report.files_loaded;
        self.report.bytes_read += more.report.bytes_read;
        self.report.files_cached += more.report.files_cached;
        for (source, cut) in more.report.cut_by_source {
            *self.report.cut_by_source.entry(source).or_default() += cut;
        }
        for root in more.roots {
            if !self.roots.contains(&root) {
                self.roots.push(root);
            }
        }
        start..self.articles.len()
    }
}

/// The 1-based line of byte `offset` in `bytes`.
pub(crate) fn line_at(bytes: &[u8], offset: usize) -> u32 {
    let offset = offset.min(bytes.len());
    u32::try_from(1 + memchr::memchr_iter(b'\n', &bytes[..offset]).count()).unwrap_or(u32::MAX)
}

/// Counts the words of a text as `wc -w` does: runs of characters between whitespace.
/// Branch-free over bytes, as it runs over every text at load.
#[must_use]
pub fn count_words(text: &str) -> u32 {
    let is_space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let bytes = text.as_bytes();
    let first = bytes.first().is_some_and(|&b| !is_space(b));
    u32::from(first) + bytes.windows(2).map(|w| u32::from(is_space(w[0]) & !is_space(w[1]))).sum::<u32>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_wc_counts_them() {
        assert_eq!(count_words("The U.S. and China talks, 2025."), 6);
        assert_eq!(count_words("  北京 talks\tresume\n\n¿qué?\r\nnext "), 5);
        assert_eq!(count_words(""), 0);
    }
}
