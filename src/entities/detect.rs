//! Finds names that no gazetteer lists: runs of capitalised words ("Mara Okonkwo", "Bank of
//! Lagos") and acronyms ("OPEC"), not merely the first word of a sentence. Which words never
//! start or end a name (stopwords), which titles mark a person ("Secretary", "Vice Premier")
//! and which words mark an organisation ("Bank", "Ministry") is data
//! (`assets/entities.toml`, extendable in the config). Precision matters more than recall: a
//! single capitalised word is a name only after a title or as an acronym.

use std::collections::HashSet as StdHashSet;

/// Sets of short words, looked up for every capitalised word: a fast hasher.
type HashSet<T> = StdHashSet<T, foldhash::fast::RandomState>;
use std::ops::Range;

use serde::Deserialize;

use super::Kind;
use super::starts::Candidates;

/// The built-in word lists.
pub const BUILTIN_LISTS: &str = include_str!("../../assets/entities.toml");

/// The word lists detection uses, as `assets/entities.toml` writes them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordLists {
    /// Capitalised words that are not names (sentence openers, pronouns, days, demonyms).
    pub stopwords: Vec<String>,
    /// Titles before a name that make it a person ("President", "Vice Premier").
    pub person_titles: Vec<String>,
    /// Words that make a name an organisation, last ("Okafor Holdings") or first before a
    /// connector ("Bank of Lagos").
    pub organisation_words: Vec<String>,
    /// Small words allowed inside a name between capitalised words ("of", "de", "bin").
    pub connectors: Vec<String>,
    /// Words that make a name a place, first or last ("Dolmabahce Palace", "Lake Chad").
    pub place_words: Vec<String>,
}

impl WordLists {
    /// The built-in lists.
    ///
    /// # Panics
    ///
    /// Never: the built-in lists are tested to parse.
    #[must_use]
    pub fn builtin() -> Self {
        toml::from_str(BUILTIN_LISTS).expect("assets/entities.toml parses (tested)")
    }
}

/// A name found by detection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Person, organisation or other.
    pub kind: Kind,
}

/// The compiled word lists.
#[derive(Clone, Debug, Default)]
pub struct Detector {
    stopwords: HashSet<String>,
    /// Titles as lower-case words, longest first ("secretary of state" before "secretary").
    titles: Vec<Vec<String>>,
    /// The first words of the titles, to skip the search where no title can start.
    title_starts: HashSet<String>,
    organisation_words: HashSet<String>,
    place_words: HashSet<String>,
    connectors: HashSet<String>,
}

/// A word of the text: its byte range and what it looks like.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    capitalised: bool,
    acronym: bool,
    /// Punctuation right after it parts it from the next word (`,`, `;`, `.`, …).
    stops_run: bool,
    /// Where the next word starts (the end of the text if none does).
    next: usize,
}

impl Detector {
    /// Compiles the lists.
    #[must_use]
    pub fn new(lists: &WordLists) -> Self {
        let lower = |words: &[String]| words.iter().map(|w| w.to_lowercase()).collect::<HashSet<_>>();
        let mut titles: Vec<Vec<String>> = lists
            .person_titles
            .iter()
            .map(|t| t.to_lowercase().split_whitespace().map(str::to_owned).collect())
            .collect();
        titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let title_starts =
            titles.iter().filter_map(|t| t.first().map(|w| w.trim_end_matches('.').to_owned())).collect();
        Self {
            stopwords: lower(&lists.stopwords),
            titles,
            title_starts,
            organisation_words: lower(&lists.organisation_words),
            place_words: lower(&lists.place_words),
            connectors: lists.connectors.iter().cloned().collect(),
        }
    }

