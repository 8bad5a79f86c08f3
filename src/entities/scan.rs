//! The gazetteer's automaton (Aho-Corasick, case-sensitive, longest match first), walked
//! anchored at the start of each word. A name can only match where its first word (its
//! leading ASCII letters and digits) is the text's whole first word there, so the states after
//! every name's first word are worked out once and looked up by that word: a word no name
//! starts with costs one lookup, and a name's first word is not walked byte by byte.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::{Builder, NFA};
use aho_corasick::{Anchored, MatchKind};

use super::starts;

/// First words by their bytes as a number: a fast hasher.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// The longest first word looked up by its bytes; longer ones are walked from the start.
const LONGEST_KEY: usize = 16;

/// Finds the longest of some patterns at a given place.
#[derive(Clone, Debug)]
pub struct LongestAt {
    automaton: NFA,
    /// The anchored search's start.
    start: StateID,
    /// The state after each pattern's first word of at most [`LONGEST_KEY`] bytes, by
    /// [`key`].
    after_first_word: HashMap<u128, StateID>,
    /// Some pattern's first word is longer than [`LONGEST_KEY`] bytes.
    long_first_words: bool,
}

impl LongestAt {
    /// The automaton of `patterns` (an empty one is never found).
    ///
    /// # Panics
    ///
    /// When the automaton cannot hold the patterns (billions of them).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str> + Clone) -> Self {
        let automaton = Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            // Searches are anchored at word starts: a prefilter would never be used.
            .prefilter(false)
            .build(patterns.clone())
            .expect("the gazetteer's patterns build an automaton");
        let start = automaton.start_state(Anchored::Yes).expect("anchored searches are supported");
        let mut after_first_word = HashMap::default();
        let mut long_first_words = false;
        for pattern in patterns.into_iter().filter(|p| !p.is_empty()) {
            let word = first_word(pattern.as_bytes());
            if word.len() > LONGEST_KEY {
                long_first_words = true;
                continue;
            }
            let state = word.iter().fold(start, |state, &b| automaton.next_state(Anchored::Yes, state, b));
            after_first_word.insert(key(word), state);
        }
        Self { automaton, start, after_first_word, long_first_words }
    }

    /// The longest pattern starting at byte `at` of `bytes`, and where it ends: the
    /// automaton's anchored, leftmost-longest search, except that a pattern ending inside the
    /// first word there (its `word_len` ASCII letters and digits) is not reported. A caller wants
    /// names that end a word, and when the longest pattern ends inside the first word, every
    /// other one does too.
    pub fn find(&self, bytes: &[u8], at: usize, word_len: usize) -> Option<(u32, usize)> {
        debug_assert_eq!(word_len, first_word(&bytes[at..]).len(), "the first word's length");
        let automaton = &self.automaton;
        let (mut state, mut i) = if let Some(key) = starts::sixteen_bytes(bytes, at, at + word_len) {
            (*self.after_first_word.get(&key)?, at + word_len)
        } else if self.long_first_words {
            (self.start, at)
        } else {
            return None;
        };
        let mut longest = if i > at { self.match_at(state, at, i) } else { None };
        while let Some(&byte) = bytes.get(i) {
            state = automaton.next_state(Anchored::Yes, state, byte);
            i += 1;
            if automaton.is_special(state) {
                if automaton.is_dead(state) {
                    break;
                }
                longest = self.match_at(state, at, i).or(longest);
            }
        }
        // (Walked from the start, a long first word may hold a shorter pattern.)
        longest.filter(|&(_, end)| end >= at + word_len)
    }

    /// The pattern a match state reached at byte `end` reports, if it starts at `at`: a match
    /// state also carries the matches that start later.
    fn match_at(&self, state: StateID, at: usize, end: usize) -> Option<(u32, usize)> {
        if !self.automaton.is_match(state) {
            return None;
        }
        let pattern = self.automaton.match_pattern(state, 0);
        (self.automaton.pattern_len(pattern) == end - at).then(|| (pattern.as_u32(), end))
    }
}

/// The ASCII letters and digits `bytes` starts with.
fn first_word(bytes: &[u8]) -> &[u8] {
    &bytes[..bytes.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len())]
}

/// A first word of at most [`LONGEST_KEY`] bytes as one number.
fn key(word: &[u8]) -> u128 {
    starts::sixteen_bytes(word, 0, word.len()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The automaton's own anchored search, for comparison: its match, unless it ends inside
    /// the first word at `at` (as `first_word`, simple enough to trust, measures it).
    fn reference(patterns: &[&str], text: &str, at: usize) -> Option<(u32, usize)> {
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(patterns)
            .unwrap();
        let input = aho_corasick::Input::new(text).range(at..).anchored(Anchored::Yes);
        let word_end = at + first_word(&text.as_bytes()[at..]).len();
        automaton.find(input).map(|m| (m.pattern().as_u32(), m.end())).filter(|&(_, end)| end >= word_end)
    }

    #[test]
    fn the_longest_pattern_at_a_place_is_found_as_the_automaton_finds_it() {
        let patterns = ["X", "Xi", "Xi Jinping", "US", "U.S.", "USA Today", "oil", "Bank of China", "China", "é"];
        let scan = LongestAt::new(patterns);
        for text in ["Xi Jinping said", "Xi said", "X said", "Xa", "US and", "U.S.-China", "USA Today", "oily", "o"] {
            for at in [0, 1] {
                assert_eq!(
                    scan.find(text.as_bytes(), at, first_word(&text.as_bytes()[at..]).len()),
                    reference(&patterns, text, at),
                    "{text:?} at {at}"
                );
            }
        }
        assert_eq!(scan.find("Bank of China".as_bytes(), 0, 4), Some((7, 13)));
        assert_eq!(scan.find("in é".as_bytes(), 3, 0), Some((9, 5)));
        assert_eq!(scan.find(b"Xa", 0, 2), None, "X ends inside the word Xa");
        let long = LongestAt::new(["Transnationalisation Institute", "Trans"]);
        assert_eq!(long.find(b"the Transnationalisation Institute", 4, 20), Some((0, 34)));
    }

    proptest::proptest! {
        #[test]
        fn every_place_is_searched_as_the_automaton_searches_it(text in "([A-Za-z .'-]|é|中|Abcdefghijklmnopq){0,24}") {
            let patterns = ["X", "Xi", "Xi Ji", "US", "U.S.", "Ab", "Abc d", "a", "ab", "é", "éa", "b-c", "c'd", "Abcdefghijklmnopq r"];
            let scan = LongestAt::new(patterns);
            for at in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                proptest::prop_assert_eq!(scan.find(text.as_bytes(), at, first_word(&text.as_bytes()[at..]).len()), reference(&patterns, &text, at));
            }
        }
    }
}
