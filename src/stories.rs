//! Stories: the articles that report one event, told by many outlets over a few days.
//!
//! Each article becomes a short TF-IDF vector of its title (counted three times) and opening
//! words, with the entities it names as more terms. Articles are taken in date order; each
//! joins the story of its most similar earlier article when that article is close enough, in
//! time and in words, and the article is close to the story as a whole (on average to its
//! first members): a long affair with daily developments does not chain into one giant story.
//! Near-duplicates (a wire copy with a new headline) always join their original. Candidates
//! come from an inverted index of each article's strongest terms, never from all pairs: the
//! work grows with the corpus, not with its square.

// Weights are f32 made from counts of articles and words, far below f32's exact range.
#![allow(clippy::cast_precision_loss, clippy::cast_sign_loss, clippy::cast_possible_truncation)]

use std::collections::HashMap as StdHashMap;
use std::collections::HashSet as StdHashSet;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use jiff::civil::Date;

use crate::corpus::{Article, SourceId};
use crate::entities::EntityIndex;

/// Maps keyed by terms and article numbers: hashed fast (no attacker chooses the keys' hashes
/// to any effect but a slower grouping).
type HashMap<K, V> = StdHashMap<K, V, foldhash::fast::RandomState>;
/// The same, for sets.
type HashSet<K> = StdHashSet<K, foldhash::fast::RandomState>;

/// How the articles are grouped (see the module's documentation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tuning {
    /// Similarity at which an article joins the story of its best match.
    pub join: f32,
    /// Average similarity to the story's first members the article must also reach.
    pub cohesion: f32,
    /// Similarity from which two articles are copies of one text: they always go together.
    pub duplicate: f32,
    /// Days between an article and its story's first article, at most.
    pub days: i32,
}

impl Default for Tuning {
    /// Chosen on the tuning half of the hand-labelled stories (docs/stories.md).
    fn default() -> Self {
        Self { join: 0.28, cohesion: 0.22, duplicate: 0.75, days: 4 }
    }
}

/// One story.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    /// Its articles (indexes into the corpus), oldest first.
    pub articles: Vec<usize>,
    /// The article closest to all the others: its title is the story's label.
    pub representative: usize,
    /// The first and last day of its articles, when any is dated.
    pub span: Option<(Date, Date)>,
    /// The outlets that reported it, each once, in order of first report.
    pub sources: Vec<SourceId>,
}

/// Every article's story.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stories {
    /// The stories, largest first, then the most recent first.
    pub stories: Vec<Story>,
    /// The story of each article (an index into `stories`).
    pub of_article: Vec<u32>,
    /// What finding them kept, to place later articles.
    detector: Detector,
}

/// What finding stories keeps, so that articles that come later (a new file in a watched
/// folder, a fetched feed) are placed without starting again.
#[derive(Clone, Debug, Default, PartialEq)]
struct Detector {
    tuning: Tuning,
    /// How many of the articles weighed have each term: how rare it is.
    weighing: HashMap<Term, u32>,
    /// Each article's vector.
    vectors: Vec<Vector>,
    /// How many articles' vectors keep each term (one in too many finds no candidates).
    kept: HashMap<Term, u32>,
    /// The strongest terms of the articles placed, with the articles that have them, in the
    /// order placed.
    postings: HashMap<Term, Vec<u32>>,
    /// Each story's articles, by date (undated last).
    members: Vec<Vec<usize>>,
    /// Each story's representative, once chosen (by its index in `members`).
    representatives: Vec<usize>,
    /// Each article's story (an index into `members`).
    story_of: Vec<u32>,
}

impl Stories {
    /// The story of an article, when the article was there when the stories were found.
    #[must_use]
    pub fn of(&self, article: usize) -> Option<&Story> {
        self.stories.get(*self.of_article.get(article)? as usize)
    }

    /// The index (into `stories`) of the story whose id is `id` (see [`Story::id`]), or whose
    /// id starts with it.
    #[must_use]
    pub fn find(&self, articles: &[Article], id: &str) -> Option<usize> {
        let id = id.to_ascii_lowercase();
        let ids = || self.stories.iter().map(|s| s.id(articles));
        ids().position(|s| s == id).or_else(|| ids().position(|s| s.starts_with(&id)))
    }
}

