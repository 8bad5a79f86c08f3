//! The lists the entity features show: the entity panel's rows (the open article's entities
//! grouped by kind, most mentioned first) and the pivot's rows (every article that names an
//! entity, newest first).

use crate::entities::{EntityId, Kind};
use crate::library::Library;

/// One row of the entity panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelRow {
    /// A kind's header, with how many entities of it the article names.
    Kind {
        /// The kind.
        kind: Kind,
        /// Entities of this kind in the article.
        count: usize,
    },
    /// An entity, with its mentions in the article.
    Entity {
        /// The entity.
        id: EntityId,
        /// Its mentions in the article's text (what jumps visit; 0 when only the title names it).
        mentions: u32,
    },
}

/// The entity panel's rows for an article.
#[must_use]
pub fn panel_rows(library: &Library, article: usize) -> Vec<PanelRow> {
    let index = library.entities();
    let in_text = |id: EntityId| index.mentions(article).iter().filter(|m| m.entity == id).count() as u32;
    let mut named: Vec<(EntityId, u32)> =
        index.entities_of(article).into_iter().map(|(id, _)| (id, in_text(id))).collect();
    named.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| index.entity(a.0).name.cmp(&index.entity(b.0).name)));
    let mut rows = Vec::new();
    for kind in Kind::ALL {
        let of_kind: Vec<&(EntityId, u32)> = named.iter().filter(|(id, _)| index.entity(*id).kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        rows.push(PanelRow::Kind { kind, count: of_kind.len() });
        rows.extend(of_kind.into_iter().map(|&(id, mentions)| PanelRow::Entity { id, mentions }));
    }
    rows
}

/// The entities of the panel's rows, in order (what the panel's selection moves over).
#[must_use]
pub fn panel_entities(rows: &[PanelRow]) -> Vec<EntityId> {
    rows.iter()
        .filter_map(|row| match row {
            PanelRow::Entity { id, .. } => Some(*id),
            PanelRow::Kind { .. } => None,
        })
        .collect()
}

/// The articles that name an entity, with their mention counts, newest first (undated last).
#[must_use]
pub fn pivot_rows(library: &Library, entity: EntityId) -> Vec<(usize, u32)> {
    let mut rows: Vec<(usize, u32)> =
        library.entities().entity(entity).articles.iter().map(|&(a, n)| (a as usize, n)).collect();
    let articles = library.articles();
    rows.sort_by(|&(a, _), &(b, _)| {
        let (a, b) = (&articles[a], &articles[b]);
        b.date.is_some().cmp(&a.date.is_some()).then(b.date.cmp(&a.date)).then(b.event_date.cmp(&a.event_date))
    });
    rows
}
