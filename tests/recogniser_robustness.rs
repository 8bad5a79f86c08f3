//! Robustness of the entity recogniser: texts mixing gazetteer names, capitalised words,
//! non-ASCII letters (some that change length when their case changes), combining marks,
//! emoji, curly quotes, dashes, possessives, initials, abbreviations, lone newlines and
//! datelines never make it panic, and every range it finds is a non-empty, in-bounds slice of
//! the text on character boundaries; the ranges are sorted and do not overlap.
//!
//! Articles are checked both built by hand (blocks of every kind, lone newlines anywhere) and
//! as the loader makes them from `.txt`, `.md` and `.jsonl` files (which also builds the
//! entity index, titles included).

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use newsdesk::corpus::{self, Article, ArticleId, Block, BlockKind, LoadOptions, Location, Origin, SourceId};
use newsdesk::entities::{Detector, Entry, Found, Gazetteer, Kind, Recogniser, Target, WordLists};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

/// Pieces of text that exercise the gazetteer scan, detection, datelines and surnames.
const FRAGMENTS: &[&str] = &[
    // Gazetteer names and aliases, possessive and hyphenated forms.
    "Donald Trump",
    "Trump",
    "President Trump",
    "Donald J. Trump",
    "Bank of China",
    "China",
    "China's",
    "China’s",
    "U.S.",
    "U.S.-China",
    "US",
    "United States",
    "São Paulo",
    "rare earths",
    "Rare earths",
    "Rare earth elements",
    "crude oil",
    "Crude",
    "Scott Bessent",
    "Bessent",
    "Xi Jinping",
    "Jinping",
    "He Lifeng",
    "Markus Söder",
    "Söder",
    "Ekrem İmamoğlu",
    "İmamoğlu",
    "Erdoğan",
    "Jean-Luc Mélenchon",
    "Lan Fo'an",
    "von der Leyen",
    "al-Assad",
    "the UN",
    "eBay",
    "xAI",
    "J.D. Vance",
    "Robert F. Kennedy Jr.",
    "Kennedy",
    "Kim Jong-un",
    "Luiz Inácio Lula da Silva",
    // Titles, abbreviations, initials.
    "Secretary of State",
    "Vice Premier",
    "Vice",
    "Treasury Secretary",
    "Prime Minister",
    "Deputy",
    "Secretary-General",
    "Sen.",
    "Sen. ",
    "Dr.",
    "Dr. ",
    "Mr",
    "Gen. ",
    "J. ",
    "A.",
    "St.",
    "No.",
    "Inc.",
    "Co.",
    "B.B.",
    // Unlisted names, organisations, places, acronyms.
    "Mara Okonkwo",
    "Okonkwo",
    "Tariq Haddad",
    "Haddad",
    "Ministry of Foreign Affairs",
    "Reserve Bank of Malawi",
    "Samajwadi Party of Akhilesh Yadav",
    "Dolmabahce Palace",
    "OPEC",
    "IMF",
    "INE",
    "AT&T",
    "S&P 500",
    "Procter & Gamble",
    "McDonald's",
    "O'Neil",
    "D’Arcy",
    "Müller",
    "ÉLYSÉE",
    "Élysée Palace",
    "ÖZIL",
    "Мария Иванова",
    "Москва",
    "Ωmega Holdings",
    "Ελλάδα",
    "北京",
    "習近平",
    "Ｆｕｌｌ Ｗｉｄｔｈ",
    "E\u{301}cole Normale",
    "Jose\u{301} Pe\u{301}rez",
    // Letters whose case mappings change length, titlecase and odd letters.
    "é",
    "É",
    "ß",
    "ẞ",
    "İ",
    "ǅ",
    "ǆ",
    "ǅemal Ǆ",
    "ŉ",
    "ﬁ",
    "Ⅻ",
    "١٢٣",
    "\u{301}",
    "\u{345}",
    "e\u{301}",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "\u{200b}",
    "\u{feff}",
    "\u{a0}",
    "\u{2028}",
    // Punctuation.
    "(AP)",
    "(",
    ")",
    "[",
    "—",
    " — ",
    "–",
    " – ",
    " - ",
    "-",
    "’s",
    "'s",
    "’",
    "‘",
    "“",
    "”",
    "\"",
    "'",
    ".",
    ". ",
    ",",
    ", ",
    ";",
    ":",
    "!",
    "?",
    "&",
    "*",
    "•",
    "\t",
    "\r\n",
    "\n",
    "\n\n",
    " ",
];

