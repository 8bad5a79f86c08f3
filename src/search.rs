//! Ranking stories for a [`Query`]: fuzzy matching (fuzzy-matcher's skim matcher) over each
//! story's title, source and entity names, exact tests and field filters, best first; and
//! finding a query's hits in an article's text.
//!
//! Everything a query needs that does not depend on the query is prepared once per corpus
//! ([`Haystacks`]); what depends only on the query (which sources and entities match) is worked
//! out once per query ([`Prepared`]), so that scoring a story is a few lookups and one fuzzy
//! match of its title. [`rank`] scores candidates in waves on all cores, reports the best so
//! far after the first wave, and stops as soon as it is told the query is stale.

pub mod hits;
pub mod session;

use std::ops::Range;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use crate::corpus::Corpus;
use crate::entities::{EntityId, Kind};
use crate::query::{Query, Test};

pub use hits::{find_in_text, snippet, text_hits, title_highlights};

/// A score; higher is better.
pub type Score = i64;

/// A match in an entity's name counts nine tenths of one in the title: a name that matches
/// well beats letters scattered across a long title.
const ENTITY_WEIGHT: (Score, Score) = (9, 10);
/// A match in the source's name counts half.
const SOURCE_WEIGHT: (Score, Score) = (1, 2);
/// The score of an exact (non-fuzzy) term that matched.
const EXACT_SCORE: Score = 60;

/// What the query needs from the corpus, prepared once: lower-cased titles and sources, the
/// entities of each article; lower-cased bodies on the first body search.
#[derive(Debug)]
pub struct Haystacks {
    titles: Vec<Box<str>>,
    sources: Vec<String>,
    entities: Vec<Box<[EntityId]>>,
    entity_names: Vec<String>,
    bodies: OnceLock<Vec<Box<[u8]>>>,
}

impl Haystacks {
    /// Prepares the haystacks of a corpus (on all cores).
    #[must_use]
    pub fn build(corpus: &Corpus) -> Self {
        let index = corpus.entities();
        let titles = corpus.articles().par_iter().map(|a| a.title.to_lowercase().into_boxed_str()).collect();
        let entities = (0..corpus.articles().len())
            .into_par_iter()
            .map(|i| {
                let mut ids: Vec<EntityId> =
                    index.mentions(i).iter().chain(index.title_mentions(i)).map(|m| m.entity).collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_boxed_slice()
            })
            .collect();
        Self {
            titles,
            sources: corpus.sources().iter().map(|s| s.to_lowercase()).collect(),
            entities,
            entity_names: index.entities().iter().map(|e| e.name.to_lowercase()).collect(),
            bodies: OnceLock::new(),
        }
    }

    /// The clean texts with ASCII letters lower-cased (byte offsets unchanged), built on the
    /// first body search.
    fn bodies(&self, corpus: &Corpus) -> &[Box<[u8]>] {
        self.bodies.get_or_init(|| {
            corpus.articles().par_iter().map(|a| a.text.to_ascii_lowercase().into_bytes().into_boxed_slice()).collect()
        })
    }
}

/// What the reader marked, by article index: for the `unread` and `starred` terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Opened at some time.
    pub read: Vec<bool>,
    /// Starred.
    pub starred: Vec<bool>,
}

/// Why a story matched: what its row shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// Its title (or only filters) matched.
    Title,
    /// Its source's name.
    Source,
    /// An entity it names.
    Entity(EntityId),
    /// Its text, at this byte range.
    Body(Range<u32>),
}

/// A story that matched, and how well.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index of the article in the corpus.
    pub article: u32,
    /// How well it matched.
    pub score: Score,
    /// What matched.
    pub why: Why,
}

/// A query made ready for scoring: the per-source and per-entity answers worked out once.
pub struct Prepared<'a> {
    corpus: &'a Corpus,
    haystacks: &'a Haystacks,
    query: &'a Query,
    matcher: SkimMatcherV2,
    /// Per term: for each source, its score (fuzzy) or whether it matches (exact, field).
    sources: Vec<Vec<Option<Score>>>,
    /// Per term: for each entity, its score, when the term can match entities.
    entities: Vec<Vec<Option<Score>>>,
    bodies: Option<&'a [Box<[u8]>]>,
    marks: Option<&'a Marks>,
}