    /// True when `word` is on the stoplist (ignoring case).
    #[must_use]
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(&word.to_lowercase())
    }

    /// Finds names in one block of running text (not a heading: headings capitalise
    /// everything). Only the words from a capitalised one on are read: the lower-case text
    /// between names is passed over 64 bytes at a time.
    #[must_use]
    pub fn detect(&self, text: &str) -> Vec<Detected> {
        let mut found = Vec::new();
        let mut lowered = Lowered::default();
        let mut run: Vec<Word> = Vec::new();
        let mut capitals = Candidates::capitals(text);
        while let Some(at) = capitals.next() {
            if !(capitals.is_exact(at) || char_at(text, at).is_uppercase()) || !starts_word(text, at) {
                continue;
            }
            let first = word_at(text, at);
            if !(first.capitalised || first.acronym) {
                capitals.skip_to(first.next);
                continue;
            }
            run.clear();
            run.push(first);
            let end = self.extend_run(text, &mut run);
            if let Some(name) = self.name_in_run(text, &run[..=end], &mut lowered) {
                found.push(name);
            }
            capitals.skip_to(run[end].next);
        }
        found
    }

    /// Reads on from the first word of `run`, a capitalised one (the words read are kept in
    /// `run`), and returns
    /// where the run of capitalised words ends: at punctuation, or at a word that is neither
    /// capitalised nor a connector between them.
    fn extend_run(&self, text: &str, run: &mut Vec<Word>) -> usize {
        let is_name_word = |w: &Word| w.capitalised || w.acronym;
        // True when word `k` of the run has been read (reading it if need be).
        let has = |run: &mut Vec<Word>, k: usize| {
            while run.len() <= k {
                let next = run[run.len() - 1].next;
                if next >= text.len() {
                    return false;
                }
                run.push(word_at(text, next));
            }
            true
        };
        let mut end = 0;
        // Capitalised words since the run's start or its last connector.
        let mut segment = 1;
        while !run[end].stops_run && has(run, end + 1) {
            let next = run[end + 1];
            if is_name_word(&next) {
                end += 1;
                segment += 1;
            } else if !next.stops_run
                && has(run, end + 2)
                && is_name_word(&run[end + 2])
                && self.connectors.contains(&text[next.start..next.end])
            {
                // A connector joins one word to a name ("Bank of Lagos", "Ministry of
                // Foreign Affairs") or a name to one word ("Reserve Bank of India"), not
                // two names ("Samajwadi Party of Akhilesh Yadav").
                let after_one = run[end + 2].stops_run || !(has(run, end + 3) && is_name_word(&run[end + 3]));
                if segment > 1 && !after_one {
                    break;
                }
                end += 2;
                segment = 1;
            } else {
                break;
            }
        }
        end
    }

    /// The name in a run of capitalised words: what follows its last title ("Treasury
    /// Secretary Scott Bessent" → a person, "Scott Bessent"), else the run without the
    /// stopwords at its ends ("The Bank of Lagos" → "Bank of Lagos").
    fn name_in_run(&self, text: &str, run: &[Word], lowered: &mut Lowered) -> Option<Detected> {
        // One capitalised word (most often a sentence's first) is a name only as an acronym;
        // a title needs a word after it.
        if let [word] = run
            && !word.acronym
        {
            return None;
        }
        lowered.fill(text, run);
        let lowered = &*lowered;
        let is_filler = |i: usize| {
            self.stopwords.contains(lowered.word(i)) || self.connectors.contains(&text[run[i].start..run[i].end])
        };
        let mut first = 0;
        let mut titled = false;
        let mut k = 0;
        while k + 1 < run.len() {
            // The longest title starting here that leaves a word after it.
            let may_start = self.title_starts.contains(lowered.word(k).trim_end_matches('.'));
            let title = self.titles.iter().filter(|_| may_start).find(|t| {
                k + t.len() < run.len()
                    && t.iter()
                        .zip((k..run.len()).map(|j| lowered.word(j)))
                        .all(|(word, w)| w.trim_end_matches('.') == word.trim_end_matches('.'))
            });
            match title {
                Some(title) => {
                    (first, titled) = (k + title.len(), true);
                    k += title.len();
                }
                None => k += 1,
            }
        }
        if !titled {
            while first < run.len() && is_filler(first) {
                first += 1;
            }
        }
        let mut last = run.len().checked_sub(1)?;
        while last > first && is_filler(last) {
            last -= 1;
        }
        if first > last || (first == last && is_filler(first) && !titled) {
            return None;
        }
        let name = &run[first..=last];
        let words = name.len();
        // One capitalised word is a name only after a title, or as an acronym.
        if words == 1 && !titled && !name[0].acronym {
            return None;
        }
        let has_connector = name.iter().any(|w| self.connectors.contains(&text[w.start..w.end]));
        let kind = if titled {
            Kind::Person
        } else if self.organisation_words.contains(lowered.word(last))
            || (words > 2 && self.organisation_words.contains(lowered.word(first)) && has_connector)
        {
            Kind::Organisation
        } else if self.place_words.contains(lowered.word(last)) || self.place_words.contains(lowered.word(first)) {
            Kind::Place
        } else if name.iter().all(|w| w.acronym) {
            // Acronyms in the news are mostly bodies: parties, agencies, companies.
            Kind::Organisation
        } else if (2..=4).contains(&words) && name.iter().all(|w| w.capitalised) && !has_connector {
            // Two to four capitalised words with nothing else to go on: most often a person.
            Kind::Person
        } else {
            Kind::Other
        };
        Some(Detected { range: name[0].start..name[words - 1].end, kind })
    }
}

