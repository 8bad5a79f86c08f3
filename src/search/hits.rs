//! Where a query hits: the characters of a title to highlight in the article list, the byte
//! ranges of an article's text to highlight and jump between, and a one-line snippet around a
//! hit for a row that matched outside its title.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::library::Library;
use crate::query::{Query, Test};

/// The characters (indexes into `title.chars()`) that the query's terms hit, sorted.
#[must_use]
pub fn title_highlights(title: &str, query: &Query) -> Vec<usize> {
    let matcher = SkimMatcherV2::default().ignore_case();
    let lower: Vec<char> = title.chars().map(fold).collect();
    let mut marked = vec![false; lower.len()];
    for term in query.terms.iter().filter(|t| !t.negated) {
        match &term.test {
            Test::Fuzzy(p) => {
                if let Some((_, indices)) = matcher.fuzzy_indices(title, p) {
                    let n = marked.len();
                    indices.into_iter().filter(|&i| i < n).for_each(|i| marked[i] = true);
                }
            }
            Test::Word(p) => {
                // The word, whole, wherever the title has it.
                let needle: Vec<char> = p.chars().map(fold).collect();
                let mut at = 0;
                while let Some(found) = find_chars(&lower[at..], &needle) {
                    let (start, end) = (at + found, at + found + needle.len());
                    let whole = (start == 0 || !lower[start - 1].is_alphanumeric())
                        && lower.get(end).is_none_or(|c| !c.is_alphanumeric());
                    if whole {
                        marked[start..end].iter_mut().for_each(|m| *m = true);
                    }
                    at = end;
                }
            }
            Test::Exact(p) | Test::Phrase(p) => {
                let needle: Vec<char> = p.chars().map(fold).collect();
                let mut at = 0;
                while let Some(found) = find_chars(&lower[at..], &needle) {
                    marked[at + found..at + found + needle.len()].iter_mut().for_each(|m| *m = true);
                    at += found + needle.len().max(1);
                }
            }
            Test::Prefix(p) => {
                let n = p.chars().count();
                if lower.iter().take(n).copied().eq(p.chars().map(fold)) {
                    marked[..n].iter_mut().for_each(|m| *m = true);
                }
            }
            Test::Suffix(p) => {
                let needle: Vec<char> = p.chars().map(fold).collect();
                let end = lower.iter().rposition(|c| !c.is_ascii_punctuation()).map_or(0, |e| e + 1);
                if end >= needle.len() && lower[end - needle.len()..end] == needle[..] {
                    marked[end - needle.len()..end].iter_mut().for_each(|m| *m = true);
                }
            }
            _ => {}
        }
    }
    marked.iter().enumerate().filter(|(_, m)| **m).map(|(i, _)| i).collect()
}

/// One character lower-cased to one character, so that positions line up.
fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn find_chars(haystack: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The byte ranges of an article's clean text that the query hits, sorted and apart: its words
/// and phrases (ignoring ASCII case) and the mentions of the entities it names.
#[must_use]
pub fn text_hits(library: &Library, article: usize, query: &Query) -> Vec<Range<usize>> {
    let text = &library.articles()[article].text;
    let words: Vec<&str> = query
        .terms
        .iter()
        .filter(|t| !t.negated)
        .filter_map(|t| match &t.test {
            Test::Fuzzy(p) if crate::query::is_word(p) => None,
            Test::Fuzzy(p) if p.chars().count() >= 2 => Some(p.as_str()),
            Test::Exact(p) | Test::Phrase(p) | Test::Body(p) => Some(p.as_str()),
            _ => None,
        })
        .collect();
    let mut hits = find_all(text, &words);
    // A search word is found as the words it stands for (inflections, typos), whole.
    for term in query.terms.iter().filter(|t| !t.negated) {
        let (p, exact) = match &term.test {
            Test::Fuzzy(p) if crate::query::is_word(p) => (p, false),
            Test::Word(p) => (p, true),
            _ => continue,
        };
        {
            // On the reader's thread: until the worker has built the word index, the word
            // and its inflections (never a wait of seconds, nor the build here).
            let word = match library.words_if_built() {
                Some(index) if exact => crate::library::SearchWord::exact(index, p),
                Some(index) => crate::library::SearchWord::new(index, p),
                None if exact => crate::library::SearchWord::exact_literal(p),
                None => crate::library::SearchWord::literal(p),
            };
            hits.extend(whole_words(text).filter(|(_, w)| word.matches(w)).map(|(range, _)| range));
        }
    }
    let index = library.entities();
    for term in query.terms.iter().filter(|t| !t.negated) {
        if let Test::Entity(p) = &term.test {
            let wanted = index.search(p);
            hits.extend(
                index
                    .mentions(article)
                    .iter()
                    .filter(|m| wanted.contains(&m.entity))
                    .map(|m| m.start as usize..m.end as usize),
            );
        }
    }
    disjoint(hits)
}

/// The words of a text (runs of letters and digits), lower-cased, with their byte ranges.
fn whole_words(text: &str) -> impl Iterator<Item = (Range<usize>, String)> + '_ {
    let base = text.as_ptr() as usize;
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(move |word| {
        let start = word.as_ptr() as usize - base;
        (start..start + word.len(), word.to_lowercase())
    })
}