impl<'a> Prepared<'a> {
    /// The same, with what the reader marked, for `unread` and `starred` (without marks, every
    /// story is unread and none is starred).
    #[must_use]
    pub fn with_marks(mut self, marks: &'a Marks) -> Self {
        self.marks = Some(marks);
        self
    }

    /// Works out what `query` needs from every source and entity.
    #[must_use]
    pub fn new(corpus: &'a Corpus, haystacks: &'a Haystacks, query: &'a Query) -> Self {
        let matcher = SkimMatcherV2::default().ignore_case();
        let index = corpus.entities();
        let kind_filter: Option<Kind> = query.terms.iter().find_map(|t| match t.test {
            Test::Kind(k) if !t.negated => Some(k),
            _ => None,
        });
        let mut sources = Vec::with_capacity(query.terms.len());
        let mut entities = Vec::with_capacity(query.terms.len());
        for term in &query.terms {
            let by_source =
                |f: &(dyn Fn(&str) -> Option<Score> + Sync)| haystacks.sources.iter().map(|s| f(s)).collect();
            let by_entity = |f: &(dyn Fn(usize, &str) -> Option<Score> + Sync)| {
                haystacks.entity_names.par_iter().enumerate().map(|(i, n)| f(i, n)).collect()
            };
            let exact = |needle: &str| {
                let needle = needle.to_owned();
                move |s: &str| s.contains(needle.as_str()).then_some(EXACT_SCORE)
            };
            let (s, e): (Vec<Option<Score>>, Vec<Option<Score>>) = match &term.test {
                Test::Fuzzy(p) => (
                    by_source(&|s| matcher.fuzzy_match(s, p)),
                    by_entity(&|i, n| (index.entities()[i].mentions > 0).then(|| matcher.fuzzy_match(n, p)).flatten()),
                ),
                Test::Exact(p) | Test::Phrase(p) => {
                    let f = exact(p);
                    (by_source(&f), by_entity(&|_, n| f(n)))
                }
                Test::Source(p) => (by_source(&exact(p)), Vec::new()),
                Test::Entity(p) => {
                    let wanted: Vec<EntityId> = index.search(p);
                    let mut all = vec![None; haystacks.entity_names.len()];
                    for id in wanted {
                        if kind_filter.is_none_or(|k| index.entity(id).kind == k) {
                            all[id.0 as usize] = Some(EXACT_SCORE);
                        }
                    }
                    (Vec::new(), all)
                }
                Test::Kind(k) => (Vec::new(), index.entities().iter().map(|e| (e.kind == *k).then_some(0)).collect()),
                _ => (Vec::new(), Vec::new()),
            };
            sources.push(s);
            entities.push(e);
        }
        let needs_bodies = query.terms.iter().any(|t| matches!(t.test, Test::Body(_)));
        let bodies = needs_bodies.then(|| haystacks.bodies(corpus));
        Self { corpus, haystacks, query, matcher, sources, entities, bodies, marks: None }
    }