/// What stands between two tokens.
const SEPARATORS: &[&str] = &[" ", " ", " ", " ", "", ", ", ". ", "\n", "\n\n", "-", "’", "'s ", " — ", ".\n\n"];

/// Datelines that may open a text.
const DATELINES: &[&str] = &[
    "KYIV, Ukraine (AP) — ",
    "SÃO PAULO — ",
    "SÃO PAULO, Brazil (AP) — ",
    "WASHINGTON — ",
    "BEIJING, China — ",
    "SANTA CLARA, Calif. —",
    "İSTANBUL (Reuters) - ",
    "MÜNCHEN, Germany – ",
    "DÜSSELDORF—",
    "ÉÉÉ, ÉÉÉ (AP) — ",
    "ǅǅǅ — ",
    "ẞẞẞ — ",
    "KYIV, , — ",
    ", — ",
    "KYIV,",
];

/// One token of a text.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(FRAGMENTS).prop_map(str::to_owned),
        3 => "[a-z]{1,9}",
        3 => "[A-Z][a-z]{1,9}",
        1 => "[A-Z]{1,6}",
        1 => "[A-ZÀ-ÞİΑ-ΩА-Я][a-zß-ÿıα-ωа-я]{0,6}",
        1 => "\\PC{1,4}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// A shouted dateline head long enough to reach the 80-byte cut, in multi-byte letters.
fn long_dateline() -> impl Strategy<Value = String> {
    ("[A-ZÉÖÃİ .'-]{20,90}", select(&[" — ", " – ", " - ", " (", "—", ", Ukraine — "][..]))
        .prop_map(|(head, sep)| head + sep)
}

/// A text: maybe a dateline, then tokens and separators.
fn text() -> impl Strategy<Value = String> {
    let opening = prop_oneof![
        2 => Just(String::new()),
        3 => select(DATELINES).prop_map(str::to_owned),
        2 => long_dateline(),
    ];
    (opening, prop::collection::vec((token(), select(SEPARATORS)), 0..60)).prop_map(|(opening, tokens)| {
        let mut text = opening;
        for (token, separator) in tokens {
            text.push_str(&token);
            text.push_str(separator);
        }
        text
    })
}

/// The kinds a hand-built article's blocks take, in turn.
fn block_kinds() -> impl Strategy<Value = Vec<BlockKind>> {
    let kind = select(
        &[
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::ListItem,
            BlockKind::Quote,
            BlockKind::Preformatted,
        ][..],
    );
    prop::collection::vec(kind, 1..6)
}

/// An article built by hand: its blocks are the parts of `text` between blank lines (`\n\n`),
/// of the kinds given in turn; lone newlines stay anywhere.
fn article(title: &str, text: &str, kinds: &[BlockKind]) -> Article {
    let mut blocks = Vec::new();
    let mut at = 0;
    for part in text.split("\n\n") {
        if !part.is_empty() {
            let kind = kinds[blocks.len() % kinds.len()];
            blocks.push(Block { kind, range: at as u32..(at + part.len()) as u32 });
        }
        at += part.len() + 2;
    }
    Article {
        id: ArticleId::from_key("generated.txt"),
        title: title.to_owned(),
        title_derived: false,
        metadata: Vec::new(),
        date_precision: newsdesk::corpus::Precision::Day,
        date: None,
        event_date: None,
        source: SourceId(0),
        url: None,
        authors: Vec::new(),
        tags: Vec::new(),
        origin: Origin { path: Arc::from(Path::new("generated.txt")), line: None, span: None },
        text: text.to_owned(),
        blocks,
        words: corpus::count_words(text),
    }
}

