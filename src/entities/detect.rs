//! Finds names that no gazetteer lists: runs of capitalised words ("Mara Okonkwo", "Bank of
//! Lagos") and acronyms ("OPEC"), not merely the first word of a sentence. Which words never
//! start or end a name (stopwords), which titles mark a person ("Secretary", "Vice Premier")
//! and which words mark an organisation ("Bank", "Ministry") is data
//! (`assets/entities.toml`, extendable in the config). Precision matters more than recall: a
//! single capitalised word is a name only after a title or as an acronym.

use std::ops::Range;

use serde::Deserialize;

use super::Kind;
use super::starts::{self, CAPITALS, Candidates, DIGITS, TextBits};

/// Maps and sets of short words, looked up for every capitalised word: a fast hasher.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// The built-in word lists.
pub const BUILTIN_LISTS: &str = include_str!("../../assets/entities.toml");

/// Common English words, lower case, one a line (`#` starts a comment): a run of capitalised
/// words ending in one, or starting with one before a name, is no plain person's name.
const COMMON_WORDS: &str = include_str!("../../assets/words/common.txt");

/// Given names, one a line: a name starting with one is a person's even when it ends in a
/// common word ("Mike Pence", "Theresa May").
const GIVEN_NAMES: &str = include_str!("../../assets/words/given-names.txt");

/// The words of a lexicon file: its lines, without comments and blank lines.
fn lexicon(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The word lists detection uses, as `assets/entities.toml` writes them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
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
    /// What each listed word (lower-cased) is: one lookup answers every list.
    roles: HashMap<String, Roles>,
    /// The same for the listed words of at most 16 ASCII bytes, keyed by [`short_key`]: most
    /// words of a text are looked up there, without being copied.
    short_roles: HashMap<u128, Roles>,
    /// Titles as lower-case words, longest first ("secretary of state" before "secretary").
    titles: Vec<Vec<String>>,
    /// The connectors as written (they match case and all).
    connectors: HashSet<String>,
    /// The longest connector's length in bytes: a longer word is none, without a lookup.
    longest_connector: usize,
}

