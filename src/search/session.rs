//! A run of searches as someone types: each keystroke's query is ranked against as few
//! stories as possible. The results of recent queries are kept; a query seen before is
//! answered from them at once, and a query that narrows an earlier one (it was typed longer)
//! re-scores only that one's matches. Deleting a character finds the shorter query's results
//! again, so candidates widen back without a full pass. What each term needs from the sources
//! and entities is kept too ([`TermCache`]), so typing a second word does not work out the
//! first one's again.

use std::sync::Arc;

use super::{Haystacks, Hit, Marks, Prepared, TermCache, rank};
use crate::corpus::Corpus;
use crate::query::Query;

/// How many earlier queries' results are kept.
const KEEP: usize = 32;

/// The results of one query, kept for the next ones.
struct Kept {
    query: Query,
    hits: Arc<[Hit]>,
}

/// Searches over one corpus, with the haystacks and the recent results they share.
pub struct Session<'a> {
    corpus: &'a Corpus,
    haystacks: Haystacks,
    kept: Vec<Kept>,
    terms: TermCache,
    everything: Vec<u32>,
}

impl<'a> Session<'a> {
    /// Prepares the haystacks of `corpus` (on all cores).
    #[must_use]
    pub fn new(corpus: &'a Corpus) -> Self {
        Self {
            corpus,
            haystacks: Haystacks::build(corpus),
            kept: Vec::new(),
            terms: TermCache::default(),
            everything: (0..corpus.articles().len() as u32).collect(),
        }
    }

    /// Starts over once the corpus's entities are found: the haystacks read them (what they
    /// hold besides is kept), and no result or term score kept from before counts.
    pub fn names_found(&mut self) {
        self.haystacks.names_found(self.corpus);
        self.kept.clear();
        self.terms = TermCache::default();
    }

    /// Ranks the stories for `query`, best first; calls `partial` with the best so far when the
    /// ranking takes longer than a frame; `None` as soon as `stale` says it is not wanted.
    pub fn search(
        &mut self,
        query: &Query,
        stale: &(dyn Fn() -> bool + Sync),
        partial: &mut dyn FnMut(Vec<Hit>),
    ) -> Option<Arc<[Hit]>> {
        self.search_marked(query, &Marks::default(), stale, partial)
    }

    /// The same, with what the reader marked (read, starred). Results of a query that uses the
    /// marks are neither kept nor reused: the marks change as the reader reads.
    pub fn search_marked(
        &mut self,
        query: &Query,
        marks: &Marks,
        stale: &(dyn Fn() -> bool + Sync),
        partial: &mut dyn FnMut(Vec<Hit>),
    ) -> Option<Arc<[Hit]>> {
        if query.uses_marks() {
            let prepared = Prepared::reusing(self.corpus, &self.haystacks, query, &mut self.terms).with_marks(marks);
            return rank(&prepared, &self.everything, stale, partial).map(Into::into);
        }
        if let Some(at) = self.kept.iter().position(|k| k.query == *query) {
            let kept = self.kept.remove(at);
            let hits = Arc::clone(&kept.hits);
            self.kept.push(kept);
            return Some(hits);
        }
        let narrowest = self
            .kept
            .iter()
            .filter(|k| query.narrows(&k.query))
            .min_by_key(|k| k.hits.len())
            .map(|k| k.hits.iter().map(|h| h.article).collect::<Vec<u32>>());
        let candidates = narrowest.as_deref().unwrap_or(&self.everything);
        let prepared = Prepared::reusing(self.corpus, &self.haystacks, query, &mut self.terms);
        let hits: Arc<[Hit]> = rank(&prepared, candidates, stale, partial)?.into();
        if self.kept.len() == KEEP {
            self.kept.remove(0);
        }
        self.kept.push(Kept { query: query.clone(), hits: Arc::clone(&hits) });
        Some(hits)
    }

    /// How many stories match `query` (for the counts of saved searches).
    pub fn count(&mut self, query: &Query) -> usize {
        self.search(query, &|| false, &mut |_| {}).map_or(0, |hits| hits.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Input, LoadOptions, load};

    fn seeds() -> Corpus {
        load(&[Input::Builtin], &LoadOptions::default(), &|_| {})
    }

    fn titles(corpus: &Corpus, hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| corpus.articles()[h.article as usize].title.clone()).collect()
    }

    #[test]
    fn narrowed_and_repeated_queries_give_the_same_results_as_a_fresh_search() {
        let corpus = seeds();
        let mut session = Session::new(&corpus);
        let mut fresh = Session::new(&corpus);
        for text in ["r", "ra", "rar", "rare", "rare e", "rare ea", "rare", "ra", "!coin", "'china"] {
            let query = Query::parse(text);
            let typed = session.search(&query, &|| false, &mut |_| {}).unwrap();
            fresh.kept.clear();
            let expected = fresh.search(&query, &|| false, &mut |_| {}).unwrap();
            assert_eq!(titles(&corpus, &typed), titles(&corpus, &expected), "{text}");
        }
        assert_eq!(session.count(&Query::parse("rare")), session.count(&Query::parse("rare")));
    }

    #[test]
    fn names_found_later_are_searched_and_the_bodies_lowered_before_are_kept() {
        let corpus = load(&[Input::Builtin], &LoadOptions { recogniser: None, ..LoadOptions::default() }, &|_| {});
        let mut session = Session::new(&corpus);
        let hassett = Query::parse("entity:hassett");
        assert!(session.search(&hassett, &|| false, &mut |_| {}).unwrap().is_empty(), "no names yet");
        let body = session.search(&Query::parse("body:semiconductor"), &|| false, &mut |_| {}).unwrap();
        assert!(!body.is_empty() && session.haystacks.bodies.get().is_some(), "the bodies are lowered");
        let stop = std::sync::atomic::AtomicBool::new(false);
        assert!(corpus.find_names(&crate::entities::Recogniser::builtin(), &|_| {}, &stop));
        session.names_found();
        assert!(session.haystacks.bodies.get().is_some(), "and kept");
        let named = session.search(&hassett, &|| false, &mut |_| {}).unwrap();
        assert!(!named.is_empty(), "the stories naming Kevin Hassett");
        let fresh = Session::new(&corpus).search(&hassett, &|| false, &mut |_| {}).unwrap();
        assert_eq!(titles(&corpus, &named), titles(&corpus, &fresh), "as a session started with the names finds");
    }

    #[test]
    fn a_stale_search_stops_and_keeps_nothing() {
        let corpus = seeds();
        let mut session = Session::new(&corpus);
        assert!(session.search(&Query::parse("rare"), &|| true, &mut |_| {}).is_none());
        assert!(session.kept.is_empty());
    }
}
