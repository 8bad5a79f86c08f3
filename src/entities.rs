//! Named entities: the people, organisations, places and commodities articles mention.
//!
//! Recognition runs once per corpus (at load; the reader runs it in the background right after
//! it opens): a gazetteer scan (Aho-Corasick, case-sensitive, longest match first, anchored at
//! word starts) finds the known names and their aliases, and detection finds capitalised names
//! that no list holds. The [`EntityIndex`] then maps each entity to the articles and byte
//! ranges of its mentions.

pub mod cooccurrence;
pub mod corrections;
mod detect;
mod gazetteer;
mod index;
mod scan;
mod starts;

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use serde::Deserialize;

use crate::corpus::{Article, BlockKind};
pub use detect::{Detected, Detector, WordLists};
pub use gazetteer::{Entry, Gazetteer};
pub use index::{ArticleEntities, Entity, EntityId, EntityIndex, Mention, Named, Provenance};
use starts::{Starts, TextBits};

/// Surnames by their text, looked up for capitalised words: a fast hasher.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A person.
    Person,
    /// A company, government body, international organisation, party, news outlet…
    Organisation,
    /// A country, city, region or named building.
    Place,
    /// A traded good or critical mineral.
    Commodity,
    /// A named event.
    Event,
    /// A name of no known kind.
    Other,
}

impl Kind {
    /// Every kind, in the order the reader lists them.
    pub const ALL: [Kind; 6] =
        [Kind::Person, Kind::Organisation, Kind::Place, Kind::Commodity, Kind::Event, Kind::Other];

    /// The kind's name, as the gazetteer and `--kind` write it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organisation => "organisation",
            Kind::Place => "place",
            Kind::Commodity => "commodity",
            Kind::Event => "event",
            Kind::Other => "other",
        }
    }

    /// Position in [`Kind::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let lower = text.to_ascii_lowercase();
        let lower = if lower == "organization" { "organisation".to_owned() } else { lower };
        Kind::ALL.into_iter().find(|k| k.name() == lower).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            format!("unknown kind {text:?}: kinds are {}", names.join(", "))
        })
    }
}

/// What a found name refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A gazetteer entry, through one of its surface forms.
    Known {
        /// The entry's index in the gazetteer.
        entry: u32,
        /// The surface form's index among the recogniser's patterns.
        pattern: u32,
    },
    /// A name no gazetteer lists, of a detected kind.
    Unknown(Kind),
    /// A person's surname alone, standing for the unlisted full name at `full` in the same text.
    Surname {
        /// Where the full name is.
        full: Range<usize>,
    },
}

/// A name found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// What it names.
    pub target: Target,
}

/// One surface form of a gazetteer entry.
#[derive(Clone, Debug)]
struct Pattern {
    /// The entry it names.
    entry: u32,
    /// The form, as written.
    text: String,
    /// The capitalised twin of a lower-case form: it counts only at the start of a sentence.
    sentence_start: bool,
}

/// `text` with its first letter upper-cased.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// True when nothing but space and opening punctuation stands between `at` and the end of
/// the previous sentence (or the start of the text).
fn opens_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '*' | '-' | '—' | '•')
    });
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', '\n'])
}

/// A recogniser built when first asked for, on the thread that asks: building one takes tens
/// of milliseconds (the gazetteer's thousands of names), which the reader's first frame does
/// not wait for.
#[derive(Debug)]
pub struct DeferredRecogniser {
    built: OnceLock<Arc<Recogniser>>,
    recipe: Mutex<Option<Recipe>>,
}

/// What a [`DeferredRecogniser`] is built from.
#[derive(Debug)]
enum Recipe {
    /// The built-in one, shared.
    Builtin,
    /// The built-in gazetteer with the user's merged in, in order, and these lists.
    Custom { gazetteers: Vec<Gazetteer>, lists: WordLists, detect_unknown: bool },
}

