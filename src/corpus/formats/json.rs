//! JSON Lines and JSON articles: one article per record, with the field names real datasets
//! use (`title`/`headline`, `date`/`published`/`pubDate`/…, `source`/`outlet`/…,
//! `url`/`link`, `body`/`text`/`content`/…, `author`/`authors`/`byline`, `tags`/`keywords`).
//! Unknown fields are ignored. A bad record is reported with its line and skipped; the rest of
//! the file loads.

use std::fmt;

use rayon::prelude::*;
use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::{FileResult, Parsed, Stated, field, finish_record};
use crate::corpus::dates::{Dated, date_of_number, parse_date};
use crate::corpus::report::{Problem, ProblemKind, Severity};
use crate::corpus::structure::Rules;

/// The article fields, and the names that feed each, in order of preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Title,
    Date,
    Source,
    Url,
    Body,
    Authors,
    Tags,
}

const FIELD_NAMES: &[(&str, Field)] = &[
    ("title", Field::Title),
    ("headline", Field::Title),
    ("date", Field::Date),
    ("published", Field::Date),
    ("publish_date", Field::Date),
    ("pubdate", Field::Date),
    ("published_at", Field::Date),
    ("publishedat", Field::Date),
    ("date_published", Field::Date),
    ("datetime", Field::Date),
    ("timestamp", Field::Date),
    ("source", Field::Source),
    ("outlet", Field::Source),
    ("publisher", Field::Source),
    ("site", Field::Source),
    ("site_name", Field::Source),
    ("feed", Field::Source),
    ("domain", Field::Source),
    ("url", Field::Url),
    ("link", Field::Url),
    ("permalink", Field::Url),
    ("body", Field::Body),
    ("text", Field::Body),
    ("content", Field::Body),
    ("article", Field::Body),
    ("maintext", Field::Body),
    ("full_text", Field::Body),
    ("description", Field::Body),
    ("summary", Field::Body),
    ("subtitle", Field::Body),
    ("standfirst", Field::Body),
    ("dek", Field::Body),
    ("lede", Field::Body),
    ("author", Field::Authors),
    ("authors", Field::Authors),
    ("byline", Field::Authors),
    ("creator", Field::Authors),
    ("tags", Field::Tags),
    ("keywords", Field::Tags),
    ("categories", Field::Tags),
];

/// Names of record wrappers whose array holds the articles (`{"articles": [...]}`).
const WRAPPERS: &[&str] = &["articles", "items", "data", "records", "results", "entries", "posts", "documents", "docs"];

/// The known fields of one record: for each field, the best-ranked value seen.
#[derive(Default)]
struct Record {
    values: [Option<(usize, Value)>; 7],
    /// A few of the keys that were not recognised, to explain a record with no text.
    unknown: Vec<String>,
}

impl Record {
    fn take(&mut self, field: Field) -> Option<Value> {
        self.values[field as usize].take().map(|(_, v)| v)
    }
}

struct Key(Option<(usize, Field)>, Option<String>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                let known = FIELD_NAMES.iter().position(|(name, _)| name.eq_ignore_ascii_case(key));
                Ok(match known {
                    Some(rank) => Key(Some((rank, FIELD_NAMES[rank].1)), None),
                    None => Key(None, Some(key.to_owned())),
                })
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RecordVisitor;
        impl<'de> Visitor<'de> for RecordVisitor {
            type Value = Record;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object (one article)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
                let mut record = Record::default();
                while let Some(Key(known, unknown)) = map.next_key()? {
                    if let Some((rank, field)) = known {
                        let value: Value = map.next_value()?;
                        let slot = &mut record.values[field as usize];
                        let empty =
                            matches!(&value, Value::Null) || value.as_str().is_some_and(|s| s.trim().is_empty());
                        if !empty && slot.as_ref().is_none_or(|(best, _)| rank < *best) {
                            *slot = Some((rank, value));
                        }
                    } else {
                        map.next_value::<IgnoredAny>()?;
                        if record.unknown.len() < 8 {
                            record.unknown.extend(unknown);
                        }
                    }
                }
                Ok(record)
            }
        }
        deserializer.deserialize_map(RecordVisitor)
    }
}

