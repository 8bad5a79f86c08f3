//! The article formats: plain text, Markdown with YAML or TOML front matter, JSON Lines, JSON
//! and HTML.
//! Each turns a file's (decoded, sanitised) text into [`Parsed`] articles and [`Problem`]s.

mod feed;
mod html;
mod json;
mod markdown;

pub(crate) use feed::{is_json_feed, parse_bytes as feed_from_bytes, raw_item};
pub(crate) use json::raw_body;

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use super::dates::Dated;
use super::report::{Problem, ProblemKind, Severity};
use super::structure::{Inferred, Piece, Rules, plain_text_blocks};
use super::{Block, count_words};
use crate::sanitize;

/// The formats newsdesk reads, by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// `.txt`
    Text,
    /// `.md`, `.markdown`
    Markdown,
    /// `.jsonl`, `.ndjson`
    JsonLines,
    /// `.json`
    Json,
    /// `.html`, `.htm`
    Html,
    /// `.rss`, `.atom`, `.xml`: RSS or Atom (JSON Feed comes as `.json`)
    Feed,
    /// `.opml`: a list of feeds, read when the folder is walked
    Opml,
}

/// Extensions of files that are certainly not articles, named in the report.
const KNOWN_OTHER: &[(&str, &str)] = &[
    ("png", "image"),
    ("jpg", "image"),
    ("jpeg", "image"),
    ("gif", "image"),
    ("webp", "image"),
    ("svg", "image"),
    ("bmp", "image"),
    ("ico", "image"),
    ("tif", "image"),
    ("tiff", "image"),
    ("zip", "archive"),
    ("gz", "archive"),
    ("tgz", "archive"),
    ("tar", "archive"),
    ("bz2", "archive"),
    ("xz", "archive"),
    ("7z", "archive"),
    ("rar", "archive"),
    ("zst", "archive"),
    ("pdf", "PDF document"),
    ("doc", "Word document"),
    ("docx", "Word document"),
    ("mp3", "audio"),
    ("wav", "audio"),
    ("mp4", "video"),
    ("mov", "video"),
    ("webm", "video"),
    ("exe", "executable"),
    ("so", "library"),
    ("dll", "library"),
    ("bin", "binary"),
];

/// What the extensions of article files are, as an error names them.
const ARTICLE_FILES: &str =
    "articles are .txt, .text, .md, .markdown, .jsonl, .ndjson, .json, .html, .htm, .xhtml, .rss, .atom, .xml or .opml";

impl Format {
    /// The format of a file, from its extension; `Err` says what else it is.
    pub(crate) fn of(path: &Path) -> Result<Self, String> {
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "txt" | "text" => Ok(Self::Text),
            "md" | "markdown" => Ok(Self::Markdown),
            "jsonl" | "ndjson" => Ok(Self::JsonLines),
            "json" => Ok(Self::Json),
            "html" | "htm" | "xhtml" => Ok(Self::Html),
            "rss" | "atom" | "xml" => Ok(Self::Feed),
            "opml" => Ok(Self::Opml),
            "" => Err(format!("no extension ({ARTICLE_FILES})")),
            other => Err(match KNOWN_OTHER.iter().find(|(e, _)| *e == other) {
                Some((_, what)) => format!(".{other} ({what})"),
                None => format!(".{other} ({ARTICLE_FILES})"),
            }),
        }
    }
}

/// An article's text, assembled: blocks joined by blank lines, with their ranges.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    pub text: String,
    pub blocks: Vec<Block>,
}

impl Body {
    fn assemble(pieces: &[Piece<'_>]) -> Self {
        let len = pieces.iter().map(|p| p.text.len() + 2).sum();
        let mut text = String::with_capacity(len);
        let mut blocks = Vec::with_capacity(pieces.len());
        for piece in pieces {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len() as u32;
            text.push_str(piece.text.trim());
            blocks.push(Block { kind: piece.kind, range: start..text.len() as u32 });
        }
        Self { text, blocks }
    }

    /// Number of words.
    pub(crate) fn words(&self) -> u32 {
        count_words(&self.text)
    }
}

/// Metadata an article states about itself (front matter, JSON fields).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Stated {
    pub title: Option<String>,
    pub date: Option<Dated>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    /// Other keys stated (front matter), as written.
    pub metadata: Vec<(String, String)>,
}

