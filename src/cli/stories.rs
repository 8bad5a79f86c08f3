//! `newsdesk stories`: the articles grouped by the event they report.

use std::io::{self, Write};

use crate::library::Library;
use crate::sanitize;
use crate::stories::{Stories, Story, Tuning};

/// How the stories are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns: id, articles, outlets, span, label.
    Table,
    /// One JSON array of stories with their articles.
    Json,
}

/// The default tuning, with what the hidden options set.
pub fn tuning(join: Option<f32>, cohesion: Option<f32>, days: Option<i32>) -> Tuning {
    let defaults = Tuning::default();
    Tuning {
        join: join.unwrap_or(defaults.join),
        cohesion: cohesion.unwrap_or(defaults.cohesion),
        days: days.unwrap_or(defaults.days),
        ..defaults
    }
}

/// Prints every story: largest first, then the most recent.
pub fn print(library: &Library, found: &Stories, format: Format) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = found.stories.iter().map(|s| json(library, s)).collect();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)
        }
        Format::Table => {
            writeln!(out, "{:<10}  {:>8}  {:>7}  {:<21}  LABEL", "ID", "ARTICLES", "OUTLETS", "SPAN")?;
            for story in &found.stories {
                let label = &library.articles()[story.representative].title;
                writeln!(
                    out,
                    "{}  {:>8}  {:>7}  {:<21}  {}",
                    library.articles()[story.representative].id,
                    story.articles.len(),
                    story.sources.len(),
                    span(story),
                    sanitize::line(label)
                )?;
            }
            Ok(())
        }
    }
}

/// "2017-03-14..2017-03-16", one day alone, or "undated".
fn span(story: &Story) -> String {
    match story.span {
        Some((first, last)) if first == last => first.to_string(),
        Some((first, last)) => format!("{first}..{last}"),
        None => "undated".to_owned(),
    }
}

/// A story for scripts: its id (its representative article's), label, span, outlets and
/// articles.
fn json(library: &Library, story: &Story) -> serde_json::Value {
    let articles = library.articles();
    serde_json::json!({
        "id": articles[story.representative].id.to_string(),
        "label": articles[story.representative].title,
        "first": story.span.map(|s| s.0.to_string()),
        "last": story.span.map(|s| s.1.to_string()),
        "outlets": story.sources.iter().map(|&s| library.source_name(s)).collect::<Vec<_>>(),
        "articles": story.articles.iter().map(|&a| {
            let article = &articles[a];
            serde_json::json!({
                "id": article.id.to_string(),
                "path": article.origin.to_string(),
                "url": article.url,
                "title": article.title,
                "source": library.source_name(article.source),
                "date": article.date_iso(),
            })
        }).collect::<Vec<_>>(),
    })
}
