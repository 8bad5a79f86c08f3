//! Ranking articles for a [`Query`]: fuzzy matching (fuzzy-matcher's skim matcher) over each
//! article's title, source and entity names, exact tests and field filters, best first; and
//! finding a query's hits in an article's text.
//!
//! Everything a query needs that does not depend on the query is prepared once per corpus
//! ([`Haystacks`]); what depends only on the query (which sources and entities match) is worked
//! out once per query ([`Prepared`]), so that scoring an article is a few lookups and one fuzzy
//! match of its title. [`rank`] scores candidates in waves on all cores, reports the best so
//! far after the first wave, and stops as soon as it is told the query is stale.

pub mod hits;
pub mod session;
pub mod worker;

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use crate::entities::{EntityId, Kind};
use crate::library::{Haystacks, Library, SearchWord};
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
/// The score of a search word found as a word of a title or an entity's name: above any
/// fuzzy match and any match in the text alone.
const WORD_IN_TITLE: Score = 400;

/// What the reader marked, by article index: for the `unread` and `starred` terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Opened at some time.
    pub read: Vec<bool>,
    /// Starred.
    pub starred: Vec<bool>,
    /// The article the reader acts on (the selected or open one), whose story `story:` alone
    /// names.
    pub current: Option<usize>,
}

/// Why an article matched: what its row shows.
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

/// An article that matched, and how well.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index of the article in the corpus.
    pub article: u32,
    /// How well it matched.
    pub score: Score,
    /// What matched.
    pub why: Why,
}

/// Scores worked out on first use and kept, one cell per item, shared by the threads that
/// score articles (two threads may work out one cell at once; both store the same value).
#[derive(Debug, Default)]
struct Cells(Box<[AtomicI32]>);

/// A cell not worked out yet.
const UNKNOWN: i32 = i32::MIN;
/// A cell that does not match.
const NO_MATCH: i32 = i32::MIN + 1;

impl Cells {
    fn new(len: usize) -> Self {
        Self((0..len).map(|_| AtomicI32::new(UNKNOWN)).collect())
    }

    /// The score of item `i`, worked out by `score` the first time.
    fn get_or(&self, i: usize, score: impl FnOnce() -> Option<Score>) -> Option<Score> {
        let Some(cell) = self.0.get(i) else { return score() };
        match cell.load(Ordering::Relaxed) {
            UNKNOWN => {
                let found = score();
                let stored =
                    found.map_or(NO_MATCH, |s| s.clamp(Score::from(NO_MATCH + 1), Score::from(i32::MAX)) as i32);
                cell.store(stored, Ordering::Relaxed);
                found.map(|_| Score::from(stored))
            }
            NO_MATCH => None,
            stored => Some(Score::from(stored)),
        }
    }

    /// Marks as not matching every item that does not match in `other` (cells of the same
    /// items, for a term that whatever matches this one matches).
    fn rule_out_as(&self, other: &Cells) {
        for (cell, theirs) in self.0.iter().zip(other.0.iter()) {
            if theirs.load(Ordering::Relaxed) == NO_MATCH {
                cell.store(NO_MATCH, Ordering::Relaxed);
            }
        }
    }

    fn set(&self, i: usize, score: Option<Score>) {
        self.get_or(i, || score);
    }
}

/// What one term needs from the sources, entities and titles: the sources' answers worked out
/// at once (they are few), the entities' and titles' as articles are scored, and kept while
/// the query is typed on.
#[derive(Debug)]
pub struct TermScores {
    test: Test,
    /// For each source, its score (fuzzy) or whether it matches (exact, field); empty when the
    /// term does not look at sources.
    sources: Vec<Option<Score>>,
    /// For each entity, its score; empty when the term does not look at entities.
    entities: Cells,
    /// For each article, its title's fuzzy score; empty unless the term is fuzzy.
    titles: Cells,
    /// For a search word: the words it stands for, and where they are in each article's text.
    words: Option<WordHits>,
}

/// What a search word finds in the texts: the words it stands for (itself, inflections,
/// typos) and, for each article, how often they occur and where first.
#[derive(Debug)]
struct WordHits {
    /// What the word stands for.
    word: SearchWord,
    /// Per article: occurrences (0: none), and the first one's byte offset.
    in_text: Box<[(u16, u32)]>,
}