impl Story {
    /// Its id: its representative article's, as `newsdesk stories` and `story:` write it.
    #[must_use]
    pub fn id(&self, articles: &[Article]) -> String {
        articles[self.representative].id.to_string()
    }

    /// Its label: its representative article's title.
    #[must_use]
    pub fn label<'a>(&self, articles: &'a [Article]) -> &'a str {
        &articles[self.representative].title
    }
}

/// Terms kept for each article: its strongest.
const TERMS_PER_ARTICLE: usize = 40;
/// Terms used to find candidates: the strongest few.
const CANDIDATE_TERMS: usize = 12;
/// Articles assumed beside the corpus when weighing how rare a term is (see [`vectors`]).
const PRIOR_ARTICLES: f32 = 1000.0;
/// Words read from the start of the text.
const OPENING_WORDS: usize = 250;
/// A term in more articles than this share of the corpus finds no candidates (too common).
const COMMON_SHARE: f32 = 0.05;
/// How many of a term's latest articles are read to find candidates.
const POSTINGS_READ: usize = 60;
/// How many of a story's first members an article is compared with, for cohesion.
const COHESION_MEMBERS: usize = 12;

/// Words too common in news to tell one event from another.
const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "that",
    "with",
    "said",
    "was",
    "were",
    "has",
    "have",
    "are",
    "from",
    "this",
    "but",
    "not",
    "his",
    "her",
    "its",
    "they",
    "their",
    "will",
    "would",
    "which",
    "who",
    "been",
    "after",
    "also",
    "more",
    "than",
    "over",
    "about",
    "into",
    "one",
    "two",
    "new",
    "last",
    "year",
    "years",
    "says",
    "told",
    "when",
    "what",
    "there",
    "other",
    "some",
    "could",
    "can",
    "all",
    "our",
    "out",
    "had",
    "him",
    "she",
    "you",
    "did",
    "does",
    "may",
    "just",
    "like",
    "now",
    "only",
    "very",
    "being",
    "such",
    "any",
    "where",
    "while",
    "these",
    "those",
    "then",
    "them",
    "because",
    "should",
    "first",
    "people",
    "time",
    "how",
    "most",
    "many",
    "week",
    "day",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "news",
    "according",
    "including",
];

/// A word or an entity, hashed.
type Term = u64;

/// An article as a sparse unit vector: (term, weight), sorted by term.
type Vector = Vec<(Term, f32)>;

/// Groups the articles into stories. `entities`, when given, adds the entities each article
/// names to its terms.
#[must_use]
pub fn detect(articles: &[Article], entities: Option<&EntityIndex>, tuning: Tuning) -> Stories {
    detect_with(articles, entities, tuning, &|_| {}, &AtomicBool::new(false)).unwrap_or_default()
}

/// [`detect`], telling `progress` how many steps of `2 × articles` are done (each article is
/// weighed, then placed); `None` soon after `stop` is set.
#[must_use]
pub fn detect_with(
    articles: &[Article],
    entities: Option<&EntityIndex>,
    tuning: Tuning,
    progress: &(dyn Fn(usize) + Sync),
    stop: &AtomicBool,
) -> Option<Stories> {
    let mut detector = Detector { tuning, ..Detector::default() };
    detector.add(articles, entities, progress, stop)?;
    Some(detector.assemble(articles))
}

impl Stories {
    /// Places the articles appended since the stories were found (`articles` holds them all,
    /// the earlier ones first, unchanged): each joins a story or starts one by the same rules;
    /// the earlier articles keep their stories. The work is that of the new articles (and of
    /// listing the stories again), not of the corpus.
    pub fn extend(&mut self, articles: &[Article], entities: Option<&EntityIndex>) {
        let mut detector = std::mem::take(&mut self.detector);
        if detector.add(articles, entities, &|_| {}, &AtomicBool::new(false)).is_some() {
            *self = detector.assemble(articles);
        }
    }
}