/// The lists a lower-cased word is on, as bits.
type Roles = u8;
/// On the stoplist.
const STOPWORD: Roles = 1;
/// The first word of a title (without a trailing full stop).
const TITLE_START: Roles = 2;
/// An organisation word.
const ORGANISATION: Roles = 4;
/// A place word.
const PLACE: Roles = 8;
/// A connector, lower-cased (the word is one if it is also written as listed).
const CONNECTOR: Roles = 16;
/// A common English word ("actress", "music", "center").
const COMMON: Roles = 32;
/// A given name ("Mike", "Theresa").
const GIVEN: Roles = 64;
/// A title on its own ("President", "MP"), not only the start of one.
const TITLE: Roles = 128;

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
        let mut titles: Vec<Vec<String>> = lists
            .person_titles
            .iter()
            .map(|t| t.to_lowercase().split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            // A blank title (a user may write one) would match anywhere, and take no word.
            .filter(|t| !t.is_empty())
            .collect();
        titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        // Lower-cased one character at a time, as the words of a run are.
        let lower = |words: &[String]| -> Vec<String> {
            words.iter().map(|w| w.chars().flat_map(char::to_lowercase).collect()).collect()
        };
        let title_starts =
            titles.iter().filter_map(|t| t.first().map(|w| w.trim_end_matches('.').to_owned())).collect();
        let whole_titles =
            titles.iter().filter(|t| t.len() == 1).map(|t| t[0].trim_end_matches('.').to_owned()).collect();
        let lists_and_roles = [
            (lower(&lists.stopwords), STOPWORD),
            (title_starts, TITLE_START),
            (whole_titles, TITLE),
            (lexicon(COMMON_WORDS).map(str::to_owned).collect(), COMMON),
            (lexicon(GIVEN_NAMES).map(str::to_lowercase).collect(), GIVEN),
            (lower(&lists.organisation_words), ORGANISATION),
            (lower(&lists.place_words), PLACE),
            (lower(&lists.connectors), CONNECTOR),
        ];
        let mut roles: HashMap<String, Roles> = HashMap::default();
        for (words, role) in lists_and_roles {
            for word in words {
                *roles.entry(word).or_default() |= role;
            }
        }
        // A listed word with a zero byte (a typing slip in a config) would share its key with
        // the word without it; no word of a text has one, so it is left out.
        let short_roles = roles
            .iter()
            .filter(|(word, _)| !word.contains('\0'))
            .filter_map(|(word, &role)| Some((short_key(word)?, role)))
            .collect();
        let longest_connector = lists.connectors.iter().map(String::len).max().unwrap_or(0);
        Self { roles, short_roles, titles, connectors: lists.connectors.iter().cloned().collect(), longest_connector }
    }

    /// Counts these words (in any case) as given names too (the first names of the
    /// gazetteer's people: "Sergei", "Recep").
    pub fn add_given_names<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            let lower: String = name.chars().flat_map(char::to_lowercase).collect();
            if lower.contains('\0') {
                continue;
            }
            if let Some(key) = short_key(&lower) {
                *self.short_roles.entry(key).or_default() |= GIVEN;
            }
            *self.roles.entry(lower).or_default() |= GIVEN;
        }
    }

    /// The lists `word` (in any case) is on.
    fn roles_of(&self, word: &str) -> Roles {
        self.roles_at(word, 0, word.len())
    }

    /// The lists the word at `start..end` of `text` (in any case) is on.
    fn roles_at(&self, text: &str, start: usize, end: usize) -> Roles {
        let roles = match short_key_at(text.as_bytes(), start, end) {
            Some(key) => self.short_roles.get(&key),
            None => self.roles.get(&text[start..end].chars().flat_map(char::to_lowercase).collect::<String>()),
        };
        roles.copied().unwrap_or_default()
    }

    /// True when `text` starts with a common word in lower case ("winning" in
    /// "winning team"; not "hye").
    fn starts_with_common_word(&self, text: &str) -> bool {
        let len = text.bytes().take_while(u8::is_ascii_lowercase).count();
        len > 0 && self.roles_at(text, 0, len) & COMMON != 0
    }

    /// True when `word` is on the stoplist (ignoring case, a character at a time, as detection
    /// lower-cases words).
    #[must_use]
    pub fn is_stopword(&self, word: &str) -> bool {
        self.roles_of(word) & STOPWORD != 0
    }

    /// True when a word may start a person's title ("President", "Mrs", "Vice").
    #[must_use]
    pub fn may_start_title(&self, word: &str) -> bool {
        self.roles_of(word) & TITLE_START != 0
    }

    /// Finds names in one block of running text (not a heading: headings capitalise
    /// everything). Only the words from a capitalised one on are read: the lower-case text
    /// between names is passed over 64 bytes at a time.
    #[must_use]
    pub fn detect(&self, text: &str) -> Vec<Detected> {
        let mut found = Vec::new();
        self.detect_in(text, &TextBits::of(text), 0, &mut found);
        found
    }

    /// The same, for a block that starts at byte `base` of the text `bits` describe: adds the
    /// names (byte ranges in the block) to `found`.
    pub(crate) fn detect_in(&self, text: &str, bits: &TextBits, base: usize, found: &mut Vec<Detected>) {
        let mut lowered = Lowered::default();
        let mut run: Vec<Word> = Vec::new();
        let mut capitals = Candidates::capitals(text, bits, base);
        while let Some(at) = capitals.next() {
            if !(capitals.is_exact(at) || char_at(text, at).is_uppercase()) || !starts_whole_word(text, at) {
                continue;
            }
            let first = word_at(text, at, &|rest| self.starts_with_common_word(rest));
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
    }

    /// Reads on from the first word of `run`, a capitalised one (the words read are kept in
    /// `run`), and returns where the run of capitalised words ends: at punctuation, or at a
    /// word that is neither capitalised nor a connector between them.
    fn extend_run(&self, text: &str, run: &mut Vec<Word>) -> usize {
        let is_name_word = |w: &Word| w.capitalised || w.acronym;
        // True when word `k` of the run has been read (reading it if need be).
        let has = |run: &mut Vec<Word>, k: usize| {
            while run.len() <= k {
                let next = run[run.len() - 1].next;
                if next >= text.len() {
                    return false;
                }
                run.push(word_at(text, next, &|rest| self.starts_with_common_word(rest)));
            }
            true
        };
        let mut end = 0;
        // Capitalised words since the run's start or its last connector.
        let mut segment = 1;
        while !run[end].stops_run && !self.lower_case_after(text, &run[end]) && has(run, end + 1) {
            let next = run[end + 1];
            if is_name_word(&next) {
                end += 1;
                segment += 1;
            } else if !next.stops_run
                && next.end - next.start <= self.longest_connector
                && self.connectors.contains(&text[next.start..next.end])
                && has(run, end + 2)
                && is_name_word(&run[end + 2])
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

    /// True when a lower-case word longer than any connector follows `word`: it ends a run,
    /// and is not read (most runs end so: "Mara Okonkwo said").
    fn lower_case_after(&self, text: &str, word: &Word) -> bool {
        let after = &text.as_bytes()[word.next.min(text.len())..];
        after.first().is_some_and(u8::is_ascii_lowercase)
            && after.iter().take(self.longest_connector + 1).take_while(|b| b.is_ascii_alphanumeric()).count()
                > self.longest_connector
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
        lowered.fill(text, run, self);
        // Only a word that may start a title is compared with the titles, lower-cased. (A word
        // never ends with a full stop: an initial's is read past, not into the word.)
        if (0..run.len() - 1).any(|k| lowered.roles[k] & TITLE_START != 0) {
            lowered.lower(text, run);
        }
        let lowered = &*lowered;
        let is_connector =
            |i: usize| lowered.roles[i] & CONNECTOR != 0 && self.connectors.contains(&text[run[i].start..run[i].end]);
        let is_filler = |i: usize| lowered.roles[i] & STOPWORD != 0 || is_connector(i);
        let mut first = 0;
        let mut titled = false;
        let mut k = 0;
        while k + 1 < run.len() {
            // The longest title starting here that leaves a word after it.
            let title = if lowered.roles[k] & TITLE_START == 0 {
                None
            } else {
                self.titles.iter().find(|t| {
                    k + t.len() < run.len()
                        && t.iter()
                            .zip((k..run.len()).map(|j| lowered.word(j)))
                            .all(|(word, w)| w.trim_end_matches('.') == word.trim_end_matches('.'))
                })
            };
            match title {
                Some(title) => {
                    (first, titled) = (k + title.len(), true);
                    k += title.len();
                }
                None => k += 1,
            }
        }
        let ends_as_body = |last: usize| lowered.roles[last] & (ORGANISATION | PLACE) != 0;
        if titled && run.len().checked_sub(1).is_some_and(ends_as_body) {
            // "Justice Department", "General Motors", "King Street": a body or a place, whose
            // first word is no title.
            (first, titled) = (0, false);
        }
        if !titled {
            while first < run.len() && is_filler(first) {
                first += 1;
            }
        } else if first + 1 < run.len() && is_connector(first) {
            // A title's body is no part of the name after it ("Archbishop of Canterbury
            // Justin Welby"); with nothing after it, there is no name ("Chief Executive of
            // Pladis").
            first += 2;
            if first + 1 >= run.len() {
                return None;
            }
        }
        let mut last = run.len().checked_sub(1)?;
        while last > first && is_filler(last) {
            last -= 1;
        }
        if first > last || (first == last && is_filler(first) && !titled) {
            return None;
        }
        let is = |i: usize, role: Roles| lowered.roles[i] & role != 0;
        // A common word that is no given name ("Actress", "Music"; not "Will").
        let common = |i: usize| is(i, COMMON) && !is(i, GIVEN);
        if !titled {
            (first, last) = untitled_name(text, run, &lowered.roles, &is_connector, first, last);
        }
        let name = &run[first..=last];
        let words = name.len();
        // One capitalised word is a name only after a title, or as an acronym that is no
        // shouted word or name ("HACKED", "NEIL").
        if words == 1
            && !titled
            && (!name[0].acronym || (name[0].end - name[0].start >= 4 && is(first, COMMON | GIVEN)))
        {
            return None;
        }
        // A title is never a name, even after another ("Mr President").
        if titled && words == 1 && is(first, TITLE) {
            return None;
        }
        // Shouted words are no acronyms ("PUT ON NOTICE"), and a title is no body ("MP").
        if name.iter().all(|w| w.acronym)
            && ((first..=last).any(|i| is(i, COMMON) && run[i].end - run[i].start >= 3)
                || (words == 1 && is(first, TITLE)))
        {
            return None;
        }
        let has_connector = (first..=last).any(is_connector);
        let lowered_is = |i: usize, word: &str| text[run[i].start..run[i].end].eq_ignore_ascii_case(word);
        let kind = if titled {
            Kind::Person
        } else if is(last, ORGANISATION) || (words > 2 && is(first, ORGANISATION) && has_connector) {
            Kind::Organisation
        } else if is(last, PLACE) || (is(first, PLACE) && !lowered_is(first, "park")) {
            // ("Park Geun-hye" is a person: Park is a surname before a name, a park after one.)
            Kind::Place
        } else if name.iter().all(|w| w.acronym) {
            // Acronyms in the news are mostly bodies: parties, agencies, companies.
            Kind::Organisation
        } else if (2..=4).contains(&words)
            && name.iter().all(|w| w.capitalised)
            && !has_connector
            && (is(first, GIVEN) || !common(last))
        {
            // Two to four capitalised words with nothing else to go on: most often a person,
            // unless they end in a common word and start with no given name ("Best Music",
            // "Weather Prediction Center"; but "Mike Pence").
            Kind::Person
        } else {
            Kind::Other
        };
        Some(Detected { range: name[0].start..name[words - 1].end, kind })
    }
}

/// Where the name is in `run[first..=last]`, a run with no title before the name: a title
/// closing it is no part of it ("Conservative MP"), nor are common words before a name (its
/// bearer's role: "Actress Emma Watson", "Police Chief Edward Flynn", "COURT Emma Watson"),
/// nor the body of a title before it ("Archbishop of Canterbury Justin Welby").
fn untitled_name(
    text: &str,
    run: &[Word],
    roles: &[Roles],
    is_connector: &dyn Fn(usize) -> bool,
    first: usize,
    mut last: usize,
) -> (usize, usize) {
    let is = |i: usize, role: Roles| roles[i] & role != 0;
    let common = |i: usize| is(i, COMMON) && !is(i, GIVEN);
    if last > first && is(last, TITLE) {
        last -= 1;
    }
    let mut start = first;
    while last - start >= 2 && common(start) {
        start += 1;
    }
    if start > first && !common(start) && !common(last) && !(first..=last).any(is_connector) {
        return (start, last);
    }
    if first == 0 && last >= 2 && text[..run[0].start].ends_with(" of ") && !common(last) {
        return (1, last);
    }
    (first, last)
}

/// The lists the words of a run are on, and the words lower-cased when titles are looked for,
/// in buffers reused from run to run.
#[derive(Debug, Default)]
struct Lowered {
    text: String,
    /// Where each word ends in `text`.
    ends: Vec<usize>,
    /// The lists each word is on.
    roles: Vec<Roles>,
}

impl Lowered {
    /// The lists each word of `run` is on.
    fn fill(&mut self, text: &str, run: &[Word], detector: &Detector) {
        // The words of the run before are gone: [`Lowered::word`] cannot answer with them.
        self.text.clear();
        self.ends.clear();
        self.roles.clear();
        self.roles.extend(run.iter().map(|w| detector.roles_at(text, w.start, w.end)));
    }

    /// The words of `run`, lower-cased, for [`Lowered::word`].
    fn lower(&mut self, text: &str, run: &[Word]) {
        for word in run {
            let word = &text[word.start..word.end];
            if word.is_ascii() {
                self.text.push_str(&word.to_ascii_lowercase());
            } else {
                self.text.extend(word.chars().flat_map(char::to_lowercase));
            }
            self.ends.push(self.text.len());
        }
    }

    /// Word `i` of the run, lower-cased (once [`Lowered::lower`] has run).
    fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// A word of at most 16 ASCII bytes, lower-cased, as one number (see
/// [`starts::sixteen_bytes`]); `None` for other words.
fn short_key(word: &str) -> Option<u128> {
    short_key_at(word.as_bytes(), 0, word.len())
}

/// The same for the word at `start..end` of `text`, read in place.
fn short_key_at(text: &[u8], start: usize, end: usize) -> Option<u128> {
    const ONES: u128 = u128::MAX / 0xff;
    const HIGHS: u128 = ONES * 0x80;
    let key = starts::sixteen_bytes(text, start, end).filter(|key| key & HIGHS == 0)?;
    // Each byte at least `A` and at most `Z` gets its 0x20 bit (the bytes are ASCII: no
    // carry crosses into the next byte).
    let capitals = (key + ONES * u128::from(0x80 - b'A')) & !(key + ONES * u128::from(0x7f - b'Z')) & HIGHS;
    Some(key | capitals >> 2)
}

/// The word starting at byte `start` (a letter or digit that starts a word), with its shape
/// and where the next word starts. A word is a run of letters, digits, apostrophes, hyphens
/// and inner full stops; a trailing possessive `'s` is not part of it.
fn word_at(text: &str, start: usize, common_tail: &dyn Fn(&str) -> bool) -> Word {
    let bytes = text.as_bytes();
    // Fast path: the ASCII letters and digits that make most of a word, counted as they go.
    let (mut j, mut letters, mut upper) = (start, 0usize, 0usize);
    while let Some(&b) = bytes.get(j) {
        let class = starts::class(b);
        if class >= DIGITS.end {
            break;
        }
        letters += usize::from(class < DIGITS.start);
        upper += usize::from(CAPITALS.contains(&class));
        j += 1;
    }
    let mut end = j;
    let mut word = Word { start, end, capitalised: false, acronym: false, stops_run: false, next: bytes.len() };
    // The word ends at plain ASCII punctuation: no character of it is non-ASCII, no
    // apostrophe, hyphen or inner full stop goes on into more of it.
    let joined = |b: u8| {
        matches!(b, b'.' | b'\'' | b'-' | b'&')
            && bytes.get(j + 1).is_some_and(|&n| n >= 0x80 || n.is_ascii_alphanumeric())
    };
    let ascii_word = j > start && bytes.get(j).is_none_or(|&b| b.is_ascii() && !joined(b));
    if ascii_word {
        if bytes[start].is_ascii_uppercase() {
            let shape = &text[start..end];
            let initial;
            (word.acronym, word.capitalised, initial) = shape_of(text, end, shape, letters, upper, upper < letters);
            end += usize::from(initial); // the full stop
        }
    } else {
        while j < bytes.len() {
            let ch = char_at(text, j);
            let next = j + ch.len_utf8();
            if is_alphanumeric(ch) {
                end = next;
            } else if ch == '-' && bytes[start].is_ascii_uppercase() && common_tail(&text[next..]) {
                // A capitalised word does not go on in a common lower-case word after a
                // hyphen: "Prize" in "Prize-winning", "Hammond" in "Hammond-said" (but
                // "Geun-hye" is one word).
                break;
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
            for c in shape.chars().filter(|c| c.is_alphabetic()) {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                } else if letters > 1 && c.is_lowercase() {
                    lower_after_first = true;
                }
            }
            let initial;
            (word.acronym, word.capitalised, initial) = shape_of(text, end, shape, letters, upper, lower_after_first);
            end += usize::from(initial); // the full stop
        }
    }
    // Punctuation between two words (a comma, a bracket, a dash) parts them.
    let mut i = end;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                break;
            }
            // ASCII white space (as `char::is_whitespace` has it) and the apostrophe join.
            if !matches!(b, b' ' | b'\t'..=b'\r' | b'\'') {
                word.stops_run = true;
            }
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        if is_alphanumeric(c) {
            break;
        }
        if !c.is_whitespace() && c != '’' {
            word.stops_run = true;
        }
        i += c.len_utf8();
    }
    word.next = i;
    word
}

/// Whether a word starting with a capital, `shape`, ending at byte `end` of `text`, is an
/// acronym, whether it is capitalised, and whether it is an initial or an abbreviated title
/// before ". " ("J." in "Donald J. Trump", "Sen."): those count as capitalised, as they
/// belong to the name around them, and take their full stop with them.
fn shape_of(
    text: &str,
    end: usize,
    shape: &str,
    letters: usize,
    upper: usize,
    lower_after_first: bool,
) -> (bool, bool, bool) {
    let acronym = upper >= 2 && upper == letters && letters <= 6;
    let initial =
        text.as_bytes().get(end..end + 2) == Some(b". ") && ((letters == 1 && upper == 1) || is_abbreviation(shape));
    (acronym, initial || (!acronym && lower_after_first), initial)
}

/// The longest abbreviation's length, checked when the crate builds.
const LONGEST_ABBREVIATION: usize = 6;
const _: () = {
    let mut i = 0;
    while i < crate::corpus::ABBREVIATIONS.len() {
        assert!(crate::corpus::ABBREVIATIONS[i].len() <= LONGEST_ABBREVIATION);
        i += 1;
    }
};

/// True for an abbreviation that takes a full stop ("Sen", "Dr", "Jan").
fn is_abbreviation(word: &str) -> bool {
    word.len() <= LONGEST_ABBREVIATION && crate::corpus::ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// True when a word, as detection reads words, starts at byte `at` (a letter or digit): the
/// character before it is no letter or digit, nor an apostrophe, hyphen, full stop or
/// ampersand joining it to the word before (`starts::starts_word` counts those as starts).
fn starts_whole_word(text: &str, at: usize) -> bool {
    // Most often an ASCII space or punctuation mark stands before: no need to decode.
    match at.checked_sub(1).map(|i| text.as_bytes()[i]) {
        None => return true,
        Some(b) if b.is_ascii() && !matches!(b, b'.' | b'\'' | b'-' | b'&') => return !b.is_ascii_alphanumeric(),
        _ => {}
    }
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
        // abcnews.go.com and cnn.com, February 2017: the court and the title are not the name.
        assert_eq!(
            names("US District Court Judge James Robart upended Trump's executive order nationwide Friday"),
            [("James Robart".into(), Kind::Person)]
        );
        // aljazeera.com, February 2017: a title after a title names nobody.
        assert_eq!(names("the health status of Mr President is an issue that only Mr President would discuss"), []);
        // A title's first word that starts a body's or a place's name is no title.
        assert_eq!(
            names("a spokesman for the Justice Department said"),
            [("Justice Department".into(), Kind::Organisation)]
        );
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
    fn a_word_starts_after_space_and_punctuation_but_not_inside_a_joined_word() {
        for (text, at, starts) in [
            ("B", 0, true),
            ("aB", 1, false),
            ("x -Y", 3, true),
            ("x-Y", 2, false),
            ("U.S.-China", 5, true),
            ("a’B", 4, false),
            ("—B", 3, true),
            ("é B", 3, true),
            ("éB", 2, false),
            ("(B", 1, true),
        ] {
            assert_eq!(starts_whole_word(text, at), starts, "{text:?} at {at}");
        }
    }

    #[test]
    fn a_listed_word_with_a_zero_byte_does_not_stand_for_the_word_without_it() {
        let lists = WordLists {
            organisation_words: vec!["Holdings".into()],
            stopwords: vec!["holdings\0".into()],
            ..WordLists::default()
        };
        // Maps are seeded afresh for each detector: the answer must not depend on the seed.
        for _ in 0..20 {
            let found = Detector::new(&lists).detect("He met Okafor Holdings today.");
            assert_eq!(found, [Detected { range: 7..22, kind: Kind::Organisation }]);
        }
    }

    #[test]
    fn short_keys_are_lower_cased_ascii_words_read_in_place() {
        let key = |word: &str| {
            let mut bytes = [0u8; 16];
            bytes[..word.len()].copy_from_slice(word.to_ascii_lowercase().as_bytes());
            u128::from_le_bytes(bytes)
        };
        let text = "The Bank of AZaz@[`{ Lagos, Kingdom-Wide Endeavours Holdings é";
        for word in ["The", "Bank", "of", "AZaz@[`{", "Lagos", "Kingdom-Wide", "Endeavours", "Holdings"] {
            let start = text.find(word).unwrap();
            let end = start + word.len();
            assert_eq!(short_key_at(text.as_bytes(), start, end), Some(key(word)), "{word:?} in place");
            assert_eq!(short_key(word), Some(key(word)), "{word:?} alone");
        }
        assert_eq!(short_key("Kingdom-Wide Endeavours"), None, "longer than 16 bytes");
        assert_eq!(short_key("Zoë"), None, "not ASCII");
        assert_eq!(short_key_at("Zoé x".as_bytes(), 0, 2), Some(key("zo")), "only the word is read");
    }

    #[test]
    fn the_builtin_lists_parse() {
        let lists = WordLists::builtin();
        assert!(lists.stopwords.len() > 100);
        assert!(lists.person_titles.iter().any(|t| t == "Vice Premier"));
        assert!(lists.person_titles.iter().any(|t| t == "Secretary of State"));
    }
}