/// Checks that a range is a non-empty slice of `text` on character boundaries.
fn check_range(text: &str, range: &Range<usize>, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(range.start < range.end, "{what}: empty or reversed range {range:?} in {text:?}");
    prop_assert!(range.end <= text.len(), "{what}: range {range:?} past the end ({}) of {text:?}", text.len());
    prop_assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: range {range:?} inside a character of {text:?}"
    );
    Ok(())
}

/// Checks that ranges are sorted by start and do not overlap.
fn check_sorted_apart<'a>(
    text: &str,
    ranges: impl IntoIterator<Item = &'a Range<usize>>,
    what: &str,
) -> Result<(), TestCaseError> {
    let mut previous: Option<&Range<usize>> = None;
    for range in ranges {
        check_range(text, range, what)?;
        if let Some(p) = previous {
            prop_assert!(p.end <= range.start, "{what}: {p:?} and {range:?} overlap or are out of order in {text:?}");
        }
        previous = Some(range);
    }
    Ok(())
}

/// The text as the recogniser reads it: lone newlines as spaces (byte offsets unchanged).
fn joined(text: &str) -> String {
    let bytes = text.as_bytes();
    text.char_indices()
        .map(|(i, c)| {
            let lone = c == '\n' && (i == 0 || bytes[i - 1] != b'\n') && bytes.get(i + 1) != Some(&b'\n');
            if lone { ' ' } else { c }
        })
        .collect()
}

/// The names `recogniser.known` finds in `text`: valid, sorted, apart, each exactly the text
/// of the pattern it names.
fn check_known(recogniser: &Recogniser, text: &str) -> Result<(), TestCaseError> {
    let found = recogniser.known(text);
    check_sorted_apart(text, found.iter().map(|f| &f.range), "known")?;
    for f in &found {
        let Target::Known { entry, pattern } = f.target else {
            return Err(TestCaseError::fail(format!("known found a non-gazetteer target {f:?}")));
        };
        prop_assert!((entry as usize) < recogniser.gazetteer().entries().len());
        prop_assert_eq!(&text[f.range.clone()], recogniser.pattern(pattern));
    }
    Ok(())
}

/// Everything `recogniser.article` promises, and that the whole index can be built on it.
fn check_article(recogniser: &Recogniser, article: &Article) -> Result<(), TestCaseError> {
    let found: Vec<Found> = recogniser.article(article);
    let text = joined(&article.text);
    check_sorted_apart(&text, found.iter().map(|f| &f.range), "article")?;
    let entries = recogniser.gazetteer().entries();
    for f in &found {
        let seen = &text[f.range.clone()];
        match &f.target {
            Target::Known { entry, pattern } => {
                let entry = &entries[*entry as usize];
                // The form itself (in any ASCII case in a shouted dateline), or a listed
                // person's surname standing alone.
                let surname = entry.name.split_whitespace().next_back().filter(|_| entry.kind == Kind::Person);
                prop_assert!(
                    seen.eq_ignore_ascii_case(recogniser.pattern(*pattern)) || surname == Some(seen),
                    "{seen:?} found for pattern {:?} of {:?}",
                    recogniser.pattern(*pattern),
                    entry.name
                );
            }
            Target::Unknown(_) => {}
            Target::Surname { full } => {
                check_range(&text, full, "surname's full name")?;
                prop_assert!(full.end <= f.range.start, "surname {:?} before its full name {full:?}", f.range);
                prop_assert_eq!(text[full.clone()].split_whitespace().next_back(), Some(seen));
            }
        }
    }
    check_known(recogniser, &article.text)?;
    check_known(recogniser, &article.title)?;
    Ok(())
}

/// Checks `Detector::detect` on a text.
fn check_detect(detector: &Detector, text: &str) -> Result<(), TestCaseError> {
    let found = detector.detect(text);
    check_sorted_apart(text, found.iter().map(|d| &d.range), "detect")
}

