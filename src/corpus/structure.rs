//! Turns an article's text into clean blocks: paragraphs and headings recovered from plain
//! text, sentences cut by stray line breaks joined again, web boilerplate removed, and the
//! title, date, byline and source inferred from the top of the text.
//!
//! What counts as boilerplate, as a generic section heading or as a byline is data
//! ([`Rules`], built from the `[boilerplate]` and `[inference]` sections of the config), not
//! code written per site.

use std::borrow::Cow;

use jiff::civil::Date;
use regex::{Regex, RegexSet};

use super::BlockKind;
use super::dates::find_date;

/// Longest title kept; longer ones are cut at a word boundary with an ellipsis.
const MAX_TITLE_CHARS: usize = 150;
/// A heading or headline has at most this many words.
const MAX_HEADING_WORDS: usize = 14;
/// A headline used as title has at most this many words.
const MAX_HEADLINE_WORDS: usize = 25;
/// A dateline or byline near the top has at most this many words.
const MAX_META_WORDS: usize = 12;
/// A line of a trailing link list has at most this many words.
const MAX_LINK_WORDS: usize = 15;
/// How many blocks after the title are searched for a dateline or a byline.
const META_SEARCH_BLOCKS: usize = 4;

/// The data-driven rules for cleaning and inference, compiled once.
#[derive(Debug, Clone)]
pub struct Rules {
    tail_markers: RegexSet,
    removed_lines: RegexSet,
    inline: Option<Regex>,
    generic_headings: RegexSet,
    bylines: Vec<Regex>,
    /// A hash of the lists as written: what a cache of cleaned articles is valid for.
    fingerprint: u64,
}

/// A rule that is not a valid regular expression.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{list}[{index}] = {pattern:?} is not a valid pattern: {reason}")]
pub struct RulesError {
    /// The config key of the list.
    pub list: &'static str,
    /// Position of the rule in its list.
    pub index: usize,
    /// The rule as written.
    pub pattern: String,
    /// What the regex compiler said.
    pub reason: String,
}

/// The rule lists, as written in the config.
#[derive(Debug, Clone, Copy, Hash)]
pub struct RuleLists<'a> {
    /// Lines that start the trailing web furniture (comment prompts, related links).
    pub tail_markers: &'a [&'a str],
    /// Lines removed wherever they stand ("Advertisement").
    pub line_rules: &'a [&'a str],
    /// Fragments removed inside paragraphs (citation markers like `[1]`).
    pub inline: &'a [&'a str],
    /// Section headings too generic to be a title ("What's Happening?").
    pub generic_headings: &'a [&'a str],
    /// Byline and credit lines near the top, with optional groups `source` and `author`.
    pub bylines: &'a [&'a str],
}

impl Rules {
    /// Compiles the rule lists. Line rules match a whole line, ignoring case.
    pub fn new(lists: RuleLists<'_>) -> Result<Self, RulesError> {
        Ok(Self {
            tail_markers: whole_line_set("boilerplate.tail_markers", lists.tail_markers)?,
            removed_lines: whole_line_set("boilerplate.line_rules", lists.line_rules)?,
            inline: alternation("boilerplate.inline", lists.inline)?,
            generic_headings: whole_line_set("inference.generic_headings", lists.generic_headings)?,
            bylines: lists
                .bylines
                .iter()
                .enumerate()
                .map(|(index, p)| compile("inference.bylines", index, &format!("^(?:{p})$")))
                .collect::<Result<_, _>>()?,
            fingerprint: {
                let mut hasher = xxhash_rust::xxh3::Xxh3::new();
                std::hash::Hash::hash(&lists, &mut hasher);
                std::hash::Hasher::finish(&hasher)
            },
        })
    }