/// The lower-cased words of a run, in one buffer reused from run to run.
#[derive(Debug, Default)]
struct Lowered {
    text: String,
    /// Where each word ends in `text`.
    ends: Vec<usize>,
}

impl Lowered {
    fn fill(&mut self, text: &str, run: &[Word]) {
        self.text.clear();
        self.ends.clear();
        for word in run {
            let word = &text[word.start..word.end];
            if word.is_ascii() {
                let from = self.text.len();
                self.text.push_str(word);
                self.text[from..].make_ascii_lowercase();
            } else {
                self.text.extend(word.chars().flat_map(char::to_lowercase));
            }
            self.ends.push(self.text.len());
        }
    }

    /// Word `i` of the run, lower-cased.
    fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// The word starting at byte `start` (a letter or digit that starts a word), with its shape
/// and where the next word starts. A word is a run of letters, digits, apostrophes, hyphens
/// and inner full stops; a trailing possessive `'s` is not part of it.
fn word_at(text: &str, start: usize) -> Word {
    let bytes = text.as_bytes();
    // Fast path: the ASCII letters and digits that make most of a word.
    let mut j = start + bytes[start..].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len() - start);
    let mut end = j;
    let mut word = Word { start, end, capitalised: false, acronym: false, stops_run: false, next: bytes.len() };
    // A plain lower-case word (no name, no initial, no possessive) needs no more looking at.
    let plain = j > start
        && bytes[start].is_ascii_lowercase()
        && bytes.get(j).is_none_or(|&b| b.is_ascii() && !b".'-&".contains(&b));
    if !plain {
        while j < bytes.len() {
            let ch = char_at(text, j);
            let next = j + ch.len_utf8();
            if is_alphanumeric(ch) {
                end = next;
            } else if !(matches!(ch, '\'' | '’' | '-' | '.' | '&')
                && next < bytes.len()
                && is_alphanumeric(char_at(text, next)))
            {
                break;
            }
            j = next;
        }
        word.end = end;
        for suffix in ["'s", "’s"] {
            if text[start..end].ends_with(suffix) && end - start > suffix.len() {
                word.end = end - suffix.len();
            }
        }
        word.stops_run = word.end < end;
        let shape = &text[start..word.end];
        if char_at(shape, 0).is_uppercase() {
            let (mut letters, mut upper, mut lower_after_first) = (0usize, 0usize, false);
            if shape.is_ascii() {
                for b in shape.bytes() {
                    letters += usize::from(b.is_ascii_alphabetic());
                    upper += usize::from(b.is_ascii_uppercase());
                }
                // The first letter is a capital: any lower-case one comes after it.
                lower_after_first = upper < letters;
            } else {
                for c in shape.chars().filter(|c| c.is_alphabetic()) {
                    letters += 1;
                    if c.is_uppercase() {
                        upper += 1;
                    } else if letters > 1 && c.is_lowercase() {
                        lower_after_first = true;
                    }
                }
            }
            word.acronym = upper >= 2 && upper == letters && letters <= 6;
            // An initial ("J." in "Donald J. Trump") or an abbreviated title ("Sen.", "Dr.")
            // belongs to the name around it.
            let initial = text[end..].starts_with(". ")
                && ((letters == 1 && upper == 1)
                    || crate::corpus::ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(shape)));
            word.capitalised = initial || (!word.acronym && lower_after_first);
            if initial {
                end += 1; // the full stop
            }
        }
    }
    // Punctuation between two words (a comma, a bracket, a dash) parts them.
    let mut i = end;
    while i < bytes.len() {
        let c = char_at(text, i);
        if is_alphanumeric(c) {
            break;
        }
        if !c.is_whitespace() && c != '\'' && c != '’' {
            word.stops_run = true;
        }
        i += c.len_utf8();
    }
    word.next = i;
    word
}

/// True when a word starts at byte `at` (a letter or digit): the character before it is no
/// letter or digit, nor an apostrophe, hyphen, full stop or ampersand inside a word.
fn starts_word(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    match before.next() {
        Some(c) if is_alphanumeric(c) => false,
        Some('\'' | '’' | '-' | '.' | '&') => !before.next().is_some_and(is_alphanumeric),
        _ => true,
    }
}

