//! The word index, an index of the library like any other: every word of every article's
//! clean text, lower-cased, with the articles that hold it, how often, and where first. A plain
//! search word finds its articles here, with its inflections and, from five letters on, its
//! one-edit typos; no fuzzy match ever runs across a whole body. Built on all cores; extended
//! as articles are appended.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::corpus::Article;

/// One article that holds a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    /// The article's index.
    pub article: u32,
    /// How often the word occurs in its text (at most `u16::MAX`).
    pub count: u16,
    /// Byte offset of its first occurrence in the clean text.
    pub first: u32,
}

/// Words and the articles that hold them.
#[derive(Debug, Default)]
pub struct WordIndex {
    /// Each word's number, by the word's hash (xxh3).
    numbers: HashMap<u64, u32, foldhash::fast::RandomState>,
    /// The rare word whose hash another word took first, and its number.
    collided: HashMap<Box<str>, u32, foldhash::fast::RandomState>,
    /// Each word, by number.
    words: Vec<Box<str>>,
    /// The articles of each word, by number, in article order.
    postings: Vec<Vec<Posting>>,
    /// Articles indexed: the first `len`.
    len: usize,
}

/// The words of one text, each once: lower-cased, in one string (`arena`), each with its
/// hash, place in the arena, count and first byte offset in the text. One allocation per text
/// rather than one per word: the index build reads every word of the corpus.
struct TextWords {
    arena: String,
    /// (hash, start and end in the arena, count, first byte offset in the text)
    words: Vec<(u64, u32, u32, u16, u32)>,
}

impl TextWords {
    fn of(text: &str) -> Self {
        let lower = text.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        let mut found: Vec<(&str, u32)> = Vec::with_capacity(bytes.len() / 6);
        let mut start = None;
        let mut i = 0;
        while i < bytes.len() {
            // ASCII a byte at a time; other characters decoded (a dash is no letter).
            let (word_char, width) = if bytes[i] < 0x80 {
                (bytes[i].is_ascii_alphanumeric(), 1)
            } else {
                let c = lower[i..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.len_utf8())
            };
            match (word_char, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    found.push((&lower[s..i], s as u32));
                    start = None;
                }
                _ => {}
            }
            i += width;
        }
        if let Some(s) = start {
            found.push((&lower[s..], s as u32));
        }
        // Letters outside ASCII are lower-cased here, before words are grouped (offsets are of
        // the text as it is).
        let mut found: Vec<(std::borrow::Cow<'_, str>, u32)> = found
            .into_iter()
            .map(|(w, at)| (if w.is_ascii() { w.into() } else { w.to_lowercase().into() }, at))
            .collect();
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut arena = String::new();
        let mut words = Vec::new();
        for same in found.chunk_by(|a, b| a.0 == b.0) {
            let begin = arena.len() as u32;
            arena.push_str(&same[0].0);
            let end = arena.len() as u32;
            let hash = xxhash_rust::xxh3::xxh3_64(&arena.as_bytes()[begin as usize..]);
            words.push((hash, begin, end, same.len().min(usize::from(u16::MAX)) as u16, same[0].1));
        }
        Self { arena, words }
    }

    fn word(&self, start: u32, end: u32) -> &str {
        &self.arena[start as usize..end as usize]
    }
}

/// The words of one text: lower-cased, each once, with its count and first byte offset.
#[cfg(test)]
fn words_of(text: &str) -> Vec<(Box<str>, u16, u32)> {
    let words = TextWords::of(text);
    let mut out: Vec<(Box<str>, u16, u32)> =
        words.words.iter().map(|&(_, s, e, count, first)| (words.word(s, e).into(), count, first)).collect();
    out.sort();
    out
}

impl WordIndex {
    /// Indexes every article.
    #[must_use]
    pub fn build(articles: &[Article]) -> Self {
        let mut index = Self::default();
        index.extend(articles);
        index
    }

    /// Indexes the articles after the first [`WordIndex::len`] of `articles`.
    pub fn extend(&mut self, articles: &[Article]) {
        let first = self.len;
        let Some(new) = articles.get(first..) else { return };
        let per_article: Vec<TextWords> = new.par_iter().map(|a| TextWords::of(&a.text)).collect();
        for (offset, text) in per_article.into_iter().enumerate() {
            let article = (first + offset) as u32;
            for &(hash, start, end, count, at) in &text.words {
                let number = self.number(hash, text.word(start, end));
                self.postings[number as usize].push(Posting { article, count, first: at });
            }
        }
        self.len = articles.len();
    }