    /// A hash of the rule lists these were compiled from: two rule sets with the same lists
    /// clean a text alike.
    #[must_use]
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

fn compile(list: &'static str, index: usize, pattern: &str) -> Result<Regex, RulesError> {
    Regex::new(pattern).map_err(|e| RulesError { list, index, pattern: pattern.to_owned(), reason: e.to_string() })
}

fn whole_line_set(list: &'static str, patterns: &[&str]) -> Result<RegexSet, RulesError> {
    let anchored: Vec<String> = patterns.iter().map(|p| format!("(?i)^(?:{p})$")).collect();
    for (index, p) in anchored.iter().enumerate() {
        compile(list, index, p).map_err(|mut e| {
            patterns[index].clone_into(&mut e.pattern);
            e
        })?;
    }
    RegexSet::new(&anchored).map_err(|e| RulesError { list, index: 0, pattern: String::new(), reason: e.to_string() })
}

fn alternation(list: &'static str, patterns: &[&str]) -> Result<Option<Regex>, RulesError> {
    for (index, p) in patterns.iter().enumerate() {
        compile(list, index, p)?;
    }
    if patterns.is_empty() {
        return Ok(None);
    }
    let joined = patterns.iter().map(|p| format!("(?:{p})")).collect::<Vec<_>>().join("|");
    compile(list, 0, &joined).map(Some)
}

/// One block of text while an article is being cleaned; borrows from the source text
/// until an edit needs its own copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece<'a> {
    pub kind: BlockKind,
    pub text: Cow<'a, str>,
}

impl<'a> Piece<'a> {
    pub fn new(kind: BlockKind, text: impl Into<Cow<'a, str>>) -> Self {
        Self { kind, text: text.into() }
    }
}

/// What inference found at the top of an article.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Inferred {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub authors: Vec<String>,
}

/// Splits plain text into blocks: one block per line, or per paragraph when the text is
/// hard-wrapped; list items; headings (short unpunctuated lines followed by more text); and
/// sentences cut by a stray line break joined again. `text` is already sanitised.
pub(crate) fn plain_text_blocks(text: &str) -> Vec<Piece<'_>> {
    let wrapped = is_hard_wrapped(text);
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    let mut current: Option<Piece<'_>> = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            pieces.extend(current.take());
            continue;
        }
        let item = list_item(line);
        let kind = if item.is_some() { BlockKind::ListItem } else { BlockKind::Paragraph };
        let text = item.unwrap_or(Cow::Borrowed(line));
        match current.as_mut() {
            Some(open)
                if kind == BlockKind::Paragraph
                    && (wrapped || (!pieces.is_empty() && continues(&open.text, &text))) =>
            {
                join_onto(&mut open.text, &text);
            }
            _ => {
                pieces.extend(current.take());
                current = Some(Piece::new(kind, text));
            }
        }
    }
    pieces.extend(current);
    join_broken_sentences(&mut pieces);
    mark_headings(&mut pieces);
    pieces
}

/// True when `next` goes on the sentence `open` left unfinished: `open` is a long line ending
/// in a letter, a digit or a comma and `next` starts in lower case (a hard-wrapped paragraph of
/// one group, which [`is_hard_wrapped`] cannot tell by its widths). Never onto the first block,
/// which may be the title.
fn continues(open: &str, next: &str) -> bool {
    // A line of a wrapped paragraph is long: a short one is a heading, an item, a tweet.
    open.len() >= 40
        && open.ends_with(|c: char| c.is_alphanumeric() || c == ',')
        && next.starts_with(|c: char| c.is_lowercase())
}

/// A text is hard-wrapped when its paragraphs (runs of lines between blank lines) span
/// several lines of similar, moderate width.
fn is_hard_wrapped(text: &str) -> bool {
    let (mut multi_line_groups, mut wrapped_width, mut wrapped_lines, mut longest) = (0, 0, 0, 0);
    let mut previous: Option<usize> = None;
    let mut lines_in_group = 0;
    for line in text.lines().map(str::trim) {
        longest = longest.max(line.len());
        if line.is_empty() {
            (previous, lines_in_group) = (None, 0);
            continue;
        }
        if let Some(width) = previous {
            // The line before this one was wrapped: it is not its paragraph's last.
            wrapped_width += width;
            wrapped_lines += 1;
        }
        lines_in_group += 1;
        if lines_in_group == 2 {
            multi_line_groups += 1;
        }
        previous = Some(line.len());
    }
    let mean = wrapped_width / wrapped_lines.max(1);
    multi_line_groups >= 2 && longest <= 110 && (45..=100).contains(&mean)
}

