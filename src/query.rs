//! The search query language, parsed: fzf's conventions (terms AND together, each fuzzy;
//! `'exact`, `!exclude`, `"a phrase"`, `^prefix` and `suffix$` on the title, `=word` for the
//! word alone) plus fields
//! (`source:`, `date:`, `after:`, `before:`, `entity:`, `kind:`, `body:`, `undated`).
//!
//! Parsing never fails: a part that does not parse is reported as a [`QueryError`] with its
//! byte range in the query, so the prompt can mark it, and the rest of the query still applies.

use std::fmt;
use std::ops::Range;

use jiff::civil::Date;

use crate::entities::Kind;

/// A parsed query: what every listed article must satisfy, and what went wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The terms, in the order typed; all must hold.
    pub terms: Vec<Term>,
    /// The parts that did not parse; they are left out of `terms`.
    pub errors: Vec<QueryError>,
}

/// One condition of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// What the term tests.
    pub test: Test,
    /// `!` before it: the article must not satisfy the test.
    pub negated: bool,
    /// Where the term is in the query.
    pub span: Range<usize>,
}

/// What a term tests. Text is kept lower-cased: matching ignores case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Test {
    /// A plain word: the word (its inflections, its one-edit typos from five letters on) in the
    /// title, an entity's name or the text, or a compact fuzzy match in the title, the source
    /// or an entity's name; shorter terms match fuzzily only.
    Fuzzy(String),
    /// Exact substring (`'word`) of the title, the source or an entity name.
    Exact(String),
    /// The word itself (`=talk`), whole, in the title, an entity's name, the source or the
    /// text: no inflection, no typo, no fuzzy match.
    Word(String),
    /// Exact phrase (`"a phrase"`) in the title, the source or an entity name.
    Phrase(String),
    /// The title starts with it (`^word`).
    Prefix(String),
    /// The title ends with it (`word$`).
    Suffix(String),
    /// The source's name contains it (`source:dw`).
    Source(String),
    /// The date lies in this inclusive range (`date:`, `after:`, `before:`).
    Dates(DateRange),
    /// The article names an entity whose name or alias contains it (`entity:hassett`).
    Entity(String),
    /// The article names an entity of this kind (`kind:person`); it also narrows `entity:`.
    Kind(Kind),
    /// The clean text contains it, exactly, ignoring case (`body:"rare earths"`).
    Body(String),
    /// The article has no date (`undated`).
    Undated,
    /// The reader has not opened it yet (`unread`; `!unread` for read ones).
    Unread,
    /// The reader starred it (`starred`).
    Starred,
    /// It belongs to the story with this id (`story:8962ef9fee`, a prefix will do), or with
    /// none (`story:` alone), to the story of the article the reader has selected.
    Story(Option<String>),
}

/// An inclusive range of dates; either end may be open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    /// The first date in range.
    pub first: Option<Date>,
    /// The last date in range.
    pub last: Option<Date>,
}

impl DateRange {
    /// True when `date` lies in the range.
    #[must_use]
    pub fn contains(&self, date: Date) -> bool {
        self.first.is_none_or(|f| date >= f) && self.last.is_none_or(|l| date <= l)
    }
}

/// A part of the query that did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// Where it is in the query.
    pub span: Range<usize>,
    /// What is wrong, and what would be right.
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The fields a term can name, for messages and help.
pub const FIELDS: [&str; 8] = ["source", "date", "after", "before", "entity", "kind", "body", "story"];

impl Query {
    /// Parses a query. Never fails; see [`Query::errors`].
    #[must_use]
    pub fn parse(input: &str) -> Self {
        let mut query = Query::default();
        for (span, raw, quoted) in tokens(input, &mut query.errors) {
            match term(raw, quoted, span.clone()) {
                Ok(Some(term)) => query.terms.push(term),
                Ok(None) => {}
                Err(message) => query.errors.push(QueryError { span, message }),
            }
        }
        query
    }

    /// True when a term depends on what the reader marked (read, starred) or selected (the
    /// story of `story:` alone), which changes as they read: such results cannot be kept for
    /// later queries.
    #[must_use]
    pub fn uses_marks(&self) -> bool {
        self.terms.iter().any(|t| matches!(t.test, Test::Unread | Test::Starred | Test::Story(None)))
    }

    /// True when a term needs the stories (`story:`): the results change once they are found.
    #[must_use]
    pub fn uses_stories(&self) -> bool {
        self.terms.iter().any(|t| matches!(t.test, Test::Story(_)))
    }