/// Every occurrence of `needle` in `text`, ignoring ASCII case: the in-article find.
#[must_use]
pub fn find_in_text(text: &str, needle: &str) -> Vec<Range<usize>> {
    find_all(text, &[needle])
}

fn find_all(text: &str, needles: &[&str]) -> Vec<Range<usize>> {
    let needles: Vec<&str> = needles.iter().copied().filter(|n| !n.is_empty()).collect();
    if needles.is_empty() {
        return Vec::new();
    }
    let automaton: AhoCorasick = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&needles)
        .expect("search words build an automaton");
    automaton.find_iter(text).map(|m| m.range()).collect()
}

/// Sorts ranges and merges the ones that overlap.
fn disjoint(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// A one-line window of about `width` characters of `text` around `hit`, with an ellipsis
/// where it was cut; returns it and where the hit is in it (a byte range).
#[must_use]
pub fn snippet(text: &str, hit: Range<usize>, width: usize) -> (String, Range<usize>) {
    let hit = hit.start.min(text.len())..hit.end.min(text.len());
    let before_chars = width.saturating_sub(text[hit.clone()].chars().count()) / 3;
    let mut start = hit.start;
    for (taken, (i, c)) in text[..hit.start].char_indices().rev().enumerate() {
        if taken >= before_chars || c == '\n' {
            break;
        }
        start = i;
    }
    let mut out = String::new();
    if start > 0 && !text[..start].ends_with('\n') {
        out.push('…');
    }
    let flat = |s: &str| s.replace('\n', " ");
    out.push_str(&flat(&text[start..hit.start]));
    let hit_start = out.len();
    out.push_str(&flat(&text[hit.clone()]));
    let hit_in_out = hit_start..out.len();
    let used = out.chars().count();
    let rest: String = text[hit.end..].chars().take(width.saturating_sub(used)).collect();
    out.push_str(&flat(&rest));
    if hit.end + rest.len() < text.len() {
        out.push('…');
    }
    (out, hit_in_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_highlights_mark_fuzzy_and_exact_hits() {
        let q = Query::parse("rre 'talks");
        let title = "Rare Earth Talks";
        let marked: String = title_highlights(title, &q).iter().map(|&i| title.chars().nth(i).unwrap()).collect();
        assert_eq!(marked, "RreTalks");
    }

    #[test]
    fn prefix_and_suffix_highlight_the_ends() {
        let title = "US-China trade talks.";
        assert_eq!(title_highlights(title, &Query::parse("^us")), vec![0, 1]);
        assert_eq!(title_highlights(title, &Query::parse("talks$")), vec![15, 16, 17, 18, 19]);
        assert!(title_highlights(title, &Query::parse("!trade")).is_empty());
    }

    #[test]
    fn wide_characters_keep_their_positions() {
        assert_eq!(title_highlights("稀土 Talks", &Query::parse("'talks")), vec![3, 4, 5, 6, 7]);
    }

    #[test]
    fn a_search_word_highlights_its_inflections_whole_never_inside_other_words() {
        let library = crate::testing::seeds();
        let (index, article) = library
            .articles()
            .iter()
            .enumerate()
            .find(|(_, a)| a.text.contains("talks") && a.text.contains("rare"))
            .expect("a seed about the talks");
        let hits = text_hits(&library, index, &Query::parse("talk"));
        assert!(!hits.is_empty());
        for range in &hits {
            assert!(
                article.text[range.clone()].to_lowercase().starts_with("talk"),
                "{:?}",
                &article.text[range.clone()]
            );
            let after = article.text[range.end..].chars().next();
            assert!(!after.is_some_and(char::is_alphanumeric), "a whole word");
        }
    }

    #[test]
    fn find_ignores_ascii_case_and_overlaps_merge() {
        assert_eq!(find_in_text("Rare rare RARE", "rare"), vec![0..4, 5..9, 10..14]);
        assert_eq!(disjoint(vec![5..9, 0..4, 2..6]), vec![0..9]);
        assert!(find_in_text("text", "").is_empty());
    }

    #[test]
    fn snippets_cut_with_ellipses_around_the_hit() {
        let text = "The first sentence is long enough. Then the rare earths hit is here, and more text follows on.";
        let at = text.find("rare earths").unwrap();
        let (snip, hit) = snippet(text, at..at + 11, 30);
        assert_eq!(&snip[hit], "rare earths");
        assert!(snip.starts_with('…') && snip.ends_with('…'), "{snip}");
        assert!(snip.chars().count() <= 32, "{snip}");
        let (whole, _) = snippet("short rare text", 6..10, 80);
        assert_eq!(whole, "short rare text");
    }
}