    /// Scores one article; `None` when it does not match.
    ///
    /// # Panics
    ///
    /// When `article` is not an index into the corpus.
    #[must_use]
    pub fn score(&self, article: u32) -> Option<Hit> {
        let i = article as usize;
        let a = &self.corpus.articles()[i];
        let title = &self.haystacks.titles[i];
        let source = a.source.0 as usize;
        let mut total: Score = 0;
        let mut why = Why::Title;
        // The most telling reason so far: title beats entity beats source beats body.
        let mut why_rank = 0u8;
        for (t, term) in self.query.terms.iter().enumerate() {
            let best_entity = || -> Option<(Score, EntityId)> {
                let scores = &self.entities[t];
                self.haystacks.entities[i]
                    .iter()
                    .filter_map(|&e| scores.get(e.0 as usize).copied().flatten().map(|s| (s, e)))
                    .max_by_key(|(s, _)| *s)
            };
            let reason: Option<(Score, Why, u8)> = match &term.test {
                Test::Fuzzy(p) => {
                    let in_title = self.matcher.fuzzy_match(&a.title, p);
                    best_reason(in_title, best_entity(), self.sources[t][source])
                }
                Test::Exact(p) | Test::Phrase(p) => {
                    let in_title = title.contains(p.as_str()).then_some(EXACT_SCORE);
                    best_reason(in_title, best_entity(), self.sources[t][source])
                }
                Test::Prefix(p) => title.starts_with(p.as_str()).then_some((EXACT_SCORE, Why::Title, 3)),
                Test::Suffix(p) => {
                    let trimmed = title.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '$');
                    trimmed.ends_with(p.as_str()).then_some((EXACT_SCORE, Why::Title, 3))
                }
                Test::Source(_) => self.sources[t][source].map(|_| (0, Why::Source, 1)),
                Test::Entity(_) => best_entity().map(|(s, e)| (s, Why::Entity(e), 2)),
                Test::Kind(_) => best_entity().map(|_| (0, Why::Title, 0)),
                Test::Dates(range) => {
                    a.date.or(a.event_date).filter(|d| range.contains(*d)).map(|_| (0, Why::Title, 0))
                }
                Test::Undated => a.date.is_none().then_some((0, Why::Title, 0)),
                Test::Unread => {
                    let read = self.marks.and_then(|m| m.read.get(i).copied()).unwrap_or(false);
                    (!read).then_some((0, Why::Title, 0))
                }
                Test::Starred => {
                    let starred = self.marks.and_then(|m| m.starred.get(i).copied()).unwrap_or(false);
                    starred.then_some((0, Why::Title, 0))
                }
                Test::Body(p) => {
                    let body = &self.bodies.expect("bodies are prepared for body terms")[i];
                    memchr::memmem::find(body, p.as_bytes()).map(|at| {
                        let range = at as u32..(at + p.len()) as u32;
                        (EXACT_SCORE / 2, Why::Body(range), 1)
                    })
                }
            };
            match (reason, term.negated) {
                (Some(_), true) | (None, false) => return None,
                (None, true) => {}
                (Some((score, reason, rank)), false) => {
                    total += score;
                    if rank > why_rank || (rank == why_rank && rank > 0 && why == Why::Title) {
                        why = reason;
                        why_rank = rank;
                    }
                }
            }
        }
        Some(Hit { article, score: total, why })
    }

    /// Orders hits: best first, then newest, then as in the corpus.
    pub fn sort(&self, hits: &mut [Hit]) {
        let articles = self.corpus.articles();
        hits.sort_unstable_by(|x, y| {
            let (a, b) = (&articles[x.article as usize], &articles[y.article as usize]);
            y.score.cmp(&x.score).then(b.date.cmp(&a.date)).then(x.article.cmp(&y.article))
        });
    }
}

/// The best of a title, an entity and a source match for one term; title matches rank highest
/// (rank 3), then entities (2), then sources (1).
fn best_reason(
    title: Option<Score>,
    entity: Option<(Score, EntityId)>,
    source: Option<Score>,
) -> Option<(Score, Why, u8)> {
    let candidates = [
        title.map(|s| (s, Why::Title, 3)),
        entity.map(|(s, e)| (s * ENTITY_WEIGHT.0 / ENTITY_WEIGHT.1, Why::Entity(e), 2)),
        source.map(|s| (s * SOURCE_WEIGHT.0 / SOURCE_WEIGHT.1, Why::Source, 1)),
    ];
    candidates.into_iter().flatten().max_by_key(|(s, _, rank)| (*s, *rank))
}