/// `cases` cases, or as many as `PROPTEST_CASES` asks for (for a longer hunt).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn the_builtin_recogniser_never_panics_and_finds_valid_ranges(
        text in text(),
        title in text(),
        kinds in block_kinds(),
    ) {
        let recogniser = Recogniser::builtin();
        check_article(&recogniser, &article(&title, &text, &kinds))?;
        let detector = Detector::new(&WordLists::builtin());
        check_detect(&detector, &text)?;
        for word in text.split_whitespace() {
            let _ = detector.is_stopword(word);
            let _ = word.parse::<Kind>();
        }
        let _ = text.parse::<Kind>();
    }

    #[test]
    fn any_unicode_text_is_safe(text in "\\PC{0,200}", kinds in block_kinds()) {
        let recogniser = Recogniser::builtin();
        check_article(&recogniser, &article(&text, &text, &kinds))?;
        check_detect(&Detector::new(&WordLists::builtin()), &text)?;
        let _ = Detector::default().is_stopword(&text);
        let _ = text.parse::<Kind>();
    }
}

/// Forms of a user's gazetteer as `Gazetteer::parse` lets them through: not blank, starting
/// with a letter or digit once trimmed; many in lower case (they get a capitalised twin) or
/// starting with letters whose upper case is longer or shorter.
fn user_form() -> impl Strategy<Value = String> {
    prop_oneof![
        select(FRAGMENTS).prop_map(str::to_owned),
        select(
            &[
                "ǆemal",
                "ßtraße",
                "ŉorth",
                "ﬁnance",
                "ıstanbul",
                "éclair",
                "ωmega",
                "ǅemal Begić",
                "İzmir Bank",
                "ǈjub",
                "x",
                "ab",
                "a b",
                "1",
                "9 Elms",
                " padded ",
                "Ab Çdef",
                "Ab Zdeł"
            ][..]
        )
        .prop_map(str::to_owned),
        "[a-zà-ÿßǆıŉ][a-zé'.&-]{0,6}( [A-Za-zÉ][a-zé]{0,5}){0,2}",
        "[A-ZÀ-Þİ][a-zé]{0,6}( [A-ZÉ][a-zé]{0,5}){0,2}",
    ]
    .prop_filter("a valid gazetteer form", |f| f.trim().starts_with(char::is_alphanumeric))
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    let kind = select(&Kind::ALL[..]);
    let entry = (user_form(), kind, prop::collection::vec(user_form(), 0..3)).prop_map(|(name, kind, aliases)| Entry {
        name,
        kind,
        aliases,
        not_after: Vec::new(),
    });
    prop::collection::vec(entry, 1..12)
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn a_user_gazetteer_of_odd_forms_is_safe(
        entries in entries(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), token(), select(SEPARATORS)), 0..40),
        opening in prop_oneof![Just(String::new()), select(DATELINES).prop_map(str::to_owned)],
        kinds in block_kinds(),
        detect_unknown: bool,
    ) {
        let forms: Vec<String> = entries
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
            .flat_map(|f| [f.clone(), f.to_uppercase(), f.to_lowercase()])
            .collect();
        let mut text = opening;
        for (index, token, separator) in picks {
            text.push_str(index.get::<String>(&forms));
            text.push_str(separator);
            text.push_str(&token);
            text.push(' ');
        }
        let recogniser = Recogniser::new(Gazetteer::from_entries(entries), &WordLists::builtin(), detect_unknown);
        check_article(&recogniser, &article(&text, &text, &kinds))?;
    }
}