impl WordHits {
    /// The word's hit in an article's text, scored by how often and how early: 24 to 60.
    fn in_text(&self, article: usize, text: &str) -> Option<(Score, Why, u8)> {
        let (count, first) = self.in_text[article];
        (count > 0).then(|| {
            let early = if first < 600 { 10 } else { 0 };
            (24 + 3 * Score::from(count.min(10)) + early, Why::Body(word_at(text, first)), 1)
        })
    }

    fn new(library: &Library, word: &str, exact: bool) -> Self {
        let index = library.words();
        let word = if exact { SearchWord::exact(index, word) } else { SearchWord::new(index, word) };
        let mut in_text = vec![(0u16, u32::MAX); library.articles().len()].into_boxed_slice();
        for posting in word.variants().flat_map(|variant| index.postings(variant)) {
            let hit = &mut in_text[posting.article as usize];
            *hit = (hit.0.saturating_add(posting.count), hit.1.min(posting.first));
        }
        Self { word, in_text }
    }
}

/// The recent terms' [`TermScores`], reused as a query is typed: a term typed before is not
/// worked out again (typing a second word scores only that word), and a fuzzy term typed
/// longer starts knowing what its shorter form did not match.
#[derive(Debug, Default)]
pub struct TermCache {
    recent: Vec<(Option<Kind>, Arc<TermScores>)>,
}

/// How many terms a [`TermCache`] keeps (each holds up to a 4-byte cell per article and per
/// entity).
const TERMS_KEPT: usize = 16;

impl TermCache {
    /// The scores of `test` (with the query's kind filter), from the cache or new.
    fn scores(&mut self, library: &Library, test: &Test, kind: Option<Kind>) -> Arc<TermScores> {
        if let Some(at) = self.recent.iter().position(|(k, s)| s.test == *test && *k == kind) {
            let kept = self.recent.remove(at);
            let scores = Arc::clone(&kept.1);
            self.recent.push(kept);
            return scores;
        }
        let scores = TermScores::new(library, test, kind);
        // What did not match a shorter fuzzy term cannot match this one (`rar` → `rare`).
        // (The same term was found above: any that narrows to this one is shorter.)
        if let Test::Fuzzy(p) = test
            && !crate::query::is_word(p)
        {
            let shorter = self
                .recent
                .iter()
                .filter_map(|(_, s)| match &s.test {
                    Test::Fuzzy(p) if !crate::query::is_word(p) && test.narrows(&s.test) => Some((p.len(), s)),
                    _ => None,
                })
                .max_by_key(|(len, _)| *len);
            if let Some((_, shorter)) = shorter {
                scores.entities.rule_out_as(&shorter.entities);
                scores.titles.rule_out_as(&shorter.titles);
            }
        }
        let scores = Arc::new(scores);
        if self.recent.len() == TERMS_KEPT {
            self.recent.remove(0);
        }
        self.recent.push((kind, Arc::clone(&scores)));
        scores
    }
}

impl TermScores {
    /// Works out the sources' answers, and the entities' where they are exact (`entity:`,
    /// `kind:`); leaves the rest to be worked out as articles are scored.
    fn new(library: &Library, test: &Test, kind_filter: Option<Kind>) -> Self {
        let haystacks = library.haystacks();
        let matcher = SkimMatcherV2::default().ignore_case();
        let index = library.entities();
        let entity_count = haystacks.entity_names.len();
        let by_source = |f: &dyn Fn(&str) -> Option<Score>| haystacks.sources.iter().map(|s| f(s)).collect();
        let (sources, entities, titles) = match test {
            Test::Fuzzy(p) => (
                by_source(&|s| compact_fuzzy_score(&matcher, s, s, p)),
                Cells::new(entity_count),
                Cells::new(library.articles().len()),
            ),
            Test::Exact(p) | Test::Phrase(p) => (
                by_source(&|s| s.contains(p.as_str()).then_some(EXACT_SCORE)),
                Cells::new(entity_count),
                Cells::default(),
            ),
            Test::Source(p) => {
                (by_source(&|s| s.contains(p.as_str()).then_some(EXACT_SCORE)), Cells::default(), Cells::default())
            }
            Test::Word(p) => {
                let whole = |s: &str| s.split(|c: char| !c.is_alphanumeric()).any(|w| w == p);
                (by_source(&|s| whole(s).then_some(EXACT_SCORE)), Cells::new(entity_count), Cells::default())
            }
            Test::Entity(p) => {
                let cells = Cells::new(entity_count);
                for id in index.search(p) {
                    if kind_filter.is_none_or(|k| index.entity(id).kind == k) {
                        cells.set(id.0 as usize, Some(EXACT_SCORE));
                    }
                }
                (Vec::new(), cells, Cells::default())
            }
            Test::Kind(k) => {
                let cells = Cells::new(entity_count);
                for (i, e) in index.entities().iter().enumerate() {
                    cells.set(i, (e.kind == *k).then_some(0));
                }
                (Vec::new(), cells, Cells::default())
            }
            _ => (Vec::new(), Cells::default(), Cells::default()),
        };
        let words = match test {
            Test::Fuzzy(p) if crate::query::is_word(p) => Some(WordHits::new(library, p, false)),
            Test::Word(p) => Some(WordHits::new(library, p, true)),
            _ => None,
        };
        Self { test: test.clone(), sources, entities, titles, words }
    }
}