    /// True when no term applies: every article is listed, in its usual order.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when entities found later may make more articles match: a term that looks for
    /// entity names (free text, `'exact`, `"a phrase"`, `entity:`, `kind:`) and is not
    /// negated. A negated one can only make fewer match.
    #[must_use]
    pub fn may_match_more_with_names(&self) -> bool {
        self.terms.iter().any(|term| {
            !term.negated
                && matches!(
                    term.test,
                    Test::Fuzzy(_) | Test::Word(_) | Test::Exact(_) | Test::Phrase(_) | Test::Entity(_) | Test::Kind(_)
                )
        })
    }

    /// True when every article that satisfies `self` also satisfies `earlier`: the query only
    /// grew more demanding (the user typed on), so only `earlier`'s matches need scoring.
    #[must_use]
    pub fn narrows(&self, earlier: &Query) -> bool {
        earlier.terms.len() <= self.terms.len()
            && earlier.terms.iter().zip(&self.terms).all(|(old, new)| {
                old.negated == new.negated
                    && if old.negated { old.test == new.test } else { new.test.narrows(&old.test) }
            })
    }
}

impl Test {
    /// True when whatever satisfies `self` also satisfies `earlier` (`rare` after `ra`).
    #[must_use]
    pub fn narrows(&self, earlier: &Test) -> bool {
        match (earlier, self) {
            // A search word also finds its inflections and typos: typed longer, it may find
            // what its shorter form did not. Only short fuzzy terms narrow.
            (Test::Fuzzy(a), Test::Fuzzy(b)) => a == b || (!is_word(a) && !is_word(b) && is_subsequence(a, b)),
            (Test::Exact(a), Test::Exact(b))
            | (Test::Phrase(a), Test::Phrase(b))
            | (Test::Body(a), Test::Body(b))
            | (Test::Source(a), Test::Source(b))
            | (Test::Entity(a), Test::Entity(b)) => b.contains(a.as_str()),
            (Test::Prefix(a), Test::Prefix(b)) => b.starts_with(a.as_str()),
            (Test::Suffix(a), Test::Suffix(b)) => b.ends_with(a.as_str()),
            (a, b) => a == b,
        }
    }
}

/// True when a fuzzy term is a search word: three letters or digits or more, nothing else. A
/// word matches whole words (and their inflections and typos) in titles, entity names and
/// bodies; a shorter term matches titles, sources and names fuzzily.
#[must_use]
pub fn is_word(term: &str) -> bool {
    term.chars().count() >= 3 && term.chars().all(char::is_alphanumeric)
}

/// True when the characters of `small` appear in `large` in order.
fn is_subsequence(small: &str, large: &str) -> bool {
    let mut large = large.chars();
    small.chars().all(|c| large.any(|l| l == c))
}

/// Splits the query into terms: runs of non-space characters, where a double-quoted part
/// (`"a phrase"`, `body:"two words"`) may hold spaces. Yields each term's span, its text and
/// whether it held a quote.
fn tokens<'a>(input: &'a str, errors: &mut Vec<QueryError>) -> Vec<(Range<usize>, &'a str, bool)> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut end = start;
        let mut in_quote = false;
        let mut quoted = false;
        let mut quote_at = start;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() && !in_quote {
                break;
            }
            if c == '"' {
                if !in_quote {
                    quote_at = i;
                }
                in_quote = !in_quote;
                quoted = true;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        if in_quote {
            errors.push(QueryError {
                span: quote_at..end,
                message: "this quote is not closed: the phrase runs to the end of the query".into(),
            });
        }
        out.push((start..end, &input[start..end], quoted));
    }
    out
}

/// Parses one token. `Ok(None)` is a token that says nothing (a lone `'`).
fn term(raw: &str, quoted: bool, span: Range<usize>) -> Result<Option<Term>, String> {
    let (negated, body) = match raw.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    if body.is_empty() {
        // The token was a lone `!`.
        return Err("`!` needs a word after it: `!word` leaves out articles that have it".into());
    }
    let test = test(body, quoted)?;
    Ok(test.map(|test| Term { test, negated, span }))
}

fn unquote(text: &str) -> String {
    text.replace('"', "").to_lowercase()
}

