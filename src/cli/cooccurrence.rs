//! `newsdesk entities --with NAME` and `--edges`: who appears with whom, printed.

use std::io::{self, Write};

use super::{finish_output, pad};
use crate::entities::cooccurrence::{edges, partners};
use crate::entities::{EntityId, EntityIndex};
use crate::sanitize;
use unicode_width::UnicodeWidthStr;

/// How co-occurrences are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Format {
    Table,
    Json,
    Csv,
}

/// The entity a user named: by its name or a form seen of it, ignoring case; else an error
/// with the closest names.
pub(super) fn find(index: &EntityIndex, name: &str) -> Result<EntityId, String> {
    let wanted = name.trim().to_lowercase();
    let mentioned = || index.entities().iter().enumerate().filter(|(_, e)| e.mentions > 0);
    let by_name = mentioned().find(|(_, e)| e.name.to_lowercase() == wanted);
    let by_form = || mentioned().find(|(_, e)| e.aliases_seen.iter().any(|a| a.to_lowercase() == wanted));
    if let Some((i, _)) = by_name.or_else(by_form) {
        return Ok(EntityId(i as u32));
    }
    let mut close: Vec<(usize, &str)> = mentioned()
        .map(|(_, e)| (strsim::damerau_levenshtein(&wanted, &e.name.to_lowercase()), e.name.as_str()))
        .filter(|(d, n)| *d <= (n.len() / 3).max(2) || n.to_lowercase().contains(&wanted))
        .collect();
    close.sort_unstable();
    close.dedup_by(|a, b| a.1 == b.1);
    let suggestions: Vec<String> = close.iter().take(5).map(|(_, n)| format!("`{}`", sanitize::line(n))).collect();
    let hint =
        if suggestions.is_empty() { String::new() } else { format!("; did you mean {}?", suggestions.join(", ")) };
    Err(format!("no entity is named {:?}{hint}", sanitize::line(name)))
}

/// Prints the entities named with `entity`, best associated first.
pub(super) fn print_partners(index: &EntityIndex, entity: EntityId, format: Format) -> Result<u8, String> {
    let partners = partners(index, entity);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let name = |id: EntityId| sanitize::line(&index.entity(id).name).into_owned();
    let written = match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = partners
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "name": name(p.entity), "kind": index.entity(p.entity).kind.name(),
                        "articles": p.articles, "score": (p.score * 1000.0).round() / 1000.0,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(&mut out);
            csv.write_record(["name", "kind", "articles", "score"])
                .and_then(|()| {
                    partners.iter().try_for_each(|p| {
                        csv.write_record([
                            name(p.entity),
                            index.entity(p.entity).kind.name().to_owned(),
                            p.articles.to_string(),
                            format!("{:.3}", p.score),
                        ])
                    })
                })
                .and_then(|()| csv.flush().map_err(csv::Error::from))
                .map_err(io::Error::other)
        }
        Format::Table => {
            let width = partners.iter().map(|p| name(p.entity).width().min(32)).max().unwrap_or(4).max(4);
            writeln!(out, "{}  {:<12}  {:>8}  {:>8}", pad("NAME", width), "KIND", "ARTICLES", "SCORE").and_then(|()| {
                partners.iter().try_for_each(|p| {
                    let kind = index.entity(p.entity).kind.name();
                    writeln!(out, "{}  {kind:<12}  {:>8}  {:>8.2}", pad(&name(p.entity), width), p.articles, p.score)
                })
            })
        }
    };
    finish_output(written.and_then(|()| out.flush()))
}

/// Prints every pair of entities named together in at least `min_weight` articles.
pub(super) fn print_edges(index: &EntityIndex, min_weight: u32, format: Format) -> Result<u8, String> {
    let edges = edges(index, min_weight);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let name = |id: EntityId| sanitize::line(&index.entity(id).name).into_owned();
    let kind = |id: EntityId| index.entity(id).kind.name();
    let written = match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = edges
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "source": name(e.source), "source_kind": kind(e.source),
                        "target": name(e.target), "target_kind": kind(e.target), "weight": e.weight,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
        Format::Csv | Format::Table => {
            let mut csv = csv::Writer::from_writer(&mut out);
            csv.write_record(["source", "source_kind", "target", "target_kind", "weight"])
                .and_then(|()| {
                    edges.iter().try_for_each(|e| {
                        csv.write_record([
                            name(e.source),
                            kind(e.source).to_owned(),
                            name(e.target),
                            kind(e.target).to_owned(),
                            e.weight.to_string(),
                        ])
                    })
                })
                .and_then(|()| csv.flush().map_err(csv::Error::from))
                .map_err(io::Error::other)
        }
    };
    finish_output(written.and_then(|()| out.flush()))
}
