//! Feeds: RSS 0.9x, 1.0 and 2.0, Atom and JSON Feed files, read with the crate `feed-rs`: an
//! article per item, with its title, link, date (published, else updated), authors, tags and
//! source (the feed's title, else its link's host), and its text from the full content
//! (`content:encoded`, Atom's `content`, JSON Feed's `content_html`/`content_text`), else the
//! summary (`description`), rendered from HTML as a page's text is.
//!
//! A feed that does not parse as a whole is read item by item: each `<item>` or `<entry>` is
//! parsed on its own, inside the document's own root element (its namespaces), so that a bad
//! item is reported with its line and the good ones still load. No external entity or DTD is
//! ever read (the XML parser does not resolve them).

use feed_rs::model::{Entry, Feed};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{FileResult, Stated, field, finish_record_of, html_pieces};
use crate::corpus::dates::Dated;
use crate::corpus::report::{Problem, ProblemKind, Severity};
use crate::corpus::structure::Rules;

/// True when a JSON document is a JSON Feed (its `version` names jsonfeed.org).
pub(crate) fn is_json_feed(text: &str) -> bool {
    text.contains("\"https://jsonfeed.org/version/")
}

/// The feed parser, naming an item that has no id by its link (and title), or by its title;
/// an item with neither gets no name here (the loader then goes by its position), never a
/// random one, so that an article's id is the same at every load.
fn parser() -> feed_rs::parser::Parser {
    feed_rs::parser::Builder::new()
        .id_generator(|links, title, _| match (links.first(), title) {
            (Some(link), _) => feed_rs::parser::generate_id_from_link_and_title(link, title),
            (None, Some(title)) => format!("title:{}", title.content),
            (None, None) => String::new(),
        })
        .build()
}

/// Reads a feed's items as articles.
pub(crate) fn parse(text: &str, path: &str, rules: &Rules) -> FileResult {
    if is_json_feed(text) {
        return parse_json_feed(text, path, rules);
    }
    match parser().parse(text.as_bytes()) {
        Ok(feed) => articles_of(&feed, 0, path, rules),
        Err(whole) => item_by_item(text, path, rules, &whole.to_string()),
    }
}

/// Reads a feed from its bytes, in the encoding its XML declaration names (ISO-8859-1,
/// Windows-1252…); `None` when it does not parse that way (the loader then reads it as text).
pub(crate) fn parse_bytes(bytes: &[u8], path: &str, rules: &Rules) -> Option<FileResult> {
    parser().parse(bytes).ok().map(|feed| articles_of(&feed, 0, path, rules))
}

/// A JSON Feed: nulls (which real exports write for missing fields, and the feed parser
/// refuses) are dropped first; a feed that still does not parse is read item by item, each
/// with the feed's own fields around it, a bad item reported with its number.
fn parse_json_feed(text: &str, path: &str, rules: &Rules) -> FileResult {
    let bad = |detail: String, severity| Problem::new(path, ProblemKind::BadFeed, severity, detail);
    let mut document: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            let problem = bad(format!("column {}: {err}", err.column()), Severity::Skipped);
            return FileResult { articles: Vec::new(), problems: vec![problem.at_line(err.line() as u32)] };
        }
    };
    drop_nulls(&mut document);
    let parse = |value: &serde_json::Value| parser().parse(value.to_string().as_bytes());
    let whole = match parse(&document) {
        Ok(feed) => return articles_of(&feed, 0, path, rules),
        Err(err) => err.to_string(),
    };
    let items = document.get_mut("items").and_then(|i| i.as_array_mut()).map(std::mem::take).unwrap_or_default();
    let mut result = FileResult::default();
    if items.is_empty() {
        result.problems.push(bad(format!("no item could be read: {whole}"), Severity::Skipped));
    }
    for (n, item) in items.into_iter().enumerate() {
        document["items"] = serde_json::Value::Array(vec![item]);
        match parse(&document) {
            Ok(feed) => result.articles.append(&mut articles_of(&feed, n as u32, path, rules).articles),
            Err(err) => {
                result.problems.push(bad(format!("item {}: {err}; the other items loaded", n + 1), Severity::Partial));
            }
        }
    }
    result
}

/// Removes every null from a JSON value: object fields that are null, array elements that are.
fn drop_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => {
            items.retain(|v| !v.is_null());
            items.iter_mut().for_each(drop_nulls);
        }
        _ => {}
    }
}

/// The articles of a feed's items, numbered after `first` (for their ids and lines); an item
/// with neither title nor text is reported.
fn articles_of(feed: &Feed, first: u32, path: &str, rules: &Rules) -> FileResult {
    let source = feed.title.as_ref().and_then(|t| field(&t.content)).or_else(|| {
        feed.links
            .first()
            .and_then(|l| url::Url::parse(&l.href).ok()?.host_str().map(|h| h.trim_start_matches("www.").to_owned()))
    });
    let mut result = FileResult::default();
    for (n, entry) in feed.entries.iter().enumerate() {
        let number = first + n as u32 + 1;
        if let Some(mut parsed) = article_of(entry, source.clone(), rules) {
            parsed.line = Some(number);
            parsed.key = (!entry.id.is_empty()).then(|| entry.id.clone());
            result.articles.push(parsed);
        } else {
            let detail = format!("item {number}: no title and no text");
            result.problems.push(Problem::new(path, ProblemKind::Empty, Severity::Partial, detail));
        }
    }
    result
}