/// A gazetteer file: entries whose forms may be blank, start with punctuation, or need
/// escaping; then maybe cut short at a character boundary or followed by junk.
fn gazetteer_file() -> impl Strategy<Value = String> {
    let form = prop_oneof![
        4 => user_form(),
        1 => select(&["", " ", "\t", ".com", "-x", "’s", "\"q\"", "a\\b", "é\u{0}", "\n"][..]).prop_map(str::to_owned),
        1 => "\\PC{0,6}",
    ];
    let kind = prop_oneof![select(&Kind::ALL[..]).prop_map(|k| k.name().to_owned()), "\\PC{0,6}"];
    let entry = (form.clone(), kind, prop::collection::vec(form, 0..3));
    (prop::collection::vec(entry, 0..6), any::<prop::sample::Index>(), prop::option::of("\\PC{0,10}")).prop_map(
        |(entries, cut, junk)| {
            let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
            let mut file = String::new();
            for (name, kind, aliases) in entries {
                let aliases: Vec<String> = aliases.iter().map(|a| quote(a)).collect();
                let _ = write!(
                    file,
                    "[[entity]]\nname = {}\nkind = {}\naliases = [{}]\n\n",
                    quote(&name),
                    quote(&kind),
                    aliases.join(", ")
                );
            }
            if let Some(junk) = junk {
                let boundaries: Vec<usize> = file.char_indices().map(|(i, _)| i).chain([file.len()]).collect();
                file.truncate(*cut.get(&boundaries));
                file.push_str(&junk);
            }
            file
        },
    )
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_gazetteer_file_parses_or_is_refused_without_panicking(file in gazetteer_file()) {
        if let Ok(gazetteer) = Gazetteer::parse(&file, Path::new("mine.toml")) {
            let recogniser = Recogniser::new(gazetteer, &WordLists::builtin(), true);
            check_article(&recogniser, &article(&file, &file, &[BlockKind::Paragraph]))?;
        }
    }
}

/// A few entries of the built-in gazetteer (building the whole one for every case is slow).
fn small_gazetteer() -> Gazetteer {
    let entry = |name: &str, kind, aliases: &[&str]| Entry {
        name: name.to_owned(),
        kind,
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        not_after: Vec::new(),
    };
    Gazetteer::from_entries(vec![
        entry("Donald Trump", Kind::Person, &["Trump", "President Trump", "Donald J. Trump"]),
        entry("Xi Jinping", Kind::Person, &["Xi"]),
        entry("Markus Söder", Kind::Person, &[]),
        entry("Bank of China", Kind::Organisation, &[]),
        entry("China", Kind::Place, &[]),
        entry("United States", Kind::Place, &["U.S.", "US"]),
        entry("São Paulo", Kind::Place, &[]),
        entry("Kyiv", Kind::Place, &[]),
        entry("Ukraine", Kind::Place, &[]),
        entry("Rare earth elements", Kind::Commodity, &["rare earths"]),
    ])
}

/// A word a user may add to a list: listed words and odd ones, in any case, one or two words.
fn list_word() -> impl Strategy<Value = String> {
    prop_oneof![
        select(FRAGMENTS).prop_map(str::to_owned),
        select(&["Vice", "Sen.", "Dr", ".", "..", "'s", "of", "İ", "ǅ", "ß", "Σ", "ΣΑΣ", "Mr. .", "Vice Admiral"][..])
            .prop_map(str::to_owned),
        "[A-Za-zÉİ.]{1,6}( [A-Za-zé.]{1,6})?",
    ]
}

proptest! {
    #![proptest_config(config(64))]

    /// The user's extra words (the config's `extra_*` lists, and connectors), any non-blank
    /// ones: blank person titles hang (see below) and are left out here.
    #[test]
    fn a_users_word_lists_are_safe(
        lists in prop::collection::vec((0..5usize, list_word()), 0..20),
        text in text(),
        kinds in block_kinds(),
    ) {
        let mut words = WordLists::builtin();
        for (list, word) in lists {
            match list {
                0 => words.stopwords.push(word),
                1 if !word.trim().is_empty() => words.person_titles.push(word),
                2 => words.organisation_words.push(word),
                3 => words.place_words.push(word),
                _ => words.connectors.push(word),
            }
        }
        let detector = Detector::new(&words);
        check_detect(&detector, &text)?;
        let recogniser = Recogniser::new(small_gazetteer(), &words, true);
        check_article(&recogniser, &article(&text, &text, &kinds))?;
    }
}