/// Reads a JSON Lines file: one record per non-blank line, records read in parallel.
pub(super) fn parse_lines(text: &str, path: &str, rules: &Rules) -> FileResult {
    let mut lines = Vec::new();
    let mut offset = 0usize;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if !line.trim().is_empty() {
            lines.push((u32::try_from(index + 1).unwrap_or(u32::MAX), offset..offset + line.len()));
        }
        offset += line.len();
    }
    collect(lines.into_par_iter().map(|(line_number, span)| {
        let line = &text[span.clone()];
        let parsed =
            serde_json::from_str::<Record>(line).map_err(|e| format!("column {}: {}", e.column(), message(&e)));
        read_record(parsed, path, line_number, span.start as u64..span.end as u64, rules)
    }))
}

/// Reads a JSON file: an array of records, an object wrapping one (`{"articles": [...]}`),
/// or a single record. Records are read in parallel.
pub(super) fn parse_document(text: &str, path: &str, rules: &Rules) -> FileResult {
    let elements = match records_of(text) {
        Ok(elements) => elements,
        Err(e) => {
            let detail = format!("column {}: {}", e.column(), message(&e));
            let problem = Problem::new(path, ProblemKind::BadJson, Severity::Skipped, detail);
            let line = u32::try_from(e.line()).unwrap_or(u32::MAX);
            return FileResult { articles: Vec::new(), problems: vec![problem.at_line(line)] };
        }
    };
    let base = text.as_ptr() as usize;
    let (mut line, mut counted_to) = (1u32, 0usize);
    let mut located = Vec::with_capacity(elements.len());
    for raw in elements {
        let start = raw.get().as_ptr() as usize - base;
        line += super::super::line_at(&text.as_bytes()[counted_to..start], start - counted_to) - 1;
        counted_to = start;
        located.push((raw, line, start));
    }
    collect(located.into_par_iter().map(|(raw, line, start)| {
        let span = start as u64..(start + raw.get().len()) as u64;
        let parsed = serde_json::from_str::<Record>(raw.get()).map_err(|e| message(&e));
        read_record(parsed, path, line, span, rules)
    }))
}

/// Gathers what each record gave, in order.
fn collect(records: impl IndexedParallelIterator<Item = FileResult>) -> FileResult {
    let parts: Vec<FileResult> = records.collect();
    let mut result = FileResult::default();
    for part in parts {
        result.articles.extend(part.articles);
        result.problems.extend(part.problems);
    }
    result
}

fn records_of(text: &str) -> Result<Vec<&RawValue>, serde_json::Error> {
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(text);
    }
    let object: std::collections::BTreeMap<String, &RawValue> = serde_json::from_str(text)?;
    let wrapped = WRAPPERS
        .iter()
        .find_map(|name| object.iter().find(|(k, v)| k.eq_ignore_ascii_case(name) && v.get().starts_with('[')));
    match wrapped {
        Some((_, array)) => serde_json::from_str(array.get()),
        None => serde_json::from_str(text).map(|whole: &RawValue| vec![whole]),
    }
}