/// Stories scored per wave; between waves the search checks whether it is still wanted.
const WAVE: usize = 8192;
/// The best results so far are reported once this much time has passed (a frame, with room
/// to draw).
pub const FIRST_RESULTS_AFTER: Duration = Duration::from_millis(8);
/// How many of the best results a partial report carries (more than a screen of rows).
pub const PARTIAL_ROWS: usize = 256;

/// Ranks `candidates` (article indexes) for a prepared query, on the current rayon pool.
/// Calls `partial` once with the best results scored so far when the ranking takes longer
/// than [`FIRST_RESULTS_AFTER`]; returns `None` as soon as `stale` says the query is no longer
/// wanted.
pub fn rank(
    prepared: &Prepared<'_>,
    candidates: &[u32],
    stale: &(dyn Fn() -> bool + Sync),
    partial: &mut dyn FnMut(Vec<Hit>),
) -> Option<Vec<Hit>> {
    let started = Instant::now();
    let mut hits: Vec<Hit> = Vec::new();
    let mut reported = false;
    let mut waves = candidates.chunks(WAVE).peekable();
    while let Some(wave) = waves.next() {
        if stale() {
            return None;
        }
        let mut found: Vec<Hit> =
            wave.par_chunks(512).flat_map_iter(|chunk| chunk.iter().filter_map(|&a| prepared.score(a))).collect();
        hits.append(&mut found);
        if !reported && waves.peek().is_some() && started.elapsed() >= FIRST_RESULTS_AFTER {
            reported = true;
            let mut best = top(prepared, &hits, PARTIAL_ROWS);
            prepared.sort(&mut best);
            partial(best);
        }
    }
    prepared.sort(&mut hits);
    Some(hits)
}

/// The `n` best of `hits`, unordered.
fn top(prepared: &Prepared<'_>, hits: &[Hit], n: usize) -> Vec<Hit> {
    let mut best = hits.to_vec();
    if best.len() > n {
        let articles = prepared.corpus.articles();
        best.select_nth_unstable_by(n, |x, y| {
            y.score.cmp(&x.score).then(articles[y.article as usize].date.cmp(&articles[x.article as usize].date))
        });
        best.truncate(n);
    }
    best
}

/// Ranks the whole corpus for a query, to the end (for the command line and tests).
///
/// # Panics
///
/// Never: a search to the end is never stale.
#[must_use]
pub fn search(corpus: &Corpus, haystacks: &Haystacks, query: &Query) -> Vec<Hit> {
    search_marked(corpus, haystacks, query, &Marks::default())
}

/// The same, with what the reader marked (for `unread` and `starred`).
///
/// # Panics
///
/// Never: a search to the end is never stale.
#[must_use]
pub fn search_marked(corpus: &Corpus, haystacks: &Haystacks, query: &Query, marks: &Marks) -> Vec<Hit> {
    let prepared = Prepared::new(corpus, haystacks, query).with_marks(marks);
    let all: Vec<u32> = (0..corpus.articles().len() as u32).collect();
    rank(&prepared, &all, &|| false, &mut |_| {}).expect("never stale")
}

/// What a row shows about why a story matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The field that matched: `title`, `source`, `entity` or `body`.
    pub field: &'static str,
    /// The source's name, the entity's name or a snippet of the text.
    pub text: String,
    /// The hit inside `text`, for highlighting (a byte range).
    pub hit: Range<usize>,
}

impl Hit {
    /// Why it matched, in words, with a snippet about `width` characters wide for body hits.
    #[must_use]
    pub fn explain(&self, corpus: &Corpus, width: usize) -> Explanation {
        let article = &corpus.articles()[self.article as usize];
        let whole = |field, text: &str| Explanation { field, text: text.to_owned(), hit: 0..text.len() };
        match &self.why {
            Why::Title => whole("title", &article.title),
            Why::Source => whole("source", corpus.source_name(article.source)),
            Why::Entity(e) => whole("entity", &corpus.entities().entity(*e).name),
            Why::Body(range) => {
                let (text, hit) = snippet(&article.text, range.start as usize..range.end as usize, width);
                Explanation { field: "body", text, hit }
            }
        }
    }
}
