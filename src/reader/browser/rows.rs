//! The entity browser's rows, worked out a step at a time so that no key waits for much more
//! than a frame: counting the entities of the listed articles (a pass over each entity's own
//! list of articles), sorting them, and scoring their names against the filter (the skim
//! matcher, as the search matches names). Pure: numbers in, numbers out.

use std::cmp::{Ordering, Reverse};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use jiff::civil::Date;

use crate::entities::{EntityId, EntityIndex, Kind};
use crate::library::Library;

/// An entity the listed articles name, with its counts among them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntityRow {
    /// The entity.
    pub entity: EntityId,
    /// Its mentions in the listed articles (titles included).
    pub mentions: u32,
    /// The listed articles that name it.
    pub articles: u32,
    /// The latest day those articles tell of (their date, else the date of the event they
    /// report, as the timeline counts them); `None` when all are undated.
    pub latest: Option<Date>,
}

/// The order of the browser's rows (with a filter typed, the best matches come first and
/// this orders the rest).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Most articles first.
    #[default]
    Articles,
    /// Most mentions first.
    Mentions,
    /// Latest day first (undated last).
    Latest,
    /// By name, A to Z.
    Name,
    /// Grouped by kind (people first), most articles first within each.
    Kind,
}

impl Sort {
    /// The next order, after the last the first.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Sort::Articles => Sort::Mentions,
            Sort::Mentions => Sort::Latest,
            Sort::Latest => Sort::Name,
            Sort::Name => Sort::Kind,
            Sort::Kind => Sort::Articles,
        }
    }

    /// The order as the title says it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Sort::Articles => "by articles",
            Sort::Mentions => "by mentions",
            Sort::Latest => "by latest date",
            Sort::Name => "by name",
            Sort::Kind => "by kind",
        }
    }
}

/// A day as a number that orders as the day does (0 and 1 are left for "not listed" and
/// "undated").
fn day_key(date: Date) -> u32 {
    let year = u32::try_from(i32::from(date.year()) + 10_000).unwrap_or(0);
    (year << 9) | (u32::from(date.month().unsigned_abs()) << 5) | u32::from(date.day().unsigned_abs())
}

/// The day a [`day_key`] stands for.
fn key_day(key: u32) -> Option<Date> {
    let year = i16::try_from(i64::from(key >> 9) - 10_000).ok()?;
    Date::new(year, ((key >> 5) & 15) as i8, (key & 31) as i8).ok()
}

/// Counting the entities of a view a step at a time: each article's day key (0: not listed,
/// 1: listed and undated, else its [`day_key`] + 2), and the next entity to count.
#[derive(Clone, Debug, Default)]
pub(super) struct Counter {
    days: Vec<u32>,
    next: usize,
}

impl Counter {
    /// A count of the entities that the `listed` articles name.
    pub(super) fn new(library: &Library, listed: &[usize]) -> Self {
        let all = library.articles();
        let mut days = vec![0; all.len()];
        for &a in listed {
            days[a] = all[a].day().map_or(1, |d| day_key(d) + 2);
        }
        Self { days, next: 0 }
    }

    /// Counts entities until about `budget` entity-article pairs are read, adding a row for
    /// each that a listed article names; returns how many were read.
    pub(super) fn step(&mut self, index: &EntityIndex, budget: usize, rows: &mut Vec<EntityRow>) -> usize {
        let entities = index.entities();
        let mut read = 0;
        while self.next < entities.len() && read < budget {
            let (mut mentions, mut articles, mut latest) = (0, 0, 0);
            for &(article, named) in &entities[self.next].articles {
                let day = self.days.get(article as usize).copied().unwrap_or(0);
                if day != 0 {
                    mentions += named;
                    articles += 1;
                    latest = latest.max(day);
                }
            }
            if articles > 0 {
                let latest = latest.checked_sub(2).and_then(key_day);
                rows.push(EntityRow { entity: EntityId(self.next as u32), mentions, articles, latest });
            }
            read += entities[self.next].articles.len() + 1;
            self.next += 1;
        }
        read
    }

    /// True once every entity is counted.
    pub(super) fn done(&self, index: &EntityIndex) -> bool {
        self.next >= index.entities().len()
    }

    /// How far the count has come: entities counted, of all.
    pub(super) fn progress(&self, index: &EntityIndex) -> (usize, usize) {
        (self.next, index.entities().len())
    }
}