/// `serde_json`'s message without its own " at line L column C" suffix (we say where).
fn message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// One record's article, or why there is none.
fn read_record(
    parsed: Result<Record, String>,
    path: &str,
    line: u32,
    span: std::ops::Range<u64>,
    rules: &Rules,
) -> FileResult {
    let mut result = FileResult::default();
    let bad = |detail: String| Problem::new(path, ProblemKind::BadJsonRecord, Severity::Skipped, detail).at_line(line);
    let mut record = match parsed {
        Ok(record) => record,
        Err(detail) => {
            result.problems.push(bad(detail));
            return result;
        }
    };
    let date_value = record.take(Field::Date);
    let date = date_value.as_ref().and_then(date_of);
    if let (Some(value), None) = (&date_value, date) {
        let detail = format!("{value} is not a date; the article is undated");
        result.problems.push(Problem::new(path, ProblemKind::BadDate, Severity::Partial, detail).at_line(line));
    }
    let stated = Stated {
        title: record.take(Field::Title).as_ref().and_then(text_of).as_deref().and_then(field),
        date,
        source: record.take(Field::Source).as_ref().and_then(text_of).as_deref().and_then(field),
        url: record.take(Field::Url).as_ref().and_then(text_of).as_deref().and_then(field),
        authors: record.take(Field::Authors).as_ref().map(list_of).unwrap_or_default(),
        tags: record.take(Field::Tags).as_ref().map(list_of).unwrap_or_default(),
        metadata: Vec::new(),
    };
    let body = record.take(Field::Body).as_ref().and_then(body_of).unwrap_or_default();
    if let Some(article) = finish_record(&body, stated, rules) {
        result.articles.push(Parsed { line: Some(line), span: Some(span), ..article });
    } else {
        let mut detail = "no title or text field".to_owned();
        if !record.unknown.is_empty() {
            detail = format!("{detail} (its fields: {})", record.unknown.join(", "));
        }
        result.problems.push(bad(detail));
    }
    result
}

/// The body field of a record as written (not cleaned), to show an article's raw text.
pub(crate) fn raw_body(record: &str) -> Option<String> {
    let mut record: Record = serde_json::from_str(record).ok()?;
    Some(record.take(Field::Body).as_ref().and_then(body_of).unwrap_or_default())
}

/// A string from a value: strings as they are, numbers written out, objects by their name.
pub(super) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(map) => {
            ["name", "title", "#text", "href", "url"].iter().find_map(|k| map.get(*k).and_then(text_of))
        }
        Value::Array(items) => items.iter().find_map(text_of),
        Value::Bool(_) | Value::Null => None,
    }
}

/// A body: a string, or an array of paragraphs.
fn body_of(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => Some(items.iter().filter_map(text_of).collect::<Vec<_>>().join("\n\n")),
        other => text_of(other),
    }
}

/// A list: an array of strings (or named objects), or one comma-separated string.
pub(super) fn list_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text_of).filter_map(|s| field(&s)).collect(),
        Value::String(s) => s.split([',', ';']).filter_map(field).collect(),
        other => text_of(other).and_then(|s| field(&s)).into_iter().collect(),
    }
}