fn test(body: &str, quoted: bool) -> Result<Option<Test>, String> {
    if let Some((field, value)) = body.split_once(':').filter(|(f, _)| is_field_name(f)) {
        return field_test(field, value).map(Some);
    }
    for (word, test) in [("undated", Test::Undated), ("unread", Test::Unread), ("starred", Test::Starred)] {
        if body.eq_ignore_ascii_case(word) {
            return Ok(Some(test));
        }
    }
    if quoted {
        let phrase = unquote(body);
        return Ok((!phrase.trim().is_empty()).then(|| Test::Phrase(phrase.trim().to_owned())));
    }
    let lower = body.to_lowercase();
    if let Some(rest) = lower.strip_prefix('\'') {
        return Ok((!rest.is_empty()).then(|| Test::Exact(rest.to_owned())));
    }
    if let Some(rest) = lower.strip_prefix('=').filter(|r| !r.is_empty()) {
        return if rest.chars().all(char::is_alphanumeric) {
            Ok(Some(Test::Word(rest.to_owned())))
        } else {
            Err(format!("`={rest}`: `=` takes one word of letters or digits (`=talk`)"))
        };
    }
    if let Some(rest) = lower.strip_prefix('^') {
        return Ok((!rest.is_empty()).then(|| Test::Prefix(rest.to_owned())));
    }
    if lower.len() > 1
        && let Some(rest) = lower.strip_suffix('$')
    {
        return Ok(Some(Test::Suffix(rest.to_owned())));
    }
    Ok(Some(Test::Fuzzy(lower)))
}

/// A field's name: letters only, so that `10:30` or `U.S.:` stay plain words.
fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic())
}

fn field_test(field: &str, value: &str) -> Result<Test, String> {
    let field = field.to_ascii_lowercase();
    let text = unquote(value);
    let text = text.trim();
    if text.is_empty() && field == "story" {
        return Ok(Test::Story(None));
    }
    if text.is_empty() && FIELDS.contains(&field.as_str()) {
        return Err(format!("`{field}:` needs a value, e.g. {}", example(&field)));
    }
    match field.as_str() {
        "source" => Ok(Test::Source(text.to_owned())),
        "entity" => Ok(Test::Entity(text.to_owned())),
        "body" => Ok(Test::Body(text.to_owned())),
        "story" if text.chars().all(|c| c.is_ascii_hexdigit()) => Ok(Test::Story(Some(text.to_owned()))),
        "story" => Err(format!(
            "`story:{text}` is not a story's id: ids are hexadecimal (`newsdesk stories` lists them); `story:` alone is the selected article's story"
        )),
        "kind" => text.parse::<Kind>().map(Test::Kind),
        "date" => date_range(text).map(Test::Dates),
        "after" => {
            let (first, _) = period(text)?;
            Ok(Test::Dates(DateRange { first: Some(first), last: None }))
        }
        "before" => {
            let (_, last) = period(text)?;
            Ok(Test::Dates(DateRange { first: None, last: Some(last) }))
        }
        _ => {
            let close = crate::diagnostic::closest(&field, FIELDS.iter().copied());
            let hint = close.map(|c| format!(" (did you mean `{c}:`?)")).unwrap_or_default();
            Err(format!("unknown field `{field}:`{hint}; fields are {}", FIELDS.map(|f| format!("{f}:")).join(" ")))
        }
    }
}

fn example(field: &str) -> &'static str {
    match field {
        "source" => "source:reuters",
        "entity" => "entity:hassett",
        "body" => "body:\"rare earths\"",
        "kind" => "kind:person",
        "date" => "date:2025-06 or date:2025-06-01..2025-06-30",
        "after" => "after:2025-06-01",
        _ => "before:2025-07",
    }
}

/// `date:` takes a period (`2025`, `2025-06`, `2025-06-08`) or a range of two (`a..b`, either
/// end may be left out).
fn date_range(text: &str) -> Result<DateRange, String> {
    if let Some((a, b)) = text.split_once("..") {
        let first = if a.is_empty() { None } else { Some(period(a)?.0) };
        let last = if b.is_empty() { None } else { Some(period(b)?.1) };
        if let (Some(f), Some(l)) = (first, last)
            && f > l
        {
            return Err(format!("the range {text} ends before it starts"));
        }
        return Ok(DateRange { first, last });
    }
    let (first, last) = period(text)?;
    Ok(DateRange { first: Some(first), last: Some(last) })
}