impl DeferredRecogniser {
    /// The built-in recogniser ([`Recogniser::builtin`]), when first asked for.
    #[must_use]
    pub fn builtin() -> Self {
        Self { built: OnceLock::new(), recipe: Mutex::new(Some(Recipe::Builtin)) }
    }

    /// A recogniser of the built-in gazetteer with `gazetteers` merged in (in order: an entry
    /// replaces an earlier one with the same name), and these lists.
    #[must_use]
    pub fn custom(gazetteers: Vec<Gazetteer>, lists: WordLists, detect_unknown: bool) -> Self {
        let recipe = Recipe::Custom { gazetteers, lists, detect_unknown };
        Self { built: OnceLock::new(), recipe: Mutex::new(Some(recipe)) }
    }

    /// The recogniser, built now if it is not yet (a second thread asking meanwhile waits).
    ///
    /// # Panics
    ///
    /// If building it panicked before, on another thread.
    pub fn get(&self) -> Arc<Recogniser> {
        let build = || {
            let recipe = self.recipe.lock().expect("no build panicked").take().expect("built once");
            match recipe {
                Recipe::Builtin => Recogniser::builtin(),
                Recipe::Custom { gazetteers, lists, detect_unknown } => {
                    let mut gazetteer = Gazetteer::builtin();
                    for user in gazetteers {
                        gazetteer.merge(user);
                    }
                    Arc::new(Recogniser::new(gazetteer, &lists, detect_unknown))
                }
            }
        };
        Arc::clone(self.built.get_or_init(build))
    }

    /// The recogniser if it is built, without waiting.
    #[must_use]
    pub fn ready(&self) -> Option<Arc<Recogniser>> {
        self.built.get().cloned()
    }
}

/// Room made for names, known and detected alike, in a text of so many bytes: enough for most
/// texts (a name every 46 bytes in the dense synthetic corpus, 150 in the seeds), so that
/// the lists of names found seldom grow, and move, as they are filled.
const EXPECTED_BYTES_PER_NAME: usize = 40;

/// Finds names in texts: the gazetteer's, then the detected ones.
#[derive(Clone, Debug)]
pub struct Recogniser {
    gazetteer: Gazetteer,
    /// The automaton of the surface forms.
    longest_at: scan::LongestAt,
    /// Where the automaton may find a name.
    starts: Starts,
    /// The surface forms, in the automaton's order.
    patterns: Vec<Pattern>,
    /// The surname of each gazetteer entry that is a person, if worth looking for alone
    /// (see [`is_plain_surname`]).
    surnames: Vec<Option<Box<str>>>,
    detector: Detector,
    detect_unknown: bool,
    /// A hash of what it was built from (see [`Recogniser::fingerprint`]).
    fingerprint: u64,
}

impl Recogniser {
    /// Builds a recogniser. Every name and alias of the gazetteer is a pattern; one starting
    /// in lower case (a commodity: "rare earths") also matches capitalised at the start of a
    /// sentence, and only there ("Rice" opens a sentence; "Condoleezza Rice" is not rice).
    ///
    /// # Panics
    ///
    /// With more than 4 billion entries, or patterns the automaton cannot hold.
    #[must_use]
    pub fn new(gazetteer: Gazetteer, lists: &WordLists, detect_unknown: bool) -> Self {
        let fingerprint = {
            let mut hasher = xxhash_rust::xxh3::Xxh3::new();
            std::hash::Hash::hash(&(&gazetteer, lists, detect_unknown), &mut hasher);
            std::hash::Hasher::finish(&hasher)
        };
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (index, entry) in gazetteer.entries().iter().enumerate() {
            let index = u32::try_from(index).expect("fewer than 4 billion entities");
            let forms: Vec<&str> = std::iter::once(&entry.name).chain(&entry.aliases).map(|f| f.trim()).collect();
            let lower: Vec<&str> = forms.iter().copied().filter(|f| f.starts_with(char::is_lowercase)).collect();
            let capitalised: Vec<String> = lower.iter().map(|f| capitalise(f)).collect();
            for form in forms.iter().map(|f| (*f).to_owned()).chain(capitalised.iter().cloned()) {
                // A form that names two entities names the first.
                if seen.insert(form.clone()) {
                    let sentence_start = capitalised.contains(&form);
                    patterns.push(Pattern { entry: index, text: form, sentence_start });
                }
            }
        }
        let longest_at = scan::LongestAt::new(patterns.iter().map(|p| p.text.as_str()));
        let starts = Starts::new(patterns.iter().map(|p| p.text.as_str()));
        let mut detector = Detector::new(lists);
        detector.add_given_names(
            gazetteer
                .entries()
                .iter()
                .filter(|e| e.kind == Kind::Person)
                .filter_map(|e| e.name.split_once(' ').map(|(first, _)| first)),
        );
        let surnames = gazetteer
            .entries()
            .iter()
            .map(|e| {
                let surname = last_word(&e.name).filter(|s| e.kind == Kind::Person && is_plain_surname(&detector, s));
                surname.map(Box::from)
            })
            .collect();
        Self { gazetteer, longest_at, starts, patterns, surnames, detector, detect_unknown, fingerprint }
    }

