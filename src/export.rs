//! Writing a list of articles out: JSON Lines (one `newsdesk list --format json` row per line,
//! with the entities), Markdown (each article's metadata, entities and text, for reading or
//! sharing) or CSV (one row per article, for spreadsheets). Used by the command line's `--format`
//! and the reader's export key.

use std::io::{self, Write};

use serde::Deserialize;

use crate::corpus::Article;
use crate::library::Library;
use crate::sanitize;

/// How a list is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// A Markdown document.
    Markdown,
    /// Comma-separated values with a header row.
    Csv,
}

impl Format {
    /// The file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Markdown => "md",
            Format::Csv => "csv",
        }
    }
}

/// An article as scripts see it (`--format json`, JSON Lines): its fields and metadata.
#[must_use]
pub fn article_json(library: &Library, article: &Article) -> serde_json::Value {
    serde_json::json!({
        "id": article.id.to_string(),
        "title": article.title,
        "title_derived": article.title_derived,
        "date": article.date_iso(),
        "event_date": article.event_date.map(|d| d.to_string()),
        "source": library.source_name(article.source),
        "url": article.url,
        "authors": article.authors,
        "tags": article.tags,
        "metadata": article.metadata.iter().map(|(k, v)| (k.clone(), v.clone().into())).collect::<serde_json::Map<String, serde_json::Value>>(),
        "words": article.words,
        "path": article.origin.to_string(),
    })
}

/// The entities an article names, most mentioned first: name, kind, mentions, and the forms
/// the article names each by (as written, single-spaced, first seen first).
fn entities(library: &Library, index: usize) -> Vec<(&str, &'static str, u32, Vec<String>)> {
    let all = library.entities();
    let article = &library.articles()[index];
    let written = all
        .mentions(index)
        .iter()
        .map(|m| (m, &article.text))
        .chain(all.title_mentions(index).iter().map(|m| (m, &article.title)));
    let mut forms: Vec<(crate::entities::EntityId, String)> = Vec::new();
    for (m, source) in written {
        let form = source
            .get(m.start as usize..m.end as usize)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !forms.iter().any(|(id, f)| *id == m.entity && *f == form) {
            forms.push((m.entity, form));
        }
    }
    all.entities_of(index)
        .into_iter()
        .map(|(id, n)| {
            let entity = all.entity(id);
            let seen = forms.iter().filter(|(e, _)| *e == id).map(|(_, f)| f.clone()).collect();
            (entity.name.as_str(), entity.kind.name(), n, seen)
        })
        .collect()
}

/// Writes the articles (indexes into the library), in order.
pub fn write(out: &mut dyn Write, library: &Library, articles: &[usize], format: Format) -> io::Result<()> {
    match format {
        Format::Jsonl => write_jsonl(out, library, articles),
        Format::Markdown => write_markdown(out, library, articles),
        Format::Csv => write_csv(out, library, articles),
    }
}

fn write_jsonl(out: &mut dyn Write, library: &Library, articles: &[usize]) -> io::Result<()> {
    for &index in articles {
        let mut row = article_json(library, &library.articles()[index]);
        row["entities"] = entities(library, index)
            .into_iter()
            .map(|(name, kind, mentions, forms)| {
                serde_json::json!({ "name": name, "kind": kind, "mentions": mentions, "forms": forms })
            })
            .collect();
        let location = library.entities().location(index).map(|id| library.entities().entity(id).name.as_str());
        row["location"] = location.into();
        serde_json::to_writer(&mut *out, &row)?;
        writeln!(out)?;
    }
    Ok(())
}

fn write_markdown(out: &mut dyn Write, library: &Library, articles: &[usize]) -> io::Result<()> {
    writeln!(out, "# newsdesk export: {}", crate::wording::counted(articles.len(), "article", "articles"))?;
    for &index in articles {
        let article = &library.articles()[index];
        writeln!(out, "\n## {}\n", escape(&article.title))?;
        let date = article.dated(|d| d.to_string());
        writeln!(out, "- **Source:** {}", escape(library.source_name(article.source)))?;
        writeln!(out, "- **Date:** {date}")?;
        if !article.authors.is_empty() {
            writeln!(out, "- **Authors:** {}", escape(&article.authors.join(", ")))?;
        }
        if let Some(url) = &article.url {
            writeln!(out, "- **Url:** <{}>", sanitize::line(url).replace(['<', '>'], ""))?;
        }
        writeln!(out, "- **Words:** {}", article.words)?;
        writeln!(out, "- **Id:** `{}` ({})", article.id, escape(&article.origin.to_string()))?;
        let named: Vec<String> = entities(library, index)
            .into_iter()
            .map(|(name, kind, n, _)| format!("{} ({kind}, {n})", escape(name)))
            .collect();
        if !named.is_empty() {
            writeln!(out, "- **Entities:** {}", named.join(", "))?;
        }
        writeln!(out)?;
        for paragraph in article.text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            writeln!(out, "{}\n", escape(&sanitize::text(paragraph).replace('\n', " ")))?;
        }
    }
    Ok(())
}

fn write_csv(out: &mut dyn Write, library: &Library, articles: &[usize]) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["id", "date", "event_date", "source", "title", "authors", "url", "words", "path", "entities"])?;
    for &index in articles {
        let a = &library.articles()[index];
        let named: Vec<String> =
            entities(library, index).into_iter().map(|(name, kind, n, _)| format!("{name} ({kind}, {n})")).collect();
        csv.write_record([
            a.id.to_string(),
            a.date_iso().unwrap_or_default(),
            a.event_date.map(|d| d.to_string()).unwrap_or_default(),
            library.source_name(a.source).to_owned(),
            a.title.clone(),
            a.authors.join("; "),
            a.url.clone().unwrap_or_default(),
            a.words.to_string(),
            a.origin.to_string(),
            named.join("; "),
        ])?;
    }
    csv.flush()
}

/// Text made literal in Markdown: characters that would start markup are escaped, so that a
/// title or a paragraph shows as written (and cannot inject links or HTML).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize::line(text).chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::seeds;

    fn written(library: &Library, articles: &[usize], format: Format) -> String {
        let mut out = Vec::new();
        write(&mut out, library, articles, format).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_lines_have_a_row_per_article_with_its_entities() {
        let library = seeds();
        let text = written(&library, &[0, 1], Format::Jsonl);
        let rows: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1]["id"], library.articles()[1].id.to_string());
        assert!(rows[0]["entities"].as_array().unwrap().iter().any(|e| e["kind"] == "person"), "{}", rows[0]);
    }

    #[test]
    fn markdown_has_metadata_entities_and_text() {
        let library = seeds();
        let hassett = (0..5).find(|&i| library.articles()[i].source != library.articles()[0].source).unwrap_or(0);
        let text = written(&library, &[hassett], Format::Markdown);
        assert!(text.starts_with("# newsdesk export: 1 article\n"), "{text}");
        assert!(text.contains("- **Source:** "), "{text}");
        assert!(text.contains("- **Entities:** "), "{text}");
        assert!(text.contains("(person, "), "{text}");
        let first_words: String =
            library.articles()[hassett].text.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        assert!(text.contains(&escape(&first_words)), "the text follows: {first_words}");
        assert_eq!(escape("# [a](javascript:x) <b>"), "\\# \\[a\\](javascript:x) \\<b\\>");
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let library = seeds();
        let text = written(&library, &[0, 1, 2], Format::Csv);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[4], "title");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[2][4], library.articles()[2].title.as_str(), "titles with commas survive");
    }
}