    /// The number of a word, new or known.
    fn number(&mut self, hash: u64, word: &str) -> u32 {
        if let Some(&n) = self.numbers.get(&hash) {
            if &*self.words[n as usize] == word {
                return n;
            }
            if let Some(&n) = self.collided.get(word) {
                return n;
            }
        }
        let n = self.words.len() as u32;
        self.words.push(word.into());
        self.postings.push(Vec::new());
        if let std::collections::hash_map::Entry::Vacant(slot) = self.numbers.entry(hash) {
            slot.insert(n);
        } else {
            self.collided.insert(word.into(), n);
        }
        n
    }

    /// How many articles are indexed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no article is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The articles that hold `word` exactly (lower-case).
    #[must_use]
    pub fn postings(&self, word: &str) -> &[Posting] {
        self.number_of(word).map_or(&[], |n| &self.postings[n as usize])
    }

    /// The number of a word of the texts.
    fn number_of(&self, word: &str) -> Option<u32> {
        let n = *self.numbers.get(&xxhash_rust::xxh3::xxh3_64(word.as_bytes()))?;
        if &*self.words[n as usize] == word { Some(n) } else { self.collided.get(word).copied() }
    }

    /// The words a search word stands for: itself, its inflections (`talks` for `talk`,
    /// `merkel's` is `merkel` by the tokenizer), and, from five letters on, the words one edit
    /// away, with the same first letter, that far more articles hold than the word itself
    /// (`merkel` for `merkl`, `fillon` for `fillion`; never `matron` for `macron`, nor `garage`
    /// for `farage`).
    #[must_use]
    pub fn variants(&self, word: &str) -> Vec<&str> {
        let typos = word.chars().count() >= 5;
        let own = self.postings(word).len();
        // Inflections share the first four letters (a stem keeps four or more).
        let head = word.char_indices().nth(4).map_or(word, |(i, _)| &word[..i]);
        self.words
            .iter()
            .zip(&self.postings)
            .filter_map(|(w, postings)| {
                let exact = &**w == word;
                let inflection = !exact && w.starts_with(head) && inflects(w, word);
                let typo = typos && postings.len() >= (5 * own).max(1) && one_edit(w, word);
                (exact || inflection || typo).then_some(&**w)
            })
            .collect()
    }
}

/// A search word made ready: the words of the texts it stands for ([`WordIndex::variants`]),
/// and the same rule for words the index does not hold (a title's, a name's): one rule for
/// what a search finds and what the open article highlights.
#[derive(Debug)]
pub struct SearchWord {
    /// The word as typed, lower-case.
    word: String,
    /// True when no text holds it (from five letters on): a word one edit away is taken for it.
    typo: bool,
    variants: HashSet<Box<str>, foldhash::fast::RandomState>,
    /// The word alone: no inflection, no typo.
    exact: bool,
}

impl SearchWord {
    /// Works out what `word` stands for in `index`'s texts.
    #[must_use]
    pub fn new(index: &WordIndex, word: &str) -> Self {
        let variants = index.variants(word).into_iter().map(Box::from).collect();
        let typo = word.chars().count() >= 5 && index.postings(word).is_empty();
        Self { word: word.to_owned(), typo, variants, exact: false }
    }

    /// `word` alone, as the texts of `index` hold it.
    #[must_use]
    pub fn exact(index: &WordIndex, word: &str) -> Self {
        let variants = (!index.postings(word).is_empty()).then(|| Box::from(word)).into_iter().collect();
        Self { word: word.to_owned(), typo: false, variants, exact: true }
    }

    /// `word` alone, while no word index is built.
    #[must_use]
    pub fn exact_literal(word: &str) -> Self {
        Self { word: word.to_owned(), typo: false, variants: HashSet::default(), exact: true }
    }

    /// `word` and its inflections alone, while no word index is built to say more.
    #[must_use]
    pub fn literal(word: &str) -> Self {
        Self { word: word.to_owned(), typo: false, variants: HashSet::default(), exact: false }
    }

    /// The words of the texts it stands for.
    pub fn variants(&self) -> impl Iterator<Item = &str> {
        self.variants.iter().map(|w| &**w)
    }

    /// True when `word` (lower-case) is one it stands for: a word of the texts it stands for,
    /// an inflection, or (for a word no text holds) one edit away.
    #[must_use]
    pub fn matches(&self, word: &str) -> bool {
        if self.exact {
            return word == self.word;
        }
        self.variants.contains(word) || inflects(word, &self.word) || (self.typo && one_edit(word, &self.word))
    }