    /// A hash of the gazetteer, word lists and switches it was built from: two recognisers
    /// with the same fingerprint find the same names (what a cache of names is valid for).
    #[must_use]
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The built-in gazetteer and word lists, with detection on; built once and shared.
    #[must_use]
    pub fn builtin() -> Arc<Self> {
        static BUILTIN: LazyLock<Arc<Recogniser>> =
            LazyLock::new(|| Arc::new(Recogniser::new(Gazetteer::builtin(), &WordLists::builtin(), true)));
        Arc::clone(&BUILTIN)
    }

    /// The gazetteer.
    #[must_use]
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The text of a pattern (a surface form of a gazetteer entry).
    #[must_use]
    pub fn pattern(&self, pattern: u32) -> &str {
        &self.patterns[pattern as usize].text
    }

    /// The gazetteer's names in a text, on word boundaries, longest first. The automaton runs
    /// anchored at the starts of words that may begin a name, never inside a word (every name
    /// starts with a letter or digit: the gazetteer checks).
    #[must_use]
    pub fn known(&self, text: &str) -> Vec<Found> {
        self.known_in(text, &TextBits::of(text))
    }

    /// The same, with the text's bits worked out already.
    fn known_in(&self, text: &str, bits: &TextBits) -> Vec<Found> {
        let bytes = text.as_bytes();
        if self.patterns.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::with_capacity(text.len() / EXPECTED_BYTES_PER_NAME);
        let mut candidates = starts::Candidates::words(text, bits, 0);
        while let Some(at) = candidates.next() {
            // The three bytes first: they rule out most words.
            if self.starts.may_start(bytes, at)
                && (candidates.is_exact(at)
                    || (text[at..].starts_with(char::is_alphanumeric) && starts::starts_word(text, at)))
                && let Some((pattern, end)) = self.longest_at.find(bytes, at, bits.ascii_word_len(at))
            {
                let form = &self.patterns[pattern as usize];
                let ends_word = !text[end..].chars().next().is_some_and(char::is_alphanumeric);
                if ends_word
                    && (!form.sentence_start || opens_sentence(text, at))
                    && !self.ends_other_name(text, at, form)
                {
                    found.push(Found { range: at..end, target: Target::Known { entry: form.entry, pattern } });
                    candidates.skip_to(end);
                }
            }
        }
        found
    }