/// Values of a strategy, drawn deterministically.
fn draw<S: Strategy>(strategy: &S, runner: &mut TestRunner, n: usize) -> Vec<S::Value> {
    (0..n).map(|_| strategy.new_tree(runner).expect("a value").current()).collect()
}

/// Generated texts written as `.txt`, `.md` and `.jsonl` files into one folder and loaded with
/// the default options, which recognises every article and builds the entity index (titles
/// included); every article is then checked again.
#[test]
fn generated_files_load_and_are_recognised() {
    let mut runner =
        TestRunner::new(Config { rng_seed: proptest::test_runner::RngSeed::Fixed(7), ..Config::default() });
    let texts = draw(&text(), &mut runner, 240);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut records = String::new();
    for (i, text) in texts.iter().enumerate() {
        match i % 3 {
            0 => std::fs::write(dir.path().join(format!("a{i}.txt")), text).expect("written"),
            1 => std::fs::write(dir.path().join(format!("a{i}.md")), text).expect("written"),
            _ => {
                let record = serde_json::json!({ "title": texts[i - 1], "text": text });
                writeln!(records, "{record}").expect("written");
            }
        }
    }
    std::fs::write(dir.path().join("records.jsonl"), records).expect("written");
    let corpus = newsdesk::library::Library::load(
        &[Location::Path(dir.path().to_path_buf())],
        &LoadOptions::default(),
        Some(&newsdesk::entities::Recogniser::builtin()),
        &|_| {},
    );
    assert!(corpus.articles().len() > 100, "{} articles loaded", corpus.articles().len());
    let recogniser = Recogniser::builtin();
    // What was found, by target: known, unknown, surname of an unlisted person, and unknown
    // places opening a text (datelines); the texts must reach every path.
    let mut tally = [0usize; 4];
    for article in corpus.articles() {
        if let Err(e) = check_article(&recogniser, article) {
            panic!("{e} (article {:?}, text {:?})", article.title, article.text);
        }
        for f in recogniser.article(article) {
            match f.target {
                Target::Known { .. } => tally[0] += 1,
                Target::Unknown(Kind::Place) if f.range.start == 0 => tally[3] += 1,
                Target::Unknown(_) => tally[1] += 1,
                Target::Surname { .. } => tally[2] += 1,
            }
        }
    }
    eprintln!("found (known, unknown, surnames, datelines): {tally:?}");
    assert!(tally.iter().all(|&n| n > 0), "some path is never reached: {tally:?}");
    let index = corpus.entities();
    for (i, article) in corpus.articles().iter().enumerate() {
        for m in index.mentions(i) {
            let range = m.start as usize..m.end as usize;
            assert!(article.text.get(range.clone()).is_some(), "mention {range:?} of {:?}", article.text);
        }
        for m in index.title_mentions(i) {
            let range = m.start as usize..m.end as usize;
            assert!(article.title.get(range.clone()).is_some(), "title mention {range:?} of {:?}", article.title);
        }
    }
    for query in ["", "é", "İ", "ǅ", "trump", "ß", "\u{301}"] {
        let _ = index.search(query);
    }
}

/// The bug just fixed: a dateline cut at byte 80 inside a multi-byte character.
#[test]
fn a_dateline_reaching_past_80_bytes_in_multi_byte_letters_is_read() {
    let recogniser = Recogniser::builtin();
    for pad in 70..90 {
        for letter in ["É", "İ", "Ã", "😀", "ẞ"] {
            let text = format!("{}{} — Officials met on Sunday.", "A".repeat(pad), letter.repeat(4));
            let found = recogniser.article(&article("", &text, &[BlockKind::Paragraph]));
            let ranges: Vec<_> = found.iter().map(|f| f.range.clone()).collect();
            assert!(ranges.iter().all(|r| text.get(r.clone()).is_some()), "{ranges:?} in {text:?}");
        }
    }
}

