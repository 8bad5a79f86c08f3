//! Search's haystacks, an index of the library like any other: what a query needs that does not
//! depend on the query, prepared once and extended as articles are appended: lower-cased titles
//! and sources, the entities of each article, and lower-cased bodies on the first body search.

use std::sync::OnceLock;

use rayon::prelude::*;

use crate::corpus::Corpus;
use crate::entities::{EntityId, EntityIndex};

/// What the query needs from the corpus, prepared once.
#[derive(Debug, Default)]
pub struct Haystacks {
    /// Each article's title, lower-cased.
    pub(crate) titles: Vec<Box<str>>,
    /// Each source's name, lower-cased.
    pub(crate) sources: Vec<String>,
    /// Each article's entities (text and title), sorted, each once.
    pub(crate) entities: Vec<Box<[EntityId]>>,
    /// Each entity's name, lower-cased.
    pub(crate) entity_names: Vec<String>,
    /// Each article's clean text with ASCII letters lower-cased (byte offsets unchanged),
    /// made on the first body search.
    bodies: OnceLock<Vec<Box<[u8]>>>,
}

impl Haystacks {
    /// Prepares the haystacks of a corpus (on all cores), with its entities as far as indexed.
    #[must_use]
    pub fn build(corpus: &Corpus, entities: &EntityIndex) -> Self {
        let mut haystacks = Self::default();
        haystacks.extend(corpus, entities);
        haystacks
    }

    /// Prepares what the articles after those prepared already need, and the sources and
    /// entity names that are new; lower-cased bodies, when made already, are extended too.
    pub fn extend(&mut self, corpus: &Corpus, entities: &EntityIndex) {
        let new = &corpus.articles()[self.titles.len()..];
        self.titles.par_extend(new.par_iter().map(|a| a.title.to_lowercase().into_boxed_str()));
        self.sources.extend(corpus.sources()[self.sources.len()..].iter().map(|s| s.to_lowercase()));
        if let Some(bodies) = self.bodies.get_mut() {
            bodies.par_extend(new.par_iter().map(|a| lowered(&a.text)));
        }
        self.entities_indexed(entities);
    }

    /// Takes the entities of the articles that were indexed since: their entity lists, and
    /// the names of entities that are new.
    pub fn entities_indexed(&mut self, index: &EntityIndex) {
        let first = self.entities.len();
        self.entities.par_extend((first..index.len()).into_par_iter().map(|i| index.entity_ids(i).into_boxed_slice()));
        let known = self.entity_names.len();
        self.entity_names.extend(index.entities()[known..].iter().map(|e| e.name.to_lowercase()));
    }

    /// Takes an index whose entities changed (corrected): every article's entity list and
    /// every entity's name, anew.
    pub fn entities_changed(&mut self, index: &EntityIndex) {
        self.entities.clear();
        self.entity_names.clear();
        self.entities_indexed(index);
    }

    /// The entities of an article, once indexed.
    #[must_use]
    pub fn entities_of(&self, article: usize) -> &[EntityId] {
        self.entities.get(article).map_or(&[], |ids| &ids[..])
    }

    /// The lower-cased clean texts, made on first use.
    pub(crate) fn bodies(&self, corpus: &Corpus) -> &[Box<[u8]>] {
        self.bodies.get_or_init(|| corpus.articles().par_iter().map(|a| lowered(&a.text)).collect())
    }

    /// True once the lower-cased bodies are made.
    #[must_use]
    pub fn has_bodies(&self) -> bool {
        self.bodies.get().is_some()
    }
}

fn lowered(text: &str) -> Box<[u8]> {
    text.to_ascii_lowercase().into_bytes().into_boxed_slice()
}