/// A list item's text with its marker normalised ("• " for bullets, "3. " for numbers).
fn list_item(line: &str) -> Option<Cow<'_, str>> {
    for bullet in ["- ", "* ", "• ", "· ", "– "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(Cow::Owned(format!("• {}", rest.trim_start())));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    if (1..=2).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")) {
        return Some(Cow::Borrowed(line));
    }
    None
}

fn join_onto(open: &mut Cow<'_, str>, next: &str) {
    let text = open.to_mut();
    if !(text.ends_with('-') && text[..text.len() - 1].ends_with(char::is_alphabetic)) {
        text.push(' ');
    }
    text.push_str(next);
}

/// Joins a paragraph that stops mid-sentence to the next one when that starts in lower case
/// ("which have not" / "previously agreed levels").
fn join_broken_sentences(pieces: &mut Vec<Piece<'_>>) {
    let mut i = 0;
    while i + 1 < pieces.len() {
        let (this, next) = (&pieces[i], &pieces[i + 1]);
        let stops_mid_sentence =
            this.kind == BlockKind::Paragraph && !ends_with_terminal(&this.text) && !at_most_words(&this.text, 3);
        let continues = next.kind == BlockKind::Paragraph && next.text.starts_with(|c: char| c.is_lowercase());
        if stops_mid_sentence && continues {
            let next = pieces.remove(i + 1);
            join_onto(&mut pieces[i].text, &next.text);
        } else {
            i += 1;
        }
    }
}

fn ends_with_terminal(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '\'', ')', ']', '…'])
}