impl Detector {
    /// Weighs the articles not seen yet and places them, in date order (undated last).
    fn add(
        &mut self,
        articles: &[Article],
        entities: Option<&EntityIndex>,
        progress: &(dyn Fn(usize) + Sync),
        stop: &AtomicBool,
    ) -> Option<()> {
        let new = self.vectors.len()..articles.len();
        let count = new.len();
        let vectors = weigh(articles, new.clone(), entities, &mut self.weighing, progress, stop)?;
        for vector in &vectors {
            for (term, _) in vector {
                *self.kept.entry(*term).or_default() += 1;
            }
        }
        self.vectors.extend(vectors);
        self.story_of.resize(articles.len(), u32::MAX);
        let mut order: Vec<usize> = new.collect();
        order.sort_by_key(|&i| (articles[i].day().is_none(), articles[i].day(), i));
        // How many of the article's strongest terms each earlier article shares, and which
        // articles have a count (to clear them after): no map, no hashing.
        let mut shared: Vec<u8> = vec![0; articles.len()];
        let mut touched: Vec<u32> = Vec::new();
        for (done, &a) in order.iter().enumerate() {
            if done % PROGRESS_EVERY == 0 {
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                progress(count + done);
            }
            self.place(articles, a, &mut shared, &mut touched);
        }
        Some(())
    }

    /// Places one article: in the story of its best match among the earlier articles that
    /// share its strongest terms, when close enough, else in a story of its own.
    fn place(&mut self, articles: &[Article], a: usize, shared: &mut [u8], touched: &mut Vec<u32>) {
        let (vectors, tuning) = (&self.vectors, self.tuning);
        let common = ((vectors.len() as f32 * COMMON_SHARE) as usize).max(20);
        let strongest = strongest(&vectors[a], CANDIDATE_TERMS);
        for b in touched.drain(..) {
            shared[b as usize] = 0;
        }
        for term in &strongest {
            if self.kept.get(term).copied().unwrap_or(0) as usize > common {
                continue;
            }
            // The latest articles with the term first (they were added in date order), no more
            // than POSTINGS_READ: the work per article is bounded whatever the corpus's size.
            for &b in self.postings.get(term).map_or(&[][..], Vec::as_slice).iter().rev().take(POSTINGS_READ) {
                if shared[b as usize] == 0 {
                    touched.push(b);
                }
                shared[b as usize] += 1;
            }
        }
        let mut best: Option<(usize, f32)> = None;
        for &b in touched.iter() {
            let b = b as usize;
            if shared[b] < 2 {
                continue;
            }
            let similarity = cosine(&vectors[a], &vectors[b]);
            // The earlier article wins a tie, whatever order the candidates come in.
            if best.is_none_or(|(c, s)| similarity.total_cmp(&s).then(c.cmp(&b)).is_gt()) {
                best = Some((b, similarity));
            }
        }
        let members = &self.members;
        let joined = best.and_then(|(b, similarity)| {
            let story = self.story_of[b] as usize;
            let duplicate = similarity >= tuning.duplicate;
            let in_time = within_days(articles, members[story][0], a, tuning.days);
            let cohesive = || {
                let first = &members[story][..members[story].len().min(COHESION_MEMBERS)];
                let mean = first.iter().map(|&m| cosine(&vectors[a], &vectors[m])).sum::<f32>() / first.len() as f32;
                mean >= tuning.cohesion
            };
            (duplicate || (similarity >= tuning.join && in_time && cohesive())).then_some(story)
        });
        let story = joined.unwrap_or_else(|| {
            self.members.push(Vec::new());
            self.members.len() - 1
        });
        // By date: an article that comes late may tell of an earlier day.
        let key = |m: usize| (articles[m].day().is_none(), articles[m].day(), m);
        let at = self.members[story].partition_point(|&m| key(m) < key(a));
        self.members[story].insert(at, a);
        self.story_of[a] = story as u32;
        for term in strongest {
            self.postings.entry(term).or_default().push(a as u32);
        }
    }
}

/// Progress is told, and the stop flag read, once per this many articles.
const PROGRESS_EVERY: usize = 512;

/// True when both articles are dated within `days` of each other, or either is undated.
fn within_days(articles: &[Article], first: usize, a: usize, days: i32) -> bool {
    match (articles[first].day(), articles[a].day()) {
        (Some(x), Some(y)) => (y - x).get_days().abs() <= days,
        _ => true,
    }
}

