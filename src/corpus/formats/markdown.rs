//! Markdown articles, with optional front matter: YAML between `---` lines or TOML between
//! `+++` lines (title, date, source, url, authors, tags; other keys kept as metadata). The syntax is
//! parsed by `pulldown-cmark` and kept readable: headings stay headings, list items keep a
//! marker, links keep their text, emphasis marks and HTML go.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use super::{FileResult, Stated, field, finish, json, no_text};
use crate::corpus::BlockKind;
use crate::corpus::report::{Problem, ProblemKind, Severity};
use crate::corpus::structure::{Piece, Rules};

pub(super) fn parse(text: &str, path: &str, rules: &Rules) -> FileResult {
    let mut result = FileResult::default();
    let (stated, body) = front_matter(text, path, &mut result.problems);
    match finish(blocks(body), stated, rules) {
        Some(article) => result.articles.push(article),
        None => result.problems.push(no_text(path)),
    }
    result
}

/// The keys of front matter that feed each field (the first one present wins); every other
/// key is kept as the article's metadata.
const TITLE: &[&str] = &["title", "headline"];
const DATE: &[&str] = &["date", "published", "pubdate", "publishdate", "date_published", "published_at"];
const SOURCE: &[&str] = &["source", "site", "site_name", "publisher", "outlet"];
const URL: &[&str] = &["url", "link", "canonical", "canonical_url", "permalink"];
const AUTHORS: &[&str] = &["authors", "author", "byline"];
const TAGS: &[&str] = &["tags", "keywords", "categories"];

/// Splits off the front matter (YAML between `---` lines, TOML between `+++` lines) and reads
/// it; a bad one is reported with its line and the body still loads.
fn front_matter<'a>(text: &'a str, path: &str, problems: &mut Vec<Problem>) -> (Stated, &'a str) {
    let Some((fence, matter, body)) = split_front_matter(text) else {
        return (Stated::default(), text);
    };
    let bad = |line: usize, message: &str| {
        Problem::new(path, ProblemKind::BadFrontMatter, Severity::Partial, message.trim())
            .at_line(u32::try_from(line + 2).unwrap_or(u32::MAX))
    };
    let fields = if fence == "+++" {
        toml::from_str::<toml::Table>(matter)
            .map(|table| table.into_iter().map(|(k, v)| (k, toml_json(v))).collect())
            .map_err(|e| bad(e.span().map_or(0, |span| matter[..span.start].matches('\n').count()), e.message()))
    } else {
        match serde_yaml_ng::from_str::<Value>(matter) {
            Ok(Value::Object(map)) => Ok(map.into_iter().collect::<Vec<_>>()),
            Ok(Value::Null) => Ok(Vec::new()),
            Ok(_) => Err(bad(0, "the front matter is not a mapping of keys to values")),
            Err(e) => Err(bad(e.location().map_or(0, |l| l.line().saturating_sub(1)), &e.to_string())),
        }
    };
    let mut fields = match fields {
        Ok(fields) => fields,
        Err(problem) => {
            problems.push(problem);
            return (Stated::default(), body);
        }
    };
    let mut take = |keys: &[&str]| {
        let at = fields.iter().position(|(k, v)| keys.contains(&k.to_ascii_lowercase().as_str()) && !v.is_null())?;
        Some(fields.remove(at).1)
    };
    let date = take(DATE).and_then(|value| {
        let date = json::date_of(&value);
        if date.is_none() {
            let detail = format!("front matter date {value} is not a date");
            problems.push(Problem::new(path, ProblemKind::BadDate, Severity::Partial, detail).at_line(2));
        }
        date
    });
    let mut stated = Stated {
        title: take(TITLE).as_ref().and_then(json::text_of).as_deref().and_then(field),
        date,
        source: take(SOURCE).as_ref().and_then(json::text_of).as_deref().and_then(field),
        url: take(URL).as_ref().and_then(json::text_of).as_deref().and_then(field),
        authors: take(AUTHORS).as_ref().map(json::list_of).unwrap_or_default(),
        tags: take(TAGS).as_ref().map(json::list_of).unwrap_or_default(),
        metadata: Vec::new(),
    };
    stated.metadata = fields
        .into_iter()
        .filter_map(|(key, value)| Some((field(&key)?, json::text_of(&value).as_deref().and_then(field)?)))
        .collect();
    (stated, body)
}