    /// True when the match of `form` at `at` is part of another name or phrase: a word its
    /// entry lists as `not_after` stands right before it ("potato chips"), or `form` is one
    /// word that is not a person's full name (a surname: "Obama") and a capitalised word that
    /// is no title and no stopword stands right before it ("Michelle Obama" is not Barack
    /// Obama; "President Obama" is; detection then reads the whole name).
    fn ends_other_name(&self, text: &str, at: usize, form: &Pattern) -> bool {
        let entry = &self.gazetteer.entries()[form.entry as usize];
        let word = || {
            let before = text[..at].strip_suffix(' ')?;
            let start = before
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            Some(&before[start..])
        };
        // The entry's own list of words that make the phrase something else ("potato chips").
        if !entry.not_after.is_empty()
            && word().is_some_and(|w| entry.not_after.iter().any(|n| n.eq_ignore_ascii_case(w)))
        {
            return true;
        }
        if entry.kind != Kind::Person || form.text.contains(' ') || form.text == entry.name {
            return false;
        }
        word().is_some_and(|w| {
            w.starts_with(char::is_uppercase) && !self.detector.is_stopword(w) && !self.detector.may_start_title(w)
        })
    }

    /// Every name in an article's text: known ones everywhere, the place in a dateline,
    /// detected ones in running text (not headings) where they do not overlap a known one, and
    /// surnames standing alone after a person's full name. Sorted by position.
    #[must_use]
    pub fn article(&self, article: &Article) -> Vec<Found> {
        let text = joined_lines(&article.text);
        let bits = TextBits::of(&text);
        let mut found = self.known_in(&text, &bits);
        let first_paragraph = article.blocks.first().filter(|b| b.kind == BlockKind::Paragraph);
        if let Some(block) = first_paragraph {
            let dateline = self.dateline(&text[..block.range.end as usize]);
            if !dateline.is_empty() {
                found.retain(|f| !dateline.iter().any(|d| d.range.start < f.range.end && f.range.start < d.range.end));
                found.extend(dateline);
                found.sort_by_key(|f| f.range.start);
            }
        }
        if self.detect_unknown {
            let mut detected = Vec::with_capacity(text.len() / EXPECTED_BYTES_PER_NAME);
            let mut in_block = Vec::new();
            for block in &article.blocks {
                if matches!(block.kind, BlockKind::Heading | BlockKind::Preformatted) {
                    continue;
                }
                let start = block.range.start as usize;
                let block_text = &text[start..block.range.end as usize];
                in_block.clear();
                self.detector.detect_in(block_text, &bits, start, &mut in_block);
                detected.extend(in_block.iter().map(|d| Found {
                    range: d.range.start + start..d.range.end + start,
                    target: Target::Unknown(d.kind),
                }));
            }
            merge_detected(&mut found, detected);
            self.unshout(&text, &mut found);
            join_bodies(&text, &mut found);
            let surnames = self.surnames(&text, &bits, &found);
            merge_detected(&mut found, surnames);
        }
        found
    }

    /// The range of the place a dateline opening the article names ("MOSCOW, February 7.
    /// /TASS/.", "Washington (CNN)"): where the article was written.
    #[must_use]
    pub fn dateline_place(&self, article: &Article) -> Option<Range<usize>> {
        let block = article.blocks.first().filter(|b| b.kind == BlockKind::Paragraph)?;
        // The first paragraph alone (and the byte after it, which tells whether its last line
        // break is a lone one): joining lines keeps every byte where it was.
        let text = &article.text;
        let end = (block.range.end as usize + 1).min(text.len());
        let end = if text.is_char_boundary(end) { end } else { block.range.end as usize };
        let opening = joined_lines(&text[..end]);
        let opening = &opening[..block.range.end as usize];
        self.dateline(opening).into_iter().next().map(|f| f.range)
    }

    /// Detected names written in capitals that the gazetteer knows in title case ("RUSSIA"
    /// is Russia, not an organisation called RUSSIA).
    fn unshout(&self, text: &str, found: &mut [Found]) {
        for f in found.iter_mut().filter(|f| matches!(f.target, Target::Unknown(_))) {
            let name = &text[f.range.clone()];
            if name.len() < 4 || name.chars().any(char::is_lowercase) {
                continue;
            }
            let titled = title_case(name);
            if let Some(k) = self.known(&titled).into_iter().find(|k| k.range == (0..titled.len())) {
                f.target = k.target;
            }
        }
    }

