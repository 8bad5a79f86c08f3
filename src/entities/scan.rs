//! The gazetteer's automaton (Aho-Corasick, case-sensitive, longest match first), walked
//! anchored at the start of each word. Most words leave it within two bytes, so those two
//! steps are worked out once, for every pair of ASCII letters and digits, and looked up.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::{Builder, NFA};
use aho_corasick::{Anchored, MatchKind};

use super::starts::{self, DIGITS};

/// How many byte classes letters and digits take: those below [`DIGITS`]`.end`.
const ALPHANUMERIC_CLASSES: usize = DIGITS.end as usize;

/// Finds the longest of some patterns at a given place.
#[derive(Clone, Debug)]
pub struct LongestAt {
    automaton: NFA,
    /// The anchored search's start.
    start: StateID,
    /// The state after two bytes, both ASCII letters or digits, by their classes.
    after_two: Box<[StateID]>,
    /// The pattern of one byte, if any, by the class of that letter or digit.
    one_byte: Box<[Option<u32>]>,
}

impl LongestAt {
    /// The automaton of `patterns` (an empty one is never found).
    ///
    /// # Panics
    ///
    /// When the automaton cannot hold the patterns (billions of them).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Self {
        let automaton = Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            // Searches are anchored at word starts: a prefilter would never be used.
            .prefilter(false)
            .build(patterns)
            .expect("the gazetteer's patterns build an automaton");
        let start = automaton.start_state(Anchored::Yes).expect("anchored searches are supported");
        // One byte of each letter and digit class (its class is its own).
        let bytes: Vec<u8> = (0..=255u8).filter(|&b| usize::from(starts::class(b)) < ALPHANUMERIC_CLASSES).collect();
        let mut one_byte = vec![None; ALPHANUMERIC_CLASSES];
        let mut after_two = vec![start; ALPHANUMERIC_CLASSES * ALPHANUMERIC_CLASSES];
        for &first in &bytes {
            let state = automaton.next_state(Anchored::Yes, start, first);
            if automaton.is_match(state) {
                one_byte[usize::from(starts::class(first))] = Some(automaton.match_pattern(state, 0).as_u32());
            }
            for &second in &bytes {
                let key = pair(first, second);
                after_two[key] = automaton.next_state(Anchored::Yes, state, second);
            }
        }
        Self { automaton, start, after_two: after_two.into(), one_byte: one_byte.into() }
    }

    /// The longest pattern starting at byte `at` of `bytes`, and where it ends: the
    /// automaton's anchored, leftmost-longest search.
    pub fn find(&self, bytes: &[u8], at: usize) -> Option<(u32, usize)> {
        let automaton = &self.automaton;
        let mut longest = None;
        let (mut state, mut i) = (self.start, at);
        if let [first, second, ..] = bytes[at..]
            && usize::from(starts::class(first)) < ALPHANUMERIC_CLASSES
            && usize::from(starts::class(second)) < ALPHANUMERIC_CLASSES
        {
            longest = self.one_byte[usize::from(starts::class(first))].map(|p| (p, at + 1));
            state = self.after_two[pair(first, second)];
            i = at + 2;
            if automaton.is_special(state) {
                if automaton.is_dead(state) {
                    return longest;
                }
                longest = self.match_at(state, at, i).or(longest);
            }
        }
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
        longest
    }

    /// The pattern a match state reached at byte `end` reports, if it starts at `at`: a match
    /// state also carries the matches that start later.
    fn match_at(&self, state: StateID, at: usize, end: usize) -> Option<(u32, usize)> {
        let pattern = self.automaton.match_pattern(state, 0);
        (self.automaton.is_match(state) && self.automaton.pattern_len(pattern) == end - at)
            .then(|| (pattern.as_u32(), end))
    }
}

/// The index of two letters or digits in [`LongestAt::after_two`].
fn pair(first: u8, second: u8) -> usize {
    usize::from(starts::class(first)) * ALPHANUMERIC_CLASSES + usize::from(starts::class(second))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The automaton's own anchored search, for comparison.
    fn reference(patterns: &[&str], text: &str, at: usize) -> Option<(u32, usize)> {
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(patterns)
            .unwrap();
        let input = aho_corasick::Input::new(text).range(at..).anchored(Anchored::Yes);
        automaton.find(input).map(|m| (m.pattern().as_u32(), m.end()))
    }

    #[test]
    fn the_longest_pattern_at_a_place_is_found_as_the_automaton_finds_it() {
        let patterns = ["X", "Xi", "Xi Jinping", "US", "U.S.", "USA Today", "oil", "Bank of China", "China", "é"];
        let scan = LongestAt::new(patterns);
        for text in ["Xi Jinping said", "Xi said", "X said", "Xa", "US and", "U.S.-China", "USA Today", "oily", "o"] {
            for at in [0, 1] {
                assert_eq!(scan.find(text.as_bytes(), at), reference(&patterns, text, at), "{text:?} at {at}");
            }
        }
        assert_eq!(scan.find("Bank of China".as_bytes(), 0), Some((7, 13)));
        assert_eq!(scan.find("in é".as_bytes(), 3), Some((9, 5)));
    }

    proptest::proptest! {
        #[test]
        fn every_place_is_searched_as_the_automaton_searches_it(text in "([A-Za-z .'-]|é|中){0,24}") {
            let patterns = ["X", "Xi", "Xi Ji", "US", "U.S.", "Ab", "Abc d", "a", "ab", "é", "éa", "b-c", "c'd"];
            let scan = LongestAt::new(patterns);
            for at in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                proptest::prop_assert_eq!(scan.find(text.as_bytes(), at), reference(&patterns, &text, at));
            }
        }
    }
}
