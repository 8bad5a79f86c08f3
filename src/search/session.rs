//! A run of searches as someone types: each keystroke's query is ranked against as few
//! articles as possible. The results of recent queries are kept; a query seen before is
//! answered from them at once, and a query that narrows an earlier one (it was typed longer)
//! re-scores only that one's matches. Deleting a character finds the shorter query's results
//! again, so candidates widen back without a full pass. What each term needs from the sources
//! and entities is kept too ([`TermCache`]), so typing a second word does not work out the
//! first one's again.

use std::sync::Arc;

use super::{Hit, Marks, Prepared, TermCache, rank};
use crate::library::Library;
use crate::query::Query;

/// How many earlier queries' results are kept.
const KEEP: usize = 32;

/// The results of one query, kept for the next ones.
struct Kept {
    query: Query,
    hits: Arc<[Hit]>,
}

/// Searches over one library, with the recent results they share. What is kept is dropped
/// when the library changes (its entities found, articles appended).
#[derive(Default)]
pub struct Session {
    /// The library's version the kept results and term scores are of.
    version: Option<u64>,
    kept: Vec<Kept>,
    terms: TermCache,
    everything: Vec<u32>,
}

impl Session {
    /// A session with nothing kept yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets what was kept when `library` is not the one it was kept for.
    fn follow(&mut self, library: &Library) {
        if self.version != Some(library.version()) || self.everything.len() != library.articles().len() {
            self.version = Some(library.version());
            self.kept.clear();
            self.terms = TermCache::default();
            self.everything = (0..library.articles().len() as u32).collect();
        }
    }

    /// Ranks the articles for `query`, best first; calls `partial` with the best so far when the
    /// ranking takes longer than a frame; `None` as soon as `stale` says it is not wanted.
    pub fn search(
        &mut self,
        library: &Library,
        query: &Query,
        stale: &(dyn Fn() -> bool + Sync),
        partial: &mut dyn FnMut(Vec<Hit>),
    ) -> Option<Arc<[Hit]>> {
        self.search_marked(library, query, &Marks::default(), stale, partial)
    }

    /// The same, with what the reader marked (read, starred). Results of a query that uses the
    /// marks are neither kept nor reused: the marks change as the reader reads.
    pub fn search_marked(
        &mut self,
        library: &Library,
        query: &Query,
        marks: &Marks,
        stale: &(dyn Fn() -> bool + Sync),
        partial: &mut dyn FnMut(Vec<Hit>),
    ) -> Option<Arc<[Hit]>> {
        self.follow(library);
        if query.uses_marks() {
            let prepared = Prepared::reusing(library, query, &mut self.terms).with_marks(marks);
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
        let prepared = Prepared::reusing(library, query, &mut self.terms);
        let hits: Arc<[Hit]> = rank(&prepared, candidates, stale, partial)?.into();
        if self.kept.len() == KEEP {
            self.kept.remove(0);
        }
        self.kept.push(Kept { query: query.clone(), hits: Arc::clone(&hits) });
        Some(hits)
    }

    /// How many articles match `query` (for the counts of saved searches).
    pub fn count(&mut self, library: &Library, query: &Query) -> usize {
        self.search(library, query, &|| false, &mut |_| {}).map_or(0, |hits| hits.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{find_entities_now, seeds, seeds_without_entities};

    fn titles(library: &Library, hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| library.articles()[h.article as usize].title.clone()).collect()
    }

    #[test]
    fn narrowed_and_repeated_queries_give_the_same_results_as_a_fresh_search() {
        let library = seeds();
        let mut session = Session::new();
        let mut fresh = Session::new();
        for text in ["r", "ra", "rar", "rare", "rare e", "rare ea", "rare", "ra", "!coin", "'china"] {
            let query = Query::parse(text);
            let typed = session.search(&library, &query, &|| false, &mut |_| {}).unwrap();
            fresh.kept.clear();
            let expected = fresh.search(&library, &query, &|| false, &mut |_| {}).unwrap();
            assert_eq!(titles(&library, &typed), titles(&library, &expected), "{text}");
        }
        assert_eq!(session.count(&library, &Query::parse("rare")), session.count(&library, &Query::parse("rare")));
    }

    #[test]
    fn entities_found_later_are_searched_and_the_bodies_lowered_before_are_kept() {
        let mut library = seeds_without_entities();
        let mut session = Session::new();
        let hassett = Query::parse("entity:hassett");
        assert!(session.search(&library, &hassett, &|| false, &mut |_| {}).unwrap().is_empty());
        assert!(!session.search(&library, &Query::parse("body:tariff"), &|| false, &mut |_| {}).unwrap().is_empty());
        assert!(library.haystacks().has_bodies());
        find_entities_now(&mut library);
        assert!(library.haystacks().has_bodies(), "and kept");
        let found = session.search(&library, &hassett, &|| false, &mut |_| {}).unwrap();
        assert!(!found.is_empty(), "the articles naming Kevin Hassett");
        let fresh = Session::new().search(&seeds(), &hassett, &|| false, &mut |_| {}).unwrap();
        assert_eq!(titles(&library, &found), titles(&library, &fresh), "as a session started with the entities finds");
    }

    #[test]
    fn a_stale_search_stops_and_keeps_nothing() {
        let library = seeds();
        let mut session = Session::new();
        assert!(session.search(&library, &Query::parse("rare"), &|| true, &mut |_| {}).is_none());
        assert!(session.kept.is_empty());
    }
}