/// The skim matcher's score of `pattern` in `text`, after the cheap test on its lower-cased
/// form `lower` has not ruled it out.
fn fuzzy_score(matcher: &SkimMatcherV2, text: &str, lower: &str, pattern: &str) -> Option<Score> {
    may_match(lower.as_bytes(), pattern.as_bytes()).then(|| matcher.fuzzy_match(text, pattern)).flatten()
}

/// The same, for a match that covers most of one word: it starts the word, its characters lie
/// close together (at most two others between the first and the last), and the word is at most
/// two letters longer than the pattern. Letters scattered across a long title, found inside
/// another word (`assad` in "ambassador") or starting a longer one (`modi` in "modified") are
/// no match; a typo (`merkl` in "Merkel") or a word being typed (`trum`) is.
fn compact_fuzzy_score(matcher: &SkimMatcherV2, text: &str, lower: &str, pattern: &str) -> Option<Score> {
    if !may_match(lower.as_bytes(), pattern.as_bytes()) {
        return None;
    }
    let (score, indices) = matcher.fuzzy_indices(text, pattern)?;
    let (first, last) = (*indices.first()?, *indices.last()?);
    let chars: Vec<char> = text.chars().collect();
    let starts_word = first == 0 || !chars[first - 1].is_alphanumeric();
    let word_len = chars[first..].iter().take_while(|c| c.is_alphanumeric()).count();
    let pattern_len = pattern.chars().count();
    (starts_word && last - first < pattern_len + 2 && word_len <= pattern_len + 2).then_some(score)
}

/// True unless `pattern`'s bytes cannot be found in order in `haystack` (both lower-cased):
/// a cheap test that rules out most non-matches before the fuzzy matcher scores them. It
/// never rules out a match: the matcher's characters, in order, are its bytes in order.
fn may_match(haystack: &[u8], pattern: &[u8]) -> bool {
    let mut rest = haystack;
    for &byte in pattern {
        match memchr::memchr(byte, rest) {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
    }
    true
}

/// A query made ready for scoring: the per-source and per-entity answers worked out once.
pub struct Prepared<'a> {
    library: &'a Library,
    haystacks: &'a Haystacks,
    query: &'a Query,
    matcher: SkimMatcherV2,
    /// Per term: what it needs from the sources and entities.
    terms: Vec<Arc<TermScores>>,
    bodies: Option<&'a [Box<[u8]>]>,
    marks: Option<&'a Marks>,
    /// Per term: the story a `story:ID` term names (an index into the library's stories).
    stories: Vec<Option<usize>>,
}

impl<'a> Prepared<'a> {
    /// The same, with what the reader marked, for `unread` and `starred` (without marks, every
    /// article is unread and none is starred).
    #[must_use]
    pub fn with_marks(mut self, marks: &'a Marks) -> Self {
        self.marks = Some(marks);
        self
    }

    /// Works out what `query` needs from every source and entity.
    #[must_use]
    pub fn new(library: &'a Library, query: &'a Query) -> Self {
        Self::reusing(library, query, &mut TermCache::default())
    }