    /// The place names of a dateline opening the text ("SANTA CLARA, Calif. —", "KYIV,
    /// Ukraine (AP) —"): the capitalised first part as a known place, else as an unlisted one;
    /// the parts after a comma when the gazetteer knows them.
    fn dateline(&self, text: &str) -> Vec<Found> {
        let line = text.lines().next().unwrap_or("");
        // A dateline stands within the first 80 bytes (cut at a character's start).
        let cut = (0..=line.len().min(80)).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
        let opening = &line[..cut];
        let Some(end) = [" — ", " – ", " - ", " (", "—", ". /"].iter().filter_map(|sep| opening.find(sep)).min()
        else {
            return Vec::new();
        };
        // "Washington (CNN)": a news agency in brackets makes a dateline of a place written
        // in plain title case too.
        let agency = line[end..]
            .strip_prefix(" (")
            .and_then(|rest| rest.split_once(')'))
            .is_some_and(|(name, _)| (2..=8).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_uppercase()));
        let head = &line[..end];
        let mut found = Vec::new();
        let mut at = 0;
        for (n, part) in head.split(", ").enumerate() {
            let range = at..at + part.len();
            at += part.len() + 2;
            let letters = part.chars().filter(|c| c.is_alphabetic()).count();
            if n == 0 {
                let shouted =
                    letters >= 3 && part.chars().all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-'));
                let titled_words = letters >= 3
                    && part.split(' ').all(|w| w.starts_with(char::is_uppercase))
                    && part.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-'));
                if !(shouted || (agency && titled_words)) {
                    return Vec::new();
                }
                let titled = title_case(part);
                let known = self.known(&titled);
                match known.into_iter().find(|k| k.range == (0..titled.len())) {
                    Some(k) => found.push(Found { range, target: k.target }),
                    None => found.push(Found { range, target: Target::Unknown(Kind::Place) }),
                }
            } else {
                found.extend(
                    self.known(part)
                        .into_iter()
                        .filter(|k| k.range == (0..part.len()))
                        .map(|k| Found { range: range.clone(), target: k.target }),
                );
            }
        }
        found
    }

    /// Surnames standing alone after a person's full name ("Colette Kress … Kress said"), for
    /// listed people whose surname is not an alias, and for unlisted ones.
    fn surnames(&self, text: &str, bits: &TextBits, found: &[Found]) -> Vec<Found> {
        // Each surname looked for: the first person named so, and where their full name ends.
        let mut people: HashMap<&str, (usize, Target)> = HashMap::default();
        for f in found {
            let (surname, target) = match &f.target {
                Target::Known { entry, .. } => match &self.surnames[*entry as usize] {
                    Some(surname) => (surname.as_ref(), f.target.clone()),
                    None => continue,
                },
                Target::Unknown(Kind::Person) => {
                    // A person named again is looked at once.
                    match last_word(&text[f.range.clone()]).filter(|s| !people.contains_key(s)) {
                        Some(surname) if is_plain_surname(&self.detector, surname) => {
                            (surname, Target::Surname { full: f.range.clone() })
                        }
                        _ => continue,
                    }
                }
                _ => continue,
            };
            people.entry(surname).or_insert((f.range.end, target));
        }
        let mut out = Vec::new();
        if people.is_empty() {
            return out;
        }
        // One pass over the capitalised words of the text.
        let bytes = text.as_bytes();
        // The capital letters the surnames start with: other words are passed over unread.
        let capitals = people.keys().fold(0u32, |set, s| match s.as_bytes()[0].checked_sub(b'A') {
            Some(letter) if letter < 26 => set | 1 << letter,
            _ => set,
        });
        let mut words = starts::Candidates::capitals(text, bits, 0);
        words.skip_to(people.values().map(|(after, _)| *after).min().unwrap_or(0));
        while let Some(i) = words.next() {
            let letter = bytes[i].wrapping_sub(b'A');
            if letter >= 26 || capitals & 1 << letter == 0 {
                continue;
            }
            // The word's letters and digits, and any non-ASCII characters among them.
            let mut end = i + bits.ascii_word_len(i);
            if bytes.get(end).is_some_and(|b| !b.is_ascii()) {
                end += bytes[end..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric() && b.is_ascii())
                    .unwrap_or(bytes.len() - end);
            }
            if let Some((after, target)) = people.get(&text[i..end])
                && *after <= i
                && is_word_boundary(text, i, end)
            {
                out.push(Found { range: i..end, target: target.clone() });
            }
            words.skip_to(end);
        }
        out.sort_by_key(|f| f.range.start);
        out
    }
}

