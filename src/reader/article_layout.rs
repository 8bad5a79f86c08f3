//! Lays an article out for the article pane: title, metadata line and blocks wrapped to the
//! pane's width. Each line is a byte range into the text it shows, so that highlights can be
//! drawn over it; the layout is computed once per article and width, and the pane draws only
//! the lines that are visible.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::listing::day_label;
use crate::corpus::{Article, BlockKind};
use crate::library::Library;

/// Where a line's text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The article's title.
    Title,
    /// The metadata line (held by the layout).
    Meta,
    /// The line naming the other outlets that reported the article's story (held by the layout).
    Story,
    /// The article's clean text.
    Text,
    /// The raw text (held by the caller).
    Raw,
    /// Nothing: a blank line between blocks.
    Blank,
}

/// One line of the laid-out article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Where its text is.
    pub source: Source,
    /// What kind of block it belongs to (headings and quotes are styled).
    pub kind: BlockKind,
    /// The block's index in the article, for lines of the clean text.
    pub block: Option<u32>,
    /// Byte range of the line in its source.
    pub range: Range<u32>,
    /// Columns of indent before the text (list continuations, quotes).
    pub indent: u16,
    /// True on the first line of its block (a quote's marker, a list item's bullet).
    pub first: bool,
}

/// An article laid out at a width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleLayout {
    /// The width it was laid out at.
    pub width: u16,
    /// Whether it shows the raw text.
    pub raw: bool,
    /// The metadata line: source · date · words · minutes · url.
    pub meta: String,
    /// "also reported by: BBC, Reuters (+3)", when the article's story has other articles.
    pub story: String,
    /// True when it was laid out with the library's stories found (the story line may change
    /// once they are).
    pub stories_known: bool,
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
}

impl ArticleLayout {
    /// Lays out the article with this index at `width` columns; with `raw`, the raw text
    /// instead of the blocks.
    #[must_use]
    pub fn new(library: &Library, index: usize, width: u16, raw: Option<&str>) -> Self {
        let article = &library.articles()[index];
        let width = width.max(8);
        let meta = meta_line(library, article);
        let story = also_reported(library, index).unwrap_or_default();
        let mut lines = Vec::new();
        let plain = |source, range: Range<usize>| Line {
            source,
            kind: BlockKind::Paragraph,
            block: None,
            range: range.start as u32..range.end as u32,
            indent: 0,
            first: true,
        };
        for range in wrap(&article.title, usize::from(width)) {
            lines.push(Line { kind: BlockKind::Heading, ..plain(Source::Title, range) });
        }
        for range in wrap(&meta, usize::from(width)) {
            lines.push(plain(Source::Meta, range));
        }
        for range in wrap(&story, usize::from(width)).into_iter().filter(|_| !story.is_empty()) {
            lines.push(plain(Source::Story, range));
        }
        if let Some(raw) = raw {
            lines.push(blank());
            for (offset, line) in line_offsets(raw) {
                if line.trim().is_empty() {
                    lines.push(blank());
                    continue;
                }
                for range in wrap(line, usize::from(width)) {
                    lines.push(plain(Source::Raw, range.start + offset..range.end + offset));
                }
            }
        } else {
            for (index, block) in article.blocks.iter().enumerate() {
                lines.push(blank());
                let text = article.block_text(block);
                let start = block.range.start as usize;
                let indent: u16 = match block.kind {
                    BlockKind::ListItem | BlockKind::Quote => 2,
                    _ => 0,
                };
                let pieces: Vec<(usize, &str)> = match block.kind {
                    BlockKind::Preformatted => line_offsets(text).collect(),
                    BlockKind::Paragraph => display_paragraphs(text),
                    _ => vec![(0, text)],
                };
                let mut first = true;
                for (n, (offset, piece)) in pieces.into_iter().enumerate() {
                    if n > 0 && block.kind == BlockKind::Paragraph {
                        lines.push(blank());
                    }
                    for range in wrap(piece, usize::from(width - indent)) {
                        let at = start + offset;
                        lines.push(Line {
                            source: Source::Text,
                            kind: block.kind,
                            block: Some(index as u32),
                            range: (at + range.start) as u32..(at + range.end) as u32,
                            indent: if block.kind == BlockKind::ListItem && first { 0 } else { indent },
                            first,
                        });
                        first = false;
                    }
                }
            }
        }
        Self { width, raw: raw.is_some(), meta, story, stories_known: library.stories().is_some(), lines }
    }

    /// The text of a line, given the article and the raw text it was laid out with.
    #[must_use]
    pub fn text<'a>(&'a self, line: &Line, article: &'a Article, raw: Option<&'a str>) -> &'a str {
        let range = line.range.start as usize..line.range.end as usize;
        match line.source {
            Source::Title => &article.title[range],
            Source::Meta => &self.meta[range],
            Source::Story => &self.story[range],
            Source::Text => &article.text[range],
            Source::Raw => raw.map_or("", |raw| &raw[range]),
            Source::Blank => "",
        }
    }

    /// The line that shows byte `offset` of the clean text.
    #[must_use]
    pub fn line_of_offset(&self, offset: u32) -> Option<usize> {
        self.lines.iter().position(|l| {
            l.source == Source::Text && l.range.start <= offset && offset < l.range.end.max(l.range.start + 1)
        })
    }
}

fn blank() -> Line {
    Line { source: Source::Blank, kind: BlockKind::Paragraph, block: None, range: 0..0, indent: 0, first: true }
}

/// A paragraph longer than this many bytes is shown as several, parted at sentences.
const LONG_PARAGRAPH: usize = 900;
/// About how long each of those is.
const SHOWN_PARAGRAPH: usize = 500;