/// One article as a format read it, before ids and sources are settled.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// What the metadata stated.
    pub stated: Stated,
    /// What inference found in the text.
    pub inferred: Inferred,
    pub body: Body,
    /// 1-based line of the record in a JSON file.
    pub line: Option<u32>,
    /// Byte range of the record in a JSON file.
    pub span: Option<Range<u64>>,
    /// True when the title was derived from the text, none being stated.
    pub title_derived: bool,
    /// How many pieces of boilerplate were cut from the text.
    pub cut: usize,
    /// What names the record for good within its file (a feed item's guid), when it says.
    pub key: Option<String>,
}

/// What a format made of one file.
#[derive(Debug, Default)]
pub(crate) struct FileResult {
    pub articles: Vec<Parsed>,
    pub problems: Vec<Problem>,
}

/// Reads a file's text (decoded and sanitised) in its format.
pub(crate) fn parse(format: Format, text: &str, path: &str, rules: &Rules) -> FileResult {
    match format {
        Format::Text => {
            let mut result = FileResult::default();
            match finish(plain_text_blocks(text), Stated::default(), rules) {
                Some(article) => result.articles.push(article),
                None => result.problems.push(no_text(path)),
            }
            result
        }
        Format::Markdown => markdown::parse(text, path, rules),
        Format::JsonLines => json::parse_lines(text, path, rules),
        Format::Json if feed::is_json_feed(text) => feed::parse(text, path, rules),
        Format::Json => json::parse_document(text, path, rules),
        Format::Html => html::parse(text, path, rules),
        Format::Feed => feed::parse(text, path, rules),
        // An OPML file's feeds are read as files of their own (see the loader).
        Format::Opml => FileResult::default(),
    }
}

/// Cleans an article's blocks and infers what the metadata did not state; `None` when no
/// text and no title are left.
pub(crate) fn finish(mut pieces: Vec<Piece<'_>>, stated: Stated, rules: &Rules) -> Option<Parsed> {
    let mut cut = rules.remove_lines(&mut pieces);
    let inferred = rules.infer(&mut pieces, stated.title.is_some());
    cut += rules.cut_tail(&mut pieces);
    let body = Body::assemble(&pieces);
    if body.text.is_empty() && stated.title.is_none() && inferred.title.is_none() {
        return None;
    }
    Some(Parsed { stated, inferred, body, cut, ..Parsed::default() })
}

/// A record's article: as [`finish`], but a record's text is never taken for its title. With
/// no title stated, the title is derived from the text ([`derive_title`]) and marked so; a
/// text that cleaning would empty is kept as written (a record with text is never lost).
/// `None` when the record has neither title nor text.
pub(crate) fn finish_record(written: &str, stated: Stated, rules: &Rules) -> Option<Parsed> {
    finish_record_of(&|| body_pieces(written), stated, rules)
}

/// [`finish_record`] for a body already read into blocks by `pieces` (called again, for the
/// text as written, when cleaning would empty it).
pub(crate) fn finish_record_of(
    pieces_of: &dyn Fn() -> Vec<Piece<'static>>,
    mut stated: Stated,
    rules: &Rules,
) -> Option<Parsed> {
    let mut pieces = pieces_of();
    let mut cut = rules.remove_lines(&mut pieces);
    let inferred = rules.infer(&mut pieces, true);
    cut += rules.cut_tail(&mut pieces);
    let mut body = Body::assemble(&pieces);
    if body.text.is_empty() {
        body = Body::assemble(&pieces_of());
        cut = 0;
    }
    let title_derived = stated.title.is_none();
    if title_derived {
        stated.title = Some(derive_title(&body.text)?);
    }
    Some(Parsed { stated, inferred, body, title_derived, cut, ..Parsed::default() })
}