/// A TOML value as JSON, its dates written out.
fn toml_json(value: toml::Value) -> Value {
    match value {
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_json).collect()),
        other => serde_json::to_value(other).unwrap_or(Value::Null),
    }
}

/// The fence (`+++` or `---`), the front matter and the body, when the text opens with one.
fn split_front_matter(text: &str) -> Option<(&'static str, &str, &str)> {
    let fence = ["+++", "---"].into_iter().find(|f| text.lines().next().is_some_and(|l| l.trim_end() == *f))?;
    let start = text.find('\n')? + 1;
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((fence, &text[start..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// The blocks of a Markdown body.
pub(super) fn blocks(body: &str) -> Vec<Piece<'static>> {
    let mut builder = Builder::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    for event in Parser::new_ext(body, options) {
        builder.event(event);
    }
    builder.pieces
}

#[derive(Default)]
struct Builder {
    pieces: Vec<Piece<'static>>,
    text: String,
    kind: Option<BlockKind>,
    quote_depth: usize,
    /// The next number of each open list (`None` for bullets).
    lists: Vec<Option<u64>>,
    /// Inside an image or a footnote definition: text not shown.
    hidden: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(&tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) if self.hidden == 0 => {
                self.open_default();
                self.text.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak if self.hidden == 0 => {
                let preformatted = self.kind == Some(BlockKind::Preformatted);
                self.text.push(if preformatted { '\n' } else { ' ' });
            }
            Event::TaskListMarker(done) => self.text.push_str(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Heading { .. } => self.open(BlockKind::Heading),
            Tag::Paragraph => {
                if self.kind.is_none() {
                    self.open(if self.quote_depth > 0 { BlockKind::Quote } else { BlockKind::Paragraph });
                } else if !self.text.is_empty() {
                    self.text.push(' ');
                }
            }
            Tag::BlockQuote(_) => self.quote_depth += 1,
            Tag::CodeBlock(_) | Tag::Table(_) => self.open(BlockKind::Preformatted),
            Tag::List(start) => {
                self.close();
                self.lists.push(*start);
            }
            Tag::Item => {
                self.close();
                self.open(BlockKind::ListItem);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_owned(),
                };
                self.text.push_str(&"  ".repeat(self.lists.len().saturating_sub(1)));
                self.text.push_str(&marker);
            }
            Tag::Image { .. } | Tag::FootnoteDefinition(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => self.hidden += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Table | TagEnd::Item => self.close(),
            // A paragraph inside a list item goes on with the item.
            TagEnd::Paragraph if self.kind != Some(BlockKind::ListItem) => self.close(),
            TagEnd::BlockQuote(_) => {
                self.close();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.close();
                self.lists.pop();
            }
            TagEnd::TableCell => self.text.push_str(" | "),
            TagEnd::TableHead | TagEnd::TableRow => {
                let row = self.text.trim_end_matches(" | ").len();
                self.text.truncate(row);
                self.text.push('\n');
            }
            TagEnd::Image | TagEnd::FootnoteDefinition | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                self.hidden = self.hidden.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn open(&mut self, kind: BlockKind) {
        self.close();
        self.kind = Some(kind);
    }

    /// Text outside any block (tight list items, table cells) opens a paragraph.
    fn open_default(&mut self) {
        if self.kind.is_none() {
            self.kind = Some(if self.quote_depth > 0 { BlockKind::Quote } else { BlockKind::Paragraph });
        }
    }

    fn close(&mut self) {
        let Some(kind) = self.kind.take() else { return };
        let text = std::mem::take(&mut self.text);
        let text = if kind == BlockKind::Preformatted { text.trim_end().to_owned() } else { text.trim().to_owned() };
        let is_bare_marker = kind == BlockKind::ListItem && text.trim_start().len() <= 2;
        if !text.is_empty() && !is_bare_marker {
            self.pieces.push(Piece::new(kind, text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn parse_md(text: &str) -> FileResult {
        parse(text, "a.md", &Config::default().rules().unwrap())
    }

    fn kinds_and_texts(result: &FileResult) -> Vec<(BlockKind, String)> {
        let body = &result.articles[0].body;
        body.blocks
            .iter()
            .map(|b| (b.kind, body.text[b.range.start as usize..b.range.end as usize].to_owned()))
            .collect()
    }

    #[test]
    fn front_matter_sets_the_metadata() {
        let result = parse_md(
            "+++\ntitle = \"Talks resume\"\ndate = 2025-06-09\nsource = \"DW\"\nurl = \"https://dw.com/x\"\nauthors = [\"A. Writer\"]\ntags = [\"trade\"]\ndraft = false\n+++\n\nBody text here.\n",
        );
        assert!(result.problems.is_empty(), "{:?}", result.problems);
        let stated = &result.articles[0].stated;
        assert_eq!(stated.title.as_deref(), Some("Talks resume"));
        assert_eq!(stated.date.map(|d| d.date), Some(jiff::civil::date(2025, 6, 9)));
        assert_eq!(stated.source.as_deref(), Some("DW"));
        assert_eq!(stated.url.as_deref(), Some("https://dw.com/x"));
        assert_eq!(stated.authors, ["A. Writer"]);
        assert_eq!(stated.tags, ["trade"]);
        assert_eq!(result.articles[0].body.text, "Body text here.");
    }

    #[test]
    fn markdown_stays_readable() {
        let result = parse_md(
            "# The Headline\n\nSome **bold** and [a link](https://x.y) and `code`.\n\n## Section\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted words\n\n![alt](img.png)\n",
        );
        let stated = &result.articles[0].inferred;
        assert_eq!(stated.title.as_deref(), Some("The Headline"));
        assert_eq!(
            kinds_and_texts(&result),
            [
                (BlockKind::Paragraph, "Some bold and a link and code.".into()),
                (BlockKind::Heading, "Section".into()),
                (BlockKind::ListItem, "• one".into()),
                (BlockKind::ListItem, "• two".into()),
                (BlockKind::ListItem, "1. first".into()),
                (BlockKind::ListItem, "2. second".into()),
                (BlockKind::Quote, "quoted words".into()),
            ]
        );
    }

    #[test]
    fn bad_front_matter_is_reported_with_its_line_and_the_body_loads() {
        let result = parse_md("+++\ntitle = \"ok\"\ndate = = 3\n+++\n# Head\n\nBody.\n");
        assert_eq!(result.problems.len(), 1);
        assert_eq!(result.problems[0].kind, ProblemKind::BadFrontMatter);
        assert_eq!(result.problems[0].line, Some(3));
        assert_eq!(result.articles[0].inferred.title.as_deref(), Some("Head"));
    }

    #[test]
    fn yaml_front_matter_sets_the_metadata_and_keeps_unknown_keys() {
        let result = parse_md(
            "---\ntitle: \"Talks: day two\"\ndate: 2025-06-10\nsite: DW\nlink: https://dw.com/y\nauthor: A. Writer\nkeywords: [trade, china]\nlayout: post\nweight: 3\n---\n# Head\n\nBody.\n",
        );
        assert!(result.problems.is_empty(), "{:?}", result.problems);
        let stated = &result.articles[0].stated;
        assert_eq!(stated.title.as_deref(), Some("Talks: day two"));
        assert_eq!(stated.date.map(|d| d.date), Some(jiff::civil::date(2025, 6, 10)));
        assert_eq!(stated.source.as_deref(), Some("DW"));
        assert_eq!(stated.url.as_deref(), Some("https://dw.com/y"));
        assert_eq!(stated.authors, ["A. Writer"]);
        assert_eq!(stated.tags, ["trade", "china"]);
        assert_eq!(stated.metadata, [("layout".to_owned(), "post".to_owned()), ("weight".to_owned(), "3".to_owned())]);
    }

    #[test]
    fn bad_yaml_front_matter_is_reported_with_its_line_and_the_body_loads() {
        let result = parse_md("---\ntitle: ok\ndate: [unclosed\n---\n# Head\n\nBody.\n");
        assert_eq!(result.problems.len(), 1);
        assert_eq!(result.problems[0].kind, ProblemKind::BadFrontMatter);
        assert!(result.problems[0].line.is_some_and(|l| l >= 3), "{:?}", result.problems[0]);
        assert_eq!(result.articles[0].body.text, "Body.");
    }

    #[test]
    fn tables_become_preformatted_rows() {
        let result = parse_md("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(kinds_and_texts(&result), [(BlockKind::Preformatted, "a | b\n1 | 2".into())]);
    }
}