/// The first and last day of a year, a month or a day, written `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`.
fn period(text: &str) -> Result<(Date, Date), String> {
    let bad = || format!("`{text}` is not a date: write 2025, 2025-06 or 2025-06-08");
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, digits: usize| {
        (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<i16>().ok()).flatten()
    };
    let year = parts.first().and_then(|y| number(y, 4)).ok_or_else(bad)?;
    let month = |m: &str| number(m, 2).and_then(|m| i8::try_from(m).ok()).ok_or_else(bad);
    let date = |y, m, d| Date::new(y, m, d).map_err(|_| bad());
    match parts.as_slice() {
        [_] => Ok((date(year, 1, 1)?, date(year, 12, 31)?)),
        [_, m] => {
            let first = date(year, month(m)?, 1)?;
            Ok((first, first.last_of_month()))
        }
        [_, m, d] => {
            let day = date(year, month(m)?, month(d)?)?;
            Ok((day, day))
        }
        _ => Err(bad()),
    }
}

/// The query with every plain search word made exact (`talk` becomes `=talk`): the search
/// prompt's exact mode. Fields, quotes and marked terms are left as typed.
#[must_use]
pub fn exact_words(text: &str) -> String {
    text.split(' ')
        .map(|token| {
            let (bang, word) = token.strip_prefix('!').map_or(("", token), |w| ("!", w));
            if is_word(&word.to_lowercase()) { format!("{bang}={word}") } else { token.to_owned() }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_word_is_written_with_an_equals_sign() {
        assert_eq!(tests("=Talk"), vec![(Test::Word("talk".into()), false)]);
        assert_eq!(Query::parse("=rare-earth").errors.len(), 1);
        assert_eq!(exact_words("talk !coin source:x 'a \"b c\" ^us"), "=talk !=coin source:x 'a \"b c\" ^us");
    }
    use jiff::civil::date;

    fn tests(q: &str) -> Vec<(Test, bool)> {
        let parsed = Query::parse(q);
        assert!(parsed.errors.is_empty(), "{q}: {:?}", parsed.errors);
        parsed.terms.into_iter().map(|t| (t.test, t.negated)).collect()
    }

    fn error(q: &str) -> (String, String) {
        let parsed = Query::parse(q);
        let e = parsed.errors.first().unwrap_or_else(|| panic!("{q} has an error"));
        (q[e.span.clone()].to_owned(), e.message.clone())
    }

    #[test]
    fn only_terms_that_look_for_names_may_match_more_once_names_are_found() {
        for q in ["trade", "'talks", "\"rare earths\"", "entity:hassett", "kind:person", "source:cnbc trade"] {
            assert!(Query::parse(q).may_match_more_with_names(), "{q}");
        }
        for q in ["source:cnbc", "unread", "after:2025-01-01", "!entity:hassett", "!trade", "body:tariffs", "^us"] {
            assert!(!Query::parse(q).may_match_more_with_names(), "{q}");
        }
    }

    #[test]
    fn plain_words_are_fuzzy_terms_lower_cased() {
        assert_eq!(
            tests("Rare  Earth"),
            vec![(Test::Fuzzy("rare".into()), false), (Test::Fuzzy("earth".into()), false)]
        );
    }

    #[test]
    fn fzf_operators() {
        assert_eq!(tests("'talks"), vec![(Test::Exact("talks".into()), false)]);
        assert_eq!(tests("!coin"), vec![(Test::Fuzzy("coin".into()), true)]);
        assert_eq!(tests("!'coin"), vec![(Test::Exact("coin".into()), true)]);
        assert_eq!(tests("^US"), vec![(Test::Prefix("us".into()), false)]);
        assert_eq!(tests("chips$"), vec![(Test::Suffix("chips".into()), false)]);
        assert_eq!(
            tests("\"rare earth\" london"),
            vec![(Test::Phrase("rare earth".into()), false), (Test::Fuzzy("london".into()), false)]
        );
    }

    #[test]
    fn fields() {
        assert_eq!(tests("source:DW"), vec![(Test::Source("dw".into()), false)]);
        assert_eq!(tests("entity:hassett"), vec![(Test::Entity("hassett".into()), false)]);
        assert_eq!(tests("kind:person"), vec![(Test::Kind(Kind::Person), false)]);
        assert_eq!(tests("body:\"rare earths\""), vec![(Test::Body("rare earths".into()), false)]);
        assert_eq!(tests("undated"), vec![(Test::Undated, false)]);
        assert_eq!(tests("!undated"), vec![(Test::Undated, true)]);
        assert_eq!(tests("unread starred"), vec![(Test::Unread, false), (Test::Starred, false)]);
        assert!(Query::parse("!unread").uses_marks() && !Query::parse("undated").uses_marks());
    }

    #[test]
    fn dates_are_periods_and_ranges() {
        let range = |first, last| Test::Dates(DateRange { first, last });
        assert_eq!(tests("date:2025-06"), vec![(range(Some(date(2025, 6, 1)), Some(date(2025, 6, 30))), false)]);
        assert_eq!(tests("date:2024"), vec![(range(Some(date(2024, 1, 1)), Some(date(2024, 12, 31))), false)]);
        assert_eq!(
            tests("date:2025-06-01..2025-06-30"),
            vec![(range(Some(date(2025, 6, 1)), Some(date(2025, 6, 30))), false)]
        );
        assert_eq!(tests("date:2025-06.."), vec![(range(Some(date(2025, 6, 1)), None), false)]);
        assert_eq!(tests("after:2025-06-01"), vec![(range(Some(date(2025, 6, 1)), None), false)]);
        assert_eq!(tests("before:2025-06"), vec![(range(None, Some(date(2025, 6, 30))), false)]);
        assert!(DateRange { first: Some(date(2025, 6, 1)), last: None }.contains(date(2025, 6, 1)));
        assert!(!DateRange { first: None, last: Some(date(2025, 6, 30)) }.contains(date(2025, 7, 1)));
    }

    #[test]
    fn a_bad_part_is_reported_and_the_rest_still_applies() {
        let q = Query::parse("rare sorce:dw london");
        assert_eq!(q.terms.len(), 2);
        assert_eq!(&"rare sorce:dw london"[q.errors[0].span.clone()], "sorce:dw");
        assert!(q.errors[0].message.contains("did you mean `source:`"), "{}", q.errors[0].message);

        assert_eq!(error("date:2025-13").1, "`2025-13` is not a date: write 2025, 2025-06 or 2025-06-08");
        assert_eq!(error("date:2025-02-30").0, "date:2025-02-30");
        assert!(error("date:2025-07..2025-06").1.contains("ends before it starts"));
        assert!(error("kind:persn").1.contains("kinds are person"));
        assert!(error("talks !").1.contains("`!` needs a word"));
        assert!(error("source:").1.contains("needs a value"));
    }

    #[test]
    fn an_open_quote_is_marked_and_still_searches_the_phrase() {
        let q = Query::parse("\"rare earth");
        assert_eq!(q.terms[0].test, Test::Phrase("rare earth".into()));
        assert!(q.errors[0].message.contains("not closed"));
    }

    #[test]
    fn words_with_colons_that_are_not_fields_stay_words() {
        assert_eq!(tests("10:30"), vec![(Test::Fuzzy("10:30".into()), false)]);
        assert_eq!(tests("$"), vec![(Test::Fuzzy("$".into()), false)]);
        assert_eq!(tests("'"), vec![]);
    }

    #[test]
    fn typing_on_narrows_and_deleting_or_negating_does_not() {
        let narrows = |new: &str, old: &str| Query::parse(new).narrows(&Query::parse(old));
        assert!(narrows("ra", "r"));
        assert!(!narrows("rar", "ra"), "a word finds its inflections and typos: not only what `ra` found");
        assert!(!narrows("covid-", "covid"), "a fuzzy term finds what the word did not");
        assert!(narrows("rare e", "rare"));
        assert!(narrows("'talks", "'talk"));
        assert!(narrows("source:reuters", "source:reu"));
        assert!(!narrows("ra", "rar"));
        assert!(!narrows("!coins", "!coin"));
        assert!(!narrows("'talk", "talk"));
        assert!(narrows("anything", ""));
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics_and_spans_are_in_the_query(input in "[a-z:!'\"^$.0-9 \\-]{0,40}|\\PC{0,40}") {
            let q = Query::parse(&input);
            for span in q.terms.iter().map(|t| &t.span).chain(q.errors.iter().map(|e| &e.span)) {
                proptest::prop_assert!(input.get(span.clone()).is_some(), "{span:?} in {input:?}");
            }
            // A query always narrows itself: re-parsing is stable.
            proptest::prop_assert!(Query::parse(&input).narrows(&q));
        }
    }
}
