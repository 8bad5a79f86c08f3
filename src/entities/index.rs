//! The corpus-wide entity index: every entity with its kind, the surface forms seen, its
//! mention and article counts, first and last dates; and for every article its mentions, as
//! sorted byte ranges into its text (and title), for highlighting and jumping.

use std::borrow::Cow;
use std::collections::HashMap;

use jiff::civil::Date;
use rayon::prelude::*;

use super::{Found, Kind, Recogniser, Target};
use crate::corpus::Corpus;

/// An entity's number in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u32);

/// Where an entity comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A gazetteer entry (its index in the gazetteer).
    Gazetteer(u32),
    /// Found by detection.
    Detected,
}

/// One entity and its place in the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Canonical name.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Gazetteer or detection.
    pub origin: Origin,
    /// The forms it was written in, as seen in the corpus.
    pub aliases_seen: Vec<String>,
    /// Mentions in all articles (titles included).
    pub mentions: u32,
    /// The articles that mention it (indexes), with their mention counts, in corpus order.
    pub articles: Vec<(u32, u32)>,
    /// The earliest publication date of those articles.
    pub first_date: Option<Date>,
    /// The latest publication date of those articles.
    pub last_date: Option<Date>,
}

/// One mention: which entity, and where (byte range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The entity.
    pub entity: EntityId,
    /// Start byte.
    pub start: u32,
    /// End byte.
    pub end: u32,
}

/// Entities and mentions of a whole corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityIndex {
    entities: Vec<Entity>,
    text: Vec<Vec<Mention>>,
    title: Vec<Vec<Mention>>,
}

/// A name with its words parted by single spaces (a line break inside a name becomes one);
/// borrowed when it already is.
fn single_spaced(name: &str) -> Cow<'_, str> {
    let clean = !name.contains("  ") && !name.contains(|c: char| c.is_whitespace() && c != ' ') && name.trim() == name;
    if clean { Cow::Borrowed(name) } else { Cow::Owned(name.split_whitespace().collect::<Vec<_>>().join(" ")) }
}

impl EntityIndex {
    /// Recognises the entities of every article (on all cores) and indexes them.
    #[must_use]
    pub fn build(corpus: &Corpus, recogniser: &Recogniser) -> Self {
        let found: Vec<(Vec<Found>, Vec<Found>)> =
            corpus.articles().par_iter().map(|a| (recogniser.article(a), recogniser.known(&a.title))).collect();
        let gazetteer = recogniser.gazetteer().entries();
        let mut entities: Vec<Entity> = gazetteer
            .iter()
            .enumerate()
            .map(|(i, e)| Entity {
                name: e.name.clone(),
                kind: e.kind,
                origin: Origin::Gazetteer(i as u32),
                aliases_seen: Vec::new(),
                mentions: 0,
                articles: Vec::new(),
                first_date: None,
                last_date: None,
            })
            .collect();
        let mut detected: HashMap<String, EntityId, foldhash::fast::RandomState> = HashMap::default();
        let mut patterns_seen: Vec<Vec<u32>> = vec![Vec::new(); entities.len()];
        let mut index = EntityIndex {
            entities: Vec::new(),
            text: Vec::with_capacity(found.len()),
            title: Vec::with_capacity(found.len()),
        };
        for (article_index, (text_found, title_found)) in found.into_iter().enumerate() {
            let article = &corpus.articles()[article_index];
            let mut mentions_of = |finds: Vec<Found>, text: &str| -> Vec<Mention> {
                finds
                    .into_iter()
                    .map(|f| {
                        let entity = match f.target {
                            Target::Known { entry, pattern } => {
                                let seen = &mut patterns_seen[entry as usize];
                                if !seen.contains(&pattern) {
                                    seen.push(pattern);
                                }
                                EntityId(entry)
                            }
                            Target::Unknown(_) | Target::Surname { .. } => {
                                let (full, kind) = match &f.target {
                                    Target::Surname { full } => (full.clone(), Kind::Person),
                                    Target::Unknown(kind) => (f.range.clone(), *kind),
                                    Target::Known { .. } => unreachable!("matched above"),
                                };
                                let name = single_spaced(&text[full]);
                                let id = if let Some(&id) = detected.get(name.as_ref()) {
                                    id
                                } else {
                                    let id = EntityId(entities.len() as u32);
                                    entities.push(Entity {
                                        aliases_seen: vec![name.to_string()],
                                        name: name.to_string(),
                                        kind,
                                        origin: Origin::Detected,
                                        mentions: 0,
                                        articles: Vec::new(),
                                        first_date: None,
                                        last_date: None,
                                    });
                                    detected.insert(name.into_owned(), id);
                                    id
                                };
                                let entity = &mut entities[id.0 as usize];
                                if entity.kind == Kind::Other {
                                    entity.kind = kind;
                                }
                                id
                            }
                        };
                        Mention { entity, start: f.range.start as u32, end: f.range.end as u32 }
                    })
                    .collect()
            };
            let text_mentions = mentions_of(text_found, &article.text);
            let title_mentions = mentions_of(title_found, &article.title);
            let mut named: Vec<EntityId> = text_mentions.iter().chain(&title_mentions).map(|m| m.entity).collect();
            named.sort_unstable();
            for same in named.chunk_by(|a, b| a == b) {
                let (id, count) = (same[0], same.len() as u32);
                let entity = &mut entities[id.0 as usize];
                entity.mentions += count;
                entity.articles.push((article_index as u32, count));
                if let Some(date) = article.date {
                    entity.first_date = Some(entity.first_date.map_or(date, |d| d.min(date)));
                    entity.last_date = Some(entity.last_date.map_or(date, |d| d.max(date)));
                }
            }
            index.text.push(text_mentions);
            index.title.push(title_mentions);
        }
        for (entity, seen) in entities.iter_mut().zip(patterns_seen) {
            entity.aliases_seen = seen.into_iter().map(|p| recogniser.pattern(p).to_owned()).collect();
            entity.aliases_seen.sort();
        }
        index.entities = entities;
        index
    }