/// Every entity that `listed` (article indexes, each once) name, with their counts among
/// them, by entity number: the count the browser makes a step at a time, at once.
#[must_use]
pub fn count(library: &Library, listed: &[usize]) -> Vec<EntityRow> {
    let mut counter = Counter::new(library, listed);
    let mut rows = Vec::new();
    counter.step(library.entities(), usize::MAX, &mut rows);
    rows
}

/// A bit for each byte a name holds, ASCII folded to lower case (the low six bits of the
/// byte; any other byte the top bit): a row whose name lacks a bit of the filter's cannot
/// match it.
fn letter_bit(byte: u8) -> u64 {
    if byte.is_ascii() { 1 << (byte & 63) } else { 1 << 63 }
}

/// The letters of a name: the [`letter_bit`]s of its bytes, folded to lower case.
fn letters(name: &str) -> u64 {
    name.bytes().fold(0, |all, byte| all | letter_bit(byte.to_ascii_lowercase()))
}

/// The first 32 bytes of a name, folded to lower case, as numbers that order as they do.
fn prefix(name: &str) -> (u128, u128) {
    let mut prefix = (0u128, 0u128);
    for (n, byte) in name.bytes().take(32).map(|b| b.to_ascii_lowercase()).enumerate() {
        let half = if n < 16 { &mut prefix.0 } else { &mut prefix.1 };
        *half |= u128::from(byte) << (120 - 8 * (n % 16));
    }
    prefix
}

/// Names compared as a reader expects: ignoring ASCII case, then as written.
fn by_name(a: &str, b: &str) -> Ordering {
    a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase())).then_with(|| a.cmp(b))
}

/// What the browser needs of every entity's name, read once for a version of the library (a
/// step at a time: each name is read once, then they are ordered): the letters each holds,
/// and its place in alphabetical order, so that rows are sorted and ruled out by numbers.
#[derive(Clone, Debug, Default)]
pub(super) struct Names {
    /// The library's version they are of.
    version: u64,
    /// By entity number: the [`letters`] of its name.
    letters: Vec<u64>,
    /// By entity number: its name's first bytes, until they are ordered.
    prefixes: Vec<(u128, u128)>,
    /// By entity number: its name's place in alphabetical order, once they are ordered.
    rank: Vec<u32>,
}

impl Names {
    /// True when they are every name of `library` as it is, ordered.
    pub(super) fn ready(&self, library: &Library) -> bool {
        self.version == library.version() && self.rank.len() == library.entities().entities().len()
    }

    /// Starts reading the names of `library` as it is.
    pub(super) fn start(library: &Library) -> Self {
        Self { version: library.version(), ..Self::default() }
    }

    /// Reads about `budget` names more; then, when every name is read, orders them (all at
    /// once, however many). Returns how many names were read or ordered.
    pub(super) fn step(&mut self, index: &EntityIndex, budget: usize) -> usize {
        let entities = index.entities();
        let from = self.letters.len();
        if from < entities.len() {
            let to = entities.len().min(from.saturating_add(budget));
            for entity in &entities[from..to] {
                self.letters.push(letters(&entity.name));
                self.prefixes.push(prefix(&entity.name));
            }
            return to - from;
        }
        // By their first 32 bytes; names alike in those, by the whole of them.
        let mut order: Vec<((u128, u128), u32)> =
            self.prefixes.iter().enumerate().map(|(n, &p)| (p, n as u32)).collect();
        order.sort_unstable();
        let name = |n: u32| index.entity(EntityId(n)).name.as_str();
        for run in order.chunk_by_mut(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
            run.sort_by(|a, b| by_name(name(a.1), name(b.1)).then(a.1.cmp(&b.1)));
        }
        self.rank = vec![0; order.len()];
        for (place, &(_, n)) in order.iter().enumerate() {
            self.rank[n as usize] = place as u32;
        }
        self.prefixes = Vec::new();
        order.len()
    }

    /// True once every name is read (they may not be ordered yet).
    pub(super) fn read(&self, index: &EntityIndex) -> bool {
        self.letters.len() >= index.entities().len()
    }

    /// How far the reading has come: names read, of all.
    pub(super) fn progress(&self, index: &EntityIndex) -> (usize, usize) {
        (self.letters.len(), index.entities().len())
    }

    /// An entity's place in alphabetical order.
    fn rank(&self, entity: EntityId) -> u32 {
        self.rank.get(entity.0 as usize).copied().unwrap_or(u32::MAX)
    }

    /// The letters of an entity's name.
    fn letters(&self, entity: EntityId) -> u64 {
        self.letters.get(entity.0 as usize).copied().unwrap_or(u64::MAX)
    }
}