/// `text` in title case ("SANTA CLARA" → "Santa Clara"), at the same byte offsets: only ASCII
/// letters change.
fn title_case(text: &str) -> String {
    text.char_indices()
        .map(|(i, c)| if i > 0 && text[..i].ends_with(char::is_alphabetic) { c.to_ascii_lowercase() } else { c })
        .collect()
}

/// The last word of a name, if there is one before it.
fn last_word(name: &str) -> Option<&str> {
    let mut words = name.split_whitespace();
    let first = words.next();
    words.next_back().filter(|_| first.is_some())
}

/// True for a surname worth looking for alone: at least three characters long, capitalised
/// and no stopword.
fn is_plain_surname(detector: &Detector, surname: &str) -> bool {
    surname.chars().count() >= 3 && surname.starts_with(char::is_uppercase) && !detector.is_stopword(surname)
}

/// The text with single line breaks (inside preformatted blocks) read as spaces, so that a
/// name broken across a line is still found; byte offsets do not change.
fn joined_lines(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\n' && (i == 0 || bytes[i - 1] != b'\n') && bytes.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\n', bytes).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let joined: String = text.char_indices().map(|(i, c)| if c == '\n' && lone(i) { ' ' } else { c }).collect();
    std::borrow::Cow::Owned(joined)
}

/// True when a match stands alone: no letter or digit glued to either end. A possessive
/// (`China's`) or a hyphen (`U.S.-China`) after it is a boundary.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// A known name right before a detected organisation of two words or more is the first word
/// of the organisation's name ("Gulf Research Center", "Senate Intelligence Committee",
/// "Guangzhou Port Group"), not a name of its own.
fn join_bodies(text: &str, found: &mut Vec<Found>) {
    let mut i = 0;
    while i + 1 < found.len() {
        let (known, body) = (&found[i], &found[i + 1]);
        if matches!(known.target, Target::Known { .. })
            && body.target == Target::Unknown(Kind::Organisation)
            && text.get(known.range.end..body.range.start) == Some(" ")
            && text[body.range.clone()].contains(' ')
        {
            // "the Gulf" (a known form) starts "Gulf Research Center".
            let known_text = &text[known.range.clone()];
            let lower_words: usize =
                known_text.split_inclusive(' ').take_while(|w| w.starts_with(char::is_lowercase)).map(str::len).sum();
            let start = known.range.start + lower_words;
            found[i + 1].range.start = start;
            found.remove(i);
        }
        i += 1;
    }
}