    /// Every entity, mentioned or not (a gazetteer's entries are all here).
    #[must_use]
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// One entity.
    #[must_use]
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }

    /// The mentions in an article's text, by position.
    #[must_use]
    pub fn mentions(&self, article: usize) -> &[Mention] {
        self.text.get(article).map_or(&[], Vec::as_slice)
    }

    /// The mentions in an article's title, by position.
    #[must_use]
    pub fn title_mentions(&self, article: usize) -> &[Mention] {
        self.title.get(article).map_or(&[], Vec::as_slice)
    }

    /// The entities an article names (text and title), each once, most mentioned first.
    #[must_use]
    pub fn entities_of(&self, article: usize) -> Vec<(EntityId, u32)> {
        let mut counts: Vec<(EntityId, u32)> = Vec::new();
        for mention in self.mentions(article).iter().chain(self.title_mentions(article)) {
            match counts.iter_mut().find(|(id, _)| *id == mention.entity) {
                Some((_, n)) => *n += 1,
                None => counts.push((mention.entity, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| self.entity(a.0).name.cmp(&self.entity(b.0).name)));
        counts
    }

    /// The mentioned entities whose name or a form seen of it contains `query`, ignoring case
    /// (`trump` finds Donald Trump through "President Trump").
    #[must_use]
    pub fn search(&self, query: &str) -> Vec<EntityId> {
        let query = query.to_lowercase();
        self.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.mentions > 0)
            .filter(|(_, e)| {
                e.name.to_lowercase().contains(&query)
                    || e.aliases_seen.iter().any(|a| a.to_lowercase().contains(&query))
            })
            .map(|(i, _)| EntityId(i as u32))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::single_spaced;

    #[test]
    fn names_are_single_spaced_and_borrowed_when_they_are_already() {
        assert!(matches!(single_spaced("Mara Okonkwo"), Cow::Borrowed("Mara Okonkwo")));
        assert_eq!(single_spaced("Mara\nOkonkwo"), "Mara Okonkwo");
        assert_eq!(single_spaced("Bank  of\tLagos"), "Bank of Lagos");
    }
}