impl Detector {
    /// The stories with their representatives, spans and outlets, largest and latest first.
    fn assemble(mut self, articles: &[Article]) -> Stories {
        let vectors = &self.vectors;
        // A story keeps the representative it was given (its id, which a filter may name)
        // as articles join it; a new story's is the article closest to all the others.
        let chosen = self.representatives.len();
        let more: Vec<usize> = self.members[chosen..]
            .iter()
            .map(|list| {
                *list
                    .iter()
                    .max_by(|&&x, &&y| {
                        let total = |a: usize| list.iter().map(|&m| cosine(&vectors[a], &vectors[m])).sum::<f32>();
                        total(x).total_cmp(&total(y)).then(y.cmp(&x))
                    })
                    .expect("a story has an article")
            })
            .collect();
        self.representatives.extend(more);
        let mut stories: Vec<Story> = self
            .members
            .iter()
            .cloned()
            .zip(self.representatives.iter().copied())
            .map(|(list, representative)| {
                let dates: Vec<Date> = list.iter().filter_map(|&a| articles[a].day()).collect();
                let span = dates.iter().min().zip(dates.iter().max()).map(|(a, b)| (*a, *b));
                let mut sources: Vec<SourceId> = Vec::new();
                for &a in &list {
                    if !sources.contains(&articles[a].source) {
                        sources.push(articles[a].source);
                    }
                }
                Story { articles: list, representative, span, sources }
            })
            .collect();
        stories.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then_with(|| b.span.map(|s| s.1).cmp(&a.span.map(|s| s.1)))
                .then_with(|| a.articles[0].cmp(&b.articles[0]))
        });
        let mut of_article = vec![0; articles.len()];
        for (i, story) in stories.iter().enumerate() {
            for &a in &story.articles {
                of_article[a] = i as u32;
            }
        }
        Stories { stories, of_article, detector: self }
    }
}

/// The `k` terms of heaviest weight.
fn strongest(vector: &Vector, k: usize) -> Vec<Term> {
    let mut terms = vector.clone();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    terms.into_iter().take(k).map(|(t, _)| t).collect()
}

/// The cosine of two unit vectors sorted by term.
fn cosine(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// The TF-IDF vectors of the articles in `range`: words of the title (three times) and
/// opening, entities named (as terms of their own), the strongest [`TERMS_PER_ARTICLE`] kept,
/// unit length; `weighing` counts the articles each term is in, these ones added.
/// Articles are weighed on all cores, in two passes over their words (the first counts the
/// articles each term is in), so that no article's full list of terms is kept; a term is the
/// hash of its word (two words that hash alike among 2⁶⁴ would count as one).
fn weigh(
    articles: &[Article],
    range: Range<usize>,
    entities: Option<&EntityIndex>,
    weighing: &mut HashMap<Term, u32>,
    progress: &(dyn Fn(usize) + Sync),
    stop: &AtomicBool,
) -> Option<Vec<Vector>> {
    let done = AtomicUsize::new(0);
    // Each pass is half of the weighing's share of the progress.
    let tick = || {
        let counted = done.fetch_add(1, Ordering::Relaxed) + 1;
        if counted.is_multiple_of(PROGRESS_EVERY) {
            progress(counted / 2);
        }
    };
    let found: HashMap<Term, u32> = range
        .clone()
        .into_par_iter()
        .fold(HashMap::default, |mut frequency: HashMap<Term, u32>, index| {
            if !stop.load(Ordering::Relaxed) {
                tick();
                for (term, _) in term_counts(&articles[index], index, entities) {
                    *frequency.entry(term).or_default() += 1;
                }
            }
            frequency
        })
        .reduce(HashMap::default, |mut a, b| {
            let (mut a, b) = if a.len() < b.len() { (b, a) } else { (std::mem::take(&mut a), b) };
            for (term, count) in b {
                *a.entry(term).or_default() += count;
            }
            a
        });
    if stop.load(Ordering::Relaxed) {
        return None;
    }
    for (term, count) in found {
        *weighing.entry(term).or_default() += count;
    }
    let document_frequency = &*weighing;
    let n = range.end.max(1) as f32;
    let vectors = range
        .into_par_iter()
        .map(|index| {
            if stop.load(Ordering::Relaxed) {
                return Vector::new();
            }
            tick();
            let tf = term_counts(&articles[index], index, entities);
            let mut vector: Vector = tf
                .into_iter()
                .map(|(term, count)| {
                    // As if among PRIOR_ARTICLES more that lack every term: in a small corpus a
                    // word met once is no sign of a distinct event.
                    let idf = ((n + PRIOR_ARTICLES) / (document_frequency[&term] as f32 + 1.0)).ln();
                    (term, (1.0 + count.ln()) * idf)
                })
                .collect();
            vector.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            vector.truncate(TERMS_PER_ARTICLE);
            let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut vector {
                    *w /= norm;
                }
            }
            vector.sort_by_key(|(t, _)| *t);
            vector.shrink_to_fit();
            vector
        })
        .collect();
    (!stop.load(Ordering::Relaxed)).then_some(vectors)
}