/// The positions of `rows` in the order `sort` says, ties by name.
#[must_use]
pub(super) fn sorted(index: &EntityIndex, names: &Names, rows: &[EntityRow], sort: Sort) -> Vec<u32> {
    // Greater counts first: their complements ascend.
    let first = |r: &EntityRow| -> u64 {
        let high_low = |high: u32, low: u32| (u64::from(high) << 32) | u64::from(low);
        match sort {
            Sort::Articles => high_low(!r.articles, !r.mentions),
            Sort::Mentions => high_low(!r.mentions, !r.articles),
            Sort::Latest => high_low(!r.latest.map_or(0, |d| day_key(d) + 1), !r.articles),
            Sort::Name => 0,
            Sort::Kind => high_low(index.entity(r.entity).kind.index() as u32, !r.articles),
        }
    };
    let mut keyed: Vec<(u64, u32, u32)> =
        rows.iter().enumerate().map(|(n, row)| (first(row), names.rank(row.entity), n as u32)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, n)| n).collect()
}

/// True when `name` may match `pattern` (folded to lower case): its bytes appear in order,
/// ignoring ASCII case, as the skim matcher requires of its characters.
fn may_match(name: &str, pattern: &[u8]) -> bool {
    let mut wanted = pattern.iter().peekable();
    for byte in name.bytes() {
        if wanted.peek().is_some_and(|&&w| w == byte.to_ascii_lowercase()) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

/// How much a step of the matcher costs, in names looked at: scoring one costs this many.
const SCORE_COST: usize = 8;

/// Scoring the rows' names against a filter a step at a time: the rows to score (in the
/// browser's order), how many are scored, and the matches so far with their scores.
#[derive(Clone, Debug, Default)]
pub(super) struct Scorer {
    /// The filter.
    pub(super) typed: String,
    candidates: Vec<u32>,
    next: usize,
    /// The rows matched so far, with their scores, in the candidates' order.
    pub(super) matched: Vec<(u32, i64)>,
}

impl Scorer {
    /// Scores `typed` against the names of `candidates`.
    pub(super) fn new(typed: &str, candidates: Vec<u32>) -> Self {
        Self { typed: typed.to_owned(), candidates, next: 0, matched: Vec::new() }
    }

    /// The rows that a longer filter may match: those matched so far, and those not scored.
    pub(super) fn narrowed(self) -> Vec<u32> {
        let rest = self.candidates[self.next..].iter().copied();
        self.matched.into_iter().map(|(row, _)| row).chain(rest).collect()
    }

    /// Scores names until about `budget` are looked at (scoring one counts [`SCORE_COST`]);
    /// returns how many were.
    pub(super) fn step(&mut self, index: &EntityIndex, names: &Names, rows: &[EntityRow], budget: usize) -> usize {
        let matcher = SkimMatcherV2::default().ignore_case();
        let pattern = self.typed.to_ascii_lowercase();
        let wanted = letters(&pattern);
        let mut spent = 0;
        while let Some(&row) = self.candidates.get(self.next) {
            if spent >= budget {
                break;
            }
            self.next += 1;
            let entity = rows[row as usize].entity;
            if names.letters(entity) & wanted != wanted {
                continue;
            }
            let name = &index.entity(entity).name;
            spent += 1;
            if !may_match(name, pattern.as_bytes()) {
                continue;
            }
            spent += SCORE_COST;
            if let Some(score) = matcher.fuzzy_match(name, &self.typed) {
                self.matched.push((row, score));
            }
        }
        spent
    }

    /// True once every candidate is scored.
    pub(super) fn done(&self) -> bool {
        self.next >= self.candidates.len()
    }

    /// How far the scoring has come: rows scored, of all.
    pub(super) fn progress(&self) -> (usize, usize) {
        (self.next, self.candidates.len())
    }
}

/// The best `at_most` of `matched` (rows with scores, in the browser's order), best first;
/// equal scores keep that order.
pub(super) fn ranked(matched: &[(u32, i64)], at_most: usize) -> Vec<u32> {
    // Each match with its place, so that the order among equal scores is kept.
    let mut keyed: Vec<(Reverse<i64>, usize, u32)> =
        matched.iter().enumerate().map(|(n, &(row, score))| (Reverse(score), n, row)).collect();
    if keyed.len() > at_most {
        keyed.select_nth_unstable(at_most);
        keyed.truncate(at_most);
    }
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, row)| row).collect()
}