/// A title made from a text that states none: its first sentence or line, cut at a word near
/// 80 characters (with `…`). `None` for an empty text.
#[must_use]
pub(crate) fn derive_title(text: &str) -> Option<String> {
    const NEAR: usize = 80;
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    // The first sentence: up to a full stop, question or exclamation mark after a lower-case
    // letter or digit and before a space (not "U.S. officials").
    let mut end = line.len();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for w in chars.windows(3) {
        let ((_, before), (at, mark), (_, after)) = (w[0], w[1], w[2]);
        if matches!(mark, '.' | '!' | '?') && after == ' ' && (before.is_lowercase() || before.is_ascii_digit()) {
            end = at + mark.len_utf8();
            break;
        }
    }
    let sentence = &line[..end];
    if sentence.chars().count() <= NEAR {
        return Some(sentence.to_owned());
    }
    let cut = sentence.char_indices().nth(NEAR).map_or(sentence.len(), |(i, _)| i);
    let head = &sentence[..cut];
    let at_word = head.rfind(char::is_whitespace).filter(|&i| i >= NEAR / 2).unwrap_or(cut);
    Some(format!("{}…", head[..at_word].trim_end()))
}

/// Blocks of a body given as one string (a JSON field): HTML rendered to text, entities
/// decoded, sanitised, then read as plain text (or, from HTML, as Markdown).
pub(crate) fn body_pieces(body: &str) -> Vec<Piece<'static>> {
    if html::looks_like_html(body) {
        return html_pieces(body);
    }
    let decoded = decode_entities(body);
    let clean = sanitize::text(&decoded);
    plain_text_blocks(&clean).into_iter().map(|p| Piece::new(p.kind, Cow::Owned(p.text.into_owned()))).collect()
}

/// Blocks of a body known to be HTML (a feed's content): rendered to text as a page's is
/// (scripts and styles dropped), sanitised, read as Markdown.
pub(crate) fn html_pieces(body: &str) -> Vec<Piece<'static>> {
    let text = html::to_text(body);
    markdown::blocks(&sanitize::text(&text))
}

/// The text with its HTML character references decoded (`&amp;` is `&`, `&#163;` is `£`);
/// borrowed when it holds none. Decoded text is sanitised after, like any other.
pub(crate) fn decode_entities(text: &str) -> Cow<'_, str> {
    if text.contains('&') { htmlize::unescape(text) } else { Cow::Borrowed(text) }
}

/// A one-line metadata value, entities decoded and sanitised; `None` when empty. References
/// are decoded as in an attribute: `&amp;` is `&`, but a url's `&currency=` stays as written.
pub(crate) fn field(value: &str) -> Option<String> {
    let decoded = if value.contains('&') { htmlize::unescape_attribute(value) } else { Cow::Borrowed(value) };
    let clean = sanitize::line(&decoded);
    let trimmed = clean.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

pub(crate) fn no_text(path: &str) -> Problem {
    Problem::new(path, ProblemKind::Empty, Severity::Skipped, "no article text left after cleaning")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::BlockKind;

    #[test]
    fn formats_come_from_extensions() {
        assert_eq!(Format::of(Path::new("a/b.TXT")), Ok(Format::Text));
        assert_eq!(Format::of(Path::new("a.markdown")), Ok(Format::Markdown));
        assert_eq!(Format::of(Path::new("a.ndjson")), Ok(Format::JsonLines));
        assert_eq!(Format::of(Path::new("a.png")), Err(".png (image)".into()));
        assert!(Format::of(Path::new("README")).unwrap_err().starts_with("no extension"));
    }

    #[test]
    fn a_body_joins_blocks_with_blank_lines_and_keeps_ranges() {
        let body =
            Body::assemble(&[Piece::new(BlockKind::Heading, "Head"), Piece::new(BlockKind::Paragraph, "Para text.")]);
        assert_eq!(body.text, "Head\n\nPara text.");
        assert_eq!(body.blocks[1].range, 6..16);
        assert_eq!(body.words(), 3);
    }
}