/// How often each term comes in an article: the words of its title (three times) and of its
/// opening, and the entities it names (at most five times each), sorted by term.
fn term_counts(article: &Article, index: usize, entities: Option<&EntityIndex>) -> Vec<(Term, f32)> {
    let mut terms: Vec<(Term, f32)> = Vec::with_capacity(OPENING_WORDS + 32);
    let mut word = String::new();
    for_each_word(&article.title, usize::MAX, &mut word, |term| terms.push((term, 3.0)));
    for_each_word(&article.text, OPENING_WORDS, &mut word, |term| terms.push((term, 1.0)));
    if let Some(index_of_entities) = entities {
        for (entity, mentions) in index_of_entities.entities_of(index) {
            // Apart from words: an entity's term is its id, marked.
            let term = xxh3_64(&[&[1u8][..], &entity.0.to_le_bytes()].concat());
            terms.push((term, mentions.min(5) as f32));
        }
    }
    terms.sort_unstable_by_key(|(term, _)| *term);
    let mut merged: Vec<(Term, f32)> = Vec::with_capacity(terms.len());
    for (term, count) in terms {
        match merged.last_mut() {
            Some((last, total)) if *last == term => *total += count,
            _ => merged.push((term, count)),
        }
    }
    merged
}

/// Calls `each` with the term of every word of `text` worth comparing, up to `limit` of them:
/// lower case, three letters or more, no digits alone, no stopwords. `word` is a buffer.
fn for_each_word(text: &str, limit: usize, word: &mut String, mut each: impl FnMut(Term)) {
    let stopwords = stopwords();
    let mut taken = 0;
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if taken == limit {
            return;
        }
        let ascii = raw.is_ascii();
        if raw.len() < 3 || (!ascii && raw.chars().count() < 3) || raw.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        word.clear();
        if ascii {
            word.push_str(raw);
            word.make_ascii_lowercase();
        } else {
            word.extend(raw.chars().flat_map(char::to_lowercase));
        }
        let term = xxh3_64(word.as_bytes());
        if !stopwords.contains(&term) {
            each(term);
            taken += 1;
        }
    }
}

/// The terms of [`STOPWORDS`].
fn stopwords() -> &'static HashSet<Term> {
    static TERMS: OnceLock<HashSet<Term>> = OnceLock::new();
    TERMS.get_or_init(|| STOPWORDS.iter().map(|w| xxh3_64(w.as_bytes())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[test]
    fn the_london_talks_are_one_story_and_kuala_lumpur_another() {
        let library = testing::seeds();
        let stories = detect(library.articles(), Some(library.entities()), Tuning::default());
        let story_of = |name: &str| {
            let index = library.articles().iter().position(|a| a.origin.to_string().contains(name)).unwrap();
            stories.of_article[index]
        };
        assert_eq!(story_of("000_"), story_of("002_"), "{stories:#?}");
        assert_eq!(story_of("000_"), story_of("004_"), "{stories:#?}");
        assert_ne!(story_of("000_"), story_of("003_"), "{stories:#?}");
        let london = &stories.stories[story_of("000_") as usize];
        assert_eq!(stories.stories[0], *london, "the largest story comes first");
    }
}