/// The characters of a name (indexes into its `chars()`) that the filter matches, for
/// highlighting.
#[must_use]
pub fn matched_chars(name: &str, filter: &str) -> Vec<usize> {
    let filter = filter.trim();
    if filter.is_empty() {
        return Vec::new();
    }
    SkimMatcherV2::default().ignore_case().fuzzy_indices(name, filter).map(|(_, chars)| chars).unwrap_or_default()
}

/// The kinds a browser cycles through: every kind, then each alone.
pub(super) fn step_kind(kind: Option<Kind>, forward: bool) -> Option<Kind> {
    let cycle: Vec<Option<Kind>> = std::iter::once(None).chain(Kind::ALL.map(Some)).collect();
    let at = cycle.iter().position(|&k| k == kind).unwrap_or(0);
    let next = if forward { (at + 1) % cycle.len() } else { (at + cycle.len() - 1) % cycle.len() };
    cycle[next]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::seeds;

    fn all(library: &Library) -> Vec<usize> {
        (0..library.articles().len()).collect()
    }

    fn names(library: &Library) -> Names {
        let mut names = Names::start(library);
        while !names.ready(library) {
            names.step(library.entities(), 7);
        }
        names
    }

    #[test]
    fn every_listed_article_counts_as_the_index_does() {
        let library = seeds();
        let rows = count(&library, &all(&library));
        let index = library.entities();
        assert_eq!(rows.len(), index.entities().iter().filter(|e| !e.articles.is_empty()).count());
        for row in &rows {
            let entity = index.entity(row.entity);
            assert_eq!((row.mentions, row.articles as usize), (entity.mentions, entity.articles.len()));
            let latest = entity.articles.iter().filter_map(|&(a, _)| library.articles()[a as usize].day()).max();
            assert_eq!(row.latest, latest, "{}", entity.name);
        }
    }

    #[test]
    fn a_narrower_view_counts_its_own_articles_alone() {
        let library = seeds();
        let index = library.entities();
        let london = index.search("london")[0];
        let first = index.entity(london).articles[0].0 as usize;
        let rows = count(&library, &[first]);
        let row = rows.iter().find(|r| r.entity == london).expect("London is named");
        assert_eq!((row.articles, row.latest), (1, library.articles()[first].day()));
        // As many mentions as the article's own, text and title.
        let named = index.mentions(first).iter().chain(index.title_mentions(first)).filter(|m| m.entity == london);
        assert_eq!(row.mentions as usize, named.count());
        assert!(rows.iter().all(|r| r.articles == 1), "one article listed");
        assert!(count(&library, &[]).is_empty());
    }

    #[test]
    fn counting_a_step_at_a_time_counts_the_same() {
        let library = seeds();
        let mut counter = Counter::new(&library, &all(&library));
        let mut rows = Vec::new();
        let mut steps = 0;
        while !counter.done(library.entities()) {
            counter.step(library.entities(), 20, &mut rows);
            steps += 1;
        }
        assert!(steps > 3, "{steps} steps");
        assert_eq!(rows, count(&library, &all(&library)));
    }

    #[test]
    fn days_survive_their_keys() {
        for day in [jiff::civil::date(2025, 6, 8), jiff::civil::date(1999, 12, 31), jiff::civil::date(-44, 3, 15)] {
            assert_eq!(key_day(day_key(day)), Some(day));
        }
        assert!(day_key(jiff::civil::date(2025, 6, 8)) < day_key(jiff::civil::date(2025, 6, 9)));
        assert!(day_key(jiff::civil::date(2024, 12, 31)) < day_key(jiff::civil::date(2025, 1, 1)));
    }

    #[test]
    fn sorts_order_by_articles_mentions_latest_name_and_kind_ties_by_name() {
        let library = seeds();
        let rows = count(&library, &all(&library));
        let names = names(&library);
        let index = library.entities();
        let by = |sort| sorted(index, &names, &rows, sort).into_iter().map(|r| rows[r as usize]).collect::<Vec<_>>();
        let name = |r: &EntityRow| index.entity(r.entity).name.clone();
        assert_eq!(name(&by(Sort::Articles)[0]), "China", "5 articles, 35 mentions");
        assert!(
            by(Sort::Articles).windows(2).all(|w| (w[0].articles, w[0].mentions) >= (w[1].articles, w[1].mentions))
        );
        assert!(by(Sort::Mentions).windows(2).all(|w| w[0].mentions >= w[1].mentions));
        let latest = by(Sort::Latest);
        assert!(latest.windows(2).all(|w| w[1].latest.is_none() || w[0].latest >= w[1].latest));
        assert_eq!(latest[0].latest, Some(jiff::civil::date(2025, 10, 25)));
        let names: Vec<String> = by(Sort::Name).iter().map(|r| name(r).to_lowercase()).collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
        let kinds: Vec<usize> = by(Sort::Kind).iter().map(|r| index.entity(r.entity).kind.index()).collect();
        assert!(kinds.windows(2).all(|w| w[0] <= w[1]), "{kinds:?}");
        for sort in [Sort::Articles, Sort::Mentions] {
            let rows = by(sort);
            let tied = rows.windows(2).filter(|w| (w[0].articles, w[0].mentions) == (w[1].articles, w[1].mentions));
            assert!(tied.clone().count() > 0);
            assert!(tied.into_iter().all(|w| by_name(&name(&w[0]), &name(&w[1])) == Ordering::Less));
        }
    }

    #[test]
    fn names_alike_in_their_first_32_letters_are_ordered_by_the_rest() {
        let long = |end: &str| format!("The International Bank of Reconstruction {end}");
        let (b, a, lower) = (long("B"), long("A"), long("a").to_lowercase());
        assert_eq!(prefix(&b), prefix(&lower), "case folded");
        assert!(prefix("The") < prefix(&b));
        let mut names = vec![b.as_str(), a.as_str(), lower.as_str(), "The"];
        names.sort_by(|x, y| prefix(x).cmp(&prefix(y)).then_with(|| by_name(x, y)));
        assert_eq!(names, ["The", a.as_str(), lower.as_str(), b.as_str()]);
    }

    #[test]
    fn every_name_gets_its_place_in_alphabetical_order() {
        let library = seeds();
        let names = names(&library);
        let index = library.entities();
        let mut by_rank: Vec<&str> = vec![""; index.entities().len()];
        for (n, entity) in index.entities().iter().enumerate() {
            by_rank[names.rank(EntityId(n as u32)) as usize] = &entity.name;
        }
        assert!(by_rank.windows(2).all(|w| by_name(w[0], w[1]) != Ordering::Greater), "{by_rank:?}");
        assert_eq!(names.progress(index), (index.entities().len(), index.entities().len()));
    }

    #[test]
    fn the_cheap_tests_never_rule_out_what_the_matcher_matches() {
        let matcher = SkimMatcherV2::default().ignore_case();
        let pairs = [
            ("Kevin Hassett", "kvh"),
            ("Kevin Hassett", "hst"),
            ("Kevin Hassett", "KEV has"),
            ("U.S.", "us"),
            ("北京", "北"),
            ("Zürich", "zür"),
            ("Zürich", "zur"),
        ];
        for (name, pattern) in pairs {
            let lower = pattern.to_ascii_lowercase();
            let cheap = letters(name) & letters(&lower) == letters(&lower) && may_match(name, lower.as_bytes());
            assert_eq!(cheap, matcher.fuzzy_match(name, pattern).is_some(), "{name} {pattern}");
        }
    }

    #[test]
    fn scoring_a_step_at_a_time_finds_the_same_and_ranks_best_first() {
        let library = seeds();
        let rows = count(&library, &all(&library));
        let names = names(&library);
        let index = library.entities();
        let order = sorted(index, &names, &rows, Sort::Articles);
        let mut at_once = Scorer::new("an", order.clone());
        at_once.step(index, &names, &rows, usize::MAX);
        assert!(at_once.done());
        let mut stepped = Scorer::new("an", order);
        let mut steps = 0;
        while !stepped.done() {
            stepped.step(index, &names, &rows, 10);
            steps += 1;
        }
        assert!(steps > 1);
        assert_eq!(stepped.matched, at_once.matched);
        let best = ranked(&at_once.matched, usize::MAX);
        let scores: Vec<i64> = best.iter().map(|r| at_once.matched.iter().find(|m| m.0 == *r).unwrap().1).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        assert_eq!(ranked(&at_once.matched, 2), best[..2]);
    }

    #[test]
    fn kinds_cycle_through_each_and_back_to_all() {
        let mut kind = None;
        let seen: Vec<Option<Kind>> = (0..7)
            .map(|_| {
                kind = step_kind(kind, true);
                kind
            })
            .collect();
        assert_eq!((seen[0], seen[5], seen[6]), (Some(Kind::Person), Some(Kind::Other), None));
        assert_eq!(step_kind(None, false), Some(Kind::Other));
    }
}