/// One item's article; `None` when it has neither title nor text.
fn article_of(entry: &Entry, source: Option<String>, rules: &Rules) -> Option<super::Parsed> {
    let link = entry.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate")).or(entry.links.first());
    let date = entry.published.or(entry.updated).and_then(|when| {
        let day = Timestamp::from_second(when.timestamp()).ok()?.to_zoned(TimeZone::UTC).date();
        Some(Dated::day(day))
    });
    let stated = Stated {
        title: entry.title.as_ref().and_then(|t| field(&super::html::to_text(&t.content))),
        date,
        source,
        url: link.and_then(|l| field(&l.href)),
        authors: entry.authors.iter().filter_map(|a| field(&a.name)).collect(),
        tags: entry.categories.iter().filter_map(|c| field(c.label.as_deref().unwrap_or(&c.term))).collect(),
        metadata: Vec::new(),
    };
    let content = entry.content.as_ref().and_then(|c| c.body.clone());
    let written = content.or_else(|| entry.summary.as_ref().map(|s| s.content.clone())).unwrap_or_default();
    finish_record_of(&|| html_pieces(&written), stated, rules)
}

/// The items of a feed that does not parse as a whole, each parsed apart; a bad one is
/// reported with its line, and so is a file with no item to read.
fn item_by_item(text: &str, path: &str, rules: &Rules, whole: &str) -> FileResult {
    let Some((root, tag)) = root_of(text) else {
        let detail = format!("not an RSS, Atom or JSON feed: {whole}");
        return FileResult {
            articles: Vec::new(),
            problems: vec![Problem::new(path, ProblemKind::BadFeed, Severity::Skipped, detail)],
        };
    };
    let (item, wrap_open, wrap_close) = match tag.as_str() {
        "feed" => ("entry", root.clone(), "</feed>".to_owned()),
        "rdf:RDF" => ("item", root.clone(), "</rdf:RDF>".to_owned()),
        _ => ("item", format!("{root}<channel>"), format!("</channel></{tag}>")),
    };
    let mut result = FileResult::default();
    let chunks = chunks(text, item);
    if chunks.is_empty() {
        let detail = format!("no item could be read: {whole}");
        result.problems.push(Problem::new(path, ProblemKind::BadFeed, Severity::Skipped, detail));
        return result;
    }
    // Each item goes with the channel's own title (its source), read before the first item.
    let title = title_of(&text[..chunks[0].0]).unwrap_or_default();
    for (n, &(start, end)) in chunks.iter().enumerate() {
        let document = format!("{wrap_open}{title}{}{wrap_close}", &text[start..end]);
        let line = super::super::line_at(text.as_bytes(), start);
        match parser().parse(document.as_bytes()) {
            Ok(feed) => {
                let mut part = articles_of(&feed, n as u32, path, rules);
                result.articles.append(&mut part.articles);
            }
            Err(err) => {
                let detail = format!("item {}: {err}; the other items loaded", n + 1);
                let problem = Problem::new(path, ProblemKind::BadFeed, Severity::Partial, detail);
                result.problems.push(problem.at_line(line));
            }
        }
    }
    result
}

/// The document's root start tag, as written (with its namespaces), and its name.
fn root_of(text: &str) -> Option<(String, String)> {
    let mut at = 0;
    while let Some(open) = text[at..].find('<').map(|i| at + i) {
        let rest = &text[open + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            at = open + 1;
            continue;
        }
        let end = open + text[open..].find('>')? + 1;
        let name: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/').collect();
        return matches!(name.as_str(), "rss" | "feed" | "rdf:RDF").then(|| (text[open..end].to_owned(), name));
    }
    None
}

/// The byte ranges of each `<NAME …>…</NAME>` element, in order.
fn chunks(text: &str, name: &str) -> Vec<(usize, usize)> {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find(&open).map(|i| at + i) {
        // `<item` must end the name: `<itemref>` is no item.
        let next = text[start + open.len()..].chars().next();
        if !next.is_some_and(|c| c == '>' || c.is_whitespace()) {
            at = start + open.len();
            continue;
        }
        let Some(end) = text[start..].find(&close).map(|i| start + i + close.len()) else { break };
        out.push((start, end));
        at = end;
    }
    out
}

/// The first `<title>…</title>` element of a text, as written.
fn title_of(text: &str) -> Option<&str> {
    let start = text.find("<title")?;
    let end = text[start..].find("</title>")? + start + "</title>".len();
    Some(&text[start..end])
}

/// The content of a feed's `n`-th item (1-based) as written, for the raw view: its HTML, or
/// the item's XML when the feed does not parse as a whole.
pub(crate) fn raw_item(text: &str, n: u32) -> Option<String> {
    let index = usize::try_from(n).ok()?.checked_sub(1)?;
    if let Ok(feed) = parser().parse(text.as_bytes()) {
        let entry = feed.entries.get(index)?;
        let content = entry.content.as_ref().and_then(|c| c.body.clone());
        return content.or_else(|| entry.summary.as_ref().map(|s| s.content.clone()));
    }
    let item = if root_of(text).is_some_and(|(_, tag)| tag == "feed") { "entry" } else { "item" };
    chunks(text, item).get(index).map(|&(start, end)| text[start..end].to_owned())
}