    /// The same, reusing (and keeping) the scores of terms seen before in `cache`.
    #[must_use]
    pub fn reusing(library: &'a Library, query: &'a Query, cache: &mut TermCache) -> Self {
        let haystacks = library.haystacks();
        let kind_filter: Option<Kind> = query.terms.iter().find_map(|t| match t.test {
            Test::Kind(k) if !t.negated => Some(k),
            _ => None,
        });
        let terms = query
            .terms
            .iter()
            .map(|term| {
                let kind = matches!(term.test, Test::Entity(_)).then_some(kind_filter).flatten();
                cache.scores(library, &term.test, kind)
            })
            .collect();
        let needs_bodies = query.terms.iter().any(|t| matches!(t.test, Test::Body(_)));
        let bodies = needs_bodies.then(|| haystacks.bodies(library.corpus()));
        let matcher = SkimMatcherV2::default().ignore_case();
        let stories = query
            .terms
            .iter()
            .map(|term| match (&term.test, library.stories()) {
                (Test::Story(Some(id)), Some(stories)) => stories.find(library.articles(), id),
                _ => None,
            })
            .collect();
        Self { library, haystacks, query, matcher, terms, bodies, marks: None, stories }
    }

    /// Scores one article; `None` when it does not match.
    ///
    /// # Panics
    ///
    /// When `article` is not an index into the corpus.
    #[must_use]
    pub fn score(&self, article: u32) -> Option<Hit> {
        let i = article as usize;
        let a = &self.library.articles()[i];
        let title = &self.haystacks.titles[i];
        let source = a.source.0 as usize;
        let mut total: Score = 0;
        let mut why = Why::Title;
        // The most telling reason so far: title beats entity beats source beats body.
        let mut why_rank = 0u8;
        for (t, term) in self.query.terms.iter().enumerate() {
            let scores = &self.terms[t];
            let best_entity = || -> Option<(Score, EntityId)> {
                self.haystacks
                    .entities_of(i)
                    .iter()
                    .filter_map(|&e| self.entity_score(scores, e).map(|s| (s, e)))
                    .max_by_key(|(s, _)| *s)
            };
            let reason: Option<(Score, Why, u8)> = match &term.test {
                Test::Fuzzy(p) => {
                    if let Some(words) = &scores.words {
                        let in_title = scores.titles.get_or(i, || {
                            if words.word.in_words(title) {
                                Some(WORD_IN_TITLE)
                            } else {
                                compact_fuzzy_score(&self.matcher, &a.title, title, p)
                            }
                        });
                        best_reason(in_title, best_entity(), scores.sources[source]).or(words.in_text(i, &a.text))
                    } else {
                        let in_title = scores.titles.get_or(i, || fuzzy_score(&self.matcher, &a.title, title, p));
                        best_reason(in_title, best_entity(), scores.sources[source])
                    }
                }
                Test::Exact(p) | Test::Phrase(p) => {
                    let in_title = title.contains(p.as_str()).then_some(EXACT_SCORE);
                    best_reason(in_title, best_entity(), scores.sources[source])
                }
                Test::Word(_) => {
                    let words = scores.words.as_ref().expect("an exact word has its hits");
                    let in_title = words.word.in_words(title).then_some(WORD_IN_TITLE);
                    best_reason(in_title, best_entity(), scores.sources[source]).or(words.in_text(i, &a.text))
                }
                Test::Prefix(p) => title.starts_with(p.as_str()).then_some((EXACT_SCORE, Why::Title, 3)),
                Test::Suffix(p) => {
                    let trimmed = title.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '$');
                    trimmed.ends_with(p.as_str()).then_some((EXACT_SCORE, Why::Title, 3))
                }
                Test::Source(_) => scores.sources[source].map(|_| (0, Why::Source, 1)),
                Test::Entity(_) => best_entity().map(|(s, e)| (s, Why::Entity(e), 2)),
                Test::Kind(_) => best_entity().map(|_| (0, Why::Title, 0)),
                Test::Dates(range) => a.day().filter(|d| range.contains(*d)).map(|_| (0, Why::Title, 0)),
                Test::Undated => a.date.is_none().then_some((0, Why::Title, 0)),
                Test::Unread => {
                    let read = self.marks.and_then(|m| m.read.get(i).copied()).unwrap_or(false);
                    (!read).then_some((0, Why::Title, 0))
                }
                Test::Starred => {
                    let starred = self.marks.and_then(|m| m.starred.get(i).copied()).unwrap_or(false);
                    starred.then_some((0, Why::Title, 0))
                }
                Test::Story(id) => {
                    let stories = self.library.stories();
                    let story = match id {
                        Some(_) => self.stories[t],
                        None => self
                            .marks
                            .and_then(|m| m.current)
                            .and_then(|a| stories?.of_article.get(a))
                            .map(|&s| s as usize),
                    };
                    let of = stories.and_then(|s| s.of_article.get(i)).map(|&s| s as usize);
                    (story.is_some() && of == story).then_some((0, Why::Title, 0))
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

    /// How well entity `e` matches a term: worked out on first use (fuzzy and exact terms),
    /// or at once (`entity:`, `kind:`).
    fn entity_score(&self, scores: &TermScores, e: EntityId) -> Option<Score> {
        let i = e.0 as usize;
        let name = &self.haystacks.entity_names[i];
        match &scores.test {
            Test::Fuzzy(p) => scores.entities.get_or(i, || {
                let mentioned = self.library.entities().entities()[i].mentions > 0;
                match &scores.words {
                    _ if !mentioned => None,
                    Some(words) if words.word.in_words(name) => Some(WORD_IN_TITLE),
                    Some(_) => compact_fuzzy_score(&self.matcher, name, name, p),
                    None => fuzzy_score(&self.matcher, name, name, p),
                }
            }),
            Test::Exact(p) | Test::Phrase(p) => {
                scores.entities.get_or(i, || name.contains(p.as_str()).then_some(EXACT_SCORE))
            }
            Test::Word(_) => scores.entities.get_or(i, || {
                let mentioned = self.library.entities().entities()[i].mentions > 0;
                let words = scores.words.as_ref()?;
                (mentioned && words.word.in_words(name)).then_some(WORD_IN_TITLE)
            }),
            _ => scores.entities.get_or(i, || None),
        }
    }

    /// Orders hits: best first, then newest, then as in the corpus.
    pub fn sort(&self, hits: &mut [Hit]) {
        let articles = self.library.articles();
        hits.sort_unstable_by(|x, y| {
            let (a, b) = (&articles[x.article as usize], &articles[y.article as usize]);
            y.score.cmp(&x.score).then(b.date.cmp(&a.date)).then(x.article.cmp(&y.article))
        });
    }
}

/// The byte range of the word that starts at byte `start` of `text` (its run of letters and
/// digits, as the word index read it), on character boundaries.
fn word_at(text: &str, start: u32) -> Range<u32> {
    let start = (start as usize).min(text.len());
    let start = (0..=start).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let len: usize = text[start..].chars().take_while(|c| c.is_alphanumeric()).map(char::len_utf8).sum();
    start as u32..(start + len) as u32
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

/// Articles scored in the first wave; each wave after it is twice as large, up to
/// [`LAST_WAVE`]. Between waves the search checks whether it is still wanted and whether it is
/// time to show the best so far: small first waves make that time come soon.
const FIRST_WAVE: usize = 1024;
/// The largest wave.
const LAST_WAVE: usize = 8192;
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
    let mut rest = candidates;
    let mut size = FIRST_WAVE;
    while !rest.is_empty() {
        if stale() {
            return None;
        }
        let (wave, after) = rest.split_at(size.min(rest.len()));
        rest = after;
        size = (size * 2).min(LAST_WAVE);
        let mut found: Vec<Hit> =
            wave.par_chunks(512).flat_map_iter(|chunk| chunk.iter().filter_map(|&a| prepared.score(a))).collect();
        hits.append(&mut found);
        let scored = candidates.len() - rest.len();
        if !reported && !rest.is_empty() && time_to_show(started.elapsed(), scored, size.min(rest.len())) {
            reported = true;
            let mut best = top(prepared, &hits, PARTIAL_ROWS);
            prepared.sort(&mut best);
            partial(best);
        }
    }
    prepared.sort(&mut hits);
    Some(hits)
}

/// True when the best so far should be shown now, after `elapsed` for `scored` articles with
/// a wave of `next` articles to come: once [`FIRST_RESULTS_AFTER`] has passed, or when the next
/// wave, at the pace so far, would end more than half as late again (and so, with the drawing,
/// miss the frame).
fn time_to_show(elapsed: Duration, scored: usize, next: usize) -> bool {
    // Waves hold at most LAST_WAVE articles and candidates are u32 article indexes.
    let next_wave = elapsed.saturating_mul(next as u32) / scored.max(1) as u32;
    elapsed >= FIRST_RESULTS_AFTER || elapsed + next_wave > FIRST_RESULTS_AFTER + FIRST_RESULTS_AFTER / 2
}

/// The `n` best of `hits`, unordered.
fn top(prepared: &Prepared<'_>, hits: &[Hit], n: usize) -> Vec<Hit> {
    let mut best = hits.to_vec();
    if best.len() > n {
        let articles = prepared.library.articles();
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
pub fn search(library: &Library, query: &Query) -> Vec<Hit> {
    search_marked(library, query, &Marks::default())
}

/// The same, with what the reader marked (for `unread` and `starred`).
///
/// # Panics
///
/// Never: a search to the end is never stale.
#[must_use]
pub fn search_marked(library: &Library, query: &Query, marks: &Marks) -> Vec<Hit> {
    let prepared = Prepared::new(library, query).with_marks(marks);
    let all: Vec<u32> = (0..library.articles().len() as u32).collect();
    rank(&prepared, &all, &|| false, &mut |_| {}).expect("never stale")
}

/// What a row shows about why an article matched.
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
    pub fn explain(&self, library: &Library, width: usize) -> Explanation {
        let article = &library.articles()[self.article as usize];
        let whole = |field, text: &str| Explanation { field, text: text.to_owned(), hit: 0..text.len() };
        match &self.why {
            Why::Title => whole("title", &article.title),
            Why::Source => whole("source", library.source_name(article.source)),
            Why::Entity(e) => whole("entity", &library.entities().entity(*e).name),
            Why::Body(range) => {
                let (text, hit) = snippet(&article.text, range.start as usize..range.end as usize, width);
                Explanation { field: "body", text, hit }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    use std::time::Duration;

    use super::{Cells, FIRST_RESULTS_AFTER, may_match, time_to_show};

    #[test]
    fn an_exact_word_finds_the_word_alone() {
        let library = crate::testing::seeds();
        let found = |q: &str| super::search(&library, &crate::query::Query::parse(q)).len();
        assert!(found("talk") > found("=talk"), "talk also finds talks, talked: {} {}", found("talk"), found("=talk"));
        assert!(found("=talks") > 0);
        assert_eq!(found("=minerasl"), 0, "no typo is forgiven");
        assert!(found("minerasl") > 0, "as the fuzzy word does");
    }

    #[test]
    fn the_cheap_test_rules_out_only_letters_out_of_order() {
        assert!(may_match(b"rare earths export", b"rex"));
        assert!(may_match(b"anything", b""));
        assert!(!may_match(b"rare earths", b"z"));
        assert!(!may_match(b"rare earths", b"sr"), "the s comes after the r");
    }

    proptest! {
        /// The cheap test never rules out an article the matcher would match.
        #[test]
        fn the_cheap_test_never_rules_out_a_match(text in "[A-Za-zÀ-ÿ '’.-]{0,40}", pattern in "[a-zà-ÿ .]{1,6}") {
            let matcher = SkimMatcherV2::default().ignore_case();
            if matcher.fuzzy_match(&text, &pattern).is_some() {
                prop_assert!(may_match(text.to_lowercase().as_bytes(), pattern.as_bytes()));
            }
        }
    }

    #[test]
    fn the_best_so_far_shows_before_a_wave_that_would_miss_the_frame() {
        let ms = Duration::from_millis;
        assert!(!time_to_show(ms(2), 1024, 2048), "2 ms, then about 4 ms more: keep going");
        assert!(time_to_show(ms(6), 3072, 4096), "6 ms, then about 8 ms more: show now");
        assert!(time_to_show(FIRST_RESULTS_AFTER, 100, 1), "the time is up");
        assert!(!time_to_show(Duration::ZERO, 0, 0));
    }

    #[test]
    fn a_cell_is_worked_out_once_and_remembers_no_match() {
        let cells = Cells::new(3);
        let mut worked_out = 0;
        assert_eq!(
            cells.get_or(1, || {
                worked_out += 1;
                Some(42)
            }),
            Some(42)
        );
        assert_eq!(
            cells.get_or(1, || {
                worked_out += 1;
                Some(7)
            }),
            Some(42)
        );
        assert_eq!(
            cells.get_or(2, || {
                worked_out += 1;
                None
            }),
            None
        );
        assert_eq!(
            cells.get_or(2, || {
                worked_out += 1;
                Some(7)
            }),
            None
        );
        assert_eq!(worked_out, 2);
        assert_eq!(Cells::default().get_or(5, || Some(3)), Some(3), "no cells: worked out every time");
    }
}