/// A paragraph as shown: as it is, or, when it is long (a whole article on one line, as some
/// exports write them), parted after a sentence every [`SHOWN_PARAGRAPH`] bytes or so. Each
/// part is a byte offset and a slice of the stored text, which is never changed.
fn display_paragraphs(text: &str) -> Vec<(usize, &str)> {
    if text.len() <= LONG_PARAGRAPH {
        return vec![(0, text)];
    }
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = start + SHOWN_PARAGRAPH;
    while i + 2 < bytes.len() {
        // A sentence ends at `.`, `!` or `?` (with a closing quote) before a space and a capital,
        // after a lower-case letter or a digit (not "U.S. officials").
        let ends_sentence = matches!(bytes[i], b'.' | b'!' | b'?')
            && bytes[i + 1] == b' '
            && text[i + 2..].starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“')
            && text[..i]
                .ends_with(|c: char| c.is_lowercase() || c.is_ascii_digit() || c == '"' || c == '”' || c == ')');
        if ends_sentence && text.len() - (i + 2) > SHOWN_PARAGRAPH / 2 {
            parts.push((start, &text[start..=i]));
            start = i + 2;
            i = start + SHOWN_PARAGRAPH;
        } else {
            i += 1;
        }
    }
    parts.push((start, &text[start..]));
    parts
}

/// The lines of a text with their byte offsets.
fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let base = text.as_ptr() as usize;
    text.split('\n').map(move |line| (line.as_ptr() as usize - base, line))
}

/// Wraps a text to `width` columns at word boundaries (breaking words longer than a line);
/// returns the byte range of each line in `text`.
#[must_use]
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    if text.width() <= width {
        return std::iter::once(0..text.len()).collect();
    }
    let base = text.as_ptr() as usize;
    let options = textwrap::Options::new(width.max(1)).break_words(true);
    let mut cursor = 0;
    textwrap::wrap(text, options)
        .iter()
        .map(|line| {
            let start = match line {
                std::borrow::Cow::Borrowed(slice) => slice.as_ptr() as usize - base,
                std::borrow::Cow::Owned(owned) => text[cursor..].find(owned.as_str()).map_or(cursor, |i| cursor + i),
            };
            let range = start..start + line.len();
            cursor = range.end;
            range
        })
        .collect()
}

/// Outlets named on the story line before the rest are counted.
const OUTLETS_NAMED: usize = 3;

/// "also reported by: BBC, Reuters (+3)": the other outlets of the article's story (by first
/// report), or "also in this story: 2 more articles from TASS" when its outlet alone reported
/// it; `None` for a story of one article, or before the stories are found.
#[must_use]
pub fn also_reported(library: &Library, index: usize) -> Option<String> {
    let story = library.stories()?.of(index)?;
    if story.articles.len() < 2 {
        return None;
    }
    let own = library.articles()[index].source;
    // The source a load names "unknown" when nothing tells it is no outlet's name.
    let name = |s| match library.source_name(s) {
        "unknown" => "outlets not named",
        name => name,
    };
    let others: Vec<&str> = story.sources.iter().filter(|&&s| s != own).map(|&s| name(s)).collect();
    let line = if others.is_empty() {
        let more = crate::wording::counted(story.articles.len() - 1, "more article", "more articles");
        format!("also in this story: {more} from {}", name(own))
    } else {
        let named = others[..others.len().min(OUTLETS_NAMED)].join(", ");
        let rest = others.len().saturating_sub(OUTLETS_NAMED);
        let rest = if rest > 0 { format!(" (+{rest})") } else { String::new() };
        format!("also reported by: {named}{rest}")
    };
    Some(crate::sanitize::line(&line).into_owned())
}

/// The metadata line: `source · date · N words · M min read · url`.
#[must_use]
pub fn meta_line(library: &Library, article: &Article) -> String {
    let mut parts = vec![library.source_name(article.source).to_owned()];
    parts.push(article.dated(day_label));
    parts.push(crate::wording::counted(article.words as usize, "word", "words"));
    parts.push(format!("{} min read", article.minutes_to_read()));
    parts.extend(article.url.clone());
    crate::sanitize::line(&parts.join(" · ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_one_line_paragraph_is_shown_as_several_with_the_stored_offsets() {
        let sentence = "The delegates met again in the capital on Tuesday and talked for hours. ";
        let text = sentence.repeat(30);
        let text = text.trim_end();
        let parts = display_paragraphs(text);
        assert!(parts.len() >= 3, "{} parts", parts.len());
        for (offset, part) in &parts {
            assert_eq!(&text[*offset..*offset + part.len()], *part, "a slice of the stored text");
            assert!(part.ends_with("hours."), "parted after a sentence: {part:?}");
            assert!(part.len() < LONG_PARAGRAPH);
        }
        let joined: Vec<&str> = parts.iter().map(|(_, p)| *p).collect();
        assert_eq!(joined.join(" "), text, "nothing lost or added");
        assert_eq!(display_paragraphs("Short. Text."), [(0, "Short. Text.")]);
    }

    #[test]
    fn wrapping_keeps_byte_ranges_into_the_text() {
        let text = "The quick brown fox jumps over the lazy dog again and again";
        let lines: Vec<&str> = wrap(text, 20).into_iter().map(|r| &text[r]).collect();
        assert_eq!(lines, ["The quick brown fox", "jumps over the lazy", "dog again and again"]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken() {
        let text = "x".repeat(25);
        let lines: Vec<usize> = wrap(&text, 10).into_iter().map(|r| r.len()).collect();
        assert_eq!(lines, [10, 10, 5]);
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let text = "北京 上海 广州 深圳";
        for range in wrap(text, 6) {
            assert!(text[range].width() <= 6);
        }
    }
}