/// Adds the detected names that do not overlap a known one; keeps the list sorted.
fn merge_detected(found: &mut Vec<Found>, mut detected: Vec<Found>) {
    // Both lists are sorted, and their names do not overlap within either: the known names
    // that end before a detected one are passed over for good.
    let mut ahead = 0;
    detected.retain(|d| {
        while found.get(ahead).is_some_and(|k| k.range.end <= d.range.start) {
            ahead += 1;
        }
        found.get(ahead).is_none_or(|k| k.range.start >= d.range.end)
    });
    if detected.is_empty() {
        return;
    }
    let mut merged = Vec::with_capacity(found.len() + detected.len());
    let mut known = std::mem::take(found).into_iter().peekable();
    for d in detected {
        // A known name first when both start at one byte.
        while let Some(k) = known.next_if(|k| k.range.start <= d.range.start) {
            merged.push(k);
        }
        merged.push(d);
    }
    merged.extend(known);
    *found = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let entry = |name: &str, kind, aliases: &[&str]| Entry {
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            not_after: Vec::new(),
        };
        Gazetteer::from_entries(vec![
            entry("China", Kind::Place, &[]),
            entry("Bank of China", Kind::Organisation, &[]),
            entry("United States", Kind::Place, &["U.S.", "US", "America"]),
            entry("Donald Trump", Kind::Person, &["Trump", "President Trump"]),
            entry("Rare earth elements", Kind::Commodity, &["rare earths", "rare earth elements"]),
            entry("Scott Bessent", Kind::Person, &["Bessent"]),
        ])
    }

    fn recogniser() -> Recogniser {
        Recogniser::new(gazetteer(), &WordLists::builtin(), true)
    }

    fn names(text: &str) -> Vec<String> {
        recogniser().known(text).into_iter().map(|f| text[f.range].to_owned()).collect()
    }

    /// cnn.com, February 2017.
    #[test]
    fn a_surname_alias_that_ends_another_name_is_not_that_person() {
        let recogniser = Recogniser::builtin();
        let text = "while vacationing on the British Virgin Islands with former first lady Michelle Obama. \
                    President Obama smiled.";
        let found: Vec<&str> = recogniser.known(text).iter().map(|f| &text[f.range.clone()]).collect();
        assert!(found.contains(&"President Obama"), "{found:?}");
        assert!(!found.contains(&"Obama"), "Michelle Obama is not Barack Obama: {found:?}");
        let text = "Sales of potato chips rose as chips from Taiwan sold out.";
        let found: Vec<&str> = recogniser.known(text).iter().map(|f| &text[f.range.clone()]).collect();
        assert_eq!(found, ["chips", "Taiwan"], "potato chips are no semiconductors");
    }

    #[test]
    fn names_match_on_word_boundaries_only() {
        assert_eq!(names("China and Chinas and Indochina"), ["China"]);
        assert_eq!(names("USB sticks; the US and USA"), ["US"]);
    }

    #[test]
    fn possessives_and_hyphenated_forms_match() {
        assert_eq!(names("China's exports and U.S.-China talks"), ["China", "U.S.", "China"]);
        assert_eq!(names("a China-based firm"), ["China"]);
    }

    #[test]
    fn the_longest_name_wins_and_always_the_same_way() {
        let found = recogniser().known("Bank of China lent to China.");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].range, 0..13);
        assert!(matches!(found[0].target, Target::Known { entry: 1, .. }));
        assert!(matches!(found[1].target, Target::Known { entry: 0, .. }));
    }

    #[test]
    fn aliases_resolve_to_one_entity() {
        let found = recogniser().known("Trump, Donald Trump and President Trump");
        let entries: Vec<u32> =
            found.iter().map(|f| if let Target::Known { entry, .. } = f.target { entry } else { 99 }).collect();
        assert_eq!(entries, [3, 3, 3]);
        assert_eq!(names("President Trump spoke"), ["President Trump"]);
    }

    #[test]
    fn lower_case_aliases_match_capitalised_at_a_sentence_start() {
        assert_eq!(names("Rare earths matter. So do rare earths."), ["Rare earths", "rare earths"]);
        assert_eq!(names("He said: \"Rare earths matter\""), ["Rare earths"]);
        assert!(names("the Rare Earths Act and Senator Rare earths").is_empty());
    }

    #[test]
    fn a_name_broken_across_a_line_is_found() {
        assert_eq!(joined_lines("said Scott\nBessent.\n\nNext"), "said Scott Bessent.\n\nNext");
    }

    #[test]
    fn kinds_parse_with_a_helpful_error() {
        assert_eq!("organization".parse::<Kind>(), Ok(Kind::Organisation));
        assert!("persn".parse::<Kind>().unwrap_err().contains("kinds are person, organisation"));
    }
}