pub(super) fn date_of(value: &Value) -> Option<Dated> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)).and_then(date_of_number),
        other => text_of(other).and_then(|s| parse_date(&s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn rules() -> Rules {
        Config::default().rules().unwrap()
    }

    #[test]
    fn dataset_field_names_are_understood() {
        let text = r#"{"headline":"Rare earths","pubDate":"Sun, 08 Jun 2025 14:41:00 GMT","publisher":{"name":"Reuters"},"link":"https://r.com/a","content":"First para.\n\nSecond para.","byline":"Jane Doe","keywords":"trade, china","extra":1}
"#;
        let result = parse_lines(text, "f.jsonl", &rules());
        assert!(result.problems.is_empty(), "{:?}", result.problems);
        let a = &result.articles[0];
        assert_eq!(a.stated.title.as_deref(), Some("Rare earths"));
        assert_eq!(a.stated.date.map(|d| d.date), Some(jiff::civil::date(2025, 6, 8)));
        assert_eq!(a.stated.source.as_deref(), Some("Reuters"));
        assert_eq!(a.stated.url.as_deref(), Some("https://r.com/a"));
        assert_eq!(a.stated.authors, ["Jane Doe"]);
        assert_eq!(a.stated.tags, ["trade", "china"]);
        assert_eq!(a.body.text, "First para.\n\nSecond para.");
        assert_eq!(a.line, Some(1));
    }

    #[test]
    fn the_body_field_is_preferred_to_a_description() {
        let text = r#"{"title":"T","description":"Short summary.","text":"The full text."}"#;
        let result = parse_lines(text, "f.jsonl", &rules());
        assert_eq!(result.articles[0].body.text, "The full text.");
    }

    #[test]
    fn a_broken_record_is_reported_by_line_and_the_rest_loads() {
        let text = "{\"title\":\"one\",\"body\":\"x.\"}\n{\"title\": oops}\n\n{\"title\":\"three\",\"body\":\"y.\"}\n[1,2]\n{\"id\":7,\"views\":3}\n";
        let result = parse_lines(text, "f.jsonl", &rules());
        assert_eq!(result.articles.len(), 2);
        assert_eq!(result.articles[1].line, Some(4));
        let lines: Vec<_> = result.problems.iter().map(|p| (p.line, p.kind)).collect();
        assert_eq!(
            lines,
            [
                (Some(2), ProblemKind::BadJsonRecord),
                (Some(5), ProblemKind::BadJsonRecord),
                (Some(6), ProblemKind::BadJsonRecord)
            ]
        );
        assert!(result.problems[2].detail.contains("its fields: id, views"), "{}", result.problems[2].detail);
    }

    #[test]
    fn escape_sequences_inside_json_strings_are_sanitised() {
        let text = r#"{"title":"Bad\u001b]0;owned\u0007 title","body":"Text \u001b[31mred\u001b[0m here."}"#;
        let result = parse_lines(text, "f.jsonl", &rules());
        let a = &result.articles[0];
        assert_eq!(a.stated.title.as_deref(), Some("Bad title"));
        assert_eq!(a.body.text, "Text red here.");
    }

    #[test]
    fn a_json_array_gives_lines_and_spans_per_record() {
        let text = "[\n  {\"title\":\"a\",\"body\":\"x.\"},\n  {\"title\":\"b\",\n   \"body\":\"y.\"},\n  3\n]";
        let result = parse_document(text, "f.json", &rules());
        assert_eq!(result.articles.len(), 2);
        assert_eq!(result.articles[1].line, Some(3));
        let span = result.articles[0].span.clone().unwrap();
        assert_eq!(&text[span.start as usize..span.end as usize], "{\"title\":\"a\",\"body\":\"x.\"}");
        assert_eq!(result.problems[0].line, Some(5));
    }

    #[test]
    fn wrapped_arrays_and_single_objects_are_read() {
        let wrapped = r#"{"status":"ok","articles":[{"title":"a","content":"x."},{"title":"b","content":"y."}]}"#;
        assert_eq!(parse_document(wrapped, "f.json", &rules()).articles.len(), 2);
        let single = r#"{"title":"only","body":"z."}"#;
        assert_eq!(parse_document(single, "f.json", &rules()).articles.len(), 1);
    }

    #[test]
    fn a_broken_json_file_is_reported_with_line_and_column() {
        let result = parse_document("[\n{\"title\": \"a\",}\n]", "f.json", &rules());
        assert!(result.articles.is_empty());
        assert_eq!(result.problems[0].kind, ProblemKind::BadJson);
        assert_eq!(result.problems[0].line, Some(2));
    }

    #[test]
    fn timestamps_and_bad_dates() {
        let text = "{\"title\":\"a\",\"timestamp\":1749393660,\"body\":\"x.\"}\n{\"title\":\"b\",\"date\":\"someday\",\"body\":\"y.\"}\n";
        let result = parse_lines(text, "f.jsonl", &rules());
        assert_eq!(result.articles[0].stated.date.map(|d| d.date), Some(jiff::civil::date(2025, 6, 8)));
        assert_eq!(result.articles[1].stated.date, None);
        assert_eq!(result.problems[0].kind, ProblemKind::BadDate);
        assert_eq!(result.problems[0].line, Some(2));
    }
}