/// Marks short unpunctuated lines followed by more text as headings.
fn mark_headings(pieces: &mut [Piece<'_>]) {
    let last = pieces.len().saturating_sub(1);
    for piece in &mut pieces[..last] {
        if piece.kind == BlockKind::Paragraph && looks_like_heading(&piece.text) {
            piece.kind = BlockKind::Heading;
        }
    }
}

fn looks_like_heading(text: &str) -> bool {
    text.len() <= 300
        && at_most_words(text, MAX_HEADING_WORDS)
        && text.chars().count() <= 100
        && text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && !text.trim_end().ends_with(['.', ',', ';', ':', '"', '”', '’', '\'', ')'])
        && text.chars().any(char::is_alphabetic)
}

impl Rules {
    /// Removes inline fragments (citation markers, share bars, "click here to…" sentences)
    /// and lines that are boilerplate wherever they stand ("Advertisement", "READ MORE: …"),
    /// also one line of a paragraph. Returns how many were cut.
    pub(crate) fn remove_lines(&self, pieces: &mut Vec<Piece<'_>>) -> usize {
        let mut cut = 0;
        for piece in pieces.iter_mut() {
            if let Some(inline) = &self.inline {
                let found = inline.find_iter(&piece.text).count();
                if found > 0 {
                    cut += found;
                    piece.text = Cow::Owned(tidy_spaces(&inline.replace_all(&piece.text, "")));
                }
            }
            if piece.text.contains('\n') && piece.text.lines().any(|line| self.is_removed_line(line)) {
                let kept: Vec<&str> = piece.text.lines().filter(|line| !self.is_removed_line(line)).collect();
                cut += piece.text.lines().count() - kept.len();
                piece.text = Cow::Owned(kept.join("\n"));
            }
        }
        // A block emptied by the inline rules is counted already.
        pieces.retain(|p| !p.text.trim().is_empty());
        let before = pieces.len();
        pieces.retain(|p| !self.is_removed_line(&p.text));
        cut + before - pieces.len()
    }

    /// Cuts the trailing web furniture: the run of marker lines, link-like lines and
    /// questions at the end of an article, when it holds at least one tail marker. Returns how
    /// many blocks were cut.
    pub(crate) fn cut_tail(&self, pieces: &mut Vec<Piece<'_>>) -> usize {
        // Walk back over the trailing run of furniture; cut it whole if it holds a marker.
        let mut run_start = pieces.len();
        let mut has_marker = false;
        while run_start > 0 {
            let text = &pieces[run_start - 1].text;
            let is_marker = self.is_tail_marker(text);
            if !is_marker && !is_link_like(text) {
                break;
            }
            has_marker |= is_marker;
            run_start -= 1;
        }
        if !has_marker {
            return 0;
        }
        let cut = pieces.len() - run_start;
        pieces.truncate(run_start);
        cut
    }

    fn is_tail_marker(&self, text: &str) -> bool {
        text.len() <= 200 && self.tail_markers.is_match(text.trim())
    }

    fn is_removed_line(&self, text: &str) -> bool {
        text.len() <= 200 && self.removed_lines.is_match(text.trim())
    }

    fn is_generic_heading(&self, text: &str) -> bool {
        text.len() <= 200 && self.generic_headings.is_match(text.trim())
    }

    /// A byline: the `source` and `author` it names (either may be missing).
    fn byline(&self, text: &str) -> Option<(Option<String>, Option<String>)> {
        if !at_most_words(text, MAX_META_WORDS) {
            return None;
        }
        self.bylines.iter().find_map(|re| {
            let caps = re.captures(text.trim())?;
            let group = |name| caps.name(name).map(|m| m.as_str().trim().to_owned()).filter(|s| !s.is_empty());
            Some((group("source"), group("author")))
        })
    }

    /// Finds title, date, byline and source at the top of plain text and removes the lines
    /// they came from. `title_known` skips title inference (the metadata stated one).
    pub(crate) fn infer(&self, pieces: &mut Vec<Piece<'_>>, title_known: bool) -> Inferred {
        let mut found = Inferred::default();
        // Datelines and bylines before the title.
        while let Some(first) = pieces.first() {
            if !self.take_meta(&first.text, &mut found) {
                break;
            }
            pieces.remove(0);
        }
        if !title_known {
            found.title = self.take_title(pieces);
        }
        let mut i = 0;
        while i < pieces.len().min(META_SEARCH_BLOCKS) {
            if pieces[i].kind != BlockKind::Preformatted && self.take_meta(&pieces[i].text, &mut found) {
                pieces.remove(i);
            } else {
                i += 1;
            }
        }
        if found.date.is_none() {
            // A dateline opening the first paragraph: "WASHINGTON, June 8, 2025 — …".
            // Only upper case may stand before the date, as in a dateline.
            found.date = pieces.iter().take(2).find_map(|p| {
                let head = p.text.get(..60).unwrap_or(&p.text);
                let (date, range) = find_date(head)?;
                head[..range.start].chars().all(|c| !c.is_lowercase()).then_some(date)
            });
        }
        found
    }

    /// Records a dateline's date or a byline's source and author; true when `text` was one.
    fn take_meta(&self, text: &str, found: &mut Inferred) -> bool {
        if let Some((source, author)) = self.byline(text) {
            if found.source.is_none() {
                found.source = source;
            }
            found.authors.extend(author.into_iter().flat_map(|a| split_authors(&a)));
            return true;
        }
        let date = at_most_words(text, MAX_META_WORDS).then(|| find_date(text)).flatten();
        if let Some((date, _)) = date {
            found.date.get_or_insert(date);
        }
        date.is_some()
    }

    /// The title: the first line when it is a headline (a repeat of it right after is
    /// dropped); otherwise the first sentence of the first paragraph, which stays in the text.
    fn take_title(&self, pieces: &mut Vec<Piece<'_>>) -> Option<String> {
        let first = pieces.first()?;
        if pieces.get(1).is_some_and(|second| second.text == first.text) {
            pieces.remove(1);
        }
        let first = &pieces[0];
        let is_headline = matches!(first.kind, BlockKind::Heading | BlockKind::Paragraph)
            && at_most_words(&first.text, MAX_HEADLINE_WORDS)
            && !first.text.trim_end().ends_with(['.', ',', ';'])
            && !self.is_generic_heading(&first.text);
        if is_headline {
            let title = clip_title(&pieces.remove(0).text);
            return Some(title);
        }
        let paragraph = pieces.iter().find(|p| {
            p.kind == BlockKind::Paragraph || (p.kind == BlockKind::Heading && !self.is_generic_heading(&p.text))
        })?;
        Some(clip_title(first_sentence(&paragraph.text)))
    }
}

/// True when `text` has at most `n` words; quick on long paragraphs.
fn at_most_words(text: &str, n: usize) -> bool {
    text.len() <= n * 40 && text.split_whitespace().nth(n).is_none()
}

/// A line of a trailing link list: short, and a question or without final punctuation.
fn is_link_like(text: &str) -> bool {
    let text = text.trim_end();
    at_most_words(text, MAX_LINK_WORDS) && (text.ends_with('?') || !ends_with_terminal(text))
}

fn tidy_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let glue = word.starts_with(['.', ',', ';', ':', '!', '?']);
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn split_authors(authors: &str) -> Vec<String> {
    authors.split(" and ").flat_map(|a| a.split(", ")).map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()).collect()
}