#[test]
fn kinds_parse_from_any_text() {
    for kind in Kind::ALL {
        assert_eq!(kind.name().parse::<Kind>(), Ok(kind));
        assert_eq!(kind.name().to_uppercase().parse::<Kind>(), Ok(kind));
    }
    assert_eq!("ORGANIZATION".parse::<Kind>(), Ok(Kind::Organisation));
    for text in ["", " ", "İ", "person\u{301}", "ǅ", "😀", "perſon", "ＰＥＲＳＯＮ"] {
        assert!(text.parse::<Kind>().is_err(), "{text:?}");
    }
}

#[test]
fn stopwords_are_looked_up_in_any_case_without_panicking() {
    let detector = Detector::new(&WordLists::builtin());
    assert!(detector.is_stopword("The"));
    assert!(detector.is_stopword("THE"));
    // These check only that no such word panics (the answer for each is not the point); a
    // word that is no stopword in any case stays none.
    for word in ["", " ", "İ", "İT", "ǅ", "ß", "ẞ", "e\u{301}", "😀", "\u{0}"] {
        let _ = detector.is_stopword(word);
    }
    assert!(!detector.is_stopword("😀") && !detector.is_stopword(""));
}

/// Runs `f` on another thread and says whether it finished within `limit`.
fn finishes_within(limit: Duration, f: impl FnOnce() + Send + 'static) -> bool {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        f();
        let _ = done.send(());
    });
    finished.recv_timeout(limit).is_ok()
}

/// A blank person title, as a user may write in the config (`[entities]
/// extra_person_titles = [""]`), once matched anywhere and took no word: detection looped
/// forever. The check runs on its own thread so that it fails instead of hanging.
#[test]
fn a_blank_person_title_does_not_hang_detection() {
    let mut lists = WordLists::builtin();
    lists.person_titles.push(String::new());
    let detector = Detector::new(&lists);
    assert!(
        finishes_within(Duration::from_secs(5), move || {
            let _ = detector.detect("said Vice Admiral Mara Okonkwo.");
        }),
        "detection hangs on a blank person title"
    );
}

#[test]
fn a_surname_alone_names_the_person_named_in_full_before_it() {
    let text = "Colette Kress spoke, and Abdelrahmanovicz left. Later Kress said more, and Kress Holdings \
                agreed. Tariq Abdelrahmanovicz met them; Abdelrahmanovicz left.";
    let gazetteer = Gazetteer::from_entries(vec![
        Entry { name: "Colette Kress".into(), kind: Kind::Person, aliases: Vec::new(), not_after: Vec::new() },
        // A zero byte in a listed surname (a typing slip) does not make it "Lopez".
        Entry { name: "Mara Lopez\0".into(), kind: Kind::Person, aliases: Vec::new(), not_after: Vec::new() },
        Entry { name: "Mara Lopez".into(), kind: Kind::Place, aliases: Vec::new(), not_after: Vec::new() },
    ]);
    let recogniser = Recogniser::new(gazetteer, &WordLists::builtin(), true);
    let found = recogniser.article(&article("", text, &[BlockKind::Paragraph]));
    let named = |word: &str| -> Vec<&Target> {
        found.iter().filter(|f| &text[f.range.clone()] == word).map(|f| &f.target).collect()
    };
    // Only after the full name (the first "Abdelrahmanovicz" comes before it), and not inside a
    // longer name.
    assert_eq!(named("Kress"), [&Target::Known { entry: 0, pattern: 0 }], "{found:?}");
    assert_eq!(named("Kress Holdings").len(), 1);
    // An unlisted person's surname, 16 bytes long.
    let full = text.find("Tariq").unwrap();
    assert_eq!(
        named("Abdelrahmanovicz"),
        [&Target::Surname { full: full..full + "Tariq Abdelrahmanovicz".len() }],
        "{found:?}"
    );
    let text = "Mara Lopez\0 x. Lopez said.";
    let alone = text.rfind("Lopez").unwrap();
    let lopez = recogniser.article(&article("", text, &[BlockKind::Paragraph]));
    assert!(lopez.iter().all(|f| f.range.start != alone), "{lopez:?}");
}