/// The character at byte `at` (a char boundary), quickly for ASCII.
fn char_at(text: &str, at: usize) -> char {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => b as char,
        Some(_) => text[at..].chars().next().unwrap_or(' '),
        None => ' ',
    }
}

fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, Kind)> {
        Detector::new(&WordLists::builtin())
            .detect(text)
            .into_iter()
            .map(|d| (text[d.range].to_owned(), d.kind))
            .collect()
    }

    #[test]
    fn capitalised_runs_are_names() {
        assert_eq!(names("Talks with Mara Okonkwo went well."), [("Mara Okonkwo".into(), Kind::Person)]);
        assert_eq!(names("The Bank of Lagos said so."), [("Bank of Lagos".into(), Kind::Organisation)]);
    }

    #[test]
    fn a_title_makes_a_person_and_is_not_part_of_the_name() {
        assert_eq!(names("said Treasury Secretary Scott Bessent on Monday"), [("Scott Bessent".into(), Kind::Person)]);
        assert_eq!(names("Chinese Vice Premier He Lifeng attended."), [("He Lifeng".into(), Kind::Person)]);
        assert_eq!(names("as President Okafor said"), [("Okafor".into(), Kind::Person)]);
        assert_eq!(names("said Secretary of State Mara Okonkwo"), [("Mara Okonkwo".into(), Kind::Person)]);
        assert_eq!(names("shares of General Motors rose"), [("General Motors".into(), Kind::Organisation)]);
    }

    #[test]
    fn sentence_openers_and_lone_words_are_not_names() {
        assert!(names("However, the talks went on. Rare earth elements matter.").is_empty());
        assert!(names("Historically, these materials came from abroad.").is_empty());
        assert!(names("The talks resumed in Geneva on Monday.").is_empty(), "one capitalised word is not enough");
    }

    #[test]
    fn acronyms_are_names_and_possessives_are_not_part_of_them() {
        assert_eq!(names("the IMF warned"), [("IMF".into(), Kind::Organisation)]);
        assert_eq!(names("Mara Okonkwo's plan"), [("Mara Okonkwo".into(), Kind::Person)]);
    }

    #[test]
    fn initials_stay_inside_a_name() {
        assert_eq!(names("said Mara J. Okonkwo today"), [("Mara J. Okonkwo".into(), Kind::Person)]);
        assert_eq!(names("said Sen. Mara Okonkwo today"), [("Mara Okonkwo".into(), Kind::Person)]);
    }

    #[test]
    fn punctuation_parts_names() {
        assert_eq!(
            names("Mara Okonkwo, Tariq Haddad and Lina Sato met."),
            [
                ("Mara Okonkwo".into(), Kind::Person),
                ("Tariq Haddad".into(), Kind::Person),
                ("Lina Sato".into(), Kind::Person)
            ]
        );
    }

    #[test]
    fn brackets_and_dashes_part_names() {
        assert_eq!(
            names("the National Electoral Institute (INE) said"),
            [("National Electoral Institute".into(), Kind::Organisation), ("INE".into(), Kind::Organisation)]
        );
        assert_eq!(
            names("Mara Okonkwo — Tariq Haddad"),
            [("Mara Okonkwo".into(), Kind::Person), ("Tariq Haddad".into(), Kind::Person)]
        );
    }

    #[test]
    fn a_connector_joins_a_word_to_a_name_but_not_two_names() {
        assert_eq!(
            names("the Ministry of Foreign Affairs said"),
            [("Ministry of Foreign Affairs".into(), Kind::Organisation)]
        );
        assert_eq!(names("the Reserve Bank of Malawi said"), [("Reserve Bank of Malawi".into(), Kind::Organisation)]);
        assert_eq!(
            names("the Samajwadi Party of Akhilesh Yadav won"),
            [("Samajwadi Party".into(), Kind::Organisation), ("Akhilesh Yadav".into(), Kind::Person)]
        );
    }

    #[test]
    fn place_words_make_places_and_long_runs_stay_other() {
        assert_eq!(names("talks at Dolmabahce Palace ended"), [("Dolmabahce Palace".into(), Kind::Place)]);
        assert_eq!(
            names("under the Greater Tortue Ahmeyim Gas Project Deal"),
            [("Greater Tortue Ahmeyim Gas Project Deal".into(), Kind::Other)]
        );
    }

    #[test]
    fn the_builtin_lists_parse() {
        let lists = WordLists::builtin();
        assert!(lists.stopwords.len() > 100);
        assert!(lists.person_titles.iter().any(|t| t == "Vice Premier"));
        assert!(lists.person_titles.iter().any(|t| t == "Secretary of State"));
    }
}