/// Abbreviations after which a full stop does not end a sentence (nor part a name).
pub const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "st", "jr", "sr", "inc", "ltd", "co",
    "corp", "vs", "etc", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mt", "ft", "approx", "dept", "est", "capt", "sgt", "rev", "maj", "adm",
];

/// The first sentence of a paragraph, without its final full stop.
pub(crate) fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, b'.' | b'!' | b'?') {
            continue;
        }
        let rest = &text[i + 1..];
        let next_starts_sentence = rest.is_empty()
            || (rest.starts_with(' ')
                && rest.trim_start().starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“'));
        if !next_starts_sentence {
            continue;
        }
        if b == b'.' {
            let word = text[..i].rsplit([' ', '(']).next().unwrap_or("");
            let is_abbreviation = word.contains('.')
                || (word.len() == 1 && word.chars().all(char::is_uppercase))
                || ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str());
            if is_abbreviation {
                continue;
            }
            return &text[..i];
        }
        return &text[..=i];
    }
    text.trim_end_matches('.')
}

/// A title on one line, at most [`MAX_TITLE_CHARS`] characters, cut at a word boundary.
pub(crate) fn clip_title(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= MAX_TITLE_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX_TITLE_CHARS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn rules() -> Rules {
        Config::default().rules().expect("the default rules compile")
    }

    fn texts(pieces: &[Piece<'_>]) -> Vec<String> {
        pieces.iter().map(|p| p.text.to_string()).collect()
    }

    #[test]
    fn each_line_is_a_block_when_text_is_not_wrapped() {
        let pieces = plain_text_blocks("Title here\nFirst paragraph is long enough.\n\n\nSecond one.\n");
        assert_eq!(texts(&pieces), ["Title here", "First paragraph is long enough.", "Second one."]);
        assert_eq!(pieces[0].kind, BlockKind::Heading);
        assert_eq!(pieces[1].kind, BlockKind::Paragraph);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let line = "word ".repeat(14);
        let text = format!("{line}\n{line}\nend.\n\n{line}\n{line}\nend.\n");
        let pieces = plain_text_blocks(&text);
        assert_eq!(pieces.len(), 2);
        assert!(pieces[0].text.ends_with("word end."));
    }

    #[test]
    fn a_single_hard_wrapped_paragraph_is_reflowed() {
        let pieces = plain_text_blocks(
            "The ministers met in Geneva on Sunday and agreed,\nafter two days of talks, to lower tariffs\nfor ninety days.\n\nA Heading\nNew paragraph.\n",
        );
        assert_eq!(
            texts(&pieces),
            [
                "The ministers met in Geneva on Sunday and agreed, after two days of talks, to lower tariffs for ninety days.",
                "A Heading",
                "New paragraph."
            ]
        );
    }

    #[test]
    fn a_sentence_cut_by_a_blank_line_is_joined() {
        let pieces = plain_text_blocks("The exports, which have not\n\npreviously agreed levels. Next.\n");
        assert_eq!(texts(&pieces), ["The exports, which have not previously agreed levels. Next."]);
    }

    #[test]
    fn list_items_keep_a_marker() {
        let pieces = plain_text_blocks("Intro line of text.\n- first\n* second\n2) third\n");
        assert_eq!(texts(&pieces)[1..], ["• first", "• second", "2) third"]);
        assert!(pieces[1..].iter().all(|p| p.kind == BlockKind::ListItem));
    }

    #[test]
    fn trailing_furniture_is_cut_and_text_before_it_kept() {
        let rules = rules();
        let mut pieces = plain_text_blocks(
            "Body sentence one.\n\nLast real paragraph ends here.\n\nAime Insights\n\nWhat are the risks?\n\nComments\n\nAdd a public comment...\nNo comments\n\nNo comments yet",
        );
        rules.remove_lines(&mut pieces);
        rules.cut_tail(&mut pieces);
        assert_eq!(texts(&pieces), ["Body sentence one.", "Last real paragraph ends here."]);
    }

    #[test]
    fn a_question_ending_an_article_stays_without_a_marker_after_it() {
        let rules = rules();
        let mut pieces = plain_text_blocks("Body sentence one.\n\nWill the talks succeed?\n");
        rules.remove_lines(&mut pieces);
        rules.cut_tail(&mut pieces);
        assert_eq!(pieces.len(), 2);
    }

    #[test]
    fn citation_markers_and_ad_lines_are_removed() {
        let rules = rules();
        let mut pieces = plain_text_blocks("Free trade[1]. More[23] text.\nAdvertisement\nLast.\n");
        rules.remove_lines(&mut pieces);
        rules.cut_tail(&mut pieces);
        assert_eq!(texts(&pieces), ["Free trade. More text.", "Last."]);
    }

    /// Each case from a real export: the paragraph as written, and what is left.
    #[test]
    fn boilerplate_inside_paragraphs_is_cut_and_counted() {
        let rules = rules();
        let cases = [
            (
                "Share Facebook Twitter Google+ Whatsapp Tumblr Newsvine Permalink The minister resigned on Friday.",
                "The minister resigned on Friday.",
            ),
            (
                "Police said. Send Facebook Twitter Google+ Whatsapp Tumblr linkedin stumble Digg reddit Newsvine Permalink http://dw.com/p/2Wx5C The man fled.",
                "Police said. The man fled.",
            ),
            (
                "Talks ended late. Click here to subscribe for updates. Both sides met again.",
                "Talks ended late. Both sides met again.",
            ),
            ("Prices fell. Follow us on Twitter for more. Markets closed.", "Prices fell. Markets closed."),
            ("The vote passed (Photo: Getty Images) after a long debate.", "The vote passed after a long debate."),
            ("Share this slide: The crowd gathered at noon.", "The crowd gathered at noon."),
            ("Sign up for our daily newsletter. The summit opened in Geneva.", "The summit opened in Geneva."),
        ];
        for (written, left) in cases {
            let mut pieces = plain_text_blocks(written);
            assert!(rules.remove_lines(&mut pieces) > 0, "{written}");
            assert_eq!(texts(&pieces), [left], "{written}");
        }
        // Lines of their own.
        let mut pieces = plain_text_blocks(
            "The talks went on into the night.\n\nREAD MORE: Trade war fears grow\n\nRelated: Five things to know\n\nShare this article\n\nEnd.\n",
        );
        assert_eq!(rules.remove_lines(&mut pieces), 3);
        assert_eq!(texts(&pieces), ["The talks went on into the night.", "End."]);
        // Words that only look like furniture stay.
        for prose in [
            "Facebook and Twitter shares fell; investors read more into the figures.",
            "The group grew its market share, print and digital, in March.",
            "Users share on Facebook more than on any other site.",
            "We wanted to share this with the public, the minister said.",
        ] {
            let mut pieces = plain_text_blocks(prose);
            assert_eq!(rules.remove_lines(&mut pieces), 0, "{prose}");
        }
    }

    #[test]
    fn title_is_the_first_line_once_when_repeated() {
        let rules = rules();
        let mut pieces = plain_text_blocks("Big Headline\n\nBig Headline\n\nThe body starts here.\n");
        let found = rules.infer(&mut pieces, false);
        assert_eq!(found.title.as_deref(), Some("Big Headline"));
        assert_eq!(texts(&pieces), ["The body starts here."]);
    }

    #[test]
    fn a_standfirst_gives_its_sentence_as_title_and_stays_in_the_text() {
        let rules = rules();
        let mut pieces =
            plain_text_blocks("Talks continue in London, aiming to end the row.\nThe U.S. and China met.\n");
        let found = rules.infer(&mut pieces, false);
        assert_eq!(found.title.as_deref(), Some("Talks continue in London, aiming to end the row"));
        assert_eq!(pieces.len(), 2);
    }

    #[test]
    fn a_generic_first_heading_is_not_the_title() {
        let rules = rules();
        let mut pieces = plain_text_blocks(
            "What's Happening?\nThe U.S. and China met in Malaysia. Talks went on.\nWhy It's Important?\nBecause.\n",
        );
        let found = rules.infer(&mut pieces, false);
        assert_eq!(found.title.as_deref(), Some("The U.S. and China met in Malaysia"));
        assert_eq!(pieces[0].text, "What's Happening?");
    }

    #[test]
    fn byline_and_dateline_after_the_title_are_metadata() {
        let rules = rules();
        let mut pieces = plain_text_blocks(
            "U.S. China Talks\n\nGenerated by AI AgentCoin World\nSunday, Jun 8, 2025 2:41 pm ET1min read\n\nBody text here.\n",
        );
        let found = rules.infer(&mut pieces, false);
        assert_eq!(found.title.as_deref(), Some("U.S. China Talks"));
        assert_eq!(found.date, Some(jiff::civil::date(2025, 6, 8)));
        assert_eq!(found.source.as_deref(), Some("Coin World"));
        assert_eq!(texts(&pieces), ["Body text here."]);
    }

    #[test]
    fn by_lines_give_authors_and_source() {
        let rules = rules();
        let mut pieces = plain_text_blocks("Headline\nBy Jane Doe and John Roe | Reuters\nBody text here.\n");
        let found = rules.infer(&mut pieces, false);
        assert_eq!(found.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(found.source.as_deref(), Some("Reuters"));
    }

    #[test]
    fn a_date_deep_in_the_body_is_not_the_publication_date() {
        let rules = rules();
        let mut pieces = plain_text_blocks(
            "Headline\nOfficials said that in a call held on June 5, 2025, leaders agreed to talk.\n",
        );
        assert_eq!(rules.infer(&mut pieces, false).date, None);
        let mut pieces = plain_text_blocks("Headline\nLONDON, June 9, 2025 — Talks opened.\n");
        assert_eq!(rules.infer(&mut pieces, false).date, Some(jiff::civil::date(2025, 6, 9)));
    }

    #[test]
    fn sentences_do_not_end_at_abbreviations() {
        assert_eq!(first_sentence("The U.S. Treasury met Mr. Smith. Then more."), "The U.S. Treasury met Mr. Smith");
        assert_eq!(first_sentence("Is it over? Yes."), "Is it over?");
        assert_eq!(first_sentence("No end"), "No end");
    }

    #[test]
    fn long_titles_are_clipped_at_a_word() {
        let title = clip_title(&"word ".repeat(60));
        assert!(title.ends_with("word…"));
        assert!(title.chars().count() <= MAX_TITLE_CHARS + 1);
    }
}