    /// True when one of the words of `lower` (lower-cased: a title, a name) is one it stands for.
    #[must_use]
    pub fn in_words(&self, lower: &str) -> bool {
        lower.split(|c: char| !c.is_alphanumeric()).any(|w| !w.is_empty() && self.matches(w))
    }
}

/// A word without an inflectional ending (`-ing`, `-ed`, `-es` after s, x, z, ch, sh, or `-s`
/// but after ss, us, is), keeping a stem of four letters or more.
#[must_use]
fn stem(word: &str) -> &str {
    // The stem keeps four letters or more: `news` is not `new`, `boeing` not `boe`.
    let cut = |ending: &str| word.strip_suffix(ending).filter(|s| s.chars().count() >= 4);
    if let Some(stem) = cut("ing").or_else(|| cut("ed")) {
        return stem;
    }
    if let Some(stem) = cut("es").filter(|s| s.ends_with(['s', 'x', 'z']) || s.ends_with("ch") || s.ends_with("sh")) {
        return stem;
    }
    if !(word.ends_with("ss") || word.ends_with("us") || word.ends_with("is"))
        && let Some(stem) = cut("s")
    {
        return stem;
    }
    word
}

/// True when `word` is `query` or an inflection of the same word: `talk`, `talks`, `talked`,
/// `talking`; `price`, `prices`; `trade`, `traded`, `trading`. Words that only share letters
/// (`warner`, `warned`; `news`, `new`) are not.
fn inflects(word: &str, query: &str) -> bool {
    if word == query {
        return true;
    }
    let (w, q) = (stem(word), stem(query));
    // A stem with its `e` given back (`trad` + e is `trade`).
    let with_e =
        |stem: &str, whole: &str| whole.len() == stem.len() + 1 && whole.starts_with(stem) && whole.ends_with('e');
    let (w_cut, q_cut) = (w != word, q != query);
    (w_cut && (w == query || with_e(w, query)))
        || (q_cut && (q == word || with_e(q, word)))
        || (w_cut && q_cut && w == q)
}

/// True when `a` and `b` differ by one insertion, deletion or substitution (or a swap of two
/// neighbours) after the same first letter: a typo seldom hits the first (`fillion` is
/// `fillon`, not `million`).
fn one_edit(a: &str, b: &str) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 || a == b || a.chars().next() != b.chars().next() {
        return false;
    }
    strsim::damerau_levenshtein(a, b) == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_counted_and_placed() {
        let words = words_of("Merkel met Macron. MERKEL's aides; Übergabe");
        let found: Vec<(&str, u16, u32)> = words.iter().map(|(w, c, f)| (&**w, *c, *f)).collect();
        assert_eq!(
            found,
            [("aides", 1, 28), ("macron", 1, 11), ("merkel", 2, 0), ("met", 1, 7), ("s", 1, 26), ("übergabe", 1, 35)]
        );
    }

    #[test]
    fn a_word_stands_for_its_inflections_and_near_typos() {
        let mut index = WordIndex::default();
        for (i, word) in
            ["talk", "talks", "talked", "talking", "tall", "merkel", "merkels", "market"].iter().enumerate()
        {
            index.numbers.insert(xxhash_rust::xxh3::xxh3_64(word.as_bytes()), i as u32);
            index.words.push((*word).into());
            // Every word is in one article; `merkel` in three.
            let articles = if *word == "merkel" { 3 } else { 1 };
            index.postings.push((0..articles).map(|a| Posting { article: a, count: 1, first: 0 }).collect());
        }
        let names = |w: &str| {
            let mut v: Vec<&str> = index.variants(w);
            v.sort_unstable();
            v
        };
        assert_eq!(names("talks"), ["talk", "talked", "talking", "talks"]);
        for (word, query, same) in [
            ("prices", "price", true),
            ("traded", "trade", true),
            ("trading", "traded", true),
            ("talk", "talking", true),
            ("warned", "warner", false),
            ("new", "news", false),
            ("boe", "boeing", false),
            ("crisis", "cris", false),
        ] {
            assert_eq!(inflects(word, query), same, "{word} for {query}");
        }
        assert_eq!(names("merkl"), ["merkel"], "one edit from five letters on");
        assert_eq!(names("market"), ["market"], "a word as common as its neighbour is not a typo of it");
        assert_eq!(names("merkel"), ["merkel", "merkels"]);
        assert_eq!(names("merkels"), ["merkel", "merkels"], "an inflection, not a typo");
        assert_eq!(names("tal"), Vec::<&str>::new(), "no typos for short words, no stem under three letters");
    }
}
